import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { ChangePasswordPage } from './change-password-page.tsx';

const ACCOUNT = '123456789012';
const alice = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice', type: 'user' };

afterEach(() => vi.unstubAllGlobals());

describe('ChangePasswordPage', { timeout: 20_000 }, () => {
  it('asks an IAM user for the old and new password', async () => {
    stubFetch({ 'GET /api/session': { status: 200, body: { principal: alice, csrfToken: 't' } } });
    renderRoute(<ChangePasswordPage />);
    expect(await screen.findByLabelText('Old password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Change password' })).toBeTruthy();
  });

  it('tells a federated role session, opening it directly, that it has no password here', async () => {
    const federated = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admins/jdoe`, accountId: ACCOUNT, type: 'federated' };
    stubFetch({ 'GET /api/session': { status: 200, body: { principal: federated, csrfToken: 't' } } });
    renderRoute(<ChangePasswordPage />);
    expect(await screen.findByText('Change password is not available to role sessions')).toBeTruthy();
    expect(screen.getByText(/manage your password and credentials at your identity provider/)).toBeTruthy();
    expect(screen.queryByLabelText('Old password')).toBeNull();
  });
});
