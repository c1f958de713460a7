/**
 * Checking an MFA code for STS (GetSessionToken / AssumeRole with SerialNumber + TokenCode).
 * The device store arrives with the MFA issue; until then no serial number is known, so every
 * code is refused as AWS refuses an unknown device. The check is one function so the MFA work
 * plugs in here.
 */
import type { Tx } from '../db/client';
import { AwsError } from '../errors';
import type { Caller } from '../auth/caller';

export const mfaFailed = () => new AwsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403);

export type MfaCodeVerifier = (tx: Tx, caller: Caller, serialNumber: string, code: string, now: Date) => Promise<boolean>;

/** Verifies a TOTP code of an enabled device of the caller. */
export const verifyMfaCode: MfaCodeVerifier = async (tx, caller, serialNumber) => {
  const device = await tx.mfaDevice.findUnique({ where: { serialNumber } });
  if (!device || device.accountId !== caller.accountId || !device.enabledAt) return false;
  // No device can be enabled yet (the MFA issue adds enabling and TOTP checking).
  return false;
};
