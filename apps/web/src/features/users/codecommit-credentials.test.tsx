import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall } from '../../test/render.tsx';
import { GitCredentialsSection } from './git-credentials-section.tsx';
import { SshPublicKeysSection } from './ssh-public-keys-section.tsx';

const ok = (body: unknown = {}) => ({ status: 200, body });
const actions = (calls: RecordedCall[]) => calls.map((c) => c.path.replace('/api/iam/', ''));
const lastBody = (calls: RecordedCall[], action: string) => calls.filter((c) => c.path === `/api/iam/${action}`).at(-1)?.body;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SshPublicKeysSection', { timeout: 20_000 }, () => {
  it('lists the keys, uploads a new one and makes one inactive', async () => {
    const { calls } = stubFetch({
      'POST /api/iam/ListSSHPublicKeys': ok({ SSHPublicKeys: [{ UserName: 'bob', SSHPublicKeyId: 'APKAEXAMPLE000000001', Status: 'Active', UploadDate: '2026-01-01T00:00:00Z' }] }),
      'POST /api/iam/UploadSSHPublicKey': ok({ SSHPublicKey: { UserName: 'bob', SSHPublicKeyId: 'APKAEXAMPLE000000002', Status: 'Active', UploadDate: '2026-01-02T00:00:00Z' } }),
      'POST /api/iam/UpdateSSHPublicKey': ok(),
    });
    renderRoute(<SshPublicKeysSection userName="bob" />);
    const user = userEvent.setup();
    expect(await screen.findByText('APKAEXAMPLE000000001')).toBeTruthy();
    expect(screen.getByText('SSH public keys for AWS CodeCommit')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Upload SSH public key' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'SSH public key' }), 'ssh-rsa AAAAB3Nza test');
    await user.click(within(dialog).getByRole('button', { name: 'Upload SSH public key' }));
    await waitFor(() => expect(lastBody(calls, 'UploadSSHPublicKey')).toEqual({ UserName: 'bob', SSHPublicKeyBody: 'ssh-rsa AAAAB3Nza test' }));

    await user.click(screen.getByRole('radio', { name: 'APKAEXAMPLE000000001' }));
    await user.click(screen.getByRole('button', { name: 'SSH public key actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Deactivate' }));
    await waitFor(() => expect(lastBody(calls, 'UpdateSSHPublicKey')).toEqual({ UserName: 'bob', SSHPublicKeyId: 'APKAEXAMPLE000000001', Status: 'Inactive' }));
  });
  it('keeps the key selected as the list reloads, so its actions follow its new status', async () => {
    let status = 'Active';
    stubFetch({
      'POST /api/iam/ListSSHPublicKeys': () => ok({ SSHPublicKeys: [{ UserName: 'bob', SSHPublicKeyId: 'APKAEXAMPLE000000001', Status: status, UploadDate: '2026-01-01T00:00:00Z' }] }),
      'POST /api/iam/UpdateSSHPublicKey': () => {
        status = 'Inactive';
        return ok();
      },
    });
    renderRoute(<SshPublicKeysSection userName="bob" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'APKAEXAMPLE000000001' }));
    await user.click(screen.getByRole('button', { name: 'SSH public key actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Deactivate' }));
    expect(await screen.findByText('Inactive')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'APKAEXAMPLE000000001' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'SSH public key actions' }));
    expect(screen.getByRole('menuitem', { name: 'Activate' })).toBeTruthy();
  });
});

describe('GitCredentialsSection', { timeout: 20_000 }, () => {
  it('generates credentials and shows the user name and password once', async () => {
    const { calls } = stubFetch({
      'POST /api/iam/ListServiceSpecificCredentials': ok({ ServiceSpecificCredentials: [] }),
      'POST /api/iam/CreateServiceSpecificCredential': ok({
        ServiceSpecificCredential: {
          UserName: 'bob',
          ServiceName: 'codecommit.amazonaws.com',
          ServiceUserName: 'bob-at-123456789012',
          ServicePassword: 'Sup3rSecretGitPassword+/=',
          ServiceSpecificCredentialId: 'ACCAEXAMPLE0000000001',
          Status: 'Active',
          CreateDate: '2026-01-01T00:00:00Z',
        },
      }),
    });
    renderRoute(<GitCredentialsSection userName="bob" />);
    const user = userEvent.setup();
    expect(await screen.findByText('No HTTPS Git credentials.')).toBeTruthy();
    expect(lastBody(calls, 'ListServiceSpecificCredentials')).toMatchObject({ UserName: 'bob', ServiceName: 'codecommit.amazonaws.com' });

    await user.click(screen.getByRole('button', { name: 'Generate credentials' }));
    const dialog = await screen.findByRole('dialog');
    expect(lastBody(calls, 'CreateServiceSpecificCredential')).toEqual({ UserName: 'bob', ServiceName: 'codecommit.amazonaws.com' });
    expect(within(dialog).getByText('bob-at-123456789012')).toBeTruthy();
    expect(within(dialog).queryByText('Sup3rSecretGitPassword+/=')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Show password' }));
    expect(within(dialog).getByText('Sup3rSecretGitPassword+/=')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Download credentials' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('Sup3rSecretGitPassword+/=')).toBeNull());
    expect(actions(calls).filter((a) => a === 'CreateServiceSpecificCredential')).toHaveLength(1);
  });

  it('resets the password of the selected credential and shows the new one', async () => {
    const credential = {
      UserName: 'bob',
      ServiceName: 'codecommit.amazonaws.com',
      ServiceUserName: 'bob-at-123456789012',
      ServiceSpecificCredentialId: 'ACCAEXAMPLE0000000001',
      Status: 'Active',
      CreateDate: '2026-01-01T00:00:00Z',
    };
    const { calls } = stubFetch({
      'POST /api/iam/ListServiceSpecificCredentials': ok({ ServiceSpecificCredentials: [credential] }),
      'POST /api/iam/ResetServiceSpecificCredential': ok({ ServiceSpecificCredential: { ...credential, ServicePassword: 'BrandNewPassword' } }),
    });
    renderRoute(<GitCredentialsSection userName="bob" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: 'ACCAEXAMPLE0000000001' }));
    await user.click(screen.getByRole('button', { name: 'HTTPS Git credential actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Reset password' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset password' }));
    await waitFor(() => expect(lastBody(calls, 'ResetServiceSpecificCredential')).toEqual({ UserName: 'bob', ServiceSpecificCredentialId: 'ACCAEXAMPLE0000000001' }));
    const shown = await screen.findByRole('dialog', { name: 'Generated credentials' });
    await user.click(within(shown).getByRole('button', { name: 'Show password' }));
    expect(within(shown).getByText('BrandNewPassword')).toBeTruthy();
  });
});
