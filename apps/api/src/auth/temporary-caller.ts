/**
 * The Caller behind a temporary credential (STS): an assumed-role session, a federated user, or
 * a user/root session from GetSessionToken. Used by signed requests (ASIA… keys) and by console
 * sessions that switched to a role.
 *
 * SECURITY: this resolver fails closed. A credential resolves to the principal it was issued to
 * or is refused (InvalidClientTokenId); a credential whose user or role no longer exists is never
 * read as anything else — in particular never as the account's root. (Deleting a user or role
 * also deletes its credentials through their foreign keys; this check holds even if a row
 * survives, e.g. one restored from an old backup.)
 */
import type { Db } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { tagsOf } from '../iam/shapes';
import type { Caller, CredentialType } from './caller';

export type CallerBase = Omit<Caller, 'kind' | 'accountId' | 'arn' | 'userId' | 'credentialType'>;

/** A stored temporary credential with what its caller needs of its role or user (null when it has none or it is gone). */
export interface CredentialRow {
  id: string;
  accountId: string;
  secretEncrypted: Uint8Array;
  sessionTokenHash: string;
  kind: string;
  principalArn: string;
  principalId: string;
  roleId: string | null;
  userId: string | null;
  sessionPolicies: unknown;
  sessionTags: unknown;
  transitiveTagKeys: unknown;
  sourceIdentity: string | null;
  issuedToRoot: boolean;
  mfaAuthenticatedAt: Date | null;
  expiresAt: Date;
  createdAt: Date;
  role: { arn: string; tags: unknown } | null;
  user: { id: string; name: string; tags: unknown } | null;
}

export const invalidClientToken = () => new AwsError('InvalidClientTokenId', messages.invalidClientToken, 403);

/** The credential with its role and user, in one query (every request signed with an ASIA… key makes it). */
export async function loadTemporaryCredential(db: Db, id: string): Promise<CredentialRow | undefined> {
  const [row] = await db.$queryRaw<CredentialRow[]>`
    SELECT c."id", c."accountId", c."secretEncrypted", c."sessionTokenHash", c."kind", c."principalArn", c."principalId", c."roleId", c."userId",
      c."sessionPolicies", c."sessionTags", c."transitiveTagKeys", c."sourceIdentity", c."issuedToRoot", c."mfaAuthenticatedAt", c."expiresAt", c."createdAt",
      CASE WHEN r."id" IS NULL THEN NULL ELSE jsonb_build_object('arn', r."arn", 'tags', r."tags") END AS "role",
      CASE WHEN u."id" IS NULL THEN NULL ELSE jsonb_build_object('id', u."id", 'name', u."name", 'tags', u."tags") END AS "user"
    FROM "TemporaryCredential" c LEFT JOIN "Role" r ON r."id" = c."roleId" LEFT JOIN "User" u ON u."id" = c."userId"
    WHERE c."id" = ${id}`;
  return row;
}

const CREDENTIAL_TYPE: Record<string, CredentialType> = { 'assumed-role': 'role-session', 'federated-user': 'federation-token', session: 'session-token' };

export function callerFromTemporaryCredential(cred: CredentialRow, base: CallerBase): Caller {
  const credentialType = CREDENTIAL_TYPE[cred.kind];
  if (!credentialType) throw invalidClientToken();
  const sessionPolicies = Array.isArray(cred.sessionPolicies) ? (cred.sessionPolicies as string[]) : [];
  const sessionTags = tagsOf(cred.sessionTags);
  const transitiveTagKeys = Array.isArray(cred.transitiveTagKeys) ? (cred.transitiveTagKeys as string[]) : [];
  const common = {
    ...base,
    accountId: cred.accountId,
    arn: cred.principalArn,
    userId: cred.principalId,
    temporary: true,
    credentialType,
    tokenIssuedAt: cred.createdAt,
    mfaAuthenticatedAt: cred.mfaAuthenticatedAt ?? undefined,
    sessionPolicies,
    transitiveTagKeys,
    sourceIdentity: cred.sourceIdentity ?? undefined,
  };
  if (cred.kind === 'assumed-role') {
    if (!cred.roleId || !cred.role) throw invalidClientToken();
    return { ...common, kind: 'assumed-role', roleId: cred.roleId, roleArn: cred.role.arn, principalTags: withSessionTags(tagsOf(cred.role.tags), sessionTags) };
  }
  // GetSessionToken / GetFederationToken: issued either to an IAM user that must still exist, or
  // to the root user (recorded as such when issued). Nothing else resolves.
  const user = cred.user;
  if (cred.userId ? !user : !cred.issuedToRoot) throw invalidClientToken();
  if (cred.kind === 'federated-user') return { ...common, kind: 'federated-user', iamUserId: user?.id, principalTags: withSessionTags(tagsOf(user?.tags), sessionTags) };
  if (!user) return { ...common, kind: 'root' };
  return { ...common, kind: 'user', userName: user.name, iamUserId: user.id, principalTags: tagsOf(user.tags) };
}

/** aws:PrincipalTag/*: a session tag overrides the role's (or federating user's) tag with the same key, case-insensitively. */
function withSessionTags(own: { Key: string; Value: string }[], session: { Key: string; Value: string }[]) {
  return [...own.filter((t) => !session.some((s) => s.Key.toLowerCase() === t.Key.toLowerCase())), ...session];
}
