import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type StubResponse } from '../../test/render.tsx';
import { FindingDetailPage } from './finding-detail-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ANALYZER_ARN = 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused';
const analyzer = { arn: ANALYZER_ARN, name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', createdAt: '2026-01-01T00:00:00Z', status: 'ACTIVE', configuration: { unusedAccess: { unusedAccessAge: 90 } } };
const finding = {
  id: 'f-1',
  resource: 'arn:aws:iam::123456789012:role/builder',
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: '123456789012',
  status: 'ACTIVE',
  findingType: 'UnusedPermission',
  createdAt: '2026-01-02T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  analyzedAt: '2026-01-02T00:00:00Z',
  findingDetails: [{ unusedPermissionDetails: { serviceNamespace: 's3', actions: [{ action: 's3:PutObject' }], lastAccessed: '2025-06-01T00:00:00Z' } }],
};
const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

it('shows an unused permissions finding and generates its recommendation with AWS’s members', async () => {
  let generated = false;
  const recommendation = (): StubResponse =>
    generated
      ? {
          status: 200,
          body: {
            startedAt: '2026-01-03T00:00:00Z',
            completedAt: '2026-01-03T00:00:01Z',
            resourceArn: finding.resource,
            recommendationType: 'UnusedPermissionRecommendation',
            status: 'SUCCEEDED',
            recommendedSteps: [{ unusedPermissionsRecommendedStep: { recommendedAction: 'CREATE_POLICY', existingPolicyId: 'builder-policy', recommendedPolicy: JSON.stringify(policy) } }],
          },
        }
      : { status: 404, body: { error: { code: 'ResourceNotFoundException', message: 'No recommendation.' } } };
  const { calls } = stubFetch({
    'POST /api/access-analyzer/GetAnalyzer': { status: 200, body: { analyzer } },
    'POST /api/access-analyzer/GetFindingV2': { status: 200, body: finding },
    'POST /api/access-analyzer/GetFindingRecommendation': recommendation,
    'POST /api/access-analyzer/GenerateFindingRecommendation': () => {
      generated = true;
      return { status: 200 };
    },
  });
  renderRoute(<FindingDetailPage />, { path: '/access-analyzer/unused-access/:analyzerName/:findingId', url: '/access-analyzer/unused-access/unused/f-1' });
  const user = userEvent.setup({ delay: null });

  expect(await screen.findByRole('cell', { name: 's3' })).toBeTruthy();
  expect(screen.getByRole('cell', { name: 's3:PutObject' })).toBeTruthy();
  expect(screen.getByRole('link', { name: 'builder' }).getAttribute('href')).toBe('/roles/details/builder');
  expect(calls.find((c) => c.path === '/api/access-analyzer/GetFindingV2')?.body).toEqual({ analyzerArn: ANALYZER_ARN, id: 'f-1' });

  expect(await screen.findByText('No recommendation has been generated for this finding.')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Generate recommendation' }));
  expect(await screen.findByText('builder-policy')).toBeTruthy();
  expect(calls.find((c) => c.path === '/api/access-analyzer/GenerateFindingRecommendation')?.body).toEqual({ analyzerArn: ANALYZER_ARN, id: 'f-1' });
  await waitFor(() => expect(screen.getByLabelText('Recommended policy 1').textContent).toBe(JSON.stringify(policy, null, 2)));
});
