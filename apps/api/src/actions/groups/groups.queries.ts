/** The groups area's database calls: keyset pages in AWS's order (by name, case-insensitively). */
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';

export interface GroupRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
}

export interface MemberRow extends GroupRow {
  passwordLastUsed: Date | null;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function afterKey(after: string[] | undefined, table: string): Prisma.Sql[] {
  if (!after) return [];
  return [Prisma.sql`(lower(${Prisma.raw(`${table}."name"`)}), ${Prisma.raw(`${table}."id"`)}) > (${after[0] ?? ''}, ${after[1] ?? ''})`];
}

/** One page of an account's groups, optionally under a path prefix. */
export function listGroupsPage(tx: Tx, accountId: string, options: { pathPrefix?: string; after?: string[]; limit: number }): Promise<GroupRow[]> {
  const conditions = [Prisma.sql`g."accountId" = ${accountId}`, ...afterKey(options.after, 'g')];
  if (options.pathPrefix && options.pathPrefix !== '/') conditions.push(Prisma.sql`g."path" LIKE ${escapeLike(options.pathPrefix) + '%'}`);
  return tx.$queryRaw<GroupRow[]>`
    SELECT g."id", g."name", g."path", g."arn", g."createdAt" FROM "Group" g
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(g."name"), g."id"
    LIMIT ${options.limit}`;
}

/** One page of a group's members. */
export function groupMembersPage(tx: Tx, groupId: string, options: { after?: string[]; limit: number }): Promise<MemberRow[]> {
  const conditions = [Prisma.sql`m."groupId" = ${groupId}`, ...afterKey(options.after, 'u')];
  return tx.$queryRaw<MemberRow[]>`
    SELECT u."id", u."name", u."path", u."arn", u."createdAt", u."passwordLastUsed" FROM "GroupMembership" m JOIN "User" u ON u."id" = m."userId"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(u."name"), u."id"
    LIMIT ${options.limit}`;
}

/** One page of the groups a user belongs to. */
export function groupsForUserPage(tx: Tx, userId: string, options: { after?: string[]; limit: number }): Promise<GroupRow[]> {
  const conditions = [Prisma.sql`m."userId" = ${userId}`, ...afterKey(options.after, 'g')];
  return tx.$queryRaw<GroupRow[]>`
    SELECT g."id", g."name", g."path", g."arn", g."createdAt" FROM "GroupMembership" m JOIN "Group" g ON g."id" = m."groupId"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(g."name"), g."id"
    LIMIT ${options.limit}`;
}

/** What still hangs off a group and blocks DeleteGroup (AWS's DeleteConflict). */
export async function groupDependents(tx: Tx, groupId: string) {
  const members = await tx.groupMembership.count({ where: { groupId } });
  const inlinePolicies = await tx.inlinePolicy.count({ where: { groupId } });
  const attachments = await tx.policyAttachment.count({ where: { groupId } });
  return { members, inlinePolicies, attachments };
}

/** Serializes quota checks on an account's groups (CreateGroup's 300). */
export async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR NO KEY UPDATE`;
}

/** Serializes quota checks on a user's memberships (AddUserToGroup's 10). */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
}
