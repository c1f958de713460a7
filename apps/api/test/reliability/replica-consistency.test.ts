/**
 * Issue #16, "Replicas stay consistent": three real server processes on one database. A user
 * reads through every replica without pause while a permission it relies on is detached through
 * one replica, a few milliseconds after another write in the same account went through another —
 * the race in which a load that began before the detach used to store the old policies for the
 * whole cache lifetime. Once the detach is acknowledged, every replica must deny within 1 s
 * (measured: the last request *started* after the acknowledgement that was still allowed).
 * Then the same with the replicas' LISTEN connections cut: a replica that cannot hear the others
 * must not answer from its cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreatePolicyCommand, CreateUserCommand, DetachUserPolicyCommand, GetUserCommand, IAMClient, PutGroupPolicyCommand } from '@aws-sdk/client-iam';
import { newMasterKey } from '../../src/crypto/secrets';
import { INVALIDATION_APPLICATION_NAME } from '../../src/authz/invalidation';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { startServer, type ServerProcess } from '../server-process';

const ACCOUNT = '864209753186';
const ROOT_KEY = { accessKeyId: 'AKIAREPLICACONSISTEN', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TRIALS = 12;
const LIMIT_MS = 1000;
/** How long each trial keeps reading after the acknowledgement (past the limit, short of the 5 s lifetime). */
const OBSERVE_MS = 2500;

let database: TestDatabase;
let workDir: string;
const replicas: ServerProcess[] = [];
let admins: IAMClient[];
let alice: IAMClient[];
let policyArn: string;

const client = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) => new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = mkdtempSync(path.join(tmpdir(), 'portcullis-replicas-'));
  const masterKey = newMasterKey();
  const environment = (name: string) => ({
    DATABASE_URL: database.url,
    PORTCULLIS_DATA_DIR: path.join(workDir, name),
    PORTCULLIS_MASTER_KEY: masterKey,
    PORTCULLIS_ACCOUNT_ID: ACCOUNT,
    PORTCULLIS_ROOT_EMAIL: `root@${ACCOUNT}.example.com`,
    PORTCULLIS_ROOT_PASSWORD: 'Replica-Root-Pass-1',
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
  });
  // The first replica sets the account up; the others find it.
  replicas.push(await startServer(environment('a')));
  replicas.push(...(await Promise.all([startServer(environment('b')), startServer(environment('c'))])));
  admins = replicas.map((r) => client(r.endpoint, ROOT_KEY));
  const admin = admins[0]!;
  await admin.send(new CreateUserCommand({ UserName: 'alice' }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = replicas.map((r) => client(r.endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
  policyArn = (await admin.send(new CreatePolicyCommand({ PolicyName: 'ReadUsers', PolicyDocument: document }))).Policy!.Arn!;
  await admin.send(new CreateGroupCommand({ GroupName: 'bystanders' }));
}, 180_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await database?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

async function aliceAllowed(replica: number): Promise<boolean> {
  try {
    await alice[replica]!.send(new GetUserCommand({ UserName: 'alice' }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'AccessDenied') return false;
    throw error;
  }
}

/** Reads through every replica back to back until `until()`; records each request's start and answer. */
function readContinuously(stop: { done: boolean }) {
  const answers: { replica: number; startedAt: number; allowed: boolean }[] = [];
  const loops = replicas.map(async (_, replica) => {
    while (!stop.done) {
      const startedAt = performance.now();
      answers.push({ replica, startedAt, allowed: await aliceAllowed(replica) });
    }
  });
  return { answers, finished: Promise.all(loops) };
}

/** Milliseconds after `acknowledgedAt` that each replica still allowed a request started then (0: none). */
function staleness(answers: { replica: number; startedAt: number; allowed: boolean }[], acknowledgedAt: number): number[] {
  return replicas.map((_, replica) => Math.max(0, ...answers.filter((a) => a.replica === replica && a.allowed && a.startedAt > acknowledgedAt).map((a) => a.startedAt - acknowledgedAt)));
}

async function attachAndWarm(): Promise<void> {
  await admins[0]!.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
  for (let replica = 0; replica < replicas.length; replica++) {
    const deadline = Date.now() + 5000;
    while (!(await aliceAllowed(replica))) {
      if (Date.now() > deadline) throw new Error(`replica ${replica} never allowed the attached policy`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('three replicas on one database', () => {
  it('enforce a detach within 1 s everywhere, also right after another write in the account', async () => {
    const worst: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      await attachAndWarm();
      const stop = { done: false };
      const reading = readContinuously(stop);
      await new Promise((r) => setTimeout(r, 50));
      // An account-wide change through one replica (every replica reloads alice's policies)…
      const other = admins[trial % 3]!.send(new PutGroupPolicyCommand({ GroupName: 'bystanders', PolicyName: `p${trial}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] }) }));
      await new Promise((r) => setTimeout(r, (trial * 7) % 40));
      // …and 0–40 ms later the detach through another.
      await admins[(trial + 1) % 3]!.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
      const acknowledgedAt = performance.now();
      await other;
      await new Promise((r) => setTimeout(r, OBSERVE_MS));
      stop.done = true;
      await reading.finished;
      worst.push(Math.max(...staleness(reading.answers, acknowledgedAt)));
    }
    worst.sort((a, b) => a - b);
    console.log(`detach enforced on every replica within (ms, per trial, sorted): ${worst.map((ms) => Math.round(ms)).join(', ')}`);
    expect(worst.at(-1)!).toBeLessThan(LIMIT_MS);
  }, 240_000);

  it('stop answering from the cache while they cannot hear the others, and catch up once they can', async () => {
    await attachAndWarm();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // What a database failover or a network cut does to each replica's LISTEN connection.
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [INVALIDATION_APPLICATION_NAME]);
      expect(rowCount).toBe(3);
      // Detach at once: well before the listeners reconnect (about 1 s after the cut).
      await new Promise((r) => setTimeout(r, 50));
      const stop = { done: false };
      const reading = readContinuously(stop);
      await admins[0]!.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
      const acknowledgedAt = performance.now();
      await new Promise((r) => setTimeout(r, OBSERVE_MS));
      stop.done = true;
      await reading.finished;
      const lag = staleness(reading.answers, acknowledgedAt);
      console.log(`detach enforced with LISTEN lost within (ms, per replica): ${lag.map((ms) => Math.round(ms)).join(', ')}`);
      // Stricter than the 1 s target: the listeners reconnect about 1 s after the cut (and then
      // start from empty caches), so only reading through while cut keeps this well under it.
      for (const ms of lag) expect(ms).toBeLessThan(LIMIT_MS / 2);
      // Listening again (the listeners reconnect after about a second): changes are heard again.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [INVALIDATION_APPLICATION_NAME]);
        if (rows[0].n === 3) break;
        if (Date.now() > deadline) throw new Error('the listeners did not reconnect');
        await new Promise((r) => setTimeout(r, 100));
      }
      await attachAndWarm();
      const again = { done: false };
      const rereading = readContinuously(again);
      await admins[2]!.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: policyArn }));
      const reacknowledgedAt = performance.now();
      await new Promise((r) => setTimeout(r, 1500));
      again.done = true;
      await rereading.finished;
      for (const ms of staleness(rereading.answers, reacknowledgedAt)) expect(ms).toBeLessThan(LIMIT_MS);
    } finally {
      await admin.end();
    }
  }, 120_000);
});
