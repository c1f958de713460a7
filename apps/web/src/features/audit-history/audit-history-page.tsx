// Audit history: every call to the account's API, allowed or denied, newest first; filtered by
// time range, principal, action and decision on the server, paged with its Marker.
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Pagination from '@cloudscape-design/components/pagination';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { auditEventsQuery, type AuditEvent, type AuditEventsFilter } from '../../api/queries/audit-history.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { EMPTY_FILTER, toAuditFilter, validateAuditFilter, type AuditFilterForm, type TimeRange } from './audit-filter.ts';

const RANGES: { value: TimeRange; label: string }[] = [
  { value: 'all', label: 'All time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom range' },
];
const DECISIONS = [
  { value: '', label: 'Any decision' },
  { value: 'allowed', label: 'Allowed' },
  { value: 'denied', label: 'Denied' },
  { value: 'invalid', label: 'Invalid request' },
];

function Decision({ event }: { event: AuditEvent }) {
  if (event.Decision === 'allowed') return <StatusIndicator type={event.ErrorCode ? 'warning' : 'success'}>Allowed</StatusIndicator>;
  if (event.Decision === 'denied') return <StatusIndicator type="error">Denied</StatusIndicator>;
  return <StatusIndicator type="stopped">Invalid</StatusIndicator>;
}

const NoWrap = ({ children }: { children: ReactNode }) => <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;
const WrapAnywhere = ({ children }: { children: ReactNode }) => <span style={{ overflowWrap: 'anywhere' }}>{children}</span>;

export function AuditHistoryPage() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [submitted, setSubmitted] = useState(false);
  const [filter, setFilter] = useState<AuditEventsFilter>({});
  // markers[i] opens page i + 1 (undefined for the first page).
  const [markers, setMarkers] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const events = useQuery({ ...auditEventsQuery(filter, markers[page]), placeholderData: keepPreviousData });
  const errors = submitted ? validateAuditFilter(form) : {};
  const set = (patch: Partial<AuditFilterForm>) => setForm((f) => ({ ...f, ...patch }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validateAuditFilter(form)).length > 0) return;
    setFilter(toAuditFilter(form));
    setMarkers([undefined]);
    setPage(0);
  };
  const clear = () => {
    setForm(EMPTY_FILTER);
    setSubmitted(false);
    setFilter({});
    setMarkers([undefined]);
    setPage(0);
  };
  const goTo = (index: number) => {
    if (index === markers.length && events.data?.IsTruncated && events.data.Marker) setMarkers([...markers, events.data.Marker]);
    if (index <= markers.length) setPage(index);
  };
  const hasNext = page < markers.length - 1 || Boolean(events.data?.IsTruncated);

  return (
    <ContentLayout header={<Header variant="h1" description="Every request to this account's API, allowed or denied, with who made it and from where.">Audit history</Header>}>
      <SpaceBetween size="l">
        <form onSubmit={apply} noValidate>
          <Form
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button formAction="none" onClick={clear}>
                  Clear filters
                </Button>
                <Button variant="primary" formAction="submit">
                  Apply filters
                </Button>
              </SpaceBetween>
            }
          >
            <Container header={<Header variant="h2">Filters</Header>}>
              <ColumnLayout columns={4}>
                <FormField label="Time range">
                  <Select selectedOption={RANGES.find((r) => r.value === form.range)!} options={RANGES} onChange={({ detail }) => set({ range: detail.selectedOption.value as TimeRange })} />
                </FormField>
                <FormField label="Principal ARN" errorText={errors.principal}>
                  <Input value={form.principal} placeholder="arn:aws:iam::123456789012:user/alice" onChange={({ detail }) => set({ principal: detail.value })} />
                </FormField>
                <FormField label="Action" errorText={errors.action}>
                  <Input value={form.action} placeholder="iam:CreateUser" onChange={({ detail }) => set({ action: detail.value })} />
                </FormField>
                <FormField label="Decision">
                  <Select selectedOption={DECISIONS.find((d) => d.value === form.decision)!} options={DECISIONS} onChange={({ detail }) => set({ decision: detail.selectedOption.value as AuditFilterForm['decision'] })} />
                </FormField>
                {form.range === 'custom' && (
                  <FormField label="Start time" constraintText="ISO 8601, e.g. 2026-01-31T13:00:00Z" errorText={errors.start}>
                    <Input value={form.start} onChange={({ detail }) => set({ start: detail.value })} />
                  </FormField>
                )}
                {form.range === 'custom' && (
                  <FormField label="End time" constraintText="ISO 8601, e.g. 2026-01-31T14:00:00Z" errorText={errors.end}>
                    <Input value={form.end} onChange={({ detail }) => set({ end: detail.value })} />
                  </FormField>
                )}
              </ColumnLayout>
            </Container>
          </Form>
        </form>
        {events.isError && <ApiErrorAlert error={events.error} header="The audit events could not be loaded" action={<Button onClick={() => void events.refetch()}>Retry</Button>} />}
        <Table
          items={events.data?.Events ?? []}
          loading={events.isLoading || (events.isFetching && events.isPlaceholderData)}
          loadingText="Loading events"
          trackBy="EventId"
          wrapLines
          ariaLabels={{ tableLabel: 'Audit events' }}
          empty="No events match the filters."
          header={
            <Header variant="h2" actions={<Button iconName="refresh" ariaLabel="Refresh events" loading={events.isFetching} onClick={() => void events.refetch()} />}>
              Events
            </Header>
          }
          pagination={
            <Pagination
              currentPageIndex={page + 1}
              pagesCount={markers.length}
              openEnd={hasNext}
              onChange={({ detail }) => goTo(detail.currentPageIndex - 1)}
              onNextPageClick={() => goTo(page + 1)}
              onPreviousPageClick={() => goTo(page - 1)}
              ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
            />
          }
          columnDefinitions={[
            // Short values never break (a time in four lines, "Allow/ed" in two was the complaint);
            // ARNs are long without spaces, so they may wrap anywhere instead of widening the table.
            { id: 'time', header: 'Event time', minWidth: 230, cell: (e) => <NoWrap>{formatDateTime(e.EventTime, { seconds: true })}</NoWrap> },
            { id: 'principal', header: 'Principal', minWidth: 200, cell: (e) => <WrapAnywhere>{e.PrincipalArn ?? '-'}</WrapAnywhere> },
            { id: 'action', header: 'Action', minWidth: 160, cell: (e) => <NoWrap>{e.Action}</NoWrap> },
            { id: 'resource', header: 'Resource', minWidth: 200, cell: (e) => <WrapAnywhere>{e.Resource ?? '-'}</WrapAnywhere> },
            { id: 'decision', header: 'Decision', minWidth: 120, cell: (e) => <NoWrap><Decision event={e} /></NoWrap> },
            { id: 'error', header: 'Error code', minWidth: 120, cell: (e) => <NoWrap>{e.ErrorCode ?? '-'}</NoWrap> },
            { id: 'ip', header: 'Source IP', minWidth: 120, cell: (e) => <NoWrap>{e.SourceIp ?? '-'}</NoWrap> },
            { id: 'request', header: 'Request ID', minWidth: 160, cell: (e) => <WrapAnywhere>{e.RequestId}</WrapAnywhere> },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
