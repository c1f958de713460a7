import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consolePermissionsQuery } from '../../app/permissions.ts';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { MySecurityCredentialsPage, passwordFormErrors } from './my-security-credentials-page.tsx';

const ok = (body: unknown) => ({ status: 200, body });
const denied = (action: string) => ({
  status: 403,
  body: { error: { code: 'AccessDenied', message: `User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:${action} on resource: user alice`, requestId: 'r' } },
});

afterEach(() => vi.unstubAllGlobals());

describe('MySecurityCredentialsPage', { timeout: 20_000 }, () => {
  it("lists the root user's own MFA devices (ListMFADevices without a user name), and nothing else", async () => {
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' }),
      'POST /api/iam/ListMFADevices': ok({ MFADevices: [{ UserName: '123456789012', SerialNumber: 'arn:aws:iam::123456789012:mfa/root-phone', EnableDate: '2026-01-01T00:00:00Z' }] }),
    });
    renderRoute(<MySecurityCredentialsPage />);
    expect(await screen.findByRole('heading', { name: 'My security credentials (root user)' })).toBeTruthy();
    expect(await screen.findByText('arn:aws:iam::123456789012:mfa/root-phone')).toBeTruthy();
    await waitFor(() => expect(calls.find((c) => c.path === '/api/iam/ListMFADevices')?.body).toEqual({}));
    expect(calls.some((c) => c.path === '/api/iam/ListAccessKeys')).toBe(false);
  });

  it("shows an IAM user's own password, MFA, access keys, SSH keys and Git credentials; a denied section shows AWS's message in place", async () => {
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' }, csrfToken: 't' }),
      'POST /api/iam/ListMFADevices': denied('ListMFADevices'),
      'POST /api/iam/ListAccessKeys': ok({ AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE000000001', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' }], IsTruncated: false }),
      'POST /api/iam/GetAccessKeyLastUsed': ok({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } }),
      'POST /api/iam/ListSSHPublicKeys': ok({ SSHPublicKeys: [], IsTruncated: false }),
      'POST /api/iam/ListServiceSpecificCredentials': ok({ ServiceSpecificCredentials: [] }),
    });
    renderRoute(<MySecurityCredentialsPage />);
    expect(await screen.findByRole('heading', { name: 'My security credentials' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Update console password' })).toBeTruthy();
    expect(await screen.findByText('AKIAEXAMPLE000000001')).toBeTruthy();
    expect(await screen.findByText(/not authorized to perform: iam:ListMFADevices/)).toBeTruthy();
    // Every section asks about the caller's own user.
    for (const action of ['ListMFADevices', 'ListAccessKeys', 'ListSSHPublicKeys', 'ListServiceSpecificCredentials']) {
      await waitFor(() => expect(calls.find((c) => c.path === `/api/iam/${action}`)?.body).toMatchObject({ UserName: 'alice' }));
    }
    // A denied list is not a change the person asked for: it does not take the focus.
    expect(document.activeElement?.getAttribute('role')).not.toBe('alert');
  });

  it("offers Update console password as the user's own permissions decide (asked about their own user)", async () => {
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012', userName: 'bob', type: 'user' }, csrfToken: 't' }),
      'POST /api/console/GetConsolePermissions': ok({
        EvaluationResults: [{ EvalActionName: 'iam:ChangePassword', EvalResourceName: 'arn:aws:iam::123456789012:user/*', EvalDecision: 'allowed' }],
        SelfServiceResults: [{ EvalActionName: 'iam:ChangePassword', EvalResourceName: 'arn:aws:iam::123456789012:user/bob', EvalDecision: 'implicitDeny' }],
      }),
    });
    const { queryClient } = renderRoute(<MySecurityCredentialsPage />);
    // The console layout asks for the permissions; without it, the test does.
    await queryClient.fetchQuery(consolePermissionsQuery('arn:aws:iam::123456789012:user/bob'));
    const button = await screen.findByRole('button', { name: 'Update console password' });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(calls.find((c) => c.path === '/api/console/GetConsolePermissions')?.body).toMatchObject({ SelfServiceActionNames: expect.arrayContaining(['iam:ChangePassword', 'iam:CreateAccessKey']) });
  });

  it('disables, with the reason, each section button whose action the user may not perform on their own user', async () => {
    // Her policies let her see every section, but change only her access keys.
    const allowedToAlice = /^iam:(List\w+|(Create|Update|Delete)AccessKey)$/;
    const { calls } = stubFetch({
      'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' }, csrfToken: 't' }),
      'POST /api/console/GetConsolePermissions': (call) =>
        ok({
          EvaluationResults: [],
          SelfServiceResults: (call.body as { SelfServiceActionNames: string[] }).SelfServiceActionNames.map((action) => ({
            EvalActionName: action,
            EvalResourceName: 'arn:aws:iam::123456789012:user/alice',
            EvalDecision: allowedToAlice.test(action) ? 'allowed' : 'implicitDeny',
          })),
        }),
      'POST /api/iam/ListMFADevices': ok({ MFADevices: [{ UserName: 'alice', SerialNumber: 'arn:aws:iam::123456789012:mfa/alice-phone', EnableDate: '2026-01-01T00:00:00Z' }] }),
      'POST /api/iam/ListAccessKeys': ok({ AccessKeyMetadata: [{ UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE000000001', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' }], IsTruncated: false }),
      'POST /api/iam/GetAccessKeyLastUsed': ok({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } }),
      'POST /api/iam/ListSSHPublicKeys': ok({ SSHPublicKeys: [{ UserName: 'alice', SSHPublicKeyId: 'APKAEXAMPLE000000001', Status: 'Active', UploadDate: '2026-01-01T00:00:00Z' }], IsTruncated: false }),
      'POST /api/iam/ListServiceSpecificCredentials': ok({
        ServiceSpecificCredentials: [{ UserName: 'alice', ServiceName: 'codecommit.amazonaws.com', ServiceUserName: 'alice-at-123456789012', ServiceSpecificCredentialId: 'ACCAEXAMPLE0000000001', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' }],
      }),
    });
    const { queryClient } = renderRoute(<MySecurityCredentialsPage />);
    await queryClient.fetchQuery(consolePermissionsQuery('arn:aws:iam::123456789012:user/alice'));
    const user = userEvent.setup();
    const refused = (action: string) => ({ description: `Your permissions do not allow iam:${action}.` });
    const isDisabled = (button: HTMLElement) => button.getAttribute('aria-disabled') === 'true' || (button as HTMLButtonElement).disabled;

    // Access keys: hers to create, deactivate and delete.
    await user.click(await screen.findByRole('radio', { name: 'AKIAEXAMPLE000000001' }));
    for (const name of ['Create access key', 'Make inactive', 'Delete']) expect(isDisabled(screen.getByRole('button', { name }))).toBe(false);

    // MFA: neither assign, resync nor remove.
    await user.click(screen.getByRole('radio', { name: 'arn:aws:iam::123456789012:mfa/alice-phone' }));
    expect(isDisabled(screen.getByRole('button', { name: 'Assign MFA device', ...refused('EnableMFADevice') }))).toBe(true);
    expect(isDisabled(screen.getByRole('button', { name: 'Resync', ...refused('ResyncMFADevice') }))).toBe(true);
    expect(isDisabled(screen.getByRole('button', { name: 'Remove', ...refused('DeactivateMFADevice') }))).toBe(true);

    // SSH public keys: no upload; the key's actions are there, refused with the reason.
    expect(isDisabled(screen.getByRole('button', { name: 'Upload SSH public key', ...refused('UploadSSHPublicKey') }))).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'APKAEXAMPLE000000001' }));
    await user.click(screen.getByRole('button', { name: 'SSH public key actions' }));
    for (const [name, action] of [['Deactivate', 'UpdateSSHPublicKey'], ['Delete', 'DeleteSSHPublicKey']] as const) {
      expect(screen.getByRole('menuitem', { name, ...refused(action) }).getAttribute('aria-disabled')).toBe('true');
    }
    await user.keyboard('{Escape}');

    // HTTPS Git credentials: likewise.
    expect(isDisabled(screen.getByRole('button', { name: 'Generate credentials', ...refused('CreateServiceSpecificCredential') }))).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'ACCAEXAMPLE0000000001' }));
    await user.click(screen.getByRole('button', { name: 'HTTPS Git credential actions' }));
    const menu = screen.getByRole('menu');
    for (const [name, action] of [['Reset password', 'ResetServiceSpecificCredential'], ['Deactivate', 'UpdateServiceSpecificCredential'], ['Delete', 'DeleteServiceSpecificCredential']] as const) {
      expect(within(menu).getByRole('menuitem', { name, ...refused(action) }).getAttribute('aria-disabled')).toBe('true');
    }

    // Every button's action was asked about her own user.
    const asked = (calls.find((c) => c.path === '/api/console/GetConsolePermissions')?.body as { SelfServiceActionNames: string[] }).SelfServiceActionNames;
    expect(asked).toEqual(expect.arrayContaining(['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:DeleteSSHPublicKey', 'iam:ResetServiceSpecificCredential', 'iam:DeactivateMFADevice', 'iam:ResyncMFADevice']));
  });

  it.each([
    ['a federated sign-in', { principal: { arn: 'arn:aws:sts::123456789012:assumed-role/Admins/alice', accountId: '123456789012', type: 'federated' } }, /signed in through your identity provider/],
    ['a switched role', { principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice', type: 'user' }, switchedRole: { arn: 'arn:aws:sts::123456789012:assumed-role/Admins/alice', accountId: '123456789012', roleName: 'Admins', sessionName: 'alice', expiresAt: '2030-01-01T00:00:00Z' } }, /Switch back to alice/],
  ])('tells %s that it has no credentials of its own, and asks for none', async (_who, session, message) => {
    const { calls } = stubFetch({ 'GET /api/session': ok({ ...session, csrfToken: 't' }) });
    renderRoute(<MySecurityCredentialsPage />);
    expect(await screen.findByText('My security credentials is not available to role sessions')).toBeTruthy();
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Update console password' })).toBeNull();
    expect(calls.some((c) => c.path.startsWith('/api/iam/'))).toBe(false);
  });
});

describe('passwordFormErrors', () => {
  it.each([
    [{ oldPassword: '', newPassword: 'n', confirmPassword: 'n' }, { oldPassword: 'Enter your current password.' }],
    [{ oldPassword: 'o', newPassword: '', confirmPassword: '' }, { newPassword: 'Enter a new password.' }],
    [{ oldPassword: 'same', newPassword: 'same', confirmPassword: 'same' }, { newPassword: 'The new password must differ from the current one.' }],
    [{ oldPassword: 'o', newPassword: 'n', confirmPassword: 'x' }, { confirmPassword: 'The passwords do not match.' }],
    [{ oldPassword: 'o', newPassword: 'n', confirmPassword: 'n' }, {}],
  ])('%o → %o', (form, expected) => {
    expect(passwordFormErrors(form)).toEqual(expected);
  });
});
