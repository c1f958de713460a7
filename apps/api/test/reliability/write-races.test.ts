/**
 * Concurrent writes that READ COMMITTED lets both succeed (write skew) — issue #16. Every write
 * transaction is SERIALIZABLE and retried on a serialization failure (dispatch.ts), so one of a
 * conflicting pair answers as AWS would (DeleteConflict or NoSuchEntity), never both 200 with an
 * acknowledged object vanishing; and quotas hold under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { createTestApp } from '../test-app';
import { rootClient, type ConsoleClient } from '../console-client';

let database: TestDatabase;
let root: ConsoleClient;
const TRIALS = 12;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app);
});
afterAll(async () => database?.drop());

/** Runs both calls at once; returns their HTTP statuses. */
async function race(a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>) {
  const [ra, rb] = await Promise.all([a(), b()]);
  return [ra.status, rb.status] as const;
}

describe('parent and child written concurrently', () => {
  const pairs: [string, (name: string) => Promise<{ status: number }>][] = [
    ['CreateAccessKey', (name) => root.call('iam', 'CreateAccessKey', { UserName: name })],
    ['AttachUserPolicy', (name) => root.call('iam', 'AttachUserPolicy', { UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })],
    ['PutUserPolicy', (name) => root.call('iam', 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) })],
    ['AddUserToGroup', (name) => root.call('iam', 'AddUserToGroup', { UserName: name, GroupName: 'racers' })],
  ];

  beforeAll(async () => {
    await root.ok('iam', 'CreateGroup', { GroupName: 'racers' });
  });

  for (const [child, addChild] of pairs) {
    it(`DeleteUser vs ${child}: never both acknowledged`, async () => {
      let bothOk = 0;
      for (let i = 0; i < TRIALS; i++) {
        const name = `${child}-${i}`;
        await root.ok('iam', 'CreateUser', { UserName: name });
        const [deleted, added] = await race(
          () => root.call('iam', 'DeleteUser', { UserName: name }),
          () => addChild(name),
        );
        expect([200, 404, 409]).toContain(deleted);
        expect([200, 404, 409]).toContain(added);
        if (deleted === 200 && added === 200) bothOk++;
      }
      expect(bothOk).toBe(0);
    });
  }

  it('DeleteGroup vs AddUserToGroup: never both acknowledged', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'member' });
    let bothOk = 0;
    for (let i = 0; i < TRIALS; i++) {
      const group = `g-${i}`;
      await root.ok('iam', 'CreateGroup', { GroupName: group });
      const [deleted, added] = await race(
        () => root.call('iam', 'DeleteGroup', { GroupName: group }),
        () => root.call('iam', 'AddUserToGroup', { UserName: 'member', GroupName: group }),
      );
      if (deleted === 200 && added === 200) bothOk++;
    }
    expect(bothOk).toBe(0);
  });
});

describe('quotas under concurrency', () => {
  it('never exceeds the access keys per user quota (2)', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'keyed' });
    const results = await Promise.all(Array.from({ length: 8 }, () => root.call('iam', 'CreateAccessKey', { UserName: 'keyed' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status !== 200).every((r) => r.body.error.code === 'LimitExceeded')).toBe(true);
    expect(await database.db.accessKey.count({ where: { user: { name: 'keyed' } } })).toBe(2);
  });
});

// Before the quota test below, which fills the account to its quota.
describe('independent creates in one account', () => {
  it('all succeed when 24 CreateUser calls and 24 CreateGroup calls run at once (no spurious ConcurrentModification)', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => root.call('iam', 'CreateUser', { UserName: `parallel-user-${i}` })),
      ...Array.from({ length: 24 }, (_, i) => root.call('iam', 'CreateGroup', { GroupName: `parallel-group-${i}` })),
    ]);
    expect(results.map((r, i) => (r.status === 200 ? '' : `${i} ${r.body.error.code}`)).filter(Boolean)).toEqual([]);
    const deletes = await Promise.all(Array.from({ length: 24 }, (_, i) => root.call('iam', 'DeleteUser', { UserName: `parallel-user-${i}` })));
    expect(deletes.filter((r) => r.status !== 200).map((r) => r.body.error.code)).toEqual([]);
  });
});

describe('the users-per-account quota under concurrency', () => {
  it('ends at 5,000 users when 40 CreateUser calls race at 4,990', async () => {
    const { db } = database;
    const account = await db.account.findFirstOrThrow();
    const existing = await db.user.count({ where: { accountId: account.id } });
    const fill = 4990 - existing;
    await db.user.createMany({
      data: Array.from({ length: fill }, (_, i) => ({ id: `AIDAFILL${String(i).padStart(12, '0')}`, accountId: account.id, name: `fill-${i}`, arn: `arn:aws:iam::${account.id}:user/fill-${i}` })),
    });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => root.call('iam', 'CreateUser', { UserName: `late-${i}` })));
    const codes = results.filter((r) => r.status !== 200).map((r) => r.body.error.code as string);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(10);
    expect(codes.filter((code) => code !== 'LimitExceeded' && code !== 'ConcurrentModification')).toEqual([]);
    expect(await db.user.count({ where: { accountId: account.id } })).toBeLessThanOrEqual(5000);
  });
});
