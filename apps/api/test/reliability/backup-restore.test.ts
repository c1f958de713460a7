/**
 * Issue #16, docs/operations.md "Backup and restore", end to end with real processes: the server
 * runs on a database; a user, its access key and its console password are created through the
 * API; the database is dumped with pg_dump (custom format) and restored with pg_restore into a
 * fresh database; a server started on the restored database with the same master key accepts the
 * key's signatures (AWS SDK) and the password's sign-in — and with another master key refuses to
 * start, saying why.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { newMasterKey } from '../../src/crypto/secrets';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../test-database';
import { spawnServer, startServer, type ServerProcess } from '../server-process';

const run = promisify(execFile);

const ACCOUNT = '531975318642';
const ROOT_KEY = { accessKeyId: 'AKIABACKUPRESTORE001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const USER = 'restored-user';
const PASSWORD = 'Restore-Me-Password-42!';
const MASTER_KEY = newMasterKey();

let source: TestDatabase;
let restored: { url: string; drop(): Promise<void> } | undefined;
let workDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  source = await createTestDatabase();
  workDir = mkdtempSync(path.join(tmpdir(), 'portcullis-backup-'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await restored?.drop();
  await source?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

function environment(databaseUrl: string, masterKey: string, name: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORTCULLIS_DATA_DIR: path.join(workDir, name),
    PORTCULLIS_MASTER_KEY: masterKey,
    PORTCULLIS_ACCOUNT_ID: ACCOUNT,
    PORTCULLIS_ROOT_EMAIL: `root@${ACCOUNT}.example.com`,
    PORTCULLIS_ROOT_PASSWORD: 'Backup-Root-Pass-1',
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
  };
}

async function start(databaseUrl: string, masterKey: string, name: string): Promise<ServerProcess> {
  const server = await startServer(environment(databaseUrl, masterKey, name));
  servers.push(server);
  return server;
}

const client = { region: 'us-east-1', maxAttempts: 1 };
const iam = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) => new IAMClient({ ...client, endpoint, credentials });
const sts = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) => new STSClient({ ...client, endpoint, credentials });

async function signIn(endpoint: string): Promise<{ status: number; body: { principal?: { arn: string } } }> {
  const res = await fetch(`${endpoint}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'iam', account: ACCOUNT, userName: USER, password: PASSWORD }),
  });
  return { status: res.status, body: (await res.json()) as { principal?: { arn: string } } };
}

describe('backup and restore (pg_dump / pg_restore + the master key)', () => {
  it('a restored database serves the same keys and passwords with the same master key, and refuses another key', { timeout: 180_000 }, async () => {
    // 1. Data written through the API.
    const original = await start(source.url, MASTER_KEY, 'original');
    const root = iam(original.endpoint, ROOT_KEY);
    const user = (await root.send(new CreateUserCommand({ UserName: USER }))).User!;
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: USER }))).AccessKey!;
    await root.send(new CreateLoginProfileCommand({ UserName: USER, Password: PASSWORD, PasswordResetRequired: false }));
    const userKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    expect((await sts(original.endpoint, userKey).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.Arn);
    expect((await signIn(original.endpoint)).status).toBe(200);
    // Stopped as an operator would before a cold backup (pg_dump is consistent while it runs, too).
    expect(await original.stop('SIGTERM')).toBe(0);

    // 2. Dump, and restore into a fresh database.
    const dump = path.join(workDir, 'portcullis.dump');
    await run('/usr/bin/pg_dump', ['-Fc', '--file', dump, '--dbname', source.url]);
    expect(statSync(dump).size).toBeGreaterThan(0);
    restored = await createEmptyDatabase();
    await run('/usr/bin/pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', restored.url, dump]);

    // 3. The same master key: the key signs SDK calls and the password signs in.
    const restoredServer = await start(restored.url, MASTER_KEY, 'restored');
    expect((await sts(restoredServer.endpoint, userKey).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.Arn);
    const users = (await iam(restoredServer.endpoint, ROOT_KEY).send(new ListUsersCommand({}))).Users ?? [];
    expect(users.map((u) => [u.UserName, u.UserId])).toEqual([[USER, user.UserId]]);
    const session = await signIn(restoredServer.endpoint);
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    expect(session.body.principal?.arn).toBe(user.Arn);
    expect(await restoredServer.stop('SIGTERM')).toBe(0);

    // 4. Another master key: the server refuses to start, and says why.
    const wrongKey = await spawnServer(environment(restored.url, newMasterKey(), 'wrong-key'));
    servers.push(wrongKey);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 60_000).unref());
    expect(await Promise.race([wrongKey.exited, timeout]), wrongKey.output()).toBe(1);
    expect(wrongKey.output()).toContain('The master key does not match the one this database was encrypted with');
    expect((await fetch(`${wrongKey.endpoint}/api/health/live`).catch(() => undefined))?.status).toBeUndefined();
  });
});
