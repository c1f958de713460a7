// A searchable, selectable table of managed policies (AWS managed and the account's own), as in
// the IAM console's "Attach permissions policies" and "Set permissions boundary". The ~1,500
// policies are loaded once (ListPolicies Scope All, cached) and filtered and paged locally.
// Shared by the users and groups sections.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { policiesListQuery, policyTypeLabel, type Policy } from '../api/queries/policies.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';

type TypeFilter = 'all' | 'aws' | 'customer';
const TYPE_OPTIONS = [
  { value: 'all', label: 'All types' },
  { value: 'aws', label: 'AWS managed' },
  { value: 'customer', label: 'Customer managed' },
] as const;

/**
 * The policies whose name contains `text` (case-insensitively), best first: the exact name, then
 * names that start with it, then the rest — so typing a full name finds it on the first page
 * among the ~1,500 AWS managed policies.
 */
export function rankPolicies<T extends { PolicyName: string }>(policies: T[], text: string): T[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return policies;
  const rank = (name: string) => (name === needle ? 0 : name.startsWith(needle) ? 1 : 2);
  return policies
    .filter((p) => p.PolicyName.toLowerCase().includes(needle))
    .map((p) => ({ p, r: rank(p.PolicyName.toLowerCase()) }))
    .sort((a, b) => a.r - b.r || a.p.PolicyName.localeCompare(b.p.PolicyName))
    .map(({ p }) => p);
}

export interface PolicyTableProps {
  title: string;
  description?: ReactNode;
  selectionType: 'single' | 'multi';
  selectedArns: string[];
  onChange: (arns: string[]) => void;
  /** At most this many can be chosen; more is refused with a message. */
  maxSelected?: number;
  /** ARNs that cannot be chosen (already attached). */
  disabledArns?: string[];
  pageSize?: number;
  /** Extra header actions, e.g. "Create policy". */
  actions?: ReactNode;
}

export function PolicyTable({ title, description, selectionType, selectedArns, onChange, maxSelected, disabledArns = [], pageSize = 10, actions }: PolicyTableProps) {
  const policies = useQuery(policiesListQuery('All'));
  const [type, setType] = useState<TypeFilter>('all');
  const [limitMessage, setLimitMessage] = useState('');
  const all = policies.data ?? [];
  const visible = type === 'all' ? all : all.filter((p) => (p.Arn.startsWith('arn:aws:iam::aws:') ? type === 'aws' : type === 'customer'));
  const [filterText, setFilterText] = useState('');
  const matches = rankPolicies(visible, filterText);
  const { items, collectionProps, paginationProps, actions: collection } = useCollection(matches, {
    pagination: { pageSize },
    sorting: {},
  });
  const filteredItemsCount = matches.length;
  const selectedItems = all.filter((p) => selectedArns.includes(p.Arn));

  return (
    <SpaceBetween size="s">
      {policies.isError && <ApiErrorAlert error={policies.error} header="The policies could not be loaded" />}
      <Table<Policy>
        {...collectionProps}
        items={items}
        empty={<Box textAlign="center">{filterText ? 'No policies match the filter' : 'No policies'}</Box>}
        loading={policies.isPending}
        loadingText="Loading policies"
        trackBy="Arn"
        variant="container"
        selectionType={selectionType}
        selectedItems={selectedItems}
        isItemDisabled={(item) => disabledArns.includes(item.Arn)}
        onSelectionChange={({ detail }) => {
          const arns = detail.selectedItems.map((p) => p.Arn);
          if (maxSelected !== undefined && arns.length > maxSelected) {
            setLimitMessage(`You can attach at most ${maxSelected} managed policies.`);
            return;
          }
          setLimitMessage('');
          onChange(arns);
        }}
        ariaLabels={{
          selectionGroupLabel: `${title} selection`,
          itemSelectionLabel: (_s, item) => item.PolicyName,
          allItemsSelectionLabel: () => 'Select all policies on this page',
        }}
        header={
          <Header
            counter={selectionType === 'multi' ? `(${selectedArns.length}/${filteredItemsCount})` : `(${filteredItemsCount})`}
            description={limitMessage ? <Box color="text-status-error">{limitMessage}</Box> : description}
            actions={actions}
          >
            {title}
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <TextFilter
              filteringText={filterText}
              onChange={({ detail }) => {
                setFilterText(detail.filteringText);
                collection.setCurrentPage(1);
              }}
              filteringPlaceholder="Filter policies by name"
              filteringAriaLabel="Filter policies by name"
              countText={filterText ? `${matches.length} matches` : undefined}
            />
            <Select
              ariaLabel="Filter by Type"
              selectedOption={TYPE_OPTIONS.find((o) => o.value === type) ?? TYPE_OPTIONS[0]}
              options={[...TYPE_OPTIONS]}
              onChange={({ detail }) => {
                setType(detail.selectedOption.value as TypeFilter);
                collection.setCurrentPage(1);
              }}
            />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        columnDefinitions={[
          { id: 'name', header: 'Policy name', cell: (p) => p.PolicyName, sortingField: 'PolicyName' },
          { id: 'type', header: 'Type', cell: (p) => policyTypeLabel(p) },
          { id: 'attachments', header: 'Attached entities', cell: (p) => p.AttachmentCount },
        ]}
      />
    </SpaceBetween>
  );
}
