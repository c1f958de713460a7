// Multi-factor authentication: virtual MFA devices of users (and the root user), and the MFA step
// of console sign-in (POST /api/session may answer { mfaRequired, mfaToken }; the code then goes
// to POST /api/session/mfa).
// SECURITY: the seed and QR code of CreateVirtualMFADevice are handed to the screen only; they
// never enter the query cache.
import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../client.ts';
import { accountKeys } from './account.ts';
import { callIam } from './policies.ts';
import { sessionQuery, type Session, type SignInRequest, type SignInResult } from './session.ts';

/** An MFA device assigned to a user or to the root user (ListMFADevices). */
export interface MfaDevice {
  UserName: string;
  SerialNumber: string;
  EnableDate: string;
}

/** CreateVirtualMFADevice's reply: both blobs are base64 on the wire, as in AWS's JSON. */
export interface NewVirtualMfaDevice {
  SerialNumber: string;
  /** base64 of the Base32 seed text. */
  Base32StringSeed: string;
  /** base64 of the PNG bytes. */
  QRCodePNG: string;
}

export const mfaKeys = {
  /** Under 'users' so that anything refreshing users also refreshes their MFA devices. */
  all: ['users', 'mfa'] as const,
  devices: (userName: string | undefined) => ['users', 'mfa', userName ?? ''] as const,
};

/** The MFA devices of a user, or of the caller (the root user) when userName is undefined. */
export const mfaDevicesQuery = (userName: string | undefined) =>
  queryOptions({
    queryKey: mfaKeys.devices(userName),
    queryFn: () => callIam<{ MFADevices: MfaDevice[] }>('ListMFADevices', userName ? { UserName: userName } : {}).then((r) => r.MFADevices),
  });

/** "Virtual" for an authenticator app, "Security key" for a FIDO key (its serial is a u2f ARN). */
export function mfaDeviceType(serialNumber: string): 'Virtual' | 'Security key' {
  return /^arn:[^:]+:iam::\d{12}:u2f\//.test(serialNumber) ? 'Security key' : 'Virtual';
}

/** The Base32 secret key text of a new device (the seed is base64 of that text). */
export function secretKeyText(device: NewVirtualMfaDevice): string {
  return atob(device.Base32StringSeed);
}

/** An MFA code as the console accepts it: exactly six digits. */
export function mfaCodeError(code: string, label = 'MFA code'): string | undefined {
  const trimmed = code.trim();
  if (trimmed === '') return `Enter ${label}.`;
  if (!/^\d{6}$/.test(trimmed)) return `${label} must be 6 digits.`;
  return undefined;
}

export const createVirtualMfaDevice = (input: { VirtualMFADeviceName: string; Path?: string }) =>
  callIam<{ VirtualMFADevice: NewVirtualMfaDevice }>('CreateVirtualMFADevice', input).then((r) => r.VirtualMFADevice);

export interface MfaCodesInput {
  UserName?: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

export const enableMfaDevice = (input: MfaCodesInput) => callIam<void>('EnableMFADevice', input);
export const resyncMfaDevice = (input: MfaCodesInput) => callIam<void>('ResyncMFADevice', input);
export const deactivateMfaDevice = (input: { UserName?: string; SerialNumber: string }) => callIam<void>('DeactivateMFADevice', input);
export const deleteVirtualMfaDevice = (input: { SerialNumber: string }) => callIam<void>('DeleteVirtualMFADevice', input);

/** Removes a device from its owner: deactivates it and, for a virtual device, deletes it. */
export async function removeMfaDevice(input: { UserName?: string; SerialNumber: string }): Promise<void> {
  await deactivateMfaDevice(input);
  if (mfaDeviceType(input.SerialNumber) === 'Virtual') await deleteVirtualMfaDevice({ SerialNumber: input.SerialNumber });
}

function useMfaMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // The account summary counts MFA devices and tells whether root has MFA.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: mfaKeys.all }), queryClient.invalidateQueries({ queryKey: accountKeys.all })]),
  });
}

/**
 * Registers a security key or passkey (FIDO2/WebAuthn) for a user, or for the caller: the server's
 * sealed challenge, the browser's ceremony (the key is touched), then the server's check.
 */
export async function registerSecurityKey(input: { UserName?: string; DeviceName: string }): Promise<string> {
  const owner = input.UserName ? { UserName: input.UserName } : {};
  const start = await api.post<{ options: PublicKeyCredentialCreationOptionsJSON; registrationToken: string }>('/api/mfa/webauthn/registration-options', owner);
  const response = await startRegistration({ optionsJSON: start.options });
  const done = await api.post<{ SerialNumber: string }>('/api/mfa/webauthn/registration', {
    ...owner,
    DeviceName: input.DeviceName,
    registrationToken: start.registrationToken,
    response,
  });
  return done.SerialNumber;
}

export const useRegisterSecurityKeyMutation = () => useMfaMutation(registerSecurityKey);
export const useCreateVirtualMfaDeviceMutation = () => useMfaMutation(createVirtualMfaDevice);
export const useEnableMfaDeviceMutation = () => useMfaMutation(enableMfaDevice);
export const useResyncMfaDeviceMutation = () => useMfaMutation(resyncMfaDevice);
export const useDeleteVirtualMfaDeviceMutation = () => useMfaMutation(deleteVirtualMfaDevice);
export const useRemoveMfaDeviceMutation = () => useMfaMutation(removeMfaDevice);

/** `POST /api/session` when the principal has MFA: no session yet, a token for the code step. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

export type SignInReply = SignInResult | MfaChallenge;

export function isMfaChallenge(reply: SignInReply): reply is MfaChallenge {
  return 'mfaRequired' in reply && reply.mfaRequired === true;
}

function useSessionMutation<I>(fn: (input: I) => Promise<SignInReply>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: I) => {
      const reply = await fn(input);
      if (!isMfaChallenge(reply)) setCsrfToken(reply.csrfToken);
      return reply;
    },
    onSuccess: (reply) => {
      if (isMfaChallenge(reply)) return;
      const session: Session = { principal: reply.principal, csrfToken: reply.csrfToken, mustChangePassword: reply.mustChangePassword };
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}

/** The password step of sign-in: a session, or an MFA challenge. */
export const useSignInStepMutation = () => useSessionMutation((body: SignInRequest) => api.post<SignInReply>('/api/session', body));

/** The MFA step of sign-in with a security key: a sealed challenge, the key's assertion, the session. */
async function signInWithSecurityKey(input: { mfaToken: string }): Promise<SignInResult> {
  const start = await api.post<{ options: PublicKeyCredentialRequestOptionsJSON; challengeToken: string }>('/api/session/webauthn-options', input);
  const webauthn = await startAuthentication({ optionsJSON: start.options });
  return api.post<SignInResult>('/api/session/mfa', { mfaToken: input.mfaToken, challengeToken: start.challengeToken, webauthn });
}

export const useSecurityKeySignInMutation = () => useSessionMutation(signInWithSecurityKey);

/** The MFA step of sign-in: the token of the password step and a code from the device. */
export const useMfaSignInMutation = () =>
  useSessionMutation((body: { mfaToken: string; code: string }) => api.post<SignInResult>('/api/session/mfa', body));
