/** Service-specific credentials through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';

let database: TestDatabase;
let app: App;
let secrets: ReturnType<typeof createTestApp>['secrets'];
let root: ConsoleClient;

interface Credential {
  UserName: string;
  ServiceName: string;
  ServiceUserName?: string;
  ServicePassword?: string;
  ServiceCredentialAlias?: string;
  ServiceCredentialSecret?: string;
  ServiceSpecificCredentialId: string;
  Status: string;
  CreateDate: string;
  ExpirationDate?: string;
}

const CODECOMMIT = 'codecommit.amazonaws.com';

beforeAll(async () => {
  database = await createTestDatabase();
  const test = createTestApp(database);
  app = test.app;
  secrets = test.secrets;
  root = await rootClient(app);
  for (const name of ['alice', 'bob', 'carol']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

const create = (body: object) => root.ok<{ ServiceSpecificCredential: Credential }>('iam', 'CreateServiceSpecificCredential', body).then((r) => r.ServiceSpecificCredential);

describe('CreateServiceSpecificCredential', () => {
  it('creates a CodeCommit credential: user-at-account, a password shown once and stored only encrypted', async () => {
    const c = await create({ UserName: 'Alice', ServiceName: CODECOMMIT });
    expect(c).toMatchObject({ UserName: 'alice', ServiceName: CODECOMMIT, ServiceUserName: 'alice-at-123456789012', Status: 'Active' });
    expect(c.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z2-7]{17}$/);
    expect(c.ServicePassword).toMatch(/^[A-Za-z0-9+/]{44}$/);
    expect(c.ExpirationDate).toBeUndefined();
    const row = await database.db.serviceSpecificCredential.findUniqueOrThrow({ where: { id: c.ServiceSpecificCredentialId } });
    expect(Buffer.from(row.secretEncrypted).includes(Buffer.from(c.ServicePassword!))).toBe(false);
    expect(secrets.decrypt(row.secretEncrypted)).toBe(c.ServicePassword);
    expect(await database.db.issuedId.count({ where: { id: c.ServiceSpecificCredentialId, kind: 'serviceSpecificCredential' } })).toBe(1);
  });

  it('creates a Keyspaces credential, and a Bedrock API key with an alias, a secret and an expiry', async () => {
    const keyspaces = await create({ UserName: 'alice', ServiceName: 'cassandra.amazonaws.com' });
    expect(keyspaces.ServiceUserName).toBe('alice-at-123456789012');
    const bedrock = await create({ UserName: 'alice', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 });
    expect(bedrock.ServiceUserName).toBeUndefined();
    expect(bedrock.ServicePassword).toBeUndefined();
    expect(bedrock.ServiceCredentialAlias).toMatch(/^BedrockAPIKey-[0-9a-f]{4}-at-123456789012$/);
    expect(bedrock.ServiceCredentialSecret).toMatch(/^ABSK[A-Za-z0-9+/=]+$/);
    const days = (new Date(bedrock.ExpirationDate!).getTime() - new Date(bedrock.CreateDate).getTime()) / 86_400_000;
    expect(days).toBe(30);
  });

  it('refuses a third credential for one service with LimitExceeded, but allows another service', async () => {
    await create({ UserName: 'bob', ServiceName: CODECOMMIT });
    await create({ UserName: 'bob', ServiceName: CODECOMMIT });
    const res = await root.call('iam', 'CreateServiceSpecificCredential', { UserName: 'bob', ServiceName: CODECOMMIT });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LimitExceeded');
    await create({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' });
  });

  it('refuses an unsupported service with NoSuchEntity, CredentialAgeDays where it does not apply, and bad input', async () => {
    const res = await root.call('iam', 'CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: 's3.amazonaws.com' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'No such service s3.amazonaws.com is supported for Service Specific Credentials' });
    const age = await root.call('iam', 'CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: CODECOMMIT, CredentialAgeDays: 5 });
    expect(age.status).toBe(400);
    expect(age.body.error.code).toBe('InvalidInput');
    for (const body of [{ ServiceName: CODECOMMIT }, { UserName: 'carol' }, { UserName: 'carol', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 0 }, { UserName: 'carol', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 36601 }]) {
      const bad = await root.call('iam', 'CreateServiceSpecificCredential', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('ValidationError');
    }
    expect((await root.call('iam', 'CreateServiceSpecificCredential', { UserName: 'nobody', ServiceName: CODECOMMIT })).status).toBe(404);
    expect(await database.db.serviceSpecificCredential.count({ where: { user: { name: 'carol' } } })).toBe(0);
  });
});

describe('List, Reset, Update, Delete', () => {
  it('lists metadata without secrets, filters by service, pages, and lists across users with AllUsers', async () => {
    const { ServiceSpecificCredentials } = await root.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials', { UserName: 'bob' });
    expect(ServiceSpecificCredentials).toHaveLength(3);
    for (const c of ServiceSpecificCredentials) {
      expect(Object.keys(c).sort()).toEqual(['CreateDate', 'ServiceName', 'ServiceSpecificCredentialId', 'ServiceUserName', 'Status', 'UserName']);
    }
    const only = await root.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials', { UserName: 'bob', ServiceName: CODECOMMIT });
    expect(only.ServiceSpecificCredentials).toHaveLength(2);
    const first = await root.ok<{ ServiceSpecificCredentials: Credential[]; IsTruncated: boolean; Marker: string }>('iam', 'ListServiceSpecificCredentials', { UserName: 'bob', MaxItems: 2 });
    expect(first.IsTruncated).toBe(true);
    const rest = await root.ok<{ ServiceSpecificCredentials: Credential[]; IsTruncated: boolean }>('iam', 'ListServiceSpecificCredentials', { UserName: 'bob', MaxItems: 2, Marker: first.Marker });
    expect(rest.IsTruncated).toBe(false);
    expect([...first.ServiceSpecificCredentials, ...rest.ServiceSpecificCredentials].map((c) => c.ServiceSpecificCredentialId)).toEqual(ServiceSpecificCredentials.map((c) => c.ServiceSpecificCredentialId));
    const everyone = await root.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials', { AllUsers: true, ServiceName: CODECOMMIT });
    expect(everyone.ServiceSpecificCredentials.map((c) => c.UserName).sort()).toEqual(['alice', 'bob', 'bob']);
    expect((await root.call('iam', 'ListServiceSpecificCredentials', { AllUsers: true, UserName: 'bob' })).body.error.code).toBe('InvalidInput');
    expect((await root.ok<{ ServiceSpecificCredentials: unknown[] }>('iam', 'ListServiceSpecificCredentials')).ServiceSpecificCredentials).toEqual([]);
  });

  it('resets the password (shown once again), deactivates and deletes', async () => {
    const c = await create({ UserName: 'carol', ServiceName: CODECOMMIT });
    const id = c.ServiceSpecificCredentialId;
    const { ServiceSpecificCredential: reset } = await root.ok<{ ServiceSpecificCredential: Credential }>('iam', 'ResetServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id });
    expect(reset).toMatchObject({ ServiceSpecificCredentialId: id, ServiceUserName: 'carol-at-123456789012' });
    expect(reset.ServicePassword).toMatch(/^[A-Za-z0-9+/]{44}$/);
    expect(reset.ServicePassword).not.toBe(c.ServicePassword);
    const row = await database.db.serviceSpecificCredential.findUniqueOrThrow({ where: { id } });
    expect(secrets.decrypt(row.secretEncrypted)).toBe(reset.ServicePassword);
    await root.ok('iam', 'UpdateServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id, Status: 'Inactive' });
    const listed = await root.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials', { UserName: 'carol' });
    expect(listed.ServiceSpecificCredentials[0]!.Status).toBe('Inactive');
    expect((await root.call('iam', 'UpdateServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id, Status: 'Expired' })).status).toBe(400);
    const other = await root.call('iam', 'DeleteServiceSpecificCredential', { UserName: 'alice', ServiceSpecificCredentialId: id });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NoSuchEntity');
    await root.ok('iam', 'DeleteServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id });
    expect((await root.call('iam', 'ResetServiceSpecificCredential', { UserName: 'carol', ServiceSpecificCredentialId: id })).status).toBe(404);
  });

  it('reports an API key past its expiration as Expired', async () => {
    const key = await create({ UserName: 'carol', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 1 });
    await database.db.serviceSpecificCredential.update({ where: { id: key.ServiceSpecificCredentialId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { ServiceSpecificCredentials } = await root.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials', { UserName: 'carol' });
    expect(ServiceSpecificCredentials.find((c) => c.ServiceSpecificCredentialId === key.ServiceSpecificCredentialId)).toMatchObject({ Status: 'Expired' });
  });
});

describe('authorization', () => {
  let dave: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'dave' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'dave', Password: 'Dave-Password-1' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'dave' } });
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*ServiceSpecificCredential*', Resource: 'arn:aws:iam::123456789012:user/${aws:username}' }] });
    await database.db.inlinePolicy.create({ data: { name: 'own-git-credentials', document, userId: user.id } });
    dave = await signIn(app, { kind: 'iam', account: '123456789012', userName: 'dave', password: 'Dave-Password-1' });
  });

  it('a user manages its own credentials, omitting UserName where AWS allows', async () => {
    const { ServiceSpecificCredential: c } = await dave.ok<{ ServiceSpecificCredential: Credential }>('iam', 'CreateServiceSpecificCredential', { UserName: 'dave', ServiceName: CODECOMMIT });
    expect((await dave.ok<{ ServiceSpecificCredentials: Credential[] }>('iam', 'ListServiceSpecificCredentials')).ServiceSpecificCredentials).toHaveLength(1);
    await dave.ok('iam', 'ResetServiceSpecificCredential', { ServiceSpecificCredentialId: c.ServiceSpecificCredentialId });
    await dave.ok('iam', 'DeleteServiceSpecificCredential', { ServiceSpecificCredentialId: c.ServiceSpecificCredentialId });
  });

  it('is denied other users\' credentials with AccessDenied', async () => {
    for (const [action, body] of [
      ['CreateServiceSpecificCredential', { UserName: 'carol', ServiceName: CODECOMMIT }],
      ['ListServiceSpecificCredentials', { UserName: 'bob' }],
      ['ListServiceSpecificCredentials', { AllUsers: true }],
    ] as [string, object][]) {
      const res = await dave.call('iam', action, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
  });
});
