// One AMI: its summary, who it is shared with (at a glance: "Public" and the account badges),
// "Edit AMI permissions" (availability, shared accounts, create-volume permission on the root
// snapshot) and "Deregister AMI".
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { imageQuery, launchPermissionQuery, useDeregisterImageMutation, useModifyImagePermissionsMutation } from '../../api/queries/ec2.ts';
import { SuccessFlash } from '../../components/created-flash.tsx';
import { EntityDetailPage } from '../../components/entity-detail.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { detailLoadError, useSharedResourcePage } from './ec2-shared.tsx';
import { SharingPanel } from './permissions-editor.tsx';

export function AmiDetailPage() {
  const { imageId = '' } = useParams();
  const navigate = useNavigate();
  const image = useQuery(imageQuery(imageId));
  const ami = image.data;
  const { isOwner, permission, editing, setEditing, deleting, setDeleting, flash, setFlash, sharing } = useSharedResourcePage(ami?.imageOwnerId, launchPermissionQuery(imageId));
  const modify = useModifyImagePermissionsMutation();
  const deregister = useDeregisterImageMutation();
  const snapshotId = ami?.blockDeviceMapping?.find((m) => m.ebs?.snapshotId)?.ebs?.snapshotId;

  return (
    <EntityDetailPage
      title={ami?.name ?? imageId}
      description={ami?.description}
      {...detailLoadError('AMI', imageId, image)}
      notifications={<SuccessFlash message={flash} onDismiss={() => setFlash(null)} />}
      actions={
        isOwner && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => setDeleting(true)}>Deregister AMI</Button>
            <Button variant="primary" disabled={editing || !permission.data} onClick={() => setEditing(true)}>
              Edit AMI permissions
            </Button>
          </SpaceBetween>
        )
      }
      summaryTitle="AMI summary"
      summary={
        ami
          ? [
              { label: 'AMI ID', value: <CopyToClipboard variant="inline" textToCopy={ami.imageId} copyButtonAriaLabel="Copy AMI ID" copySuccessText="AMI ID copied" copyErrorText="AMI ID not copied" /> },
              { label: 'AMI name', value: ami.name },
              { label: 'Owner account ID', value: ami.imageOwnerId },
              { label: 'Visibility', value: ami.isPublic ? 'Public' : 'Private' },
              { label: 'Architecture', value: ami.architecture },
              { label: 'State', value: ami.imageState },
              { label: 'Creation date', value: formatDateTime(ami.creationDate) },
              { label: 'Root device name', value: ami.rootDeviceName ?? '-' },
              { label: 'Root device snapshot', value: snapshotId ? <RouterLink href={`/ec2/snapshots/${snapshotId}`}>{snapshotId}</RouterLink> : '-' },
            ]
          : undefined
      }
      sections={
        ami &&
        (isOwner ? (
          <SharingPanel
            kind="AMI"
            resourceId={ami.imageId}
            ownerId={ami.imageOwnerId}
            {...sharing}
            modify={modify}
            {...(snapshotId ? { snapshotIds: [snapshotId] } : {})}
            save={(diff, { shareSnapshots, onSuccess }) => modify.mutate({ imageId: ami.imageId, ...diff, ...(snapshotId ? { snapshotId } : {}), shareSnapshot: shareSnapshots }, { onSuccess })}
          />
        ) : (
          <Box color="text-body-secondary">This AMI belongs to account {ami.imageOwnerId}. Only its owner can see and change its permissions.</Box>
        ))
      }
    >
      {deleting && ami && (
        <ConfirmDeleteModal
          header={`Deregister ${ami.imageId}?`}
          names={[ami.imageId]}
          confirmLabel="Deregister AMI"
          loading={deregister.isPending}
          error={deregister.error}
          onDismiss={() => {
            setDeleting(false);
            deregister.reset();
          }}
          onConfirm={() => deregister.mutateAsync(ami.imageId).then(() => navigate('/ec2/amis'), () => {})}
        >
          After you deregister this AMI, no one can launch new instances from it. Instances already running are not affected.
        </ConfirmDeleteModal>
      )}
    </EntityDetailPage>
  );
}
