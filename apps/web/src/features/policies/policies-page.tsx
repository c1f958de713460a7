// The policies list: every policy the account can see (AWS managed and its own), loaded once
// and filtered here by type and name, 25 a page.
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { isAwsManaged, policiesListQuery, policyTypeLabel, policyUsedAs, type Policy } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { DeletePolicyModal } from './delete-policy-modal.tsx';

export const policyHref = (arn: string) => `/policies/details/${encodeURIComponent(arn)}`;

const TYPE_OPTIONS = [
  { value: 'all', label: 'All types' },
  { value: 'AWS managed', label: 'AWS managed' },
  { value: 'Customer managed', label: 'Customer managed' },
  { value: 'AWS managed - job function', label: 'AWS managed - job function' },
];

export function PoliciesPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const policies = useQuery(policiesListQuery('All'));
  const [type, setType] = useState(TYPE_OPTIONS[0]!);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);

  const items = (policies.data ?? []).filter((p) => type.value === 'all' || policyTypeLabel(p) === type.value);
  const { items: shown, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(items, {
    filtering: {
      filteringFunction: (item, text) => item.PolicyName.toLowerCase().includes(text.toLowerCase()),
      empty: 'No policies',
      noMatch: 'No policies match the filter.',
    },
    pagination: { pageSize: 25 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'PolicyName' } } },
    selection: {},
  });
  const selected = collectionProps.selectedItems?.[0];

  return (
    <SpaceBetween size="m">
      {flash && <Flashbar items={[{ type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      {policies.isError && <ApiErrorAlert error={policies.error} header="The policies could not be loaded" action={<Button onClick={() => void policies.refetch()}>Retry</Button>} />}
      <Table
        {...collectionProps}
        variant="full-page"
        selectionType="single"
        trackBy="Arn"
        loading={policies.isLoading}
        loadingText="Loading policies"
        items={shown}
        ariaLabels={{ tableLabel: 'Policies', itemSelectionLabel: (_s, item) => item.PolicyName, selectionGroupLabel: 'Policy selection' }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={policies.data ? `(${filteredItemsCount ?? items.length})` : undefined}
            description="A policy is an object in AWS that defines permissions."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!selected || isAwsManaged(selected.Arn)} onClick={() => selected && setDeleting(selected)}>
                  Delete
                </Button>
                <Button variant="primary" onClick={() => void navigate('/policies/create')}>
                  Create policy
                </Button>
              </SpaceBetween>
            }
          >
            Policies
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <TextFilter {...filterProps} filteringPlaceholder="Search" filteringAriaLabel="Filter policies by property or policy name" />
            <Select
              selectedOption={type}
              options={TYPE_OPTIONS}
              onChange={({ detail }) => setType(TYPE_OPTIONS.find((o) => o.value === detail.selectedOption.value) ?? TYPE_OPTIONS[0]!)}
              ariaLabel="Filter by type"
            />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Policy name',
            sortingField: 'PolicyName',
            cell: (p) => (
              <RouterLink href={policyHref(p.Arn)}>{p.PolicyName}</RouterLink>
            ),
          },
          { id: 'type', header: 'Type', cell: (p) => policyTypeLabel(p) },
          { id: 'used', header: 'Used as', cell: (p) => policyUsedAs(p) },
          { id: 'description', header: 'Description', cell: (p) => p.Description ?? '-' },
        ]}
      />
      {deleting && (
        <DeletePolicyModal
          policy={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setFlash(`Policy ${deleting.PolicyName} deleted.`);
            setDeleting(null);
          }}
        />
      )}
    </SpaceBetween>
  );
}
