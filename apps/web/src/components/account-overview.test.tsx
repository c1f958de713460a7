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
    const bad = securityRecommendations({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 }, false, 2);
    expect(bad.map((r) => [r.id, r.status])).toEqual([
      ['root-mfa', 'warning'],
      ['root-keys', 'warning'],
      ['password-policy', 'info'],
      ['old-keys', 'warning'],
    ]);
    expect(bad[3]!.text).toBe('2 active access keys have not been rotated in 90 days.');
    const good = securityRecommendations({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }, true, 0);
    expect(good.every((r) => r.status === 'success')).toBe(true);
  });

  it('links the root user (only) to assigning its MFA device', () => {
    expect(securityRecommendations({ AccountMFAEnabled: 0 }, true, 0, true)[0]!.action).toEqual({ text: 'Assign MFA', href: '/security_credentials' });
    expect(securityRecommendations({ AccountMFAEnabled: 0 }, true, 0)[0]!.action).toBeUndefined();
    expect(securityRecommendations({ AccountMFAEnabled: 1 }, true, 0, true)[0]!.action).toBeUndefined();
  });
});

describe('AccountOverview', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the account, its counts and the recommendations from the API', async () => {
    const old = new Date(Date.now() - 200 * 24 * 3600_000).toISOString();
    stubFetch({
      'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
      'POST /api/iam/ListAccountAliases': { status: 200, body: { AccountAliases: ['acme-prod'], IsTruncated: false } },
      'POST /api/iam/GetAccountSummary': { status: 200, body: { SummaryMap: { Users: 3, Groups: 2, Roles: 5, Policies: 7, Providers: 0, AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 } } },
      'POST /api/iam/GetAccountPasswordPolicy': { status: 404, body: { error: { code: 'NoSuchEntity', message: 'none', requestId: 'r' } } },
      'POST /api/iam/ListUsers': { status: 200, body: { Users: [{ UserName: 'alice' }], IsTruncated: false } },
      'POST /api/iam/ListAccessKeys': { status: 200, body: { AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAOLD', Status: 'Active', CreateDate: old }], IsTruncated: false } },
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
  });
});
