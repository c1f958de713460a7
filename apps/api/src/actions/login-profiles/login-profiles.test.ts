/** Login profiles and console sign-in of IAM users, through the REST protocol against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

const ACCOUNT = '123456789012';

async function userId(name: string): Promise<string> {
  return (await database.db.user.findFirstOrThrow({ where: { name } })).id;
}

async function allowInline(name: string, statement: object): Promise<void> {
  await database.db.inlinePolicy.create({ data: { name: `p-${Math.random().toString(36).slice(2)}`, document: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), userId: await userId(name) } });
}

async function setPolicy(data: Record<string, unknown> | null): Promise<void> {
  await database.db.passwordPolicy.deleteMany({ where: { accountId: ACCOUNT } });
  if (data) await database.db.passwordPolicy.create({ data: { accountId: ACCOUNT, ...data } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app);
  for (const name of ['alice', 'bob', 'carol', 'erin', 'reader']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

describe('CreateLoginProfile', () => {
  it('creates a console password that signs the user in, storing only an argon2id hash', async () => {
    const { LoginProfile } = await root.ok<{ LoginProfile: Record<string, unknown> }>('iam', 'CreateLoginProfile', { UserName: 'ALICE', Password: 'Alice-Password-1' });
    expect(LoginProfile).toMatchObject({ UserName: 'alice', PasswordResetRequired: false });
    expect(new Date(LoginProfile.CreateDate as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const row = await database.db.loginProfile.findUniqueOrThrow({ where: { userId: await userId('alice') } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await database.db.passwordHistory.count({ where: { userId: row.userId } })).toBe(1);
    const alice = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'alice', password: 'Alice-Password-1' });
    expect(alice.csrfToken).toBeTruthy();
    const wrong = await request(app).post('/api/session').send({ kind: 'iam', account: ACCOUNT, userName: 'alice', password: 'Alice-Password-2' });
    expect(wrong.status).toBe(401);
  });

  it('refuses a second login profile with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateLoginProfile', { UserName: 'alice', Password: 'Another-Password-1' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EntityAlreadyExists');
  });

  it('NoSuchEntity for an unknown user', async () => {
    const res = await root.call('iam', 'CreateLoginProfile', { UserName: 'nobody', Password: 'Some-Password-1' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
  });

  it.each([
    ['short', 'Password should have a minimum length of 8'],
    ['alllowercase', 'Password should have at least three of the following character types: uppercase letters, lowercase letters, numbers and symbols'],
    ['lower-and-symbols', 'Password should have at least three of the following character types: uppercase letters, lowercase letters, numbers and symbols'],
  ])('applies AWS\'s default policy when none is set (%s)', async (password, message) => {
    const res = await root.call('iam', 'CreateLoginProfile', { UserName: 'bob', Password: password });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'PasswordPolicyViolation', message });
    expect(await database.db.loginProfile.count({ where: { userId: await userId('bob') } })).toBe(0);
  });

  it('applies the account\'s custom password policy', async () => {
    await setPolicy({ minimumPasswordLength: 12, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true });
    try {
      for (const [password, message] of [
        ['Short-1', 'Password should have a minimum length of 12'],
        ['lowercase-only-1', 'Password should have at least one uppercase letter'],
        ['UPPERCASE-ONLY-1', 'Password should have at least one lowercase letter'],
        ['No-Numbers-Here', 'Password should have at least one number'],
        ['NoSymbolsHere12', 'Password should have at least one symbol'],
        ['Dots.Are.Not1Symbols', 'Password should have at least one symbol'],
      ]) {
        const res = await root.call('iam', 'CreateLoginProfile', { UserName: 'bob', Password: password });
        expect(res.status, password).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'PasswordPolicyViolation', message });
      }
      // The Query API sends booleans as text.
      await root.ok('iam', 'CreateLoginProfile', { UserName: 'bob', Password: 'Long-Enough-1!', PasswordResetRequired: 'true' });
      // A weak password is acceptable under a lenient custom policy.
      await setPolicy({ minimumPasswordLength: 6 });
      await root.ok('iam', 'CreateLoginProfile', { UserName: 'carol', Password: 'simple' });
    } finally {
      await setPolicy(null);
    }
  });

  it.each([
    [{ UserName: 'erin' }, 'missing password'],
    [{ Password: 'Some-Password-1' }, 'missing name'],
    [{ UserName: 'erin', Password: '' }, 'empty password'],
    [{ UserName: 'erin', Password: `Aa1-${'x'.repeat(125)}` }, 'password over 128'],
    [{ UserName: 'erin', Password: 'Snowman-☃-Password-1' }, 'character outside the allowed range'],
    [{ UserName: 'erin', Password: 'Some-Password-1', PasswordResetRequired: 'yes' }, 'wrong type'],
    [{ UserName: 'bad name', Password: 'Some-Password-1' }, 'bad name'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and writes nothing', async (body) => {
    const before = await database.db.loginProfile.count();
    const res = await root.call('iam', 'CreateLoginProfile', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.loginProfile.count()).toBe(before);
  });
});

describe('GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile', () => {
  it('gets a login profile, and NoSuchEntity with AWS\'s message when there is none', async () => {
    const { LoginProfile } = await root.ok<{ LoginProfile: Record<string, unknown> }>('iam', 'GetLoginProfile', { UserName: 'bob' });
    expect(LoginProfile).toMatchObject({ UserName: 'bob', PasswordResetRequired: true });
    const res = await root.call('iam', 'GetLoginProfile', { UserName: 'erin' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'Login Profile for User erin cannot be found.' });
    expect((await root.call('iam', 'GetLoginProfile', { UserName: 'nobody' })).status).toBe(404);
    // The root user has no login profile of its own to describe.
    expect((await root.call('iam', 'GetLoginProfile', {})).status).toBe(400);
  });

  it('changes the password and the reset flag; the policy and reuse prevention apply', async () => {
    await root.ok('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: 'Bob-New-Password-2', PasswordResetRequired: false });
    expect((await root.ok<{ LoginProfile: { PasswordResetRequired: boolean } }>('iam', 'GetLoginProfile', { UserName: 'bob' })).LoginProfile.PasswordResetRequired).toBe(false);
    await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'bob', password: 'Bob-New-Password-2' });
    const weak = await root.call('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: 'weak' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PasswordPolicyViolation');
    await setPolicy({ minimumPasswordLength: 8, passwordReusePrevention: 2 });
    try {
      const reused = await root.call('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: 'Long-Enough-1!' });
      expect(reused.status).toBe(400);
      expect(reused.body.error).toMatchObject({ code: 'PasswordPolicyViolation', message: 'Password was used before and cannot be reused' });
      await root.ok('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: 'Third-Password-3' });
      // Two back: Long-Enough-1! has left the window of 2.
      await root.ok('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: 'Long-Enough-1!' });
    } finally {
      await setPolicy(null);
    }
    // Only the reset flag: the password is unchanged.
    await root.ok('iam', 'UpdateLoginProfile', { UserName: 'bob', PasswordResetRequired: true });
    const res = await request(app).post('/api/session').send({ kind: 'iam', account: ACCOUNT, userName: 'bob', password: 'Long-Enough-1!' });
    expect(res.body.mustChangePassword).toBe(true);
    await root.ok('iam', 'UpdateLoginProfile', { UserName: 'bob', PasswordResetRequired: false });
    const missing = await root.call('iam', 'UpdateLoginProfile', { UserName: 'erin', PasswordResetRequired: true });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'Login Profile for User erin cannot be found.' });
    expect((await root.call('iam', 'UpdateLoginProfile', { UserName: 'bob', Password: '' })).status).toBe(400);
  });

  it('deletes a login profile, ending the user\'s console sessions', async () => {
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'erin', Password: 'Erin-Password-1' });
    await allowInline('erin', { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });
    const erin = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'erin', password: 'Erin-Password-1' });
    await erin.ok('iam', 'GetUser');
    await root.ok('iam', 'DeleteLoginProfile', { UserName: 'erin' });
    expect(await database.db.consoleSession.count({ where: { userId: await userId('erin') } })).toBe(0);
    expect((await erin.call('iam', 'GetUser')).status).toBe(401);
    await expect(signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'erin', password: 'Erin-Password-1' })).rejects.toThrow(/401/);
    const again = await root.call('iam', 'DeleteLoginProfile', { UserName: 'erin' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('NoSuchEntity');
  });
});

describe('ChangePassword', () => {
  let carol: ConsoleClient;
  beforeAll(async () => {
    await allowInline('carol', { Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser', 'iam:GetLoginProfile'], Resource: 'arn:aws:iam::123456789012:user/${aws:username}' });
    carol = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'carol', password: 'simple' });
  });

  it('GetLoginProfile without UserName describes the calling user', async () => {
    const { LoginProfile } = await carol.ok<{ LoginProfile: { UserName: string } }>('iam', 'GetLoginProfile');
    expect(LoginProfile.UserName).toBe('carol');
    expect((await carol.call('iam', 'GetLoginProfile', { UserName: 'alice' })).status).toBe(403);
  });

  it('refuses a wrong old password and a new password against the policy', async () => {
    const wrong = await carol.call('iam', 'ChangePassword', { OldPassword: 'not-it', NewPassword: 'Carol-Password-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'InvalidUserType', message: 'The old password is incorrect.' });
    const weak = await carol.call('iam', 'ChangePassword', { OldPassword: 'simple', NewPassword: 'weakling' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PasswordPolicyViolation');
    expect((await carol.call('iam', 'ChangePassword', { OldPassword: 'simple' })).status).toBe(400);
  });

  it('changes the caller\'s own password and clears PasswordResetRequired', async () => {
    await database.db.loginProfile.update({ where: { userId: await userId('carol') }, data: { passwordResetRequired: true } });
    await carol.ok('iam', 'ChangePassword', { OldPassword: 'simple', NewPassword: 'Carol-Password-2' });
    expect((await database.db.loginProfile.findUniqueOrThrow({ where: { userId: await userId('carol') } })).passwordResetRequired).toBe(false);
    await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'carol', password: 'Carol-Password-2' });
    await expect(signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'carol', password: 'simple' })).rejects.toThrow(/401/);
  });

  it('applies reuse prevention against the history', async () => {
    await setPolicy({ minimumPasswordLength: 6, passwordReusePrevention: 5 });
    try {
      const res = await carol.call('iam', 'ChangePassword', { OldPassword: 'Carol-Password-2', NewPassword: 'simple' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'PasswordPolicyViolation', message: 'Password was used before and cannot be reused' });
    } finally {
      await setPolicy(null);
    }
  });

  it('is refused for the root user, and without permission', async () => {
    const rootRes = await root.call('iam', 'ChangePassword', { OldPassword: 'Root-Password-1', NewPassword: 'Root-Password-2' });
    expect(rootRes.status).toBe(400);
    expect(rootRes.body.error.code).toBe('InvalidUserType');
    const alice = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'alice', password: 'Alice-Password-1' });
    const denied = await alice.call('iam', 'ChangePassword', { OldPassword: 'Alice-Password-1', NewPassword: 'Alice-Password-2' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
  });
});

describe('console sign-in of IAM users', () => {
  it('forces a password change when PasswordResetRequired is set', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'frank' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'frank', Password: 'Frank-Initial-1', PasswordResetRequired: true });
    // The console's password change is iam:ChangePassword: the user needs it, as in AWS.
    await allowInline('frank', { Effect: 'Allow', Action: ['iam:GetUser', 'iam:ChangePassword'], Resource: '*' });
    const agent = request.agent(app);
    const session = await agent.post('/api/session').send({ kind: 'iam', account: ACCOUNT, userName: 'frank', password: 'Frank-Initial-1' });
    expect(session.status).toBe(200);
    expect(session.body.mustChangePassword).toBe(true);
    const csrf = session.body.csrfToken as string;
    const blocked = await agent.post('/api/iam/GetUser').set('x-csrf-token', csrf).send({});
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PasswordResetRequired');
    const changed = await agent.post('/api/session/change-password').set('x-csrf-token', csrf).send({ oldPassword: 'Frank-Initial-1', newPassword: 'Frank-Changed-2' });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    const ok = await agent.post('/api/iam/GetUser').set('x-csrf-token', csrf).send({});
    expect(ok.status).toBe(200);
    expect(ok.body.User.UserName).toBe('frank');
    expect((await root.ok<{ LoginProfile: { PasswordResetRequired: boolean } }>('iam', 'GetLoginProfile', { UserName: 'frank' })).LoginProfile.PasswordResetRequired).toBe(false);
  });

  it('a user with IAMReadOnlyAccess can list users but not create one', async () => {
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'reader', Password: 'Reader-Password-1' });
    const policy = await database.db.managedPolicy.findUniqueOrThrow({ where: { arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' } });
    await database.db.policyAttachment.create({ data: { policyId: policy.id, userId: await userId('reader') } });
    const reader = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'reader', password: 'Reader-Password-1' });
    const { Users } = await reader.ok<{ Users: { UserName: string }[] }>('iam', 'ListUsers');
    expect(Users.map((u) => u.UserName)).toContain('reader');
    await reader.ok('iam', 'GetLoginProfile', { UserName: 'alice' });
    const before = await database.db.user.count();
    const denied = await reader.call('iam', 'CreateUser', { UserName: 'intruder' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'AccessDenied',
      message: 'User: arn:aws:iam::123456789012:user/reader is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/intruder because no identity-based policy allows the iam:CreateUser action',
    });
    expect((await reader.call('iam', 'CreateLoginProfile', { UserName: 'erin', Password: 'Erin-Password-9' })).status).toBe(403);
    expect(await database.db.user.count()).toBe(before);
  });
});
