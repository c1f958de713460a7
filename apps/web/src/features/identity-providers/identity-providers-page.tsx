// Identity providers: the account's SAML and OpenID Connect providers in one table (Provider,
// Type, Creation time), as the IAM console's Access management › Identity providers page.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { identityProvidersQuery, useDeleteProviderMutation, type IdentityProvider } from '../../api/queries/identity-providers.ts';
import { ClientCollectionTable } from '../../components/client-collection-table.tsx';
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
  const target = selected[0];
  const addProvider = () => void navigate('/identity-providers/create');

  return (
    <ClientCollectionTable<IdentityProvider>
      title="Identity providers"
      resourceName="identity providers"
      description="Use an identity provider (IdP) to manage your user identities outside of AWS, and give these external identities permissions to use resources in your account."
      notifications={<CreatedFlashbar />}
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button disabled={!target} onClick={() => setDeleting(true)}>
            Delete
          </Button>
          <Button variant="primary" onClick={addProvider}>
            Add provider
          </Button>
        </SpaceBetween>
      }
      list={providers}
      trackBy="arn"
      defaultSort={{ field: 'name' }}
      search={{ label: 'Filter providers by name', text: (p) => p.name }}
      empty={
        <Box textAlign="center">
          <SpaceBetween size="xs">
            <b>No resources to display</b>
            <Button onClick={addProvider}>Add provider</Button>
          </SpaceBetween>
        </Box>
      }
      selection={{ type: 'single', selected, onChange: setSelected, itemLabel: (p) => p.name }}
      columns={[
        { id: 'name', header: 'Provider', sortingField: 'name', cell: (p) => <RouterLink href={providerDetailPath(p.arn)}>{p.name}</RouterLink> },
        { id: 'type', header: 'Type', sortingField: 'type', cell: (p) => providerTypeLabel(p.type) },
        { id: 'created', header: 'Creation time', sortingField: 'createDate', cell: (p) => formatDateTime(p.createDate) },
      ]}
    >
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
    </ClientCollectionTable>
  );
}
