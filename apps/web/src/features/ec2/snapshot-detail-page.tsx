// One snapshot: summary, who may create volumes from it, "Modify permissions" (Private / Public
// and account IDs, as for AMIs), "Create volume" (own, shared or public snapshots) and Delete.
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { snapshotQuery, useCreateVolumeMutation, useDeleteSnapshotMutation, useModifySnapshotPermissionsMutation, volumePermissionQuery, type Ec2Snapshot } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { SharingSummary, useCallerAccount, volumeSizeError } from './ec2-shared.tsx';
import { PermissionsEditor } from './permissions-editor.tsx';
import { sharingFromGrants } from './permissions.ts';

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
  const account = useCallerAccount();
  const snapshot = useQuery(snapshotQuery(snapshotId));
  const isOwner = snapshot.data ? snapshot.data.ownerId === account : false;
  const permission = useQuery({ ...volumePermissionQuery(snapshotId), enabled: isOwner });
  const modify = useModifySnapshotPermissionsMutation();
  const remove = useDeleteSnapshotMutation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [creatingVolume, setCreatingVolume] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  if (snapshot.isPending) return <Spinner size="large" />;
  if (snapshot.isError) return <ApiErrorAlert error={snapshot.error} header="The snapshot could not be loaded" />;
  if (!snapshot.data) return <ApiErrorAlert error={new Error(`The snapshot ${snapshotId} does not exist.`)} header="Snapshot not found" />;
  const snap = snapshot.data;
  const sharing = permission.data ? sharingFromGrants(permission.data) : undefined;

  return (
    <ContentLayout
      notifications={flash && <Flashbar items={[{ id: 'flash', type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null) }]} />}
      header={
        <Header
          variant="h1"
          description={snap.description}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setCreatingVolume(true)}>Create volume</Button>
              {isOwner && <Button onClick={() => setDeleting(true)}>Delete</Button>}
              {isOwner && (
                <Button variant="primary" disabled={editing || !sharing} onClick={() => setEditing(true)}>
                  Modify permissions
                </Button>
              )}
            </SpaceBetween>
          }
        >
          {snap.snapshotId}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Snapshot summary</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'Snapshot ID', value: snap.snapshotId },
              { label: 'Owner', value: snap.ownerId },
              { label: 'Volume size', value: `${snap.volumeSize} GiB` },
              { label: 'Status', value: snap.status },
              { label: 'Started', value: formatDateTime(snap.startTime) },
              { label: 'Encryption', value: snap.encrypted ? 'Encrypted' : 'Not encrypted' },
            ]}
          />
        </Container>
        {isOwner && editing && sharing && (
          <PermissionsEditor
            kind="snapshot"
            header="Modify permissions"
            ownerId={snap.ownerId}
            current={sharing}
            saving={modify.isPending}
            error={modify.error}
            onCancel={() => {
              setEditing(false);
              modify.reset();
            }}
            onSave={(diff) =>
              modify.mutate(
                { snapshotId: snap.snapshotId, ...diff },
                {
                  onSuccess: () => {
                    setEditing(false);
                    setFlash(`The permissions of ${snap.snapshotId} were updated.`);
                  },
                },
              )
            }
          />
        )}
        {isOwner && !editing && (
          <SharingSummary label="Snapshot availability" permission={permission} sharing={sharing} loadError="The create volume permissions could not be loaded" />
        )}
      </SpaceBetween>
      {creatingVolume && (
        <CreateVolumeModal
          snapshot={snap}
          onClose={() => setCreatingVolume(false)}
          onCreated={(volumeId) => {
            setCreatingVolume(false);
            setFlash(`Volume ${volumeId} was created from ${snap.snapshotId}.`);
          }}
        />
      )}
      {deleting && (
        <ConfirmDeleteModal
          header={`Delete ${snap.snapshotId}?`}
          names={[snap.snapshotId]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(snap.snapshotId, { onSuccess: () => void navigate('/ec2/snapshots') })}
        />
      )}
    </ContentLayout>
  );
}
