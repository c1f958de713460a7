/** The users area's database calls. */
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';

export interface UserListRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  passwordLastUsed: Date | null;
}

/**
 * One page of an account's users in AWS's order (by name, case-insensitively), from the marker
 * on: a keyset query on (accountId, lower(name), id), fast at 100,000 users.
 */
export function listUsersPage(tx: Tx, accountId: string, options: { pathPrefix?: string; after?: string[]; limit: number }): Promise<UserListRow[]> {
  const conditions = [Prisma.sql`"accountId" = ${accountId}`];
  if (options.pathPrefix && options.pathPrefix !== '/') conditions.push(Prisma.sql`"path" LIKE ${escapeLike(options.pathPrefix) + '%'}`);
  if (options.after) conditions.push(Prisma.sql`(lower("name"), "id") > (${options.after[0] ?? ''}, ${options.after[1] ?? ''})`);
  return tx.$queryRaw<UserListRow[]>`
    SELECT "id", "name", "path", "arn", "createdAt", "passwordLastUsed" FROM "User"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower("name"), "id"
    LIMIT ${options.limit}`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What still hangs off a user and blocks DeleteUser (AWS's DeleteConflict). */
export async function userDependents(tx: Tx, userId: string) {
  const loginProfile = await tx.loginProfile.count({ where: { userId } });
  const accessKeys = await tx.accessKey.count({ where: { userId } });
  const mfaDevices = await tx.mfaDevice.count({ where: { userId } });
  const inlinePolicies = await tx.inlinePolicy.count({ where: { userId } });
  const attachments = await tx.policyAttachment.count({ where: { userId } });
  const memberships = await tx.groupMembership.count({ where: { userId } });
  const signingCertificates = await tx.signingCertificate.count({ where: { userId } });
  const sshPublicKeys = await tx.sshPublicKey.count({ where: { userId } });
  const serviceSpecificCredentials = await tx.serviceSpecificCredential.count({ where: { userId } });
  return { loginProfile, accessKeys, mfaDevices, inlinePolicies, attachments, memberships, signingCertificates, sshPublicKeys, serviceSpecificCredentials };
}

export function countUsers(tx: Tx, accountId: string): Promise<number> {
  return tx.user.count({ where: { accountId } });
}
