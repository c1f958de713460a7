import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('@simplewebauthn/browser', () => ({
  startRegistration: vi.fn(async () => ({ id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { attestationObject: 'att' } })),
  startAuthentication: vi.fn(),
}));
import { renderRoute, stubFetch, type RecordedCall } from '../test/render.tsx';
import type { CredentialPermission } from './credential-table.tsx';
import { MfaDevicesSection, mfaDeviceNameError } from './mfa-devices.tsx';

const SERIAL = 'arn:aws:iam::123456789012:mfa/bob-phone';
const ok = (body: unknown = {}) => ({ status: 200, body });

function renderSection(enableReply = ok(), mayPerform?: CredentialPermission) {
  let enabled = false;
  const stub = stubFetch({
    'POST /api/iam/ListMFADevices': () => ok({ MFADevices: enabled ? [{ UserName: 'bob', SerialNumber: SERIAL, EnableDate: '2026-01-01T00:00:00Z' }] : [] }),
    'POST /api/iam/CreateVirtualMFADevice': ok({ VirtualMFADevice: { SerialNumber: SERIAL, Base32StringSeed: btoa('JBSWY3DPEHPK3PXP'), QRCodePNG: 'iVBORw0KGgo=' } }),
    'POST /api/iam/EnableMFADevice': () => {
      if (enableReply.status === 200) enabled = true;
      return enableReply;
    },
    'POST /api/iam/DeleteVirtualMFADevice': ok(),
    'POST /api/iam/DeactivateMFADevice': ok(),
    'POST /api/mfa/webauthn/registration-options': ok({ options: { challenge: 'chal' }, registrationToken: 'sealed-reg' }),
    'POST /api/mfa/webauthn/registration': ok({ SerialNumber: 'arn:aws:iam::123456789012:u2f/user/bob/yubikey-ABC' }),
  });
  renderRoute(<MfaDevicesSection userName="bob" {...(mayPerform ? { mayPerform } : {})} />);
  return { ...stub, user: userEvent.setup() };
}

const mutations = (calls: RecordedCall[]) => calls.map((c) => c.path.replace('/api/iam/', '').replace('/api/mfa/', '')).filter((a) => a !== 'ListMFADevices');

afterEach(() => vi.unstubAllGlobals());

describe('mfaDeviceNameError', () => {
  it('follows IAM rules for device names', () => {
    expect(mfaDeviceNameError('bob-phone')).toBeUndefined();
    expect(mfaDeviceNameError('')).toBe('Enter a device name.');
    expect(mfaDeviceNameError('a b')).toMatch(/alphanumeric/);
    expect(mfaDeviceNameError('x'.repeat(65))).toMatch(/64 characters/);
  });
});

describe('Assign MFA device', () => {
  it('creates the virtual device, shows its secret key and enables it with two codes', async () => {
    const { user, calls } = renderSection();
    expect(await screen.findByText(/No MFA devices/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Assign MFA device' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(within(dialog).getByText('Enter a device name.')).toBeTruthy();
    await user.type(within(dialog).getByLabelText('Device name'), 'bob-phone');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Show secret key' }));
    expect(within(dialog).getByText('JBSWY3DPEHPK3PXP')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Show QR code' }));
    expect((within(dialog).getByRole('img', { name: 'QR code of the MFA device' }) as HTMLImageElement).src).toBe('data:image/png;base64,iVBORw0KGgo=');
    await user.type(within(dialog).getByLabelText('MFA code 1'), '123');
    await user.click(within(dialog).getByRole('button', { name: 'Add MFA' }));
    expect(within(dialog).getByText('MFA code 1 must be 6 digits.')).toBeTruthy();
    expect(within(dialog).getByText('Enter MFA code 2.')).toBeTruthy();
    await user.clear(within(dialog).getByLabelText('MFA code 1'));
    await user.type(within(dialog).getByLabelText('MFA code 1'), '123456');
    await user.type(within(dialog).getByLabelText('MFA code 2'), '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Add MFA' }));
    expect(await screen.findByText('MFA device assigned.')).toBeTruthy();
    expect(await screen.findByText(SERIAL)).toBeTruthy();
    expect(mutations(calls)).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice']);
    expect(calls.find((c) => c.path.endsWith('/CreateVirtualMFADevice'))?.body).toEqual({ VirtualMFADeviceName: 'bob-phone' });
    expect(calls.find((c) => c.path.endsWith('/EnableMFADevice'))?.body).toEqual({ UserName: 'bob', SerialNumber: SERIAL, AuthenticationCode1: '123456', AuthenticationCode2: '654321' });
  });

  it('deletes the unassigned device when the user cancels after a failed enable', async () => {
    const { user, calls } = renderSection({ status: 403, body: { error: { code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.', requestId: 'req-1' } } });
    await user.click(await screen.findByRole('button', { name: 'Assign MFA device' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Device name'), 'bob-phone');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.type(await within(dialog).findByLabelText('MFA code 1'), '111111');
    await user.type(within(dialog).getByLabelText('MFA code 2'), '222222');
    await user.click(within(dialog).getByRole('button', { name: 'Add MFA' }));
    expect(await within(dialog).findByText('Authentication code for device is not valid.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(mutations(calls)).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice', 'DeleteVirtualMFADevice']);
    expect(calls.find((c) => c.path.endsWith('/DeleteVirtualMFADevice'))?.body).toEqual({ SerialNumber: SERIAL });
  });

  it('creates nothing when cancelled before the device is set up', async () => {
    const { user, calls } = renderSection();
    await user.click(await screen.findByRole('button', { name: 'Assign MFA device' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(mutations(calls)).toEqual([]);
  });

  it('registers a passkey or security key through the browser', async () => {
    const { user, calls } = renderSection();
    await user.click(await screen.findByRole('button', { name: 'Assign MFA device' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Device name'), 'yubikey');
    await user.click(within(dialog).getByRole('radio', { name: /Passkey or security key/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('MFA device assigned.')).toBeTruthy();
    expect(mutations(calls)).toEqual(['webauthn/registration-options', 'webauthn/registration']);
    expect(calls.find((c) => c.path.endsWith('/registration'))?.body).toEqual({
      UserName: 'bob',
      DeviceName: 'yubikey',
      registrationToken: 'sealed-reg',
      response: { id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { attestationObject: 'att' } },
    });
  });

  it('offers only a passkey or security key when creating a virtual device is refused', async () => {
    const reason = 'Your permissions do not allow iam:CreateVirtualMFADevice.';
    const { user, calls } = renderSection(ok(), (action) => (action === 'iam:CreateVirtualMFADevice' ? { allowed: false, reason } : { allowed: true }));
    await user.click(await screen.findByRole('button', { name: 'Assign MFA device' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByRole('radio', { name: /Authenticator app/ }) as HTMLInputElement).disabled).toBe(true);
    expect(within(dialog).getByText(reason)).toBeTruthy();
    expect((within(dialog).getByRole('radio', { name: /Passkey or security key/ }) as HTMLInputElement).checked).toBe(true);
    await user.type(within(dialog).getByLabelText('Device name'), 'yubikey');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('MFA device assigned.')).toBeTruthy();
    expect(mutations(calls)).toEqual(['webauthn/registration-options', 'webauthn/registration']);
  });
});
