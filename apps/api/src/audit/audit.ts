/**
 * One audit event per action, allowed or denied, written by the dispatcher only. Each request
 * waits until its event is stored; events of requests that finish together are stored by one
 * multi-row INSERT, so a busy server does not pay one round trip per event.
 */
import type { Db } from '../db/client';
import type { Caller } from '../auth/caller';
import { auditQueueDepth } from '../metrics';

export type AuditDecision = 'allowed' | 'denied' | 'invalid';

export interface AuditRecord {
  caller: Caller | undefined;
  /** The account whose log receives the event (default: the caller's). */
  accountId?: string;
  action: string;
  resource?: string;
  decision: AuditDecision;
  errorCode?: string;
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
  protocol: 'rest' | 'query' | 'json';
}

interface AuditRow {
  time: Date;
  accountId: string | null;
  principalArn: string | null;
  action: string;
  resource: string | null;
  decision: AuditDecision;
  errorCode: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string;
  protocol: string;
}

function toRow(record: AuditRecord): AuditRow {
  return {
    time: new Date(),
    accountId: record.accountId ?? record.caller?.accountId ?? null,
    principalArn: record.caller?.arn ?? null,
    action: record.action,
    resource: record.resource ?? null,
    decision: record.decision,
    errorCode: record.errorCode ?? null,
    sourceIp: record.sourceIp ?? record.caller?.sourceIp ?? null,
    userAgent: (record.userAgent ?? record.caller?.userAgent)?.slice(0, 512) ?? null,
    requestId: record.requestId,
    protocol: record.protocol,
  };
}

/** At most this many events per INSERT. */
const MAX_BATCH = 500;

/**
 * Group commit: one INSERT is in flight at a time, and the events that arrive meanwhile go into
 * the next one — under load a batch holds every request that finished during the previous
 * insert, so the cost per event falls as the load rises. The statement has one shape whatever
 * the batch size (one array per column, unnested), so PostgreSQL and Prisma plan it once.
 */
export class AuditLog {
  private pending: { row: AuditRow; done: (error?: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  /** Stores the event; resolves once it is in the database. */
  write(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row: toRow(record), done: (error) => (error ? reject(error) : resolve()) });
      auditQueueDepth.inc();
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /**
   * Stores events inside the caller's transaction (a write action's own): they commit with its
   * changes or roll back with them.
   */
  async writeIn(tx: Pick<Db, '$executeRaw'>, records: AuditRecord[]): Promise<void> {
    await insertRows(tx, records.map(toRow));
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.insert(batch.map((b) => b.row));
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
      auditQueueDepth.dec(batch.length);
    }
    this.flushing = false;
  }

  private insert(rows: AuditRow[]): Promise<void> {
    return insertRows(this.db, rows);
  }

}

/** One INSERT of many events, in one fixed statement shape (one array per column, unnested). */
async function insertRows(client: Pick<Db, '$executeRaw'>, rows: AuditRow[]): Promise<void> {
  const column = <K extends keyof AuditRow>(key: K) => rows.map((row) => row[key]);
  // Times travel as UTC ISO strings: Prisma keeps DateTime columns in UTC.
  const times = rows.map((row) => row.time.toISOString());
  await client.$executeRaw`
    INSERT INTO "AuditEvent" ("time", "accountId", "principalArn", "action", "resource", "decision", "errorCode", "sourceIp", "userAgent", "requestId", "protocol")
    SELECT e.time AT TIME ZONE 'UTC', e."accountId", e."principalArn", e.action, e.resource, e.decision, e."errorCode", e."sourceIp", e."userAgent", e."requestId", e.protocol
    FROM unnest(${times}::timestamptz[], ${column('accountId')}::varchar(12)[], ${column('principalArn')}::text[], ${column('action')}::text[],
      ${column('resource')}::text[], ${column('decision')}::text[], ${column('errorCode')}::text[], ${column('sourceIp')}::text[], ${column('userAgent')}::text[],
      ${column('requestId')}::text[], ${column('protocol')}::text[])
      AS e(time, "accountId", "principalArn", action, resource, decision, "errorCode", "sourceIp", "userAgent", "requestId", protocol)`;
}
