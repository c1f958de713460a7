import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { CreateAnalyzerModal } from './create-analyzer-modal.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

it('creates an unused access analyzer of the organization with its tracking period, refusing a period over 365 days', async () => {
  const { calls } = stubFetch({ 'POST /api/access-analyzer/CreateAnalyzer': { status: 200, body: { arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused' } } });
  const onCreated = vi.fn();
  renderRoute(<CreateAnalyzerModal onClose={() => undefined} onCreated={onCreated} />);
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole('radio', { name: /Unused access analysis/ }));
  await user.click(screen.getByRole('radio', { name: /Current organization/ }));
  const name = screen.getByRole('textbox', { name: 'Name' });
  await user.clear(name);
  await user.type(name, 'unused');
  const days = screen.getByRole('spinbutton', { name: 'Tracking period in days' });
  await user.clear(days);
  await user.type(days, '400');
  await user.click(screen.getByRole('button', { name: 'Create analyzer' }));
  expect(await screen.findByText('Enter a number of days from 1 to 365.')).toBeTruthy();
  expect(calls).toHaveLength(0);

  await user.clear(days);
  await user.type(days, '30');
  await user.click(screen.getByRole('button', { name: 'Create analyzer' }));
  await waitFor(() => expect(onCreated).toHaveBeenCalledWith({ name: 'unused', type: 'ORGANIZATION_UNUSED_ACCESS', arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused' }));
  expect(calls[0]?.body).toEqual({ analyzerName: 'unused', type: 'ORGANIZATION_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 30 } } });
});
