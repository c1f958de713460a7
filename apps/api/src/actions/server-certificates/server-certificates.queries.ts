/** The server-certificates area's database calls: names are unique per account case-insensitively. */
import type { Db, Tx } from '../../db/client';
import { Prisma } from '../../db/generated/client';
import { noSuchEntity } from '../../errors';
import { messages } from '../../messages';

type Reader = Tx | Db;

/** The named certificate (any case), through the (accountId, lower(name)) index, or null. */
export async function serverCertificateByName(db: Reader, accountId: string, name: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "ServerCertificate" WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1`;
  return rows[0] ? db.serverCertificate.findUnique({ where: { id: rows[0].id } }) : null;
}

export const noSuchServerCertificate = (name: string) => noSuchEntity(messages.serverCertificateNotFound(name));

export async function findServerCertificate(db: Reader, accountId: string, name: string) {
  const cert = await serverCertificateByName(db, accountId, name);
  if (!cert) throw noSuchServerCertificate(name);
  return cert;
}

export function countServerCertificates(tx: Tx, accountId: string): Promise<number> {
  return tx.serverCertificate.count({ where: { accountId } });
}

/** The account's certificates under a path prefix, ordered by name (any case), then ID. */
export async function serverCertificatesUnder(tx: Tx, accountId: string, pathPrefix: string | undefined, after: string[] | undefined, limit: number) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ServerCertificate"
    WHERE "accountId" = ${accountId}
      AND (${pathPrefix ?? null}::text IS NULL OR starts_with("path", ${pathPrefix ?? ''}))
      ${after ? Prisma.sql`AND (lower("name"), "id") > (${after[0] ?? ''}, ${after[1] ?? ''})` : Prisma.empty}
    ORDER BY lower("name"), "id" LIMIT ${limit}`;
  const ids = rows.map((r) => r.id);
  const certs = await tx.serverCertificate.findMany({ where: { id: { in: ids } }, omit: { privateKeyEncrypted: true, body: true, chain: true } });
  return ids.map((id) => certs.find((c) => c.id === id)!);
}
