/**
 * Retention: expired console sessions, expired temporary credentials, stale sign-in counters and
 * audit events older than the retention period are deleted — in bounded batches, by one replica
 * at a time (a PostgreSQL advisory lock), at start and then periodically.
 *
 * Defaults: audit events are kept 400 days (Access Advisor's tracking period, which reads them);
 * sessions and temporary credentials go as soon as they expire (they can no longer be used, and
 * the audit log keeps what they did); sign-in counters after a day of quiet.
 */
import type { Db } from './client';
import { foldAccountUsage } from '../iam/quotas';

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
  auditEvents: number;
}

/** Any 64-bit constant that no other advisory lock of ours uses. */
const RETENTION_LOCK = 0x706f7274_63756c01n;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One sweep. Returns how many rows of each kind it deleted (all zero if another replica holds the lock). */
export async function sweepExpired(db: Db, options: RetentionOptions, now = new Date()): Promise<RetentionResult> {
  const result: RetentionResult = { consoleSessions: 0, temporaryCredentials: 0, signInAttempts: 0, auditEvents: 0 };
  const batch = options.batchSize ?? 5_000;
  // A session-level advisory lock needs one connection for lock, work and unlock: a transaction
  // gives us that (each DELETE below is still its own short statement).
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS locked`;
      if (!lock?.locked) return result;
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
      const auditBefore = new Date(now.getTime() - options.auditDays * DAY_MS);
      result.auditEvents = await drain(
        () => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" IN (SELECT "id" FROM "AuditEvent" WHERE "time" < ${auditBefore} LIMIT ${batch})`,
      );
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
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
