import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../test/render.tsx';
import { GeneratePolicyPanel, periodOf, prefilledPolicyDocument, statementRows } from './generate-policy-panel.tsx';

const ARN = 'arn:aws:iam::123456789012:user/dev';
const DAY = 86_400_000;
const ok = (body: unknown = {}) => ({ status: 200, body });
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['iam:GetUser'], Resource: ARN },
    { Effect: 'Allow', Action: ['iam:ListRoles', 'iam:ListUsers'], Resource: '*' },
  ],
});

afterEach(() => vi.unstubAllGlobals());

describe('periodOf', () => {
  const now = new Date('2026-06-15T12:00:00');
  it('counts the last N days back from now', () => {
    expect(periodOf('30', { start: '', end: '' }, now)).toEqual({ startTime: new Date(now.getTime() - 30 * DAY), endTime: now });
  });
  it('takes whole days of a custom range, ending a range that ends today now', () => {
    expect(periodOf('custom', { start: '2026-06-01', end: '2026-06-02' }, now)).toEqual({ startTime: new Date('2026-06-01T00:00:00'), endTime: new Date(new Date('2026-06-03T00:00:00').getTime() - 1) });
    expect(periodOf('custom', { start: '2026-06-10', end: '2026-06-15' }, now)).toEqual({ startTime: new Date('2026-06-10T00:00:00'), endTime: now });
  });
  it.each([
    [{ start: '', end: '2026-06-02' }, 'Choose the first and the last day of the period.'],
    [{ start: '2026-06-05', end: '2026-06-02' }, 'The first day must not be after the last day.'],
    [{ start: '2026-06-16', end: '2026-06-17' }, 'The period must start before now.'],
    [{ start: '2026-01-01', end: '2026-06-01' }, 'The period can be at most 90 days.'],
  ])('refuses %j', (custom, error) => expect(periodOf('custom', custom, now)).toEqual({ error }));
});

describe('statementRows and prefilledPolicyDocument', () => {
  it('lists each statement with its service, actions and resources', () => {
    expect(statementRows(POLICY)).toEqual([
      { id: '0', service: 'iam', actions: ['iam:GetUser'], resources: [ARN] },
      { id: '1', service: 'iam', actions: ['iam:ListRoles', 'iam:ListUsers'], resources: ['*'] },
    ]);
  });
  it('reads a document from router state only when it is text', () => {
    expect(prefilledPolicyDocument({ policyDocument: POLICY })).toBe(POLICY);
    expect(prefilledPolicyDocument({ policyDocument: 1 })).toBeUndefined();
    expect(prefilledPolicyDocument(null)).toBeUndefined();
  });
});

function CreatePolicyStandIn() {
  const state = useLocation().state as { policyDocument?: string } | null;
  return <pre data-testid="prefilled">{state?.policyDocument}</pre>;
}

describe('GeneratePolicyPanel', () => {
  it('generates over the chosen period, shows the status and the actions, and opens the policy in the editor', async () => {
    let reads = 0;
    const job = (status: string) => ({
      jobDetails: { jobId: 'job-1', status, startedOn: '2026-06-15T12:00:00Z', ...(status === 'SUCCEEDED' ? { completedOn: '2026-06-15T12:00:01Z' } : {}) },
      generatedPolicyResult: {
        properties: { principalArn: ARN, isComplete: true, cloudTrailProperties: { startTime: '2026-05-16T12:00:00Z', endTime: '2026-06-15T12:00:00Z' } },
        generatedPolicies: status === 'SUCCEEDED' ? [{ policy: POLICY }] : [],
      },
    });
    const { calls } = stubFetch({
      'POST /api/access-analyzer/ListPolicyGenerations': ok({ policyGenerations: [] }),
      'POST /api/access-analyzer/StartPolicyGeneration': ok({ jobId: 'job-1' }),
      'POST /api/access-analyzer/GetGeneratedPolicy': () => ok(job(reads++ === 0 ? 'IN_PROGRESS' : 'SUCCEEDED')),
    });
    const { router } = renderRoute(<GeneratePolicyPanel principalArn={ARN} subject="user" />, { otherRoutes: [{ path: '/policies/create', element: <CreatePolicyStandIn /> }] });
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Last 30 days' }));
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: 'Generate policy' }));

    expect(await screen.findByText('In progress')).toBeTruthy();
    const start = calls.find((c) => c.path.endsWith('/StartPolicyGeneration'))!.body as {
      policyGenerationDetails: { principalArn: string };
      cloudTrailDetails: { startTime: string; endTime: string; trails: unknown[]; accessRole: string };
    };
    expect(start.policyGenerationDetails.principalArn).toBe(ARN);
    const period = Date.parse(start.cloudTrailDetails.endTime) - Date.parse(start.cloudTrailDetails.startTime);
    expect(period).toBe(30 * DAY);
    expect(Date.parse(start.cloudTrailDetails.endTime)).toBeGreaterThanOrEqual(before - 1000);
    expect(start.cloudTrailDetails.accessRole).toMatch(/^arn:aws:iam::123456789012:role\//);
    expect(calls.find((c) => c.path.endsWith('/GetGeneratedPolicy'))!.body).toEqual({ jobId: 'job-1', includeResourcePlaceholders: true });

    expect(await screen.findByText('Succeeded', {}, { timeout: 5000 })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Actions used in the period' });
    expect(within(table).getByText('iam:ListRoles, iam:ListUsers')).toBeTruthy();
    expect(within(table).getByText(ARN)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Open in policy editor' }));
    expect(router.state.location.pathname).toBe('/policies/create');
    expect(screen.getByTestId('prefilled').textContent).toBe(POLICY);
  });

  it("shows the principal's latest generation, and the server's error when a generation cannot start", async () => {
    stubFetch({
      'POST /api/access-analyzer/ListPolicyGenerations': ok({ policyGenerations: [{ jobId: 'job-0', principalArn: ARN, status: 'SUCCEEDED', startedOn: '2026-06-14T12:00:00Z' }] }),
      'POST /api/access-analyzer/GetGeneratedPolicy': ok({
        jobDetails: { jobId: 'job-0', status: 'SUCCEEDED', startedOn: '2026-06-14T12:00:00Z', completedOn: '2026-06-14T12:00:00Z' },
        generatedPolicyResult: { properties: { principalArn: ARN }, generatedPolicies: [] },
      }),
      'POST /api/access-analyzer/StartPolicyGeneration': {
        status: 403,
        body: { error: { code: 'AccessDenied', message: 'User: x is not authorized to perform: access-analyzer:StartPolicyGeneration', requestId: 'r1' } },
      },
    });
    renderRoute(<GeneratePolicyPanel principalArn={ARN} subject="user" />);
    expect(await screen.findByText(/No allowed requests were recorded in this period/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Generate policy' }));
    expect(await screen.findByText(/not authorized to perform: access-analyzer:StartPolicyGeneration/)).toBeTruthy();
  });
});
