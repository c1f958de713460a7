/** Roles through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';

let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];

const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const TRUST_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

type Role = Record<string, unknown> & { RoleName: string; RoleId: string; Arn: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
});
afterAll(async () => database?.drop());

async function roleId(name: string): Promise<string> {
  return (await database.db.role.findFirstOrThrow({ where: { name } })).id;
}

describe('CreateRole', () => {
  it('creates a role with an AROA ID, ARN, trust policy as plain text, defaults and tags', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'CreateRole', {
      RoleName: 'web',
      Path: '/service/',
      AssumeRolePolicyDocument: TRUST,
      Description: 'Web servers',
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    expect(Role).toMatchObject({
      RoleName: 'web',
      Path: '/service/',
      Arn: `arn:aws:iam::${ACCOUNT}:role/service/web`,
      AssumeRolePolicyDocument: TRUST,
      Description: 'Web servers',
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    // AWS's CreateRole reply has no MaxSessionDuration (GetRole does).
    expect(Role).not.toHaveProperty('MaxSessionDuration');
    expect(Role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(new Date(Role.CreateDate as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(Role).not.toHaveProperty('RoleLastUsed');
  });

  it('accepts MaxSessionDuration 3600–43200 (also as a string, as the Query API sends it)', async () => {
    await root.ok('iam', 'CreateRole', { RoleName: 'long', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: '43200' });
    const { Role } = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'long' });
    expect(Role.MaxSessionDuration).toBe(43200);
  });

  it('refuses a name taken in any case with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateRole', { RoleName: 'WEB', AssumeRolePolicyDocument: TRUST });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'Role with name WEB already exists.' });
  });

  it.each([
    [{ RoleName: '', AssumeRolePolicyDocument: TRUST }, 'empty name'],
    [{ RoleName: 'a'.repeat(65), AssumeRolePolicyDocument: TRUST }, 'name over 64'],
    [{ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST }, 'space in name'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, Path: 'nopath' }, 'bad path'],
    [{ RoleName: 'ok' }, 'missing trust policy'],
    [{ AssumeRolePolicyDocument: TRUST }, 'missing name'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, Description: 'd'.repeat(1001) }, 'description over 1000'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3599 }, 'session under an hour'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43201 }, 'session over 12 hours'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600.5 }, 'fractional session'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, '51 tags'],
    [{ RoleName: 'ok', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'not-an-arn' }, 'boundary not an ARN'],
    [{ RoleName: 42, AssumeRolePolicyDocument: TRUST }, 'wrong type'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 ValidationError and writes nothing', async (body) => {
    const before = await database.db.role.count();
    const res = await root.call('iam', 'CreateRole', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.role.count()).toBe(before);
  });

  it.each([
    ['{not json', 'not JSON'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), 'no Principal'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] }), 'a Resource'],
  ])('refuses a bad trust policy (%s: %s) with MalformedPolicyDocument and writes nothing', async (doc) => {
    const before = await database.db.role.count();
    const res = await root.call('iam', 'CreateRole', { RoleName: 'badtrust', AssumeRolePolicyDocument: doc });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    expect(await database.db.role.count()).toBe(before);
  });

  it('refuses a trust policy over 2,048 characters with LimitExceeded, as AWS does', async () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })),
    });
    const before = await database.db.role.count();
    const res = await root.call('iam', 'CreateRole', { RoleName: 'badtrust', AssumeRolePolicyDocument: doc });
    // AWS: "LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048" (kubeflow/dashboard#29).
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
    expect(await database.db.role.count()).toBe(before);
  });

  it('refuses a trust policy naming an IAM user or role of a held account that does not exist', async () => {
    const trusting = (principal: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    const res = await root.call('iam', 'CreateRole', { RoleName: 'ghost-trust', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${ACCOUNT}:user/ghost`) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'MalformedPolicyDocument', message: `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/ghost"` });
    expect(await database.db.role.count({ where: { name: 'ghost-trust' } })).toBe(0);
    // An existing role, and an account this installation does not hold, are accepted.
    await root.ok('iam', 'CreateRole', { RoleName: 'trusts-role', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${ACCOUNT}:role/service/web`) });
    await root.ok('iam', 'CreateRole', { RoleName: 'trusts-other', AssumeRolePolicyDocument: trusting('arn:aws:iam::111122223333:user/someone') });
    await root.ok('iam', 'DeleteRole', { RoleName: 'trusts-role' });
    await root.ok('iam', 'DeleteRole', { RoleName: 'trusts-other' });
  });

  it('refuses duplicate tag keys (case-insensitive) with InvalidInput', async () => {
    const res = await root.call('iam', 'CreateRole', { RoleName: 'dup', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it('sets a permissions boundary from a managed policy, and refuses an unknown one', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'CreateRole', { RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    expect(Role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    const res = await root.call('iam', 'CreateRole', { RoleName: 'nobound', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchPolicy' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    expect(await database.db.role.count({ where: { name: 'nobound' } })).toBe(0);
  });

  it('refuses the 1001st role with LimitExceeded', async () => {
    const account = await database.db.account.findUniqueOrThrow({ where: { id: ACCOUNT } });
    expect(account).toBeTruthy();
    const existing = await database.db.role.count({ where: { accountId: ACCOUNT } });
    await database.db.role.createMany({
      data: Array.from({ length: 1000 - existing }, (_, i) => ({
        id: `AROAFILLER${String(i).padStart(11, '0')}`,
        accountId: ACCOUNT,
        name: `filler-${i}`,
        path: '/filler/',
        arn: `arn:aws:iam::${ACCOUNT}:role/filler/filler-${i}`,
        assumeRolePolicyDocument: TRUST,
      })),
    });
    const res = await root.call('iam', 'CreateRole', { RoleName: 'one-too-many', AssumeRolePolicyDocument: TRUST });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for RolesPerAccount: 1000' });
    // With one place left, concurrent requests get exactly one role.
    await database.db.role.delete({ where: { id: 'AROAFILLER00000000000' } });
    const racing = await Promise.all(['race-1', 'race-2', 'race-3'].map((RoleName) => root.call('iam', 'CreateRole', { RoleName, AssumeRolePolicyDocument: TRUST })));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await database.db.role.count({ where: { accountId: ACCOUNT } })).toBe(1000);
    await database.db.role.deleteMany({ where: { OR: [{ path: '/filler/' }, { name: { startsWith: 'race-' } }] } });
  });
});

describe('GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy', () => {
  it('gets a role case-insensitively with RoleLastUsed, and NoSuchEntity for an unknown one', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'WEB' });
    expect(Role).toMatchObject({ RoleName: 'web', AssumeRolePolicyDocument: TRUST, RoleLastUsed: {}, Tags: [{ Key: 'team', Value: 'web' }] });
    const res = await root.call('iam', 'GetRole', { RoleName: 'nobody' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The role with name nobody cannot be found.' });
  });

  it('reports when and where a role was last used', async () => {
    const used = new Date('2026-01-02T03:04:05Z');
    await database.db.role.update({ where: { id: await roleId('long') }, data: { lastUsedAt: used, lastUsedRegion: 'us-east-1' } });
    const { Role } = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'long' });
    expect(Role.RoleLastUsed).toEqual({ LastUsedDate: used.toISOString(), Region: 'us-east-1' });
  });

  it('updates the description and maximum session duration', async () => {
    await root.ok('iam', 'UpdateRole', { RoleName: 'web', Description: 'Front end', MaxSessionDuration: 7200 });
    const { Role } = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'web' });
    expect(Role).toMatchObject({ Description: 'Front end', MaxSessionDuration: 7200 });
    const res = await root.call('iam', 'UpdateRole', { RoleName: 'web', MaxSessionDuration: 100 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect((await root.call('iam', 'UpdateRole', { RoleName: 'ghost', Description: 'x' })).status).toBe(404);
  });

  it('UpdateRoleDescription returns the role', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'UpdateRoleDescription', { RoleName: 'web', Description: 'Edge' });
    expect(Role).toMatchObject({ RoleName: 'web', Description: 'Edge', MaxSessionDuration: 7200 });
    expect((await root.call('iam', 'UpdateRoleDescription', { RoleName: 'web' })).status).toBe(400);
    expect((await root.call('iam', 'UpdateRoleDescription', { RoleName: 'ghost', Description: 'x' })).status).toBe(404);
  });

  it('UpdateAssumeRolePolicy replaces the trust policy, validating it as a trust policy', async () => {
    await root.ok('iam', 'UpdateAssumeRolePolicy', { RoleName: 'web', PolicyDocument: TRUST_ACCOUNT });
    expect((await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'web' })).Role.AssumeRolePolicyDocument).toBe(TRUST_ACCOUNT);
    const bad = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    const res = await root.call('iam', 'UpdateAssumeRolePolicy', { RoleName: 'web', PolicyDocument: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    expect((await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'web' })).Role.AssumeRolePolicyDocument).toBe(TRUST_ACCOUNT);
    expect((await root.call('iam', 'UpdateAssumeRolePolicy', { RoleName: 'ghost', PolicyDocument: TRUST })).status).toBe(404);
    expect((await root.call('iam', 'UpdateAssumeRolePolicy', { RoleName: 'web' })).status).toBe(400);
  });
});

describe('tags and permissions boundaries', () => {
  it('tags and untags, replacing a key in another case, up to 50', async () => {
    await root.ok('iam', 'TagRole', { RoleName: 'web', Tags: [{ Key: 'TEAM', Value: 'api' }, { Key: 'cost', Value: '1' }] });
    const { Tags } = await root.ok<{ Tags: { Key: string; Value: string }[]; IsTruncated: boolean }>('iam', 'ListRoleTags', { RoleName: 'web' });
    expect(Tags).toEqual([{ Key: 'TEAM', Value: 'api' }, { Key: 'cost', Value: '1' }]);
    const paged = await root.ok<{ Tags: unknown[]; IsTruncated: boolean; Marker?: string }>('iam', 'ListRoleTags', { RoleName: 'web', MaxItems: 1 });
    expect(paged).toMatchObject({ Tags: [{ Key: 'TEAM', Value: 'api' }], IsTruncated: true });
    const rest = await root.ok<{ Tags: unknown[]; IsTruncated: boolean }>('iam', 'ListRoleTags', { RoleName: 'web', MaxItems: 1, Marker: paged.Marker });
    expect(rest).toMatchObject({ Tags: [{ Key: 'cost', Value: '1' }], IsTruncated: false });
    await root.ok('iam', 'UntagRole', { RoleName: 'web', TagKeys: ['COST'] });
    expect((await root.ok<{ Tags: unknown[] }>('iam', 'ListRoleTags', { RoleName: 'web' })).Tags).toEqual([{ Key: 'TEAM', Value: 'api' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const res = await root.call('iam', 'TagRole', { RoleName: 'web', Tags: many });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LimitExceeded');
    expect((await root.call('iam', 'TagRole', { RoleName: 'web', Tags: [] })).status).toBe(400);
    expect((await root.call('iam', 'UntagRole', { RoleName: 'web', TagKeys: [] })).status).toBe(400);
    expect((await root.call('iam', 'TagRole', { RoleName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })).status).toBe(404);
    expect((await root.call('iam', 'ListRoleTags', { RoleName: 'ghost' })).status).toBe(404);
  });

  it('puts and deletes a permissions boundary', async () => {
    await root.ok('iam', 'PutRolePermissionsBoundary', { RoleName: 'web', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect((await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'web' })).Role.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    const unknown = await root.call('iam', 'PutRolePermissionsBoundary', { RoleName: 'web', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/Nope` });
    expect(unknown.status).toBe(404);
    const notPolicy = await root.call('iam', 'PutRolePermissionsBoundary', { RoleName: 'web', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:user/bob` });
    expect(notPolicy.status).toBe(400);
    expect(notPolicy.body.error.code).toBe('InvalidInput');
    await root.ok('iam', 'DeleteRolePermissionsBoundary', { RoleName: 'web' });
    expect((await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: 'web' })).Role).not.toHaveProperty('PermissionsBoundary');
    expect((await root.call('iam', 'DeleteRolePermissionsBoundary', { RoleName: 'ghost' })).status).toBe(404);
  });
});

describe('ListRoles', () => {
  it('pages in name order with Marker/MaxItems and filters by PathPrefix, without the GetRole-only fields', async () => {
    for (const name of ['r-b', 'R-a', 'r-d', 'r-c']) await root.ok('iam', 'CreateRole', { RoleName: name, Path: '/paging/', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'k', Value: 'v' }] });
    const first = await root.ok<{ Roles: Role[]; IsTruncated: boolean; Marker?: string }>('iam', 'ListRoles', { PathPrefix: '/paging/', MaxItems: 3 });
    expect(first.Roles.map((r) => r.RoleName)).toEqual(['R-a', 'r-b', 'r-c']);
    expect(first.Roles[0]).toMatchObject({ Path: '/paging/', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 3600 });
    expect(first.Roles[0]).not.toHaveProperty('Tags');
    expect(first.Roles[0]).not.toHaveProperty('RoleLastUsed');
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ Roles: Role[]; IsTruncated: boolean }>('iam', 'ListRoles', { PathPrefix: '/paging/', MaxItems: 3, Marker: first.Marker });
    expect(second.Roles.map((r) => r.RoleName)).toEqual(['r-d']);
    expect(second.IsTruncated).toBe(false);
    const all = await root.ok<{ Roles: Role[] }>('iam', 'ListRoles');
    expect(all.Roles.map((r) => r.RoleName)).toContain('web');
    expect((await root.call('iam', 'ListRoles', { MaxItems: 0 })).status).toBe(400);
    expect((await root.call('iam', 'ListRoles', { MaxItems: 1001 })).status).toBe(400);
    expect((await root.call('iam', 'ListRoles', { Marker: 'garbage' })).status).toBe(400);
    expect((await root.call('iam', 'ListRoles', { PathPrefix: 'nope' })).status).toBe(400);
  });
});

describe('DeleteRole', () => {
  it('refuses while policies are attached or inline, or the role is in an instance profile', async () => {
    await root.ok('iam', 'CreateRole', { RoleName: 'busy', AssumeRolePolicyDocument: TRUST });
    const id = await roleId('busy');
    const policy = await database.db.managedPolicy.findUniqueOrThrow({ where: { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } });
    const attachment = await database.db.policyAttachment.create({ data: { policyId: policy.id, roleId: id } });
    let res = await root.call('iam', 'DeleteRole', { RoleName: 'busy' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DeleteConflict', message: 'Cannot delete entity, must detach all policies first.' });
    await database.db.policyAttachment.delete({ where: { id: attachment.id } });

    const inline = await database.db.inlinePolicy.create({ data: { name: 'p', document: '{}', roleId: id } });
    res = await root.call('iam', 'DeleteRole', { RoleName: 'busy' });
    expect(res.status).toBe(409);
    // AWS's text for inline policies (LocalStack's AWS-recorded "delete-role-with-inline-policy-error").
    expect(res.body.error.message).toBe('Cannot delete entity, must delete policies first.');
    await database.db.inlinePolicy.delete({ where: { id: inline.id } });

    const profile = await database.db.instanceProfile.create({
      data: { id: 'AIPATESTPROFILE000001', accountId: ACCOUNT, name: 'busy-profile', arn: `arn:aws:iam::${ACCOUNT}:instance-profile/busy-profile` },
    });
    await database.db.instanceProfileRole.create({ data: { instanceProfileId: profile.id, roleId: id } });
    res = await root.call('iam', 'DeleteRole', { RoleName: 'busy' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DeleteConflict', message: 'Cannot delete entity, must remove roles from instance profile first.' });
    await database.db.instanceProfile.delete({ where: { id: profile.id } });

    await root.ok('iam', 'DeleteRole', { RoleName: 'BUSY' });
    expect((await root.call('iam', 'GetRole', { RoleName: 'busy' })).status).toBe(404);
    expect(await database.db.issuedId.count({ where: { id } })).toBe(1);
  });

  it('NoSuchEntity for an unknown role, ValidationError for a bad name', async () => {
    expect((await root.call('iam', 'DeleteRole', { RoleName: 'ghost' })).status).toBe(404);
    expect((await root.call('iam', 'DeleteRole', { RoleName: 'bad name' })).status).toBe(400);
  });
});

describe('authorization', () => {
  it('authorizes against the role ARN with its path, its tags and the boundary being set', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'operator' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'operator' } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword('Operator-Password-1') } });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*`, Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } } },
        { Effect: 'Allow', Action: 'iam:CreateRole', Resource: `arn:aws:iam::${ACCOUNT}:role/dev/*`, Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } },
      ],
    };
    await database.db.inlinePolicy.create({ data: { userId: user.id, name: 'Roles', document: JSON.stringify(policy) } });
    const operator = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'operator', password: 'Operator-Password-1' });

    await root.ok('iam', 'CreateRole', { RoleName: 'dev-role', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'env', Value: 'dev' }] });
    await root.ok('iam', 'CreateRole', { RoleName: 'prod-role', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'env', Value: 'prod' }] });
    await operator.ok('iam', 'GetRole', { RoleName: 'dev-role' });
    const denied = await operator.call('iam', 'GetRole', { RoleName: 'prod-role' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');

    const bounded = { RoleName: 'made', Path: '/dev/', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
    expect((await operator.call('iam', 'CreateRole', { ...bounded, Path: '/prod/' })).status).toBe(403);
    expect((await operator.call('iam', 'CreateRole', { ...bounded, PermissionsBoundary: undefined })).status).toBe(403);
    const { Role } = await operator.ok<{ Role: Role }>('iam', 'CreateRole', bounded);
    expect(Role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/dev/made`);
  });
});
