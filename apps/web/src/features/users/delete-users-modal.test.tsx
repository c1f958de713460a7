import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall } from '../../test/render.tsx';
import { DeleteUsersModal } from './delete-users-modal.tsx';

const ok = (body: unknown = {}) => ({ status: 200, body });

function renderModal() {
  const onDone = vi.fn();
  const stub = stubFetch({
    'POST /api/iam/GetLoginProfile': ok({ LoginProfile: { UserName: 'bob', CreateDate: '2026-01-01T00:00:00Z', PasswordResetRequired: false } }),
    'POST /api/iam/ListAccessKeys': ok({ AccessKeyMetadata: [{ AccessKeyId: 'AKIAEXAMPLE000000001', Status: 'Active', CreateDate: '2026-01-01T00:00:00Z' }] }),
    'POST /api/iam/ListSigningCertificates': ok({ Certificates: [{ CertificateId: 'CERTEXAMPLE0000000000000000000001', Status: 'Active' }] }),
    'POST /api/iam/ListSSHPublicKeys': ok({ SSHPublicKeys: [{ SSHPublicKeyId: 'APKAEXAMPLE000000001', Status: 'Active' }] }),
    'POST /api/iam/ListServiceSpecificCredentials': ok({
      ServiceSpecificCredentials: [{ ServiceSpecificCredentialId: 'ACCAEXAMPLE0000000001', ServiceName: 'codecommit.amazonaws.com', Status: 'Active' }],
    }),
    'POST /api/iam/ListGroupsForUser': ok({ Groups: [{ GroupName: 'Developers' }] }),
    'POST /api/iam/ListAttachedUserPolicies': ok({ AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
    'POST /api/iam/ListUserPolicies': ok({ PolicyNames: ['inline-1'] }),
    'POST /api/iam/DeleteLoginProfile': ok(),
    'POST /api/iam/DeleteAccessKey': ok(),
    'POST /api/iam/DeleteSigningCertificate': ok(),
    'POST /api/iam/DeleteSSHPublicKey': ok(),
    'POST /api/iam/DeleteServiceSpecificCredential': ok(),
    'POST /api/iam/RemoveUserFromGroup': ok(),
    'POST /api/iam/DetachUserPolicy': ok(),
    'POST /api/iam/DeleteUserPolicy': ok(),
    'POST /api/iam/DeleteUser': ok(),
  });
  renderRoute(<DeleteUsersModal userNames={['bob']} onDone={onDone} onDismiss={() => undefined} />);
  return { ...stub, onDone, user: userEvent.setup() };
}

const actions = (calls: RecordedCall[]) => calls.map((c) => c.path.replace('/api/iam/', ''));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DeleteUsersModal', { timeout: 20_000 }, () => {
  it('lists what blocks DeleteUser, and removes it all before the user once the name is typed', async () => {
    const { user, calls, onDone } = renderModal();
    expect(await screen.findByText('Access keys: AKIAEXAMPLE000000001')).toBeTruthy();
    expect(screen.getByText('Console password')).toBeTruthy();
    expect(screen.getByText('Signing certificates: CERTEXAMPLE0000000000000000000001')).toBeTruthy();
    expect(screen.getByText('SSH public keys: APKAEXAMPLE000000001')).toBeTruthy();
    expect(screen.getByText('Service-specific credentials: ACCAEXAMPLE0000000001 (codecommit.amazonaws.com)')).toBeTruthy();
    expect(screen.getByText('Group memberships: Developers')).toBeTruthy();
    expect(screen.getByText('Attached policies: ReadOnlyAccess')).toBeTruthy();
    expect(screen.getByText('Inline policies: inline-1')).toBeTruthy();

    const confirm = screen.getByRole('button', { name: 'Delete' });
    await user.click(confirm);
    expect(actions(calls)).not.toContain('DeleteUser');
    await user.type(screen.getByLabelText('To confirm deletion, enter bob in the text input field.'), 'bob');
    await user.click(confirm);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const deletes = actions(calls).filter((a) => !a.startsWith('List') && !a.startsWith('Get'));
    expect(deletes).toEqual([
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'DeleteSigningCertificate',
      'DeleteSSHPublicKey',
      'DeleteServiceSpecificCredential',
      'RemoveUserFromGroup',
      'DetachUserPolicy',
      'DeleteUserPolicy',
      'DeleteUser',
    ]);
  });
});
