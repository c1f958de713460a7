// Users: one request per page (the console's ListUsers view returns each row's groups, password,
// keys, MFA and last activity with it), searched, sorted and counted over the whole account by the
// server. Page, search and sort are in the URL; page size and columns are kept per browser.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { usersListQuery, type UserListRow } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { usePermitted } from '../../app/permissions.ts';
import { buttonActions } from '../../app/navigation.ts';
import { useBulkResultFlashes } from '../../components/bulk-delete.tsx';
import { pageRequest, ServerCollectionTable, useListUrlState, useStoredPreferences, type CollectionColumn } from '../../components/server-collection.tsx';
import { formatAge, formatDateTime } from '../../components/users-groups-format.ts';
import { DeleteUsersModal } from './delete-users-modal.tsx';

function lastActivity(iso: string | undefined): string {
  if (!iso) return 'Never';
  const age = formatAge(iso);
  return age === 'Today' ? age : `${age} ago`;
}

/** The age of the oldest active access key (the one to rotate first), or "None". */
function accessKeyAge(user: UserListRow): string {
  const oldest = user.ActiveAccessKeys[0];
  return oldest ? formatAge(oldest.CreateDate) : 'None';
}

function columns(navigate: (to: string) => void): CollectionColumn<UserListRow>[] {
  return [
    {
      id: 'name',
      header: 'User name',
      sortingField: 'UserName',
      alwaysVisible: true,
      cell: (u) => (
        <Link
          href={`/users/${encodeURIComponent(u.UserName)}`}
          onFollow={(event) => {
            event.preventDefault();
            navigate(`/users/${encodeURIComponent(u.UserName)}`);
          }}
        >
          {u.UserName}
        </Link>
      ),
    },
    { id: 'path', header: 'Path', sortingField: 'Path', cell: (u) => u.Path },
    {
      id: 'groups',
      header: 'Groups',
      sortingField: 'Groups',
      cell: (u) => (u.GroupNames.length ? <span title={u.GroupNames.join(', ')}>{u.GroupNames.length}</span> : '0'),
    },
    { id: 'last', header: 'Last activity', sortingField: 'LastActivity', cell: (u) => lastActivity(u.LastActivity) },
    { id: 'mfa', header: 'MFA', cell: (u) => (u.MfaDeviceTypes.length ? u.MfaDeviceTypes.join(', ') : '-') },
    { id: 'password', header: 'Password age', sortingField: 'PasswordAge', cell: (u) => (u.PasswordCreateDate ? formatAge(u.PasswordCreateDate) : 'None') },
    { id: 'key', header: 'Access key age', sortingField: 'AccessKeyAge', cell: accessKeyAge },
    { id: 'arn', header: 'ARN', hiddenByDefault: true, cell: (u) => u.Arn },
    { id: 'created', header: 'Creation time', sortingField: 'CreateDate', cell: (u) => formatDateTime(u.CreateDate) },
  ];
}

const SORT_FIELDS = ['UserName', 'Path', 'Groups', 'LastActivity', 'PasswordAge', 'AccessKeyAge', 'CreateDate'];

export function UsersListPage() {
  const navigate = useNavigate();
  // Buttons the caller's policies would only refuse are disabled, with the reason.
  const mayCreate = usePermitted(buttonActions.createUser);
  const mayDelete = usePermitted(buttonActions.deleteUser);
  const columnDefinitions = columns((to) => void navigate(to));
  const state = useListUrlState('UserName', SORT_FIELDS);
  const [preferences, setPreferences] = useStoredPreferences('users', columnDefinitions);
  const page = useQuery(usersListQuery(pageRequest(state, preferences.pageSize)));
  const [selected, setSelected] = useState<UserListRow[]>([]);
  const [deleting, setDeleting] = useState(false);
  const flashes = useBulkResultFlashes({ singular: 'user', plural: 'users' });

  return (
    <SpaceBetween size="m">
      {flashes.items.length > 0 && <Flashbar items={flashes.items} />}
      <ServerCollectionTable<UserListRow>
        resourceName={{ singular: 'user', plural: 'users' }}
        title="Users"
        description="An IAM user is an identity with long-term credentials that is used to interact with AWS in an account."
        columns={columnDefinitions}
        items={page.data?.Users ?? []}
        total={page.data?.TotalCount}
        loading={page.isPending || (page.isFetching && page.isPlaceholderData)}
        state={state}
        preferences={preferences}
        onPreferencesChange={setPreferences}
        trackBy="UserName"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={setSelected}
        itemLabel={(u) => u.UserName}
        error={page.isError && <ApiErrorAlert error={page.error} header="The users could not be loaded" />}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void page.refetch()} />
            <Button disabled={selected.length === 0 || !mayDelete.allowed} disabledReason={mayDelete.reason} onClick={() => setDeleting(true)}>
              Delete
            </Button>
            <Button variant="primary" disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/users/create')}>
              Add users
            </Button>
          </SpaceBetween>
        }
        empty={
          <Box textAlign="center">
            <SpaceBetween size="xs">
              <b>No users</b>
              <Button disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/users/create')}>Add users</Button>
            </SpaceBetween>
          </Box>
        }
      />
      {deleting && (
        <DeleteUsersModal
          userNames={selected.map((u) => u.UserName)}
          onDismiss={() => setDeleting(false)}
          onDone={(result) => {
            setDeleting(false);
            setSelected([]);
            flashes.show(result);
          }}
        />
      )}
    </SpaceBetween>
  );
}
