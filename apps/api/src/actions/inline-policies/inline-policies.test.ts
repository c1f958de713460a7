/** Inline policies of users, groups and roles through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import { GetRolePolicyCommand, GetUserPolicyCommand, LimitExceededException, ListUserPoliciesCommand, NoSuchEntityException, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';

const ACCOUNT = '123456789012';
const doc = (action = 's3:GetObject') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
/** A valid document of exactly `size` characters (it has no whitespace). */
function sizedDoc(size: number): string {
  const make = (pad: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(pad)}/*` }] });
  const text = make(size - make(0).length);
  expect(text.length).toBe(size);
  return text;
}

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  for (const name of ['alice', 'bob']) await root.ok('iam', 'CreateUser', { UserName: name });
  await root.ok('iam', 'CreateGroup', { GroupName: 'devs' });
  // A role, created directly: the roles area is another engineer's.
  await database.db.role.create({
    data: {
      id: 'AROAINLINETESTROLE001',
      accountId: ACCOUNT,
      name: 'builder',
      arn: `arn:aws:iam::${ACCOUNT}:role/builder`,
      assumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    },
  });
});
afterAll(async () => database?.drop());

function expectError(res: { status: number; body: { error: { code: string; message: string } } }, status: number, code: string, message?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (message !== undefined) expect(res.body.error.message).toBe(message);
}

const KINDS = [
  { kind: 'User', field: 'UserName', name: 'alice', limit: 2048 },
  { kind: 'Group', field: 'GroupName', name: 'devs', limit: 5120 },
  { kind: 'Role', field: 'RoleName', name: 'builder', limit: 10240 },
] as const;

describe.each(KINDS)('$kind inline policies', ({ kind, field, name, limit }) => {
  const lower = kind.toLowerCase();
  const owner = { [field]: name };

  it(`puts, gets (as stored text), replaces and lists ${lower} policies`, async () => {
    const pretty = JSON.stringify(JSON.parse(doc('s3:GetObject')), null, 2);
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'read', PolicyDocument: pretty });
    const got = await root.ok('iam', `Get${kind}Policy`, { [field]: name.toUpperCase(), PolicyName: 'read' });
    expect(got).toEqual({ [field]: name, PolicyName: 'read', PolicyDocument: pretty });
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'read', PolicyDocument: doc('s3:ListBucket') });
    expect((await root.ok<{ PolicyDocument: string }>('iam', `Get${kind}Policy`, { ...owner, PolicyName: 'read' })).PolicyDocument).toBe(doc('s3:ListBucket'));
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'Write', PolicyDocument: doc('s3:PutObject') });
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'admin', PolicyDocument: doc('s3:*') });
    expect(await database.db.inlinePolicy.count({ where: { [`${lower}`]: { name } } })).toBe(3);
    const all = await root.ok<{ PolicyNames: string[]; IsTruncated: boolean }>('iam', `List${kind}Policies`, owner);
    expect(all).toEqual({ PolicyNames: ['Write', 'admin', 'read'], IsTruncated: false });
    const first = await root.ok<{ PolicyNames: string[]; IsTruncated: boolean; Marker: string }>('iam', `List${kind}Policies`, { ...owner, MaxItems: 2 });
    expect(first.PolicyNames).toEqual(['Write', 'admin']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ PolicyNames: string[]; IsTruncated: boolean }>('iam', `List${kind}Policies`, { ...owner, MaxItems: 2, Marker: first.Marker });
    expect(second).toEqual({ PolicyNames: ['read'], IsTruncated: false });
  });

  it('deletes, and NoSuchEntity for unknown policies and owners', async () => {
    await root.ok('iam', `Delete${kind}Policy`, { ...owner, PolicyName: 'admin' });
    expectError(await root.call('iam', `Get${kind}Policy`, { ...owner, PolicyName: 'admin' }), 404, 'NoSuchEntity', `The ${lower} policy with name admin cannot be found.`);
    expectError(await root.call('iam', `Delete${kind}Policy`, { ...owner, PolicyName: 'admin' }), 404, 'NoSuchEntity', `The ${lower} policy with name admin cannot be found.`);
    expectError(await root.call('iam', `Put${kind}Policy`, { [field]: 'nobody', PolicyName: 'p', PolicyDocument: doc() }), 404, 'NoSuchEntity', `The ${lower} with name nobody cannot be found.`);
    expectError(await root.call('iam', `Get${kind}Policy`, { [field]: 'nobody', PolicyName: 'read' }), 404, 'NoSuchEntity');
    expectError(await root.call('iam', `List${kind}Policies`, { [field]: 'nobody' }), 404, 'NoSuchEntity');
    expect((await root.ok<{ PolicyNames: string[] }>('iam', `List${kind}Policies`, owner)).PolicyNames).toEqual(['Write', 'read']);
  });

  it(`enforces the aggregate size of ${limit} characters over all of the ${lower}'s inline policies, whitespace excluded`, async () => {
    for (const p of ['Write', 'read']) await root.ok('iam', `Delete${kind}Policy`, { ...owner, PolicyName: p });
    const half = Math.floor(limit / 2);
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'one', PolicyDocument: sizedDoc(half) });
    // Whitespace does not count: a pretty-printed document of the remaining size fits exactly.
    const rest = JSON.stringify(JSON.parse(sizedDoc(limit - half)), null, 4);
    expect(rest.length).toBeGreaterThan(limit - half);
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'two', PolicyDocument: rest });
    const message = `Maximum policy size of ${limit} bytes exceeded for ${lower} ${name}`;
    expectError(await root.call('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'three', PolicyDocument: doc() }), 409, 'LimitExceeded', message);
    // Replacing a policy counts its new size instead of its old one.
    expectError(await root.call('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'two', PolicyDocument: sizedDoc(limit - half + 1) }), 409, 'LimitExceeded', message);
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'two', PolicyDocument: sizedDoc(limit - half - 10) });
    await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'one', PolicyDocument: sizedDoc(half + 10) });
    expect((await root.ok<{ PolicyNames: string[] }>('iam', `List${kind}Policies`, owner)).PolicyNames).toEqual(['one', 'two']);
    expect((await root.ok<{ PolicyDocument: string }>('iam', `Get${kind}Policy`, { ...owner, PolicyName: 'two' })).PolicyDocument).toBe(sizedDoc(limit - half - 10));
    // One document alone over the limit.
    expectError(await root.call('iam', `Put${kind}Policy`, { [field]: name, PolicyName: 'huge', PolicyDocument: sizedDoc(limit + 1) }), 409, 'LimitExceeded', message);
    for (const p of ['one', 'two']) await root.ok('iam', `Delete${kind}Policy`, { ...owner, PolicyName: p });
  });

  it('holds the aggregate size quota under concurrent requests', async () => {
    const third = Math.floor(limit / 3) + 1;
    const results = await Promise.all(['r1', 'r2', 'r3'].map((p) => root.call('iam', `Put${kind}Policy`, { ...owner, PolicyName: p, PolicyDocument: sizedDoc(third) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    const names = (await root.ok<{ PolicyNames: string[] }>('iam', `List${kind}Policies`, owner)).PolicyNames;
    expect(names).toHaveLength(2);
    for (const p of names) await root.ok('iam', `Delete${kind}Policy`, { ...owner, PolicyName: p });
  });

  it('refuses malformed documents with MalformedPolicyDocument and writes nothing', async () => {
    const before = await database.db.inlinePolicy.count();
    for (const bad of ['{', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] })]) {
      expectError(await root.call('iam', `Put${kind}Policy`, { ...owner, PolicyName: 'bad', PolicyDocument: bad }), 400, 'MalformedPolicyDocument');
    }
    expect(await database.db.inlinePolicy.count()).toBe(before);
  });

  it.each([
    [{ PolicyName: '', PolicyDocument: doc() }, 'empty policy name'],
    [{ PolicyName: 'p'.repeat(129), PolicyDocument: doc() }, 'policy name over 128'],
    [{ PolicyName: 'bad name', PolicyDocument: doc() }, 'space in policy name'],
    [{ PolicyName: 'bad*name', PolicyDocument: doc() }, 'star in policy name'],
    [{ PolicyName: 'ok' }, 'missing document'],
    [{ PolicyName: 'ok', PolicyDocument: '' }, 'empty document'],
    [{ PolicyName: 'ok', PolicyDocument: 42 }, 'document not a string'],
    [{ PolicyName: 'ok', PolicyDocument: doc('s3:Get\u2603') }, 'character out of range'],
    [{ PolicyDocument: doc() }, 'missing policy name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 ValidationError and writes nothing', async (body) => {
    const before = await database.db.inlinePolicy.count();
    expectError(await root.call('iam', `Put${kind}Policy`, { ...owner, ...body }), 400, 'ValidationError');
    expectError(await root.call('iam', `Put${kind}Policy`, { PolicyName: 'ok', PolicyDocument: doc() }), 400, 'ValidationError');
    expect(await database.db.inlinePolicy.count()).toBe(before);
  });

  it('accepts a 128-character policy name and AWS name characters', async () => {
    for (const policyName of ['p'.repeat(128), 'a+b=c,d.e@f_g-h']) {
      await root.ok('iam', `Put${kind}Policy`, { ...owner, PolicyName: policyName, PolicyDocument: doc() });
      await root.ok('iam', `Delete${kind}Policy`, { ...owner, PolicyName: policyName });
    }
    expectError(await root.call('iam', `Get${kind}Policy`, { ...owner }), 400, 'ValidationError');
    expectError(await root.call('iam', `List${kind}Policies`, { ...owner, MaxItems: 0 }), 400, 'ValidationError');
    expectError(await root.call('iam', `List${kind}Policies`, { ...owner, Marker: 'garbage' }), 400, 'InvalidInput');
  });
});

describe('inline policies and deleting their owners', () => {
  it('blocks DeleteUser while the user has inline policies', async () => {
    await root.ok('iam', 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: doc() });
    expectError(await root.call('iam', 'DeleteUser', { UserName: 'bob' }), 409, 'DeleteConflict');
    await root.ok('iam', 'DeleteUserPolicy', { UserName: 'bob', PolicyName: 'p' });
    await root.ok('iam', 'DeleteUser', { UserName: 'bob' });
  });
});

describe('authorization through the dispatcher', () => {
  async function iamUserClient(userName: string, password: string): Promise<ConsoleClient> {
    await root.ok('iam', 'CreateUser', { UserName: userName });
    const user = await database.db.user.findFirstOrThrow({ where: { accountId: ACCOUNT, name: userName } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword(password) } });
    return signIn(app, { kind: 'iam', account: ACCOUNT, userName, password });
  }

  it('applies user and group inline policies, and a change is visible to the very next request', async () => {
    const grace = await iamUserClient('grace', 'Grace-Password-1');
    expectError(await grace.call('iam', 'ListGroups'), 403, 'AccessDenied');
    await root.ok('iam', 'PutUserPolicy', { UserName: 'grace', PolicyName: 'list', PolicyDocument: doc('iam:ListGroups') });
    await grace.ok('iam', 'ListGroups');
    const denied = await grace.call('iam', 'CreateGroup', { GroupName: 'nope' });
    expectError(denied, 403, 'AccessDenied');
    expect(denied.body.error.message).toContain(`User: arn:aws:iam::${ACCOUNT}:user/grace is not authorized to perform: iam:CreateGroup on resource: arn:aws:iam::${ACCOUNT}:group/nope`);
    await root.ok('iam', 'DeleteUserPolicy', { UserName: 'grace', PolicyName: 'list' });
    expectError(await grace.call('iam', 'ListGroups'), 403, 'AccessDenied');

    // Through a group's inline policy; an explicit deny in the user's own inline policy wins.
    await root.ok('iam', 'CreateGroup', { GroupName: 'readers' });
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'readers', UserName: 'grace' });
    await root.ok('iam', 'PutGroupPolicy', { GroupName: 'readers', PolicyName: 'list', PolicyDocument: doc('iam:List*') });
    await grace.ok('iam', 'ListGroups');
    await grace.ok('iam', 'ListGroupPolicies', { GroupName: 'readers' });
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListGroups', Resource: '*' }] });
    await root.ok('iam', 'PutUserPolicy', { UserName: 'grace', PolicyName: 'deny', PolicyDocument: deny });
    const explicit = await grace.call('iam', 'ListGroups');
    expectError(explicit, 403, 'AccessDenied');
    expect(explicit.body.error.message).toContain('with an explicit deny');
    // Reading one's own inline policy is an action like any other.
    expectError(await grace.call('iam', 'PutUserPolicy', { UserName: 'grace', PolicyName: 'escalate', PolicyDocument: doc('*') }), 403, 'AccessDenied');
    expect(await database.db.inlinePolicy.count({ where: { name: 'escalate' } })).toBe(0);
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

  it('puts, gets (URL-encoded, as AWS) and lists inline policies, with AWS exceptions', async () => {
    await server.fixtures.user(server.accountId, 'sdk-user');
    await iam.send(new PutUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'sdk-inline', PolicyDocument: doc('s3:ListBucket') }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'sdk-inline' }));
    expect(got).toMatchObject({ UserName: 'sdk-user', PolicyName: 'sdk-inline' });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc('s3:ListBucket'));
    expect(await iam.send(new ListUserPoliciesCommand({ UserName: 'sdk-user' }))).toMatchObject({ PolicyNames: ['sdk-inline'], IsTruncated: false });
    await expect(iam.send(new GetUserPolicyCommand({ UserName: 'sdk-user', PolicyName: 'none' }))).rejects.toBeInstanceOf(NoSuchEntityException);

    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    await server.fixtures.role(server.accountId, 'sdk-role', trust);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'big', PolicyDocument: sizedDoc(10240) }));
    expect(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'big' }))).PolicyDocument!)).toBe(sizedDoc(10240));
    const error = await iam.send(new PutRolePolicyCommand({ RoleName: 'sdk-role', PolicyName: 'more', PolicyDocument: doc() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededException);
    expect((error as Error).message).toBe('Maximum policy size of 10240 bytes exceeded for role sdk-role');
  });
});
