// The roles list: name, trusted entities (from each trust policy), last activity, creation.
// One request per page: the server searches names and trust policies over the whole account,
// sorts and counts; page, search and sort are in the URL, page size and columns per browser.
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { rolesListPageQuery, type Role } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { CreatedFlashbar } from '../../components/created-flash.tsx';
import { usePermitted } from '../../app/permissions.ts';
import { buttonActions } from '../../app/navigation.ts';
import { RouterLink } from '../../components/router-link.tsx';
import { pageRequest, ServerCollectionTable, useListUrlState, useStoredPreferences, type CollectionColumn } from '../../components/server-collection.tsx';
import { DeleteRoleModal } from './delete-role-modal.tsx';
import { formatDate } from './format.ts';
import { linkedServiceOf } from './service-linked-role.tsx';
import { trustedEntities } from './trust-policy.ts';

export const roleHref = (name: string) => `/roles/details/${encodeURIComponent(name)}`;

const COLUMNS: CollectionColumn<Role>[] = [
  { id: 'name', header: 'Role name', sortingField: 'RoleName', alwaysVisible: true, cell: (r) => <RouterLink href={roleHref(r.RoleName)}>{r.RoleName}</RouterLink> },
  { id: 'trusted', header: 'Trusted entities', cell: (r) => trustedEntities(r.AssumeRolePolicyDocument).join(', ') || '-' },
  { id: 'activity', header: 'Last activity', sortingField: 'LastActivity', cell: (r) => (r.RoleLastUsed?.LastUsedDate ? formatDate(r.RoleLastUsed.LastUsedDate) : '-') },
  { id: 'path', header: 'Path', hiddenByDefault: true, cell: (r) => r.Path },
  { id: 'arn', header: 'ARN', hiddenByDefault: true, cell: (r) => r.Arn },
  { id: 'created', header: 'Creation time', sortingField: 'CreateDate', cell: (r) => formatDate(r.CreateDate) },
];
const SORT_FIELDS = ['RoleName', 'LastActivity', 'CreateDate'];

export function RolesPage() {
  const navigate = useNavigate();
  // Buttons the caller's policies would only refuse are disabled, with the reason.
  const mayCreate = usePermitted(buttonActions.createRole);
  const mayDelete = usePermitted(buttonActions.deleteRole);
  const location = useLocation();
  const state = useListUrlState('RoleName', SORT_FIELDS);
  const [preferences, setPreferences] = useStoredPreferences('roles', COLUMNS);
  const page = useQuery(rolesListPageQuery(pageRequest(state, preferences.pageSize)));
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [selected, setSelected] = useState<Role[]>([]);
  const [deleting, setDeleting] = useState<Role | null>(null);

  return (
    <SpaceBetween size="m">
      <CreatedFlashbar />
      {flash && <Flashbar items={[{ type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      <ServerCollectionTable<Role>
        resourceName={{ singular: 'role', plural: 'roles' }}
        title="Roles"
        description="An IAM role is an identity you can create that has specific permissions with credentials that are valid for short durations. Roles can be assumed by entities that you trust."
        columns={COLUMNS}
        items={page.data?.Roles ?? []}
        total={page.data?.TotalCount}
        loading={page.isPending || (page.isFetching && page.isPlaceholderData)}
        state={state}
        preferences={preferences}
        onPreferencesChange={setPreferences}
        trackBy="RoleName"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={setSelected}
        itemLabel={(r) => r.RoleName}
        error={page.isError && <ApiErrorAlert error={page.error} header="The roles could not be loaded" action={<Button onClick={() => void page.refetch()}>Retry</Button>} />}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={selected.length === 0 || !mayDelete.allowed} disabledReason={mayDelete.reason} onClick={() => setDeleting(selected[0] ?? null)}>
              Delete
            </Button>
            <Button variant="primary" disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/roles/create')}>
              Create role
            </Button>
          </SpaceBetween>
        }
        empty="No roles"
      />
      {deleting && (
        <DeleteRoleModal
          roleName={deleting.RoleName}
          serviceLinked={linkedServiceOf(deleting) !== undefined}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setFlash(`Role ${deleting.RoleName} deleted.`);
            setDeleting(null);
            setSelected([]);
          }}
        />
      )}
    </SpaceBetween>
  );
}
