// User groups: one request per page (the console's ListGroups view returns each group's member
// and permission counts with it), searched, sorted and counted over the whole account by the
// server. Page, search and sort are in the URL; page size and columns are kept per browser.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { deleteGroupCascade, groupKeys, groupsListPageQuery, invalidateIdentities, type GroupListRow } from '../../api/queries/groups.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { CreatedFlashbar } from '../../components/created-flash.tsx';
import { usePermitted } from '../../app/permissions.ts';
import { buttonActions } from '../../app/navigation.ts';
import { BulkDeleteProgress, useBulkDelete, useBulkResultFlashes } from '../../components/bulk-delete.tsx';
import { pageRequest, ServerCollectionTable, useListUrlState, useStoredPreferences, type CollectionColumn } from '../../components/server-collection.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';

/** "Defined" / "Not defined" as AWS shows it, with the policy count when there are some. */
function permissions(count: number): string {
  return count === 0 ? 'Not defined' : `Defined (${count} ${count === 1 ? 'policy' : 'policies'})`;
}

function columns(navigate: (to: string) => void): CollectionColumn<GroupListRow>[] {
  return [
    {
      id: 'name',
      header: 'Group name',
      sortingField: 'GroupName',
      alwaysVisible: true,
      cell: (g) => (
        <Link
          href={`/groups/${encodeURIComponent(g.GroupName)}`}
          onFollow={(event) => {
            event.preventDefault();
            navigate(`/groups/${encodeURIComponent(g.GroupName)}`);
          }}
        >
          {g.GroupName}
        </Link>
      ),
    },
    { id: 'users', header: 'Users', sortingField: 'Users', cell: (g) => g.UserCount },
    { id: 'permissions', header: 'Permissions', sortingField: 'Permissions', cell: (g) => permissions(g.PolicyCount) },
    { id: 'path', header: 'Path', hiddenByDefault: true, cell: (g) => g.Path },
    { id: 'arn', header: 'ARN', hiddenByDefault: true, cell: (g) => g.Arn },
    { id: 'created', header: 'Creation time', sortingField: 'CreateDate', cell: (g) => formatDateTime(g.CreateDate) },
  ];
}

const SORT_FIELDS = ['GroupName', 'Users', 'Permissions', 'CreateDate'];

export function GroupsListPage() {
  const navigate = useNavigate();
  // Buttons the caller's policies would only refuse are disabled, with the reason.
  const mayCreate = usePermitted(buttonActions.createGroup);
  const mayDelete = usePermitted(buttonActions.deleteGroup);
  const columnDefinitions = columns((to) => void navigate(to));
  const state = useListUrlState('GroupName', SORT_FIELDS);
  const [preferences, setPreferences] = useStoredPreferences('groups', columnDefinitions, 25);
  const page = useQuery(groupsListPageQuery(pageRequest(state, preferences.pageSize)));
  const queryClient = useQueryClient();
  const remove = useBulkDelete(deleteGroupCascade, (names) => {
    for (const name of names) queryClient.removeQueries({ queryKey: groupKeys.detail(name) });
    return invalidateIdentities(queryClient);
  });
  const flashes = useBulkResultFlashes({ singular: 'user group', plural: 'user groups' });
  const [selected, setSelected] = useState<GroupListRow[]>([]);
  const [deleting, setDeleting] = useState(false);

  return (
    <SpaceBetween size="m">
      <CreatedFlashbar />
      {flashes.items.length > 0 && <Flashbar items={flashes.items} />}
      <ServerCollectionTable<GroupListRow>
        resourceName={{ singular: 'group', plural: 'groups' }}
        title="User groups"
        description="A user group is a collection of IAM users. Use groups to specify permissions for a collection of users."
        columns={columnDefinitions}
        items={page.data?.Groups ?? []}
        total={page.data?.TotalCount}
        loading={page.isPending || (page.isFetching && page.isPlaceholderData)}
        state={state}
        preferences={preferences}
        onPreferencesChange={setPreferences}
        trackBy="GroupName"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={setSelected}
        itemLabel={(g) => g.GroupName}
        error={page.isError && <ApiErrorAlert error={page.error} header="The user groups could not be loaded" />}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={selected.length === 0 || !mayDelete.allowed} disabledReason={mayDelete.reason} onClick={() => setDeleting(true)}>
              Delete
            </Button>
            <Button variant="primary" disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/groups/create')}>
              Create group
            </Button>
          </SpaceBetween>
        }
        empty={
          <Box textAlign="center">
            <SpaceBetween size="xs">
              <b>No groups</b>
              <Button disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/groups/create')}>Create group</Button>
            </SpaceBetween>
          </Box>
        }
      />
      {deleting && (
        <ConfirmDeleteModal
          header={selected.length === 1 ? `Delete ${selected[0]!.GroupName}?` : `Delete ${selected.length} user groups?`}
          names={selected.map((g) => g.GroupName)}
          error={remove.error}
          errorHeader="The user group was not deleted"
          progress={remove.progress && <BulkDeleteProgress done={remove.progress.done} total={remove.progress.total} plural="user groups" />}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() =>
            remove.confirm(
              selected.map((g) => g.GroupName),
              (result) => {
                setDeleting(false);
                setSelected([]);
                flashes.show(result);
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
