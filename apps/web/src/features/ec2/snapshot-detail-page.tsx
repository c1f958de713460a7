// One snapshot: summary, who may create volumes from it, "Modify permissions" (Private / Public
// and account IDs, as for AMIs), "Create volume" (own, shared or public snapshots) and Delete.
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { snapshotQuery, useCreateVolumeMutation, useDeleteSnapshotMutation, useModifySnapshotPermissionsMutation, volumePermissionQuery, type Ec2Snapshot } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { SuccessFlash } from '../../components/created-flash.tsx';
import { EntityDetailPage } from '../../components/entity-detail.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { detailLoadError, useSharedResourcePage, volumeSizeError } from './ec2-shared.tsx';
import { SharingPanel } from './permissions-editor.tsx';

function CreateVolumeModal({ snapshot, onClose, onCreated }: { snapshot: Ec2Snapshot; onClose: () => void; onCreated: (volumeId: string) => void }) {
  const create = useCreateVolumeMutation();
  const [size, setSize] = useState(String(snapshot.volumeSize));
  const sizeError = volumeSizeError(size) ?? (Number(size) < snapshot.volumeSize ? `The size must be at least the snapshot's ${snapshot.volumeSize} GiB.` : undefined);
  return (
    <FormModal
      header="Create volume"
      submitLabel="Create volume"
      onSubmit={() => create.mutate({ SnapshotId: snapshot.snapshotId, Size: Number(size) }, { onSuccess: (v) => onCreated(v.volumeId) })}
      onClose={onClose}
      loading={create.isPending}
      disabled={sizeError !== undefined}
    >
      <SpaceBetween size="m">
        {create.isError && <ApiErrorAlert error={create.error} header="The volume could not be created" />}
        <FormField label="Snapshot ID">
          <Input value={snapshot.snapshotId} readOnly />
        </FormField>
        <FormField label="Size (GiB)" errorText={sizeError}>
          <Input type="number" value={size} onChange={({ detail }) => setSize(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function SnapshotDetailPage() {
  const { snapshotId = '' } = useParams();
  const navigate = useNavigate();
  const snapshot = useQuery(snapshotQuery(snapshotId));
  const snap = snapshot.data;
  const { isOwner, permission, editing, setEditing, deleting, setDeleting, flash, setFlash, sharing } = useSharedResourcePage(snap?.ownerId, volumePermissionQuery(snapshotId));
  const modify = useModifySnapshotPermissionsMutation();
  const remove = useDeleteSnapshotMutation();
  const [creatingVolume, setCreatingVolume] = useState(false);

  return (
    <EntityDetailPage
      title={snapshotId}
      description={snap?.description}
      {...detailLoadError('snapshot', snapshotId, snapshot)}
      notifications={<SuccessFlash message={flash} onDismiss={() => setFlash(null)} />}
      actions={
        snap && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => setCreatingVolume(true)}>Create volume</Button>
            {isOwner && <Button onClick={() => setDeleting(true)}>Delete</Button>}
            {isOwner && (
              <Button variant="primary" disabled={editing || !permission.data} onClick={() => setEditing(true)}>
                Modify permissions
              </Button>
            )}
          </SpaceBetween>
        )
      }
      summaryTitle="Snapshot summary"
      summary={
        snap
          ? [
              { label: 'Snapshot ID', value: snap.snapshotId },
              { label: 'Owner', value: snap.ownerId },
              { label: 'Volume size', value: `${snap.volumeSize} GiB` },
              { label: 'Status', value: snap.status },
              { label: 'Started', value: formatDateTime(snap.startTime) },
              { label: 'Encryption', value: snap.encrypted ? 'Encrypted' : 'Not encrypted' },
            ]
          : undefined
      }
      sections={
        snap &&
        isOwner && (
          <SharingPanel
            kind="snapshot"
            resourceId={snap.snapshotId}
            ownerId={snap.ownerId}
            {...sharing}
            modify={modify}
            save={(diff, { onSuccess }) => modify.mutate({ snapshotId: snap.snapshotId, ...diff }, { onSuccess })}
          />
        )
      }
    >
      {creatingVolume && snap && (
        <CreateVolumeModal
          snapshot={snap}
          onClose={() => setCreatingVolume(false)}
          onCreated={(volumeId) => {
            setCreatingVolume(false);
            setFlash(`Volume ${volumeId} was created from ${snap.snapshotId}.`);
          }}
        />
      )}
      {deleting && snap && (
        <ConfirmDeleteModal
          header={`Delete ${snap.snapshotId}?`}
          names={[snap.snapshotId]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() => remove.mutateAsync(snap.snapshotId).then(() => navigate('/ec2/snapshots'), () => {})}
        />
      )}
    </EntityDetailPage>
  );
}
