import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { characterClasses, validateAddAccountForm, validateRootPasswordForm } from './account-forms.ts';
import { AddAccountForm } from './add-account-page.tsx';
import { SetRootPasswordModal } from './set-root-password-modal.tsx';
import { AccountsPage } from './accounts-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const member = { Id: '210987654321', Arn: 'arn:aws:organizations::100000000001:account/o-abc/210987654321', Email: 'sandbox@example.com', Name: 'Sandbox', Status: 'ACTIVE', JoinedMethod: 'CREATED' as const, JoinedTimestamp: '2026-11-24T10:00:00.000Z' };

describe('validateAddAccountForm', () => {
  it('needs a name of up to 50 printable characters and a valid email', () => {
    expect(validateAddAccountForm({ name: '', email: '' })).toMatchObject({ name: expect.any(String), email: expect.any(String) });
    expect(validateAddAccountForm({ name: 'a'.repeat(51), email: 'a@b.co' }).name).toContain('50');
    expect(validateAddAccountForm({ name: 'Sandbox', email: 'not-an-email' }).email).toContain('valid');
    expect(validateAddAccountForm({ name: 'Sandbox', email: 'sandbox@example.com' })).toEqual({});
  });
});

describe('validateRootPasswordForm', () => {
  it.each([
    ['Ab1!', 'at least 8'],
    ['alllowercase', 'three of'],
    ['lowerUPPER', 'three of'],
  ])('refuses "%s"', (password, message) => {
    expect(validateRootPasswordForm({ password, confirm: password }).password).toContain(message);
  });
  it('accepts three of four classes and needs a matching confirmation', () => {
    expect(characterClasses('Abc-defg')).toBe(3);
    expect(validateRootPasswordForm({ password: 'Abcdefg1', confirm: 'Abcdefg1' })).toEqual({});
    expect(validateRootPasswordForm({ password: 'Abcdefg1', confirm: 'Abcdefg2' }).confirm).toContain('do not match');
  });
});

describe('AddAccountForm', () => {
  it('shows field errors without calling the API, then a FAILED reason from CreateAccount', async () => {
    const { calls } = stubFetch({
      'POST /api/organizations/CreateAccount': { status: 200, body: { CreateAccountStatus: { State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } } },
    });
    const onCreated = vi.fn();
    renderRoute(<AddAccountForm onCreated={onCreated} onCancel={() => {}} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create AWS account' }));
    expect(await screen.findByText('Enter an AWS account name.')).toBeTruthy();
    expect(calls).toHaveLength(0);
    await user.type(screen.getByLabelText('AWS account name'), 'Sandbox');
    await user.type(screen.getByLabelText("Email address of the account's owner"), 'taken@example.com');
    await user.click(screen.getByRole('button', { name: 'Create AWS account' }));
    expect(await screen.findByText(/EMAIL_ALREADY_EXISTS/)).toBeTruthy();
    expect(calls[0]?.body).toEqual({ AccountName: 'Sandbox', Email: 'taken@example.com' });
    expect(onCreated).not.toHaveBeenCalled();
  });
});

describe('SetRootPasswordModal', () => {
  it('checks the password rule and the confirmation before calling SetAccountRootPassword', async () => {
    const { calls } = stubFetch({ 'POST /api/portcullis/SetAccountRootPassword': { status: 200, body: {} } });
    const onDone = vi.fn();
    renderRoute(<SetRootPasswordModal account={member} onDismiss={() => {}} onDone={onDone} />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('The password must have at least 8 characters.')).toBeTruthy();
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'Sandbox-Pass-1');
    await user.type(screen.getByLabelText('Confirm new password'), 'Sandbox-Pass-2');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('The passwords do not match.')).toBeTruthy();
    expect(calls).toHaveLength(0);
    await user.clear(screen.getByLabelText('Confirm new password'));
    await user.type(screen.getByLabelText('Confirm new password'), 'Sandbox-Pass-1');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls[0]?.body).toEqual({ AccountId: member.Id, Password: 'Sandbox-Pass-1' });
  });
});

describe('AccountsPage', () => {
  it('shows the server error when the account is not the management account', async () => {
    stubFetch({
      'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::210987654321:root', accountId: '210987654321', type: 'root' }, csrfToken: 't', mustChangePassword: false } },
      'POST /api/organizations/ListAccounts': { status: 400, body: { error: { code: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.', requestId: 'req-1' } } },
    });
    renderRoute(<AccountsPage />);
    expect(await screen.findByText('Your account is not a member of an organization.')).toBeTruthy();
    expect(screen.getByText(/req-1/)).toBeTruthy();
  });
});
