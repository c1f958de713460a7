import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall, type StubResponse } from '../../test/render.tsx';
import { SetupPage } from './setup-page.tsx';

function SignInStandIn() {
  const state = useLocation().state as { setupComplete?: { accountId: string } } | null;
  return <p>Sign-in page for {state?.setupComplete?.accountId}</p>;
}

function renderSetup(setupReply?: StubResponse | ((call: RecordedCall) => StubResponse)) {
  const stub = stubFetch({
    'GET /api/setup': { status: 200, body: { setupRequired: true } },
    'POST /api/setup': setupReply ?? { status: 201, body: { accountId: '123456789012', rootEmail: 'root@example.com' } },
  });
  const view = renderRoute(<SetupPage />, { path: '/setup', otherRoutes: [{ path: '/signin', element: <SignInStandIn /> }] });
  return { ...stub, ...view, user: userEvent.setup() };
}

const email = () => screen.getByLabelText('Root user email address');
const password = () => screen.getByLabelText('Password');
const confirm = () => screen.getByLabelText('Confirm password');
const accountId = () => screen.getByLabelText(/Account ID \(12 digits\)/);
const submit = () => screen.getByRole('button', { name: 'Create root user' });
const posts = (calls: RecordedCall[]) => calls.filter((call) => call.method === 'POST');

async function fill(user: ReturnType<typeof userEvent.setup>, values: { email?: string; password?: string; confirm?: string; accountId?: string }) {
  if (values.email) await user.type(email(), values.email);
  if (values.password) await user.type(password(), values.password);
  if (values.confirm) await user.type(confirm(), values.confirm);
  if (values.accountId) await user.type(accountId(), values.accountId);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SetupPage', () => {
  it('shows the form with its four fields and no errors before the first submit', async () => {
    renderSetup();
    expect(await screen.findByRole('heading', { name: 'Set up Portcullis' })).toBeTruthy();
    for (const input of [email(), password(), confirm(), accountId()]) expect(input).toBeTruthy();
    expect(screen.queryByText(/enter the root user email/i)).toBeNull();
  });

  it('does not submit an empty form and names every required field', async () => {
    const { user, calls } = renderSetup();
    await user.click(submit());
    expect(screen.getByText('Enter the root user email address.')).toBeTruthy();
    expect(screen.getByText('Enter a password.')).toBeTruthy();
    expect(screen.getByText('Confirm the password.')).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('rejects an email address without a domain', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@localhost', password: 'Correct-Horse-9', confirm: 'Correct-Horse-9' });
    await user.click(submit());
    expect(screen.getByText(/enter a valid email address/i)).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('rejects a password shorter than 8 characters', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'Ab1!xyz', confirm: 'Ab1!xyz' });
    await user.click(submit());
    expect(screen.getByText('The password must be at least 8 characters long.')).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('rejects a long password that uses only two character types', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'onlylowercase123', confirm: 'onlylowercase123' });
    await user.click(submit());
    expect(screen.getByText(/at least three of: uppercase letters, lowercase letters, numbers, and symbols/)).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('rejects a confirmation that differs from the password', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'Correct-Horse-9', confirm: 'Correct-Horse-8' });
    await user.click(submit());
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('rejects an account ID that is not 12 digits', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'Correct-Horse-9', confirm: 'Correct-Horse-9', accountId: '12345' });
    await user.click(submit());
    expect(screen.getByText('The account ID must be exactly 12 digits.')).toBeTruthy();
    expect(posts(calls)).toHaveLength(0);
  });

  it('clears an error as soon as the field is corrected', async () => {
    const { user } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'Correct-Horse-9', confirm: 'Correct-Horse-' });
    await user.click(submit());
    expect(screen.getByText('The passwords do not match.')).toBeTruthy();
    await user.type(confirm(), '9');
    expect(screen.queryByText('The passwords do not match.')).toBeNull();
  });

  it('posts a valid form without an account ID, shows success, then opens the sign-in page', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: ' root@example.com ', password: 'Correct-Horse-9', confirm: 'Correct-Horse-9' });
    await user.click(submit());
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]).toMatchObject({
      path: '/api/setup',
      headers: { 'content-type': 'application/json' },
      body: { email: 'root@example.com', password: 'Correct-Horse-9' },
    });
    expect(posts(calls)[0]!.body).not.toHaveProperty('accountId');
    expect(await screen.findByText('Portcullis is set up')).toBeTruthy();
    expect(await screen.findByText('Sign-in page for 123456789012', {}, { timeout: 3000 })).toBeTruthy();
  });

  it('sends the account ID when one is given', async () => {
    const { user, calls } = renderSetup();
    await fill(user, { email: 'root@example.com', password: 'Correct-Horse-9', confirm: 'Correct-Horse-9', accountId: '111122223333' });
    await user.click(submit());
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(posts(calls)[0]!.body).toEqual({ email: 'root@example.com', password: 'Correct-Horse-9', accountId: '111122223333' });
  });

  it("shows the server's message and request ID when setup fails", async () => {
    const { user } = renderSetup({
      status: 400,
      body: { error: { code: 'InvalidInput', message: 'Password does not conform to the policy.', requestId: 'req-42' } },
    });
    await fill(user, { email: 'root@example.com', password: 'Correct-Horse-9', confirm: 'Correct-Horse-9' });
    await user.click(submit());
    expect(await screen.findByText('Password does not conform to the policy.')).toBeTruthy();
    expect(screen.getByText('Request ID: req-42')).toBeTruthy();
    expect(screen.queryByText('Portcullis is set up')).toBeNull();
  });
});
