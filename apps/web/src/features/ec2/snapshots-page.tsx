// Snapshots: the account's own (or those it may restore), with who each is shared with, and
// "Create snapshot" (a size and a description: the snapshot is a record, no data is copied).
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { snapshotsQuery, useCreateSnapshotMutation, volumePermissionQuery, type Ec2Snapshot, type SnapshotFilter } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ClientCollectionTable } from '../../components/client-collection-table.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { SharedWithCell, useCallerAccount, volumeSizeError } from './ec2-shared.tsx';

const FILTERS: { value: SnapshotFilter; label: string }[] = [
  { value: 'owned', label: 'Owned by me' },
  { value: 'restorable', label: 'Restorable by me' },
];

function CreateSnapshotModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const create = useCreateSnapshotMutation();
  const [size, setSize] = useState('8');
  const [description, setDescription] = useState('');
  const error = volumeSizeError(size);
  return (
    <FormModal
      header="Create snapshot"
      submitLabel="Create snapshot"
      onSubmit={() => create.mutate({ VolumeSize: Number(size), Description: description }, { onSuccess: (s) => onCreated(s.snapshotId) })}
      onClose={onClose}
      loading={create.isPending}
      disabled={error !== undefined}
    >
      <SpaceBetween size="m">
        {create.isError && <ApiErrorAlert error={create.error} header="The snapshot could not be created" />}
        <FormField label="Size (GiB)" errorText={error}>
          <Input type="number" value={size} onChange={({ detail }) => setSize(detail.value)} />
        </FormField>
        <FormField label="Description - optional">
          <Input value={description} onChange={({ detail }) => setDescription(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function SnapshotsPage() {
  const navigate = useNavigate();
  const account = useCallerAccount();
  const [filter, setFilter] = useState<SnapshotFilter>('owned');
  const [creating, setCreating] = useState(false);
  const snapshots = useQuery(snapshotsQuery(filter));
  return (
    <ClientCollectionTable<Ec2Snapshot>
      title="Snapshots"
      resourceName="snapshots"
      description="Share a snapshot with accounts (create volume permission), or make it public."
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          Create snapshot
        </Button>
      }
      list={snapshots}
      trackBy="snapshotId"
      defaultSort={{ field: 'startTime', descending: true }}
      filters={<Select ariaLabel="Snapshot owner" selectedOption={FILTERS.find((f) => f.value === filter)!} onChange={({ detail }) => setFilter(detail.selectedOption.value as SnapshotFilter)} options={FILTERS} />}
      columns={[
        { id: 'id', header: 'Snapshot ID', sortingField: 'snapshotId', cell: (s) => <RouterLink href={`/ec2/snapshots/${s.snapshotId}`}>{s.snapshotId}</RouterLink> },
        { id: 'size', header: 'Size', sortingField: 'volumeSize', cell: (s) => `${s.volumeSize} GiB` },
        { id: 'description', header: 'Description', cell: (s) => s.description ?? '-' },
        { id: 'owner', header: 'Owner', cell: (s) => s.ownerId },
        { id: 'shared', header: 'Shared with', cell: (s) => <SharedWithCell permission={volumePermissionQuery(s.snapshotId)} own={s.ownerId === account} /> },
        { id: 'started', header: 'Started', sortingField: 'startTime', cell: (s) => formatDateTime(s.startTime) },
      ]}
    >
      {creating && <CreateSnapshotModal onClose={() => setCreating(false)} onCreated={(id) => void navigate(`/ec2/snapshots/${id}`)} />}
    </ClientCollectionTable>
  );
}
