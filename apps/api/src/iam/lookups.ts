/**
 * Finding IAM entities by name, case-insensitively as AWS does, with AWS's NoSuchEntity
 * messages. Shared by every action area.
 */
import type { Tx } from '../db/client';
import type { Db } from '../db/client';
import { noSuchEntity } from '../errors';

type Reader = Tx | Db;

export async function findUser(db: Reader, accountId: string, userName: string) {
  const user = await db.user.findFirst({ where: { accountId, name: { equals: userName, mode: 'insensitive' } }, include: { permissionsBoundary: { select: { arn: true } } } });
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

export async function findGroup(db: Reader, accountId: string, groupName: string) {
  const group = await db.group.findFirst({ where: { accountId, name: { equals: groupName, mode: 'insensitive' } } });
  if (!group) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  return group;
}

export async function findRole(db: Reader, accountId: string, roleName: string) {
  const role = await db.role.findFirst({ where: { accountId, name: { equals: roleName, mode: 'insensitive' } }, include: { permissionsBoundary: { select: { arn: true } } } });
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

/** A managed policy the account can see: its own, or AWS's. */
export async function findPolicy(db: Reader, accountId: string, arn: string) {
  const policy = await db.managedPolicy.findUnique({ where: { arn } });
  if (!policy || (policy.accountId !== null && policy.accountId !== accountId)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

/** The ARN an existing user has (with its path), or the path-less ARN if it does not exist. */
export async function userArnOrGuess(db: Reader, accountId: string, userName: string): Promise<string> {
  const user = await db.user.findFirst({ where: { accountId, name: { equals: userName, mode: 'insensitive' } }, select: { arn: true } });
  return user?.arn ?? `arn:aws:iam::${accountId}:user/${userName}`;
}
export async function groupArnOrGuess(db: Reader, accountId: string, groupName: string): Promise<string> {
  const group = await db.group.findFirst({ where: { accountId, name: { equals: groupName, mode: 'insensitive' } }, select: { arn: true } });
  return group?.arn ?? `arn:aws:iam::${accountId}:group/${groupName}`;
}
export async function roleArnOrGuess(db: Reader, accountId: string, roleName: string): Promise<string> {
  const role = await db.role.findFirst({ where: { accountId, name: { equals: roleName, mode: 'insensitive' } }, select: { arn: true } });
  return role?.arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
}
