/** Retention against real PostgreSQL: what has expired goes, in batches; what is live stays; one replica sweeps at a time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { sweepExpired } from './retention';

const A = '111122223333';
const DAY = 24 * 60 * 60 * 1000;
let database: TestDatabase;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await db.account.create({ data: { id: A, rootEmail: 'retention@example.com', name: 'retention' } });
  const session = (id: string, expiresAt: Date) => ({ id, accountId: A, csrfToken: 'x', expiresAt });
  await db.consoleSession.createMany({ data: [session('s-old-1', ago(1000)), session('s-old-2', ago(DAY)), session('s-live', ahead(DAY))] });
  const credential = (id: string, expiresAt: Date) => ({
    id,
    accountId: A,
    secretEncrypted: Buffer.from('x'),
    sessionTokenHash: `hash-${id}`,
    kind: 'session',
    principalArn: `arn:aws:iam::${A}:root`,
    principalId: A,
    issuedToRoot: true,
    expiresAt,
  });
  await db.temporaryCredential.createMany({ data: [credential('ASIAOLD1', ago(1)), credential('ASIAOLD2', ago(DAY)), credential('ASIALIVE', ahead(900_000))] });
  await db.signInAttempt.createMany({
    data: [
      { key: 'ip:203.0.113.1', windowStart: ago(2 * DAY), attempts: 3, updatedAt: ago(2 * DAY) },
      { key: 'ip:203.0.113.2', windowStart: ago(1000), attempts: 1, updatedAt: ago(1000) },
    ],
  });
  // Monthly audit partitions for the last 500 days (a database that has been running that long).
  await db.$queryRaw`SELECT audit_create_partitions(${ago(500 * DAY)}::timestamptz, ${now}::timestamptz)`;
  const event = (time: Date, requestId: string) => ({ time, accountId: A, action: 'iam:GetUser', decision: 'allowed', requestId, protocol: 'query' });
  await db.auditEvent.createMany({
    data: [
      // In months wholly older than 400 days: their partitions are dropped.
      ...Array.from({ length: 7 }, (_, i) => event(ago((441 + 3 * i) * DAY), `old-${i}`)),
      // Before any partition: in the default partition, deleted.
      event(ago(800 * DAY), 'default'),
      // Within the retention period.
      event(ago(399 * DAY), 'kept'),
      event(now, 'new'),
    ],
  });
});
afterAll(async () => database?.drop());

describe('sweepExpired', () => {
  it('deletes expired sessions, credentials, stale counters and old audit events, in batches', async () => {
    const { db } = database;
    const partitions = async () =>
      (await db.$queryRaw<{ name: string }[]>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"AuditEventRecord"'::regclass`)
        .map((p) => p.name)
        .filter((name) => name !== 'AuditEventRecord_default')
        .sort();
    const monthName = (date: Date) => `AuditEventRecord_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    const monthEnd = (name: string) => Date.UTC(Number(name.slice(-7, -3)), Number(name.slice(-2)), 1);
    const cutoff = ago(400 * DAY).getTime();
    const before = await partitions();
    const result = await sweepExpired(database.db, { auditDays: 400, batchSize: 2 }, now);
    const after = await partitions();
    // Whole months older than the retention period are dropped, not deleted row by row.
    const expired = before.filter((name) => monthEnd(name) <= cutoff);
    expect(expired.length).toBeGreaterThanOrEqual(2);
    expect(result).toEqual({ consoleSessions: 2, temporaryCredentials: 2, signInAttempts: 1, auditPartitions: expired.length, auditEvents: 1, auditStrings: 0 });
    expect(after.filter((name) => monthEnd(name) <= cutoff)).toEqual([]);
    expect(after).toContain(monthName(ago(399 * DAY)));
    // The next three months' partitions are ready.
    for (let m = 0; m <= 3; m++) expect(after).toContain(monthName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 15))));
    expect((await db.consoleSession.findMany()).map((s) => s.id)).toEqual(['s-live']);
    expect((await db.temporaryCredential.findMany()).map((c) => c.id)).toEqual(['ASIALIVE']);
    expect((await db.signInAttempt.findMany()).map((a) => a.key)).toEqual(['ip:203.0.113.2']);
    expect((await db.auditEvent.findMany({ orderBy: { time: 'asc' } })).map((e) => e.action)).toHaveLength(2);
    expect((await db.auditEvent.findMany({ orderBy: { time: 'asc' } })).map((e) => e.time.getTime())).toEqual([ago(399 * DAY).getTime(), now.getTime()]);
  });

  it('lets one replica sweep at a time', async () => {
    const { db } = database;
    await db.consoleSession.create({ data: { id: 's-old-3', accountId: A, csrfToken: 'x', expiresAt: ago(1000) } });
    // Another replica's sweep holds the lock: this one does nothing and returns at once.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const otherReplica = db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x706f7274_63756c01n})`;
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await sweepExpired(db, { auditDays: 400 }, now)).toEqual({ consoleSessions: 0, temporaryCredentials: 0, signInAttempts: 0, auditPartitions: 0, auditEvents: 0, auditStrings: 0 });
    release();
    await otherReplica;
    expect((await sweepExpired(db, { auditDays: 400 }, now)).consoleSessions).toBe(1);
  });
});
