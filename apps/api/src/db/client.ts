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
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5_000, pipeline: true });
  pool.on('connect', openTransactionsWithFirstStatement);
  watchDatabasePool(pool);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pool behind each client createDb made. */
const pools = new WeakMap<Db, pg.Pool>();

/**
 * The rows of one statement with $1, $2… parameters (values are never spliced into the text),
 * sent on the client's pool directly: the hottest paths (a read's target, its audit event) skip
 * Prisma's runtime and its per-call plan of raw SQL, a fifth of their CPU. Columns come back as
 * node-postgres reads them: select a timestamp without time zone `AT TIME ZONE 'UTC'` (a
 * timestamptz) to get the instant Prisma would. A client createDb did not make (a transaction's)
 * runs the statement through Prisma.
 */
export async function queryRows<T>(db: Db | Tx | pg.Pool, text: string, values: unknown[]): Promise<T[]> {
  const pool = db instanceof pg.Pool ? db : pools.get(db as Db);
  if (!pool) return (db as Db).$queryRawUnsafe<T[]>(text, ...values);
  return (await pool.query(text, values)).rows as T[];
}

/**
 * One connection to db's database whose commits return before their WAL reaches the disk
 * (synchronous_commit off): for the audit log's group commit when PORTCULLIS_AUDIT_ASYNC_COMMIT
 * is set (audit/audit.ts says what that gives up). It does not keep the process alive.
 */
export function asyncCommitConnection(db: Db): pg.Pool {
  const { connectionString } = pools.get(db)!.options;
  const pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 5_000, allowExitOnIdle: true, options: '-c synchronous_commit=off' });
  // An idle connection the server ended (a restart) is dropped by the pool and replaced at the
  // next INSERT, whose failure, if any, goes to its requests: nothing to do here.
  pool.on('error', () => {});
  return pool;
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;
const DONE = { rowCount: null, rows: [], fields: [] };
const SET_ISOLATION = /^SET TRANSACTION ISOLATION LEVEL ([A-Z ]+)$/;

/**
 * Prisma's driver adapter opens a transaction with two statements, BEGIN then SET TRANSACTION
 * ISOLATION LEVEL, each awaited: two round trips on every write before its first statement. On
 * each connection the adapter's pair (query objects, as only the adapter sends them) is held
 * back and sent as one BEGIN ISOLATION LEVEL …, pipelined with the transaction's first statement
 * (the pool's connections are in pipeline mode; nothing else sends a connection a query before
 * the previous one is answered): no round trip of its own.
 */
function openTransactionsWithFirstStatement(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  let held: string | undefined;
  (client as unknown as { query: Query }).query = (config, values, callback) => {
    const text = typeof config === 'object' && config !== null ? (config as { text?: unknown }).text : undefined;
    const adapterStyle = typeof text === 'string' && values === undefined && callback === undefined;
    if (adapterStyle && text === 'BEGIN' && held === undefined) {
      held = 'BEGIN';
      return Promise.resolve(DONE);
    }
    const level = adapterStyle && held === 'BEGIN' ? SET_ISOLATION.exec(text)?.[1] : undefined;
    if (level) {
      held = `BEGIN ISOLATION LEVEL ${level}`;
      return Promise.resolve(DONE);
    }
    if (held === undefined) return query(config, values, callback);
    // Both in one write to the socket (pg corks each query's messages the same way).
    const { stream } = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection;
    stream.cork();
    try {
      const begin = query(held) as Promise<unknown>;
      const first = query(config, values, callback) as Promise<unknown>;
      return Promise.all([begin, first]).then(([, result]) => result);
    } finally {
      held = undefined;
      stream.uncork();
    }
  };
}
