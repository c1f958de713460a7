/**
 * Whose credentials an action is about — "UserName, or the caller when it is omitted" — the one
 * rule of access keys, signing certificates, SSH public keys and service-specific credentials.
 */
import type { Caller } from '../auth/caller';
import type { Db, Tx } from '../db/client';
import { noSuchEntity, validationError } from '../errors';
import { messages } from '../messages';
import { rootArn } from './arns';
import { findUser, userArnOrGuess } from './lookups';

/** An IAM user (by ID), or the account's root user (userId null). */
export interface CredentialOwner {
  userId: string | null;
  /** The IAM user's name; absent for root. */
  userName?: string;
  arn: string;
}

/** The ARN authorized for "the credentials of UserName, or of the caller when it is omitted". */
export async function credentialOwnerArn(db: Db, caller: Caller, userName: string | undefined): Promise<string> {
  return userName ? userArnOrGuess(db, caller.accountId, userName) : caller.arn;
}

/**
 * The owner: the named user of the caller's account, or the caller itself. A caller with no
 * user of its own (a role session) must name one, as AWS says.
 */
export async function credentialOwner(tx: Tx, caller: Caller, userName: string | undefined): Promise<CredentialOwner> {
  if (userName) {
    const user = await findUser(tx, caller.accountId, userName);
    return { userId: user.id, userName: user.name, arn: user.arn };
  }
  if (caller.kind === 'root') return { userId: null, arn: rootArn(caller.accountId) };
  if (caller.kind === 'user' && caller.iamUserId) {
    const user = await tx.user.findUnique({ where: { id: caller.iamUserId } });
    if (!user) throw noSuchEntity(messages.userNotFound(caller.userName ?? caller.iamUserId));
    return { userId: user.id, userName: user.name, arn: user.arn };
  }
  throw validationError(messages.nonUserCredentials);
}

/** An IAM user, for credentials only IAM users have (SSH keys, service-specific credentials). */
export interface CredentialUser {
  id: string;
  name: string;
}

/** The IAM user whose credentials are meant; the root user has none of these (undefined). */
export async function credentialUser(tx: Tx, caller: Caller, userName: string | undefined): Promise<CredentialUser | undefined> {
  const owner = await credentialOwner(tx, caller, userName);
  return owner.userId ? { id: owner.userId, name: owner.userName! } : undefined;
}

/** SECURITY: serializes credential creation per owner (the user's row, or the account's for root), so quotas hold. */
export async function lockCredentialOwner(tx: Tx, accountId: string, owner: Pick<CredentialOwner, 'userId'>): Promise<void> {
  if (owner.userId) await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${owner.userId} FOR UPDATE`;
  else await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;
}
