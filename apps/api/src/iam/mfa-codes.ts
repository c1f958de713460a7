/**
 * Checking an MFA code for STS (GetSessionToken / AssumeRole with SerialNumber + TokenCode) and
 * console sign-in: the code must come from an enabled virtual device of the caller (an IAM user's
 * own device, or the root user's when the caller is root), be within ±1 time step of now, and be
 * for a later time step than any code accepted before (SECURITY: no replay). The accepted step is
 * stored in the same transaction.
 */
import type { Tx } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';
import type { Caller } from '../auth/caller';
import type { SecretBox } from '../crypto/secrets';
import { SIGN_IN_WINDOW_STEPS, matchingStep } from './mfa-totp';

export const mfaFailed = () => new AwsError('AccessDenied', messages.mfaFailed, 403);

/** Whose devices a code may come from: an IAM user (database ID) or the account's root user. */
export type MfaOwner = { accountId: string; userId: string } | { accountId: string; root: true };

export type MfaCodeVerifier = (tx: Tx, caller: Caller, serialNumber: string, code: string, now: Date, secrets?: SecretBox) => Promise<boolean>;

/** The owner of the caller's own devices: IAM users (and their GetSessionToken sessions) and root. */
export function mfaOwnerOf(caller: Caller): MfaOwner | undefined {
  if (caller.kind === 'root') return { accountId: caller.accountId, root: true };
  if (caller.kind === 'user' && caller.iamUserId) return { accountId: caller.accountId, userId: caller.iamUserId };
  return undefined;
}

/**
 * SECURITY: guessing. A 6-digit code with ±1 step has 3 chances in a million per guess, so after
 * MAX_FAILURES wrong codes for one device within FAILURE_WINDOW_MS every code is refused until the
 * window passes (AWS throttles MFA attempts too). Only callers owning the device reach the count,
 * so nobody else can lock a device. Kept per process (each replica counts on its own).
 */
export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 5 * 60 * 1000;
const failures = new Map<string, { count: number; since: number }>();

function lockedOut(serialNumber: string, now: Date): boolean {
  const entry = failures.get(serialNumber);
  if (!entry) return false;
  if (now.getTime() - entry.since >= FAILURE_WINDOW_MS) {
    failures.delete(serialNumber);
    return false;
  }
  return entry.count >= MAX_FAILURES;
}

function recordFailure(serialNumber: string, now: Date): void {
  const entry = failures.get(serialNumber);
  if (!entry || now.getTime() - entry.since >= FAILURE_WINDOW_MS) failures.set(serialNumber, { count: 1, since: now.getTime() });
  else entry.count += 1;
  if (failures.size > 100_000) failures.clear();
}

/**
 * Verifies a TOTP code of an enabled device of `owner` and records its time step. Returns false
 * for an unknown, foreign, disabled or non-TOTP device, a wrong code, or a code whose step is not
 * later than the last one accepted.
 */
export async function verifyOwnerMfaCode(tx: Tx, secrets: SecretBox, owner: MfaOwner, serialNumber: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const device = await tx.mfaDevice.findUnique({ where: { serialNumber } });
  if (!device || device.accountId !== owner.accountId || !device.enabledAt || device.type !== 'virtual' || !device.seedEncrypted) return false;
  const owned = 'root' in owner ? device.forRoot && device.userId === null : device.userId === owner.userId;
  if (!owned || lockedOut(serialNumber, now)) return false;
  const step = await matchingStep(secrets.decrypt(device.seedEncrypted), code, now, SIGN_IN_WINDOW_STEPS);
  if (step === undefined) {
    recordFailure(serialNumber, now);
    return false;
  }
  // SECURITY: the conditional update makes check-and-record atomic, so two requests racing with
  // the same code cannot both succeed.
  const { count } = await tx.mfaDevice.updateMany({
    where: { serialNumber, enabledAt: { not: null }, OR: [{ lastUsedTimeStep: null }, { lastUsedTimeStep: { lt: BigInt(step) } }] },
    data: { lastUsedTimeStep: BigInt(step) },
  });
  if (count !== 1) {
    recordFailure(serialNumber, now);
    return false;
  }
  failures.delete(serialNumber);
  return true;
}

/**
 * Verifies a TOTP code of the caller's own enabled device (STS). `secrets` decrypts the seed;
 * without it no code can be checked and every code is refused.
 */
export const verifyMfaCode: MfaCodeVerifier = async (tx, caller, serialNumber, code, now, secrets) => {
  const owner = mfaOwnerOf(caller);
  if (!owner || !secrets) return false;
  return verifyOwnerMfaCode(tx, secrets, owner, serialNumber, code, now);
};
