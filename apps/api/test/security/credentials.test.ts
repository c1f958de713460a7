/**
 * The credential resolver fails closed, and each kind of credential carries the request-context
 * keys AWS gives it (issue #12, findings 1, 7, 9, 11, 12, 16). Real SDK clients against a real
 * listening server, and the console's REST routes through supertest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../sdk-server';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { createTestApp } from '../test-app';
import { rootClient, signIn } from '../console-client';

const A = '111122223333';
const B = '444455556666';
let server: SdkServer;

const allow = (action: string | string[], resource = '*', condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});
const trust = (principal: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const asCredentials = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken,
});
const invalidToken = { name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } };

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
});
afterAll(async () => server?.close());

/** Deletes a fixture user (its key and inline policy first, as DeleteUser requires). */
async function deleteUser(name: string, key: Credentials) {
  const iam = server.iam(server.root);
  await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.accessKeyId }));
  await iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'p0' }));
  await iam.send(new DeleteUserCommand({ UserName: name }));
}

describe('a credential resolves to its principal or is refused (finding 1)', () => {
  it("refuses a deleted user's GetSessionToken credentials instead of acting as root", async () => {
    const user = await server.fixtures.user(A, 'leaver', [allow('ec2:DescribeImages')]);
    const { Credentials } = await server.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const session = asCredentials(Credentials);
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.arn);
    await deleteUser('leaver', user);
    await expect(server.sts(session).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject(invalidToken);
    await expect(server.iam(session).send(new CreateUserCommand({ UserName: 'escalated' }))).rejects.toMatchObject(invalidToken);
    await expect(server.ec2(session).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject(invalidToken);
    // Deleting the user deleted its sessions.
    expect(await server.database.db.temporaryCredential.count({ where: { id: session.accessKeyId } })).toBe(0);
    const users = await server.iam(server.root).send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).not.toContain('escalated');
  });

  it("refuses a deleted user's GetFederationToken credentials", async () => {
    const user = await server.fixtures.user(A, 'broker-leaver', [allow(['sts:GetFederationToken', 'ec2:DescribeImages'])]);
    const { Credentials } = await server.sts(user).send(new GetFederationTokenCommand({ Name: 'fed', Policy: JSON.stringify(allow('ec2:DescribeImages')) }));
    const fed = asCredentials(Credentials);
    await server.ec2(fed).send(new DescribeImagesCommand({ Owners: ['self'] }));
    await deleteUser('broker-leaver', user);
    await expect(server.sts(fed).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject(invalidToken);
    await expect(server.ec2(fed).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject(invalidToken);
  });

  it("refuses a deleted role's sessions, chained ones included", async () => {
    const user = await server.fixtures.user(A, 'assumer', [allow('sts:AssumeRole')]);
    const first = await server.fixtures.role(A, 'First', trust({ AWS: user.arn }), [allow('sts:AssumeRole')]);
    const second = await server.fixtures.role(A, 'Second', trust({ AWS: first }), [allow('ec2:DescribeImages')]);
    const a = asCredentials((await server.sts(user).send(new AssumeRoleCommand({ RoleArn: first, RoleSessionName: 'one' }))).Credentials);
    const b = asCredentials((await server.sts(a).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'two' }))).Credentials);
    await server.ec2(b).send(new DescribeImagesCommand({ Owners: ['self'] }));
    const iam = server.iam(server.root);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Second', PolicyName: 'p0' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Second' }));
    await expect(server.sts(b).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject(invalidToken);
    // The first role's session is untouched.
    expect((await server.sts(a).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:assumed-role/First/one`);
  });

  it('resolves a root session to root, and a userless credential not issued to root to nothing', async () => {
    const { Credentials } = await server.sts(server.root).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const rootSession = asCredentials(Credentials);
    expect((await server.sts(rootSession).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:root`);
    // A row that lost its user some other way (e.g. restored from an old backup) is not root.
    await server.database.db.temporaryCredential.update({ where: { id: rootSession.accessKeyId }, data: { issuedToRoot: false } });
    await expect(server.sts(rootSession).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject(invalidToken);
  });
});

describe('what each kind of credential may call (finding 11)', () => {
  it('GetSessionToken credentials: IAM only with MFA, STS only AssumeRole and GetCallerIdentity', async () => {
    const user = await server.fixtures.user(A, 'plain-session', [allow(['iam:ListUsers', 'ec2:DescribeImages', 'sts:AssumeRole'])]);
    const session = asCredentials((await server.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    await server.iam(user).send(new ListUsersCommand({}));
    await expect(server.iam(session).send(new ListUsersCommand({}))).rejects.toMatchObject(invalidToken);
    await server.ec2(session).send(new DescribeImagesCommand({ Owners: ['self'] }));
    await expect(server.sts(session).send(new GetFederationTokenCommand({ Name: 'x1' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const role = await server.fixtures.role(A, 'FromSession', trust({ AWS: user.arn }));
    await server.sts(session).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'ok' }));
  });

  it('role sessions cannot call GetSessionToken or GetFederationToken', async () => {
    const user = await server.fixtures.user(A, 'roler', [allow('sts:AssumeRole')]);
    const role = await server.fixtures.role(A, 'Minter', trust({ AWS: user.arn }), [allow('*')]);
    const session = asCredentials((await server.sts(user).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'mint' }))).Credentials);
    await expect(server.sts(session).send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
    await expect(server.sts(session).send(new GetFederationTokenCommand({ Name: 'x2' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('aws:TokenIssueTime: "Revoke active sessions" (finding 7)', () => {
  it('denies role sessions issued before the revocation and allows later ones', async () => {
    const user = await server.fixtures.user(A, 'revokee', [allow('sts:AssumeRole')]);
    const role = await server.fixtures.role(A, 'Revocable', trust({ AWS: user.arn }), [allow('ec2:DescribeImages')]);
    const old = asCredentials((await server.sts(user).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'old' }))).Credentials);
    await server.ec2(old).send(new DescribeImagesCommand({ Owners: ['self'] }));
    await new Promise((r) => setTimeout(r, 20));
    const revokedAt = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // The policy AWS's console attaches (id_roles_use_revoke-sessions).
    const revoke = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': revokedAt } } }] };
    await server.iam(server.root).send(new PutRolePolicyCommand({ RoleName: 'Revocable', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify(revoke) }));
    await expect(server.ec2(old).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    const fresh = asCredentials((await server.sts(user).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'new' }))).Credentials);
    await server.ec2(fresh).send(new DescribeImagesCommand({ Owners: ['self'] }));
  });

  it('gives long-term keys no aws:TokenIssueTime', async () => {
    // A Deny on any issue time before the far future would catch every session; a key has none.
    const user = await server.fixtures.user(A, 'keyholder', [
      allow('ec2:DescribeImages'),
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2999-01-01T00:00:00Z' } } }] },
    ]);
    await server.ec2(user).send(new DescribeImagesCommand({ Owners: ['self'] }));
    const session = asCredentials((await server.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    await expect(server.ec2(session).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('a cross-account AssumeRole is audited in both accounts (finding 16)', () => {
  it("records the call in the caller's and the role owner's log", async () => {
    const user = await server.fixtures.user(A, 'traveller', [allow('sts:AssumeRole')]);
    const role = await server.fixtures.role(B, 'Visitors', trust({ AWS: user.arn }));
    const ok = await server.sts(user).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'visit' }));
    const requestId = ok.$metadata.requestId!;
    const events = await server.database.db.auditEvent.findMany({ where: { requestId }, select: { accountId: true, principalArn: true, action: true, resource: true } });
    expect(events.map((e) => e.accountId).sort()).toEqual([A, B].sort());
    for (const event of events) expect(event).toMatchObject({ principalArn: user.arn, action: 'sts:AssumeRole', resource: role });
  });
});

describe('console sessions (findings 9 and 12)', () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createTestApp>['app'];
  const C = '123456789012';

  beforeAll(async () => {
    database = await createTestDatabase();
    app = createTestApp(database).app;
    const root = await rootClient(app, C);
    await root.ok('iam', 'CreateUser', { UserName: 'alice' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'alice', Password: 'Alice-Password-1' });
    // Allowed everything, but a guardrail denies IAM to sessions without MFA.
    await root.ok('iam', 'PutUserPolicy', { UserName: 'alice', PolicyName: 'all', PolicyDocument: JSON.stringify(allow('*')) });
  });
  afterAll(async () => database?.drop());

  it('cannot mint API credentials from a console session', async () => {
    const alice = await signIn(app, { kind: 'iam', account: C, userName: 'alice', password: 'Alice-Password-1' });
    const token = await alice.call('sts', 'GetSessionToken', { DurationSeconds: 129600 });
    expect(token.status).toBe(403);
    expect(token.body.error).toMatchObject({ code: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
    const federation = await alice.call('sts', 'GetFederationToken', { Name: 'persist' });
    expect(federation.status).toBe(403);
    expect(await database.db.temporaryCredential.count()).toBe(0);
  });

  it('carries aws:MultiFactorAuthPresent=false for a password-only sign-in', async () => {
    const root = await signIn(app, { kind: 'root', email: `root-${C}@example.com`, password: 'Root-Password-1' });
    const guardrail = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] };
    await root.ok('iam', 'PutUserPolicy', { UserName: 'alice', PolicyName: 'require-mfa', PolicyDocument: JSON.stringify(guardrail) });
    const alice = await signIn(app, { kind: 'iam', account: C, userName: 'alice', password: 'Alice-Password-1' });
    const denied = await alice.call('iam', 'ListUsers');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
    expect(denied.body.error.message).toContain('with an explicit deny');
    await root.ok('iam', 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'require-mfa' });
    await alice.ok('iam', 'ListUsers');
  });

  it("ends a deleted user's console sessions", async () => {
    const root = await signIn(app, { kind: 'root', email: `root-${C}@example.com`, password: 'Root-Password-1' });
    await root.ok('iam', 'CreateUser', { UserName: 'temp' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'temp', Password: 'Temp-Password-1' });
    await root.ok('iam', 'PutUserPolicy', { UserName: 'temp', PolicyName: 'all', PolicyDocument: JSON.stringify(allow('*')) });
    const temp = await signIn(app, { kind: 'iam', account: C, userName: 'temp', password: 'Temp-Password-1' });
    await temp.ok('iam', 'ListUsers');
    await root.ok('iam', 'DeleteUserPolicy', { UserName: 'temp', PolicyName: 'all' });
    await root.ok('iam', 'DeleteLoginProfile', { UserName: 'temp' });
    await root.ok('iam', 'DeleteUser', { UserName: 'temp' });
    const after = await temp.call('iam', 'CreateUser', { UserName: 'escalated' });
    expect(after.status).toBe(401);
    expect(await database.db.user.count({ where: { name: 'escalated' } })).toBe(0);
  });

  it('carries aws:TokenIssueTime for a console session', async () => {
    const root = await signIn(app, { kind: 'root', email: `root-${C}@example.com`, password: 'Root-Password-1' });
    const alice = await signIn(app, { kind: 'iam', account: C, userName: 'alice', password: 'Alice-Password-1' });
    await new Promise((r) => setTimeout(r, 20));
    const revoke = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date().toISOString() } } }] };
    await root.ok('iam', 'PutUserPolicy', { UserName: 'alice', PolicyName: 'revoke', PolicyDocument: JSON.stringify(revoke) });
    expect((await alice.call('iam', 'ListUsers')).status).toBe(403);
    const again = await signIn(app, { kind: 'iam', account: C, userName: 'alice', password: 'Alice-Password-1' });
    await again.ok('iam', 'ListUsers');
    await root.ok('iam', 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'revoke' });
  });
});
