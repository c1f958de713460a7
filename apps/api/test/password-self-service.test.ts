/** "Allow users to change their own password": self-service without any IAM policy, as in AWS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestApp } from './test-app';
import { rootClient, signIn, type ConsoleClient } from './console-client';

let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, '314159265358');
  await root.ok('iam', 'CreateUser', { UserName: 'pat' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'pat', Password: 'First-Pass-123' });
});
afterAll(async () => database?.drop());

describe('AllowUsersToChangePassword', () => {
  it('is off by default: a user without policies may not change its password', async () => {
    const pat = await signIn(app, { kind: 'iam', account: '314159265358', userName: 'pat', password: 'First-Pass-123' });
    const res = await pat.call('iam', 'ChangePassword', { OldPassword: 'First-Pass-123', NewPassword: 'Second-Pass-456' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
  });

  it('when on, lets every user change its own password and read the policy, nothing more', async () => {
    await root.ok('iam', 'UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MinimumPasswordLength: 10 });
    const pat = await signIn(app, { kind: 'iam', account: '314159265358', userName: 'pat', password: 'First-Pass-123' });
    await pat.ok('iam', 'GetAccountPasswordPolicy');
    const short = await pat.call('iam', 'ChangePassword', { OldPassword: 'First-Pass-123', NewPassword: 'Sh0rt-1' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('PasswordPolicyViolation');
    await pat.ok('iam', 'ChangePassword', { OldPassword: 'First-Pass-123', NewPassword: 'Second-Pass-456' });
    expect((await pat.call('iam', 'ListUsers')).status).toBe(403);
    await signIn(app, { kind: 'iam', account: '314159265358', userName: 'pat', password: 'Second-Pass-456' });
  });
});
