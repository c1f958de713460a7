/** Issue 2: migrations, seed, health, first-run set-up, errors — against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDb } from '../src/db/client';
import { applyMigrations } from '../src/db/migrations';
import { seedAwsManagedPolicies } from '../src/db/seed';
import { migrationsDir, schemaPath } from '../src/paths';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { setupFirstAccount, setupFromEnvironment } from '../src/setup/first-run';
import { createApp } from '../src/app';
import { createLogger } from '../src/logger';
import request from 'supertest';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from './test-database';
import { createTestApp } from './test-app';

describe('migrations', () => {
  it('apply to an empty database, then find nothing pending', async () => {
    const empty = await createEmptyDatabase();
    try {
      const first = await applyMigrations(empty.url, migrationsDir, schemaPath);
      expect(first.length).toBeGreaterThanOrEqual(2);
      expect(await applyMigrations(empty.url, migrationsDir, schemaPath)).toEqual([]);
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
      await client.end();
      expect(rows.map((r) => r.migration_name)).toEqual(first);
    } finally {
      await empty.drop();
    }
  });
});

describe('with a migrated database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(async () => database?.drop());

  it('seeds the AWS managed policies idempotently, with their real documents', async () => {
    const first = await seedAwsManagedPolicies(database.db);
    expect(first.inserted).toBe(1523);
    const second = await seedAwsManagedPolicies(database.db);
    expect(second).toEqual({ inserted: 0, updated: 0 });
    expect(await database.db.managedPolicy.count({ where: { accountId: null } })).toBe(1523);
    for (const name of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'AmazonEC2FullAccess', 'AmazonEC2ReadOnlyAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'IAMUserChangePassword']) {
      const policy = await database.db.managedPolicy.findFirst({ where: { accountId: null, name }, include: { versions: true } });
      expect(policy?.arn).toBe(`arn:aws:iam::aws:policy/${name}`);
      expect(policy?.versions.filter((v) => v.isDefault)).toHaveLength(1);
    }
    const admin = await database.db.policyVersion.findFirst({ where: { policy: { name: 'AdministratorAccess', accountId: null }, isDefault: true } });
    expect(JSON.parse(admin!.document)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  });

  it('enforces case-insensitive unique names in the database itself', async () => {
    const { db } = database;
    await db.account.create({ data: { id: '111111111111', name: 'a', rootEmail: 'ci@example.com' } });
    await db.user.create({ data: { id: 'AIDAAAAAAAAAAAAAAAAA1', accountId: '111111111111', name: 'Alice', arn: 'arn:aws:iam::111111111111:user/Alice' } });
    await expect(
      db.user.create({ data: { id: 'AIDAAAAAAAAAAAAAAAAA2', accountId: '111111111111', name: 'ALICE', arn: 'arn:aws:iam::111111111111:user/ALICE' } }),
    ).rejects.toThrow();
    await expect(db.account.create({ data: { id: '12345', name: 'bad', rootEmail: 'bad@example.com' } })).rejects.toThrow();
  });

  it('keeps the audit log append-only', async () => {
    const event = await database.db.auditEvent.create({ data: { action: 'iam:GetUser', decision: 'allowed', requestId: 'r1', protocol: 'rest' } });
    await expect(database.db.auditEvent.update({ where: { id: event.id }, data: { decision: 'denied' } })).rejects.toThrow(/append-only/);
  });
});

describe('first-run set-up', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
  });
  afterAll(async () => database?.drop());

  it('from the environment creates exactly one account and root user, once, and the root key', async () => {
    const secrets = createSecretBox(parseMasterKey(newMasterKey()));
    const env = {
      email: 'Root@Example.com',
      password: 'Correct-Horse-9',
      accountId: '123456789012',
      rootAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      rootSecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const [a, b] = await Promise.all([setupFromEnvironment(database.db, secrets, env), setupFromEnvironment(database.db, secrets, env)]);
    expect([...a, ...b].filter((l) => l.startsWith('created account'))).toHaveLength(1);
    expect(await setupFromEnvironment(database.db, secrets, { ...env, accountId: '999999999999' })).toEqual([]);
    const accounts = await database.db.account.findMany();
    expect(accounts.map((x) => [x.id, x.rootEmail])).toEqual([['123456789012', 'root@example.com']]);
    expect(accounts[0]!.rootPasswordHash).toMatch(/^\$argon2id\$/);
    const key = await database.db.accessKey.findUniqueOrThrow({ where: { id: env.rootAccessKeyId } });
    expect(key.userId).toBeNull();
    // SECURITY: stored encrypted, and decrypts to the configured secret.
    expect(Buffer.from(key.secretEncrypted).toString('latin1')).not.toContain(env.rootSecretAccessKey);
    expect(secrets.decrypt(key.secretEncrypted)).toBe(env.rootSecretAccessKey);
  });

  it('refuses a second set-up and weak passwords', async () => {
    await expect(setupFirstAccount(database.db, { email: 'x@example.com', password: 'Another-Pass-1' })).rejects.toMatchObject({ code: 'AlreadySetUp', status: 409 });
  });
});

describe('HTTP basics', () => {
  let database: TestDatabase;
  let http: ReturnType<typeof createTestApp>['http'];
  beforeAll(async () => {
    database = await createTestDatabase({ seed: false });
    http = createTestApp(database).http;
  });
  afterAll(async () => database?.drop());

  it('answers health with a request ID', async () => {
    const res = await http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports 503 when the database is unreachable', async () => {
    const dead = createDb('postgresql://postgres@127.0.0.1:1/none', 1);
    const app = createApp({ db: dead, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent') });
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.database).toBe('unreachable');
    await dead.$disconnect();
  });

  it('sets up through the API once, validating input', async () => {
    expect((await http.get('/api/setup')).body).toEqual({ setupRequired: true });
    const weak = await http.post('/api/setup').send({ email: 'admin@example.com', password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PasswordPolicyViolation');
    const badEmail = await http.post('/api/setup').send({ email: 'nope', password: 'Str0ng-Password' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toMatchObject({ code: 'ValidationError' });
    expect(badEmail.body.error.requestId).toBe(badEmail.headers['x-amzn-requestid']);
    const ok = await http.post('/api/setup').send({ email: 'admin@example.com', password: 'Str0ng-Password', accountId: '210987654321' });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ accountId: '210987654321', rootEmail: 'admin@example.com' });
    const again = await http.post('/api/setup').send({ email: 'other@example.com', password: 'Str0ng-Password' });
    expect(again.status).toBe(409);
    expect((await http.get('/api/setup')).body).toEqual({ setupRequired: false });
  });

  it('turns bad bodies and unknown routes into AWS-style 4xx errors, never 500', async () => {
    const malformed = await http.post('/api/setup').set('content-type', 'application/json').send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MalformedInput');
    const huge = await http.post('/api/setup').set('content-type', 'application/json').send(JSON.stringify({ email: 'a'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    const form = await http.post('/api/setup').set('content-type', 'application/x-www-form-urlencoded').send('email=a');
    expect(form.status).toBe(415);
    const unknown = await http.get('/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UnknownOperation');
  });
});
