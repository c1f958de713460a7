// A searchable table of managed policies with checkboxes (or radio buttons), filtered by type:
// "Add permissions" of the Create role wizard, attaching policies to a role, the boundary picker.
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { policiesListQuery, policyTypeLabel, policyUsedAs, type Policy } from '../api/queries/policies.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';

const TYPES = [
  { value: 'all', label: 'All types' },
  { value: 'AWS managed', label: 'AWS managed' },
  { value: 'Customer managed', label: 'Customer managed' },
  { value: 'AWS managed - job function', label: 'AWS managed - job function' },
];

export function PoliciesPickerTable({
  title,
  description,
  selectionType = 'multi',
  selectedArns,
  onChange,
  exclude = [],
}: {
  title: ReactNode;
  description?: ReactNode;
  selectionType?: 'multi' | 'single';
  selectedArns: string[];
  onChange: (arns: string[]) => void;
  /** Policies not to offer (already attached). */
  exclude?: string[];
}) {
  const policies = useQuery(policiesListQuery('All'));
  const [type, setType] = useState(TYPES[0]!);
  const items = (policies.data ?? []).filter((p) => !exclude.includes(p.Arn) && (type.value === 'all' || policyTypeLabel(p) === type.value));
  const { items: shown, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(items, {
    filtering: {
      filteringFunction: (item, text) => item.PolicyName.toLowerCase().includes(text.toLowerCase()),
      empty: 'No policies',
      noMatch: 'No policies match the filter.',
    },
    pagination: { pageSize: 10 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'PolicyName' } } },
  });
  const selected = (policies.data ?? []).filter((p) => selectedArns.includes(p.Arn));

  return (
    <SpaceBetween size="s">
      {policies.isError && <ApiErrorAlert error={policies.error} header="The policies could not be loaded" />}
      <Table<Policy>
        {...collectionProps}
        items={shown}
        trackBy="Arn"
        selectionType={selectionType}
        selectedItems={selected}
        onSelectionChange={({ detail }) => onChange(detail.selectedItems.map((p) => p.Arn))}
        loading={policies.isLoading}
        loadingText="Loading policies"
        ariaLabels={{
          tableLabel: typeof title === 'string' ? title : 'Policies',
          itemSelectionLabel: (_s, p) => p.PolicyName,
          allItemsSelectionLabel: () => 'Select all policies on this page',
          selectionGroupLabel: 'Policy selection',
        }}
        header={
          <Header
            variant="h2"
            counter={selectedArns.length ? `(${selectedArns.length}/${filteredItemsCount ?? items.length})` : `(${filteredItemsCount ?? items.length})`}
            description={description}
          >
            {title}
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <TextFilter {...filterProps} filteringPlaceholder="Search" filteringAriaLabel="Filter policies by name" />
            <Select
              selectedOption={type}
              options={TYPES}
              ariaLabel="Filter by type"
              onChange={({ detail }) => setType(TYPES.find((t) => t.value === detail.selectedOption.value) ?? TYPES[0]!)}
            />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          { id: 'name', header: 'Policy name', sortingField: 'PolicyName', cell: (p) => p.PolicyName },
          { id: 'type', header: 'Type', cell: (p) => policyTypeLabel(p) },
          { id: 'used', header: 'Attached entities', cell: (p) => policyUsedAs(p) },
        ]}
      />
    </SpaceBetween>
  );
}
