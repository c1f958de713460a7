/** Users through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, type ConsoleClient } from '../../../test/console-client';

let database: TestDatabase;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app);
});
afterAll(async () => database?.drop());

describe('CreateUser', () => {
  it('creates a user with AWS IDs, ARN, path and tags', async () => {
    const { User } = await root.ok<{ User: Record<string, unknown> }>('iam', 'CreateUser', { UserName: 'alice', Path: '/engineering/', Tags: [{ Key: 'team', Value: 'web' }] });
    expect(User).toMatchObject({ UserName: 'alice', Path: '/engineering/', Arn: 'arn:aws:iam::123456789012:user/engineering/alice', Tags: [{ Key: 'team', Value: 'web' }] });
    expect(User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(new Date(User.CreateDate as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a name taken in any case with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateUser', { UserName: 'ALICE' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EntityAlreadyExists');
  });

  it('answers a taken name with EntityAlreadyExists every time, and audits each refusal once (its rolled-back event is gone)', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'taken' });
    const names = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'TAKEN' : 'Taken'));
    const replies = await Promise.all(names.map((UserName) => root.call('iam', 'CreateUser', { UserName })));
    for (const [i, res] of replies.entries()) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: `User with name ${names[i]} already exists.` });
      const events = await database.db.auditEvent.findMany({ where: { requestId: res.headers['x-amzn-requestid'] } });
      expect(events).toMatchObject([{ action: 'iam:CreateUser', decision: 'allowed', errorCode: 'EntityAlreadyExists' }]);
    }
  });

  it.each([
    [{ UserName: '' }, 'empty name'],
    [{ UserName: 'a'.repeat(65) }, 'name over 64'],
    [{ UserName: 'bad name' }, 'space in name'],
    [{ UserName: 'ok', Path: 'no-slashes' }, 'bad path'],
    [{ UserName: 'ok', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, '51 tags'],
    [{ UserName: 'ok', Tags: [{ Key: 'a'.repeat(129), Value: '' }] }, 'tag key over 128'],
    [{ UserName: 42 }, 'wrong type'],
    [{}, 'missing name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.user.count();
    const res = await root.call('iam', 'CreateUser', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.user.count()).toBe(before);
  });

  it('refuses duplicate tag keys (case-insensitive) with InvalidInput', async () => {
    const res = await root.call('iam', 'CreateUser', { UserName: 'dup', Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it('sets a permissions boundary from a managed policy, and refuses an unknown one', async () => {
    const { User } = await root.ok<{ User: Record<string, unknown> }>('iam', 'CreateUser', { UserName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    expect(User.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    const res = await root.call('iam', 'CreateUser', { UserName: 'nobound', PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchPolicy' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    expect(await database.db.user.count({ where: { name: 'nobound' } })).toBe(0);
  });
});

describe('GetUser, UpdateUser, tags, DeleteUser', () => {
  it('gets a user case-insensitively and NoSuchEntity for an unknown one', async () => {
    const { User } = await root.ok<{ User: { UserName: string } }>('iam', 'GetUser', { UserName: 'Alice' });
    expect(User.UserName).toBe('alice');
    const res = await root.call('iam', 'GetUser', { UserName: 'nobody' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
  });

  it('describes the caller when no name is given (root)', async () => {
    const { User } = await root.ok<{ User: { Arn: string; UserId: string } }>('iam', 'GetUser');
    expect(User).toMatchObject({ Arn: 'arn:aws:iam::123456789012:root', UserId: '123456789012' });
  });

  it('renames and moves a user, keeping its ID', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'carol' });
    const before = (await root.ok<{ User: { UserId: string } }>('iam', 'GetUser', { UserName: 'carol' })).User;
    await root.ok('iam', 'UpdateUser', { UserName: 'carol', NewUserName: 'caroline', NewPath: '/ops/' });
    const after = (await root.ok<{ User: { UserId: string; Arn: string } }>('iam', 'GetUser', { UserName: 'caroline' })).User;
    expect(after.UserId).toBe(before.UserId);
    expect(after.Arn).toBe('arn:aws:iam::123456789012:user/ops/caroline');
    expect((await root.call('iam', 'UpdateUser', { UserName: 'caroline', NewUserName: 'ALICE' })).status).toBe(409);
  });

  it('tags and untags, replacing a key in another case, up to 50', async () => {
    await root.ok('iam', 'TagUser', { UserName: 'alice', Tags: [{ Key: 'TEAM', Value: 'api' }, { Key: 'cost', Value: '1' }] });
    const { Tags } = await root.ok<{ Tags: { Key: string; Value: string }[] }>('iam', 'ListUserTags', { UserName: 'alice' });
    expect(Tags).toEqual([{ Key: 'TEAM', Value: 'api' }, { Key: 'cost', Value: '1' }]);
    await root.ok('iam', 'UntagUser', { UserName: 'alice', TagKeys: ['cost'] });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const res = await root.call('iam', 'TagUser', { UserName: 'alice', Tags: many });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LimitExceeded');
  });

  it('deletes a user, and its ID is never issued again', async () => {
    const { User } = await root.ok<{ User: { UserId: string } }>('iam', 'CreateUser', { UserName: 'temp' });
    await root.ok('iam', 'DeleteUser', { UserName: 'temp' });
    expect((await root.call('iam', 'GetUser', { UserName: 'temp' })).status).toBe(404);
    expect(await database.db.issuedId.count({ where: { id: User.UserId } })).toBe(1);
  });
});

describe('ListUsers', () => {
  it('pages in name order with Marker/MaxItems and filters by PathPrefix', async () => {
    for (const name of ['u-b', 'U-a', 'u-d', 'u-c']) await root.ok('iam', 'CreateUser', { UserName: name, Path: '/paging/' });
    const first = await root.ok<{ Users: { UserName: string }[]; IsTruncated: boolean; Marker?: string }>('iam', 'ListUsers', { PathPrefix: '/paging/', MaxItems: 3 });
    expect(first.Users.map((u) => u.UserName)).toEqual(['U-a', 'u-b', 'u-c']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ Users: { UserName: string }[]; IsTruncated: boolean }>('iam', 'ListUsers', { PathPrefix: '/paging/', MaxItems: 3, Marker: first.Marker });
    expect(second.Users.map((u) => u.UserName)).toEqual(['u-d']);
    expect(second.IsTruncated).toBe(false);
    expect((await root.call('iam', 'ListUsers', { MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'ListUsers', { MaxItems: 1001 })).status).toBe(400);
    expect((await root.call('iam', 'ListUsers', { Marker: 'garbage' })).status).toBe(400);
  });
});

describe('audit', () => {
  it('records allowed and failed actions with the request ID', async () => {
    const res = await root.call('iam', 'GetUser', { UserName: 'ghost' });
    const event = await database.db.auditEvent.findFirst({ where: { requestId: res.headers['x-amzn-requestid'] } });
    expect(event).toMatchObject({ action: 'iam:GetUser', decision: 'allowed', errorCode: 'NoSuchEntity', principalArn: 'arn:aws:iam::123456789012:root', protocol: 'rest' });
  });
});
