/** The signing-certificates area's database calls (whose certificates: iam/credential-owner). */
import type { Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import type { CredentialOwner } from '../../iam/credential-owner';

export function certificatesOf(tx: Tx, accountId: string, owner: CredentialOwner) {
  return tx.signingCertificate.findMany({ where: { accountId, userId: owner.userId }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }] });
}

/** Every certificate body of the account (DuplicateCertificate is account-wide). */
export function accountCertificateBodies(tx: Tx, accountId: string) {
  return tx.signingCertificate.findMany({ where: { accountId }, select: { body: true } });
}

export async function findOwnedCertificate(tx: Tx, accountId: string, owner: CredentialOwner, id: string) {
  const cert = await tx.signingCertificate.findFirst({ where: { id, accountId, userId: owner.userId } });
  if (!cert) throw noSuchEntity(messages.signingCertificateNotFound(id));
  return cert;
}
