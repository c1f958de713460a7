/** The users area's database calls. */
import { Prisma } from '../../db/generated/client';
import { outcomeMark, queryRows, sqlRows, type Db, type Tx } from '../../db/client';
import { newId } from '../../ids';
import type { PresumedRead } from '../action';

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

/** The ARN and tags of the account's user of that name (any case), for an action's target and aws:ResourceTag/*. */
export async function userArnAndTags(db: Db, accountId: string, name: string): Promise<{ arn: string; tags: unknown } | undefined> {
  const [row] = await queryRows<{ arn: string; tags: unknown }>(db, 'SELECT "arn", "tags" FROM "User" WHERE "accountId" = $1 AND lower("name") = lower($2) LIMIT 1', [accountId, name]);
  return row;
}

/** What GetUser answers about a user: the account's user of that name (any case), or undefined. */
export interface UserDescription extends UserListRow {
  tags: unknown;
  permissionsBoundary: { arn: string } | null;
}

const USER_DESCRIPTION = `SELECT u."id", u."name", u."path", u."arn", u."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
       u."passwordLastUsed" AT TIME ZONE 'UTC' AS "passwordLastUsed", u."tags", b."arn" AS "boundaryArn"
  FROM "User" u LEFT JOIN "ManagedPolicy" b ON b."id" = u."permissionsBoundaryId"
  WHERE u."accountId" = $1 AND lower(u."name") = lower($2) LIMIT 1`;

/**
 * GetUser's target, on every such request's path: one statement through the (accountId,
 * lower(name)) index, on the pool directly (db/client.ts queryRows) — or made by `presumed`, the
 * read of GetUser on its presumed target, which carries the call's audit event (ActionContext.presumed).
 */
export async function userDescription(db: Db | Tx, accountId: string, name: string, presumed?: PresumedRead): Promise<UserDescription | undefined> {
  type Row = Omit<UserDescription, 'permissionsBoundary'> & { boundaryArn: string | null };
  const [row] = presumed ? await presumed.read<Row>(USER_DESCRIPTION, [accountId, name]) : await queryRows<Row>(db, USER_DESCRIPTION, [accountId, name]);
  if (!row) return undefined;
  const { boundaryArn, ...user } = row;
  return { ...user, permissionsBoundary: boundaryArn ? { arn: boundaryArn } : null };
}

export interface NewUser {
  accountId: string;
  name: string;
  path: string;
  arn: string;
  tags: { Key: string; Value: string }[];
  permissionsBoundaryId: string | null;
  createdAt: Date;
}

/**
 * CreateUser's database work in one statement, its last (db/client StatementOptions.last): records
 * a new user ID in IssuedId (whose primary key makes reuse impossible; a clash, ON CONFLICT DO
 * NOTHING, inserts nothing, and the transaction is retried with another ID) and inserts the user
 * with it. The (accountId, lower(name)) unique index, not a lookup before, finds a name taken in
 * any case: 'nameTaken' (the transaction is then aborted).
 */
export async function insertUser(tx: Tx, user: NewUser): Promise<{ id: string } | 'nameTaken'> {
  const id = newId('user');
  try {
    const [row] = await sqlRows<{ inserted: number }>(
      tx,
      Prisma.sql`
      WITH issued AS (
        INSERT INTO "IssuedId" ("id", "kind", "createdAt") VALUES (${id}, 'user', ${user.createdAt}::timestamp(3)) ON CONFLICT DO NOTHING RETURNING "id"
      ), inserted AS (
        INSERT INTO "User" ("id", "accountId", "name", "path", "arn", "tags", "permissionsBoundaryId", "createdAt")
        SELECT "id", ${user.accountId}, ${user.name}, ${user.path}, ${user.arn}, ${JSON.stringify(user.tags)}::jsonb, ${user.permissionsBoundaryId}::text, ${user.createdAt}::timestamp(3)
        FROM issued RETURNING 1
      )
      SELECT (SELECT count(*) FROM inserted)::int AS "inserted", ${Prisma.raw(outcomeMark('EXISTS (SELECT 1 FROM inserted)'))} AS "mark"`,
      { last: true },
    );
    if (row!.inserted === 1) return { id };
  } catch (error) {
    if (isUniqueViolation(error)) return 'nameTaken';
    throw error;
  }
  // The ID was issued before (a clash of random IDs): the transaction is retried like one that
  // PostgreSQL could not serialize, with another ID.
  throw Object.assign(new Error('CreateUser: the new user ID was issued before'), { code: '40001' });
}

/** PostgreSQL's unique_violation (23505), from the driver or as Prisma reports it from a raw statement (P2010 with the driver's error). */
function isUniqueViolation(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === '23505') return true;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation';
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
 * DeleteUser's database work in one statement, its last (db/client StatementOptions.last): finds
 * the account's user by name (through the
 * (accountId, lower(name)) index), probes what still hangs off it (AWS's DeleteConflict: EXISTS on
 * each userId index), and deletes it only when nothing does — its console sessions and password
 * history go with it (ON DELETE CASCADE). Undefined when there is no such user. (This was eleven
 * round trips: a lookup, nine sequential COUNTs, the delete.)
 */
export async function deleteUserUnlessBlocked(tx: Tx, accountId: string, name: string): Promise<(UserDependents & { deleted: boolean }) | undefined> {
  // One row whether or not the user exists; a refusal (no such user, or something in the way)
  // marks the transaction refused, so its event is not stored with this statement's COMMIT.
  const [row] = await sqlRows<UserDependents & { deleted: boolean; found: boolean; mark: string }>(
    tx,
    Prisma.sql`
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
    SELECT target."id" IS NOT NULL AS "found", coalesce("loginProfile", false) AS "loginProfile", coalesce("accessKeys", false) AS "accessKeys",
           coalesce("mfaDevices", false) AS "mfaDevices", coalesce("inlinePolicies", false) AS "inlinePolicies", coalesce("attachments", false) AS "attachments",
           coalesce("memberships", false) AS "memberships", coalesce("signingCertificates", false) AS "signingCertificates",
           coalesce("sshPublicKeys", false) AS "sshPublicKeys", coalesce("serviceSpecificCredentials", false) AS "serviceSpecificCredentials",
           EXISTS (SELECT 1 FROM deleted) AS "deleted", ${Prisma.raw(outcomeMark('EXISTS (SELECT 1 FROM deleted)'))} AS "mark"
    FROM (SELECT 1) AS one LEFT JOIN target ON true`,
    { last: true },
  );
  const { found, mark: _mark, ...dependents } = row!;
  return found ? dependents : undefined;
}

export function countUsers(tx: Tx, accountId: string): Promise<number> {
  return tx.user.count({ where: { accountId } });
}
