import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberRole } from '../features/auth/role-history.ts';
import { renderRoute, stubFetch } from '../test/render.tsx';
import { ConsoleLayout } from './console-layout.tsx';

const ACCOUNT = '123456789012';
const alice = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice', type: 'user' };
const switched = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, accountId: ACCOUNT, roleName: 'Admin', sessionName: 'alice', expiresAt: '2030-01-01T00:00:00Z' };

describe('ConsoleLayout', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('shows the assumed role by its display name and colour, with the session ARN', async () => {
    rememberRole(alice.arn, { account: ACCOUNT, accountId: ACCOUNT, roleName: 'Admin', displayName: 'Prod admin', color: 'red' });
    stubFetch({ 'GET /api/session': { status: 200, body: { principal: alice, switchedRole: switched, csrfToken: 't' } } });
    renderRoute(<ConsoleLayout />);
    expect(await screen.findByRole('button', { name: new RegExp(`Prod admin @ ${ACCOUNT}`) })).toBeTruthy();
    const banner = screen.getByRole('status', { name: 'Active role' });
    expect(within(banner).getByText(`Prod admin @ ${ACCOUNT}`)).toBeTruthy();
    expect(within(banner).getByText(switched.arn)).toBeTruthy();
    expect(banner.getAttribute('data-color')).toBe('#f2b0a9');
  });

  it.each([
    ['an IAM user', { principal: alice }, true],
    ['a switched role', { principal: alice, switchedRole: switched }, false],
    ['a federated sign-in', { principal: { arn: switched.arn, accountId: ACCOUNT, type: 'federated' }, federated: { providerArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Corp`, label: `Federated user: Admin/alice @ ${ACCOUNT}` } }, false],
  ])('offers Change password and My security credentials only to an IAM user itself: %s', async (_who, session, offered) => {
    stubFetch({ 'GET /api/session': { status: 200, body: { ...session, csrfToken: 't' } } });
    renderRoute(<ConsoleLayout />);
    fireEvent.click(await screen.findByRole('button', { name: /alice|Admin @/ }));
    expect(await screen.findByRole('menuitem', { name: 'Sign out' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Change password' }) !== null).toBe(offered);
    expect(screen.queryByRole('menuitem', { name: 'My security credentials' }) !== null).toBe(offered);
  });

  it('shows the user, and no role band, when no role is assumed', async () => {
    stubFetch({ 'GET /api/session': { status: 200, body: { principal: alice, csrfToken: 't' } } });
    renderRoute(<ConsoleLayout />);
    expect(await screen.findByRole('button', { name: /alice/ })).toBeTruthy();
    expect(screen.queryByRole('status', { name: 'Active role' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Theme' })).toBeTruthy();
  });
});
