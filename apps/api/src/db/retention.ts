/**
 * Retention: expired console sessions, expired temporary credentials, stale sign-in counters and
 * audit events older than the retention period are deleted — in bounded batches, by one replica
 * at a time (a PostgreSQL advisory lock), at start and then periodically.
 *
 * Audit events are partitioned by month (AuditEventRecord_YYYY_MM, migration
 * 20261204152945_audit_compact): a month goes as a whole, by DROP TABLE, at the first sweep after
 * its last day is older than the retention period (so events are kept that long and at most a
 * month more), and each sweep creates the partitions of the next months ahead of time.
 *
 * The audit dictionary's strings that only dropped events used are deleted a day later
 * (audit/dictionary-pruning.ts), by statements of their own after the locked sweep.
 *
 * Defaults: audit events are kept 400 days (Access Advisor's tracking period, which reads them);
 * sessions and temporary credentials go as soon as they expire (they can no longer be used, and
 * the audit log keeps what they did); sign-in counters after a day of quiet.
 */
import type { Db } from './client';
import { foldAccountUsage } from '../iam/quotas';
import { markRetiringStrings, pruneRetiredStrings } from '../audit/dictionary-pruning';

export interface RetentionOptions {
  /** Days to keep audit events (PORTCULLIS_AUDIT_RETENTION_DAYS). */
  auditDays: number;
  /** Rows deleted per statement, so no sweep holds long locks or a long transaction. */
  batchSize?: number;
}

export interface RetentionResult {
  consoleSessions: number;
  temporaryCredentials: number;
  signInAttempts: number;
  /** Monthly audit partitions dropped. */
  auditPartitions: number;
  /** Audit events deleted from the default partition (which only takes events of months without a partition). */
  auditEvents: number;
  /** Audit dictionary strings deleted (no remaining event used them). */
  auditStrings: number;
}

/** Any 64-bit constant that no other advisory lock of ours uses. */
const RETENTION_LOCK = 0x706f7274_63756c01n;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Months of audit partitions kept ready ahead of the current one. */
const PARTITIONS_AHEAD = 3;

/** One sweep. Returns how many rows of each kind it deleted (all zero if another replica holds the lock). */
export async function sweepExpired(db: Db, options: RetentionOptions, now = new Date()): Promise<RetentionResult> {
  const result: RetentionResult = { consoleSessions: 0, temporaryCredentials: 0, signInAttempts: 0, auditPartitions: 0, auditEvents: 0, auditStrings: 0 };
  const batch = options.batchSize ?? 5_000;
  // A session-level advisory lock needs one connection for lock, work and unlock: a transaction
  // gives us that (each DELETE below is still its own short statement).
  const swept = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS locked`;
      if (!lock?.locked) return false;
      const drain = async (deleteBatch: () => Promise<number>) => {
        let total = 0;
        for (;;) {
          const n = await deleteBatch();
          total += n;
          if (n < batch) return total;
        }
      };
      result.consoleSessions = await drain(
        () => tx.$executeRaw`DELETE FROM "ConsoleSession" WHERE "id" IN (SELECT "id" FROM "ConsoleSession" WHERE "expiresAt" < ${now} LIMIT ${batch})`,
      );
      // Console sessions point at their switched-role credential; it expires with the role session.
      result.temporaryCredentials = await drain(
        () => tx.$executeRaw`DELETE FROM "TemporaryCredential" WHERE "id" IN (SELECT "id" FROM "TemporaryCredential" WHERE "expiresAt" < ${now} LIMIT ${batch})`,
      );
      const quietSince = new Date(now.getTime() - DAY_MS);
      result.signInAttempts = await drain(
        () => tx.$executeRaw`DELETE FROM "SignInAttempt" WHERE "key" IN (SELECT "key" FROM "SignInAttempt" WHERE "updatedAt" < ${quietSince} LIMIT ${batch})`,
      );
      return true;
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
  if (!swept) return result;
  // Strings marked by an earlier sweep go first, then those of the events about to go are marked.
  result.auditStrings = await pruneRetiredStrings(db, batch, now);
  const cutoff = new Date(now.getTime() - options.auditDays * DAY_MS);
  await markRetiringStrings(db, monthStart(cutoff), cutoff, now);
  Object.assign(result, await sweepAudit(db, cutoff, now));
  return result;
}

/** The first instant of the UTC month of `time`: the partitions that end by then are wholly older. */
const monthStart = (time: Date) => new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 1));

/**
 * Audit partitions: creates the coming months' and drops the months wholly older than the
 * retention period, in a transaction of its own, after the other sweeps: creating or dropping a
 * partition locks the whole table for a moment, so this transaction is short and gives up (to
 * the next sweep) rather than hold up writers behind a long wait for its lock.
 */
async function sweepAudit(db: Db, cutoff: Date, now: Date): Promise<Pick<RetentionResult, 'auditPartitions' | 'auditEvents'>> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS locked`;
      if (!lock?.locked) return { auditPartitions: 0, auditEvents: 0 };
      await tx.$executeRaw`SET LOCAL lock_timeout = '5s'`;
      const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + PARTITIONS_AHEAD, 1));
      await tx.$queryRaw`SELECT audit_create_partitions(${now}::timestamptz, ${ahead}::timestamptz)`;
      const partitions = await tx.$queryRaw<{ name: string }[]>`
        SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"AuditEventRecord"'::regclass`;
      let dropped = 0;
      for (const { name } of partitions) {
        const month = /^AuditEventRecord_(\d{4})_(\d{2})$/.exec(name);
        // The partition holds [month start, next month start): all of it is past the cutoff.
        if (!month || Date.UTC(Number(month[1]), Number(month[2]), 1) > cutoff.getTime()) continue;
        await tx.$executeRawUnsafe(`DROP TABLE "${name}"`);
        dropped++;
      }
      const deleted = await tx.$executeRaw`DELETE FROM "AuditEventRecord_default" WHERE "time" < ${cutoff}`;
      return { auditPartitions: dropped, auditEvents: deleted };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Runs `work` now and every `everyMs`, one run at a time; errors are logged, never thrown. Returns the stop function. */
function every(everyMs: number, work: () => Promise<unknown>, log: (error: unknown) => void): () => void {
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    running = work()
      .catch(log)
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Sweeps now and every `everyMs` (an hour), and folds the account usage rows every 10 s (each
 * create and delete appends one; iam/quotas.ts), until the returned stop function is called.
 * Replicas may fold at once: each sums exactly the rows it deleted.
 */
export function startRetention(db: Db, options: RetentionOptions & { everyMs?: number }, log: (error: unknown) => void): () => void {
  const stops = [every(options.everyMs ?? 60 * 60_000, () => sweepExpired(db, options), log), every(10_000, () => foldAccountUsage(db), log)];
  return () => stops.forEach((stop) => stop());
}
