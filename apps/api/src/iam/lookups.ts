/**
 * Finding IAM entities by name, case-insensitively as AWS does, with AWS's NoSuchEntity
 * messages. Shared by every action area.
 */
import type { Tx } from '../db/client';
import type { Db } from '../db/client';
import { Prisma, type Group, type Role, type User } from '../db/generated/client';
import { noSuchEntity } from '../errors';
import { messages } from '../messages';

type Reader = Tx | Db;

/** Tables whose names are unique per account case-insensitively, with an index on (accountId, lower(name)). */
type NamedTable = 'User' | 'Group' | 'Role' | 'InstanceProfile';

/**
 * The ID and ARN of a named entity, matched case-insensitively through the (accountId,
 * lower(name)) index. (Prisma's `mode: 'insensitive'` becomes ILIKE, which no index serves: a
 * scan of every user of the account on each request.)
 */
export async function entityByName(db: Reader, table: NamedTable, accountId: string, name: string): Promise<{ id: string; arn: string } | undefined> {
  const rows = await db.$queryRaw<{ id: string; arn: string }[]>`
    SELECT "id", "arn" FROM ${Prisma.raw(`"${table}"`)} WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1`;
  return rows[0];
}

type Boundary = { permissionsBoundary: { arn: string } | null };
export type UserWithBoundary = User & Boundary;
export type RoleWithBoundary = Role & Boundary;

/**
 * The whole row of a named user or role with its permissions boundary's ARN, in one query
 * through the (accountId, lower(name)) index: lookups sit on every request's path.
 */
async function rowWithBoundary<T>(db: Reader, table: 'User' | 'Role', accountId: string, name: string): Promise<(T & Boundary) | undefined> {
  const rows = await db.$queryRaw<(T & { boundaryArn: string | null })[]>`
    SELECT e.*, b."arn" AS "boundaryArn" FROM ${Prisma.raw(`"${table}"`)} e LEFT JOIN "ManagedPolicy" b ON b."id" = e."permissionsBoundaryId"
    WHERE e."accountId" = ${accountId} AND lower(e."name") = lower(${name}) LIMIT 1`;
  const row = rows[0];
  if (!row) return undefined;
  const { boundaryArn, ...entity } = row;
  return { ...(entity as T), permissionsBoundary: boundaryArn ? { arn: boundaryArn } : null };
}

/** The named user (any case), or undefined. */
export function userByName(db: Reader, accountId: string, userName: string): Promise<UserWithBoundary | undefined> {
  return rowWithBoundary<User>(db, 'User', accountId, userName);
}

/** The named role (any case), or undefined. */
export function roleByName(db: Reader, accountId: string, roleName: string): Promise<RoleWithBoundary | undefined> {
  return rowWithBoundary<Role>(db, 'Role', accountId, roleName);
}

export const noSuchUser = (userName: string) => noSuchEntity(messages.userNotFound(userName));

export async function findUser(db: Reader, accountId: string, userName: string): Promise<UserWithBoundary> {
  const user = await userByName(db, accountId, userName);
  if (!user) throw noSuchUser(userName);
  return user;
}

export async function findGroup(db: Reader, accountId: string, groupName: string): Promise<Group> {
  const rows = await db.$queryRaw<Group[]>`SELECT * FROM "Group" WHERE "accountId" = ${accountId} AND lower("name") = lower(${groupName}) LIMIT 1`;
  if (!rows[0]) throw noSuchEntity(messages.groupNotFound(groupName));
  return rows[0];
}

export const noSuchRole = (roleName: string) => noSuchEntity(messages.roleNotFound(roleName));

export async function findRole(db: Reader, accountId: string, roleName: string): Promise<RoleWithBoundary> {
  const role = await roleByName(db, accountId, roleName);
  if (!role) throw noSuchRole(roleName);
  return role;
}

/**
 * A managed policy the account can see: its own, or AWS's. NoSuchEntity otherwise, with AWS's
 * text for the action at hand (Attach*: "does not exist or is not attachable", the default;
 * GetPolicy, DeletePolicy…: messages.policyNotFound).
 */
export async function findPolicy(db: Reader, accountId: string, arn: string, notFound: (arn: string) => string = messages.policyNotAttachable) {
  const policy = await db.managedPolicy.findUnique({ where: { arn } });
  if (!policy || (policy.accountId !== null && policy.accountId !== accountId)) throw noSuchEntity(notFound(arn));
  return policy;
}

/** The ARN an existing user has (with its path), or the path-less ARN if it does not exist. */
export async function userArnOrGuess(db: Reader, accountId: string, userName: string): Promise<string> {
  return (await entityByName(db, 'User', accountId, userName))?.arn ?? `arn:aws:iam::${accountId}:user/${userName}`;
}
export async function groupArnOrGuess(db: Reader, accountId: string, groupName: string): Promise<string> {
  return (await entityByName(db, 'Group', accountId, groupName))?.arn ?? `arn:aws:iam::${accountId}:group/${groupName}`;
}
export async function roleArnOrGuess(db: Reader, accountId: string, roleName: string): Promise<string> {
  return (await entityByName(db, 'Role', accountId, roleName))?.arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** A user with its login profile, for console sign-in. */
export async function findUserWithLoginProfile(db: Reader, accountId: string, userName: string) {
  const found = await entityByName(db, 'User', accountId, userName);
  return found ? db.user.findUnique({ where: { id: found.id }, include: { loginProfile: true } }) : null;
}
