/** The ssh-public-keys area's database calls. */
import type { Caller } from '../../auth/caller';
import type { Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { credentialOwner } from '../../iam/credential-owner';

export interface KeyUser {
  id: string;
  name: string;
}

/** The IAM user whose keys are meant (see iam/credential-owner); the root user has none (undefined). */
export async function keyOwner(tx: Tx, caller: Caller, userName: string | undefined): Promise<KeyUser | undefined> {
  const owner = await credentialOwner(tx, caller, userName);
  return owner.userId ? { id: owner.userId, name: owner.userName! } : undefined;
}

export function keysOfUser(tx: Tx, userId: string) {
  return tx.sshPublicKey.findMany({ where: { userId }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
}

/** One key of the user, or AWS's NoSuchEntity. */
export async function findUserKey(tx: Tx, userId: string, id: string) {
  const key = await tx.sshPublicKey.findFirst({ where: { id, userId } });
  if (!key) throw noSuchEntity(`The Public Key with id ${id} cannot be found.`);
  return key;
}
