// The Access Advisor tab of the user, group, role and policy detail pages: the services the
// entity's (or policy's) permissions allow, the policies granting each, and when each was last
// accessed within IAM's tracking period — so unused permissions can be removed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-view-data.html
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accessAdvisorQuery, type AccessAdvisorRow, type AccessAdvisorSubject } from '../api/queries/access-advisor.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { formatDateTime } from './date-format.ts';

/** The tab's label on the detail pages (AWS-REFERENCE.md: "Access Advisor"). */
export const ACCESS_ADVISOR_TAB_LABEL = 'Access Advisor';
export const NOT_ACCESSED = 'Not accessed in the tracking period';
/** IAM's tracking period for last accessed information. */
const TRACKING_PERIOD_DAYS = 400;

/** "Today", "1 day ago", "12 days ago" — or AWS's wording for a service not accessed at all. */
export function formatLastAccessed(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return NOT_ACCESSED;
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return NOT_ACCESSED;
  const days = Math.floor((now.getTime() - time) / 86_400_000);
  if (days <= 0) return 'Today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

type Shown = 'all' | 'accessed' | 'not-accessed';

/** Rows whose service name or namespace contains `text` (case-insensitive), of the chosen kind. */
export function filterRows(rows: AccessAdvisorRow[], text: string, shown: Shown = 'all'): AccessAdvisorRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (shown === 'all' || (shown === 'accessed') === Boolean(r.LastAuthenticated)) &&
      (!needle || r.ServiceName.toLowerCase().includes(needle) || r.ServiceNamespace.toLowerCase().includes(needle)),
  );
}

const entityName = (arn: string | undefined) => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : '-');

function policiesCell(row: AccessAdvisorRow) {
  if (!row.policies.length) return '-';
  return row.policies.map((p) => (p.PolicyType === 'INLINE' && p.EntityType === 'GROUP' ? `${p.PolicyName} (group ${p.EntityName})` : p.PolicyName)).join(', ');
}

export interface AccessAdvisorTabProps {
  /** The user, group, role or managed policy the report is about. */
  arn: string;
  subject: AccessAdvisorSubject;
  /** A policy's name, shown as the policy granting each service. */
  policyName?: string;
}

export function AccessAdvisorTab({ arn, subject, policyName }: AccessAdvisorTabProps) {
  const report = useQuery(accessAdvisorQuery(arn, subject, policyName));
  const [filterText, setFilterText] = useState('');
  const [shown, setShown] = useState<Shown>('all');
  const matches = filterRows(report.data?.rows ?? [], filterText, shown);
  const { items, collectionProps, paginationProps } = useCollection(matches, {
    pagination: { pageSize: 25 },
    sorting: { defaultState: { sortingColumn: { sortingField: 'ServiceName' } } },
  });
  const byOthers = subject === 'group' || subject === 'policy';

  return (
    <SpaceBetween size="s">
      {report.isError && <ApiErrorAlert error={report.error} header="The last accessed information could not be loaded" />}
      <Table<AccessAdvisorRow>
        {...collectionProps}
        items={items}
        trackBy="ServiceNamespace"
        loading={report.isFetching}
        loadingText="Generating the report"
        variant="embedded"
        header={
          <Header
            counter={report.data ? `(${matches.length})` : undefined}
            description={
              <>
                Allowed services, the policies granting them, and when they were last accessed. Recent activity usually appears within 4 hours; activity is tracked for{' '}
                {TRACKING_PERIOD_DAYS} days.
                {report.data && ` Report generated ${formatDateTime(report.data.generatedAt)}.`}
              </>
            }
            actions={
              <Button iconName="refresh" ariaLabel="Refresh last accessed information" loading={report.isFetching} onClick={() => void report.refetch()}>
                Refresh
              </Button>
            }
          >
            Allowed services
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="s">
            <TextFilter
              filteringText={filterText}
              filteringPlaceholder="Filter services"
              filteringAriaLabel="Filter services"
              countText={`${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`}
              onChange={({ detail }) => setFilterText(detail.filteringText)}
            />
            <SegmentedControl
              selectedId={shown}
              label="Show services"
              onChange={({ detail }) => setShown(detail.selectedId as Shown)}
              options={[
                { id: 'all', text: 'All' },
                { id: 'accessed', text: 'Accessed' },
                { id: 'not-accessed', text: 'Not accessed' },
              ]}
            />
          </SpaceBetween>
        }
        pagination={<Pagination {...paginationProps} />}
        empty={<Box textAlign="center">{filterText || shown !== 'all' ? 'No services match the filter' : 'No services are allowed'}</Box>}
        columnDefinitions={[
          { id: 'service', header: 'Service', cell: (r) => r.ServiceName, sortingField: 'ServiceName' },
          { id: 'policies', header: 'Policies granting permissions', cell: policiesCell },
          {
            id: 'last',
            header: 'Last accessed',
            cell: (r) => <span title={r.LastAuthenticated ? formatDateTime(r.LastAuthenticated) : undefined}>{formatLastAccessed(r.LastAuthenticated)}</span>,
            sortingComparator: (a, b) => (a.LastAuthenticated ?? '').localeCompare(b.LastAuthenticated ?? ''),
          },
          ...(byOthers
            ? [
                { id: 'entity', header: 'Last accessed by', cell: (r: AccessAdvisorRow) => entityName(r.LastAuthenticatedEntity) },
                { id: 'count', header: 'Entities that accessed', cell: (r: AccessAdvisorRow) => String(r.TotalAuthenticatedEntities ?? 0) },
              ]
            : []),
        ]}
      />
    </SpaceBetween>
  );
}
