/**
 * Issue #16: when the database refuses connections or its backends are terminated, requests are
 * answered AWS's 503 ServiceUnavailable with Retry-After (not 500 InternalFailure), readiness
 * fails while liveness holds, nothing crashes the process, and service resumes by itself once
 * the database is back. The outage is real: the app's backends are terminated and the test
 * database stops accepting connections (ALTER DATABASE … ALLOW_CONNECTIONS false).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import type { App } from '../../src/app';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createApp } from '../../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../../src/crypto/secrets';
import { createLogger } from '../../src/logger';
import { setupFromEnvironment } from '../../src/setup/first-run';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { signIn, type ConsoleClient } from '../console-client';

const ACCOUNT = '246813579024';
const ROOT_EMAIL = `root@${ACCOUNT}.example.com`;
const ROOT_PASSWORD = 'Unavailable-Root-1';
const ROOT_KEY = { accessKeyId: 'AKIAUNAVAILABLEROOT1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

let database: TestDatabase;
let databaseName: string;
let app: App;
let server: Server;
let endpoint: string;
let root: ConsoleClient;
const unhandled = vi.fn();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Ends every connection to the test database and refuses new ones. */
async function takeDatabaseDown(): Promise<void> {
  await admin(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}' AND pid <> pg_backend_pid()`);
}

async function bringDatabaseBack(): Promise<void> {
  await admin(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
}

/** A Query API call signed as the root key, sent as the SDKs send it. */
async function query(action: string, params: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: ROOT_KEY, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const headers = { ...signed.headers } as Record<string, string>;
  delete headers.host;
  return fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
}

beforeAll(async () => {
  process.on('unhandledRejection', unhandled);
  database = await createTestDatabase();
  databaseName = new URL(database.url).pathname.slice(1);
  const secrets = createSecretBox(parseMasterKey(newMasterKey()));
  await setupFromEnvironment(database.db, secrets, { email: ROOT_EMAIL, password: ROOT_PASSWORD, accountId: ACCOUNT, rootAccessKeyId: ROOT_KEY.accessKeyId, rootSecretAccessKey: ROOT_KEY.secretAccessKey });
  app = createApp({ db: database.db, secrets, logger: createLogger('silent') });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await signIn(app, { kind: 'root', email: ROOT_EMAIL, password: ROOT_PASSWORD });
});

afterAll(async () => {
  process.off('unhandledRejection', unhandled);
  if (databaseName) await bringDatabaseBack().catch(() => {});
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

describe('database unavailable', () => {
  it('answers 503 ServiceUnavailable with Retry-After while the database is down, and recovers', async () => {
    // Healthy first.
    await root.ok('iam', 'CreateUser', { UserName: 'before-outage' });
    expect((await query('ListUsers')).status).toBe(200);
    expect((await request(app).get('/api/health/ready')).status).toBe(200);

    await takeDatabaseDown();
    try {
      // REST (the console): a write and a read.
      for (const [action, body] of [['CreateUser', { UserName: 'during-outage' }], ['ListUsers', {}]] as const) {
        const res = await root.call('iam', action, body);
        expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'ServiceUnavailable', message: 'The request has failed due to a temporary failure of the server.' });
        expect(res.headers['retry-after']).toBe('1');
      }
      // Query (the SDKs and CLI): AWS's ErrorResponse XML, a Receiver fault.
      for (const [action, params] of [['CreateUser', { UserName: 'during-outage' }], ['ListUsers', {}]] as const) {
        const res = await query(action, params);
        const text = await res.text();
        expect(res.status, `${action}: ${text}`).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(text).toContain('<Code>ServiceUnavailable</Code>');
        expect(text).toContain('<Type>Receiver</Type>');
      }
      // Probes: not ready, but alive.
      const ready = await request(app).get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      const live = await request(app).get('/api/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
    } finally {
      await bringDatabaseBack();
    }

    // Service resumes without a restart (a pooled connection may need one retry to be replaced).
    await expect.poll(async () => (await request(app).get('/api/health/ready')).status, { timeout: 10_000, interval: 200 }).toBe(200);
    await expect.poll(async () => (await query('ListUsers')).status, { timeout: 10_000, interval: 200 }).toBe(200);
    await root.ok('iam', 'CreateUser', { UserName: 'after-outage' });
    const listed = await query('ListUsers');
    const text = await listed.text();
    expect(text).toContain('<UserName>before-outage</UserName>');
    expect(text).toContain('<UserName>after-outage</UserName>');
    expect(text).not.toContain('during-outage');
    // The process never saw an unhandled rejection.
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('reports readiness with the latest migration applied, and not before', async () => {
    expect((await request(app).get('/api/health/ready')).body).toEqual({ status: 'ready', database: 'ok' });
    // An unfinished migration (as a crashed `migrate deploy` leaves it) makes the server not ready.
    await database.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('unfinished-test', 'x', '99999999999999_unfinished', now(), 0)`,
    );
    try {
      const res = await request(app).get('/api/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'unavailable', database: 'migrations pending' });
    } finally {
      await database.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE id = 'unfinished-test'`);
    }
    expect((await request(app).get('/api/health/ready')).status).toBe(200);
  });
});
