/** The Caller of a console request: the signed-in root or IAM user, from its session. */
import type { Request } from 'express';
import type { Db } from '../db/client';
import type { Caller } from './caller';
import type { ConsoleSessionInfo } from './console-session';
import { tagsOf } from '../iam/shapes';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { callerFromTemporaryCredential, loadTemporaryCredential } from './temporary-caller';

export async function callerFromSession(db: Db, session: ConsoleSessionInfo, req: Request): Promise<Caller> {
  const p = session.principal;
  const base = {
    accountId: p.accountId,
    arn: p.arn,
    userId: p.userId,
    sourceIp: req.ip ?? '127.0.0.1',
    secureTransport: req.secure,
    userAgent: req.get('user-agent') ?? '',
    mfaAuthenticatedAt: session.mfaAuthenticatedAt ?? undefined,
    protocol: 'rest' as const,
  };
  // After "Switch role", the console acts as the role session (refused if the role is gone).
  if (session.switchedRole) {
    const cred = await loadTemporaryCredential(db, session.switchedRole.credentialId);
    if (cred) return callerFromTemporaryCredential(cred, base);
  }
  // SECURITY: a federated sign-in is its role session or nothing (never the account's root).
  if (p.type === 'federated') throw new AwsError('NotSignedIn', messages.console.notSignedIn, 401);
  // A console sign-in is a session: aws:TokenIssueTime is when it began, and
  // aws:MultiFactorAuthPresent is present (false without MFA), as in AWS's console.
  const consoleBase = { ...base, credentialType: 'console' as const, tokenIssuedAt: session.createdAt };
  if (p.type === 'root') return { kind: 'root', ...consoleBase };
  const user = await db.user.findUnique({ where: { id: p.userId }, select: { tags: true } });
  return { kind: 'user', ...consoleBase, userName: p.userName, iamUserId: p.userId, principalTags: tagsOf(user?.tags) };
}
