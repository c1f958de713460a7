/** One audit event per action, allowed or denied, written by the dispatcher only. */
import type { Db } from '../db/client';
import type { Caller } from '../auth/caller';

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

export async function writeAuditEvent(db: Db, record: AuditRecord): Promise<void> {
  await db.auditEvent.create({
    data: {
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
    },
  });
}
