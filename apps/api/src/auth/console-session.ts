/**
 * Console sessions: sign-in of the root user (email + password) and of IAM users (account ID or
 * alias + user name + password), an HttpOnly SameSite cookie holding a random token whose
 * SHA-256 is the session's key in the database, a CSRF token for every mutating call, sign-out,
 * expiry and forced password change. Signing in and out are the only things these routes do
 * themselves: a password change is an action, run by the dispatcher (authorized and audited).
 */
import type { Request, Response, NextFunction, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { dummyPasswordHash, hashPassword, verifyPassword, weakPasswordReason } from '../crypto/passwords';
import { randomToken, secretsEqual, sha256Hex } from '../crypto/secrets';
import { addressKey, FailedSignInThrottle, type SignInKeys } from './throttle';
import { findUserWithLoginProfile } from '../iam/lookups';
import type { SecretBox } from '../crypto/secrets';
import { issueMfaToken, readMfaToken, signInNeedsMfa, verifySignInCode } from '../iam/mfa-sign-in';
import { verifyWebAuthnSignIn, type RelyingParty } from './webauthn';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { defineAction } from '../actions/action';
import { findAction } from '../actions/registry';
import { dispatch, type DispatchDeps } from '../dispatch';
import { callerFromSession } from './session-caller';
import { signInFailures } from '../metrics';

export const SESSION_COOKIE = 'portcullis_session';
/** AWS console sessions of IAM users last up to 12 hours. */
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Who is calling, as the dispatcher and the policy engine need it. */
export interface Principal {
  /** federated: signed in through an identity provider (SAML, OIDC) as a role session. */
  type: 'root' | 'user' | 'federated';
  accountId: string;
  arn: string;
  /** AIDA… for users; the account ID for root (aws:userid). */
  userId: string;
  userName?: string;
}

/** A role the signed-in user switched to ("Switch role"): its temporary credential. */
export interface SwitchedRole {
  credentialId: string;
  arn: string;
  accountId: string;
  roleName: string;
  sessionName: string;
  expiresAt: Date;
}

export interface ConsoleSessionInfo {
  id: string;
  principal: Principal;
  switchedRole?: SwitchedRole;
  csrfToken: string;
  mustChangePassword: boolean;
  mfaAuthenticatedAt: Date | null;
  /** When the sign-in happened (aws:TokenIssueTime of the console session). */
  createdAt: Date;
  /** A federated sign-in: the IAM identity provider's ARN (the session is its role session). */
  federatedProvider?: string;
}

const SignInSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('root'), email: z.string().trim().min(1).max(254), password: z.string().min(1).max(128) }),
  z.object({
    kind: z.literal('iam'),
    account: z.string().trim().min(1).max(63),
    userName: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(128),
  }),
]);

/** The sign-in's second step: a TOTP code, or a security key's assertion for a sealed challenge. */
const MfaSignInSchema = z.union([
  z.object({ mfaToken: z.string().min(1).max(1024), code: z.string().regex(/^\d{6}$/, 'must be 6 digits') }),
  z.object({ mfaToken: z.string().min(1).max(1024), challengeToken: z.string().min(1).max(1024), webauthn: z.looseObject({ id: z.string().min(1).max(1024) }) }),
]);

const ChangePasswordSchema = z.object({ oldPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) });

const invalidCredentials = () => new AwsError('InvalidCredentials', messages.console.invalidCredentials, 401);
const notSignedIn = () => new AwsError('NotSignedIn', messages.console.notSignedIn, 401);
const invalidMfaCode = () => new AwsError('InvalidAuthenticationCode', messages.console.invalidCredentials, 401);

/** Counts a refused sign-in for /metrics; returns the error to throw. */
function failedSignIn(reason: 'invalid_credentials' | 'invalid_mfa_code', error: AwsError): AwsError {
  signInFailures.inc({ reason });
  return error;
}

/** Counts an attempt refused by the throttle for /metrics, and rethrows whatever failed. */
function countThrottled(error: unknown): never {
  if (error instanceof AwsError && error.code === 'Throttling') signInFailures.inc({ reason: 'throttled' });
  throw error;
}

interface SessionDeps {
  db: Db;
  /** The dispatcher's dependencies: a password change is an action (authorized and audited). */
  dispatch: DispatchDeps;
  /** Seals the pending sign-in of the MFA step (mfaToken) and decrypts TOTP seeds. */
  secrets: SecretBox;
  /** The console's WebAuthn relying party (security keys). */
  relyingParty: RelyingParty;
  /** PORTCULLIS_PUBLIC_URL: the base of the sign-in links the console shows, emails and puts in .csv files. */
  publicUrl?: string;
  secureCookies: (req: Request) => boolean;
  throttle?: FailedSignInThrottle;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session?: ConsoleSessionInfo;
    }
  }
}

/** Reads the session cookie, if any, and attaches the live session to the request. */
export function loadSession(db: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token) req.session = (await findSession(db, token)) ?? undefined;
    next();
  };
}

/** The live session of a cookie token, or null. */
export async function findSession(db: Db, token: string): Promise<ConsoleSessionInfo | null> {
  const row = await db.consoleSession.findUnique({ where: { id: sha256Hex(token) }, include: { user: true } });
  if (!row || row.expiresAt <= new Date()) return null;
  // SECURITY: a session of a user that no longer exists is no session (never the root's).
  if (row.userId && !row.user) return null;
  let switchedRole: SwitchedRole | undefined;
  if (row.federatedProvider) return federatedSession(db, row);
  if (row.temporaryCredentialId) {
    const cred = await db.temporaryCredential.findUnique({ where: { id: row.temporaryCredentialId }, include: { role: { select: { name: true } } } });
    // An expired role session switches the console back to the user, as AWS's console does.
    if (cred && cred.expiresAt > new Date() && cred.role) {
      switchedRole = { credentialId: cred.id, arn: cred.principalArn, accountId: cred.accountId, roleName: cred.role.name, sessionName: cred.sessionName ?? '', expiresAt: cred.expiresAt };
    }
  }
  const principal: Principal = row.user
    ? { type: 'user', accountId: row.accountId, arn: row.user.arn, userId: row.user.id, userName: row.user.name }
    : { type: 'root', accountId: row.accountId, arn: `arn:aws:iam::${row.accountId}:root`, userId: row.accountId };
  return { id: row.id, principal, switchedRole, csrfToken: row.csrfToken, mustChangePassword: row.mustChangePassword, mfaAuthenticatedAt: row.mfaAuthenticatedAt, createdAt: row.createdAt };
}

/**
 * SECURITY: a federated sign-in (SAML, OIDC) is its role session and nothing else: once the role
 * session has expired, or its role is gone, there is no session — never a fall-back to a user or
 * to the account's root, which a row without a user would otherwise read as.
 */
async function federatedSession(db: Db, row: { id: string; accountId: string; temporaryCredentialId: string | null; federatedProvider: string | null; csrfToken: string; createdAt: Date }): Promise<ConsoleSessionInfo | null> {
  if (!row.temporaryCredentialId || !row.federatedProvider) return null;
  const cred = await db.temporaryCredential.findUnique({ where: { id: row.temporaryCredentialId }, include: { role: { select: { name: true } } } });
  if (!cred || cred.expiresAt <= new Date() || !cred.role || cred.accountId !== row.accountId) return null;
  const switchedRole = { credentialId: cred.id, arn: cred.principalArn, accountId: cred.accountId, roleName: cred.role.name, sessionName: cred.sessionName ?? '', expiresAt: cred.expiresAt };
  return {
    id: row.id,
    principal: { type: 'federated', accountId: cred.accountId, arn: cred.principalArn, userId: cred.principalId },
    switchedRole,
    csrfToken: row.csrfToken,
    mustChangePassword: false,
    mfaAuthenticatedAt: null,
    createdAt: row.createdAt,
    federatedProvider: row.federatedProvider,
  };
}

/**
 * SECURITY: CSRF protection for every mutating /api call made with a session cookie: the
 * x-csrf-token header must equal the session's token (compared in constant time), and the body
 * must be JSON, which a cross-site form cannot send without a CORS preflight we never grant.
 */
export function requireCsrf(req: Request, _res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (req.headers['content-length'] && req.headers['content-length'] !== '0' && !req.is('application/json')) {
    return next(new AwsError('UnsupportedMediaType', messages.console.bodyNotJson, 415));
  }
  if (!req.session) return next();
  const header = req.get('x-csrf-token') ?? '';
  if (!secretsEqual(header, req.session.csrfToken)) return next(new AwsError('InvalidCsrfToken', messages.console.invalidCsrfToken, 403));
  next();
}

/**
 * The root user's own console password. Not an IAM API (ChangePassword is for IAM users), so it
 * is not in the action table; the dispatcher still authorizes it (iam:ChangePassword on the root
 * ARN), runs it in one transaction and audits it. The account password policy does not apply to
 * root (AWS's rule), our minimum strength does.
 */
const changeRootPassword = defineAction({
  name: 'ChangePassword',
  service: 'iam',
  input: z.object({ OldPassword: z.string().min(1).max(128), NewPassword: z.string().min(1).max(128) }),
  target: (_input, caller) => ({ resource: caller.arn }),
  async handler(input, { tx, caller, now }) {
    if (caller.kind !== 'root') throw new AwsError('InvalidUserType', messages.console.onlyRootChangesRootPassword, 400);
    const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId } });
    if (!account.rootPasswordHash || !(await verifyPassword(account.rootPasswordHash, input.OldPassword))) throw new AwsError('InvalidUserType', messages.oldPasswordIncorrect, 400);
    const weak = weakPasswordReason(input.NewPassword, { email: account.rootEmail });
    if (weak) throw new AwsError('PasswordPolicyViolation', weak, 400);
    await tx.account.update({ where: { id: account.id }, data: { rootPasswordHash: await hashPassword(input.NewPassword), rootPasswordChangedAt: now } });
    return {};
  },
});

/**
 * The session of a console route that acts for its caller: signed in, and not required to change
 * its password first (until then only the password change itself is open, as in AWS's console).
 */
export function signedInSession(req: Request): ConsoleSessionInfo {
  if (!req.session) throw notSignedIn();
  if (req.session.mustChangePassword) throw new AwsError('PasswordResetRequired', messages.console.mustChangePassword, 403);
  return req.session;
}

export function sessionRoutes(deps: SessionDeps): Router {
  const { db } = deps;
  const throttle = deps.throttle ?? new FailedSignInThrottle();
  const router = express.Router();

  router.get('/session', (req, res) => {
    if (!req.session) throw notSignedIn();
    res.json(sessionBody(req.session, deps.publicUrl));
  });

  router.post('/session', async (req, res) => {
    const input = SignInSchema.parse(req.body);
    const account = input.kind === 'iam' ? await accountFor(db, input.account) : null;
    // SECURITY: counted before the password is checked (see throttle.ts); unknown users alike.
    const keys: SignInKeys = {
      user: input.kind === 'root' ? `root:${input.email.toLowerCase()}` : `user:${account?.id ?? input.account.toLowerCase()}:${input.userName.toLowerCase()}`,
      ip: addressKey(req.ip ?? 'unknown'),
    };
    await throttle.attempt(db, keys).catch(countThrottled);
    const found = input.kind === 'root' ? await checkRoot(db, input.email, input.password) : await checkIamUser(db, account, input.userName, input.password);
    if (!found) throw failedSignIn('invalid_credentials', invalidCredentials());
    await throttle.succeed(db, keys);
    // A principal with an enabled MFA device gets no session yet: it must answer with a code (or
    // its security key) and the sealed mfaToken at POST /api/session/mfa.
    if (await signInNeedsMfa(db, found.accountId, found.userId)) {
      res.json({ mfaRequired: true, mfaToken: issueMfaToken(deps.secrets, found, new Date()) });
      return;
    }
    await startSession(req, res, found, null);
  });

  router.post('/session/mfa', async (req, res) => {
    const input = MfaSignInSchema.parse(req.body);
    const now = new Date();
    const pending = readMfaToken(deps.secrets, input.mfaToken, now);
    if (!pending) throw failedSignIn('invalid_mfa_code', invalidCredentials());
    const keys: SignInKeys = { user: `mfa:${pending.accountId}:${pending.userId ?? 'root'}`, ip: addressKey(req.ip ?? 'unknown') };
    await throttle.attempt(db, keys).catch(countThrottled);
    const ok =
      'code' in input
        ? await verifySignInCode(db, deps.secrets, pending, input.code, now)
        : await verifyWebAuthnSignIn(db, deps.secrets, deps.relyingParty, pending, input.challengeToken, input.webauthn as unknown as AuthenticationResponseJSON, now);
    if (!ok) throw failedSignIn('invalid_mfa_code', invalidMfaCode());
    await throttle.succeed(db, keys);
    await startSession(req, res, pending, now);
  });

  /** Creates the session (cookie + CSRF token) and records the password's use. */
  async function startSession(req: Request, res: Response, found: SignInResult, mfaAuthenticatedAt: Date | null) {
    const token = randomToken();
    const csrfToken = randomToken();
    await db.consoleSession.create({
      data: {
        id: sha256Hex(token),
        accountId: found.accountId,
        userId: found.userId,
        csrfToken,
        mustChangePassword: found.mustChangePassword,
        mfaAuthenticatedAt,
        sourceIp: req.ip ?? 'unknown',
        userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      },
    });
    if (found.userId) await db.user.update({ where: { id: found.userId }, data: { passwordLastUsed: new Date() } });
    else await db.account.update({ where: { id: found.accountId }, data: { rootPasswordLastUsed: new Date() } });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies(req), path: '/', maxAge: SESSION_TTL_MS });
    const session = await findSession(db, token);
    res.json(sessionBody(session!, deps.publicUrl));
  }

  router.delete('/session', async (req, res) => {
    if (req.session) await db.consoleSession.deleteMany({ where: { id: req.session.id } });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  // Changing one's own password is iam:ChangePassword, run by the dispatcher like every action
  // (so a policy's explicit Deny applies and the change is audited). It stays open to a session
  // that must change its password, which the other console routes refuse until it has.
  router.post('/session/change-password', async (req, res) => {
    const session = req.session;
    if (!session) throw notSignedIn();
    const input = ChangePasswordSchema.parse(req.body);
    const caller = await callerFromSession(db, session, req);
    const action = caller.kind === 'root' ? changeRootPassword : findAction('iam', 'ChangePassword')!;
    await dispatch(deps.dispatch, { action, input: { OldPassword: input.oldPassword, NewPassword: input.newPassword }, caller, requestId: req.requestId });
    // The action cleared mustChangePassword on the user's sessions.
    res.json(sessionBody({ ...session, mustChangePassword: false }, deps.publicUrl));
  });

  return router;
}

export function sessionBody(session: ConsoleSessionInfo, publicUrl?: string) {
  const role = session.switchedRole;
  return {
    principal: session.principal,
    ...(publicUrl ? { publicUrl } : {}),
    ...(role ? { switchedRole: { arn: role.arn, accountId: role.accountId, roleName: role.roleName, sessionName: role.sessionName, expiresAt: role.expiresAt } } : {}),
    // As AWS's console labels a SAML/OIDC sign-in: "Federated user: role/session @ account".
    ...(session.federatedProvider && role
      ? { federated: { providerArn: session.federatedProvider, label: `Federated user: ${role.roleName}/${role.sessionName} @ ${role.accountId}` } }
      : {}),
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
  };
}


interface SignInResult {
  accountId: string;
  userId: string | null;
  mustChangePassword: boolean;
}

async function checkRoot(db: Db, email: string, password: string): Promise<SignInResult | null> {
  const account = await db.account.findUnique({ where: { rootEmail: email.toLowerCase() } });
  // SECURITY: verify against a dummy hash when there is no such user, so timing does not tell.
  const ok = await verifyPassword(account?.rootPasswordHash ?? (await dummyPasswordHash()), password);
  return ok && account?.rootPasswordHash ? { accountId: account.id, userId: null, mustChangePassword: false } : null;
}

/** The account an IAM user signs in to: by 12-digit ID or by alias. */
async function accountFor(db: Db, accountText: string) {
  return /^\d{12}$/.test(accountText) ? db.account.findUnique({ where: { id: accountText } }) : db.account.findUnique({ where: { alias: accountText.toLowerCase() } });
}

async function checkIamUser(db: Db, account: { id: string } | null, userName: string, password: string): Promise<SignInResult | null> {
  const user = account ? await findUserWithLoginProfile(db, account.id, userName) : null;
  const profile = user?.loginProfile;
  const ok = await verifyPassword(profile?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!ok || !profile || !user || !account) return null;
  const policy = await db.passwordPolicy.findUnique({ where: { accountId: account.id } });
  const expired = policy?.maxPasswordAge ? Date.now() - profile.passwordChangedAt.getTime() > policy.maxPasswordAge * 86_400_000 : false;
  if (expired && policy?.hardExpiry) throw new AwsError('PasswordExpired', messages.console.passwordExpired, 401);
  return { accountId: account.id, userId: user.id, mustChangePassword: profile.passwordResetRequired || expired };
}
