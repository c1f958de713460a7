/** The identity-providers area's database calls: providers are looked up by ARN within the caller's account. */
import type { Db, Tx } from '../../db/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';

type Reader = Tx | Db;

export const noSuchOidcProvider = (arn: string) => noSuchEntity(messages.oidcProviderNotFound(arn));
export const noSuchSamlProvider = (arn: string) => noSuchEntity(messages.samlProviderNotFound(arn));

export function oidcProviderByArn(db: Reader, accountId: string, arn: string) {
  return db.openIdConnectProvider.findFirst({ where: { accountId, arn } });
}

export async function findOidcProvider(db: Reader, accountId: string, arn: string) {
  const provider = await oidcProviderByArn(db, accountId, arn);
  if (!provider) throw noSuchOidcProvider(arn);
  return provider;
}

export function oidcProviderByUrl(tx: Tx, accountId: string, url: string) {
  return tx.openIdConnectProvider.findUnique({ where: { accountId_url: { accountId, url } } });
}

export function countOidcProviders(tx: Tx, accountId: string): Promise<number> {
  return tx.openIdConnectProvider.count({ where: { accountId } });
}

export function listOidcProviders(tx: Tx, accountId: string) {
  return tx.openIdConnectProvider.findMany({ where: { accountId }, orderBy: { arn: 'asc' }, select: { arn: true } });
}

export function samlProviderByArn(db: Reader, accountId: string, arn: string) {
  return db.samlProvider.findFirst({ where: { accountId, arn } });
}

export async function findSamlProvider(db: Reader, accountId: string, arn: string) {
  const provider = await samlProviderByArn(db, accountId, arn);
  if (!provider) throw noSuchSamlProvider(arn);
  return provider;
}

export function samlProviderByName(tx: Tx, accountId: string, name: string) {
  return tx.samlProvider.findUnique({ where: { accountId_name: { accountId, name } } });
}

export function countSamlProviders(tx: Tx, accountId: string): Promise<number> {
  return tx.samlProvider.count({ where: { accountId } });
}

export function listSamlProviders(tx: Tx, accountId: string) {
  return tx.samlProvider.findMany({ where: { accountId }, orderBy: { name: 'asc' }, select: { arn: true, validUntil: true, createdAt: true } });
}
