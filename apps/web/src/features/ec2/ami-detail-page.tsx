// One AMI: its summary, who it is shared with (at a glance: "Public" and the account badges),
// "Edit AMI permissions" (availability, shared accounts, create-volume permission on the root
// snapshot) and "Deregister AMI".
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { imageQuery, launchPermissionQuery, useDeregisterImageMutation, useModifyImagePermissionsMutation } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { PermissionsEditor } from './permissions-editor.tsx';
import { SharingSummary, useCallerAccount } from './ec2-shared.tsx';
import { sharingFromGrants } from './permissions.ts';

export function AmiDetailPage() {
  const { imageId = '' } = useParams();
  const navigate = useNavigate();
  const account = useCallerAccount();
  const image = useQuery(imageQuery(imageId));
  const isOwner = image.data ? image.data.imageOwnerId === account : false;
  const permission = useQuery({ ...launchPermissionQuery(imageId), enabled: isOwner });
  const modify = useModifyImagePermissionsMutation();
  const deregister = useDeregisterImageMutation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  if (image.isPending) return <Spinner size="large" />;
  if (image.isError) return <ApiErrorAlert error={image.error} header="The AMI could not be loaded" />;
  if (!image.data) return <ApiErrorAlert error={new Error(`The AMI ${imageId} does not exist.`)} header="AMI not found" />;
  const ami = image.data;
  const snapshotId = ami.blockDeviceMapping?.find((m) => m.ebs?.snapshotId)?.ebs?.snapshotId;
  const sharing = permission.data ? sharingFromGrants(permission.data) : undefined;

  return (
    <ContentLayout
      notifications={flash && <Flashbar items={[{ id: 'flash', type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null) }]} />}
      header={
        <Header
          variant="h1"
          description={ami.description}
          actions={
            isOwner && (
              <SpaceBetween direction="horizontal" size="xs">
                <Button onClick={() => setDeleting(true)}>Deregister AMI</Button>
                <Button variant="primary" disabled={editing || !sharing} onClick={() => setEditing(true)}>
                  Edit AMI permissions
                </Button>
              </SpaceBetween>
            )
          }
        >
          {ami.name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">AMI summary</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'AMI ID', value: <CopyToClipboard variant="inline" textToCopy={ami.imageId} copyButtonAriaLabel="Copy AMI ID" copySuccessText="AMI ID copied" copyErrorText="AMI ID not copied" /> },
              { label: 'AMI name', value: ami.name },
              { label: 'Owner account ID', value: ami.imageOwnerId },
              { label: 'Visibility', value: ami.isPublic ? 'Public' : 'Private' },
              { label: 'Architecture', value: ami.architecture },
              { label: 'State', value: ami.imageState },
              { label: 'Creation date', value: formatDateTime(ami.creationDate) },
              { label: 'Root device name', value: ami.rootDeviceName ?? '-' },
              {
                label: 'Root device snapshot',
                value: snapshotId ? (
                  <RouterLink href={`/ec2/snapshots/${snapshotId}`}>{snapshotId}</RouterLink>
                ) : (
                  '-'
                ),
              },
            ]}
          />
        </Container>
        {isOwner && editing && sharing && (
          <PermissionsEditor
            kind="AMI"
            header="Edit AMI permissions"
            ownerId={ami.imageOwnerId}
            current={sharing}
            saving={modify.isPending}
            error={modify.error}
            {...(snapshotId ? { snapshotIds: [snapshotId] } : {})}
            onCancel={() => {
              setEditing(false);
              modify.reset();
            }}
            onSave={(diff, shareSnapshots) =>
              modify.mutate(
                { imageId: ami.imageId, ...diff, ...(snapshotId ? { snapshotId } : {}), shareSnapshot: shareSnapshots },
                {
                  onSuccess: () => {
                    setEditing(false);
                    setFlash(`The permissions of ${ami.imageId} were updated.`);
                  },
                },
              )
            }
          />
        )}
        {isOwner && !editing && (
          <SharingSummary label="AMI availability" permission={permission} sharing={sharing} loadError="The launch permissions could not be loaded" />
        )}
        {!isOwner && <Box color="text-body-secondary">This AMI belongs to account {ami.imageOwnerId}. Only its owner can see and change its permissions.</Box>}
      </SpaceBetween>
      {deleting && (
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
          onConfirm={() => deregister.mutate(ami.imageId, { onSuccess: () => void navigate('/ec2/amis') })}
        >
          After you deregister this AMI, no one can launch new instances from it. Instances already running are not affected.
        </ConfirmDeleteModal>
      )}
    </ContentLayout>
  );
}
