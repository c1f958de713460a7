/** Access keys through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';

let database: TestDatabase;
let app: App;
let secrets: ReturnType<typeof createTestApp>['secrets'];
let root: ConsoleClient;

interface AccessKey {
  UserName?: string;
  AccessKeyId: string;
  Status: string;
  SecretAccessKey: string;
  CreateDate: string;
}

/** /api/setup creates only the first account: a second one is inserted, then its root signs in. */
async function secondAccountRoot(db: TestDatabase, server: App, accountId: string): Promise<ConsoleClient> {
  const email = `root-${accountId}@example.com`;
  await db.db.account.create({ data: { id: accountId, name: `account-${accountId}`, rootEmail: email, rootPasswordHash: await hashPassword('Other-Root-Password-1') } });
  return signIn(server, { kind: 'root', email, password: 'Other-Root-Password-1' });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const test = createTestApp(database);
  app = test.app;
  secrets = test.secrets;
  root = await rootClient(app);
  for (const name of ['alice', 'bob', 'carol']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

describe('CreateAccessKey', () => {
  it('creates a key for a user, returning the secret once and storing it only encrypted', async () => {
    const { AccessKey } = await root.ok<{ AccessKey: AccessKey }>('iam', 'CreateAccessKey', { UserName: 'Alice' });
    expect(AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active' });
    expect(AccessKey.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(AccessKey.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(new Date(AccessKey.CreateDate).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const row = await database.db.accessKey.findUniqueOrThrow({ where: { id: AccessKey.AccessKeyId } });
    expect(Buffer.from(row.secretEncrypted).includes(Buffer.from(AccessKey.SecretAccessKey))).toBe(false);
    expect(secrets.decrypt(row.secretEncrypted)).toBe(AccessKey.SecretAccessKey);
    expect(await database.db.issuedId.count({ where: { id: AccessKey.AccessKeyId, kind: 'accessKey' } })).toBe(1);
  });

  it('creates the root user\'s own key when no UserName is given', async () => {
    const { AccessKey } = await root.ok<{ AccessKey: AccessKey }>('iam', 'CreateAccessKey');
    expect(AccessKey.UserName).toBeUndefined();
    const row = await database.db.accessKey.findUniqueOrThrow({ where: { id: AccessKey.AccessKeyId } });
    expect(row).toMatchObject({ accountId: '123456789012', userId: null });
    await root.ok('iam', 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId });
  });

  it('refuses a third key with LimitExceeded, even when requested concurrently', async () => {
    const results = await Promise.all([1, 2, 3].map(() => root.call('iam', 'CreateAccessKey', { UserName: 'bob' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
    const bob = await database.db.user.findFirstOrThrow({ where: { name: 'bob' } });
    expect(await database.db.accessKey.count({ where: { userId: bob.id } })).toBe(2);
  });

  it('NoSuchEntity for an unknown user', async () => {
    const res = await root.call('iam', 'CreateAccessKey', { UserName: 'nobody' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
  });

  it.each([
    [{ UserName: '' }, 'empty name'],
    [{ UserName: 'a'.repeat(65) }, 'name over 64'],
    [{ UserName: 'bad name' }, 'space in name'],
    [{ UserName: 7 }, 'wrong type'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.accessKey.count();
    const res = await root.call('iam', 'CreateAccessKey', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.accessKey.count()).toBe(before);
  });
});

describe('ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed', () => {
  it('lists metadata without the secret, oldest first, and pages', async () => {
    const { AccessKeyMetadata, IsTruncated } = await root.ok<{ AccessKeyMetadata: Record<string, unknown>[]; IsTruncated: boolean }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    expect(AccessKeyMetadata).toHaveLength(2);
    expect(IsTruncated).toBe(false);
    for (const key of AccessKeyMetadata) {
      expect(Object.keys(key).sort()).toEqual(['AccessKeyId', 'CreateDate', 'Status', 'UserName']);
      expect(key).toMatchObject({ UserName: 'bob', Status: 'Active' });
    }
    const first = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[]; IsTruncated: boolean; Marker: string }>('iam', 'ListAccessKeys', { UserName: 'bob', MaxItems: 1 });
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[]; IsTruncated: boolean }>('iam', 'ListAccessKeys', { UserName: 'bob', MaxItems: 1, Marker: first.Marker });
    expect(second.IsTruncated).toBe(false);
    expect([first.AccessKeyMetadata[0]!.AccessKeyId, second.AccessKeyMetadata[0]!.AccessKeyId]).toEqual(AccessKeyMetadata.map((k) => k.AccessKeyId));
    expect((await root.call('iam', 'ListAccessKeys', { UserName: 'bob', Marker: 'garbage' })).status).toBe(400);
    expect((await root.call('iam', 'ListAccessKeys', { UserName: 'bob', MaxItems: 0 })).status).toBe(400);
  });

  it('lists the caller\'s own (root) keys without UserName, and an empty list for a user with none', async () => {
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: unknown[] }>('iam', 'ListAccessKeys');
    expect(AccessKeyMetadata).toEqual([]);
    expect((await root.ok<{ AccessKeyMetadata: unknown[] }>('iam', 'ListAccessKeys', { UserName: 'carol' })).AccessKeyMetadata).toEqual([]);
    expect((await root.call('iam', 'ListAccessKeys', { UserName: 'nobody' })).status).toBe(404);
  });

  it('deactivates and reactivates a key; NoSuchEntity for a key of another user; bad Status refused', async () => {
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    const id = AccessKeyMetadata[0]!.AccessKeyId;
    await root.ok('iam', 'UpdateAccessKey', { UserName: 'bob', AccessKeyId: id, Status: 'Inactive' });
    expect((await database.db.accessKey.findUniqueOrThrow({ where: { id } })).status).toBe('Inactive');
    await root.ok('iam', 'UpdateAccessKey', { UserName: 'bob', AccessKeyId: id, Status: 'Active' });
    expect((await database.db.accessKey.findUniqueOrThrow({ where: { id } })).status).toBe('Active');
    const wrongUser = await root.call('iam', 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: id, Status: 'Inactive' });
    expect(wrongUser.status).toBe(404);
    expect(wrongUser.body.error).toMatchObject({ code: 'NoSuchEntity', message: `The Access Key with id ${id} cannot be found.` });
    for (const body of [{ UserName: 'bob', AccessKeyId: id, Status: 'Disabled' }, { UserName: 'bob', AccessKeyId: id }, { UserName: 'bob', AccessKeyId: 'short', Status: 'Active' }, { UserName: 'bob', AccessKeyId: 'AKIA-with-dashes-xx', Status: 'Active' }]) {
      const res = await root.call('iam', 'UpdateAccessKey', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
    }
    expect((await database.db.accessKey.findUniqueOrThrow({ where: { id } })).status).toBe('Active');
  });

  it('reports last use: N/A when never used, the recorded use otherwise', async () => {
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    const [unused, used] = AccessKeyMetadata.map((k) => k.AccessKeyId) as [string, string];
    expect(await root.ok('iam', 'GetAccessKeyLastUsed', { AccessKeyId: unused })).toEqual({ UserName: 'bob', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const when = new Date('2026-01-02T03:04:05.000Z');
    await database.db.accessKey.update({ where: { id: used }, data: { lastUsedAt: when, lastUsedService: 'iam', lastUsedRegion: 'us-east-1' } });
    expect(await root.ok('iam', 'GetAccessKeyLastUsed', { AccessKeyId: used })).toEqual({ UserName: 'bob', AccessKeyLastUsed: { LastUsedDate: when.toISOString(), ServiceName: 'iam', Region: 'us-east-1' } });
    const missing = await root.call('iam', 'GetAccessKeyLastUsed', { AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'GetAccessKeyLastUsed', {})).status).toBe(400);
  });

  it('deletes a key; deleting it again is NoSuchEntity', async () => {
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    const id = AccessKeyMetadata[1]!.AccessKeyId;
    await root.ok('iam', 'DeleteAccessKey', { UserName: 'bob', AccessKeyId: id });
    expect(await database.db.accessKey.count({ where: { id } })).toBe(0);
    const again = await root.call('iam', 'DeleteAccessKey', { UserName: 'bob', AccessKeyId: id });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'DeleteAccessKey', { UserName: 'bob' })).status).toBe(400);
    // The ID is never issued again.
    expect(await database.db.issuedId.count({ where: { id } })).toBe(1);
  });
});

describe('an IAM user managing its own keys through ${aws:username}', () => {
  let dave: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'dave' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'dave', Password: 'Dave-Password-1' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'dave' } });
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::123456789012:user/${aws:username}' }] });
    await database.db.inlinePolicy.create({ data: { name: 'self-service', document, userId: user.id } });
    dave = await signIn(app, { kind: 'iam', account: '123456789012', userName: 'dave', password: 'Dave-Password-1' });
  });

  it('creates and lists its own keys, with and without UserName', async () => {
    const { AccessKey } = await dave.ok<{ AccessKey: AccessKey }>('iam', 'CreateAccessKey');
    expect(AccessKey.UserName).toBe('dave');
    await dave.ok('iam', 'CreateAccessKey', { UserName: 'dave' });
    const { AccessKeyMetadata } = await dave.ok<{ AccessKeyMetadata: { UserName: string }[] }>('iam', 'ListAccessKeys');
    expect(AccessKeyMetadata.map((k) => k.UserName)).toEqual(['dave', 'dave']);
    await dave.ok('iam', 'UpdateAccessKey', { AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' });
    await dave.ok('iam', 'GetAccessKeyLastUsed', { AccessKeyId: AccessKey.AccessKeyId });
    await dave.ok('iam', 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId });
  });

  it('is denied another user\'s keys with AccessDenied, and nothing is written', async () => {
    const before = await database.db.accessKey.count();
    for (const [action, body] of [
      ['CreateAccessKey', { UserName: 'carol' }],
      ['ListAccessKeys', { UserName: 'carol' }],
      ['ListAccessKeys', { UserName: 'bob' }],
    ] as [string, object][]) {
      const res = await dave.call('iam', action, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
      expect(res.body.error.message).toContain(`is not authorized to perform: iam:${action} on resource: arn:aws:iam::123456789012:user/`);
    }
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    const bobKey = AccessKeyMetadata[0]!.AccessKeyId;
    for (const [action, body] of [
      ['GetAccessKeyLastUsed', { AccessKeyId: bobKey }],
      ['DeleteAccessKey', { UserName: 'bob', AccessKeyId: bobKey }],
    ] as [string, object][]) {
      expect((await dave.call('iam', action, body)).status, action).toBe(403);
    }
    expect(await database.db.accessKey.count()).toBe(before);
  });
});

describe('account isolation', () => {
  it('another account\'s root sees none of this account\'s users or keys', async () => {
    const other = await secondAccountRoot(database, app, '210987654321');
    expect((await other.ok<{ Users: unknown[] }>('iam', 'ListUsers')).Users).toEqual([]);
    const list = await other.call('iam', 'ListAccessKeys', { UserName: 'bob' });
    expect(list.status).toBe(404);
    expect(list.body.error.code).toBe('NoSuchEntity');
    const { AccessKeyMetadata } = await root.ok<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('iam', 'ListAccessKeys', { UserName: 'bob' });
    const bobKey = AccessKeyMetadata[0]!.AccessKeyId;
    expect((await other.call('iam', 'GetAccessKeyLastUsed', { AccessKeyId: bobKey })).status).toBe(404);
    expect((await other.call('iam', 'DeleteAccessKey', { AccessKeyId: bobKey })).status).toBe(404);
    expect((await other.call('iam', 'UpdateAccessKey', { AccessKeyId: bobKey, Status: 'Inactive' })).status).toBe(404);
    expect((await other.ok<{ AccessKeyMetadata: unknown[] }>('iam', 'ListAccessKeys')).AccessKeyMetadata).toEqual([]);
    expect(await database.db.accessKey.count({ where: { id: bobKey, status: 'Active' } })).toBe(1);
  });
});
