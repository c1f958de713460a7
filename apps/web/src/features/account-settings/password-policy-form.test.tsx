import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { PasswordPolicyEditor } from './account-settings-page.tsx';
import { validateAccountAlias } from '../../components/account-alias-modal.tsx';
import { CONSOLE_DEFAULT_FORM, formFromPolicy, formToInput, validatePasswordPolicyForm } from './password-policy-form.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('validatePasswordPolicyForm', () => {
  it.each([
    ['5', 'must be from 6 to 128'],
    ['129', 'must be from 6 to 128'],
    ['', 'whole number from 6 to 128'],
    ['8.5', 'whole number from 6 to 128'],
  ])('refuses a minimum length of "%s"', (minimumLength, message) => {
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, minimumLength }).minimumLength).toContain(message);
  });

  it('accepts the bounds 6 and 128', () => {
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, minimumLength: '6' })).toEqual({});
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, minimumLength: '128' })).toEqual({});
  });

  it('checks expiration (1–1095 days) and reuse (1–24) only when turned on', () => {
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, maxAge: '0', reuseCount: '99' })).toEqual({});
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, expire: true, maxAge: '1096' }).maxAge).toContain('1 to 1095');
    expect(validatePasswordPolicyForm({ ...CONSOLE_DEFAULT_FORM, preventReuse: true, reuseCount: '25' }).reuseCount).toContain('1 to 24');
  });
});

describe('formToInput / formFromPolicy', () => {
  it('sends every field, expiration and reuse only when on', () => {
    expect(formToInput(CONSOLE_DEFAULT_FORM)).toEqual({
      MinimumPasswordLength: 8,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      RequireNumbers: false,
      RequireSymbols: false,
      AllowUsersToChangePassword: true,
      HardExpiry: false,
    });
    expect(formToInput({ ...CONSOLE_DEFAULT_FORM, expire: true, maxAge: '90', hardExpiry: true, preventReuse: true, reuseCount: '5' })).toMatchObject({
      MaxPasswordAge: 90,
      HardExpiry: true,
      PasswordReusePrevention: 5,
    });
  });

  it('reads a policy back into the form', () => {
    const form = formFromPolicy({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 30,
      PasswordReusePrevention: 3,
      HardExpiry: true,
    });
    expect(form).toMatchObject({ minimumLength: '14', requireSymbols: true, expire: true, maxAge: '30', preventReuse: true, reuseCount: '3', allowChange: false, hardExpiry: true });
  });
});

describe('validateAccountAlias', () => {
  it.each(['ab', 'Upper', '-lead', 'trail-', 'dou--ble', '123456789012', 'a'.repeat(64)])('refuses "%s"', (alias) => {
    expect(validateAccountAlias(alias)).toBeDefined();
  });
  it.each(['abc', 'my-company-prod', '1234567890123'])('accepts "%s"', (alias) => {
    expect(validateAccountAlias(alias)).toBeUndefined();
  });
});

describe('PasswordPolicyEditor', () => {
  function renderEditor() {
    const stub = stubFetch({ 'POST /api/iam/UpdateAccountPasswordPolicy': { status: 200, body: {} } });
    const onDone = vi.fn();
    const view = renderRoute(<PasswordPolicyEditor policy={null} onDone={onDone} />);
    return { ...stub, ...view, onDone, user: userEvent.setup() };
  }

  it('shows the range error and sends nothing for a minimum length of 5', async () => {
    const { user, calls } = renderEditor();
    const length = await screen.findByLabelText('Password minimum length');
    await user.clear(length);
    await user.type(length, '5');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('The minimum length must be from 6 to 128.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('checks the expiration period once expiration is turned on', async () => {
    const { user, calls } = renderEditor();
    await user.click(await screen.findByRole('checkbox', { name: /Turn on password expiration/ }));
    const days = screen.getByLabelText('Expire passwords in day(s)');
    await user.clear(days);
    await user.type(days, '2000');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('The expiration period must be from 1 to 1095.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('sends UpdateAccountPasswordPolicy with AWS field names for a valid form', async () => {
    const { user, calls, onDone } = renderEditor();
    const length = await screen.findByLabelText('Password minimum length');
    await user.clear(length);
    await user.type(length, '12');
    await user.click(screen.getByRole('checkbox', { name: /one uppercase letter/ }));
    await user.click(screen.getByRole('checkbox', { name: /Prevent password reuse/ }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({
      path: '/api/iam/UpdateAccountPasswordPolicy',
      body: { MinimumPasswordLength: 12, RequireUppercaseCharacters: true, PasswordReusePrevention: 5, AllowUsersToChangePassword: true },
    });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Password policy updated.'));
  });
});
