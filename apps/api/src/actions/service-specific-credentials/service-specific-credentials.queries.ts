/** The service-specific-credentials area's database calls (whose credentials: iam/credential-owner). */
import type { Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import type { CredentialUser } from '../../iam/credential-owner';

export function countForService(tx: Tx, userId: string, serviceName: string): Promise<number> {
  return tx.serviceSpecificCredential.count({ where: { userId, serviceName } });
}

const withUser = { user: { select: { name: true } } } as const;
const order = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Credentials of one user, or of every user of the account, optionally of one service. */
export function listCredentials(tx: Tx, accountId: string, filter: { userId?: string; serviceName?: string }) {
  return tx.serviceSpecificCredential.findMany({ where: { accountId, ...filter }, include: withUser, orderBy: order });
}

export const noSuchCredential = (id: string) => noSuchEntity(messages.serviceSpecificCredentialNotFound(id));

export async function findUserCredential(tx: Tx, accountId: string, user: CredentialUser | undefined, id: string) {
  const credential = user ? await tx.serviceSpecificCredential.findFirst({ where: { id, accountId, userId: user.id }, include: withUser }) : null;
  if (!credential) throw noSuchCredential(id);
  return credential;
}
