/**
 * The Caller behind a temporary credential (STS): an assumed-role session, a federated user, or
 * a user/root session from GetSessionToken. Used by signed requests (ASIA… keys) and by console
 * sessions that switched to a role.
 */
import type { Db } from '../db/client';
import { tagsOf } from '../iam/shapes';
import type { Caller } from './caller';

export type CallerBase = Omit<Caller, 'kind' | 'accountId' | 'arn' | 'userId'>;

type CredentialRow = NonNullable<Awaited<ReturnType<typeof loadTemporaryCredential>>>;

export function loadTemporaryCredential(db: Db, id: string) {
  return db.temporaryCredential.findUnique({ where: { id }, include: { role: { select: { tags: true, arn: true } } } });
}

export async function callerFromTemporaryCredential(db: Db, cred: CredentialRow, base: CallerBase): Promise<Caller> {
  const sessionPolicies = Array.isArray(cred.sessionPolicies) ? (cred.sessionPolicies as string[]) : [];
  const sessionTags = tagsOf(cred.sessionTags);
  const common = { ...base, accountId: cred.accountId, arn: cred.principalArn, userId: cred.principalId, temporary: true, mfaAuthenticatedAt: cred.mfaAuthenticatedAt ?? undefined, sessionPolicies };
  if (cred.kind === 'assumed-role') {
    const roleTags = tagsOf(cred.role?.tags);
    // Session tags override the role's tags with the same key.
    const tags = [...roleTags.filter((t) => !sessionTags.some((s) => s.Key.toLowerCase() === t.Key.toLowerCase())), ...sessionTags];
    return { kind: 'assumed-role', roleId: cred.roleId ?? undefined, roleArn: cred.role?.arn, principalTags: tags, ...common };
  }
  const user = cred.userId ? await db.user.findUnique({ where: { id: cred.userId } }) : null;
  if (cred.kind === 'federated-user') return { kind: 'federated-user', iamUserId: user?.id, principalTags: tagsOf(user?.tags), ...common };
  // GetSessionToken: the same principal as the long-term key, with MFA facts and no session policies.
  if (!user) return { ...common, kind: 'root' };
  return { ...common, kind: 'user', userName: user.name, iamUserId: user.id, principalTags: tagsOf(user.tags) };
}
