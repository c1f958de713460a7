/**
 * One audit event per action, allowed or denied, written by the dispatcher only. Each request
 * waits until its event is stored; events of requests that finish together are stored by one
 * multi-row INSERT, so a busy server does not pay one round trip per event.
 */
import type { Db } from '../db/client';
import type { Caller } from '../auth/caller';
import type { Prisma } from '../db/generated/client';

export type AuditDecision = 'allowed' | 'denied' | 'invalid';

export interface AuditRecord {
  caller: Caller | undefined;
  action: string;
  resource?: string;
  decision: AuditDecision;
  errorCode?: string;
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
  protocol: 'rest' | 'query' | 'json';
}

type AuditRow = Prisma.AuditEventCreateManyInput;

function toRow(record: AuditRecord): AuditRow {
  return {
    accountId: record.caller?.accountId ?? null,
    principalArn: record.caller?.arn ?? null,
    action: record.action,
    resource: record.resource ?? null,
    decision: record.decision,
    errorCode: record.errorCode ?? null,
    sourceIp: record.sourceIp ?? record.caller?.sourceIp ?? null,
    userAgent: (record.userAgent ?? record.caller?.userAgent)?.slice(0, 512) ?? null,
    requestId: record.requestId,
    protocol: record.protocol,
    time: new Date(),
  };
}

/** At most this many events per INSERT. */
const MAX_BATCH = 500;

export class AuditLog {
  private pending: { row: AuditRow; done: (error?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Stores the event; resolves once it is in the database. */
  write(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row: toRow(record), done: (error) => (error ? reject(error) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.db.auditEvent.createMany({ data: batch.map((b) => b.row) });
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
    }
  }
}
