// User groups: the account's groups (at most a few hundred, so filtered and paged locally), with
// member and permission counts per row, and multi-select delete.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { groupQuery, groupsListQuery, inlinePoliciesQuery, useDeleteGroupsMutation, type Group } from '../../api/queries/groups.ts';
import { attachedPoliciesQuery } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';

function UsersCount({ name }: { name: string }) {
  const group = useQuery(groupQuery(name));
  if (group.isPending) return <Spinner />;
  if (group.isError) return <>-</>;
  return <>{group.data.users.length}</>;
}

/** "Defined" / "Not defined" as AWS shows it, with the managed policy count when there are some. */
function PermissionsCell({ name }: { name: string }) {
  const attached = useQuery(attachedPoliciesQuery('Group', name));
  const inline = useQuery(inlinePoliciesQuery('Group', name));
  if (attached.isPending || inline.isPending) return <Spinner />;
  if (attached.isError || inline.isError) return <>-</>;
  const count = attached.data.length + inline.data.length;
  return <>{count === 0 ? 'Not defined' : `Defined (${count} ${count === 1 ? 'policy' : 'policies'})`}</>;
}

export function GroupsListPage() {
  const navigate = useNavigate();
  const groups = useQuery(groupsListQuery);
  const remove = useDeleteGroupsMutation();
  const [selected, setSelected] = useState<Group[]>([]);
  const [deleting, setDeleting] = useState(false);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(groups.data ?? [], {
    filtering: {
      filteringFunction: (item, text) => item.GroupName.toLowerCase().includes(text.toLowerCase()),
      empty: (
        <Box textAlign="center">
          <SpaceBetween size="xs">
            <b>No groups</b>
            <Button onClick={() => void navigate('/groups/create')}>Create group</Button>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No groups match the filter</Box>,
    },
    pagination: { pageSize: 20 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'GroupName' } } },
  });

  return (
    <SpaceBetween size="m">
      {groups.isError && <ApiErrorAlert error={groups.error} header="The user groups could not be loaded" />}
      <Table<Group>
        {...collectionProps}
        items={items}
        loading={groups.isPending}
        loadingText="Loading user groups"
        trackBy="GroupName"
        variant="full-page"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{
          selectionGroupLabel: 'User groups selection',
          itemSelectionLabel: (_s, item) => item.GroupName,
          allItemsSelectionLabel: () => 'Select all user groups',
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={groups.data ? `(${groups.data.length})` : undefined}
            description="A user group is a collection of IAM users. Use groups to specify permissions for a collection of users."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length === 0} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => void navigate('/groups/create')}>
                  Create group
                </Button>
              </SpaceBetween>
            }
          >
            User groups
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Find groups by name"
            filteringAriaLabel="Find groups by name"
            countText={filteredItemsCount !== undefined ? `${filteredItemsCount} matches` : undefined}
          />
        }
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Group name',
            sortingField: 'GroupName',
            cell: (g) => (
              <Link
                href={`/groups/${encodeURIComponent(g.GroupName)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  void navigate(`/groups/${encodeURIComponent(g.GroupName)}`);
                }}
              >
                {g.GroupName}
              </Link>
            ),
          },
          { id: 'users', header: 'Users', cell: (g) => <UsersCount name={g.GroupName} /> },
          { id: 'permissions', header: 'Permissions', cell: (g) => <PermissionsCell name={g.GroupName} /> },
          { id: 'created', header: 'Creation time', sortingField: 'CreateDate', cell: (g) => formatDateTime(g.CreateDate) },
        ]}
      />
      {deleting && (
        <ConfirmDeleteModal
          header={selected.length === 1 ? `Delete ${selected[0]!.GroupName}?` : `Delete ${selected.length} user groups?`}
          names={selected.map((g) => g.GroupName)}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(
              selected.map((g) => g.GroupName),
              {
                onSuccess: () => {
                  setDeleting(false);
                  setSelected([]);
                },
              },
            )
          }
        >
          <Box>
            Deleting removes the members from the group and detaches its policies, then deletes:{' '}
            <b>{selected.map((g) => g.GroupName).join(', ')}</b>. This cannot be undone.
          </Box>
        </ConfirmDeleteModal>
      )}
    </SpaceBetween>
  );
}
