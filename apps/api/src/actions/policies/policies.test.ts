/** Managed policies, versions and attachments through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeleteConflictException,
  DeletePolicyVersionCommand,
  GetPolicyVersionCommand,
  LimitExceededException,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  UnmodifiableEntityException,
  paginateListPolicies,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';

const ACCOUNT = '123456789012';
const arnOf = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
const AWS_READONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const AWS_ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const doc = (action = 's3:GetObject') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

let database: TestDatabase;
let app: App;
let root: ConsoleClient;
/** The root of a second account (created by the quota test). */
let other: ConsoleClient;

/** A role, created directly: the roles area is another engineer's. */
async function createRole(accountId: string, name: string, path = '/') {
  return database.db.role.create({
    data: {
      id: `AROA${name.toUpperCase().replace(/[^A-Z]/g, 'X').padEnd(17, 'Z').slice(0, 17)}`,
      accountId,
      name,
      path,
      arn: `arn:aws:iam::${accountId}:role${path}${name}`,
      assumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    },
  });
}

/** A second account, created directly (set-up runs once per installation), with its root signed in. */
async function secondAccount(): Promise<ConsoleClient> {
  const password = 'Other-Root-Password-1';
  await database.db.account.create({ data: { id: '222222222222', name: 'other', rootEmail: 'other@example.com', rootPasswordHash: await hashPassword(password) } });
  return signIn(app, { kind: 'root', email: 'other@example.com', password });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  for (const name of ['alice', 'bob']) await root.ok('iam', 'CreateUser', { UserName: name });
  await root.ok('iam', 'CreateGroup', { GroupName: 'devs' });
  await createRole(ACCOUNT, 'builder');
});
afterAll(async () => database?.drop());

interface Policy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  Tags?: { Key: string; Value: string }[];
}
type Page<K extends string, T> = Record<K, T[]> & { IsTruncated: boolean; Marker?: string };

function expectError(res: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string, message?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (message !== undefined) expect(res.body.error.message).toBe(message);
}

describe('CreatePolicy', () => {
  it('creates a policy with an ANPA ID, its ARN, v1 as default, description and tags', async () => {
    const { Policy } = await root.ok<{ Policy: Policy }>('iam', 'CreatePolicy', {
      PolicyName: 'ReadBuckets',
      Path: '/storage/',
      PolicyDocument: doc(),
      Description: 'Read the buckets',
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    expect(Policy).toMatchObject({
      PolicyName: 'ReadBuckets',
      Path: '/storage/',
      Arn: arnOf('ReadBuckets', '/storage/'),
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    // AWS's CreatePolicy reply has no Description; GetPolicy has it.
    expect(Policy).not.toHaveProperty('Description');
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: Policy.Arn })).Policy).toMatchObject({ Description: 'Read the buckets' });
    expect(Policy.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(new Date(Policy.CreateDate).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(Policy.UpdateDate).toBe(Policy.CreateDate);
    const { PolicyVersion } = await root.ok<{ PolicyVersion: { Document: string; VersionId: string; IsDefaultVersion: boolean } }>('iam', 'GetPolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v1' });
    expect(PolicyVersion).toMatchObject({ Document: doc(), VersionId: 'v1', IsDefaultVersion: true });
  });

  it('refuses a name taken in any case and on any path with EntityAlreadyExists', async () => {
    const before = await database.db.managedPolicy.count();
    expectError(await root.call('iam', 'CreatePolicy', { PolicyName: 'readbuckets', PolicyDocument: doc() }), 409, 'EntityAlreadyExists', 'A policy called readbuckets already exists. Duplicate names are not allowed.');
    expect(await database.db.managedPolicy.count()).toBe(before);
    // AWS-managed names are another namespace.
    await root.ok('iam', 'CreatePolicy', { PolicyName: 'ReadOnlyAccess', PolicyDocument: doc() });
  });

  it('refuses a malformed document with MalformedPolicyDocument and writes nothing', async () => {
    const before = await database.db.managedPolicy.count();
    for (const bad of ['not json', '{"Version":"2012-10-17"}', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] })]) {
      expectError(await root.call('iam', 'CreatePolicy', { PolicyName: 'Broken', PolicyDocument: bad }), 400, 'MalformedPolicyDocument');
    }
    expect(await database.db.managedPolicy.count()).toBe(before);
  });

  it('counts size without whitespace and refuses over 6,144 characters with LimitExceeded', async () => {
    const withResources = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`) }] });
    const big = withResources(250);
    expect(big.length).toBeGreaterThan(6144);
    expectError(await root.call('iam', 'CreatePolicy', { PolicyName: 'TooBig', PolicyDocument: big }), 409, 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144');
    const padded = JSON.stringify(JSON.parse(withResources(150)), null, 8);
    expect(padded.length).toBeGreaterThan(6144);
    await root.ok('iam', 'CreatePolicy', { PolicyName: 'PaddedButSmall', PolicyDocument: padded });
    expect(await database.db.managedPolicy.count({ where: { name: 'TooBig' } })).toBe(0);
  });

  it.each([
    [{ PolicyName: '', PolicyDocument: doc() }, 'empty name'],
    [{ PolicyName: 'p'.repeat(129), PolicyDocument: doc() }, 'name over 128'],
    [{ PolicyName: 'bad name', PolicyDocument: doc() }, 'space in name'],
    [{ PolicyName: 'ok', Path: 'bad', PolicyDocument: doc() }, 'bad path'],
    [{ PolicyName: 'ok', PolicyDocument: doc(), Description: 'd'.repeat(1001) }, 'description over 1000'],
    [{ PolicyName: 'ok' }, 'missing document'],
    [{ PolicyName: 'ok', PolicyDocument: '' }, 'empty document'],
    [{ PolicyName: 'ok', PolicyDocument: doc().replace('s3:GetObject', 's3:Get\u0100') }, 'character out of range'],
    [{ PolicyName: 'ok', PolicyDocument: { Version: '2012-10-17' } }, 'document not a string'],
    [{ PolicyName: 'ok', PolicyDocument: doc(), Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, '51 tags'],
    [{ PolicyDocument: doc() }, 'missing name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 ValidationError and writes nothing', async (body) => {
    const before = await database.db.managedPolicy.count();
    expectError(await root.call('iam', 'CreatePolicy', body), 400, 'ValidationError');
    expect(await database.db.managedPolicy.count()).toBe(before);
  });

  it('refuses duplicate tag keys with InvalidInput', async () => {
    expectError(await root.call('iam', 'CreatePolicy', { PolicyName: 'dup', PolicyDocument: doc(), Tags: [{ Key: 'A', Value: '1' }, { Key: 'a', Value: '2' }] }), 400, 'InvalidInput');
  });

  it('stops at 1,500 customer managed policies per account', async () => {
    other = await secondAccount();
    await database.db.managedPolicy.createMany({
      data: Array.from({ length: 1499 }, (_, i) => ({ id: `ANPAQUOTA${String(i).padStart(12, '0')}`, accountId: '222222222222', name: `q${i}`, arn: `arn:aws:iam::222222222222:policy/q${i}` })),
    });
    await other.ok('iam', 'CreatePolicy', { PolicyName: 'the1500th', PolicyDocument: doc() });
    expectError(await other.call('iam', 'CreatePolicy', { PolicyName: 'the1501st', PolicyDocument: doc() }), 409, 'LimitExceeded', 'Cannot exceed quota for PoliciesPerAccount: 1500');
    // Another account's policies are invisible here.
    expectError(await root.call('iam', 'GetPolicy', { PolicyArn: 'arn:aws:iam::222222222222:policy/the1500th' }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'AttachUserPolicy', { UserName: 'alice', PolicyArn: 'arn:aws:iam::222222222222:policy/the1500th' }), 404, 'NoSuchEntity');
  });
});

describe('GetPolicy', () => {
  it('gets customer and AWS managed policies, NoSuchEntity for unknown ones, InvalidInput for non-policy ARNs', async () => {
    const { Policy } = await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: arnOf('ReadBuckets', '/storage/') });
    expect(Policy).toMatchObject({ PolicyName: 'ReadBuckets', Description: 'Read the buckets', Tags: [{ Key: 'team', Value: 'data' }] });
    const aws = (await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_ADMIN })).Policy;
    expect(aws).toMatchObject({ PolicyName: 'AdministratorAccess', Arn: AWS_ADMIN, Path: '/', IsAttachable: true, AttachmentCount: 0 });
    expectError(await root.call('iam', 'GetPolicy', { PolicyArn: arnOf('Nope') }), 404, 'NoSuchEntity', `Policy ${arnOf('Nope')} was not found.`);
    expectError(await root.call('iam', 'GetPolicy', { PolicyArn: `arn:aws:iam::${ACCOUNT}:user/alice` }), 400, 'InvalidInput');
    expectError(await root.call('iam', 'GetPolicy', { PolicyArn: 'not-an-arn' }), 400, 'ValidationError');
    expectError(await root.call('iam', 'GetPolicy', {}), 400, 'ValidationError');
  });
});

describe('policy versions', () => {
  const arn = arnOf('Versioned');
  type Version = { VersionId: string; IsDefaultVersion: boolean; CreateDate: string; Document?: string };

  it('creates versions, optionally as the default, up to 5', async () => {
    const created = (await root.ok<{ Policy: Policy }>('iam', 'CreatePolicy', { PolicyName: 'Versioned', PolicyDocument: doc('s3:GetObject') })).Policy;
    const v2 = await root.ok<{ PolicyVersion: Version }>('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:PutObject') });
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    expect(v2.PolicyVersion.Document).toBeUndefined();
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v1');
    const v3 = await root.ok<{ PolicyVersion: Version }>('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:DeleteObject'), SetAsDefault: true });
    expect(v3.PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    const after = (await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: arn })).Policy;
    expect(after.DefaultVersionId).toBe('v3');
    expect(new Date(after.UpdateDate).getTime()).toBeGreaterThanOrEqual(new Date(created.UpdateDate).getTime());
    expect((await root.ok<{ PolicyVersion: Version }>('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: 'v1' })).PolicyVersion).toMatchObject({ IsDefaultVersion: false, Document: doc('s3:GetObject') });
    await root.ok('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:ListBucket') });
    await root.ok('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:ListAllMyBuckets') });
    expectError(
      await root.call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc() }),
      409,
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    expect(await database.db.policyVersion.count({ where: { policy: { arn } } })).toBe(5);
  });

  it('holds the 5-versions quota under concurrent requests, with distinct version IDs', async () => {
    const raced = arnOf('Raced');
    await root.ok('iam', 'CreatePolicy', { PolicyName: 'Raced', PolicyDocument: doc() });
    const results = await Promise.all(Array.from({ length: 6 }, () => root.call('iam', 'CreatePolicyVersion', { PolicyArn: raced, PolicyDocument: doc('s3:PutObject') })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'LimitExceeded')).toHaveLength(2);
    const versions = await database.db.policyVersion.findMany({ where: { policy: { arn: raced } }, orderBy: { versionId: 'asc' } });
    expect(versions.map((v) => v.versionId)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    for (const v of ['v2', 'v3', 'v4', 'v5']) await root.ok('iam', 'DeletePolicyVersion', { PolicyArn: raced, VersionId: v });
    await root.ok('iam', 'DeletePolicy', { PolicyArn: raced });
  });

  it('lists versions newest first, with one default, paged', async () => {
    const { Versions, IsTruncated } = await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: arn });
    expect(Versions.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    expect(Versions[0]!.Document).toBeUndefined();
    expect(IsTruncated).toBe(false);
    const first = await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: arn, MaxItems: 2 });
    expect(first.Versions.map((v) => v.VersionId)).toEqual(['v5', 'v4']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: arn, MaxItems: 2, Marker: first.Marker });
    expect(second.Versions.map((v) => v.VersionId)).toEqual(['v3', 'v2']);
  });

  it('never deletes the default version, and deleted numbers are not reused', async () => {
    expectError(await root.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v3' }), 409, 'DeleteConflict', 'Cannot delete the default version of a policy.');
    await root.ok('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    await root.ok('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v5' });
    expectError(await root.call('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' }), 404, 'NoSuchEntity', `Policy ${arn} version v2 does not exist or is not attachable.`);
    const v6 = await root.ok<{ PolicyVersion: Version }>('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc() });
    expect(v6.PolicyVersion.VersionId).toBe('v6');
    const { Versions } = await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: arn });
    expect(Versions.map((v) => v.VersionId)).toEqual(['v6', 'v4', 'v3', 'v1']);
  });

  it('sets the default version (roll back)', async () => {
    await root.ok('iam', 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v1');
    const { Versions } = await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: arn });
    expect(Versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual(['v1']);
    await root.ok('iam', 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    expectError(await root.call('iam', 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v2' }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'two' }), 400, 'ValidationError');
    expectError(await root.call('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: 'v9' }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'GetPolicyVersion', { PolicyArn: arn }), 400, 'ValidationError');
  });

  it('validates new version documents and writes nothing on failure', async () => {
    await root.ok('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v6' });
    const before = await database.db.policyVersion.count({ where: { policy: { arn } } });
    expectError(await root.call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: '{"Statement":[]' }), 400, 'MalformedPolicyDocument');
    expectError(await root.call('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc(), SetAsDefault: 'maybe' }), 400, 'ValidationError');
    expectError(await root.call('iam', 'CreatePolicyVersion', { PolicyArn: arnOf('Nope'), PolicyDocument: doc() }), 404, 'NoSuchEntity');
    expect(await database.db.policyVersion.count({ where: { policy: { arn } } })).toBe(before);
  });

  it('treats AWS managed policies as read-only but readable', async () => {
    const { PolicyVersion } = await root.ok<{ PolicyVersion: Version }>('iam', 'GetPolicyVersion', { PolicyArn: AWS_ADMIN, VersionId: (await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_ADMIN })).Policy.DefaultVersionId });
    expect(JSON.parse(PolicyVersion.Document!)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect((await root.ok<Page<'Versions', Version>>('iam', 'ListPolicyVersions', { PolicyArn: AWS_ADMIN })).Versions.length).toBeGreaterThan(0);
    const message = `Policy ${AWS_ADMIN} is an AWS managed policy and cannot be modified.`;
    expectError(await root.call('iam', 'CreatePolicyVersion', { PolicyArn: AWS_ADMIN, PolicyDocument: doc() }), 400, 'UnmodifiableEntity', message);
    expectError(await root.call('iam', 'SetDefaultPolicyVersion', { PolicyArn: AWS_ADMIN, VersionId: 'v1' }), 400, 'UnmodifiableEntity');
    expectError(await root.call('iam', 'DeletePolicyVersion', { PolicyArn: AWS_ADMIN, VersionId: 'v1' }), 400, 'UnmodifiableEntity');
    expectError(await root.call('iam', 'DeletePolicy', { PolicyArn: AWS_ADMIN }), 400, 'UnmodifiableEntity');
    expectError(await root.call('iam', 'TagPolicy', { PolicyArn: AWS_ADMIN, Tags: [{ Key: 'a', Value: 'b' }] }), 400, 'UnmodifiableEntity');
    expectError(await root.call('iam', 'UntagPolicy', { PolicyArn: AWS_ADMIN, TagKeys: ['a'] }), 400, 'UnmodifiableEntity');
  });
});

describe('attaching policies', () => {
  const readBuckets = arnOf('ReadBuckets', '/storage/');

  it('attaches to users, groups and roles, idempotently, and counts attachments', async () => {
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'ALICE', PolicyArn: readBuckets });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'alice', PolicyArn: readBuckets });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: readBuckets });
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'builder', PolicyArn: readBuckets });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'alice', PolicyArn: AWS_READONLY });
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: readBuckets })).Policy.AttachmentCount).toBe(3);
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_READONLY })).Policy.AttachmentCount).toBe(1);
  });

  it('lists attached policies by name, with PathPrefix and paging', async () => {
    type Attached = { PolicyName: string; PolicyArn: string };
    const { AttachedPolicies, IsTruncated } = await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedUserPolicies', { UserName: 'alice' });
    expect(AttachedPolicies).toEqual([
      { PolicyName: 'ReadBuckets', PolicyArn: readBuckets },
      { PolicyName: 'ReadOnlyAccess', PolicyArn: AWS_READONLY },
    ]);
    expect(IsTruncated).toBe(false);
    const first = await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedUserPolicies', { UserName: 'alice', MaxItems: 1 });
    expect(first.AttachedPolicies.map((p) => p.PolicyName)).toEqual(['ReadBuckets']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedUserPolicies', { UserName: 'alice', Marker: first.Marker });
    expect(second.AttachedPolicies.map((p) => p.PolicyName)).toEqual(['ReadOnlyAccess']);
    const storage = await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedUserPolicies', { UserName: 'alice', PathPrefix: '/storage/' });
    expect(storage.AttachedPolicies.map((p) => p.PolicyName)).toEqual(['ReadBuckets']);
    expect((await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedGroupPolicies', { GroupName: 'DEVS' })).AttachedPolicies).toEqual([{ PolicyName: 'ReadBuckets', PolicyArn: readBuckets }]);
    expect((await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedRolePolicies', { RoleName: 'builder' })).AttachedPolicies).toEqual([{ PolicyName: 'ReadBuckets', PolicyArn: readBuckets }]);
    expect((await root.ok<Page<'AttachedPolicies', Attached>>('iam', 'ListAttachedUserPolicies', { UserName: 'bob' })).AttachedPolicies).toEqual([]);
    expectError(await root.call('iam', 'ListAttachedUserPolicies', { UserName: 'nobody' }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'ListAttachedRolePolicies', { RoleName: 'norole' }), 404, 'NoSuchEntity', 'The role with name norole cannot be found.');
    expectError(await root.call('iam', 'ListAttachedGroupPolicies', {}), 400, 'ValidationError');
  });

  it('refuses unknown entities and policies, malformed ARNs and bad input, writing nothing', async () => {
    const before = await database.db.policyAttachment.count();
    expectError(await root.call('iam', 'AttachUserPolicy', { UserName: 'nobody', PolicyArn: readBuckets }), 404, 'NoSuchEntity', 'The user with name nobody cannot be found.');
    expectError(await root.call('iam', 'AttachGroupPolicy', { GroupName: 'nogroup', PolicyArn: readBuckets }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'AttachRolePolicy', { RoleName: 'norole', PolicyArn: readBuckets }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: arnOf('Nope') }), 404, 'NoSuchEntity', `Policy ${arnOf('Nope')} does not exist or is not attachable.`);
    expectError(await root.call('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: `arn:aws:iam::${ACCOUNT}:group/devs` }), 400, 'InvalidInput');
    expectError(await root.call('iam', 'AttachUserPolicy', { UserName: 'bob' }), 400, 'ValidationError');
    expectError(await root.call('iam', 'AttachRolePolicy', { RoleName: 'r'.repeat(65), PolicyArn: readBuckets }), 400, 'ValidationError');
    expect(await database.db.policyAttachment.count()).toBe(before);
  });

  it('allows at most 10 managed policies per user, group and role', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push((await root.ok<{ Policy: Policy }>('iam', 'CreatePolicy', { PolicyName: `quota-${i}`, Path: '/quota/', PolicyDocument: doc() })).Policy.Arn);
    for (const [action, nameField, name, quota] of [
      ['AttachUserPolicy', 'UserName', 'bob', 'PoliciesPerUser'],
      ['AttachGroupPolicy', 'GroupName', 'devs', 'PoliciesPerGroup'],
      ['AttachRolePolicy', 'RoleName', 'builder', 'PoliciesPerRole'],
    ] as const) {
      const already = name === 'bob' ? 0 : 1;
      for (let i = 0; i < 10 - already; i++) await root.ok('iam', action, { [nameField]: name, PolicyArn: arns[i] });
      expectError(await root.call('iam', action, { [nameField]: name, PolicyArn: arns[10] }), 409, 'LimitExceeded', `Cannot exceed quota for ${quota}: 10`);
      // Re-attaching at the quota is still a no-op success.
      await root.ok('iam', action, { [nameField]: name, PolicyArn: arns[0] });
      const detach = action.replace('Attach', 'Detach');
      for (let i = 0; i < 10 - already; i++) await root.ok('iam', detach, { [nameField]: name, PolicyArn: arns[i] });
    }
    for (const arn of arns) await root.ok('iam', 'DeletePolicy', { PolicyArn: arn });
  });

  it('detaches, and NoSuchEntity when the policy is not attached', async () => {
    await root.ok('iam', 'DetachUserPolicy', { UserName: 'alice', PolicyArn: AWS_READONLY });
    expectError(await root.call('iam', 'DetachUserPolicy', { UserName: 'alice', PolicyArn: AWS_READONLY }), 404, 'NoSuchEntity', `Policy ${AWS_READONLY} was not found.`);
    expectError(await root.call('iam', 'DetachGroupPolicy', { GroupName: 'devs', PolicyArn: AWS_READONLY }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'DetachRolePolicy', { RoleName: 'builder', PolicyArn: AWS_READONLY }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'DetachUserPolicy', { UserName: 'nobody', PolicyArn: AWS_READONLY }), 404, 'NoSuchEntity');
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_READONLY })).Policy.AttachmentCount).toBe(0);
  });
});

describe('ListEntitiesForPolicy', () => {
  const readBuckets = arnOf('ReadBuckets', '/storage/');
  type Entities = { PolicyGroups: { GroupName: string; GroupId: string }[]; PolicyUsers: { UserName: string; UserId: string }[]; PolicyRoles: { RoleName: string; RoleId: string }[]; IsTruncated: boolean; Marker?: string };

  it('lists the users, groups and roles a policy is attached to or bounds, with filters and paging', async () => {
    await root.ok('iam', 'PutUserPermissionsBoundary', { UserName: 'bob', PermissionsBoundary: readBuckets });
    const all = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets });
    expect(all.PolicyGroups).toEqual([{ GroupName: 'devs', GroupId: expect.stringMatching(/^AGPA/) }]);
    expect(all.PolicyUsers.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(all.PolicyUsers[0]!.UserId).toMatch(/^AIDA/);
    expect(all.PolicyRoles).toEqual([{ RoleName: 'builder', RoleId: expect.stringMatching(/^AROA/) }]);
    expect(all.IsTruncated).toBe(false);

    const users = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, EntityFilter: 'User' });
    expect([users.PolicyGroups.length, users.PolicyUsers.length, users.PolicyRoles.length]).toEqual([0, 2, 0]);
    const attachedOnly = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, PolicyUsageFilter: 'PermissionsPolicy' });
    expect(attachedOnly.PolicyUsers.map((u) => u.UserName)).toEqual(['alice']);
    const boundaryOnly = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, PolicyUsageFilter: 'PermissionsBoundary' });
    expect([boundaryOnly.PolicyGroups.length, boundaryOnly.PolicyUsers.map((u) => u.UserName), boundaryOnly.PolicyRoles.length]).toEqual([0, ['bob'], 0]);
    const aws = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, EntityFilter: 'AWSManagedPolicy' });
    expect([aws.PolicyGroups.length, aws.PolicyUsers.length, aws.PolicyRoles.length]).toEqual([0, 0, 0]);
    const underPath = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, PathPrefix: '/nowhere/' });
    expect([underPath.PolicyGroups.length, underPath.PolicyUsers.length, underPath.PolicyRoles.length]).toEqual([0, 0, 0]);

    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const pageOf = await root.ok<Entities>('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, MaxItems: 1, ...(marker ? { Marker: marker } : {}) });
      seen.push(...pageOf.PolicyGroups.map((g) => g.GroupName), ...pageOf.PolicyUsers.map((u) => u.UserName), ...pageOf.PolicyRoles.map((r) => r.RoleName));
      marker = pageOf.IsTruncated ? pageOf.Marker : undefined;
    } while (marker);
    expect(seen).toEqual(['devs', 'alice', 'bob', 'builder']);

    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: readBuckets })).Policy.PermissionsBoundaryUsageCount).toBe(1);
    expectError(await root.call('iam', 'ListEntitiesForPolicy', { PolicyArn: readBuckets, EntityFilter: 'Bucket' }), 400, 'ValidationError');
    expectError(await root.call('iam', 'ListEntitiesForPolicy', { PolicyArn: arnOf('Nope') }), 404, 'NoSuchEntity');
  });
});

describe('ListPolicies', () => {
  it('lists local, AWS or all policies by name, with usage counts and paging', async () => {
    const local = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'Local' });
    expect(local.Policies.map((p) => p.PolicyName)).toEqual(['PaddedButSmall', 'ReadBuckets', 'ReadOnlyAccess', 'Versioned']);
    const readBuckets = local.Policies.find((p) => p.PolicyName === 'ReadBuckets')!;
    expect(readBuckets).toMatchObject({ AttachmentCount: 3, PermissionsBoundaryUsageCount: 1, DefaultVersionId: 'v1', IsAttachable: true });
    // ListPolicies leaves out Description and Tags, as AWS does.
    expect(readBuckets.Description).toBeUndefined();
    expect(readBuckets.Tags).toBeUndefined();

    const aws = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'AWS', MaxItems: 1000 });
    expect(aws.Policies).toHaveLength(1000);
    expect(aws.IsTruncated).toBe(true);
    expect(aws.Policies.every((p) => p.Arn.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);
    const awsRest = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'AWS', MaxItems: 1000, Marker: aws.Marker });
    expect(awsRest.IsTruncated).toBe(false);
    expect(aws.Policies.length + awsRest.Policies.length).toBe(1523);
    const names = [...aws.Policies, ...awsRest.Policies].map((p) => p.PolicyName.toLowerCase());
    expect([...names].sort()).toEqual(names);

    const everything = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', {});
    expect(everything.Policies).toHaveLength(100);
    expect(everything.IsTruncated).toBe(true);
  });

  it('filters by OnlyAttached, PolicyUsageFilter and PathPrefix', async () => {
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'builder', PolicyArn: AWS_READONLY });
    // Another account's attachments of the same AWS policy do not count here.
    await other.ok('iam', 'CreateUser', { UserName: 'elsewhere' });
    await other.ok('iam', 'AttachUserPolicy', { UserName: 'elsewhere', PolicyArn: AWS_READONLY });
    await other.ok('iam', 'AttachUserPolicy', { UserName: 'elsewhere', PolicyArn: AWS_ADMIN });
    expect((await other.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_READONLY })).Policy.AttachmentCount).toBe(1);
    const attached = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { OnlyAttached: true });
    expect(attached.Policies.map((p) => p.PolicyName)).toEqual(['ReadBuckets', 'ReadOnlyAccess']);
    expect(attached.Policies.map((p) => p.Arn)).toEqual([arnOf('ReadBuckets', '/storage/'), AWS_READONLY]);
    const boundaries = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' });
    expect(boundaries.Policies.map((p) => p.PolicyName)).toEqual(['ReadBuckets']);
    const awsAttached = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' });
    expect(awsAttached.Policies.map((p) => [p.Arn, p.AttachmentCount])).toEqual([[AWS_READONLY, 1]]);
    const storage = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { PathPrefix: '/storage/' });
    expect(storage.Policies.map((p) => p.PolicyName)).toEqual(['ReadBuckets']);
    const paged = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'Local', MaxItems: 3 });
    expect(paged.IsTruncated).toBe(true);
    const rest = await root.ok<Page<'Policies', Policy>>('iam', 'ListPolicies', { Scope: 'Local', MaxItems: 3, Marker: paged.Marker });
    expect(rest.Policies.map((p) => p.PolicyName)).toEqual(['Versioned']);
    await root.ok('iam', 'DetachRolePolicy', { RoleName: 'builder', PolicyArn: AWS_READONLY });
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_READONLY })).Policy.AttachmentCount).toBe(0);
    expect((await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: AWS_ADMIN })).Policy.AttachmentCount).toBe(0);
    const entities = await root.ok<{ PolicyUsers: unknown[] }>('iam', 'ListEntitiesForPolicy', { PolicyArn: AWS_READONLY });
    expect(entities.PolicyUsers).toEqual([]);
    expect((await other.ok<{ PolicyUsers: { UserName: string }[] }>('iam', 'ListEntitiesForPolicy', { PolicyArn: AWS_READONLY })).PolicyUsers.map((u) => u.UserName)).toEqual(['elsewhere']);
  });

  it.each([
    [{ Scope: 'Mine' }, 'bad scope'],
    [{ PolicyUsageFilter: 'Both' }, 'bad usage filter'],
    [{ OnlyAttached: 'yes' }, 'bad boolean'],
    [{ OnlyAttached: 'true' }, 'boolean as a string'],
    [{ MaxItems: 0 }, 'MaxItems 0'],
    [{ MaxItems: 1001 }, 'MaxItems over 1000'],
    [{ PathPrefix: 'x' }, 'bad path prefix'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400', async (body) => {
    expectError(await root.call('iam', 'ListPolicies', body), 400, 'ValidationError');
  });
});

describe('policy tags', () => {
  const arn = arnOf('ReadBuckets', '/storage/');

  it('tags, lists and untags a policy, up to 50 tags', async () => {
    await root.ok('iam', 'TagPolicy', { PolicyArn: arn, Tags: [{ Key: 'TEAM', Value: 'analytics' }, { Key: 'cost', Value: '7' }] });
    const { Tags } = await root.ok<{ Tags: { Key: string; Value: string }[] }>('iam', 'ListPolicyTags', { PolicyArn: arn });
    expect(Tags).toEqual([{ Key: 'TEAM', Value: 'analytics' }, { Key: 'cost', Value: '7' }]);
    const first = await root.ok<Page<'Tags', { Key: string }>>('iam', 'ListPolicyTags', { PolicyArn: arn, MaxItems: 1 });
    expect(first.Tags.map((t) => t.Key)).toEqual(['TEAM']);
    expect((await root.ok<Page<'Tags', { Key: string }>>('iam', 'ListPolicyTags', { PolicyArn: arn, Marker: first.Marker })).Tags.map((t) => t.Key)).toEqual(['cost']);
    await root.ok('iam', 'UntagPolicy', { PolicyArn: arn, TagKeys: ['COST'] });
    expect((await root.ok<{ Tags: { Key: string }[] }>('iam', 'ListPolicyTags', { PolicyArn: arn })).Tags.map((t) => t.Key)).toEqual(['TEAM']);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expectError(await root.call('iam', 'TagPolicy', { PolicyArn: arn, Tags: many }), 409, 'LimitExceeded');
    expectError(await root.call('iam', 'TagPolicy', { PolicyArn: arn, Tags: [] }), 400, 'ValidationError');
    expectError(await root.call('iam', 'TagPolicy', { PolicyArn: arnOf('Nope'), Tags: [{ Key: 'a', Value: 'b' }] }), 404, 'NoSuchEntity');
    expect((await root.ok<{ Tags: unknown[] }>('iam', 'ListPolicyTags', { PolicyArn: AWS_ADMIN })).Tags).toEqual([]);
  });
});

describe('DeletePolicy', () => {
  it('refuses while attached, used as a boundary, or with other versions; then deletes', async () => {
    const arn = arnOf('Doomed');
    await root.ok('iam', 'CreatePolicy', { PolicyName: 'Doomed', PolicyDocument: doc() });
    await root.ok('iam', 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:PutObject') });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: arn });
    await root.ok('iam', 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: arn });
    expectError(await root.call('iam', 'DeletePolicy', { PolicyArn: arn }), 409, 'DeleteConflict', 'Cannot delete a policy attached to entities.');
    await root.ok('iam', 'DetachGroupPolicy', { GroupName: 'devs', PolicyArn: arn });
    expectError(await root.call('iam', 'DeletePolicy', { PolicyArn: arn }), 409, 'DeleteConflict', 'Cannot delete a policy used as a permissions boundary.');
    await root.ok('iam', 'DeleteUserPermissionsBoundary', { UserName: 'alice' });
    expectError(
      await root.call('iam', 'DeletePolicy', { PolicyArn: arn }),
      409,
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    await root.ok('iam', 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    const { Policy } = await root.ok<{ Policy: Policy }>('iam', 'GetPolicy', { PolicyArn: arn });
    await root.ok('iam', 'DeletePolicy', { PolicyArn: arn });
    expectError(await root.call('iam', 'GetPolicy', { PolicyArn: arn }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', 'DeletePolicy', { PolicyArn: arn }), 404, 'NoSuchEntity');
    expect(await database.db.policyVersion.count({ where: { policyId: Policy.PolicyId } })).toBe(0);
    expect(await database.db.issuedId.count({ where: { id: Policy.PolicyId } })).toBe(1);
  });
});

describe('authorization through the dispatcher', () => {
  async function iamUserClient(userName: string, password: string): Promise<ConsoleClient> {
    await root.ok('iam', 'CreateUser', { UserName: userName });
    const user = await database.db.user.findFirstOrThrow({ where: { accountId: ACCOUNT, name: userName } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword(password) } });
    return signIn(app, { kind: 'iam', account: ACCOUNT, userName, password });
  }

  it('authorizes attach on the user ARN with iam:PolicyARN, and sees changes at once', async () => {
    const delegate = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:ListPolicies', 'iam:GetPolicy'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:AttachUserPolicy', 'iam:DetachUserPolicy'], Resource: `arn:aws:iam::${ACCOUNT}:user/*`, Condition: { ArnEquals: { 'iam:PolicyARN': AWS_READONLY } } },
      ],
    });
    const { Policy } = await root.ok<{ Policy: { Arn: string } }>('iam', 'CreatePolicy', { PolicyName: 'Delegate', PolicyDocument: delegate });
    const frank = await iamUserClient('frank', 'Frank-Password-1');
    expectError(await frank.call('iam', 'ListPolicies', { Scope: 'Local' }), 403, 'AccessDenied');
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'frank', PolicyArn: Policy.Arn });
    await frank.ok('iam', 'ListPolicies', { Scope: 'Local' });
    await frank.ok('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: AWS_READONLY });
    const denied = await frank.call('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: AWS_ADMIN });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
    expect(denied.body.error.message).toContain(`User: arn:aws:iam::${ACCOUNT}:user/frank is not authorized to perform: iam:AttachUserPolicy on resource: arn:aws:iam::${ACCOUNT}:user/bob`);
    expect(await database.db.policyAttachment.count({ where: { user: { name: 'bob' }, policy: { arn: AWS_ADMIN } } })).toBe(0);
    await frank.ok('iam', 'DetachUserPolicy', { UserName: 'bob', PolicyArn: AWS_READONLY });

    // A new default version that drops the list permission is seen by the very next request.
    const narrower = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetPolicy', Resource: '*' }] });
    await root.ok('iam', 'CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: narrower, SetAsDefault: true });
    expectError(await frank.call('iam', 'ListPolicies', { Scope: 'Local' }), 403, 'AccessDenied');
    await root.ok('iam', 'SetDefaultPolicyVersion', { PolicyArn: Policy.Arn, VersionId: 'v1' });
    await frank.ok('iam', 'ListPolicies', { Scope: 'Local' });
    await root.ok('iam', 'DetachUserPolicy', { UserName: 'frank', PolicyArn: Policy.Arn });
    expectError(await frank.call('iam', 'ListPolicies', { Scope: 'Local' }), 403, 'AccessDenied');
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

  it('creates, versions, attaches and lists policies with AWS shapes and exceptions', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'SdkPolicy', Path: '/sdk/', PolicyDocument: doc(), Description: 'from the SDK', Tags: [{ Key: 'k', Value: 'true' }] }));
    expect(Policy).toMatchObject({ PolicyName: 'SdkPolicy', Path: '/sdk/', DefaultVersionId: 'v1', AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true, Tags: [{ Key: 'k', Value: 'true' }] });
    expect(Policy?.PolicyId).toMatch(/^ANPA/);
    expect(Policy?.CreateDate).toBeInstanceOf(Date);
    const arn = Policy!.Arn!;
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true });
    // The Query API URL-encodes documents, as AWS does.
    const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(decodeURIComponent(got.PolicyVersion!.Document!)).toBe(doc('s3:PutObject'));
    expect((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v2', true], ['v1', false]]);
    await expect(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).rejects.toBeInstanceOf(DeleteConflictException);
    for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() }));
    await expect(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() }))).rejects.toBeInstanceOf(LimitExceededException);
    await expect(iam.send(new CreatePolicyVersionCommand({ PolicyArn: AWS_ADMIN, PolicyDocument: doc() }))).rejects.toBeInstanceOf(UnmodifiableEntityException);

    await server.fixtures.user(server.accountId, 'sdk-user');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'sdk-user', PolicyArn: arn }));
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(entities.PolicyUsers?.map((u) => u.UserName)).toEqual(['sdk-user']);
    expect(entities.PolicyGroups).toEqual([]);
    const attached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
    expect(attached.Policies?.map((p) => [p.PolicyName, p.AttachmentCount])).toEqual([['SdkPolicy', 1]]);
    expect(attached.IsTruncated).toBe(false);
  });

  it('pages through the 1,523 AWS managed policies with the SDK paginator', async () => {
    let count = 0;
    let pages = 0;
    for await (const page of paginateListPolicies({ client: iam, pageSize: 500 }, { Scope: 'AWS' })) {
      pages++;
      count += page.Policies?.length ?? 0;
    }
    expect([pages, count]).toEqual([4, 1523]);
  });
});
