// A searchable table of managed policies with checkboxes (or radio buttons), filtered by type:
// "Add permissions" of the Create role wizard, attaching policies to a role, the boundary picker.
// A search ranks the exact name first, then names that start with the text, then the rest, so
// `ReadOnlyAccess` is on top among the ~200 names that contain it. Page size is a preference.
import Box from '@cloudscape-design/components/box';
import CollectionPreferences from '@cloudscape-design/components/collection-preferences';
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
import { useStoredPreferences } from './server-collection.tsx';

const TYPES = [
  { value: 'all', label: 'All types' },
  { value: 'AWS managed', label: 'AWS managed' },
  { value: 'Customer managed', label: 'Customer managed' },
  { value: 'AWS managed - job function', label: 'AWS managed - job function' },
];

const PAGE_SIZES = [10, 25, 50, 100] as const;
const COLUMNS = [{ id: 'name' }, { id: 'type' }, { id: 'used' }];
const NAME_COLUMN = { id: 'name', header: 'Policy name', sortingField: 'PolicyName', cell: (p: Policy) => p.PolicyName };

/** How well a name matches the search: 0 exact, 1 prefix, 2 a word starts with it, 3 contains it; undefined when it does not. */
export function matchRank(name: string, text: string): number | undefined {
  const n = name.toLowerCase();
  const t = text.toLowerCase();
  if (n === t) return 0;
  if (n.startsWith(t)) return 1;
  const at = n.indexOf(t);
  if (at < 0) return undefined;
  // A word start: after a separator, or an upper-case letter in CamelCase ("AmazonS3ReadOnlyAccess").
  const before = name[at - 1]!;
  return /[^A-Za-z0-9]/.test(before) || (/[A-Z]/.test(name[at]!) && /[a-z0-9]/.test(before)) ? 2 : 3;
}

/** The policies whose name contains `text`, best matches first, then by name; all of them by name when there is no text. */
export function rankPolicies(policies: Policy[], text: string): Policy[] {
  const byName = (a: Policy, b: Policy) => a.PolicyName.localeCompare(b.PolicyName);
  const search = text.trim();
  if (!search) return [...policies].sort(byName);
  return policies
    .map((policy) => ({ policy, rank: matchRank(policy.PolicyName, search) }))
    .filter((m): m is { policy: Policy; rank: number } => m.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || byName(a.policy, b.policy))
    .map((m) => m.policy);
}

export function PoliciesPickerTable({
  title,
  description,
  selectionType = 'multi',
  selectedArns,
  onChange,
  exclude = [],
  maxSelected,
}: {
  title: ReactNode;
  description?: ReactNode;
  selectionType?: 'multi' | 'single';
  selectedArns: string[];
  onChange: (arns: string[]) => void;
  /** Policies not to offer (already attached). */
  exclude?: string[];
  /** At most this many can be chosen (AWS's quota of managed policies per entity); more is refused with a message. */
  maxSelected?: number;
}) {
  const policies = useQuery(policiesListQuery('All'));
  const [type, setType] = useState(TYPES[0]!);
  const [filteringText, setFilteringText] = useState('');
  const [limitMessage, setLimitMessage] = useState('');
  const [preferences, setPreferences] = useStoredPreferences('policy-picker', COLUMNS);
  const candidates = (policies.data ?? []).filter((p) => !exclude.includes(p.Arn) && (type.value === 'all' || policyTypeLabel(p) === type.value));
  // The ranking is the order until the name column's header is clicked (undefined: ranked).
  const [nameDescending, setNameDescending] = useState<boolean | undefined>(undefined);
  const ranked = rankPolicies(candidates, filteringText);
  const items = nameDescending === undefined ? ranked : [...ranked].sort((a, b) => (nameDescending ? -1 : 1) * a.PolicyName.localeCompare(b.PolicyName));
  const { items: shown, collectionProps, paginationProps, actions } = useCollection(items, { pagination: { pageSize: preferences.pageSize } });
  const selected = (policies.data ?? []).filter((p) => selectedArns.includes(p.Arn));

  return (
    <SpaceBetween size="s">
      {policies.isError && <ApiErrorAlert error={policies.error} header="The policies could not be loaded" />}
      <Table<Policy>
        {...collectionProps}
        sortingColumn={nameDescending === undefined ? undefined : NAME_COLUMN}
        sortingDescending={nameDescending ?? false}
        onSortingChange={({ detail }) => setNameDescending(detail.isDescending ?? false)}
        items={shown}
        trackBy="Arn"
        selectionType={selectionType}
        selectedItems={selected}
        onSelectionChange={({ detail }) => {
          const arns = detail.selectedItems.map((p) => p.Arn);
          if (maxSelected !== undefined && arns.length > maxSelected) {
            setLimitMessage(`You can attach at most ${maxSelected} more managed ${maxSelected === 1 ? 'policy' : 'policies'}.`);
            return;
          }
          setLimitMessage('');
          onChange(arns);
        }}
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
            counter={selectedArns.length ? `(${selectedArns.length}/${items.length})` : `(${items.length})`}
            description={limitMessage ? <Box color="text-status-error">{limitMessage}</Box> : description}
          >
            {title}
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <TextFilter
              filteringText={filteringText}
              onChange={({ detail }) => {
                setFilteringText(detail.filteringText);
                actions.setCurrentPage(1);
                setNameDescending(undefined);
              }}
              filteringPlaceholder="Search"
              filteringAriaLabel="Filter policies by name"
              countText={filteringText ? `${items.length} match${items.length === 1 ? '' : 'es'}` : undefined}
            />
            <Select
              selectedOption={type}
              options={TYPES}
              ariaLabel="Filter by type"
              onChange={({ detail }) => setType(TYPES.find((t) => t.value === detail.selectedOption.value) ?? TYPES[0]!)}
            />
          </SpaceBetween>
        }
        empty={filteringText ? 'No policies match the filter.' : 'No policies'}
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        preferences={
          <CollectionPreferences
            title="Preferences"
            confirmLabel="Confirm"
            cancelLabel="Cancel"
            preferences={{ pageSize: preferences.pageSize }}
            onConfirm={({ detail }) => setPreferences({ ...preferences, pageSize: detail.pageSize ?? preferences.pageSize })}
            pageSizePreference={{ title: 'Page size', options: PAGE_SIZES.map((value) => ({ value, label: `${value} policies` })) }}
          />
        }
        columnDefinitions={[
          NAME_COLUMN,
          { id: 'type', header: 'Type', cell: (p) => policyTypeLabel(p) },
          { id: 'used', header: 'Attached entities', cell: (p) => policyUsedAs(p) },
        ]}
      />
    </SpaceBetween>
  );
}
