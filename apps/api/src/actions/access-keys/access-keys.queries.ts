/** The access-keys area's database calls (whose keys: iam/credential-owner). */
import type { Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import type { CredentialOwner } from '../../iam/credential-owner';

/** An owner's keys, oldest first. */
export function keysOf(tx: Tx, accountId: string, owner: CredentialOwner) {
  return tx.accessKey.findMany({ where: { accountId, userId: owner.userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/** One key of the owner, or AWS's NoSuchEntity. */
export async function findOwnedKey(tx: Tx, accountId: string, owner: CredentialOwner, accessKeyId: string) {
  const key = await tx.accessKey.findFirst({ where: { id: accessKeyId, accountId, userId: owner.userId } });
  if (!key) throw noSuchEntity(messages.accessKeyNotFound(accessKeyId));
  return key;
}
