/**
 * Pruning of the audit dictionary against real PostgreSQL, through the retention sweep: the
 * strings only dropped events used go a day after their partition, the others stay, a lookup
 * rescues a marked string, and writes while the pruning runs lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { sweepExpired } from '../db/retention';
import type { Caller } from '../auth/caller';
import { AuditDictionary, AuditLog, DICTIONARY_CACHE_LIFETIME_MS } from './audit';
import { RETIRE_AFTER_MS } from './dictionary-pruning';

const A = '111122223333';
const DAY = 24 * 60 * 60 * 1000;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const later = (ms: number) => new Date(now.getTime() + ms);
let database: TestDatabase;

const caller: Caller = {
  kind: 'user',
  credentialType: 'long-term',
  accountId: A,
  arn: `arn:aws:iam::${A}:user/alice`,
  userId: 'AIDAEXAMPLE',
  userName: 'alice',
  sourceIp: '203.0.113.7',
  secureTransport: false,
  userAgent: 'current-agent',
  protocol: 'query',
};
const rid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await db.$queryRaw`SELECT audit_create_partitions(${ago(500 * DAY)}::timestamptz, ${now}::timestamptz)`;
  const event = (time: Date, i: number, action: string, resource: string, userAgent: string) => ({ time, accountId: A, action, resource, userAgent, decision: 'allowed', requestId: rid(i), protocol: 'query' });
  await db.auditEvent.createMany({
    data: [
      // Months older than the 400 days kept: strings of their own, and strings still used now.
      // Partitions are months, dropped once wholly older than the 400 days: an event more than
      // 400 + 31 days old is in such a month whatever today's date (at 430 days, on some days
      // of the month the event's month still reached into the 400 days kept).
      ...Array.from({ length: 50 }, (_, i) => event(ago((435 + i) * DAY), i, 'iam:OldOnly', `arn:aws:iam::${A}:user/gone-${i}`, 'old-agent')),
      event(ago(440 * DAY), 50, 'iam:GetUser', `arn:aws:iam::${A}:user/kept`, 'old-agent'),
      event(ago(440 * DAY), 51, 'iam:Rescued', `arn:aws:iam::${A}:user/gone-0`, 'old-agent'),
      event(ago(440 * DAY), 52, 'iam:RolledBack', `arn:aws:iam::${A}:user/gone-0`, 'old-agent'),
      event(now, 53, 'iam:GetUser', `arn:aws:iam::${A}:user/kept`, 'current-agent'),
    ],
  });
});
afterAll(async () => database?.drop());

const strings = async () => (await database.db.auditString.findMany({ select: { value: true }, orderBy: { id: 'asc' } })).map((s) => s.value);
/** Events whose key points at no dictionary string (0 is none). */
const dangling = async () =>
  (
    await database.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "AuditEventRecord" e CROSS JOIN LATERAL (VALUES (e."accountKey"), (e."principalKey"), (e."actionKey"), (e."resourceKey"), (e."errorKey"), (e."sourceIpKey"), (e."userAgentKey")) v(k)
      WHERE v.k <> 0 AND NOT EXISTS (SELECT 1 FROM "AuditString" s WHERE s."id" = v.k)`
  )[0]!.n;

describe('audit dictionary pruning', () => {
  it('deletes the strings only dropped events used, a day after the drop; a lookup rescues one; writes meanwhile lose nothing', async () => {
    const { db } = database;
    const before = await strings();
    expect(before).toEqual(expect.arrayContaining(['iam:OldOnly', 'old-agent', `arn:aws:iam::${A}:user/gone-49`]));

    // The sweep that drops the old months only marks their strings.
    const first = await sweepExpired(db, { auditDays: 400, batchSize: 7 }, now);
    expect(first.auditPartitions).toBeGreaterThanOrEqual(2);
    expect(first.auditStrings).toBe(0);
    expect(await strings()).toEqual(before);

    // A lookup of a marked string clears the mark (and says so, as for a new string, so that a
    // transaction's lookup is cached only once it commits); one in a transaction rolled back does not.
    const [rescued] = await db.$queryRaw<{ id: number; inserted: boolean }[]>`SELECT * FROM audit_string(3::smallint, 'iam:Rescued')`;
    expect(rescued!.inserted).toBe(true);
    await db
      .$transaction(async (tx) => {
        await tx.$queryRaw`SELECT * FROM audit_string(3::smallint, 'iam:RolledBack')`;
        throw new Error('roll back');
      })
      .catch(() => undefined);

    // Within the day: nothing goes yet.
    expect((await sweepExpired(db, { auditDays: 400, batchSize: 7 }, later(RETIRE_AFTER_MS / 2))).auditStrings).toBe(0);

    // A day later the pruning deletes, while requests write events with strings being pruned
    // (found marked, so rescued), with the strings still in use, and with new ones.
    const log = new AuditLog(db);
    const expected: [string, string][] = [];
    let pruning = true;
    const sweep = sweepExpired(db, { auditDays: 400, batchSize: 7 }, later(2 * DAY)).finally(() => (pruning = false));
    while (pruning) {
      await Promise.all(
        Array.from({ length: 10 }, () => {
          const i = expected.length;
          const action = i % 3 === 0 ? 'iam:OldOnly' : i % 3 === 1 ? 'iam:GetUser' : `iam:New${i}`;
          const resource = `arn:aws:iam::${A}:user/gone-${i % 20}`;
          expected.push([action, resource]);
          return log.write({ caller, action, resource, decision: 'allowed', requestId: rid(1000 + i), protocol: 'query' });
        }),
      );
    }
    const second = await sweep;
    const after = await strings();

    // Nothing written meanwhile is lost or points at a deleted string.
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(await dangling()).toBe(0);
    const written = await db.auditEvent.findMany({ where: { requestId: { gte: rid(1000) } }, orderBy: { requestId: 'asc' } });
    expect(written.map((e) => [e.action, e.resource])).toEqual(expected);
    // The strings only the dropped events used, and the rolled back lookup's, are gone; the
    // rescued one, those still used and those written meanwhile stay.
    expect(after).toEqual(expect.arrayContaining(['iam:Rescued', 'iam:GetUser', `arn:aws:iam::${A}:user/kept`, 'current-agent', 'iam:OldOnly', ...new Set(expected.map(([, resource]) => resource))]));
    // At least the strings that were there before or written meanwhile and are no longer (a
    // string deleted and then written again is back, with a new id).
    const gone = [...new Set([...before, ...expected.flat()])].filter((value) => !after.includes(value));
    expect(gone).toEqual(expect.arrayContaining(['old-agent', 'iam:RolledBack', ...Array.from({ length: 30 }, (_, i) => `arn:aws:iam::${A}:user/gone-${20 + i}`)]));
    expect(second.auditStrings).toBeGreaterThanOrEqual(gone.length);
    // Dictionary size before and after (the figures the report quotes).
    console.info(`audit dictionary: ${before.length} strings before, ${after.length} after (${second.auditStrings} pruned, ${expected.length} events written meanwhile)`);
    // Nothing is left marked that an event uses.
    expect(await db.auditString.count({ where: { retiringSince: { not: null }, value: { in: ['iam:GetUser', 'current-agent'] } } })).toBe(0);
  });

  it('a writer forgets its cached ids within DICTIONARY_CACHE_LIFETIME_MS, so it never uses a pruned one', async () => {
    const { db } = database;
    vi.useFakeTimers({ toFake: ['setInterval'] });
    try {
      const dictionary = new AuditDictionary();
      const [cached] = await dictionary.keys(db, [{ kind: 3, value: 'iam:Stale' }], false);
      // The string goes (as the pruning deletes it, a day after its mark, far past the lifetime).
      await db.auditString.delete({ where: { id: cached! } });
      expect(await dictionary.keys(db, [{ kind: 3, value: 'iam:Stale' }], false)).toEqual([cached]);
      vi.advanceTimersByTime(DICTIONARY_CACHE_LIFETIME_MS);
      const [fresh] = await dictionary.keys(db, [{ kind: 3, value: 'iam:Stale' }], false);
      expect(fresh).not.toBe(cached);
      expect(await db.auditString.findUnique({ where: { id: fresh! } })).toMatchObject({ kind: 3, value: 'iam:Stale' });
    } finally {
      vi.useRealTimers();
    }
  });
});
