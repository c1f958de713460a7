/** The audit log's group commit against real PostgreSQL: every event stored, exactly, in batches. */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import type { Caller } from '../auth/caller';
import { AuditLog } from './audit';
import { queryRows, transaction } from '../db/client';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.account.create({ data: { id: '111122223333', rootEmail: 'audit@example.com', name: 'audit' } });
});
afterAll(async () => {
  await database?.drop();
});

const caller: Caller = {
  kind: 'user',
  credentialType: 'long-term',
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/alice',
  userId: 'AIDAEXAMPLE',
  userName: 'alice',
  sourceIp: '203.0.113.7',
  secureTransport: false,
  userAgent: 'x'.repeat(600),
  protocol: 'query',
};

/** The event INSERTs sent from now on, with their pool's connection options (the statements travel on pooled connections: db/client.ts). */
let eventInserts: { options: unknown }[] | undefined;
const watched = new WeakSet<pg.PoolClient>();
function spyOnEventInserts(): { options: unknown }[] {
  const inserts: { options: unknown }[] = (eventInserts = []);
  const connect = pg.Pool.prototype.connect;
  vi.spyOn(pg.Pool.prototype, 'connect').mockImplementation(function (this: pg.Pool, ...args: unknown[]) {
    const connecting = (connect as () => Promise<pg.PoolClient>).call(this).then((client) => watch(this, client));
    // pg's own pool.query passes a callback.
    const callback = args[0] as ((error: unknown, client?: pg.PoolClient, release?: unknown) => void) | undefined;
    if (!callback) return connecting;
    connecting.then((client) => callback(undefined, client, client.release), (error: unknown) => callback(error));
    return undefined;
  } as typeof connect);
  return inserts;
}
function watch(pool: pg.Pool, client: pg.PoolClient): pg.PoolClient {
  const options = pool.options.options;
  if (!watched.has(client)) {
    watched.add(client);
    const query = client.query;
    client.query = function (this: pg.PoolClient, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string' && text.includes('INSERT INTO "AuditEventRecord"')) eventInserts?.push({ options });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  }
  return client;
}
afterEach(() => {
  vi.restoreAllMocks();
  eventInserts = undefined;
});

/** A request ID like ours (a uuid), numbered. */
const rid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

const QUIET_ARN = 'arn:aws:iam::111122223333:user/quiet';

describe('AuditLog', () => {
  it('stores every event of concurrent requests, fields and times intact, in few INSERTs', async () => {
    const log = new AuditLog(database.db);
    const before = Date.now();
    const statements = spyOnEventInserts();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        log.write({ caller, action: 'iam:GetUser', resource: i % 2 ? `arn:aws:iam::111122223333:user/u${i}` : undefined, decision: i % 3 ? 'allowed' : 'denied', errorCode: i % 3 ? undefined : 'AccessDenied', requestId: rid(i), protocol: 'query' }),
      ),
    );
    const after = Date.now();
    // Writes that arrive while an INSERT is in flight share the next one.
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThan(10);
    // Committed synchronously unless asked otherwise.
    expect(statements.every((s) => s.options === undefined)).toBe(true);
    const rows = await database.db.auditEvent.findMany({ where: { accountId: '111122223333' }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(300);
    const r7 = rows.find((r) => r.requestId === rid(7))!;
    expect(r7).toMatchObject({ principalArn: caller.arn, action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/u7', decision: 'allowed', errorCode: null, sourceIp: '203.0.113.7', protocol: 'query' });
    expect(r7.userAgent).toHaveLength(512);
    expect(rows.find((r) => r.requestId === rid(0))).toMatchObject({ resource: null, decision: 'denied', errorCode: 'AccessDenied' });
    // Stored in UTC like every Prisma DateTime: read back, the instants are the real ones.
    for (const row of rows) {
      expect(row.time.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.time.getTime()).toBeLessThanOrEqual(after);
    }
  });

  it('is quiet only while no event is being committed: neither a group INSERT nor a read carrying its events', async () => {
    const log = new AuditLog(database.db);
    const event = (i: number) => ({ caller, action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/quiet', decision: 'allowed' as const, requestId: rid(2000 + i), protocol: 'query' as const });
    expect(log.quiet).toBe(true);
    const written = log.write(event(1));
    expect(log.quiet).toBe(false);
    await written;
    expect(log.quiet).toBe(true);
    // Its strings now cached, a read carries its event.
    const carried = log.readWithEvents<{ arn: string }>('SELECT $1::text AS "arn"', [QUIET_ARN], QUIET_ARN, [event(2)]);
    expect(log.quiet).toBe(false);
    expect(await carried).toEqual({ rows: [{ arn: QUIET_ARN }], stored: true });
    expect(log.quiet).toBe(true);
    expect(await database.db.auditEvent.count({ where: { requestId: { in: [rid(2001), rid(2002)] } } })).toBe(2);
  });

  it('stores a read’s events with it only when the read finds the entity under the presumed ARN', async () => {
    for (const asyncCommit of [false, true]) {
      const log = new AuditLog(database.db, { asyncCommit });
      const base = asyncCommit ? 2110 : 2100;
      const event = (i: number) => ({ caller, action: 'iam:GetUser', resource: QUIET_ARN, decision: 'allowed' as const, requestId: rid(base + i), protocol: 'query' as const });
      // A string not cached yet: nothing is sent, nothing stored.
      expect(await log.readWithEvents('SELECT $1::text AS "arn"', [QUIET_ARN], QUIET_ARN, [{ ...event(1), userAgent: `never seen ${asyncCommit}` }])).toBeUndefined();
      await log.write(event(2));
      const read = (found: string[]) => log.readWithEvents<{ arn: string; n: number }>('SELECT arn, n::int AS n FROM unnest($1::text[]) WITH ORDINALITY AS f(arn, n)', [found], QUIET_ARN, [event(3)]);
      expect(await read([])).toEqual({ rows: [], stored: false });
      expect(await read(['arn:aws:iam::111122223333:user/secret/quiet'])).toEqual({ rows: [{ arn: 'arn:aws:iam::111122223333:user/secret/quiet', n: 1 }], stored: false });
      expect(await database.db.auditEvent.count({ where: { requestId: rid(base + 3) } })).toBe(0);
      // Found: the read's rows as they are, and its event stored.
      expect(await read([QUIET_ARN])).toEqual({ rows: [{ arn: QUIET_ARN, n: 1 }], stored: true });
      const stored = await database.db.auditEvent.findMany({ where: { requestId: rid(base + 3) }, select: { resource: true, decision: true, action: true } });
      expect(stored).toEqual([{ resource: QUIET_ARN, decision: 'allowed', action: 'iam:GetUser' }]);
    }
  });

  it('rejects the writes of a batch the database refuses, and keeps working', async () => {
    const log = new AuditLog(database.db);
    // PostgreSQL text cannot hold a NUL character.
    await expect(log.write({ caller: { ...caller, userAgent: 'bad\u0000agent' }, action: 'iam:GetUser', decision: 'allowed', requestId: rid(1000), protocol: 'query' })).rejects.toThrow();
    await expect(log.write({ caller, action: 'iam:ListUsers', decision: 'allowed', requestId: rid(1001), protocol: 'query' })).resolves.toBeUndefined();
    expect(await database.db.auditEvent.count({ where: { requestId: rid(1001) } })).toBe(1);
  });

  it('stores each repeated string once, however many processes insert it at once', async () => {
    // Two processes' logs (two caches) write events with the same new strings concurrently.
    const logs = [new AuditLog(database.db), new AuditLog(database.db)];
    const fresh = { ...caller, arn: 'arn:aws:iam::111122223333:user/concurrent', userAgent: 'aws-sdk-js/3 concurrent' };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => logs[i % 2]!.write({ caller: fresh, action: 'iam:ListRoles', resource: '*', decision: 'allowed', requestId: rid(2000 + i), protocol: 'json' })),
    );
    const events = await database.db.auditEvent.findMany({ where: { principalArn: fresh.arn } });
    expect(events).toHaveLength(40);
    expect(events.every((e) => e.action === 'iam:ListRoles' && e.userAgent === fresh.userAgent && e.protocol === 'json')).toBe(true);
    const strings = await database.db.auditString.groupBy({ by: ['kind', 'value'], _count: { _all: true } });
    expect(strings.filter((s) => s._count._all > 1)).toEqual([]);
    // 88 bytes of row and 16 of request ID: the strings are not in the row.
    const [width] = await database.db.$queryRaw<{ max: number }[]>`SELECT max(pg_column_size(e.*))::int AS max FROM "AuditEventRecord" e`;
    expect(width!.max).toBeLessThanOrEqual(88);
  });

  it('with asyncCommit, commits the group INSERT on a connection with synchronous_commit off, and stores every event', async () => {
    const log = new AuditLog(database.db, { asyncCommit: true });
    const statements = spyOnEventInserts();
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.write({ caller, action: 'iam:GetRole', decision: 'allowed', requestId: rid(4000 + i), protocol: 'query' })));
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((s) => s.options === '-c synchronous_commit=off')).toBe(true);
    // Visible to every other connection once write() resolved.
    expect(await database.db.auditEvent.count({ where: { action: 'iam:GetRole', requestId: { in: Array.from({ length: 20 }, (_, i) => rid(4000 + i)) } } })).toBe(20);
  });

  it('caches no string of a write whose transaction rolled back', async () => {
    const log = new AuditLog(database.db);
    const record = { caller: { ...caller, arn: 'arn:aws:iam::111122223333:user/rolled-back' }, action: 'iam:CreateUser', decision: 'allowed' as const, protocol: 'query' as const };
    await expect(
      database.db.$transaction(async (tx) => {
        await log.writeIn(tx, [{ ...record, requestId: rid(3000) }]);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    // Had the id of the rolled-back string been cached, this event would point at nothing.
    await database.db.$transaction((tx) => log.writeIn(tx, [{ ...record, requestId: rid(3001) }]));
    expect(await database.db.auditEvent.findMany({ where: { requestId: { in: [rid(3000), rid(3001)] } } })).toMatchObject([{ requestId: rid(3001), principalArn: record.caller.arn }]);
  });

  it('stores new strings without waiting for the disk on their own, but never turns a write’s commit asynchronous', async () => {
    const log = new AuditLog(database.db);
    const fresh = (name: string) => ({ caller: { ...caller, arn: `arn:aws:iam::111122223333:user/${name}` }, action: 'iam:CreateUser', decision: 'allowed' as const, protocol: 'query' as const });
    // Inside a write's transaction (a string not cached yet): its commit stays synchronous.
    const setting = await transaction(
      database.db,
      async (tx) => {
        await log.writeIn(tx, [{ ...fresh('in-a-write'), requestId: rid(9000) }]);
        return (await queryRows<{ value: string }>(tx, `SELECT current_setting('synchronous_commit') AS value`, []))[0]!.value;
      },
      { isolationLevel: 'Serializable', timeout: 30_000, maxWait: 10_000 },
    );
    expect(setting).toBe('on');
    // On its own: the strings are stored, and the event that uses them (committed synchronously) is complete.
    await log.prepare([{ ...fresh('prepared'), requestId: rid(9001) }]);
    await database.db.$transaction((tx) => log.writeIn(tx, [{ ...fresh('prepared'), requestId: rid(9001) }]));
    expect(await database.db.auditEvent.findMany({ where: { requestId: { in: [rid(9000), rid(9001)] } }, orderBy: { requestId: 'asc' } })).toMatchObject([
      { requestId: rid(9000), principalArn: fresh('in-a-write').caller.arn },
      { requestId: rid(9001), principalArn: fresh('prepared').caller.arn },
    ]);
  });
});
