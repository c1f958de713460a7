import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import type { AnalyzerSummary } from '../../api/queries/access-analyzer.ts';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { ArchiveRuleModal } from './archive-rule-modal.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const analyzer: AnalyzerSummary = { arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a', name: 'a', type: 'ACCOUNT', createdAt: '2026-01-01T00:00:00Z', status: 'ACTIVE' };
const rule = { ruleName: 'trusted', filter: { 'principal.AWS': { eq: ['111122223333'] } }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

it('edits a rule’s criteria, previews the active findings they match and saves them as AWS’s filter', async () => {
  const { calls } = stubFetch({
    'POST /api/access-analyzer/ListFindingsV2': { status: 200, body: { findings: [{ id: 'f-1', resource: 'arn:aws:iam::123456789012:role/deploy', resourceType: 'AWS::IAM::Role', resourceOwnerAccount: '123456789012', status: 'ACTIVE', createdAt: '', updatedAt: '', analyzedAt: '' }] } },
    'POST /api/access-analyzer/UpdateArchiveRule': { status: 200, body: {} },
  });
  const onSaved = vi.fn();
  renderRoute(<ArchiveRuleModal analyzer={analyzer} rule={rule} onClose={() => undefined} onSaved={onSaved} />);
  const user = userEvent.setup({ delay: null });
  const values = screen.getByRole('textbox', { name: /Values/ });
  expect((values as HTMLInputElement).value).toBe('111122223333');
  await user.type(values, ', 444455556666');

  await user.click(screen.getByRole('button', { name: 'Preview' }));
  expect((await screen.findByRole('status')).textContent).toBe('1 active finding matches these criteria: deploy.');
  const filter = { 'principal.AWS': { eq: ['111122223333', '444455556666'] } };
  expect(calls[0]?.body).toEqual({ analyzerArn: analyzer.arn, filter: { ...filter, status: { eq: ['ACTIVE'] } }, maxResults: 1000 });

  await user.click(screen.getByRole('button', { name: 'Save changes' }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledWith('trusted'));
  expect(calls.find((c) => c.path === '/api/access-analyzer/UpdateArchiveRule')?.body).toEqual({ analyzerName: 'a', ruleName: 'trusted', filter });
});
