import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../test/render.tsx';
import { AccessAdvisorTab, NOT_ACCESSED, filterRows, formatLastAccessed } from './access-advisor-tab.tsx';

const ARN = 'arn:aws:iam::123456789012:user/dev';
const ok = (body: unknown = {}) => ({ status: 200, body });

afterEach(() => vi.unstubAllGlobals());

describe('formatLastAccessed', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  it.each([
    [undefined, NOT_ACCESSED],
    ['2026-06-15T08:00:00Z', 'Today'],
    ['2026-06-14T08:00:00Z', '1 day ago'],
    ['2026-06-03T12:00:00Z', '12 days ago'],
  ])('%s → %s', (iso, text) => expect(formatLastAccessed(iso, now)).toBe(text));
});

describe('filterRows', () => {
  const rows = [
    { ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', policies: [] },
    { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: '2026-06-15T08:00:00Z', policies: [] },
  ];
  it('matches name or namespace, case-insensitively, and accessed or not', () => {
    expect(filterRows(rows, 'IAM').map((r) => r.ServiceNamespace)).toEqual(['iam']);
    expect(filterRows(rows, 'amazon').map((r) => r.ServiceNamespace)).toEqual(['ec2']);
    expect(filterRows(rows, '', 'not-accessed').map((r) => r.ServiceNamespace)).toEqual(['ec2']);
    expect(filterRows(rows, '', 'accessed').map((r) => r.ServiceNamespace)).toEqual(['iam']);
  });
});

describe('AccessAdvisorTab', () => {
  it('generates the report and shows services, granting policies and last access, with a filter', async () => {
    const today = new Date().toISOString();
    const { calls } = stubFetch({
      'POST /api/iam/GenerateServiceLastAccessedDetails': ok({ JobId: '11111111-2222-4333-8444-555555555555' }),
      'POST /api/iam/GetServiceLastAccessedDetails': ok({
        JobStatus: 'COMPLETED',
        JobCreationDate: today,
        IsTruncated: false,
        ServicesLastAccessed: [
          { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: today, LastAuthenticatedEntity: ARN, TotalAuthenticatedEntities: 1 },
          { ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 },
        ],
      }),
      'POST /api/iam/ListPoliciesGrantingServiceAccess': ok({
        IsTruncated: false,
        PoliciesGrantingServiceAccess: [
          { ServiceNamespace: 'iam', Policies: [{ PolicyName: 'IAMReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }] },
          { ServiceNamespace: 'ec2', Policies: [{ PolicyName: 'ec2-extra', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'readers' }] },
        ],
      }),
    });
    renderRoute(<AccessAdvisorTab arn={ARN} subject="user" />);
    expect(await screen.findByText('IAMReadOnlyAccess')).toBeTruthy();
    expect(screen.getByText('Today')).toBeTruthy();
    expect(screen.getByText(NOT_ACCESSED)).toBeTruthy();
    expect(screen.getByText('ec2-extra (group readers)')).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith('/GenerateServiceLastAccessedDetails'))!.body).toEqual({ Arn: ARN });
    expect(calls.find((c) => c.path.endsWith('/ListPoliciesGrantingServiceAccess'))!.body).toEqual({ Arn: ARN, ServiceNamespaces: ['iam', 'ec2'] });

    await userEvent.setup().type(screen.getByRole('searchbox', { name: 'Filter services' }), 'ec2');
    await waitFor(() => expect(screen.queryByText('IAMReadOnlyAccess')).toBeNull());
    expect(screen.getByText('Amazon EC2')).toBeTruthy();
  });

  it('shows the server\'s error when the report cannot be generated', async () => {
    stubFetch({
      'POST /api/iam/GenerateServiceLastAccessedDetails': { status: 403, body: { error: { code: 'AccessDenied', message: 'User: x is not authorized to perform: iam:GenerateServiceLastAccessedDetails', requestId: 'r1' } } },
    });
    renderRoute(<AccessAdvisorTab arn={ARN} subject="user" />);
    expect(await screen.findByText(/not authorized to perform: iam:GenerateServiceLastAccessedDetails/)).toBeTruthy();
  });
});
