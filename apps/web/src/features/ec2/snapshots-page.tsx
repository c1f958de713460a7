// Snapshots: the account's own (or those it may restore), with who each is shared with, and
// "Create snapshot" (a size and a description: the snapshot is a record, no data is copied).
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { snapshotsQuery, useCreateSnapshotMutation, volumePermissionQuery, type Ec2Snapshot, type SnapshotFilter } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { SharedWith, useCallerAccount, volumeSizeError } from './ec2-shared.tsx';
import { sharingFromGrants } from './permissions.ts';

const FILTERS: { value: SnapshotFilter; label: string }[] = [
  { value: 'owned', label: 'Owned by me' },
  { value: 'restorable', label: 'Restorable by me' },
];

function SharedWithCell({ snapshot, account }: { snapshot: Ec2Snapshot; account: string | undefined }) {
  const own = snapshot.ownerId === account;
  const permission = useQuery({ ...volumePermissionQuery(snapshot.snapshotId), enabled: own });
  if (!own) return <>-</>;
  if (permission.isPending) return <Spinner />;
  if (permission.isError) return <>-</>;
  return <SharedWith state={sharingFromGrants(permission.data)} />;
}

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
  const { items, collectionProps, paginationProps } = useCollection(snapshots.data ?? [], {
    pagination: { pageSize: 20 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'startTime' }, isDescending: true } },
  });
  const open = (id: string) => void navigate(`/ec2/snapshots/${id}`);
  return (
    <SpaceBetween size="m">
      {snapshots.isError && <ApiErrorAlert error={snapshots.error} header="The snapshots could not be loaded" />}
      <Table<Ec2Snapshot>
        {...collectionProps}
        items={items}
        loading={snapshots.isPending}
        loadingText="Loading snapshots"
        trackBy="snapshotId"
        variant="full-page"
        ariaLabels={{ tableLabel: 'Snapshots' }}
        empty={<Box textAlign="center">No snapshots</Box>}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={snapshots.data ? `(${snapshots.data.length})` : undefined}
            description="Share a snapshot with accounts (create volume permission), or make it public."
            actions={
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create snapshot
              </Button>
            }
          >
            Snapshots
          </Header>
        }
        filter={<Select ariaLabel="Snapshot owner" selectedOption={FILTERS.find((f) => f.value === filter)!} onChange={({ detail }) => setFilter(detail.selectedOption.value as SnapshotFilter)} options={FILTERS} />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          {
            id: 'id',
            header: 'Snapshot ID',
            sortingField: 'snapshotId',
            cell: (s) => (
              <RouterLink href={`/ec2/snapshots/${s.snapshotId}`}>{s.snapshotId}</RouterLink>
            ),
          },
          { id: 'size', header: 'Size', sortingField: 'volumeSize', cell: (s) => `${s.volumeSize} GiB` },
          { id: 'description', header: 'Description', cell: (s) => s.description ?? '-' },
          { id: 'owner', header: 'Owner', cell: (s) => s.ownerId },
          { id: 'shared', header: 'Shared with', cell: (s) => <SharedWithCell snapshot={s} account={account} /> },
          { id: 'started', header: 'Started', sortingField: 'startTime', cell: (s) => formatDateTime(s.startTime) },
        ]}
      />
      {creating && <CreateSnapshotModal onClose={() => setCreating(false)} onCreated={open} />}
    </SpaceBetween>
  );
}
