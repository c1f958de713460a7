// "Generate policy based on audit log events", at the bottom of a user's or role's Permissions tab
// (AWS: "Generate policy based on CloudTrail events"): choose a period, generate a least-privilege
// policy from the actions the principal used in it (IAM Access Analyzer policy generation), see
// them, and open the policy in the create-policy editor.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  generatedPolicyQuery,
  latestPolicyGenerationQuery,
  useStartPolicyGenerationMutation,
  type GeneratedPolicy,
  type Period,
  type PolicyGenerationStatus,
} from '../api/queries/policy-generation.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { formatDateTime } from './date-format.ts';

/** AWS's limit on the period a policy is generated from. */
export const MAX_PERIOD_DAYS = 90;
const DAY = 86_400_000;

export type PeriodChoice = '1' | '7' | '30' | '90' | 'custom';
const PERIOD_CHOICES: { value: PeriodChoice; label: string }[] = [
  { value: '1', label: 'Last 1 day' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom date range' },
];

/**
 * The period of a choice at `now`: the last N days, or whole days from `start` to `end`
 * (YYYY-MM-DD, in the browser's time zone; a range ending today ends now). An error text when
 * the custom range is incomplete, reversed, in the future or longer than AWS allows.
 */
export function periodOf(choice: PeriodChoice, custom: { start: string; end: string }, now: Date): Period | { error: string } {
  if (choice !== 'custom') return { startTime: new Date(now.getTime() - Number(choice) * DAY), endTime: now };
  if (!custom.start || !custom.end) return { error: 'Choose the first and the last day of the period.' };
  const startTime = new Date(`${custom.start}T00:00:00`);
  const dayAfterEnd = new Date(`${custom.end}T00:00:00`);
  dayAfterEnd.setDate(dayAfterEnd.getDate() + 1);
  const endTime = dayAfterEnd < now ? new Date(dayAfterEnd.getTime() - 1) : now;
  if (startTime >= now) return { error: 'The period must start before now.' };
  if (startTime >= endTime) return { error: 'The first day must not be after the last day.' };
  if (endTime.getTime() - startTime.getTime() > MAX_PERIOD_DAYS * DAY) return { error: `The period can be at most ${MAX_PERIOD_DAYS} days.` };
  return { startTime, endTime };
}

/** One row per statement of the generated policy: its service, actions and resources. */
export interface GeneratedStatementRow {
  id: string;
  service: string;
  actions: string[];
  resources: string[];
}

export function statementRows(policy: string): GeneratedStatementRow[] {
  const document = JSON.parse(policy) as { Statement: { Action: string | string[]; Resource: string | string[] }[] };
  return document.Statement.map((s, i) => {
    const actions = ([] as string[]).concat(s.Action);
    return { id: String(i), service: actions[0]!.split(':')[0]!, actions, resources: ([] as string[]).concat(s.Resource) };
  });
}

/** What the create-policy page reads from the router state to prefill its JSON editor. */
export interface PrefilledPolicyState {
  policyDocument: string;
}

export function prefilledPolicyDocument(state: unknown): string | undefined {
  const document = (state as Partial<PrefilledPolicyState> | null)?.policyDocument;
  return typeof document === 'string' ? document : undefined;
}

const STATUS: Record<PolicyGenerationStatus, { type: StatusIndicatorProps.Type; text: string }> = {
  IN_PROGRESS: { type: 'in-progress', text: 'In progress' },
  SUCCEEDED: { type: 'success', text: 'Succeeded' },
  FAILED: { type: 'error', text: 'Failed' },
  CANCELED: { type: 'stopped', text: 'Canceled' },
};

function GeneratedPolicyView({ generated, onOpen }: { generated: GeneratedPolicy; onOpen: (policy: string) => void }) {
  const { jobDetails, generatedPolicyResult } = generated;
  const status = STATUS[jobDetails.status];
  const policy = generatedPolicyResult.generatedPolicies?.[0]?.policy;
  const period = generatedPolicyResult.properties.cloudTrailProperties;
  return (
    <SpaceBetween size="m">
      <KeyValuePairs
        columns={3}
        items={[
          { label: 'Status', value: <StatusIndicator type={status.type}>{status.text}</StatusIndicator> },
          { label: 'Activity period', value: period ? `${formatDateTime(period.startTime)} – ${formatDateTime(period.endTime)}` : '-' },
          { label: 'Generated', value: formatDateTime(jobDetails.completedOn ?? jobDetails.startedOn) },
        ]}
      />
      {jobDetails.jobError && <Box color="text-status-error">{jobDetails.jobError.message}</Box>}
      {jobDetails.status === 'SUCCEEDED' &&
        (policy ? (
          <SpaceBetween size="m">
            <Table
              variant="embedded"
              ariaLabels={{ tableLabel: 'Actions used in the period' }}
              header={<Header variant="h3">Actions used in the period</Header>}
              items={statementRows(policy)}
              trackBy="id"
              columnDefinitions={[
                { id: 'service', header: 'Service', cell: (r) => r.service },
                { id: 'actions', header: 'Actions', cell: (r) => r.actions.join(', ') },
                { id: 'resources', header: 'Resources', cell: (r) => r.resources.join(', ') },
              ]}
            />
            <ExpandableSection headerText="Policy JSON">
              <Box variant="code">
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{policy}</pre>
              </Box>
            </ExpandableSection>
            <Button onClick={() => onOpen(policy)}>Open in policy editor</Button>
          </SpaceBetween>
        ) : (
          <Box>No allowed requests were recorded in this period: there is no policy to generate.</Box>
        ))}
    </SpaceBetween>
  );
}

export function GeneratePolicyPanel({ principalArn, subject }: { principalArn: string; subject: 'user' | 'role' }) {
  const navigate = useNavigate();
  const [choice, setChoice] = useState<PeriodChoice>('7');
  const [custom, setCustom] = useState({ start: '', end: '' });
  const [periodError, setPeriodError] = useState<string>();
  const latest = useQuery(latestPolicyGenerationQuery(principalArn));
  const start = useStartPolicyGenerationMutation();
  const jobId = start.data?.jobId ?? latest.data?.jobId;
  const generated = useQuery({ ...generatedPolicyQuery(jobId ?? ''), enabled: jobId !== undefined });

  const generate = () => {
    const period = periodOf(choice, custom, new Date());
    if ('error' in period) {
      setPeriodError(period.error);
      return;
    }
    setPeriodError(undefined);
    start.mutate({ principalArn, period });
  };
  const openInEditor = (policyDocument: string) => void navigate('/policies/create', { state: { policyDocument } satisfies PrefilledPolicyState });
  const datePickerStrings = (which: string) => ({
    openCalendarAriaLabel: (selected: string | null) => `Choose the ${which} day${selected ? `, selected date is ${selected}` : ''}`,
    previousMonthAriaLabel: 'Previous month',
    nextMonthAriaLabel: 'Next month',
    todayAriaLabel: 'Today',
  });

  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`Generate a policy that allows only the actions this ${subject} performed in a period, as the audit log recorded them, on the resources they acted on. Review it in the policy editor, then create it.`}
        >
          Generate policy based on audit log events
        </Header>
      }
    >
      <SpaceBetween size="l">
        <FormField label="Period of activity" description={`Up to ${MAX_PERIOD_DAYS} days.`} errorText={periodError}>
          <RadioGroup ariaLabel="Period of activity" value={choice} onChange={({ detail }) => setChoice(detail.value as PeriodChoice)} items={PERIOD_CHOICES} />
        </FormField>
        {choice === 'custom' && (
          <SpaceBetween direction="horizontal" size="l">
            <FormField label="First day">
              <DatePicker value={custom.start} onChange={({ detail }) => setCustom({ ...custom, start: detail.value })} placeholder="YYYY/MM/DD" i18nStrings={datePickerStrings('first')} />
            </FormField>
            <FormField label="Last day">
              <DatePicker value={custom.end} onChange={({ detail }) => setCustom({ ...custom, end: detail.value })} placeholder="YYYY/MM/DD" i18nStrings={datePickerStrings('last')} />
            </FormField>
          </SpaceBetween>
        )}
        <Button variant="primary" loading={start.isPending} onClick={generate}>
          Generate policy
        </Button>
        {start.isError && <ApiErrorAlert error={start.error} header="The policy could not be generated" />}
        {generated.isError && <ApiErrorAlert error={generated.error} header="The generated policy could not be loaded" />}
        {generated.data && <GeneratedPolicyView generated={generated.data} onOpen={openInEditor} />}
      </SpaceBetween>
    </Container>
  );
}
