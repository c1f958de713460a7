import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { AddProviderPage } from './add-provider-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

function renderForm() {
  const stub = stubFetch({
    'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
    'POST /api/iam/CreateOpenIDConnectProvider': { status: 200, body: { OpenIDConnectProviderArn: ARN } },
  });
  const view = renderRoute(<AddProviderPage />, { path: '/identity-providers/create' });
  return { ...stub, ...view, user: userEvent.setup({ delay: null }) };
}

describe('AddProviderPage', () => {
  it('checks the SAML fields before calling the API', async () => {
    const { user, calls } = renderForm();
    await user.type(await screen.findByRole('textbox', { name: 'Provider name' }), 'bad name');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText(/only alphanumeric characters/)).toBeTruthy();
    expect(screen.getByText('Choose a metadata document.')).toBeTruthy();
    expect(calls.some((c) => c.path.startsWith('/api/iam/Create'))).toBe(false);
  }, 30_000);

  it('creates an OpenID Connect provider with its audience and returns to the list with a View link', async () => {
    const { user, calls, router } = renderForm();
    await user.click(await screen.findByRole('radio', { name: /OpenID Connect/ }));
    await user.type(screen.getByRole('textbox', { name: 'Provider URL' }), 'http://token.actions.githubusercontent.com');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText('The provider URL must begin with https://')).toBeTruthy();
    expect(screen.getByText('Enter an audience.')).toBeTruthy();
    await user.clear(screen.getByRole('textbox', { name: 'Provider URL' }));
    await user.type(screen.getByRole('textbox', { name: 'Provider URL' }), 'https://token.actions.githubusercontent.com');
    await user.type(screen.getByRole('textbox', { name: 'Audience' }), 'sts.amazonaws.com');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    await waitFor(() => expect(calls.find((c) => c.path === '/api/iam/CreateOpenIDConnectProvider')?.body).toEqual({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/identity-providers'));
    expect(router.state.location.state).toEqual({
      createdFlash: { message: 'Provider token.actions.githubusercontent.com added.', href: `/identity-providers/details/${ARN}`, viewLabel: 'View provider' },
    });
  }, 30_000);
});
