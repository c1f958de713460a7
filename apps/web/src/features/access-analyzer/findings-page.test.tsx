import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { ExternalAccessFindingsPage } from './findings-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const arn = (name: string) => `arn:aws:access-analyzer:us-east-1:123456789012:analyzer/${name}`;
const analyzers = [
  { arn: arn('unused'), name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', createdAt: '2026-01-01T00:00:00Z', status: 'ACTIVE' },
  { arn: arn('external'), name: 'external', type: 'ACCOUNT', createdAt: '2026-01-01T00:00:00Z', status: 'ACTIVE' },
];
const finding = {
  id: 'f-1',
  resource: 'arn:aws:iam::123456789012:role/deploy',
  resourceType: 'AWS::IAM::Role',
  resourceOwnerAccount: '123456789012',
  principal: { AWS: '210987654321' },
  action: ['sts:AssumeRole'],
  condition: { 'sts:ExternalId': 'abc' },
  isPublic: false,
  status: 'ACTIVE',
  createdAt: '2026-01-02T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  analyzedAt: '2026-01-02T00:00:00Z',
};

it('lists the external access analyzer’s findings by status, and archives the selected ones', async () => {
  const { calls } = stubFetch({
    'POST /api/access-analyzer/ListAnalyzers': { status: 200, body: { analyzers } },
    'POST /api/access-analyzer/ListFindings': { status: 200, body: { findings: [finding] } },
    'POST /api/access-analyzer/UpdateFindings': { status: 200, body: {} },
  });
  renderRoute(<ExternalAccessFindingsPage />, { path: '/access-analyzer/external-access' });
  const user = userEvent.setup({ delay: null });
  const row = (await screen.findByRole('link', { name: 'deploy' })).closest('tr')!;
  expect(row.textContent).toContain('AWS: 210987654321');
  expect(row.textContent).toContain('sts:ExternalId: abc');
  expect(row.textContent).toContain('Write');
  const lists = () => calls.filter((c) => c.path === '/api/access-analyzer/ListFindings').map((c) => c.body);
  expect(lists()[0]).toEqual({ analyzerArn: arn('external'), filter: { status: { eq: ['ACTIVE'] } }, maxResults: 1000 });

  await user.click(screen.getByRole('checkbox', { name: 'Finding f-1' }));
  await user.click(screen.getByRole('button', { name: 'Archive' }));
  expect(await screen.findByText('1 finding archived.')).toBeTruthy();
  expect(calls.find((c) => c.path === '/api/access-analyzer/UpdateFindings')?.body).toEqual({ analyzerArn: arn('external'), ids: ['f-1'], status: 'ARCHIVED' });

  await user.click(screen.getByRole('button', { name: 'All' }));
  await waitFor(() => expect(lists().at(-1)).toEqual({ analyzerArn: arn('external'), filter: {}, maxResults: 1000 }));
});
