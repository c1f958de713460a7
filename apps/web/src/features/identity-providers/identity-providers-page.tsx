// Identity providers: the account's SAML and OpenID Connect providers in one table (Provider,
// Type, Creation time), as the IAM console's Access management › Identity providers page.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { identityProvidersQuery, useDeleteProviderMutation, type IdentityProvider } from '../../api/queries/identity-providers.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { CreatedFlashbar } from '../../components/created-flash.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { providerDetailPath, providerTypeLabel } from './format.ts';

export function IdentityProvidersPage() {
  const navigate = useNavigate();
  const providers = useQuery(identityProvidersQuery);
  const remove = useDeleteProviderMutation();
  const [selected, setSelected] = useState<IdentityProvider[]>([]);
  const [deleting, setDeleting] = useState(false);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(providers.data ?? [], {
    filtering: {
      filteringFunction: (item, text) => item.name.toLowerCase().includes(text.toLowerCase()),
      empty: (
        <Box textAlign="center">
          <SpaceBetween size="xs">
            <b>No resources to display</b>
            <Button onClick={() => void navigate('/identity-providers/create')}>Add provider</Button>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No providers match the filter</Box>,
    },
    pagination: { pageSize: 20 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'name' } } },
  });
  const target = selected[0];

  return (
    <SpaceBetween size="m">
      <CreatedFlashbar />
      {providers.isError && <ApiErrorAlert error={providers.error} header="The identity providers could not be loaded" />}
      <Table<IdentityProvider>
        {...collectionProps}
        items={items}
        loading={providers.isPending}
        loadingText="Loading identity providers"
        trackBy="arn"
        variant="full-page"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Identity providers selection', itemSelectionLabel: (_s, item) => item.name }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={providers.data ? `(${providers.data.length})` : undefined}
            description="Use an identity provider (IdP) to manage your user identities outside of AWS, and give these external identities permissions to use resources in your account."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!target} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => void navigate('/identity-providers/create')}>
                  Add provider
                </Button>
              </SpaceBetween>
            }
          >
            Identity providers
          </Header>
        }
        filter={
          <TextFilter
            {...filterProps}
            filteringPlaceholder="Filter providers by name"
            filteringAriaLabel="Filter providers by name"
            countText={filteredItemsCount !== undefined ? `${filteredItemsCount} matches` : undefined}
          />
        }
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        columnDefinitions={[
          { id: 'name', header: 'Provider', sortingField: 'name', cell: (p) => <RouterLink href={providerDetailPath(p.arn)}>{p.name}</RouterLink> },
          { id: 'type', header: 'Type', sortingField: 'type', cell: (p) => providerTypeLabel(p.type) },
          { id: 'created', header: 'Creation time', sortingField: 'createDate', cell: (p) => formatDateTime(p.createDate) },
        ]}
      />
      {deleting && target && (
        <ConfirmDeleteModal
          header={`Delete ${target.name}?`}
          names={[target.name]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(target.arn, {
              onSuccess: () => {
                setDeleting(false);
                setSelected([]);
              },
            })
          }
        >
          <Box>Roles that trust this provider can no longer be assumed through it. This cannot be undone.</Box>
        </ConfirmDeleteModal>
      )}
    </SpaceBetween>
  );
}
