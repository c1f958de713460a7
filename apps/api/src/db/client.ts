/** The Prisma client over node-postgres (no native engine: Prisma 7's adapter-pg). */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client';
import { watchDatabasePool } from '../metrics';

export type Db = PrismaClient;
/** The client inside an interactive transaction: what handlers and queries receive. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * A database that stops answering fails a request within 5 s (503 ServiceUnavailable) instead of
 * hanging it. The pool is ours (ended by $disconnect), so /metrics can report its usage.
 */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5_000 });
  watchDatabasePool(pool);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
