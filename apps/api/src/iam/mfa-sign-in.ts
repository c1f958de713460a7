/**
 * Console sign-in with MFA: after the password step, a user (or root) with an enabled virtual
 * MFA device gets an `mfaToken` instead of a session, and trades it plus a current code for the
 * session (POST /api/session/mfa). The token is stateless: the pending sign-in sealed with the
 * server's SecretBox (AES-256-GCM, so it can be neither read nor forged), valid for 5 minutes.
 * SECURITY: a token alone never yields a session; each code is accepted once (the device's
 * last time step), and the sign-in throttle applies to the code step as to the password step.
 */
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { verifyOwnerMfaCode, type MfaOwner } from './mfa-codes';

/** How long the code step may follow the password step. */
export const MFA_TOKEN_TTL_MS = 5 * 60 * 1000;
const TOKEN_PURPOSE = 'portcullis:console-mfa:v1';

/** A sign-in that passed the password step and waits for its MFA code. */
export interface PendingSignIn {
  accountId: string;
  /** The IAM user's database ID; null for the root user. */
  userId: string | null;
  mustChangePassword: boolean;
}

function ownerOf(pending: PendingSignIn): MfaOwner {
  return pending.userId === null ? { accountId: pending.accountId, root: true } : { accountId: pending.accountId, userId: pending.userId };
}

/** Whether the signing-in principal has an enabled MFA device (then a code is required). */
export async function signInNeedsMfa(db: Db, accountId: string, userId: string | null): Promise<boolean> {
  const where = userId === null ? { accountId, userId: null, forRoot: true } : { accountId, userId };
  return (await db.mfaDevice.count({ where: { ...where, enabledAt: { not: null } } })) > 0;
}

/** Seals a pending sign-in into an opaque token (base64url). */
export function issueMfaToken(secrets: SecretBox, pending: PendingSignIn, now: Date): string {
  const body = { p: TOKEN_PURPOSE, a: pending.accountId, u: pending.userId, m: pending.mustChangePassword, e: now.getTime() + MFA_TOKEN_TTL_MS };
  return Buffer.from(secrets.encrypt(JSON.stringify(body))).toString('base64url');
}

/** Opens a token: the pending sign-in, or null if it is forged, altered, foreign or expired. */
export function readMfaToken(secrets: SecretBox, token: string, now: Date): PendingSignIn | null {
  try {
    const body = JSON.parse(secrets.decrypt(Buffer.from(token, 'base64url'))) as Record<string, unknown>;
    if (body.p !== TOKEN_PURPOSE || typeof body.e !== 'number' || body.e <= now.getTime()) return null;
    if (typeof body.a !== 'string' || !(body.u === null || typeof body.u === 'string') || typeof body.m !== 'boolean') return null;
    return { accountId: body.a, userId: body.u, mustChangePassword: body.m };
  } catch {
    return null;
  }
}

/**
 * Checks a code against the principal's enabled virtual devices (the console does not ask which
 * one) and records its time step on the device that matched. True if one accepted it.
 */
export async function verifySignInCode(db: Db, secrets: SecretBox, pending: PendingSignIn, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const owner = ownerOf(pending);
  const where = 'root' in owner ? { accountId: owner.accountId, userId: null, forRoot: true } : { accountId: owner.accountId, userId: owner.userId };
  const devices = await db.mfaDevice.findMany({ where: { ...where, enabledAt: { not: null }, type: 'virtual' }, select: { serialNumber: true }, orderBy: { serialNumber: 'asc' } });
  for (const device of devices) {
    if (await db.$transaction((tx) => verifyOwnerMfaCode(tx, secrets, owner, device.serialNumber, code, now))) return true;
  }
  return false;
}
