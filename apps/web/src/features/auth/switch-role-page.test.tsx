import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { readRoleHistory } from './role-history.ts';
import { SwitchRolePage } from './switch-role-page.tsx';

const ACCOUNT = '123456789012';
const alice = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice', type: 'user' };
const switched = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, accountId: ACCOUNT, roleName: 'Admin', sessionName: 'alice', expiresAt: '2030-01-01T00:00:00Z' };

describe('SwitchRolePage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('switches with a display name and colour, and remembers them in the role history', async () => {
    const { calls } = stubFetch({
      'GET /api/session': { status: 200, body: { principal: alice, csrfToken: 't' } },
      'POST /api/session/switch-role': { status: 200, body: { principal: alice, switchedRole: switched, csrfToken: 't' } },
    });
    const { router } = renderRoute(<SwitchRolePage />, { path: '/switchrole', url: `/switchrole?account=${ACCOUNT}&roleName=Admin&color=efda95` });
    expect((screen.getByRole('radio', { name: 'Yellow' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByLabelText(/Display name/), { target: { value: 'Prod admin' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Green' }));
    fireEvent.click(screen.getByRole('button', { name: 'Switch role' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    // Only the account and role go to the server: display name and colour stay in the browser.
    expect(calls.find((c) => c.path === '/api/session/switch-role')?.body).toEqual({ account: ACCOUNT, roleName: 'Admin' });
    expect(readRoleHistory(alice.arn)).toEqual([{ account: ACCOUNT, accountId: ACCOUNT, roleName: 'Admin', displayName: 'Prod admin', color: 'green' }]);
  });

  it('refuses a display name longer than AWS allows', async () => {
    const { calls } = stubFetch({ 'GET /api/session': { status: 200, body: { principal: alice, csrfToken: 't' } } });
    renderRoute(<SwitchRolePage />, { path: '/switchrole', url: `/switchrole?account=${ACCOUNT}&roleName=Admin` });
    fireEvent.change(screen.getByLabelText(/Display name/), { target: { value: 'x'.repeat(65) } });
    fireEvent.click(screen.getByRole('button', { name: 'Switch role' }));
    expect(await screen.findByText('The display name can be at most 64 characters.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/session/switch-role')).toBe(false);
  });
});
