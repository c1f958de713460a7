/** The policies area's database calls. */
import { Prisma } from '../../db/generated/client';
import { outcomeMark, sqlRows, type Db, type Tx } from '../../db/client';
import { SERVICE_LINKED_ROLE_PATH_PREFIX } from '../../iam/service-linked-roles';

export interface PolicyListRow {
  id: string;
  accountId: string | null;
  name: string;
  path: string;
  arn: string;
  defaultVersionId: string;
  isAttachable: boolean;
  createdAt: Date;
  updatedAt: Date;
  attachmentCount: number;
  boundaryCount: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * How many of the account's users, groups and roles a policy is attached to, and how many of
 * its users and roles use it as their permissions boundary. AWS-managed policies are shared by
 * every account: only this account's entities count.
 */
export async function policyUsage(tx: Tx, accountId: string, policyId: string): Promise<{ attachmentCount: number; boundaryCount: number }> {
  const attachments = await tx.policyAttachment.count({ where: { policyId, OR: [{ user: { accountId } }, { group: { accountId } }, { role: { accountId } }] } });
  const userBoundaries = await tx.user.count({ where: { accountId, permissionsBoundaryId: policyId } });
  const roleBoundaries = await tx.role.count({ where: { accountId, permissionsBoundaryId: policyId } });
  return { attachmentCount: attachments, boundaryCount: userBoundaries + roleBoundaries };
}

export interface ListPoliciesOptions {
  scope: 'All' | 'AWS' | 'Local';
  onlyAttached: boolean;
  usage?: 'PermissionsPolicy' | 'PermissionsBoundary';
  pathPrefix?: string;
  after?: string[];
  limit: number;
}

/**
 * One page of the managed policies an account sees (its own and AWS's) with their usage in
 * this account, by name case-insensitively: a keyset query on (lower(name), id).
 */
export async function listPoliciesPage(tx: Tx, accountId: string, o: ListPoliciesOptions): Promise<PolicyListRow[]> {
  const conditions: Prisma.Sql[] = [];
  if (o.scope === 'Local') conditions.push(Prisma.sql`p."accountId" = ${accountId}`);
  else if (o.scope === 'AWS') conditions.push(Prisma.sql`p."accountId" IS NULL`);
  else conditions.push(Prisma.sql`(p."accountId" = ${accountId} OR p."accountId" IS NULL)`);
  if (o.pathPrefix && o.pathPrefix !== '/') conditions.push(Prisma.sql`p."path" LIKE ${escapeLike(o.pathPrefix) + '%'}`);
  if (o.onlyAttached) {
    if (o.usage === 'PermissionsPolicy') conditions.push(Prisma.sql`att.n > 0`);
    else if (o.usage === 'PermissionsBoundary') conditions.push(Prisma.sql`bnd.n > 0`);
    else conditions.push(Prisma.sql`(att.n > 0 OR bnd.n > 0)`);
  }
  if (o.after) conditions.push(Prisma.sql`(lower(p."name"), p."id") > (${o.after[0] ?? ''}, ${o.after[1] ?? ''})`);
  const rows = await tx.$queryRaw<(Omit<PolicyListRow, 'attachmentCount' | 'boundaryCount'> & { attachmentCount: bigint | null; boundaryCount: bigint | null })[]>`
    WITH att AS (
      SELECT a."policyId", count(*) AS n FROM "PolicyAttachment" a
      LEFT JOIN "User" u ON u."id" = a."userId"
      LEFT JOIN "Group" g ON g."id" = a."groupId"
      LEFT JOIN "Role" r ON r."id" = a."roleId"
      WHERE COALESCE(u."accountId", g."accountId", r."accountId") = ${accountId}
      GROUP BY a."policyId"
    ), bnd AS (
      SELECT b."policyId", count(*) AS n FROM (
        SELECT "permissionsBoundaryId" AS "policyId" FROM "User" WHERE "accountId" = ${accountId} AND "permissionsBoundaryId" IS NOT NULL
        UNION ALL
        SELECT "permissionsBoundaryId" AS "policyId" FROM "Role" WHERE "accountId" = ${accountId} AND "permissionsBoundaryId" IS NOT NULL
      ) b GROUP BY b."policyId"
    )
    SELECT p."id", p."accountId", p."name", p."path", p."arn", p."defaultVersionId", p."isAttachable", p."createdAt", p."updatedAt",
           att.n AS "attachmentCount", bnd.n AS "boundaryCount"
    FROM "ManagedPolicy" p
    LEFT JOIN att ON att."policyId" = p."id"
    LEFT JOIN bnd ON bnd."policyId" = p."id"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(p."name"), p."id"
    LIMIT ${o.limit}`;
  return rows.map((r) => ({ ...r, attachmentCount: Number(r.attachmentCount ?? 0), boundaryCount: Number(r.boundaryCount ?? 0) }));
}

export interface AttachedPolicyRow {
  id: string;
  name: string;
  arn: string;
}

/** One page of the managed policies attached to a user, group or role, by policy name. */
export function attachedPoliciesPage(
  tx: Tx,
  owner: { column: 'userId' | 'groupId' | 'roleId'; id: string },
  options: { pathPrefix?: string; after?: string[]; limit: number },
): Promise<AttachedPolicyRow[]> {
  const conditions = [Prisma.sql`a.${Prisma.raw(`"${owner.column}"`)} = ${owner.id}`];
  if (options.pathPrefix && options.pathPrefix !== '/') conditions.push(Prisma.sql`p."path" LIKE ${escapeLike(options.pathPrefix) + '%'}`);
  if (options.after) conditions.push(Prisma.sql`(lower(p."name"), p."id") > (${options.after[0] ?? ''}, ${options.after[1] ?? ''})`);
  return tx.$queryRaw<AttachedPolicyRow[]>`
    SELECT p."id", p."name", p."arn" FROM "PolicyAttachment" a JOIN "ManagedPolicy" p ON p."id" = a."policyId"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(p."name"), p."id"
    LIMIT ${options.limit}`;
}

/** Serializes quota checks on an account's policies, or on one policy's versions. */
export async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR NO KEY UPDATE`;
}
export async function lockPolicy(tx: Tx, policyId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "ManagedPolicy" WHERE "id" = ${policyId} FOR NO KEY UPDATE`;
}

/** What managed policies are attached to: a user, group or role, by its table. */
export type PolicyOwnerTable = 'User' | 'Group' | 'Role';
const OWNER_COLUMN = { User: 'userId', Group: 'groupId', Role: 'roleId' } as const;

/** The ARN of the account's user, group or role of that name (any case) and its tags (groups have none), for an action's target. */
export async function ownerArnAndTags(db: Db, table: PolicyOwnerTable, accountId: string, name: string): Promise<{ arn: string; tags: unknown } | undefined> {
  const tags = Prisma.raw(table === 'Group' ? `'[]'::jsonb` : '"tags"');
  const [row] = await sqlRows<{ arn: string; tags: unknown }>(db, Prisma.sql`
    SELECT "arn", ${tags} AS "tags" FROM ${Prisma.raw(`"${table}"`)} WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1`);
  return row;
}

interface PolicyOwner {
  id: string;
  name: string;
  path: string;
}
/** The owner's columns of a statement that finds it by name (null when it does not exist). */
type OwnerColumns = { ownerId: string | null; ownerName: string | null; ownerPath: string | null };
const ownerOf = ({ ownerId, ownerName, ownerPath }: OwnerColumns): PolicyOwner | null => (ownerId === null ? null : { id: ownerId, name: ownerName!, path: ownerPath! });

/** Null members when there is no such owner, or no such policy the account can see. */
export interface AttachOutcome {
  owner: PolicyOwner | null;
  policyAttachable: boolean | null;
  alreadyAttached: boolean;
  attached: boolean;
}

/** SQL: the statement's `owner` role is not a service-linked role (iam/service-linked-roles.ts: customers may not change those). */
const MODIFIABLE_ROLE = `NOT (owner."path" LIKE '${SERVICE_LINKED_ROLE_PATH_PREFIX}_%')`;

/**
 * Attach*Policy's database work in one statement, its last (db/client StatementOptions.last):
 * finds the owner by name and locks it (which serializes its quota), finds the policy among those
 * the account can see (its own and AWS's), counts the owner's attachments, and attaches the policy
 * if it is attachable, not attached yet, the owner has fewer than `max` and is not a
 * service-linked role — the caller names what stood in the way, if anything. Anything in the way
 * but an attachment already there marks the transaction refused.
 */
export async function attachPolicyIfAllowed(tx: Tx, table: PolicyOwnerTable, accountId: string, name: string, policyArn: string, max: number): Promise<AttachOutcome> {
  const column = Prisma.raw(`"${OWNER_COLUMN[table]}"`);
  const modifiable = table === 'Role' ? MODIFIABLE_ROLE : 'true';
  const [row] = await sqlRows<OwnerColumns & Omit<AttachOutcome, 'owner'> & { mark: string }>(
    tx,
    Prisma.sql`
    WITH owner AS (
      SELECT "id", "name", "path" FROM ${Prisma.raw(`"${table}"`)} WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1 FOR NO KEY UPDATE
    ), policy AS (
      SELECT "id", "isAttachable" FROM "ManagedPolicy" WHERE "arn" = ${policyArn} AND ("accountId" IS NULL OR "accountId" = ${accountId})
    ), counts AS (
      SELECT count(*) AS "count", coalesce(bool_or("policyId" = (SELECT "id" FROM policy)), false) AS "alreadyAttached"
      FROM "PolicyAttachment" WHERE ${column} = (SELECT "id" FROM owner)
    ), inserted AS (
      INSERT INTO "PolicyAttachment" ("policyId", ${column}, "createdAt")
      SELECT policy."id", owner."id", ${new Date()}::timestamp(3) FROM owner, policy, counts
      WHERE policy."isAttachable" AND NOT counts."alreadyAttached" AND counts."count" < ${max} AND ${Prisma.raw(modifiable)}
      RETURNING 1
    )
    SELECT owner."id" AS "ownerId", owner."name" AS "ownerName", owner."path" AS "ownerPath", policy."isAttachable" AS "policyAttachable", counts."alreadyAttached", EXISTS (SELECT 1 FROM inserted) AS "attached",
      ${Prisma.raw(outcomeMark(`EXISTS (SELECT 1 FROM inserted) OR (counts."alreadyAttached" AND ${modifiable})`))} AS "mark"
    FROM counts LEFT JOIN owner ON true LEFT JOIN policy ON true`,
    { last: true },
  );
  const { ownerId, ownerName, ownerPath, mark: _mark, ...outcome } = row!;
  return { owner: ownerOf({ ownerId, ownerName, ownerPath }), ...outcome };
}

/**
 * Detach*Policy's database work in one statement, its last (db/client StatementOptions.last):
 * finds the owner by name and the policy among those the account can see, and deletes the
 * attachment (not a service-linked role's); anything else marks the transaction refused. Whether each was found, and whether
 * there was an attachment to delete.
 */
export async function detachPolicyIfAttached(tx: Tx, table: PolicyOwnerTable, accountId: string, name: string, policyArn: string): Promise<{ owner: PolicyOwner | null; policyFound: boolean; detached: boolean }> {
  const modifiable = table === 'Role' ? MODIFIABLE_ROLE : 'true';
  const [row] = await sqlRows<OwnerColumns & { policyFound: boolean; detached: boolean; mark: string }>(
    tx,
    Prisma.sql`
    WITH owner AS (
      SELECT "id", "name", "path" FROM ${Prisma.raw(`"${table}"`)} WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1
    ), policy AS (
      SELECT "id" FROM "ManagedPolicy" WHERE "arn" = ${policyArn} AND ("accountId" IS NULL OR "accountId" = ${accountId})
    ), detached AS (
      DELETE FROM "PolicyAttachment" WHERE "policyId" = (SELECT "id" FROM policy) AND ${Prisma.raw(`"${OWNER_COLUMN[table]}"`)} = (SELECT "id" FROM owner WHERE ${Prisma.raw(modifiable)})
      RETURNING 1
    )
    SELECT owner."id" AS "ownerId", owner."name" AS "ownerName", owner."path" AS "ownerPath", EXISTS (SELECT 1 FROM policy) AS "policyFound", EXISTS (SELECT 1 FROM detached) AS "detached",
      ${Prisma.raw(outcomeMark('EXISTS (SELECT 1 FROM detached)'))} AS "mark"
    FROM (SELECT 1) AS one LEFT JOIN owner ON true`,
    { last: true },
  );
  const { ownerId, ownerName, ownerPath, mark: _mark, ...outcome } = row!;
  return { owner: ownerOf({ ownerId, ownerName, ownerPath }), ...outcome };
}
