/** The access-keys area's database calls and the "whose keys" rule. */
import type { Caller } from '../../auth/caller';
import type { Db, Tx } from '../../db/client';
import { noSuchEntity, validationError } from '../../errors';
import { rootArn } from '../../iam/arns';
import { findUser, userArnOrGuess } from '../../iam/lookups';

/** Whose keys an action is about: an IAM user (by ID) or the account's root user (userId null). */
export interface KeyOwner {
  userId: string | null;
  /** The IAM user's name; absent for root. */
  userName?: string;
  arn: string;
}

/** AWS's answer when a caller with no user of its own (a role session) omits UserName. */
const noUserOfOwn = () => validationError('Must specify userName when calling with non-User credentials');

/** The ARN authorized for "the keys of UserName, or of the caller when it is omitted". */
export async function ownerArnForTarget(db: Db, caller: Caller, userName: string | undefined): Promise<string> {
  if (userName) return userArnOrGuess(db, caller.accountId, userName);
  return caller.arn;
}

/** The owner of the keys: the named user of the caller's account, or the caller itself. */
export async function resolveOwner(tx: Tx, caller: Caller, userName: string | undefined): Promise<KeyOwner> {
  if (userName) {
    const user = await findUser(tx, caller.accountId, userName);
    return { userId: user.id, userName: user.name, arn: user.arn };
  }
  if (caller.kind === 'root') return { userId: null, arn: rootArn(caller.accountId) };
  if (caller.kind === 'user' && caller.iamUserId) {
    const user = await tx.user.findUnique({ where: { id: caller.iamUserId } });
    if (!user) throw noSuchEntity(`The user with name ${caller.userName ?? caller.iamUserId} cannot be found.`);
    return { userId: user.id, userName: user.name, arn: user.arn };
  }
  throw noUserOfOwn();
}

/** SECURITY: serializes key creation per owner (the user's row, or the account's for root). */
export async function lockOwner(tx: Tx, accountId: string, owner: KeyOwner): Promise<void> {
  if (owner.userId) await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${owner.userId} FOR UPDATE`;
  else await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;
}

/** An owner's keys, oldest first. */
export function keysOf(tx: Tx, accountId: string, owner: KeyOwner) {
  return tx.accessKey.findMany({ where: { accountId, userId: owner.userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/** One key of the owner, or AWS's NoSuchEntity. */
export async function findOwnedKey(tx: Tx, accountId: string, owner: KeyOwner, accessKeyId: string) {
  const key = await tx.accessKey.findFirst({ where: { id: accessKeyId, accountId, userId: owner.userId } });
  if (!key) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}
