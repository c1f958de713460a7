/** The ssh-public-keys area's database calls. */
import type { Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';

export function keysOfUser(tx: Tx, userId: string) {
  return tx.sshPublicKey.findMany({ where: { userId }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
}

/** One key of the user, or AWS's NoSuchEntity. */
export async function findUserKey(tx: Tx, userId: string, id: string) {
  const key = await tx.sshPublicKey.findFirst({ where: { id, userId } });
  if (!key) throw noSuchEntity(messages.sshPublicKeyNotFound(id));
  return key;
}
