/**
 * FIDO2 / WebAuthn security keys and passkeys as MFA devices (type 'fido'), server side:
 * - registration by a signed-in console user for itself (or, with UserName, for another user),
 *   authorized and audited as iam:EnableMFADevice through the dispatcher;
 * - authentication as the second step of console sign-in (the mfaToken of POST /api/session).
 * Challenges travel sealed with the server's SecretBox (AES-256-GCM), so the server keeps no
 * challenge state. SECURITY: an assertion is accepted once: each challenge carries its issue
 * time, and a device accepts only challenges issued after the last one it accepted (stored in
 * lastUsedTimeStep, as milliseconds for FIDO devices), besides the authenticator's counter.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_fido.html
 */
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { UserNameSchema } from '@portcullis/shared';
import type { Db, Tx } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { dispatch, type DispatchDeps } from '../dispatch';
import { defineAction } from '../actions/action';
import { AwsError, entityAlreadyExists, limitExceeded, validationError } from '../errors';
import { messages } from '../messages';
import { findUser, userArnOrGuess } from '../iam/lookups';
import type { MfaOwner } from '../iam/mfa-codes';
import { readMfaToken, type PendingSignIn } from '../iam/mfa-sign-in';
import { callerFromSession } from './session-caller';
import { signedInSession } from './console-session';
import type { Caller } from './caller';

/** The relying party: the console's host name and origin(s). */
export interface RelyingParty {
  rpID: string;
  rpName: string;
  origins: string[];
}

/** The relying party of a console served at publicUrl. */
export function relyingPartyFor(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { rpID: url.hostname, rpName: 'Portcullis', origins: [url.origin] };
}

const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_DEVICES_PER_USER = 8;
const REGISTRATION = 'portcullis:webauthn-registration:v1';
const AUTHENTICATION = 'portcullis:webauthn-authentication:v1';

/** Device names as AWS's console allows them (1–64 of `[\w+=,.@-]`). */
const DeviceNameSchema = z.string().min(1).max(64).regex(/^[\w+=,.@-]+$/, 'must satisfy regular expression pattern: [\\w+=,.@-]+');
/** The browser's JSON (from @simplewebauthn/browser), checked in shape by the verifier. */
const CredentialJsonSchema = z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().min(1).max(1024), type: z.literal('public-key'), response: z.looseObject({}) });

interface Sealed {
  purpose: string;
  accountId: string;
  /** The device owner: an IAM user's database ID, or null for root. */
  userId: string | null;
  challenge: string;
  issuedAt: number;
}

function seal(secrets: SecretBox, body: Sealed): string {
  return Buffer.from(secrets.encrypt(JSON.stringify(body))).toString('base64url');
}

function unseal(secrets: SecretBox, token: string, purpose: string, now: Date): Sealed | null {
  try {
    const body = JSON.parse(secrets.decrypt(Buffer.from(token, 'base64url'))) as Sealed;
    if (body.purpose !== purpose || typeof body.issuedAt !== 'number' || body.issuedAt + CHALLENGE_TTL_MS <= now.getTime() || body.issuedAt > now.getTime() + 1000) return null;
    if (typeof body.accountId !== 'string' || typeof body.challenge !== 'string' || !(body.userId === null || typeof body.userId === 'string')) return null;
    return body;
  } catch {
    return null;
  }
}

function ownerWhere(accountId: string, userId: string | null) {
  return userId === null ? { accountId, userId: null, forRoot: true } : { accountId, userId };
}

/** 32 random bytes; the options carry them base64url-encoded, which is what the client signs. */
const newChallenge = () => new Uint8Array(randomBytes(32));

/** Registration options for a new security key of `owner`, and the sealed challenge. */
export async function registrationOptions(db: Db | Tx, secrets: SecretBox, rp: RelyingParty, owner: { accountId: string; userId: string | null; userName: string }, now: Date) {
  const existing = await db.mfaDevice.findMany({ where: { ...ownerWhere(owner.accountId, owner.userId), type: 'fido', credentialId: { not: null } }, select: { credentialId: true } });
  const challenge = newChallenge();
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: owner.userName,
    userID: new TextEncoder().encode(`${owner.accountId}:${owner.userId ?? 'root'}`),
    challenge,
    attestationType: 'none',
    excludeCredentials: existing.map((d) => ({ id: d.credentialId! })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  return { options, registrationToken: seal(secrets, { purpose: REGISTRATION, accountId: owner.accountId, userId: owner.userId, challenge: options.challenge, issuedAt: now.getTime() }) };
}

/** The FIDO serial number AWS-style: `arn:aws:iam::ACCOUNT:u2f/user/NAME/DEVICE-RANDOM` (or `u2f/root/…`). */
function fidoSerialNumber(accountId: string, userName: string | null, deviceName: string): string {
  const suffix = randomBytes(13).toString('base64url').replace(/[^A-Za-z0-9]/g, 'A').toUpperCase();
  return `arn:aws:iam::${accountId}:u2f/${userName === null ? 'root' : `user/${userName}`}/${deviceName}-${suffix}`;
}

/**
 * Verifies a registration response and stores the security key as an enabled MFA device of the
 * owner sealed in the token (the same owner the request names). Returns the serial number.
 */
export async function completeRegistration(
  tx: Tx,
  secrets: SecretBox,
  rp: RelyingParty,
  input: { owner: MfaOwner; userName: string | null; deviceName: string; registrationToken: string; response: RegistrationResponseJSON },
  now: Date,
): Promise<string> {
  const ownerUserId = 'root' in input.owner ? null : input.owner.userId;
  const sealed = unseal(secrets, input.registrationToken, REGISTRATION, now);
  if (!sealed || sealed.accountId !== input.owner.accountId || sealed.userId !== ownerUserId) throw invalidWebAuthn();
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: sealed.challenge,
    expectedOrigin: rp.origins,
    expectedRPID: rp.rpID,
    requireUserVerification: false,
  }).catch(() => ({ verified: false as const }));
  if (!verification.verified) throw invalidWebAuthn();
  const { credential } = verification.registrationInfo;
  if ('root' in input.owner) await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${input.owner.accountId} FOR UPDATE`;
  else await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${input.owner.userId} FOR UPDATE`;
  const where = ownerWhere(input.owner.accountId, ownerUserId);
  if ((await tx.mfaDevice.count({ where: { ...where, enabledAt: { not: null } } })) >= MAX_DEVICES_PER_USER) throw limitExceeded(messages.quotaExceeded('MFADevicesPerUser', MAX_DEVICES_PER_USER));
  if (await tx.mfaDevice.findUnique({ where: { credentialId: credential.id } })) throw entityAlreadyExists(messages.mfaDeviceInUse);
  const serialNumber = fidoSerialNumber(input.owner.accountId, input.userName, input.deviceName);
  await tx.mfaDevice.create({
    data: {
      serialNumber,
      accountId: input.owner.accountId,
      userId: ownerUserId,
      forRoot: ownerUserId === null,
      name: input.deviceName,
      path: '/',
      type: 'fido',
      credentialId: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      signCount: BigInt(credential.counter),
      // Challenges issued before registration never authenticate.
      lastUsedTimeStep: BigInt(sealed.issuedAt),
      enabledAt: now,
    },
  });
  return serialNumber;
}

const invalidWebAuthn = () => new AwsError('InvalidAuthenticationCode', messages.console.securityKeyResponseInvalid, 403);

/** Authentication options for the second sign-in step: the principal's security keys. */
export async function authenticationOptions(db: Db, secrets: SecretBox, rp: RelyingParty, pending: PendingSignIn, now: Date) {
  const devices = await db.mfaDevice.findMany({ where: { ...ownerWhere(pending.accountId, pending.userId), type: 'fido', enabledAt: { not: null } }, select: { credentialId: true } });
  if (devices.length === 0) return null;
  const challenge = newChallenge();
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, challenge, allowCredentials: devices.map((d) => ({ id: d.credentialId! })), userVerification: 'preferred' });
  return { options, challengeToken: seal(secrets, { purpose: AUTHENTICATION, accountId: pending.accountId, userId: pending.userId, challenge: options.challenge, issuedAt: now.getTime() }) };
}

/**
 * Verifies an assertion for the pending sign-in: one of the principal's enabled security keys,
 * the sealed challenge, the origin and RP ID, a counter that moved on (when the key keeps one),
 * and a challenge newer than any the key answered before. Records both. True if accepted.
 */
export async function verifyWebAuthnSignIn(db: Db, secrets: SecretBox, rp: RelyingParty, pending: PendingSignIn, challengeToken: string, response: AuthenticationResponseJSON, now: Date): Promise<boolean> {
  const sealed = unseal(secrets, challengeToken, AUTHENTICATION, now);
  if (!sealed || sealed.accountId !== pending.accountId || sealed.userId !== pending.userId) return false;
  const device = await db.mfaDevice.findFirst({ where: { ...ownerWhere(pending.accountId, pending.userId), type: 'fido', enabledAt: { not: null }, credentialId: response.id } });
  if (!device?.publicKey || !device.credentialId) return false;
  const previous = Number(device.signCount ?? 0n);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: sealed.challenge,
    expectedOrigin: rp.origins,
    expectedRPID: rp.rpID,
    credential: { id: device.credentialId, publicKey: new Uint8Array(device.publicKey), counter: previous },
    requireUserVerification: false,
  }).catch(() => ({ verified: false as const, authenticationInfo: undefined }));
  if (!verification.verified || !verification.authenticationInfo) return false;
  // SECURITY: atomically, only if no newer (or this same) challenge was accepted meanwhile.
  const { count } = await db.mfaDevice.updateMany({
    where: { serialNumber: device.serialNumber, enabledAt: { not: null }, OR: [{ lastUsedTimeStep: null }, { lastUsedTimeStep: { lt: BigInt(sealed.issuedAt) } }] },
    data: { lastUsedTimeStep: BigInt(sealed.issuedAt), signCount: BigInt(verification.authenticationInfo.newCounter) },
  });
  return count === 1;
}

const RegistrationOptionsSchema = z.object({ UserName: UserNameSchema.optional() });
const RegistrationSchema = z.object({ UserName: UserNameSchema.optional(), DeviceName: DeviceNameSchema, registrationToken: z.string().min(1).max(2048), response: CredentialJsonSchema });

/** The owner a console caller registers for: the named user, or itself (IAM user or root). */
async function ownerFor(db: Db | Tx, caller: Caller, userName: string | undefined): Promise<{ owner: MfaOwner; userName: string | null; displayName: string }> {
  if (userName) {
    const user = await findUser(db, caller.accountId, userName);
    return { owner: { accountId: caller.accountId, userId: user.id }, userName: user.name, displayName: user.name };
  }
  if (caller.kind === 'root') return { owner: { accountId: caller.accountId, root: true }, userName: null, displayName: caller.accountId };
  if (caller.kind === 'user' && caller.iamUserId && caller.userName) return { owner: { accountId: caller.accountId, userId: caller.iamUserId }, userName: caller.userName, displayName: caller.userName };
  throw validationError(messages.nonUserCredentials);
}

/** A security key is registered for a user (or the caller itself): iam:EnableMFADevice on that user. */
async function registrationTarget(input: { UserName?: string }, caller: Caller, db: Db) {
  return { resource: input.UserName ? await userArnOrGuess(db, caller.accountId, input.UserName) : caller.arn };
}

/**
 * Registering a security key is iam:EnableMFADevice on the user (or root): these actions are run
 * through the dispatcher (parse, authorize, one transaction, audit) but not listed in the action
 * table — the Query API has no FIDO registration. Both steps need the permission: the options
 * name the user's unique ID and its existing keys' credential IDs, so a caller that may not
 * register a key for the user gets AccessDenied whether or not the user exists, and nothing else.
 */
function registrationOptionsAction(rp: RelyingParty) {
  return defineAction({
    name: 'EnableMFADevice',
    service: 'iam',
    // Writes nothing: the challenge travels sealed in the registration token.
    readOnly: true,
    input: RegistrationOptionsSchema,
    target: registrationTarget,
    async handler(input, { tx, caller, secrets, now }) {
      const { owner, displayName } = await ownerFor(tx, caller, input.UserName);
      return registrationOptions(tx, secrets, rp, { accountId: owner.accountId, userId: 'root' in owner ? null : owner.userId, userName: displayName }, now);
    },
  });
}

function registrationAction(rp: RelyingParty) {
  return defineAction({
    name: 'EnableMFADevice',
    service: 'iam',
    authorizationCache: 'unchanged',
    input: RegistrationSchema,
    target: registrationTarget,
    async handler(input, { tx, caller, secrets, now }) {
      const { owner, userName } = await ownerFor(tx, caller, input.UserName);
      const serialNumber = await completeRegistration(tx, secrets, rp, { owner, userName, deviceName: input.DeviceName, registrationToken: input.registrationToken, response: input.response as unknown as RegistrationResponseJSON }, now);
      return { SerialNumber: serialNumber };
    },
  });
}

/**
 * Routes for a signed-in console session (mounted under /api, after loadSession/requireCsrf):
 * POST /mfa/webauthn/registration-options { UserName? } → { options, registrationToken }
 * POST /mfa/webauthn/registration { UserName?, DeviceName, registrationToken, response } → { SerialNumber }
 * And for the sign-in's second step (no session yet; the mfaToken of POST /api/session):
 * POST /session/webauthn-options { mfaToken } → { options, challengeToken }
 * (then POST /api/session/mfa { mfaToken, challengeToken, webauthn } in console-session.ts).
 */
export function webauthnRoutes(deps: DispatchDeps & { relyingParty?: RelyingParty }): Router {
  const rp = deps.relyingParty ?? relyingPartyFor(deps.publicUrl);
  const startRegistration = registrationOptionsAction(rp);
  const register = registrationAction(rp);
  const router = express.Router();
  const now = () => deps.now?.() ?? new Date();

  router.post('/mfa/webauthn/registration-options', async (req, res) => {
    const caller = await callerFromSession(deps.db, signedInSession(req), req);
    res.json(await dispatch(deps, { action: startRegistration, input: req.body ?? {}, caller, requestId: req.requestId }));
  });

  router.post('/mfa/webauthn/registration', async (req, res) => {
    const caller = await callerFromSession(deps.db, signedInSession(req), req);
    res.json(await dispatch(deps, { action: register, input: req.body, caller, requestId: req.requestId }));
  });

  router.post('/session/webauthn-options', async (req, res) => {
    const { mfaToken } = z.object({ mfaToken: z.string().min(1).max(1024) }).parse(req.body);
    const pending = readMfaToken(deps.secrets, mfaToken, now());
    if (!pending) throw new AwsError('InvalidCredentials', messages.console.invalidCredentials, 401);
    const options = await authenticationOptions(deps.db, deps.secrets, rp, pending, now());
    if (!options) throw new AwsError('NoSuchEntity', messages.console.noSecurityKeyRegistered, 404);
    res.json(options);
  });

  return router;
}
