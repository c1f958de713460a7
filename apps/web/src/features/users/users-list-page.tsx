// Users: one server page at a time (ListUsers with Marker/MaxItems: an account may hold 100,000
// users, so the console never loads them all). The name filter applies to the page shown, as
// ListUsers has no name filter. Per-row columns are read lazily for the visible rows only.
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
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { groupsForUserQuery } from '../../api/queries/groups.ts';
import { mfaDevicesQuery, mfaDeviceType } from '../../api/queries/mfa.ts';
import { accessKeysQuery, loginProfileQuery, usersPageQuery, type User } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatAge, formatDateTime } from '../../components/users-groups-format.ts';
import { DeleteUsersModal } from './delete-users-modal.tsx';

const PAGE_SIZE = 25;

function lastActivity(iso: string | undefined): string {
  if (!iso) return 'Never';
  const age = formatAge(iso);
  return age === 'Today' ? age : `${age} ago`;
}

function GroupsCount({ name }: { name: string }) {
  const groups = useQuery(groupsForUserQuery(name));
  if (groups.isPending) return <Spinner />;
  return <>{groups.isError ? '-' : groups.data.length}</>;
}

function PasswordAge({ name }: { name: string }) {
  const profile = useQuery(loginProfileQuery(name));
  if (profile.isPending) return <Spinner />;
  if (profile.isError) return <>-</>;
  return <>{profile.data ? formatAge(profile.data.CreateDate) : 'None'}</>;
}

function AccessKeyAge({ name }: { name: string }) {
  const keys = useQuery(accessKeysQuery(name));
  if (keys.isPending) return <Spinner />;
  if (keys.isError) return <>-</>;
  const active = keys.data.filter((k) => k.Status === 'Active').sort((a, b) => a.CreateDate.localeCompare(b.CreateDate));
  return <>{active.length ? formatAge(active[0]!.CreateDate) : 'None'}</>;
}

/** "Virtual" (or "Security key") when the user has an MFA device; "-" when none. */
function MfaColumn({ name }: { name: string }) {
  const devices = useQuery(mfaDevicesQuery(name));
  if (devices.isPending) return <Spinner />;
  if (devices.isError || devices.data.length === 0) return <>-</>;
  return <>{[...new Set(devices.data.map((d) => mfaDeviceType(d.SerialNumber)))].join(', ')}</>;
}

export function UsersListPage() {
  const navigate = useNavigate();
  // markers[i] is the Marker that opens page i + 1 (undefined for the first page).
  const [markers, setMarkers] = useState<(string | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<User[]>([]);
  const [deleting, setDeleting] = useState(false);
  const page = useQuery(usersPageQuery(markers[pageIndex], PAGE_SIZE));
  const nextMarker = page.data?.IsTruncated ? page.data.Marker : undefined;

  useEffect(() => {
    if (nextMarker && markers.length === pageIndex + 1 && !page.isPlaceholderData) setMarkers((m) => [...m, nextMarker]);
  }, [nextMarker, markers.length, pageIndex, page.isPlaceholderData]);

  const users = (page.data?.Users ?? []).filter((u) => u.UserName.toLowerCase().includes(filter.toLowerCase()));

  return (
    <SpaceBetween size="m">
      {page.isError && <ApiErrorAlert error={page.error} header="The users could not be loaded" />}
      <Table<User>
        items={users}
        loading={page.isPending || (page.isFetching && page.isPlaceholderData)}
        loadingText="Loading users"
        trackBy="UserName"
        variant="full-page"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Users selection', itemSelectionLabel: (_s, u) => u.UserName, allItemsSelectionLabel: () => 'Select all users on this page' }}
        empty={
          <Box textAlign="center">
            <SpaceBetween size="xs">
              <b>{filter ? 'No users on this page match the filter' : 'No users'}</b>
              {!filter && <Button onClick={() => void navigate('/users/create')}>Add users</Button>}
            </SpaceBetween>
          </Box>
        }
        header={
          <Header
            variant="awsui-h1-sticky"
            description="An IAM user is an identity with long-term credentials that is used to interact with AWS in an account."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void page.refetch()} />
                <Button disabled={selected.length === 0} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => void navigate('/users/create')}>
                  Add users
                </Button>
              </SpaceBetween>
            }
          >
            Users
          </Header>
        }
        filter={
          <TextFilter
            filteringText={filter}
            onChange={({ detail }) => setFilter(detail.filteringText)}
            filteringPlaceholder="Find users by name on this page"
            filteringAriaLabel="Find users by name"
          />
        }
        pagination={
          <Pagination
            currentPageIndex={pageIndex + 1}
            pagesCount={markers.length}
            openEnd={Boolean(nextMarker) && markers.length === pageIndex + 1}
            onChange={({ detail }) => {
              setPageIndex(detail.currentPageIndex - 1);
              setSelected([]);
            }}
            onNextPageClick={({ detail }) => {
              if (!detail.requestedPageAvailable && nextMarker) setMarkers((m) => (m.length === pageIndex + 1 ? [...m, nextMarker] : m));
            }}
            ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
          />
        }
        columnDefinitions={[
          {
            id: 'name',
            header: 'User name',
            cell: (u) => (
              <Link
                href={`/users/${encodeURIComponent(u.UserName)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  void navigate(`/users/${encodeURIComponent(u.UserName)}`);
                }}
              >
                {u.UserName}
              </Link>
            ),
          },
          { id: 'path', header: 'Path', cell: (u) => u.Path },
          { id: 'groups', header: 'Groups', cell: (u) => <GroupsCount name={u.UserName} /> },
          { id: 'last', header: 'Last activity', cell: (u) => lastActivity(u.PasswordLastUsed) },
          { id: 'mfa', header: 'MFA', cell: (u) => <MfaColumn name={u.UserName} /> },
          { id: 'password', header: 'Password age', cell: (u) => <PasswordAge name={u.UserName} /> },
          { id: 'key', header: 'Access key age', cell: (u) => <AccessKeyAge name={u.UserName} /> },
          { id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) },
        ]}
      />
      {deleting && (
        <DeleteUsersModal
          userNames={selected.map((u) => u.UserName)}
          onDismiss={() => setDeleting(false)}
          onDone={() => {
            setDeleting(false);
            setSelected([]);
          }}
        />
      )}
    </SpaceBetween>
  );
}
