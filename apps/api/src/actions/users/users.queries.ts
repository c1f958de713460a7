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

export interface UserDependents {
  loginProfile: boolean;
  accessKeys: boolean;
  mfaDevices: boolean;
  inlinePolicies: boolean;
  attachments: boolean;
  memberships: boolean;
  signingCertificates: boolean;
  sshPublicKeys: boolean;
  serviceSpecificCredentials: boolean;
}

/**
 * DeleteUser's database work in one statement: finds the account's user by name (through the
 * (accountId, lower(name)) index), probes what still hangs off it (AWS's DeleteConflict: EXISTS
 * on each userId index), and deletes it only when nothing does — its console sessions and password
 * history go with it (ON DELETE CASCADE). Undefined when there is no such user. (This was eleven
 * round trips: a lookup, nine sequential COUNTs, the delete.)
 */
export async function deleteUserUnlessBlocked(tx: Tx, accountId: string, name: string): Promise<(UserDependents & { deleted: boolean }) | undefined> {
  const [row] = await tx.$queryRaw<(UserDependents & { deleted: boolean })[]>`
    WITH target AS (
      SELECT u."id",
             EXISTS (SELECT 1 FROM "LoginProfile" WHERE "userId" = u."id") AS "loginProfile",
             EXISTS (SELECT 1 FROM "AccessKey" WHERE "userId" = u."id") AS "accessKeys",
             EXISTS (SELECT 1 FROM "MfaDevice" WHERE "userId" = u."id") AS "mfaDevices",
             EXISTS (SELECT 1 FROM "InlinePolicy" WHERE "userId" = u."id") AS "inlinePolicies",
             EXISTS (SELECT 1 FROM "PolicyAttachment" WHERE "userId" = u."id") AS "attachments",
             EXISTS (SELECT 1 FROM "GroupMembership" WHERE "userId" = u."id") AS "memberships",
             EXISTS (SELECT 1 FROM "SigningCertificate" WHERE "userId" = u."id") AS "signingCertificates",
             EXISTS (SELECT 1 FROM "SshPublicKey" WHERE "userId" = u."id") AS "sshPublicKeys",
             EXISTS (SELECT 1 FROM "ServiceSpecificCredential" WHERE "userId" = u."id") AS "serviceSpecificCredentials"
      FROM "User" u WHERE u."accountId" = ${accountId} AND lower(u."name") = lower(${name}) LIMIT 1
    ), deleted AS (
      DELETE FROM "User" WHERE "id" IN (
        SELECT "id" FROM target WHERE NOT ("loginProfile" OR "accessKeys" OR "mfaDevices" OR "inlinePolicies" OR "attachments"
          OR "memberships" OR "signingCertificates" OR "sshPublicKeys" OR "serviceSpecificCredentials"))
      RETURNING "id"
    )
    SELECT "loginProfile", "accessKeys", "mfaDevices", "inlinePolicies", "attachments", "memberships", "signingCertificates",
           "sshPublicKeys", "serviceSpecificCredentials", EXISTS (SELECT 1 FROM deleted) AS "deleted"
    FROM target`;
  return row;
}

export function countUsers(tx: Tx, accountId: string): Promise<number> {
  return tx.user.count({ where: { accountId } });
}
