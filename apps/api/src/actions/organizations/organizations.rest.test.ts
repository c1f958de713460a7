/** SetAccountRootPassword through the REST protocol: the management account gives a member account's root user a password. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;
let memberId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, '100000000001');
  const { CreateAccountStatus } = await root.ok<{ CreateAccountStatus: { State: string; AccountId: string } }>('organizations', 'CreateAccount', { AccountName: 'Sandbox', Email: 'sandbox@example.com' });
  expect(CreateAccountStatus.State).toBe('SUCCEEDED');
  memberId = CreateAccountStatus.AccountId;
});
afterAll(async () => database?.drop());

describe('SetAccountRootPassword', () => {
  it('refuses a weak password with PasswordPolicyViolation', async () => {
    const res = await root.call('portcullis', 'SetAccountRootPassword', { AccountId: memberId, Password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PasswordPolicyViolation');
  });

  it('refuses the management account itself and unknown accounts with AccountNotFoundException', async () => {
    for (const AccountId of ['100000000001', '999999999999']) {
      const res = await root.call('portcullis', 'SetAccountRootPassword', { AccountId, Password: 'Member-Root-Pass-1' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('AccountNotFoundException');
    }
  });

  it('sets the password; the member root signs in with it and sees its own account', async () => {
    await expect(signIn(app, { kind: 'root', email: 'sandbox@example.com', password: 'Member-Root-Pass-1' })).rejects.toThrow();
    await root.ok('portcullis', 'SetAccountRootPassword', { AccountId: memberId, Password: 'Member-Root-Pass-1' });
    const member = await signIn(app, { kind: 'root', email: 'sandbox@example.com', password: 'Member-Root-Pass-1' });
    const session = await member.agent.get('/api/session');
    expect(session.body.principal.accountId).toBe(memberId);
    const account = await database.db.account.findUniqueOrThrow({ where: { id: memberId } });
    expect(account.rootPasswordChangedAt).toBeInstanceOf(Date);

    // A member account is not the management account: it cannot set passwords, nor list accounts.
    const denied = await member.call('portcullis', 'SetAccountRootPassword', { AccountId: memberId, Password: 'Other-Root-Pass-2' });
    expect(denied.status).toBe(400);
    expect(denied.body.error.code).toBe('AccessDeniedException');
    const list = await member.call('organizations', 'ListAccounts', {});
    expect(list.status).toBe(400);
  });
});
