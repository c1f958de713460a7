import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getCsrfToken, setCsrfToken } from '../../api/client.ts';
import { renderRoute, stubFetch, type StubResponse } from '../../test/render.tsx';
import { SignInPage } from './sign-in-page.tsx';

const principal = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' };

function renderSignIn(signInReply: StubResponse, url = '/signin') {
  const stub = stubFetch({
    'GET /api/session': { status: 401, body: { error: { code: 'NotSignedIn', message: 'You are not signed in.', requestId: 'r-0' } } },
    'POST /api/session': signInReply,
  });
  const view = renderRoute(<SignInPage />, {
    path: '/signin',
    url,
    otherRoutes: [
      { path: '/', element: <p>Dashboard stand-in</p> },
      { path: '/change-password', element: <p>Change password stand-in</p> },
    ],
  });
  return { ...stub, ...view, user: userEvent.setup() };
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('SignInPage', () => {
  it('signs the root user in with email and password and keeps the CSRF token', async () => {
    const { user, calls } = renderSignIn({ status: 200, body: { principal: { ...principal, type: 'root' }, csrfToken: 'csrf-1', mustChangePassword: false } });
    await user.type(await screen.findByLabelText('Root user email address'), 'root@example.com');
    await user.type(screen.getByLabelText('Password'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Dashboard stand-in')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ kind: 'root', email: 'root@example.com', password: 'Secret-pass-1' });
    expect(getCsrfToken()).toBe('csrf-1');
  });

  it('signs an IAM user in with account, user name and password', async () => {
    const { user, calls } = renderSignIn({ status: 200, body: { principal, csrfToken: 'csrf-2', mustChangePassword: false } });
    await user.click(await screen.findByRole('radio', { name: /IAM user/ }));
    await user.type(screen.getByLabelText('Account ID (12 digits) or account alias'), 'my-alias');
    await user.type(screen.getByLabelText('IAM user name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Dashboard stand-in')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ kind: 'iam', account: 'my-alias', userName: 'alice', password: 'Secret-pass-1' });
  });

  it('sends a user who must change their password to the change-password page', async () => {
    const { user } = renderSignIn({ status: 200, body: { principal, csrfToken: 'csrf-3', mustChangePassword: true } });
    await user.click(await screen.findByRole('radio', { name: /IAM user/ }));
    await user.type(screen.getByLabelText('Account ID (12 digits) or account alias'), '123456789012');
    await user.type(screen.getByLabelText('IAM user name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'Temporary-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Change password stand-in')).toBeTruthy();
  });

  it('shows the AWS wording for bad credentials, with the request ID, and clears the password', async () => {
    const { user } = renderSignIn({
      status: 401,
      body: { error: { code: 'InvalidCredentials', message: 'whatever the server says', requestId: 'req-7' } },
    });
    await user.type(await screen.findByLabelText('Root user email address'), 'root@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Your authentication information is incorrect. Please try again.')).toBeTruthy();
    expect(screen.getByText('Request ID: req-7')).toBeTruthy();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('does not send the form while a field is empty', async () => {
    const { user, calls } = renderSignIn({ status: 500 });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter the root user email address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('opens on the IAM user form with the account filled in from a sign-in link', async () => {
    renderSignIn({ status: 500 }, '/signin?account=123456789012');
    const account = (await screen.findByLabelText('Account ID (12 digits) or account alias')) as HTMLInputElement;
    expect(account.value).toBe('123456789012');
    expect((screen.getByRole('radio', { name: /IAM user/ }) as HTMLInputElement).checked).toBe(true);
  });
});
