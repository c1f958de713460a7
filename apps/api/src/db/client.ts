/** The Prisma client over node-postgres (no native engine: Prisma 7's adapter-pg). */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, Prisma } from './generated/client';
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

/** The pool behind a client createDb made, for queryRows statements that need a connection of their own. */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolOf: not a client createDb made');
  return pool;
}

/**
 * The rows of one statement with $1, $2… parameters (values are never spliced into the text),
 * sent without Prisma's runtime and its per-call plan of raw SQL (a fifth of a request's CPU):
 * on the client's pool, or inside `transaction` on the transaction's connection. Columns come
 * back as node-postgres reads them: select a timestamp without time zone `AT TIME ZONE 'UTC'`
 * (a timestamptz) to get the instant Prisma would. A transaction `transaction` did not open
 * runs the statement through Prisma.
 */
export async function queryRows<T>(db: Db | Tx | pg.Pool, text: string, values: unknown[], options?: StatementOptions): Promise<T[]> {
  // A pool named directly (poolOf): a connection of its own, for a statement that commits a
  // write (the audit log's group INSERT), which would hold up the reads sent after it in a turn
  // until its commit reached the disk.
  if (db instanceof pg.Pool) return (await db.query(prepared(text, values))).rows as T[];
  const pool = pools.get(db as Db);
  if (pool) return (await queryThisTurn(pool, prepared(text, values))).rows as T[];
  const opened = transactionConnections.get(db as Tx);
  if (!opened) return (db as Db).$queryRawUnsafe<T[]>(text, ...values);
  // Prisma ended it (its timeout): the connection may be serving another request by now.
  if (!opened.open) throw new Error('queryRows: the transaction has already ended');
  const sent = opened.connection.query(prepared(text, values));
  if (options?.last && opened.final?.withLast) sendFinalAndCommit(opened);
  return (await sent).rows as T[];
}

/** How a statement ends its direct transaction. */
export interface StatementOptions {
  /**
   * The work's last statement, which itself decides whether the work succeeds: a refusal is
   * either an SQL error or a row the statement marks with OUTCOME_REFUSED (nothing changed). In a
   * direct transaction whose beforeCommit statement allows it, the COMMIT is sent with it, in the
   * same socket write — one round trip fewer — and the transaction takes no further statements.
   */
  last?: boolean;
}

/**
 * For a last statement (StatementOptions.last): an SQL expression that marks the transaction as
 * refused when `succeeded` (an SQL boolean over the statement's rows) is not true. A
 * beforeCommit statement that tests OUTCOME_NOT_REFUSED then stores nothing.
 */
export function outcomeMark(succeeded: string): string {
  return `set_config('portcullis.outcome', CASE WHEN ${succeeded} THEN 'done' ELSE 'refused' END, true)`;
}
/** An SQL condition: no statement of this transaction marked it refused (outcomeMark). */
export const OUTCOME_NOT_REFUSED = `current_setting('portcullis.outcome', true) IS DISTINCT FROM 'refused'`;

/**
 * In a direct transaction, a statement to send right before its COMMIT, in the same socket write
 * (the write's audit event): with the work's last statement when `withLast` (then it should test
 * OUTCOME_NOT_REFUSED), or else once the work has succeeded. Its rows, once it has run (none if
 * the transaction ended without sending it); undefined outside a direct transaction, where the
 * caller sends it itself.
 */
export function beforeCommit<T>(tx: Tx, text: string, values: unknown[], options: { withLast: boolean }): Promise<T[]> | undefined {
  const opened = transactionConnections.get(tx);
  if (!opened?.direct || opened.final || !opened.open) return undefined;
  let settle!: { resolve: (rows: T[]) => void; reject: (error: unknown) => void };
  const rows = new Promise<T[]>((resolve, reject) => (settle = { resolve, reject }));
  opened.final = { statement: prepared(text, values), withLast: options.withLast, settle: settle as FinalStatement['settle'] };
  // The transaction fails with its error: a caller need not await it.
  rows.catch(() => {});
  return rows;
}

/** Sends the direct transaction's beforeCommit statement, if any, and its COMMIT: no statement may follow. */
function sendFinalAndCommit(opened: OpenedTransaction): void {
  opened.open = false;
  const { final } = opened;
  if (final) {
    const sent = opened.connection.query(final.statement);
    sent.then((result) => final.settle.resolve(result.rows), final.settle.reject);
    final.sent = sent;
    sent.catch(() => {});
  }
  opened.committing = opened.connection.query('COMMIT');
  opened.committing.catch(() => {});
}

/** Statement names by text (a statement's text is a constant of its call site: a bounded set). */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 500;

/**
 * A statement as a named prepared statement: each connection has PostgreSQL parse and plan it
 * once, not on every call (a write's statements with their subqueries cost more to plan than to
 * run). Past MAX_NAMED_STATEMENTS distinct texts, the rest stay unnamed.
 */
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) statementNames.set(text, (name = `portcullis_${statementNames.size + 1}`));
  return { name, text, values };
}

/** The connection the pool's statements of this turn share, while they run. */
interface Turn {
  connection: Promise<pg.PoolClient>;
  running: number;
  ended: boolean;
  /** A failure of the connection itself (not an SQL error): it is then discarded. */
  broken?: Error;
}
const turns = new WeakMap<pg.Pool, Turn>();

/**
 * A statement on the pool. The statements sent in one turn of the event loop (before its promise
 * callbacks have all run: a request's lookups started together, the events of requests finished
 * together) share one connection, pipelined, so they go to PostgreSQL in one write to the socket
 * and come back in one read: a system call costs more here than a statement's own work.
 * PostgreSQL runs them one after the other, each in its own implicit transaction, as if each had
 * its own connection.
 */
async function queryThisTurn(pool: pg.Pool, statement: pg.QueryConfig): Promise<pg.QueryResult> {
  let turn = turns.get(pool);
  if (!turn) {
    const opened: Turn = { connection: checkOut(pool), running: 0, ended: false };
    turns.set(pool, opened);
    process.nextTick(() => {
      turns.delete(pool);
      opened.ended = true;
      releaseIfDone(opened);
    });
    turn = opened;
  }
  turn.running++;
  try {
    return await (await turn.connection).query(statement);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) turn.broken ??= error as Error;
    throw error;
  } finally {
    turn.running--;
    releaseIfDone(turn);
  }
}

/** Gives the turn's connection back to its pool once no statement can join it and none runs. */
function releaseIfDone(turn: Turn): void {
  if (!turn.ended || turn.running > 0) return;
  turn.connection.then(
    (connection) => {
      connection.removeListener('error', CONNECTION_LOST);
      connection.release(turn.broken);
    },
    () => {},
  );
}

/**
 * A connection of the pool, checked out. A connection lost meanwhile (a database restart) emits
 * 'error', which would end the process with no listener: its statements fail on their own, and
 * the pool discards it (release with their error).
 */
async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const connection = await pool.connect();
  connection.on('error', CONNECTION_LOST);
  return connection;
}
const CONNECTION_LOST = () => {};

/**
 * queryRows for a Prisma.sql statement (a tagged template's text and values). Instants travel
 * as UTC ISO strings, so a `::timestamp(3)` cast stores the instant Prisma would store.
 */
export function sqlRows<T>(db: Db | Tx, statement: Prisma.Sql, options?: StatementOptions): Promise<T[]> {
  return queryRows<T>(db, statement.text, statement.values.map((value) => (value instanceof Date ? value.toISOString() : value)), options);
}

/** A transaction begun on a connection of the pool, until the adapter sends its COMMIT or ROLLBACK. */
interface OpenedTransaction {
  connection: pg.PoolClient;
  open: boolean;
  /** A direct transaction (ours, not Prisma's): */
  direct?: boolean;
  /** Its beforeCommit statement. */
  final?: FinalStatement;
  /** Its COMMIT, once sent. */
  committing?: Promise<pg.QueryResult>;
}
interface FinalStatement {
  statement: pg.QueryConfig;
  withLast: boolean;
  settle: { resolve: (rows: unknown[]) => void; reject: (error: unknown) => void };
  sent?: Promise<pg.QueryResult>;
}
/** The connection each transaction of `transaction` runs on, by its Prisma transaction client. */
const transactionConnections = new WeakMap<Tx, OpenedTransaction>();
/** While `transaction` opens one: where the connection hook records the transaction it begins. */
const opening = new AsyncLocalStorage<{ opened?: OpenedTransaction }>();

/** transaction()'s options: Prisma's, and whether to run the work without Prisma (below). */
export interface TransactionOptions {
  isolationLevel: Prisma.TransactionIsolationLevel;
  /** Milliseconds the work may take before the transaction is rolled back and its statements refused. */
  timeout: number;
  /** Milliseconds to wait for a connection (Prisma's transactions; the pool's own wait bounds the direct ones). */
  maxWait: number;
  /**
   * Run the work on a connection of the pool directly, with BEGIN and COMMIT of our own instead
   * of Prisma's interactive transaction (which costs about 0.4 ms of CPU per transaction, more
   * than a write's statements). For work that reaches the database only through queryRows and
   * sqlRows: `tx` then has no Prisma client, and work that reaches for it anyway (a rare path of
   * its action) is rolled back and run again in Prisma's transaction — its outcome is the second
   * run's, whatever the first did with the refusal.
   */
  direct?: boolean;
}

/**
 * Runs `work` in one transaction at the isolation level given. queryRows(tx, …) inside it runs
 * on the transaction's connection directly, without Prisma's runtime (a third of a write's CPU);
 * with `direct`, so does the transaction itself. A statement sent directly is queued on the
 * connection in the order it is called, like Prisma's own; once the transaction has ended, it
 * throws instead.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions): Promise<T> {
  if (options.direct) {
    const outcome = await directTransaction(db, work, options);
    if (outcome !== PRISMA_NEEDED) return outcome.value;
  }
  const scope: { opened?: OpenedTransaction } = {};
  const { isolationLevel, timeout, maxWait } = options;
  return opening.run(scope, () =>
    db.$transaction(
      (tx) => {
        if (scope.opened) transactionConnections.set(tx, scope.opened);
        scope.opened = undefined;
        return work(tx);
      },
      { isolationLevel, timeout, maxWait },
    ),
  );
}

const PRISMA_NEEDED = Symbol('the work reached for Prisma');

/**
 * The work in a transaction of our own on a pool connection: BEGIN (held by the connection hook
 * and sent with the first statement), the work's statements, COMMIT — or ROLLBACK if the work
 * fails, reached for Prisma's client (then PRISMA_NEEDED), or runs out of time.
 */
async function directTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: TransactionOptions): Promise<{ value: T } | typeof PRISMA_NEEDED> {
  const connection = await checkOut(poolOf(db));
  const opened: OpenedTransaction = { connection, open: true, direct: true };
  const wanted = { prisma: false };
  const tx = withoutPrisma(wanted);
  transactionConnections.set(tx, opened);
  connectionHooks.get(connection)!.holdBegin(`BEGIN ISOLATION LEVEL ${ISOLATION_LEVELS[options.isolationLevel]}`);
  /** Set when the connection must be discarded (release with it) rather than reused. */
  let broken: Error | undefined;
  let timedOut: Error | undefined;
  // Out of time: later statements are refused, and the connection is closed, which ends the
  // transaction on the server (and fails a statement still waiting, a lock say).
  const timer = setTimeout(() => {
    opened.open = false;
    broken = timedOut = new Error(`transaction: not finished within ${options.timeout} ms`);
    (connection as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }, options.timeout);
  const connectionFailed = (error: Error) => {
    if (!(error instanceof pg.DatabaseError)) broken ??= error;
  };
  const rollBack = () =>
    end(connection, opened, 'ROLLBACK').catch((error: Error) => {
      broken ??= error;
    });
  // The COMMIT sent with the work's last statement (StatementOptions.last) and the beforeCommit
  // statement before it, once they are answered: what the work refused, it refused in SQL, so
  // nothing it did was kept.
  const sentWithLast = () => {
    const commit = opened.committing!.catch((error: Error) => {
      connectionFailed(error);
      throw error;
    });
    return Promise.allSettled([commit, opened.final?.sent]);
  };
  const prismaAfterCommit = () => new Error('transaction: the work reached for Prisma after its last statement, which committed it');
  try {
    let value: T;
    try {
      value = await work(tx);
    } catch (error) {
      if (opened.committing) {
        await sentWithLast();
        if (timedOut) throw timedOut;
        if (wanted.prisma) throw prismaAfterCommit();
        throw error;
      }
      await rollBack();
      if (timedOut) throw timedOut;
      if (wanted.prisma) return PRISMA_NEEDED;
      throw error;
    }
    if (timedOut) throw timedOut;
    if (wanted.prisma) {
      if (opened.committing) {
        await sentWithLast();
        throw prismaAfterCommit();
      }
      await rollBack();
      return PRISMA_NEEDED;
    }
    if (!opened.committing && !opened.final) {
      // A COMMIT PostgreSQL refuses (a serialization failure) leaves the connection usable.
      await end(connection, opened, 'COMMIT').catch((error: Error) => {
        connectionFailed(error);
        throw error;
      });
      return { value };
    }
    if (!opened.committing) sendFinalAndCommit(opened);
    const [commit, final] = await sentWithLast();
    if (commit.status === 'rejected') throw commit.reason;
    if (final.status === 'rejected') throw final.reason;
    if (commit.value.command !== 'COMMIT') throw rolledBackAtCommit(commit.value.command);
    return { value };
  } finally {
    clearTimeout(timer);
    opened.open = false;
    // A beforeCommit statement the transaction ended without sending stored nothing.
    if (opened.final && !opened.final.sent) opened.final.settle.resolve([]);
    connectionHooks.get(connection)!.holdBegin(undefined);
    connection.removeListener('error', CONNECTION_LOST);
    connection.release(broken);
  }
}

const rolledBackAtCommit = (command: string | null) => new Error(`transaction: rolled back at COMMIT (${command}): one of its statements failed`);

/**
 * Ends a direct transaction (nothing to send if it never sent its BEGIN: no statement ran). A
 * COMMIT that PostgreSQL answers with ROLLBACK (a statement of the work failed, and the work went
 * on regardless) is a failure: nothing was stored.
 */
async function end(connection: pg.PoolClient, opened: OpenedTransaction, how: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  opened.open = false;
  if (connectionHooks.get(connection)!.beginHeld()) return;
  const { command } = await connection.query(how);
  if (how === 'COMMIT' && command !== 'COMMIT') throw rolledBackAtCommit(command);
}

const ISOLATION_LEVELS: Record<Prisma.TransactionIsolationLevel, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/**
 * A direct transaction's `tx`: queryRows and sqlRows know it by identity; any property read
 * (a Prisma model, $queryRaw…) records that the work wanted Prisma's client and throws.
 */
function withoutPrisma(wanted: { prisma: boolean }): Tx {
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      // Not a thenable, and inspectable.
      if (typeof property === 'symbol' || property === 'then') return undefined;
      wanted.prisma = true;
      throw new Error(`tx.${property}: this transaction runs without Prisma's client (transaction() falls back to Prisma's)`);
    },
  }) as Tx;
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

/** What a direct transaction asks of its connection's hook: hold its BEGIN for the first statement; is it still held? */
const connectionHooks = new WeakMap<pg.PoolClient, { holdBegin(begin: string | undefined): void; beginHeld(): boolean }>();
const DONE = { rowCount: null, rows: [], fields: [] };
const SET_ISOLATION = /^SET TRANSACTION ISOLATION LEVEL ([A-Z ]+)$/;

/**
 * Each pool connection's query hook (the connections are in pipeline mode):
 * - Prisma's driver adapter opens a transaction with two statements, BEGIN then SET TRANSACTION
 *   ISOLATION LEVEL, each awaited: two round trips on every write before its first statement.
 *   The adapter's pair (query objects, as only the adapter sends them) is held back and sent as
 *   one BEGIN ISOLATION LEVEL …, pipelined with the transaction's first statement: no round
 *   trip of its own. The transaction is recorded for `transaction` until its COMMIT or ROLLBACK.
 *   A direct transaction's BEGIN is held the same way (connectionHooks).
 * - The statements sent in one turn go out in one write to the socket.
 */
function openTransactionsWithFirstStatement(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  const { stream } = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection;
  let held: string | undefined;
  let opened: OpenedTransaction | undefined;
  let corked = false;
  connectionHooks.set(client, {
    holdBegin: (begin) => {
      held = begin;
    },
    beginHeld: () => held !== undefined,
  });
  (client as unknown as { query: Query }).query = (config, values, callback) => {
    const text = typeof config === 'object' && config !== null ? (config as { text?: unknown }).text : undefined;
    const adapterStyle = typeof text === 'string' && values === undefined && callback === undefined;
    if (adapterStyle && text === 'BEGIN' && held === undefined) {
      held = 'BEGIN';
      opened = { connection: client, open: true };
      const scope = opening.getStore();
      if (scope) scope.opened = opened;
      return Promise.resolve(DONE);
    }
    if (adapterStyle && opened && (text === 'COMMIT' || text === 'ROLLBACK')) {
      opened.open = false;
      opened = undefined;
    }
    const level = adapterStyle && held === 'BEGIN' ? SET_ISOLATION.exec(text)?.[1] : undefined;
    if (level) {
      held = `BEGIN ISOLATION LEVEL ${level}`;
      return Promise.resolve(DONE);
    }
    // Every statement sent before this turn's promise callbacks have all run goes out in one
    // write to the socket (a system call costs more than a statement's own CPU here): a write's
    // first statement with its BEGIN and its audit event.
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    if (held === undefined) return query(config, values, callback);
    const begin = query(held) as Promise<unknown>;
    held = undefined;
    const first = query(config, values, callback) as Promise<unknown>;
    return Promise.all([begin, first]).then(([, result]) => result);
  };
}
