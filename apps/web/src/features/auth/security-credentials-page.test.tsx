import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { SecurityCredentialsPage } from './security-credentials-page.tsx';

const ok = (body: unknown) => ({ status: 200, body });

afterEach(() => vi.unstubAllGlobals());

describe('SecurityCredentialsPage', () => {
  it("lists the root user's own MFA devices (ListMFADevices without a user name)", async () => {
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' }),
      'POST /api/iam/ListMFADevices': ok({ MFADevices: [{ UserName: '123456789012', SerialNumber: 'arn:aws:iam::123456789012:mfa/root-phone', EnableDate: '2026-01-01T00:00:00Z' }] }),
    });
    renderRoute(<SecurityCredentialsPage />);
    expect(await screen.findByRole('heading', { name: 'My security credentials (root user)' })).toBeTruthy();
    expect(await screen.findByText('arn:aws:iam::123456789012:mfa/root-phone')).toBeTruthy();
    await waitFor(() => expect(calls.find((c) => c.path === '/api/iam/ListMFADevices')?.body).toEqual({}));
  });

  it("lists an IAM user's own devices by name", async () => {
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' }, csrfToken: 't' }),
      'POST /api/iam/ListMFADevices': ok({ MFADevices: [] }),
    });
    renderRoute(<SecurityCredentialsPage />);
    expect(await screen.findByRole('heading', { name: 'My security credentials' })).toBeTruthy();
    expect(await screen.findByText(/No MFA devices/)).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/iam/ListMFADevices')?.body).toEqual({ UserName: 'alice' });
  });
});
