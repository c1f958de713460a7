import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../test/render.tsx';
import { AccountOverview, securityRecommendations, signInUrl } from './account-overview.tsx';

describe('account overview', () => {
  it('builds the sign-in URL from the alias when there is one', () => {
    expect(signInUrl('https://iam.example.com', '123456789012', null)).toBe('https://iam.example.com/signin?account=123456789012');
    expect(signInUrl('https://iam.example.com', '123456789012', 'acme-prod')).toBe('https://iam.example.com/signin?account=acme-prod');
  });

  it('recommends root MFA, no root keys, a password policy and rotating old keys', () => {
    const bad = securityRecommendations({ AccountMFAEnabled: false, AccountAccessKeysPresent: true, PasswordPolicyPresent: false, ActiveAccessKeysOlderThan90Days: 2 });
    expect(bad.map((r) => [r.id, r.status])).toEqual([
      ['root-mfa', 'warning'],
      ['root-keys', 'warning'],
      ['password-policy', 'info'],
      ['old-keys', 'warning'],
    ]);
    expect(bad[3]!.text).toBe('2 active access keys have not been rotated in 90 days.');
    const good = securityRecommendations({ AccountMFAEnabled: true, AccountAccessKeysPresent: false, PasswordPolicyPresent: true, ActiveAccessKeysOlderThan90Days: 0 });
    expect(good.every((r) => r.status === 'success')).toBe(true);
  });

  it('links the root user (only) to assigning its MFA device', () => {
    const figures = { AccountMFAEnabled: false, AccountAccessKeysPresent: false, PasswordPolicyPresent: true, ActiveAccessKeysOlderThan90Days: 0 };
    expect(securityRecommendations(figures, true)[0]!.action).toEqual({ text: 'Assign MFA', href: '/security_credentials' });
    expect(securityRecommendations(figures)[0]!.action).toBeUndefined();
    expect(securityRecommendations({ ...figures, AccountMFAEnabled: true }, true)[0]!.action).toBeUndefined();
  });
});

describe('AccountOverview', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the account, its counts and the recommendations from one request', async () => {
    const { calls } = stubFetch({
      'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
      'POST /api/console/Dashboard': {
        status: 200,
        body: { Users: 3, Groups: 2, Roles: 5, Policies: 7, Providers: 0, AccountMFAEnabled: false, AccountAccessKeysPresent: false, AccountAlias: 'acme-prod', PasswordPolicyPresent: false, ActiveAccessKeys: 1, ActiveAccessKeysOlderThan90Days: 1 },
      },
    });
    renderRoute(<AccountOverview />);
    expect(await screen.findByText('acme-prod')).toBeTruthy();
    expect(screen.getByText('123456789012')).toBeTruthy();
    expect(screen.getByText(`${window.location.origin}/signin?account=acme-prod`)).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'Roles: 5' })).toBeTruthy();
    expect(await screen.findByText(/Add MFA for root user/)).toBeTruthy();
    expect(screen.getByText('Root user has no active access keys')).toBeTruthy();
    expect(screen.getByText(/No custom password policy/)).toBeTruthy();
    expect(await screen.findByText('1 active access key has not been rotated in 90 days.')).toBeTruthy();
    expect(calls.filter((c) => c.path.startsWith('/api/') && c.path !== '/api/session').map((c) => c.path)).toEqual(['/api/console/Dashboard']);
  });

  it('shows the assumed-role session, not the user, while a role is assumed', async () => {
    const ACCOUNT = '210987654321';
    stubFetch({
      'GET /api/session': {
        status: 200,
        body: {
          principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' },
          switchedRole: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, accountId: ACCOUNT, roleName: 'Admin', sessionName: 'alice', expiresAt: '2030-01-01T00:00:00Z' },
          csrfToken: 't',
        },
      },
      'POST /api/console/Dashboard': {
        status: 200,
        body: { Users: 0, Groups: 0, Roles: 1, Policies: 0, Providers: 0, AccountMFAEnabled: true, AccountAccessKeysPresent: false, AccountAlias: null, PasswordPolicyPresent: true, ActiveAccessKeys: 0, ActiveAccessKeysOlderThan90Days: 0 },
      },
    });
    renderRoute(<AccountOverview />);
    expect(await screen.findByText(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`)).toBeTruthy();
    expect(screen.getByText(ACCOUNT)).toBeTruthy();
    expect(screen.getByText(`${window.location.origin}/signin?account=${ACCOUNT}`)).toBeTruthy();
    expect(screen.queryByText('Signed in as')).toBeNull();
    expect(screen.queryByText('arn:aws:iam::123456789012:user/alice')).toBeNull();
  });

  it('names the identity provider, not a user switched from, for a federated session', async () => {
    const ACCOUNT = '123456789012';
    const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/jane@example.com`;
    stubFetch({
      'GET /api/session': {
        status: 200,
        body: {
          principal: { arn: sessionArn, accountId: ACCOUNT, type: 'federated' },
          switchedRole: { arn: sessionArn, accountId: ACCOUNT, roleName: 'Dev', sessionName: 'jane@example.com', expiresAt: '2030-01-01T00:00:00Z' },
          federated: { providerArn: `arn:aws:iam::${ACCOUNT}:saml-provider/CorpIdP`, label: `Federated user: Dev/jane@example.com @ ${ACCOUNT}` },
          csrfToken: 't',
        },
      },
      'POST /api/console/Dashboard': {
        status: 200,
        body: { Users: 0, Groups: 0, Roles: 1, Policies: 0, Providers: 1, AccountMFAEnabled: true, AccountAccessKeysPresent: false, AccountAlias: null, PasswordPolicyPresent: true, ActiveAccessKeys: 0, ActiveAccessKeysOlderThan90Days: 0 },
      },
    });
    renderRoute(<AccountOverview />);
    expect(await screen.findByText(`arn:aws:iam::${ACCOUNT}:saml-provider/CorpIdP`)).toBeTruthy();
    expect(screen.getByText('Identity provider')).toBeTruthy();
    expect(screen.queryByText('Switched from')).toBeNull();
  });

  it('shows no recommendation status while the figures are still being computed', async () => {
    // The dashboard's figures never arrive.
    vi.stubGlobal('fetch', (input: RequestInfo | URL) =>
      String(input) === '/api/session'
        ? Promise.resolve(new Response(JSON.stringify({ principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' }), { status: 200, headers: { 'content-type': 'application/json' } }))
        : new Promise<Response>(() => {}),
    );
    renderRoute(<AccountOverview />);
    expect(await screen.findByText('Checking the account')).toBeTruthy();
    expect(screen.queryByText(/No active access keys are older/)).toBeNull();
  });
});
