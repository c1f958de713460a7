// Analyzer settings: the account's analyzers (name, type, zone of trust, status, created), "Create
// analyzer" (external access for the account or the organization, or unused access with its
// tracking period) and Delete with the console's typed confirmation.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { analyzersQuery, isUnusedAccessAnalyzer, useUpdateAnalyzerMutation, type AnalyzerSummary } from '../../api/queries/access-analyzer.ts';
import { buttonActions } from '../../app/navigation.ts';
import { usePermitted } from '../../app/permissions.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { useFollow } from '../../components/entity-detail.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { CreateAnalyzerModal } from './create-analyzer-modal.tsx';
import { DeleteAnalyzerModal } from './delete-analyzer-modal.tsx';
import { ANALYZER_TYPE_LABELS, zoneOfTrust } from './format.ts';
import { AnalyzerStatusIndicator, findingsHref } from './shared.tsx';

const analyzerHref = (name: string) => `/access-analyzer/analyzers/${encodeURIComponent(name)}`;

export function AnalyzersPage() {
  const analyzers = useQuery(analyzersQuery);
  const follow = useFollow();
  const [selected, setSelected] = useState<AnalyzerSummary[]>([]);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [flash, setFlash] = useState<{ message: string; analyzer?: Pick<AnalyzerSummary, 'name' | 'type'> } | null>(null);
  const createPermitted = usePermitted(buttonActions.createAnalyzer);
  const deletePermitted = usePermitted(buttonActions.deleteAnalyzer);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(analyzers.data ?? [], {
    filtering: {
      filteringFunction: (a, text) => a.name.toLowerCase().includes(text.toLowerCase()),
      empty: (
        <Box textAlign="center">
          <SpaceBetween size="xs">
            <b>No analyzers</b>
            <span>Create an analyzer to find external access to your resources or unused access.</span>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No analyzers match the filter</Box>,
    },
    pagination: { pageSize: 25 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'createdAt' }, isDescending: true } },
  });
  const chosen = selected[0];
  const created = flash?.analyzer;
  // An unused access analyzer rescans when updated, with its own configuration too; an external
  // access analyzer follows every change as it happens (a resource is rescanned from its finding).
  const rescan = useUpdateAnalyzerMutation();
  const rescanRefusal = chosen && !isUnusedAccessAnalyzer(chosen.type) ? 'External access findings follow every change; rescan a resource from its finding.' : undefined;

  return (
    <SpaceBetween size="m">
      {flash && (
        <Flashbar
          items={[
            {
              id: 'analyzer',
              type: 'success',
              content: flash.message,
              dismissible: true,
              dismissLabel: 'Dismiss message',
              onDismiss: () => setFlash(null),
              ...(created ? { action: <Button href={findingsHref(created)} onFollow={follow(findingsHref(created))}>View findings</Button> } : {}),
            },
          ]}
        />
      )}
      {analyzers.isError && <ApiErrorAlert error={analyzers.error} header="The analyzers could not be loaded" />}
      {rescan.isError && <ApiErrorAlert error={rescan.error} header="The analyzer could not be rescanned" />}
      <Table<AnalyzerSummary>
        {...collectionProps}
        items={items}
        trackBy="name"
        variant="full-page"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        loading={analyzers.isPending}
        loadingText="Loading analyzers"
        ariaLabels={{ tableLabel: 'Analyzers', selectionGroupLabel: 'Analyzers selection', itemSelectionLabel: (_s, a) => a.name }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={analyzers.data ? `(${analyzers.data.length})` : undefined}
            description="An analyzer looks at the resources in its zone of trust: who outside it can reach them (external access), or what in it goes unused (unused access)."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  disabled={!chosen || rescanRefusal !== undefined}
                  disabledReason={rescanRefusal}
                  loading={rescan.isPending}
                  onClick={() =>
                    chosen &&
                    rescan.mutate({ analyzerName: chosen.name, configuration: chosen.configuration ?? { unusedAccess: {} } }, { onSuccess: () => setFlash({ message: `Analyzer ${chosen.name} rescanned.`, analyzer: chosen }) })
                  }
                >
                  Rescan
                </Button>
                <Button disabled={!chosen || !deletePermitted.allowed} disabledReason={deletePermitted.reason} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
                <Button variant="primary" disabled={!createPermitted.allowed} disabledReason={createPermitted.reason} onClick={() => setCreating(true)}>
                  Create analyzer
                </Button>
              </SpaceBetween>
            }
          >
            Analyzer settings
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find analyzers by name" filteringAriaLabel="Find analyzers by name" countText={`${filteredItemsCount ?? 0} matches`} />}
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        columnDefinitions={[
          { id: 'name', header: 'Name', sortingField: 'name', cell: (a) => <RouterLink href={analyzerHref(a.name)}>{a.name}</RouterLink> },
          { id: 'type', header: 'Type', sortingField: 'type', cell: (a) => ANALYZER_TYPE_LABELS[a.type] ?? a.type },
          { id: 'zone', header: 'Zone of trust', cell: (a) => zoneOfTrust(a) },
          { id: 'status', header: 'Status', sortingField: 'status', cell: (a) => <AnalyzerStatusIndicator analyzer={a} /> },
          { id: 'findings', header: 'Findings', cell: (a) => <RouterLink href={findingsHref(a)} ariaLabel={`View findings of ${a.name}`}>View findings</RouterLink> },
          { id: 'created', header: 'Created', sortingField: 'createdAt', cell: (a) => formatDateTime(a.createdAt) },
        ]}
      />
      {creating && (
        <CreateAnalyzerModal
          onClose={() => setCreating(false)}
          onCreated={(analyzer) => {
            setCreating(false);
            setFlash({ message: `Analyzer ${analyzer.name} created.`, analyzer });
          }}
        />
      )}
      {deleting && chosen && (
        <DeleteAnalyzerModal
          analyzer={chosen}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            setSelected([]);
            setFlash({ message: `Analyzer ${chosen.name} deleted.` });
          }}
        />
      )}
    </SpaceBetween>
  );
}
