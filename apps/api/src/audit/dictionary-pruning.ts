/**
 * Pruning of the audit dictionary (AuditString): retention drops whole months of events, and the
 * strings only they used would stay forever. Two steps, run by the retention sweep (db/retention.ts):
 *
 *   1. mark: before a month's partition is dropped, its strings get `retiringSince` = now;
 *   2. prune, at a sweep at least RETIRE_AFTER_MS later: marks of strings some remaining event
 *      still uses are cleared, and the other marked strings are deleted, in batches.
 *
 * Why no event can point at a deleted string (a writer may hold an id in its cache, or between
 * its lookup and its INSERT):
 *   - a writer gets ids only from audit_string() (migration 20261204200311_audit_string_pruning),
 *     and keeps them at most DICTIONARY_CACHE_LIFETIME_MS (audit.ts), far less than RETIRE_AFTER_MS;
 *   - a lookup that finds a marked string clears the mark (and answers `inserted`, so a
 *     transaction's lookup is not cached before it commits): a string still marked at step 2 was
 *     not handed to any writer since it was marked, and whatever a writer took before the mark
 *     was used (committed) or forgotten long before step 2, which therefore sees every use;
 *   - step 2's DELETE re-checks the mark row by row, and the lookup's clearing UPDATE locks the
 *     row: one waits for the other, so a string is either rescued or deleted, never both; a lookup
 *     that finds its string deleted meanwhile inserts it anew, with a new id (ids are never reused).
 */
import { Prisma } from '../db/generated/client';
import type { Db } from '../db/client';

/** Each statement commits on its own: a DELETE held until a long transaction's end would hold up a writer's lookup of that string as long. */
type Client = Pick<Db, '$executeRaw' | '$queryRaw'>;

/** How long a string stays marked before step 2 may delete it. */
export const RETIRE_AFTER_MS = 24 * 60 * 60 * 1000;

/** The event columns that hold dictionary ids, as one row per id: `FROM <events> e CROSS JOIN LATERAL ${KEYS} v(k)`. */
const KEYS = Prisma.sql`(VALUES (e."accountKey"), (e."principalKey"), (e."actionKey"), (e."resourceKey"), (e."errorKey"), (e."sourceIpKey"), (e."userAgentKey"))`;

/**
 * Step 1: marks the strings of the events retention is about to delete — the monthly partitions
 * that end before `partitionsBefore` and the default partition's events older than `cutoff`.
 * Returns how many strings it marked.
 */
export async function markRetiringStrings(db: Client, partitionsBefore: Date, cutoff: Date, now: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE "AuditString" s SET "retiringSince" = ${now}
    FROM (
      SELECT v.k FROM "AuditEventRecord" e CROSS JOIN LATERAL ${KEYS} v(k) WHERE e."time" < ${partitionsBefore}
      UNION SELECT v.k FROM "AuditEventRecord_default" e CROSS JOIN LATERAL ${KEYS} v(k) WHERE e."time" < ${cutoff}
    ) used
    WHERE s."id" = used.k AND s."retiringSince" IS NULL`;
}

/**
 * Step 2: deletes the strings marked RETIRE_AFTER_MS before `now` that no remaining event uses,
 * `batchSize` rows a statement; reads each partition once (only when such strings exist).
 * Returns how many it deleted.
 */
export async function pruneRetiredStrings(db: Client, batchSize: number, now: Date): Promise<number> {
  const due = new Date(now.getTime() - RETIRE_AFTER_MS);
  const [pending] = await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "AuditString" WHERE "retiringSince" <= ${due}) AS any`;
  if (!pending?.any) return 0;
  // Still in use: no longer candidates. One statement a partition, so each reads one month.
  const partitions = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"AuditEventRecord"'::regclass`;
  for (const { name } of partitions) {
    await db.$executeRaw`
      UPDATE "AuditString" s SET "retiringSince" = NULL
      FROM (SELECT DISTINCT v.k FROM ${Prisma.raw(`"${name}"`)} e CROSS JOIN LATERAL ${KEYS} v(k)) used
      WHERE s."id" = used.k AND s."retiringSince" <= ${due}`;
  }
  let deleted = 0;
  for (;;) {
    // The outer condition is re-checked on a row a concurrent lookup has just rescued.
    const n = await db.$executeRaw`
      DELETE FROM "AuditString" WHERE "retiringSince" <= ${due}
        AND "id" IN (SELECT "id" FROM "AuditString" WHERE "retiringSince" <= ${due} ORDER BY "id" LIMIT ${batchSize})`;
    deleted += n;
    if (n < batchSize) return deleted;
  }
}
