/** The audit log's group commit against real PostgreSQL: every event stored, exactly, in batches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import type { Caller } from '../auth/caller';
import { AuditLog } from './audit';

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

describe('AuditLog', () => {
  it('stores every event of concurrent requests, fields and times intact, in few INSERTs', async () => {
    const log = new AuditLog(database.db);
    const before = Date.now();
    const statements: string[] = [];
    const original = database.db.$executeRaw.bind(database.db);
    database.db.$executeRaw = ((...args: Parameters<typeof original>) => {
      statements.push('insert');
      return original(...args);
    }) as typeof original;
    try {
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          log.write({ caller, action: 'iam:GetUser', resource: i % 2 ? `arn:aws:iam::111122223333:user/u${i}` : undefined, decision: i % 3 ? 'allowed' : 'denied', errorCode: i % 3 ? undefined : 'AccessDenied', requestId: `req-${i}`, protocol: 'query' }),
        ),
      );
    } finally {
      database.db.$executeRaw = original;
    }
    const after = Date.now();
    // Writes that arrive while an INSERT is in flight share the next one.
    expect(statements.length).toBeLessThan(10);
    const rows = await database.db.auditEvent.findMany({ where: { accountId: '111122223333' }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(300);
    const r7 = rows.find((r) => r.requestId === 'req-7')!;
    expect(r7).toMatchObject({ principalArn: caller.arn, action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/u7', decision: 'allowed', errorCode: null, sourceIp: '203.0.113.7', protocol: 'query' });
    expect(r7.userAgent).toHaveLength(512);
    expect(rows.find((r) => r.requestId === 'req-0')).toMatchObject({ resource: null, decision: 'denied', errorCode: 'AccessDenied' });
    // Stored in UTC like every Prisma DateTime: read back, the instants are the real ones.
    for (const row of rows) {
      expect(row.time.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.time.getTime()).toBeLessThanOrEqual(after);
    }
  });

  it('rejects the writes of a batch the database refuses, and keeps working', async () => {
    const log = new AuditLog(database.db);
    const unknownAccount = { ...caller, accountId: '999999999999' };
    await expect(log.write({ caller: unknownAccount, action: 'iam:GetUser', decision: 'allowed', requestId: 'bad', protocol: 'query' })).rejects.toThrow();
    await expect(log.write({ caller, action: 'iam:ListUsers', decision: 'allowed', requestId: 'good', protocol: 'query' })).resolves.toBeUndefined();
    expect(await database.db.auditEvent.count({ where: { requestId: 'good' } })).toBe(1);
  });
});
