/**
 * Issue #16, docs/operations.md "High availability": the database restarts (what a failover or
 * a PostgreSQL upgrade does) while the real server process is under load. Every request must get
 * an AWS answer — success, or 503 ServiceUnavailable with Retry-After while the database is down,
 * never a 500 or a reset connection; the process must stay up, and once the database is back the
 * server must serve again by itself: reads, writes, readiness, and the change announcements
 * between replicas (its LISTEN connection reconnects).
 *
 * The database is a private PostgreSQL (the embedded one `pnpm start` uses), so the test may stop
 * and start it without disturbing the machine's.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, DetachUserPolicyCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import pg from 'pg';
import { newMasterKey } from '../../src/crypto/secrets';
import { INVALIDATION_APPLICATION_NAME } from '../../src/authz/invalidation';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { startServer, type ServerProcess } from '../server-process';

const ACCOUNT = '753186420975';
const ROOT_KEY = { accessKeyId: 'AKIADATABASERESTART1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

let workDir: string;
let database: EmbeddedDatabase | undefined;
let server: ServerProcess | undefined;
let root: IAMClient;

const quiet = () => {};

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'portcullis-restart-'));
  // As root, PostgreSQL runs as an unprivileged user, which must be able to pass through here.
  chmodSync(workDir, 0o755);
  database = await startEmbeddedDatabase(path.join(workDir, 'db'), quiet);
  server = await startServer({
    DATABASE_URL: database.url,
    PORTCULLIS_DATA_DIR: path.join(workDir, 'server'),
    PORTCULLIS_MASTER_KEY: newMasterKey(),
    PORTCULLIS_ACCOUNT_ID: ACCOUNT,
    PORTCULLIS_ROOT_EMAIL: `root@${ACCOUNT}.example.com`,
    PORTCULLIS_ROOT_PASSWORD: 'Restart-Root-Pass-1',
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
  });
  root = new IAMClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: ROOT_KEY, maxAttempts: 1 });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

type Outcome = 'ok' | 'unavailable' | string;

async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    if (e.name === 'ServiceUnavailable' && e.$metadata?.httpStatusCode === 503 && e.$response?.headers?.['retry-after']) return 'unavailable';
    return `${e.name ?? e.code ?? 'error'} ${e.$metadata?.httpStatusCode ?? ''}`.trim();
  }
}

describe('a database restart under load', () => {
  it('is answered 503 while the database is down, never crashes, and recovers by itself', async () => {
    await root.send(new CreateUserCommand({ UserName: 'steady' }));
    const outcomes: Outcome[] = [];
    let running = true;
    let n = 0;
    // Four clients reading and writing back to back for the whole test.
    const load = Array.from({ length: 4 }, async (_, worker) => {
      while (running) {
        const call = worker % 2 === 0 ? root.send(new GetUserCommand({ UserName: 'steady' })) : root.send(new CreateUserCommand({ UserName: `load-${worker}-${n++}` }));
        outcomes.push(await outcomeOf(call));
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    await database!.stop();
    const whileDown: Outcome[] = [];
    for (let i = 0; i < 5; i++) whileDown.push(await outcomeOf(root.send(new GetUserCommand({ UserName: 'steady' }))));
    const ready = await fetch(`${server!.endpoint}/api/health/ready`);
    const live = await fetch(`${server!.endpoint}/api/health/live`);
    database = await startEmbeddedDatabase(path.join(workDir, 'db'), quiet);
    // Back by itself: no restart of the server, only retries by the client.
    const deadline = Date.now() + 30_000;
    while ((await outcomeOf(root.send(new GetUserCommand({ UserName: 'steady' })))) !== 'ok') {
      if (Date.now() > deadline) throw new Error(`the server did not recover:\n${server!.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await Promise.all(load);

    expect(whileDown, server!.output().slice(-4000)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect(ready.status).toBe(503);
    expect(live.status).toBe(200);
    const unexpected = outcomes.filter((o) => o !== 'ok' && o !== 'unavailable');
    expect(unexpected, server!.output().split('\n').filter((line) => line.includes('unhandled error')).slice(-3).join('\n')).toEqual([]);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(10);
    expect(server!.child.exitCode).toBeNull();
    expect((await fetch(`${server!.endpoint}/api/health/ready`)).status).toBe(200);
    expect(await outcomeOf(root.send(new CreateUserCommand({ UserName: 'after-restart' })))).toBe('ok');
  }, 120_000);

  it('listens for other replicas\' changes again after the restart, and enforces its own at once', async () => {
    // The LISTEN connection came back by itself.
    const admin = new pg.Client({ connectionString: database!.url });
    await admin.connect();
    try {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [INVALIDATION_APPLICATION_NAME]);
        if (rows[0]!.n === 1) break;
        if (Date.now() > deadline) throw new Error('the invalidation listener did not reconnect');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await admin.end();
    }
    await root.send(new CreateUserCommand({ UserName: 'reader' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = new IAMClient({ endpoint: server!.endpoint, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    const policy = (await root.send(new CreatePolicyCommand({ PolicyName: 'ReadAfterRestart', PolicyDocument: document }))).Policy!;
    await root.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: policy.Arn! }));
    expect(await outcomeOf(reader.send(new GetUserCommand({ UserName: 'reader' })))).toBe('ok');
    await root.send(new DetachUserPolicyCommand({ UserName: 'reader', PolicyArn: policy.Arn! }));
    expect(await outcomeOf(reader.send(new GetUserCommand({ UserName: 'reader' })))).toBe('AccessDenied 403');
  }, 60_000);
});
