/** STS through the real AWS SDK: temporary credentials, trust policies, session policies, expiry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { CreateUserCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeImagesCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
let server: SdkServer;

const allow = (action: string | string[], resource = '*', condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});
const trust = (principal: object, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});
const asCredentials = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
  await server.fixtures.account(C);
});
afterAll(async () => server?.close());

describe('GetCallerIdentity', () => {
  it('names root and IAM users, and needs no permission', async () => {
    const root = await server.sts(server.root).send(new GetCallerIdentityCommand({}));
    expect(root).toMatchObject({ Account: A, Arn: `arn:aws:iam::${A}:root`, UserId: A });
    const bare = await server.fixtures.user(A, 'no-policies');
    const me = await server.sts(bare).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: A, Arn: bare.arn });
    expect(me.UserId).toMatch(/^AIDA/);
  });
});

describe('GetSessionToken', () => {
  it('mints ASIA credentials that act as the same principal until they expire', async () => {
    const user = await server.fixtures.user(A, 'session-user', [allow('iam:ListUsers')]);
    const { Credentials } = await server.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 890_000);
    const session = asCredentials(Credentials);
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.arn);
    // AWS: GetSessionToken credentials call no IAM operation unless the session was MFA-
    // authenticated, and of STS only AssumeRole and GetCallerIdentity.
    await expect(server.iam(session).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    await expect(server.sts(session).send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
    await expect(server.sts(session).send(new GetFederationTokenCommand({ Name: 'nope' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    // Other services: as the user, with the user's permissions.
    await expect(server.ec2(session).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    // A wrong session token is refused outright.
    await expect(server.iam({ ...session, sessionToken: 'IQoJforged' }).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    server.setClockOffset(901_000);
    try {
      // Both clocks move past the expiry (the client's too, so the request is not merely skewed).
      await expect(server.iam(session, 901_000).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
    } finally {
      server.setClockOffset(0);
    }
  });

  it('refuses session credentials calling it again, and a bad MFA code', async () => {
    const user = await server.fixtures.user(A, 'session-user-2');
    const { Credentials } = await server.sts(user).send(new GetSessionTokenCommand({}));
    await expect(server.sts(asCredentials(Credentials)).send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(user).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${A}:mfa/none`, TokenCode: '123456' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 899 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('AssumeRole', () => {
  it('same account: a trust policy naming the user is enough; the session has the role permissions', async () => {
    const user = await server.fixtures.user(A, 'dev');
    const roleArn = await server.fixtures.role(A, 'Reader', trust({ AWS: user.arn }), [allow(['iam:ListUsers', 'iam:GetUser'])]);
    const out = await server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'reading' }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Reader/reading`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:reading$/);
    const session = asCredentials(out.Credentials);
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser?.Arn);
    await server.iam(session).send(new ListUsersCommand({}));
    const denied = await server.iam(session).send(new CreateUserCommand({ UserName: 'nope' })).catch((e: Error) => e);
    expect(denied).toMatchObject({ name: 'AccessDenied' });
    expect((denied as Error).message).toContain(`User: arn:aws:sts::${A}:assumed-role/Reader/reading is not authorized to perform: iam:CreateUser`);
  });

  it('a session policy narrows the role', async () => {
    const user = await server.fixtures.user(A, 'narrow');
    const roleArn = await server.fixtures.role(A, 'IamAdmin', trust({ AWS: user.arn }), [allow('iam:*')]);
    const out = await server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', Policy: JSON.stringify(allow('iam:GetUser')) }));
    const session = asCredentials(out.Credentials);
    await expect(server.iam(session).send(new GetUserCommand({ UserName: 'narrow' }))).resolves.toBeDefined();
    await expect(server.iam(session).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('a trust policy that does not name the caller refuses, as does root and an unknown role', async () => {
    const stranger = await server.fixtures.user(A, 'stranger');
    const roleArn = await server.fixtures.role(A, 'Private', trust({ AWS: `arn:aws:iam::${A}:user/someone-else` }));
    await expect(server.sts(stranger).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    // An identity policy allowing sts:AssumeRole is not enough: the trust policy must allow too.
    const eager = await server.fixtures.user(A, 'eager', [allow('sts:AssumeRole')]);
    await expect(server.sts(eager).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(server.root).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied', message: 'Roles may not be assumed by root accounts.' });
    await expect(server.sts(stranger).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/Nope`, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('cross-account: allowed only when the trust policy names the account and the caller is allowed sts:AssumeRole', async () => {
    const roleArn = await server.fixtures.role(B, 'CrossAccount', trust({ AWS: A }), [allow('iam:ListUsers')]);
    const allowed = await server.fixtures.user(A, 'xa-allowed', [allow('sts:AssumeRole', roleArn)]);
    const notAllowed = await server.fixtures.user(A, 'xa-no-identity-policy');
    const otherAccount = await server.fixtures.user(C, 'xa-from-c', [allow('sts:AssumeRole', '*')]);
    const out = await server.sts(allowed).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cross' }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${B}:assumed-role/CrossAccount/cross`);
    const session = asCredentials(out.Credentials);
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Account).toBe(B);
    // The session acts in account B: it lists B's users, not A's.
    await server.fixtures.user(B, 'b-user');
    const listed = await server.iam(session).send(new ListUsersCommand({}));
    expect(listed.Users?.map((u) => u.UserName)).toEqual(['b-user']);
    await expect(server.sts(notAllowed).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xx' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(otherAccount).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xx' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('honours sts:ExternalId conditions and the role maximum duration', async () => {
    const user = await server.fixtures.user(A, 'ext');
    const roleArn = await server.fixtures.role(A, 'ThirdParty', trust({ AWS: user.arn }, { StringEquals: { 'sts:ExternalId': 'secret-123' } }), [], 7200);
    await expect(server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'wrong-id' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const ok = await server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'secret-123', DurationSeconds: 7200 }));
    expect(ok.Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 7100_000);
    await expect(server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'secret-123', DurationSeconds: 7201 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('GetFederationToken', () => {
  it('grants the intersection of the user policies and the passed policy, nothing without one', async () => {
    const user = await server.fixtures.user(A, 'broker', [allow(['ec2:DescribeImages', 'iam:ListUsers', 'sts:GetFederationToken'])]);
    const withPolicy = await server.sts(user).send(new GetFederationTokenCommand({ Name: 'alice', Policy: JSON.stringify(allow(['ec2:DescribeImages', 'ec2:DescribeSnapshots', 'iam:ListUsers'])) }));
    expect(withPolicy.FederatedUser?.Arn).toBe(`arn:aws:sts::${A}:federated-user/alice`);
    const fed = asCredentials(withPolicy.Credentials);
    await server.ec2(fed).send(new DescribeImagesCommand({ Owners: ['self'] }));
    // Allowed by the passed policy but not by the user's own: denied.
    await expect(server.ec2(fed).send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    // AWS: federation credentials call no IAM operation by any means, and of STS only GetCallerIdentity.
    await expect(server.iam(fed).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(server.sts(fed).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/any`, RoleSessionName: 'sess' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await server.sts(fed).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:federated-user/alice`);
    const without = await server.sts(user).send(new GetFederationTokenCommand({ Name: 'bob' }));
    await expect(server.ec2(asCredentials(without.Credentials)).send(new DescribeImagesCommand({ Owners: ['self'] }))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
