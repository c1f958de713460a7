/** Groups through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import { AddUserToGroupCommand, CreateGroupCommand, DeleteConflictException, DeleteGroupCommand, ListGroupsForUserCommand, NoSuchEntityException, paginateGetGroup, type IAMClient } from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';

const ACCOUNT = '123456789012';
let database: TestDatabase;
let app: App;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  for (const name of ['alice', 'bob', 'Carol', 'dave']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

/** A second account, created directly (set-up runs once per installation), with its root signed in. */
async function secondAccount(): Promise<ConsoleClient> {
  const password = 'Other-Root-Password-1';
  await database.db.account.create({ data: { id: '222222222222', name: 'other', rootEmail: 'other@example.com', rootPasswordHash: await hashPassword(password) } });
  return signIn(app, { kind: 'root', email: 'other@example.com', password });
}

type Group = { GroupName: string; GroupId: string; Arn: string; Path: string; CreateDate: string };
type Page<K extends string, T> = Record<K, T[]> & { IsTruncated: boolean; Marker?: string };

describe('CreateGroup', () => {
  it('creates a group with an AGPA ID, its ARN and path', async () => {
    const { Group } = await root.ok<{ Group: Group }>('iam', 'CreateGroup', { GroupName: 'developers', Path: '/eng/' });
    expect(Group).toMatchObject({ GroupName: 'developers', Path: '/eng/', Arn: `arn:aws:iam::${ACCOUNT}:group/eng/developers` });
    expect(Group.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(new Date(Group.CreateDate).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const { Group: plain } = await root.ok<{ Group: Group }>('iam', 'CreateGroup', { GroupName: 'admins' });
    expect(plain).toMatchObject({ Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:group/admins` });
  });

  it('refuses a name taken in any case with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateGroup', { GroupName: 'DEVELOPERS' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'Group with name DEVELOPERS already exists.' });
  });

  it.each([
    [{ GroupName: '' }, 'empty name'],
    [{ GroupName: 'g'.repeat(129) }, 'name over 128'],
    [{ GroupName: 'bad name' }, 'space in name'],
    [{ GroupName: 'bad/name' }, 'slash in name'],
    [{ GroupName: 'ok', Path: 'no-slashes' }, 'bad path'],
    [{ GroupName: 'ok', Path: '/' + 'p'.repeat(511) + '/' }, 'path over 512'],
    [{ GroupName: 42 }, 'wrong type'],
    [{}, 'missing name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.group.count();
    const res = await root.call('iam', 'CreateGroup', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.group.count()).toBe(before);
  });

  it('accepts a 128-character name', async () => {
    await root.ok('iam', 'CreateGroup', { GroupName: 'g'.repeat(128) });
    await root.ok('iam', 'DeleteGroup', { GroupName: 'g'.repeat(128) });
  });

  it('stops at 300 groups per account with LimitExceeded', async () => {
    const other = await secondAccount();
    await database.db.group.createMany({
      data: Array.from({ length: 299 }, (_, i) => ({ id: `AGPAQUOTA${String(i).padStart(12, '0')}`, accountId: '222222222222', name: `q${i}`, arn: `arn:aws:iam::222222222222:group/q${i}` })),
    });
    await other.ok('iam', 'CreateGroup', { GroupName: 'the300th' });
    const res = await other.call('iam', 'CreateGroup', { GroupName: 'the301st' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for GroupsPerAccount: 300' });
    expect(await database.db.group.count({ where: { accountId: '222222222222' } })).toBe(300);
    // Another account's groups do not count.
    await root.ok('iam', 'CreateGroup', { GroupName: 'the301st' });
    await root.ok('iam', 'DeleteGroup', { GroupName: 'the301st' });
  });
});

describe('AddUserToGroup, GetGroup, ListGroupsForUser, RemoveUserFromGroup', () => {
  it('adds users (case-insensitively), idempotently, and GetGroup lists them in name order, paged', async () => {
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'Developers', UserName: 'BOB' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'developers', UserName: 'alice' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'developers', UserName: 'carol' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'developers', UserName: 'alice' });
    expect(await database.db.groupMembership.count({ where: { group: { name: 'developers' } } })).toBe(3);
    const first = await root.ok<Page<'Users', { UserName: string; UserId: string; Arn: string }> & { Group: Group }>('iam', 'GetGroup', { GroupName: 'DEVELOPERS', MaxItems: 2 });
    expect(first.Group).toMatchObject({ GroupName: 'developers', Path: '/eng/' });
    expect(first.Users.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(first.Users[0]).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Path: '/' });
    expect(first.Users[0]!.UserId).toMatch(/^AIDA/);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<Page<'Users', { UserName: string }>>('iam', 'GetGroup', { GroupName: 'developers', MaxItems: 2, Marker: first.Marker });
    expect(second.Users.map((u) => u.UserName)).toEqual(['Carol']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });

  it('reports unknown groups and users with NoSuchEntity and writes nothing', async () => {
    const before = await database.db.groupMembership.count();
    let res = await root.call('iam', 'AddUserToGroup', { GroupName: 'nogroup', UserName: 'alice' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The group with name nogroup cannot be found.' });
    res = await root.call('iam', 'AddUserToGroup', { GroupName: 'developers', UserName: 'nobody' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
    expect((await root.call('iam', 'GetGroup', { GroupName: 'nogroup' })).status).toBe(404);
    expect((await root.call('iam', 'ListGroupsForUser', { UserName: 'nobody' })).status).toBe(404);
    expect((await root.call('iam', 'AddUserToGroup', { GroupName: 'developers' })).status).toBe(400);
    expect((await root.call('iam', 'AddUserToGroup', { GroupName: 'developers', UserName: 'u'.repeat(65) })).status).toBe(400);
    expect((await root.call('iam', 'GetGroup', { GroupName: 'developers', MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'GetGroup', { GroupName: 'developers', Marker: 'garbage' })).status).toBe(400);
    expect(await database.db.groupMembership.count()).toBe(before);
  });

  it('lists the groups of a user', async () => {
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'admins', UserName: 'alice' });
    const { Groups, IsTruncated } = await root.ok<Page<'Groups', Group>>('iam', 'ListGroupsForUser', { UserName: 'Alice' });
    expect(Groups.map((g) => g.GroupName)).toEqual(['admins', 'developers']);
    expect(Groups[1]).toMatchObject({ Path: '/eng/', Arn: `arn:aws:iam::${ACCOUNT}:group/eng/developers` });
    expect(IsTruncated).toBe(false);
    const paged = await root.ok<Page<'Groups', Group>>('iam', 'ListGroupsForUser', { UserName: 'alice', MaxItems: 1 });
    expect(paged.Groups.map((g) => g.GroupName)).toEqual(['admins']);
    const rest = await root.ok<Page<'Groups', Group>>('iam', 'ListGroupsForUser', { UserName: 'alice', Marker: paged.Marker });
    expect(rest.Groups.map((g) => g.GroupName)).toEqual(['developers']);
    expect((await root.ok<Page<'Groups', Group>>('iam', 'ListGroupsForUser', { UserName: 'dave' })).Groups).toEqual([]);
  });

  it('allows at most 10 groups per user', async () => {
    for (let i = 0; i < 11; i++) await root.ok('iam', 'CreateGroup', { GroupName: `many-${i}`, Path: '/many/' });
    for (let i = 0; i < 10; i++) await root.ok('iam', 'AddUserToGroup', { GroupName: `many-${i}`, UserName: 'dave' });
    const res = await root.call('iam', 'AddUserToGroup', { GroupName: 'many-10', UserName: 'dave' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for GroupsPerUser: 10' });
    // Re-adding an existing membership at the quota is still a no-op success.
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'many-3', UserName: 'dave' });
    expect(await database.db.groupMembership.count({ where: { user: { name: 'dave' } } })).toBe(10);
    for (let i = 0; i < 10; i++) await root.ok('iam', 'RemoveUserFromGroup', { GroupName: `many-${i}`, UserName: 'dave' });
  });

  it('holds the 10-groups quota under concurrent requests', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'racer' });
    for (let i = 0; i < 8; i++) await root.ok('iam', 'AddUserToGroup', { GroupName: `many-${i}`, UserName: 'racer' });
    const results = await Promise.all([8, 9, 10].map((i) => root.call('iam', 'AddUserToGroup', { GroupName: `many-${i}`, UserName: 'racer' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    expect(await database.db.groupMembership.count({ where: { user: { name: 'racer' } } })).toBe(10);
    for (const g of await database.db.groupMembership.findMany({ where: { user: { name: 'racer' } }, include: { group: true } })) {
      await root.ok('iam', 'RemoveUserFromGroup', { GroupName: g.group.name, UserName: 'racer' });
    }
  });

  it('removes a member, and NoSuchEntity when the user is not a member', async () => {
    await root.ok('iam', 'RemoveUserFromGroup', { GroupName: 'developers', UserName: 'CAROL' });
    const { Users } = await root.ok<Page<'Users', { UserName: string }>>('iam', 'GetGroup', { GroupName: 'developers' });
    expect(Users.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    const res = await root.call('iam', 'RemoveUserFromGroup', { GroupName: 'developers', UserName: 'carol' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'RemoveUserFromGroup', { GroupName: 'nogroup', UserName: 'carol' })).status).toBe(404);
  });
});

describe('ListGroups', () => {
  it('pages in name order with Marker/MaxItems and filters by PathPrefix', async () => {
    for (const name of ['p-b', 'P-a', 'p-d', 'p-c']) await root.ok('iam', 'CreateGroup', { GroupName: name, Path: '/paging/' });
    const first = await root.ok<Page<'Groups', Group>>('iam', 'ListGroups', { PathPrefix: '/paging/', MaxItems: 3 });
    expect(first.Groups.map((g) => g.GroupName)).toEqual(['P-a', 'p-b', 'p-c']);
    expect(first.Groups[0]).toMatchObject({ Path: '/paging/', Arn: `arn:aws:iam::${ACCOUNT}:group/paging/P-a` });
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<Page<'Groups', Group>>('iam', 'ListGroups', { PathPrefix: '/paging/', MaxItems: 3, Marker: first.Marker });
    expect(second.Groups.map((g) => g.GroupName)).toEqual(['p-d']);
    expect(second.IsTruncated).toBe(false);
    const all = await root.ok<Page<'Groups', Group>>('iam', 'ListGroups');
    expect(all.Groups.map((g) => g.GroupName)).toEqual(expect.arrayContaining(['admins', 'developers', 'p-b']));
    expect(all.Groups.some((g) => g.GroupName.startsWith('q'))).toBe(false);
    expect((await root.ok<Page<'Groups', Group>>('iam', 'ListGroups', { PathPrefix: '/nothing-here/' })).Groups).toEqual([]);
    expect((await root.call('iam', 'ListGroups', { MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'ListGroups', { MaxItems: 1001 })).status).toBe(400);
    expect((await root.call('iam', 'ListGroups', { Marker: 'garbage' })).status).toBe(400);
    expect((await root.call('iam', 'ListGroups', { PathPrefix: 'no-slash' })).status).toBe(400);
  });
});

describe('UpdateGroup', () => {
  it('renames and moves a group, keeping its ID and members', async () => {
    const { Group: before } = await root.ok<{ Group: Group }>('iam', 'CreateGroup', { GroupName: 'ops' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'ops', UserName: 'bob' });
    await root.ok('iam', 'UpdateGroup', { GroupName: 'OPS', NewGroupName: 'operations', NewPath: '/infra/' });
    const after = await root.ok<{ Group: Group; Users: { UserName: string }[] }>('iam', 'GetGroup', { GroupName: 'operations' });
    expect(after.Group).toMatchObject({ GroupId: before.GroupId, Path: '/infra/', Arn: `arn:aws:iam::${ACCOUNT}:group/infra/operations` });
    expect(after.Users.map((u) => u.UserName)).toEqual(['bob']);
    expect((await root.call('iam', 'GetGroup', { GroupName: 'ops' })).status).toBe(404);
    // A change of case only is allowed.
    await root.ok('iam', 'UpdateGroup', { GroupName: 'operations', NewGroupName: 'Operations' });
    expect((await root.ok<{ Group: Group }>('iam', 'GetGroup', { GroupName: 'operations' })).Group.GroupName).toBe('Operations');
  });

  it('refuses a taken name, an unknown group and bad input', async () => {
    let res = await root.call('iam', 'UpdateGroup', { GroupName: 'operations', NewGroupName: 'ADMINS' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EntityAlreadyExists');
    res = await root.call('iam', 'UpdateGroup', { GroupName: 'nogroup', NewGroupName: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    res = await root.call('iam', 'UpdateGroup', { GroupName: 'operations', NewPath: 'bad' });
    expect(res.status).toBe(400);
    res = await root.call('iam', 'UpdateGroup', { GroupName: 'operations', NewGroupName: 'x'.repeat(129) });
    expect(res.status).toBe(400);
    expect((await root.ok<{ Group: Group }>('iam', 'GetGroup', { GroupName: 'operations' })).Group.Path).toBe('/infra/');
  });
});

describe('DeleteGroup', () => {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

  it('refuses while the group has members, inline policies or attached policies', async () => {
    await root.ok('iam', 'CreateGroup', { GroupName: 'doomed' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'doomed', UserName: 'alice' });
    await root.ok('iam', 'PutGroupPolicy', { GroupName: 'doomed', PolicyName: 'inline', PolicyDocument: doc });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'doomed', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const expectConflict = async (message: string) => {
      const res = await root.call('iam', 'DeleteGroup', { GroupName: 'doomed' });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'DeleteConflict', message });
    };
    await expectConflict('Cannot delete entity, must remove users from group first.');
    await root.ok('iam', 'RemoveUserFromGroup', { GroupName: 'doomed', UserName: 'alice' });
    await expectConflict('Cannot delete entity, must delete policies first.');
    await root.ok('iam', 'DeleteGroupPolicy', { GroupName: 'doomed', PolicyName: 'inline' });
    await expectConflict('Cannot delete entity, must detach all policies first.');
    await root.ok('iam', 'DetachGroupPolicy', { GroupName: 'doomed', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect(await database.db.group.count({ where: { name: 'doomed' } })).toBe(1);
    await root.ok('iam', 'DeleteGroup', { GroupName: 'DOOMED' });
    expect((await root.call('iam', 'GetGroup', { GroupName: 'doomed' })).status).toBe(404);
  });

  it('reports an unknown group and bad input', async () => {
    const res = await root.call('iam', 'DeleteGroup', { GroupName: 'doomed' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The group with name doomed cannot be found.' });
    expect((await root.call('iam', 'DeleteGroup', {})).status).toBe(400);
  });

  it('never issues a deleted group ID again', async () => {
    const { Group } = await root.ok<{ Group: Group }>('iam', 'CreateGroup', { GroupName: 'temp' });
    await root.ok('iam', 'DeleteGroup', { GroupName: 'temp' });
    expect(await database.db.issuedId.count({ where: { id: Group.GroupId } })).toBe(1);
  });
});

describe('authorization through the dispatcher', () => {
  const listOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*' }] });

  async function iamUserClient(userName: string, password: string): Promise<ConsoleClient> {
    const user = await database.db.user.findFirstOrThrow({ where: { accountId: ACCOUNT, name: userName } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword(password) } });
    return signIn(app, { kind: 'iam', account: ACCOUNT, userName, password });
  }

  it('lets a group member do what the group policy allows and nothing else, and sees a detach at once', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'erin' });
    await root.ok('iam', 'CreateGroup', { GroupName: 'listers' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'listers', UserName: 'erin' });
    const { Policy } = await root.ok<{ Policy: { Arn: string } }>('iam', 'CreatePolicy', { PolicyName: 'ListGroupsOnly', PolicyDocument: listOnly });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'listers', PolicyArn: Policy.Arn });
    const erin = await iamUserClient('erin', 'Erin-Password-1');

    const listed = await erin.ok<Page<'Groups', Group>>('iam', 'ListGroups');
    expect(listed.Groups.map((g) => g.GroupName)).toContain('listers');

    const denied = await erin.call('iam', 'CreateGroup', { GroupName: 'sneaky' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
    expect(denied.body.error.message).toContain(`User: arn:aws:iam::${ACCOUNT}:user/erin is not authorized to perform: iam:CreateGroup on resource: arn:aws:iam::${ACCOUNT}:group/sneaky`);
    expect(await database.db.group.count({ where: { name: 'sneaky' } })).toBe(0);
    const event = await database.db.auditEvent.findFirst({ where: { requestId: denied.headers['x-amzn-requestid'] } });
    expect(event).toMatchObject({ action: 'iam:CreateGroup', decision: 'denied', principalArn: `arn:aws:iam::${ACCOUNT}:user/erin` });

    // Warm the cache, then detach: the very next request is denied.
    await erin.ok('iam', 'ListGroups');
    await root.ok('iam', 'DetachGroupPolicy', { GroupName: 'listers', PolicyArn: Policy.Arn });
    const after = await erin.call('iam', 'ListGroups');
    expect(after.status).toBe(403);
    expect(after.body.error.message).toContain('is not authorized to perform: iam:ListGroups on resource: *');

    // And re-attaching, or leaving the group, is seen at once too.
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'listers', PolicyArn: Policy.Arn });
    await erin.ok('iam', 'ListGroups');
    await root.ok('iam', 'RemoveUserFromGroup', { GroupName: 'listers', UserName: 'erin' });
    expect((await erin.call('iam', 'ListGroups')).status).toBe(403);
  });
});

describe('through the AWS SDK (Query API)', () => {
  let server: SdkServer;
  let iam: IAMClient;
  beforeAll(async () => {
    server = await startSdkServer('333344445555');
    iam = server.iam(server.root);
  });
  afterAll(async () => server?.close());

  it('creates a group, adds members, pages GetGroup and lists groups for a user', async () => {
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'sdk-group', Path: '/sdk/' }));
    expect(Group).toMatchObject({ GroupName: 'sdk-group', Path: '/sdk/', Arn: `arn:aws:iam::${server.accountId}:group/sdk/sdk-group` });
    expect(Group?.CreateDate).toBeInstanceOf(Date);
    for (const name of ['m3', 'm1', 'm2']) {
      await server.fixtures.user(server.accountId, name);
      await iam.send(new AddUserToGroupCommand({ GroupName: 'sdk-group', UserName: name }));
    }
    const members: string[] = [];
    let pages = 0;
    for await (const page of paginateGetGroup({ client: iam, pageSize: 2 }, { GroupName: 'sdk-group' })) {
      pages++;
      expect(page.Group?.GroupName).toBe('sdk-group');
      members.push(...(page.Users ?? []).map((u) => u.UserName!));
    }
    expect([pages, members]).toEqual([2, ['m1', 'm2', 'm3']]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'm2' }))).Groups?.map((g) => g.GroupName)).toEqual(['sdk-group']);
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'sdk-group' }))).rejects.toBeInstanceOf(DeleteConflictException);
    await expect(iam.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'm1' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
