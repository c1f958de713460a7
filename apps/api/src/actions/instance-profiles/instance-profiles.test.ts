/** Instance profiles through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, type ConsoleClient } from '../../../test/console-client';

let database: TestDatabase;
let root: ConsoleClient;

const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

type Profile = Record<string, unknown> & { InstanceProfileName: string; InstanceProfileId: string; Arn: string; Roles: Record<string, unknown>[] };

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app, ACCOUNT);
  await root.ok('iam', 'CreateRole', { RoleName: 'web-role', Path: '/svc/', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 't', Value: 'v' }] });
  await root.ok('iam', 'CreateRole', { RoleName: 'other-role', AssumeRolePolicyDocument: TRUST });
});
afterAll(async () => database?.drop());

describe('CreateInstanceProfile', () => {
  it('creates a profile with an AIPA ID, ARN, path, no roles and tags', async () => {
    const { InstanceProfile } = await root.ok<{ InstanceProfile: Profile }>('iam', 'CreateInstanceProfile', {
      InstanceProfileName: 'web',
      Path: '/servers/',
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    expect(InstanceProfile).toMatchObject({
      InstanceProfileName: 'web',
      Path: '/servers/',
      Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/servers/web`,
      Roles: [],
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    expect(InstanceProfile.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(new Date(InstanceProfile.CreateDate as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a name taken in any case with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateInstanceProfile', { InstanceProfileName: 'WEB' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EntityAlreadyExists');
  });

  it.each([
    [{ InstanceProfileName: '' }, 'empty name'],
    [{ InstanceProfileName: 'a'.repeat(129) }, 'name over 128'],
    [{ InstanceProfileName: 'bad/name' }, 'slash in name'],
    [{ InstanceProfileName: 'ok', Path: 'x' }, 'bad path'],
    [{ InstanceProfileName: 'ok', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, '51 tags'],
    [{ InstanceProfileName: 'ok', Tags: [{ Key: '', Value: 'x' }] }, 'empty tag key'],
    [{ InstanceProfileName: ['x'] }, 'wrong type'],
    [{}, 'missing name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.instanceProfile.count();
    const res = await root.call('iam', 'CreateInstanceProfile', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.instanceProfile.count()).toBe(before);
  });

  it('accepts a 128-character name', async () => {
    await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: 'n'.repeat(128) });
    await root.ok('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'n'.repeat(128) });
  });

  it('refuses duplicate tag keys with InvalidInput', async () => {
    const res = await root.call('iam', 'CreateInstanceProfile', { InstanceProfileName: 'dup', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it('refuses the 1001st profile with LimitExceeded', async () => {
    const existing = await database.db.instanceProfile.count({ where: { accountId: ACCOUNT } });
    await database.db.instanceProfile.createMany({
      data: Array.from({ length: 1000 - existing }, (_, i) => ({
        id: `AIPAFILLER${String(i).padStart(11, '0')}`,
        accountId: ACCOUNT,
        name: `filler-${i}`,
        path: '/filler/',
        arn: `arn:aws:iam::${ACCOUNT}:instance-profile/filler/filler-${i}`,
      })),
    });
    const res = await root.call('iam', 'CreateInstanceProfile', { InstanceProfileName: 'one-too-many' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for InstanceProfilesPerAccount: 1000' });
    await database.db.instanceProfile.deleteMany({ where: { path: '/filler/' } });
  });
});

describe('roles in instance profiles', () => {
  it('adds a role, shown by GetInstanceProfile and ListInstanceProfilesForRole', async () => {
    await root.ok('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'Web', RoleName: 'WEB-ROLE' });
    const { InstanceProfile } = await root.ok<{ InstanceProfile: Profile }>('iam', 'GetInstanceProfile', { InstanceProfileName: 'web' });
    expect(InstanceProfile.Roles).toHaveLength(1);
    expect(InstanceProfile.Roles[0]).toMatchObject({ RoleName: 'web-role', Path: '/svc/', Arn: `arn:aws:iam::${ACCOUNT}:role/svc/web-role`, AssumeRolePolicyDocument: TRUST });
    expect(InstanceProfile.Roles[0]).not.toHaveProperty('Tags');
    const forRole = await root.ok<{ InstanceProfiles: Profile[]; IsTruncated: boolean }>('iam', 'ListInstanceProfilesForRole', { RoleName: 'web-role' });
    expect(forRole.InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['web']);
    expect(forRole.IsTruncated).toBe(false);
    const none = await root.ok<{ InstanceProfiles: Profile[] }>('iam', 'ListInstanceProfilesForRole', { RoleName: 'other-role' });
    expect(none.InstanceProfiles).toEqual([]);
    expect((await root.call('iam', 'ListInstanceProfilesForRole', { RoleName: 'ghost' })).status).toBe(404);
  });

  it('allows only one role per profile', async () => {
    const res = await root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'other-role' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1' });
    const again = await root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'web-role' });
    expect(again.status).toBe(409);
    expect(await database.db.instanceProfileRole.count()).toBe(1);
  });

  it('holds the one-role quota under concurrent requests', async () => {
    await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: 'race' });
    const racing = await Promise.all(['web-role', 'other-role'].map((RoleName) => root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'race', RoleName })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(racing.find((r) => r.status === 409)!.body.error.code).toBe('LimitExceeded');
    const { InstanceProfile } = await root.ok<{ InstanceProfile: Profile }>('iam', 'GetInstanceProfile', { InstanceProfileName: 'race' });
    expect(InstanceProfile.Roles).toHaveLength(1);
    await root.ok('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'race', RoleName: InstanceProfile.Roles[0]!.RoleName as string });
    await root.ok('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'race' });
  });

  it('NoSuchEntity for an unknown profile or role', async () => {
    let res = await root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'ghost', RoleName: 'web-role' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'Instance Profile ghost cannot be found.' });
    res = await root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'ghost' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The role with name ghost cannot be found.' });
    expect((await root.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web' })).status).toBe(400);
    expect((await root.call('iam', 'GetInstanceProfile', { InstanceProfileName: 'ghost' })).status).toBe(404);
  });

  it('refuses to delete a profile that has a role, then removes the role and deletes it', async () => {
    const { InstanceProfile } = await root.ok<{ InstanceProfile: Profile }>('iam', 'GetInstanceProfile', { InstanceProfileName: 'web' });
    let res = await root.call('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'web' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.' });
    res = await root.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'other-role' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'ghost' })).status).toBe(404);
    expect((await root.call('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'ghost', RoleName: 'web-role' })).status).toBe(404);
    await root.ok('iam', 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'web-role' });
    expect((await root.ok<{ InstanceProfile: Profile }>('iam', 'GetInstanceProfile', { InstanceProfileName: 'web' })).InstanceProfile.Roles).toEqual([]);
    await root.ok('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'WEB' });
    expect((await root.call('iam', 'GetInstanceProfile', { InstanceProfileName: 'web' })).status).toBe(404);
    expect((await root.call('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'web' })).status).toBe(404);
    expect(await database.db.issuedId.count({ where: { id: InstanceProfile.InstanceProfileId } })).toBe(1);
    // The role itself is untouched.
    await root.ok('iam', 'GetRole', { RoleName: 'web-role' });
  });
});

describe('tags', () => {
  it('tags, lists and untags, up to 50', async () => {
    await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: 'tagged' });
    await root.ok('iam', 'TagInstanceProfile', { InstanceProfileName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    await root.ok('iam', 'TagInstanceProfile', { InstanceProfileName: 'tagged', Tags: [{ Key: 'A', Value: '3' }] });
    const { Tags } = await root.ok<{ Tags: unknown[] }>('iam', 'ListInstanceProfileTags', { InstanceProfileName: 'tagged' });
    expect(Tags).toEqual([{ Key: 'A', Value: '3' }, { Key: 'b', Value: '2' }]);
    const first = await root.ok<{ Tags: unknown[]; IsTruncated: boolean; Marker: string }>('iam', 'ListInstanceProfileTags', { InstanceProfileName: 'tagged', MaxItems: 1 });
    expect(first).toMatchObject({ Tags: [{ Key: 'A', Value: '3' }], IsTruncated: true });
    const second = await root.ok<{ Tags: unknown[]; IsTruncated: boolean }>('iam', 'ListInstanceProfileTags', { InstanceProfileName: 'tagged', MaxItems: 1, Marker: first.Marker });
    expect(second).toMatchObject({ Tags: [{ Key: 'b', Value: '2' }], IsTruncated: false });
    await root.ok('iam', 'UntagInstanceProfile', { InstanceProfileName: 'tagged', TagKeys: ['a'] });
    expect((await root.ok<{ Tags: unknown[] }>('iam', 'ListInstanceProfileTags', { InstanceProfileName: 'tagged' })).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const res = await root.call('iam', 'TagInstanceProfile', { InstanceProfileName: 'tagged', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LimitExceeded');
    expect((await root.call('iam', 'TagInstanceProfile', { InstanceProfileName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })).status).toBe(404);
    expect((await root.call('iam', 'UntagInstanceProfile', { InstanceProfileName: 'tagged', TagKeys: [] })).status).toBe(400);
    expect((await root.call('iam', 'ListInstanceProfileTags', { InstanceProfileName: 'ghost' })).status).toBe(404);
  });
});

describe('ListInstanceProfiles', () => {
  it('pages in name order with Marker/MaxItems and filters by PathPrefix', async () => {
    for (const name of ['p-b', 'P-a', 'p-d', 'p-c']) await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: name, Path: '/paging/' });
    await root.ok('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'p-b', RoleName: 'other-role' });
    const first = await root.ok<{ InstanceProfiles: Profile[]; IsTruncated: boolean; Marker?: string }>('iam', 'ListInstanceProfiles', { PathPrefix: '/paging/', MaxItems: 3 });
    expect(first.InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['P-a', 'p-b', 'p-c']);
    expect(first.InstanceProfiles[1]!.Roles.map((r) => r.RoleName)).toEqual(['other-role']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ InstanceProfiles: Profile[]; IsTruncated: boolean }>('iam', 'ListInstanceProfiles', { PathPrefix: '/paging/', MaxItems: 3, Marker: first.Marker });
    expect(second.InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['p-d']);
    expect(second.IsTruncated).toBe(false);
    const all = await root.ok<{ InstanceProfiles: Profile[] }>('iam', 'ListInstanceProfiles');
    expect(all.InstanceProfiles.map((p) => p.InstanceProfileName)).toEqual(['P-a', 'p-b', 'p-c', 'p-d', 'tagged']);
    expect((await root.call('iam', 'ListInstanceProfiles', { MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'ListInstanceProfiles', { Marker: 'garbage' })).status).toBe(400);
    expect((await root.call('iam', 'ListInstanceProfiles', { PathPrefix: 'x' })).status).toBe(400);
  });

  it('a role in a profile cannot be deleted until it is removed', async () => {
    const res = await root.call('iam', 'DeleteRole', { RoleName: 'other-role' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DeleteConflict');
  });
});
