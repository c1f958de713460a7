import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('@simplewebauthn/browser', () => ({
  startAuthentication: vi.fn(async () => ({ id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { signature: 'sig' } })),
  startRegistration: vi.fn(),
}));
import { getCsrfToken, setCsrfToken } from '../../api/client.ts';
import { mfaCodeError } from '../../api/queries/mfa.ts';
import { renderRoute, stubFetch, type RecordedCall, type StubResponse } from '../../test/render.tsx';
import { SignInPage } from './sign-in-page.tsx';

const principal = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' };
const WRONG = { status: 401, body: { error: { code: 'InvalidAuthenticationCode', message: 'Your authentication information is incorrect. Please try again.', requestId: 'req-9' } } };

function renderSignIn(mfaReply: (call: RecordedCall) => StubResponse) {
  const stub = stubFetch({
    'POST /api/session/webauthn-options': { status: 200, body: { options: { challenge: 'chal', allowCredentials: [] }, challengeToken: 'sealed-challenge' } },
    'GET /api/session': { status: 401, body: { error: { code: 'NotSignedIn', message: 'You are not signed in.', requestId: 'r-0' } } },
    'POST /api/session': { status: 200, body: { mfaRequired: true, mfaToken: 'sealed-token' } },
    'POST /api/session/mfa': mfaReply,
  });
  renderRoute(<SignInPage />, {
    path: '/signin',
    otherRoutes: [
      { path: '/', element: <p>Dashboard stand-in</p> },
      { path: '/change-password', element: <p>Change password stand-in</p> },
    ],
  });
  return { ...stub, user: userEvent.setup() };
}

async function passwordStep(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('radio', { name: /IAM user/ }));
  await user.type(screen.getByLabelText('Account ID (12 digits) or account alias'), '123456789012');
  await user.type(screen.getByLabelText('IAM user name'), 'alice');
  await user.type(screen.getByLabelText('Password'), 'Secret-pass-1');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  expect(await screen.findByRole('heading', { name: 'Multi-factor authentication' })).toBeTruthy();
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('mfaCodeError', () => {
  it('accepts exactly six digits', () => {
    expect(mfaCodeError('123456')).toBeUndefined();
    expect(mfaCodeError(' 123456 ')).toBeUndefined();
    expect(mfaCodeError('')).toBe('Enter MFA code.');
    expect(mfaCodeError('12345')).toBe('MFA code must be 6 digits.');
    expect(mfaCodeError('1234567')).toBe('MFA code must be 6 digits.');
    expect(mfaCodeError('12345a')).toBe('MFA code must be 6 digits.');
    expect(mfaCodeError('12 456', 'MFA code 2')).toBe('MFA code 2 must be 6 digits.');
  });
});

describe('Sign-in MFA step', () => {
  it('asks for the MFA code after the password, validates it, then signs in', async () => {
    const { user, calls } = renderSignIn(() => ({ status: 200, body: { principal, csrfToken: 'csrf-m', mustChangePassword: false } }));
    await passwordStep(user);
    await user.type(screen.getByLabelText('MFA code'), '12345');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('MFA code must be 6 digits.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/session/mfa')).toBe(false);
    await user.type(screen.getByLabelText('MFA code'), '6');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Dashboard stand-in')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/session/mfa')?.body).toEqual({ mfaToken: 'sealed-token', code: '123456' });
    expect(getCsrfToken()).toBe('csrf-m');
  });

  it('shows a wrong code as AWS words it, and continues to change the password when required', async () => {
    let attempts = 0;
    const { user } = renderSignIn(() => (++attempts === 1 ? WRONG : { status: 200, body: { principal, csrfToken: 'csrf-n', mustChangePassword: true } }));
    await passwordStep(user);
    await user.type(screen.getByLabelText('MFA code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Your authentication information is incorrect. Please try again.')).toBeTruthy();
    expect(screen.getByText('Request ID: req-9')).toBeTruthy();
    await user.type(screen.getByLabelText('MFA code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Change password stand-in')).toBeTruthy();
  });

  it('Cancel returns to the password step', async () => {
    const { user } = renderSignIn(() => WRONG);
    await passwordStep(user);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('signs in with a security key: sealed challenge, the key, then the session', async () => {
    const { user, calls } = renderSignIn(() => ({ status: 200, body: { principal, csrfToken: 'csrf-k', mustChangePassword: false } }));
    await passwordStep(user);
    await user.click(screen.getByRole('button', { name: 'Use a passkey or security key' }));
    expect(await screen.findByText('Dashboard stand-in')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/session/webauthn-options')?.body).toEqual({ mfaToken: 'sealed-token' });
    expect(calls.find((c) => c.path === '/api/session/mfa')?.body).toEqual({
      mfaToken: 'sealed-token',
      challengeToken: 'sealed-challenge',
      webauthn: { id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { signature: 'sig' } },
    });
  });
});
