/**
 * Issue #16: kill -9 under write load loses nothing acknowledged and leaves nothing half-written.
 * The real server process takes concurrent chains of CreateUser → AttachUserPolicy →
 * CreateAccessKey from the AWS SDK; it is sent SIGKILL mid-load and restarted on the same
 * database. Then: every acknowledged write exists (and each acknowledged key still signs calls),
 * every acknowledged write has its audit event (same request ID), and every committed change has
 * its audit event — a write and its event commit in one transaction (dispatch.ts), so a request
 * cut off by the kill left both or neither. Reads run alongside (GetUser of the users created so
 * far): each answered one has its event too — a read's event goes through the audit log's group
 * commit (audit/audit.ts), which stores it before the answer leaves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { newMasterKey } from '../../src/crypto/secrets';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { startServer, type ServerProcess } from '../server-process';

const ACCOUNT = '642097531864';
const ROOT_KEY = { accessKeyId: 'AKIAKILLNINEUNDERLOA', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const WORKERS = 6;
const READERS = 3;
/** Killed once this many writes are acknowledged, or after KILL_AFTER_MS of load, whichever comes first. */
const KILL_AT_ACKNOWLEDGED = 45;
const KILL_AFTER_MS = 8_000;

let database: TestDatabase;
let dataDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'portcullis-kill9-'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const masterKey = newMasterKey();
async function start(): Promise<ServerProcess> {
  const server = await startServer({
    DATABASE_URL: database.url,
    PORTCULLIS_DATA_DIR: dataDir,
    PORTCULLIS_MASTER_KEY: masterKey,
    PORTCULLIS_ACCOUNT_ID: ACCOUNT,
    PORTCULLIS_ROOT_EMAIL: `root@${ACCOUNT}.example.com`,
    PORTCULLIS_ROOT_PASSWORD: 'Kill-Nine-Root-Pass-1',
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
  });
  servers.push(server);
  return server;
}

const clientConfig = (endpoint: string, credentials = ROOT_KEY) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: { requestTimeout: 15_000 } });

interface Acknowledged {
  action: 'CreateUser' | 'AttachUserPolicy' | 'CreateAccessKey';
  userName: string;
  requestId: string;
  key?: { accessKeyId: string; secretAccessKey: string };
}

/** An error the server answered (an AWS error code), as opposed to a cut connection. */
const isAnswered = (error: unknown) => typeof (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';

describe('kill -9 under write load', () => {
  it('loses no acknowledged write and leaves no write without its audit event', { timeout: 90_000 }, async () => {
    const began = Date.now();
    const first = await start();
    const iam = new IAMClient(clientConfig(first.endpoint));
    await iam.send(new ListUsersCommand({}));

    const acknowledged: Acknowledged[] = [];
    const reads: { userName: string; requestId: string }[] = [];
    const answeredErrors: string[] = [];
    let killed = false;
    let killedAt = 0;
    let loadMs = 0;
    const kill = () => {
      if (killed) return;
      killed = true;
      killedAt = acknowledged.length;
      loadMs = Date.now() - loadStarted;
      first.child.kill('SIGKILL');
    };
    // A reply that arrives after the signal was sent is acknowledged all the same.
    const acknowledge = (entry: Acknowledged) => {
      acknowledged.push(entry);
      if (acknowledged.length >= KILL_AT_ACKNOWLEDGED) kill();
    };

    /** Chains of writes until the connection is cut; a write the server refused (a race it lost) ends only its chain. */
    async function worker(w: number): Promise<void> {
      for (let i = 0; !killed; i++) {
        const userName = `k9-${w}-${i}`;
        try {
          const created = await iam.send(new CreateUserCommand({ UserName: userName }));
          acknowledge({ action: 'CreateUser', userName, requestId: created.$metadata.requestId! });
          const attached = await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: POLICY_ARN }));
          acknowledge({ action: 'AttachUserPolicy', userName, requestId: attached.$metadata.requestId! });
          const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
          acknowledge({ action: 'CreateAccessKey', userName, requestId: key.$metadata.requestId!, key: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! } });
        } catch (error) {
          if (killed) return;
          if (!isAnswered(error)) throw error;
          answeredErrors.push((error as Error).name);
        }
      }
    }
    /** GetUser of the users acknowledged so far, until the connection is cut. */
    async function reader(r: number): Promise<void> {
      for (let i = 0; !killed; i++) {
        const created = acknowledged.filter((w) => w.action === 'CreateUser');
        const userName = created.length ? created[(i * READERS + r) % created.length]!.userName : undefined;
        try {
          if (!userName) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            continue;
          }
          const got = await iam.send(new GetUserCommand({ UserName: userName }));
          reads.push({ userName, requestId: got.$metadata.requestId! });
        } catch (error) {
          if (killed) return;
          throw error;
        }
      }
    }
    const loadStarted = Date.now();
    const timer = setTimeout(kill, KILL_AFTER_MS);
    try {
      await Promise.all([...Array.from({ length: WORKERS }, (_, w) => worker(w)), ...Array.from({ length: READERS }, (_, r) => reader(r))]);
    } finally {
      clearTimeout(timer);
    }
    expect(await first.exited).toBeNull();
    expect(first.child.signalCode).toBe('SIGKILL');
    // The load was real: writes were acknowledged before the kill, and writes were in flight at it.
    expect(killedAt).toBeGreaterThanOrEqual(10);
    // Only AWS's answer to lost serialization races may refuse a write under this load.
    expect(answeredErrors.filter((name) => name !== 'ConcurrentModificationException' && name !== 'ConcurrentModification'), first.output()).toEqual([]);

    // Restart on the same database.
    const second = await start();
    const db = database.db;

    // 1. Every acknowledged write exists, and each acknowledged key signs calls.
    const users = await db.user.findMany({ where: { accountId: ACCOUNT, name: { startsWith: 'k9-' } }, include: { attachments: { include: { policy: { select: { arn: true } } } }, accessKeys: true } });
    const byName = new Map(users.map((u) => [u.name, u]));
    for (const write of acknowledged) {
      const user = byName.get(write.userName);
      expect(user, `${write.action} ${write.userName}`).toBeDefined();
      if (write.action === 'AttachUserPolicy') expect(user!.attachments.map((a) => a.policy.arn)).toContain(POLICY_ARN);
      if (write.action === 'CreateAccessKey') expect(user!.accessKeys.map((k) => k.id)).toContain(write.key!.accessKeyId);
    }
    for (const { key, userName } of acknowledged.filter((w) => w.key)) {
      const identity = await new STSClient(clientConfig(second.endpoint, key!)).send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${userName}`);
    }
    const listed = (await new IAMClient(clientConfig(second.endpoint)).send(new ListUsersCommand({ MaxItems: 1000 }))).Users ?? [];
    expect(listed.map((u) => u.UserName).filter((n) => n?.startsWith('k9-')).sort()).toEqual(users.map((u) => u.name).sort());

    // 2. Every acknowledged write has its audit event, under its request ID.
    const events = await db.auditEvent.findMany({ where: { accountId: ACCOUNT, action: { in: ['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:CreateAccessKey'] }, decision: 'allowed', errorCode: null } });
    const eventByRequest = new Map(events.map((e) => [e.requestId, e]));
    for (const write of acknowledged) {
      expect(eventByRequest.get(write.requestId), `${write.action} ${write.userName} (${write.requestId})`).toMatchObject({ action: `iam:${write.action}`, resource: `arn:aws:iam::${ACCOUNT}:user/${write.userName}` });
    }

    // 2b. Every answered read has its audit event too.
    expect(reads.length).toBeGreaterThan(0);
    const readEvents = await db.auditEvent.findMany({ where: { accountId: ACCOUNT, action: 'iam:GetUser', requestId: { in: reads.map((r) => r.requestId) } } });
    const readByRequest = new Map(readEvents.map((e) => [e.requestId, e]));
    for (const read of reads) {
      expect(readByRequest.get(read.requestId), `GetUser ${read.userName} (${read.requestId})`).toMatchObject({ decision: 'allowed', resource: `arn:aws:iam::${ACCOUNT}:user/${read.userName}` });
    }

    // 3. Nothing half-written: the committed changes and the successful audit events match one to
    // one — each user, attachment and key (acknowledged or cut off by the kill) has its event, and
    // no event tells of a change that is not there.
    const count = (action: string) => {
      const counts = new Map<string, number>();
      for (const e of events.filter((e) => e.action === action)) counts.set(e.resource!, (counts.get(e.resource!) ?? 0) + 1);
      return Object.fromEntries([...counts].sort());
    };
    const expected = (n: (u: (typeof users)[number]) => number) => Object.fromEntries(users.filter((u) => n(u) > 0).map((u) => [u.arn, n(u)] as const).sort());
    expect(count('iam:CreateUser')).toEqual(expected(() => 1));
    expect(count('iam:AttachUserPolicy')).toEqual(expected((u) => u.attachments.length));
    expect(count('iam:CreateAccessKey')).toEqual(expected((u) => u.accessKeys.length));

    console.info(`kill -9: ${killedAt} writes acknowledged before the kill (${acknowledged.length} total, ${reads.length} reads answered, ${answeredErrors.length} refused as concurrent), ${users.length} users committed; killed after ${(loadMs / 1000).toFixed(1)} s of load; whole test ${((Date.now() - began) / 1000).toFixed(1)} s`);
  });
});
