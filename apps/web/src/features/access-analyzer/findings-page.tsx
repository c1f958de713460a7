// The findings of one analyzer, as the Access Analyzer console lists them: the analyzer to show
// (external access or unused access ones), Active / Archived / Resolved / All, a property filter
// sent to the API as AWS's filter criteria, and Archive / Unarchive / Rescan of the selected
// findings. The analyzer and the status live in the URL (?analyzer=…&status=…), so Back from a
// finding returns to the same list.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import PropertyFilter, { type PropertyFilterProps } from '@cloudscape-design/components/property-filter';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  analyzersQuery,
  findingsQuery,
  isExternalAccessAnalyzer,
  isUnusedAccessAnalyzer,
  type AnalyzerSummary,
  type FindingsListAction,
  type Finding,
  type FindingSummaryV2,
} from '../../api/queries/access-analyzer.ts';
import { buttonActions, sections } from '../../app/navigation.ts';
import { usePermitted } from '../../app/permissions.ts';
import { useUrlQuery } from '../../app/url-query.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { RouterLink } from '../../components/router-link.tsx';
import { EXTERNAL_ACCESS_KEYS, FINDING_TYPE_LABELS, PROPERTY_OPERATORS, UNUSED_ACCESS_KEYS, findingsFilter, type FilterKey, type StatusChoice } from './filters.ts';
import { accessLevel, conditionText, principalText, resourceName, sharedThrough } from './format.ts';
import { FindingStatusIndicator, ResourceLink, findingHref, useFindingChanges } from './shared.tsx';

const STATUS_OPTIONS: { id: StatusChoice; text: string }[] = [
  { id: 'ACTIVE', text: 'Active' },
  { id: 'ARCHIVED', text: 'Archived' },
  { id: 'RESOLVED', text: 'Resolved' },
  { id: 'ALL', text: 'All' },
];

/** The property filter's words, its icon-only buttons named (the console's i18n messages hold none for it). */
const PROPERTY_FILTER_STRINGS: PropertyFilterProps.I18nStrings = {
  dismissAriaLabel: 'Dismiss',
  clearAriaLabel: 'Clear',
  clearFiltersText: 'Clear filters',
  removeTokenButtonAriaLabel: (token) => `Remove filter ${token.propertyLabel} ${token.operator} ${token.value}`,
  groupValuesText: 'Values',
  groupPropertiesText: 'Properties',
  operatorsText: 'Operators',
  operationAndText: 'and',
  operationOrText: 'or',
  operatorContainsText: 'Contains',
  operatorEqualsText: 'Equals',
  operatorDoesNotEqualText: 'Does not equal',
  editTokenHeader: 'Edit filter',
  propertyText: 'Property',
  operatorText: 'Operator',
  valueText: 'Value',
  cancelActionText: 'Cancel',
  applyActionText: 'Apply',
  allPropertiesLabel: 'All properties',
  tokenLimitShowMore: 'Show more',
  tokenLimitShowFewer: 'Show fewer',
  tokenOperatorAriaLabel: 'Boolean operator',
  enteredTextLabel: (text) => `Use: "${text}"`,
};

const EMPTY_QUERY: PropertyFilterProps.Query = { tokens: [], operation: 'and' };

/** The columns every findings table shares: ID (to the finding's page), resource, status, updated. */
function commonColumns<T extends FindingSummaryV2 | Finding>(analyzer: AnalyzerSummary) {
  return {
    id: { id: 'id', header: 'Finding ID', sortingField: 'id', cell: (f: T) => <RouterLink href={findingHref(analyzer, f.id)}>{f.id}</RouterLink> },
    resource: { id: 'resource', header: 'Resource', sortingComparator: (a: T, b: T) => resourceName(a.resource).localeCompare(resourceName(b.resource)), cell: (f: T) => <ResourceLink arn={f.resource} /> },
    status: { id: 'status', header: 'Status', sortingField: 'status', cell: (f: T) => <FindingStatusIndicator status={f.status} /> },
    updated: { id: 'updated', header: 'Updated', sortingField: 'updatedAt', cell: (f: T) => formatDateTime(f.updatedAt) },
  } satisfies Record<string, TableProps.ColumnDefinition<T>>;
}

function externalColumns(analyzer: AnalyzerSummary): TableProps.ColumnDefinition<Finding>[] {
  const c = commonColumns<Finding>(analyzer);
  return [
    c.id,
    c.resource,
    { id: 'principal', header: 'External principal', sortingComparator: (a, b) => principalText(a.principal, a.isPublic).localeCompare(principalText(b.principal, b.isPublic)), cell: (f) => principalText(f.principal, f.isPublic) },
    { id: 'condition', header: 'Condition', cell: (f) => conditionText(f.condition) },
    { id: 'sharedThrough', header: 'Shared through', cell: (f) => sharedThrough(f.sources) },
    { id: 'accessLevel', header: 'Access level', cell: (f) => accessLevel(f.action) },
    c.updated,
    c.status,
  ];
}

function unusedColumns(analyzer: AnalyzerSummary): TableProps.ColumnDefinition<FindingSummaryV2>[] {
  const c = commonColumns<FindingSummaryV2>(analyzer);
  return [
    c.id,
    c.resource,
    { id: 'resourceType', header: 'Resource type', sortingField: 'resourceType', cell: (f) => f.resourceType },
    { id: 'findingType', header: 'Finding type', sortingField: 'findingType', cell: (f) => (f.findingType ? (FINDING_TYPE_LABELS[f.findingType] ?? f.findingType) : '-') },
    { id: 'owner', header: 'Resource owner account', sortingField: 'resourceOwnerAccount', cell: (f) => f.resourceOwnerAccount },
    c.updated,
    c.status,
  ];
}

interface FindingsKind<T> {
  title: string;
  description: string;
  resourceLabel: string;
  matches: (analyzer: AnalyzerSummary) => boolean;
  keys: readonly FilterKey[];
  columns: (analyzer: AnalyzerSummary) => TableProps.ColumnDefinition<T>[];
  list: FindingsListAction;
  /** External access findings may be rescanned (StartResourceScan). */
  rescan: boolean;
}

const EXTERNAL: FindingsKind<Finding> = {
  title: sections.accessAnalyzerExternalAccess.title,
  description: 'Roles, AMIs and snapshots that principals outside your zone of trust can reach. Archive the access you intend; resolve the rest by changing the resource.',
  resourceLabel: 'external access findings',
  matches: (a) => isExternalAccessAnalyzer(a.type),
  keys: EXTERNAL_ACCESS_KEYS,
  columns: externalColumns,
  list: 'ListFindings',
  rescan: true,
};

const UNUSED: FindingsKind<FindingSummaryV2> = {
  title: sections.accessAnalyzerUnusedAccess.title,
  description: 'Roles, access keys, passwords and permissions in your zone of trust that have not been used within the tracking period.',
  resourceLabel: 'unused access findings',
  matches: (a) => isUnusedAccessAnalyzer(a.type),
  keys: UNUSED_ACCESS_KEYS,
  columns: unusedColumns,
  list: 'ListFindingsV2',
  rescan: false,
};

function FindingsPage<T extends Finding | FindingSummaryV2>({ kind }: { kind: FindingsKind<T> }) {
  const [params, updateParams] = useUrlQuery();
  const analyzers = useQuery(analyzersQuery);
  const ofKind = (analyzers.data ?? []).filter(kind.matches);
  const analyzer = ofKind.find((a) => a.name === params.get('analyzer')) ?? ofKind[0];
  const status = (STATUS_OPTIONS.find((o) => o.id === params.get('status'))?.id ?? 'ACTIVE') satisfies StatusChoice;
  const [query, setQuery] = useState<PropertyFilterProps.Query>(EMPTY_QUERY);
  const filter = findingsFilter(status, query);
  const findings = useQuery({ ...findingsQuery<T>(kind.list, analyzer?.arn ?? '', filter), enabled: analyzer !== undefined });
  const [selected, setSelected] = useState<T[]>([]);
  const changes = useFindingChanges(analyzer?.arn);
  const archivePermitted = usePermitted(buttonActions.updateFindings);
  const columns = analyzer ? kind.columns(analyzer) : [];
  const { items, collectionProps, paginationProps } = useCollection(findings.data ?? [], {
    pagination: { pageSize: 25 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'updatedAt' }, isDescending: true } },
  });
  const setParam = (name: string, value: string) => {
    setSelected([]);
    updateParams({ [name]: value });
  };
  const ids = (wanted: string) => selected.filter((f) => f.status === wanted).map((f) => f.id);
  /** Clears the selection once a change succeeded (the changed findings may have left the list). */
  const act = async (work: Promise<boolean>) => {
    if (await work) setSelected([]);
  };

  const flash = changes.message ? (
    <Flashbar items={[{ id: 'changed', type: 'success', content: changes.message, dismissible: true, dismissLabel: 'Dismiss message', onDismiss: changes.dismiss }]} />
  ) : null;

  return (
    <SpaceBetween size="m">
      {flash}
      {analyzers.isError && <ApiErrorAlert error={analyzers.error} header="The analyzers could not be loaded" />}
      {findings.isError && <ApiErrorAlert error={findings.error} header="The findings could not be loaded" />}
      {changes.error !== null && <ApiErrorAlert error={changes.error} header="The findings could not be changed" focusOnShow onDismiss={changes.dismiss} />}
      <Table<T>
        {...collectionProps}
        items={items}
        columnDefinitions={columns}
        trackBy="id"
        variant="full-page"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        loading={analyzers.isPending || (analyzer !== undefined && findings.isPending)}
        loadingText={`Loading ${kind.resourceLabel}`}
        ariaLabels={{
          tableLabel: kind.title,
          selectionGroupLabel: 'Findings selection',
          itemSelectionLabel: (_s, f) => `Finding ${f.id}`,
          allItemsSelectionLabel: () => 'Select all findings on this page',
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={findings.data ? (selected.length ? `(${selected.length}/${findings.data.length})` : `(${findings.data.length})`) : undefined}
            description={kind.description}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                {kind.rescan && (
                  <Button disabled={selected.length === 0 || changes.busy} onClick={() => void act(changes.rescan(selected.flatMap((f) => (f.resource ? [f.resource] : []))))}>
                    Rescan
                  </Button>
                )}
                <Button
                  disabled={ids('ARCHIVED').length === 0 || changes.busy || !archivePermitted.allowed}
                  disabledReason={archivePermitted.reason}
                  onClick={() => void act(changes.setStatus(ids('ARCHIVED'), 'ACTIVE'))}
                >
                  Unarchive
                </Button>
                <Button
                  variant="primary"
                  disabled={ids('ACTIVE').length === 0 || changes.busy || !archivePermitted.allowed}
                  disabledReason={archivePermitted.reason}
                  loading={changes.busy}
                  onClick={() => void act(changes.setStatus(ids('ACTIVE'), 'ARCHIVED'))}
                >
                  Archive
                </Button>
              </SpaceBetween>
            }
          >
            {kind.title}
          </Header>
        }
        filter={
          <SpaceBetween size="s">
            <SpaceBetween direction="horizontal" size="s" alignItems="center">
              <Select
                ariaLabel="Analyzer"
                selectedOption={analyzer ? { value: analyzer.name, label: analyzer.name } : null}
                placeholder="Choose an analyzer"
                options={ofKind.map((a) => ({ value: a.name, label: a.name }))}
                onChange={({ detail }) => setParam('analyzer', detail.selectedOption.value ?? '')}
                empty="No analyzers"
              />
              <SegmentedControl
                label="Finding status"
                selectedId={status}
                options={STATUS_OPTIONS}
                onChange={({ detail }) => setParam('status', detail.selectedId)}
              />
            </SpaceBetween>
            <PropertyFilter
              query={query}
              onChange={({ detail }) => {
                setSelected([]);
                setQuery(detail);
              }}
              filteringProperties={kind.keys.map((k) => ({ key: k.key, propertyLabel: k.label, groupValuesLabel: `${k.label} values`, operators: PROPERTY_OPERATORS }))}
              filteringOptions={kind.keys.flatMap((k) => (k.values ?? []).map((value) => ({ propertyKey: k.key, value })))}
              disableFreeTextFiltering
              hideOperations
              filteringPlaceholder="Filter findings by property"
              filteringAriaLabel="Filter findings by property"
              i18nStrings={PROPERTY_FILTER_STRINGS}
              countText={findings.data ? `${findings.data.length} match${findings.data.length === 1 ? '' : 'es'}` : undefined}
              expandToViewport
            />
          </SpaceBetween>
        }
        empty={
          analyzer ? (
            <Box textAlign="center">No {STATUS_OPTIONS.find((o) => o.id === status)!.text.toLowerCase()} findings{query.tokens.length ? ' match the filter' : ''}</Box>
          ) : (
            <Box textAlign="center">
              <SpaceBetween size="xs">
                <b>No analyzer</b>
                <span>Create an analyzer to see {kind.resourceLabel}.</span>
                <RouterLink href={sections.accessAnalyzerSettings.path}>Analyzer settings</RouterLink>
              </SpaceBetween>
            </Box>
          )
        }
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
      />
    </SpaceBetween>
  );
}

export function ExternalAccessFindingsPage() {
  return <FindingsPage kind={EXTERNAL} />;
}

export function UnusedAccessFindingsPage() {
  return <FindingsPage kind={UNUSED} />;
}
