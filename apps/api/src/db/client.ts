/** The Prisma client over node-postgres (no native engine: Prisma 7's adapter-pg). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** The client inside an interactive transaction: what handlers and queries receive. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** A database that stops answering fails a request within 5 s (503 ServiceUnavailable) instead of hanging it. */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5_000 }) });
}
