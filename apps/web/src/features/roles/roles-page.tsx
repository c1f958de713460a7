// The roles list: name, trusted entities (from each trust policy), last activity, creation.
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { rolesListQuery, type Role } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { DeleteRoleModal } from './delete-role-modal.tsx';
import { formatDate } from './format.ts';
import { linkedServiceOf } from './service-linked-role.tsx';
import { trustedEntities } from './trust-policy.ts';

export const roleHref = (name: string) => `/roles/details/${encodeURIComponent(name)}`;

export function RolesPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const roles = useQuery(rolesListQuery);
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(roles.data ?? [], {
    filtering: {
      filteringFunction: (role, text) => role.RoleName.toLowerCase().includes(text.toLowerCase()) || trustedEntities(role.AssumeRolePolicyDocument).join(' ').toLowerCase().includes(text.toLowerCase()),
      empty: 'No roles',
      noMatch: 'No roles match the filter.',
    },
    pagination: { pageSize: 25 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'RoleName' } } },
    selection: {},
  });
  const selected = collectionProps.selectedItems?.[0];

  return (
    <SpaceBetween size="m">
      {flash && <Flashbar items={[{ type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      {roles.isError && <ApiErrorAlert error={roles.error} header="The roles could not be loaded" action={<Button onClick={() => void roles.refetch()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        variant="full-page"
        selectionType="single"
        trackBy="RoleName"
        items={items}
        loading={roles.isLoading}
        loadingText="Loading roles"
        ariaLabels={{ tableLabel: 'Roles', itemSelectionLabel: (_s, r) => r.RoleName, selectionGroupLabel: 'Role selection' }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={roles.data ? `(${filteredItemsCount ?? roles.data.length})` : undefined}
            description="An IAM role is an identity you can create that has specific permissions with credentials that are valid for short durations. Roles can be assumed by entities that you trust."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!selected} onClick={() => selected && setDeleting(selected)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => void navigate('/roles/create')}>
                  Create role
                </Button>
              </SpaceBetween>
            }
          >
            Roles
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Search" filteringAriaLabel="Filter roles" />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Role name',
            sortingField: 'RoleName',
            cell: (r) => (
              <RouterLink href={roleHref(r.RoleName)}>{r.RoleName}</RouterLink>
            ),
          },
          { id: 'trusted', header: 'Trusted entities', cell: (r) => trustedEntities(r.AssumeRolePolicyDocument).join(', ') || '-' },
          { id: 'activity', header: 'Last activity', cell: (r) => (r.RoleLastUsed?.LastUsedDate ? formatDate(r.RoleLastUsed.LastUsedDate) : '-') },
          { id: 'created', header: 'Creation time', sortingField: 'CreateDate', cell: (r) => formatDate(r.CreateDate) },
        ]}
      />
      {deleting && (
        <DeleteRoleModal
          roleName={deleting.RoleName}
          serviceLinked={linkedServiceOf(deleting) !== undefined}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setFlash(`Role ${deleting.RoleName} deleted.`);
            setDeleting(null);
          }}
        />
      )}
    </SpaceBetween>
  );
}
