import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch, type StubResponse } from '../test/render.tsx';
import { ApiError } from '../api/client.ts';
import { sessionQuery, type Session } from '../api/queries/session.ts';
import { permissionKeys } from './permission-keys.ts';
import { createQueryClient } from './query-client.ts';
import { RequireSession } from './require-session.tsx';
import { RootGate } from './root-gate.tsx';

const notSignedIn: StubResponse = { status: 401, body: { error: { code: 'NotSignedIn', message: 'You are not signed in.', requestId: 'r' } } };
const signedIn = (mustChangePassword: boolean): StubResponse => ({
  status: 200,
  body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't', mustChangePassword },
});

function renderAt(path: string, setupRequired: boolean, session: StubResponse) {
  stubFetch({ 'GET /api/setup': { status: 200, body: { setupRequired } }, 'GET /api/session': session });
  const router = createMemoryRouter(
    [
      {
        element: <RootGate />,
        children: [
          { path: '/setup', element: <p>Setup page</p> },
          { path: '/signin', element: <p>Sign-in page</p> },
          {
            element: <RequireSession />,
            children: [
              { path: '/', element: <p>Dashboard</p> },
              { path: '/users', element: <p>Users</p> },
              { path: '/change-password', element: <p>Change password</p> },
            ],
          },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sign-in guard', () => {
  it('sends every page to setup while setup is required', async () => {
    const router = renderAt('/users', true, notSignedIn);
    expect(await screen.findByText('Setup page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/setup');
  });

  it('sends a signed-out visitor to sign-in, remembering where they were going', async () => {
    const router = renderAt('/users', false, notSignedIn);
    expect(await screen.findByText('Sign-in page')).toBeTruthy();
    expect(router.state.location.state).toEqual({ from: '/users' });
  });

  it('lets a signed-in principal through', async () => {
    renderAt('/users', false, signedIn(false));
    expect(await screen.findByText('Users')).toBeTruthy();
  });

  it('holds a principal who must change their password on the change-password page', async () => {
    const router = renderAt('/users', false, signedIn(true));
    expect(await screen.findByText('Change password')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/change-password');
  });

  it('shows an error with a retry button when the server cannot be reached', async () => {
    renderAt('/', false, { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Database unreachable.', requestId: 'r-9' } } });
    expect(await screen.findByText('Database unreachable.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('query client', () => {
  const session: Session = { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' };

  async function failWith(error: ApiError) {
    const queryClient = createQueryClient();
    queryClient.setQueryData(sessionQuery.queryKey, session);
    await queryClient.fetchQuery({ queryKey: ['users'], queryFn: () => Promise.reject(error) }).catch(() => undefined);
    return queryClient.getQueryData(sessionQuery.queryKey);
  }

  it('forgets the session when any call answers 401, so the guard signs the user out', async () => {
    expect(await failWith(new ApiError('NotSignedIn', 'You are not signed in.', 401))).toBeNull();
  });

  it('asks for the console permissions again after any change succeeds', async () => {
    const queryClient = createQueryClient();
    queryClient.setQueryData(permissionKeys.forIdentity('arn:aws:iam::123456789012:user/alice'), new Map());
    const stale = () => queryClient.getQueryState(permissionKeys.forIdentity('arn:aws:iam::123456789012:user/alice'))?.isInvalidated;
    expect(stale()).toBe(false);
    await queryClient.getMutationCache().build(queryClient, { mutationFn: () => Promise.resolve('attached') }).execute(undefined);
    expect(stale()).toBe(true);
  });

  it('keeps the session on other errors, and on a failed sign-in (401 InvalidCredentials)', async () => {
    expect(await failWith(new ApiError('InvalidCredentials', 'Your authentication information is incorrect.', 401))).toEqual(session);
    expect(await failWith(new ApiError('AccessDenied', 'Not authorized.', 403))).toEqual(session);
  });
});
