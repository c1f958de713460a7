/**
 * Issue #16: SIGTERM drains instead of resetting. The real server (main.ts) runs on a test
 * database; concurrent CreateUser calls (Query API, root key) are held in flight by a lock on
 * the audit table, the server is sent SIGTERM, and every request must still get a complete HTTP
 * answer — 200 when it finishes within PORTCULLIS_SHUTDOWN_GRACE_SECONDS, 503
 * ServiceUnavailable with Retry-After past it — the process must exit 0, and every committed
 * write must have its audit event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { newMasterKey } from '../../src/crypto/secrets';
import { repoRoot } from '../../src/paths';
import { WRITES_PER_ACCOUNT } from '../../src/dispatch';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { freePort } from '../server-process';

const ACCOUNT = '975318642097';
const ROOT_KEY = { accessKeyId: 'AKIAGRACEFULSHUTDOWN', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const REQUESTS = 20;

interface Running {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<number | null>;
  output: () => string;
}

let database: TestDatabase;
let dataDir: string;
let running: Running | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'portcullis-shutdown-'));
});

afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  await running?.exited;
  running = undefined;
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `node --import tsx apps/api/src/main.ts` on the test database; resolves once it answers. */
async function startServer(graceSeconds: number): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTCULLIS_DATA_DIR: dataDir,
      PORTCULLIS_MASTER_KEY: newMasterKey(),
      PORTCULLIS_ACCOUNT_ID: ACCOUNT,
      PORTCULLIS_ROOT_EMAIL: `root@${ACCOUNT}.example.com`,
      PORTCULLIS_ROOT_PASSWORD: 'Shutdown-Root-Pass-1',
      PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
      PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
      PORTCULLIS_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start-up (${child.exitCode}):\n${output}`);
    const live = await fetch(`${endpoint}/api/health/live`).catch(() => undefined);
    if (live?.status === 200) break;
    if (Date.now() - started > 60_000) throw new Error(`the server did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, endpoint, exited, output: () => output };
}

/** A Query API call signed as the root key; resolves to the status, headers and body — or the transport error. */
async function query(endpoint: string, action: string, params: Record<string, string> = {}) {
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: ROOT_KEY, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const headers = { ...signed.headers } as Record<string, string>;
  delete headers.host;
  try {
    const res = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
  } catch (error) {
    return { status: 0, retryAfter: null, text: String((error as Error).cause ?? error) };
  }
}

/** Holds an EXCLUSIVE lock on the audit table (reads go on; every write's audit insert waits). */
async function lockAuditTable(): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "AuditEventRecord" IN EXCLUSIVE MODE');
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Waits until `count` backends of the test database wait on a lock: the account's writes in flight are held there. */
async function waitForLockWaiters(count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const [row] = await database.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        return row?.n ?? 0;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBeGreaterThanOrEqual(count);
}

async function committedAndAudited() {
  const users = await database.db.user.findMany({ where: { name: { startsWith: 'drain-' } }, select: { arn: true } });
  const events = await database.db.auditEvent.findMany({ where: { action: 'iam:CreateUser', decision: 'allowed', errorCode: null }, select: { resource: true } });
  return { users: users.map((u) => u.arn).sort(), audited: events.map((e) => e.resource).sort() };
}

describe('graceful shutdown (SIGTERM)', () => {
  it('lets in-flight requests finish within the grace period, then exits 0', { timeout: 120_000 }, async () => {
    running = await startServer(20);
    const { endpoint } = running;
    // Warm the root key's cache, so the requests below need the database only for their writes.
    expect((await query(endpoint, 'ListUsers')).status).toBe(200);
    const lock = await lockAuditTable();
    let results: Awaited<ReturnType<typeof query>>[];
    try {
      const calls = Array.from({ length: REQUESTS }, (_, i) => query(endpoint, 'CreateUser', { UserName: `drain-${i}` }));
      await waitForLockWaiters(WRITES_PER_ACCOUNT);
      // The other requests wait their turn (dispatch.ts WRITES_PER_ACCOUNT); give the server a moment to read them all.
      await new Promise((resolve) => setTimeout(resolve, 500));
      running.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(running.child.exitCode, 'still draining while requests are open').toBeNull();
      await lock.release();
      results = await Promise.all(calls);
    } finally {
      await lock.release();
    }
    expect(await running.exited, running.output()).toBe(0);
    // Every request was answered in full by the action itself: created, or (SERIALIZABLE writes
    // piled up behind one lock) refused as AWS refuses concurrent changes — never reset, never a 5xx.
    const refused = results.filter((r) => r.status !== 200);
    for (const r of refused) expect(r, JSON.stringify(r)).toMatchObject({ status: 409, text: expect.stringContaining('<Code>ConcurrentModification</Code>') });
    expect(refused.length).toBeLessThan(REQUESTS);
    const { users, audited } = await committedAndAudited();
    expect(users).toHaveLength(REQUESTS - refused.length);
    expect(audited).toEqual(users);
  });

  it('answers requests still running after the grace period with 503 ServiceUnavailable, then exits 0', { timeout: 120_000 }, async () => {
    running = await startServer(2);
    const { endpoint } = running;
    expect((await query(endpoint, 'ListUsers')).status).toBe(200);
    const lock = await lockAuditTable();
    let results: Awaited<ReturnType<typeof query>>[];
    try {
      const calls = Array.from({ length: REQUESTS }, (_, i) => query(endpoint, 'CreateUser', { UserName: `drain-${i}` }));
      await waitForLockWaiters(WRITES_PER_ACCOUNT);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalled = Date.now();
      running.child.kill('SIGTERM');
      // Held past the grace period: every request is answered, none reset.
      results = await Promise.all(calls);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1900);
    } finally {
      // The stragglers' transactions may still commit once the lock goes: the server waits for them.
      await lock.release();
    }
    expect(results.map((r) => r.status), JSON.stringify(results.filter((r) => r.status !== 503))).toEqual(Array(REQUESTS).fill(503));
    for (const result of results) {
      expect(result.retryAfter).toBe('1');
      expect(result.text).toContain('<Code>ServiceUnavailable</Code>');
    }
    expect(await running.exited, running.output()).toBe(0);
    // Whatever did commit was audited with it.
    const { users, audited } = await committedAndAudited();
    expect(audited).toEqual(users);
  });
});
