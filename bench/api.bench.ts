/**
 * API benchmark (`pnpm bench:api`): an account with 100,000 users on the local PostgreSQL, the
 * real server on loopback, and
 *   1. ListUsers page latency (first page, deep pages by Marker, PathPrefix) through the Query
 *      API, SigV4-signed;
 *   2. throughput and p99 of SigV4-authenticated, authorized iam:GetUser requests (autocannon),
 *      with the ratio to the unauthenticated health request measured in the same run;
 *   3. the shipped server (`node apps/api/dist/main.js`, or src/main.ts with tsx when there is no
 *      build or BENCH_SERVER=tsx) as a child process with its default request logging, its own
 *      fresh database: the latency of a SigV4 iam:GetUser against GET /api/health (the target:
 *      at most 1.5×), one request at a time (node's HTTP client, one kept-alive connection) and
 *      under 16 connections (autocannon).
 * The GetUser request is signed once and replayed (within the 15-minute window), so the figures
 * are the server's cost, not the load generator's signing.
 * Knobs: BENCH_SHIPPED_ONLY=1 runs section 3 alone; BENCH_SERVER_ROOT=<checkout> runs another
 * checkout's server in section 3 (a baseline, for a before/after on the same machine);
 * BENCH_CPU_PROFILE=<dir> runs it under node --cpu-prof, the profile written to that folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createApp } from '../apps/api/src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../apps/api/src/crypto/secrets';
import { createLogger } from '../apps/api/src/logger';
import { setupFromEnvironment } from '../apps/api/src/setup/first-run';
import { newId, newSecretAccessKey } from '../apps/api/src/ids';
import { createEmptyDatabase, createTestDatabase } from '../apps/api/test/test-database';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ACCOUNT = '135792468013';
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: newSecretAccessKey() };
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

if (process.env.BENCH_SHIPPED_ONLY === '1') {
  await shippedServerLatency();
  process.exit(0);
}

const database = await createTestDatabase();
const { db } = database;
const secrets = createSecretBox(parseMasterKey(newMasterKey()));
await setupFromEnvironment(db, secrets, { email: 'bench@example.com', password: 'Bench-Pass-123', accountId: ACCOUNT, rootAccessKeyId: root.accessKeyId, rootSecretAccessKey: root.secretAccessKey });

const t = performance.now();
// Bulk-load users in SQL (the point is reading at this size, not 100,000 API calls).
await db.$executeRawUnsafe(`
  INSERT INTO "User" ("id", "accountId", "name", "path", "arn", "createdAt")
  SELECT 'AIDA' || upper(substr(md5(g::text), 1, 17)), '${ACCOUNT}', 'user-' || lpad(g::text, 6, '0'),
         CASE WHEN g % 10 = 0 THEN '/ops/' ELSE '/' END,
         'arn:aws:iam::${ACCOUNT}:user' || CASE WHEN g % 10 = 0 THEN '/ops/' ELSE '/' END || 'user-' || lpad(g::text, 6, '0'), now()
  FROM generate_series(1, ${USERS}) g`);
await db.$executeRawUnsafe('ANALYZE "User"');
console.log(`seeded ${USERS.toLocaleString()} users in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// A reader: an IAM user whose group grants IAMReadOnlyAccess, with its own key.
const reader = await db.user.create({ data: { id: newId('user'), accountId: ACCOUNT, name: 'reader', arn: `arn:aws:iam::${ACCOUNT}:user/reader` } });
const group = await db.group.create({ data: { id: newId('group'), accountId: ACCOUNT, name: 'Readers', arn: `arn:aws:iam::${ACCOUNT}:group/Readers` } });
await db.groupMembership.create({ data: { groupId: group.id, userId: reader.id } });
const readOnly = await db.managedPolicy.findFirstOrThrow({ where: { accountId: null, name: 'IAMReadOnlyAccess' } });
await db.policyAttachment.create({ data: { policyId: readOnly.id, groupId: group.id } });
const readerKey = { accessKeyId: newId('accessKey'), secretAccessKey: newSecretAccessKey() };
await db.accessKey.create({ data: { id: readerKey.accessKeyId, accountId: ACCOUNT, userId: reader.id, secretEncrypted: secrets.encrypt(readerKey.secretAccessKey) } });

const app = createApp({ db, secrets, logger: createLogger('silent') });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;
const host = `127.0.0.1:${port}`;

async function signed(body: string, credentials = readerKey, to = port) {
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: to, path: '/', headers: { host: `127.0.0.1:${to}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  return request.headers as Record<string, string>;
}

async function timeQuery(body: string): Promise<{ ms: number; text: string }> {
  const headers = await signed(body);
  const start = performance.now();
  const res = await fetch(`http://${host}/`, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status}: ${text}`);
  return { ms: performance.now() - start, text };
}

// 1. ListUsers page latency.
// BENCH_SKIP_LIST=1 measures throughput only (quicker runs while working on the request path).
const SKIP_LIST = process.env.BENCH_SKIP_LIST === '1';
const pages: Record<string, number[]> = { 'first page (100)': [], 'deep page by Marker (100)': [], 'PathPrefix /ops/ (100)': [], 'MaxItems 1000': [] };
let marker: string | undefined;
for (let i = 0; i < (SKIP_LIST ? 0 : 30); i++) {
  pages['first page (100)']!.push((await timeQuery('Action=ListUsers&Version=2010-05-08&MaxItems=100')).ms);
  const r = await timeQuery(`Action=ListUsers&Version=2010-05-08&MaxItems=100${marker ? `&Marker=${encodeURIComponent(marker)}` : ''}`);
  pages['deep page by Marker (100)']!.push(r.ms);
  marker = /<Marker>([^<]+)<\/Marker>/.exec(r.text)?.[1];
  pages['PathPrefix /ops/ (100)']!.push((await timeQuery('Action=ListUsers&Version=2010-05-08&MaxItems=100&PathPrefix=%2Fops%2F')).ms);
  pages['MaxItems 1000']!.push((await timeQuery('Action=ListUsers&Version=2010-05-08&MaxItems=1000')).ms);
}
// A page deep into the list: walk a marker forward to ~user 90,000.
const deepMarker = Buffer.from(JSON.stringify(['user-090000', ''])).toString('base64url');
if (!SKIP_LIST) {
  const deep = await timeQuery(`Action=ListUsers&Version=2010-05-08&MaxItems=100&Marker=${deepMarker}`);
  console.log(`\nListUsers over ${USERS.toLocaleString()} users (ms, 30 runs each, reader with IAMReadOnlyAccess via a group):`);
  console.table(Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, { p50: +percentile(v, 50).toFixed(2), p99: +percentile(v, 99).toFixed(2) }])));
  console.log(`page at user-090000: ${deep.ms.toFixed(2)} ms`);
}

// 2. Throughput: health (no auth) vs SigV4-authenticated, authorized GetUser.
async function load(title: string, opts: autocannon.Options) {
  const result = await autocannon({ connections: 16, duration: DURATION, ...opts });
  if (result.non2xx > 0) throw new Error(`${title}: ${result.non2xx} non-2xx responses`);
  return { title, rps: result.requests.average, p99: result.latency.p99, latency: result.latency.average };
}
const getUserBody = 'Action=GetUser&UserName=user-001000&Version=2010-05-08';
const health = await load('GET /api/health (no auth, 1 DB query)', { url: `http://${host}/api/health` });
const getUser = await load('SigV4 iam:GetUser (authn + authz + audit)', { url: `http://${host}/`, method: 'POST', headers: await signed(getUserBody), body: getUserBody });
console.log(`\nThroughput on loopback (${DURATION} s each, 16 connections):`);
console.table([health, getUser].map((r) => ({ request: r.title, 'req/s': Math.round(r.rps), 'p99 ms': r.p99 })));
console.log(`cost ratio (health req/s ÷ GetUser req/s): ${(health.rps / getUser.rps).toFixed(2)}×`);

server.closeAllConnections();
server.close();
await database.drop();

// 3. The shipped server: SigV4 GetUser latency against the health request's.
await shippedServerLatency();
process.exit(0);

async function shippedServerLatency() {
  const ROOT = path.resolve(process.env.BENCH_SERVER_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const dist = path.join(ROOT, 'apps/api/dist/main.js');
  const useDist = (process.env.BENCH_SERVER ?? (existsSync(dist) ? 'dist' : 'tsx')) === 'dist';
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  const args = [...profile, ...(useDist ? [dist] : ['--import', 'tsx', path.join(ROOT, 'apps/api/src/main.ts')])];
  const empty = await createEmptyDatabase();
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const shippedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // stdout to a pipe that is read, as under a process supervisor: its log writes cost what they cost in production.
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: empty.url,
      PORT: String(shippedPort),
      HOST: '127.0.0.1',
      PORTCULLIS_MASTER_KEY: 'a'.repeat(64),
      PORTCULLIS_ROOT_EMAIL: 'bench@example.com',
      PORTCULLIS_ROOT_PASSWORD: 'Bench-Pass-123456',
      PORTCULLIS_ACCOUNT_ID: ACCOUNT,
      PORTCULLIS_ROOT_ACCESS_KEY_ID: root.accessKeyId,
      PORTCULLIS_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    },
  });
  child.stdout!.resume();
  try {
    const base = `http://127.0.0.1:${shippedPort}`;
    for (let i = 0; !(await fetch(`${base}/api/health/live`).then((r) => r.ok, () => false)); i++) {
      if (child.exitCode !== null || i > 600) throw new Error(`the shipped server did not start (exit ${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const call = async (body: string, credentials: { accessKeyId: string; secretAccessKey: string }) => {
      const res = await fetch(`${base}/`, { method: 'POST', headers: await signed(body, credentials, shippedPort), body });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${res.status}: ${text}`);
      return text;
    };
    const value = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)![1]!;
    // An IAM user allowed iam:GetUser by an attached policy, calling with its own key.
    const form = (params: Record<string, string>) => new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    await call(form({ Action: 'CreateUser', UserName: 'bench-reader' }), root);
    const policy = await call(form({ Action: 'CreatePolicy', PolicyName: 'BenchGetUser', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }) }), root);
    await call(form({ Action: 'AttachUserPolicy', UserName: 'bench-reader', PolicyArn: value(policy, 'Arn') }), root);
    const key = await call(form({ Action: 'CreateAccessKey', UserName: 'bench-reader' }), root);
    const reader = { accessKeyId: value(key, 'AccessKeyId'), secretAccessKey: value(key, 'SecretAccessKey') };
    const body = form({ Action: 'GetUser', UserName: 'bench-reader' });
    const headers = await signed(body, reader, shippedPort);

    // One request at a time, the two kinds interleaved so that both see the same machine, sent
    // by node's own HTTP client on one kept-alive connection: fetch's machinery for a request
    // body costs the client itself ~0.18 ms more for a POST than for a GET (against a bare node
    // server on this 2-core machine), which is not the server's cost.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (kind: 'health' | 'getUser') =>
      new Promise<number>((resolve, reject) => {
        const options = kind === 'health' ? { path: '/api/health', method: 'GET', headers: {} } : { path: '/', method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } };
        const req = httpRequest({ host: '127.0.0.1', port: shippedPort, agent, ...options }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode!));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(kind === 'health' ? undefined : body);
      });
    const times = { health: [] as number[], getUser: [] as number[] };
    const once = async (kind: keyof typeof times) => {
      const start = performance.now();
      const status = await send(kind);
      if (status !== 200) throw new Error(`${kind}: ${status}`);
      times[kind].push(performance.now() - start);
    };
    const ROUNDS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 1000);
    for (let i = 0; i < ROUNDS; i++) {
      await once('health');
      await once('getUser');
    }
    // The server's own CPU per request (Linux: the child's utime + stime), each kind alone.
    const cpuPerRequest = async (kind: keyof typeof times) => {
      const cpu = () => readFile(`/proc/${child.pid}/stat`, 'utf8').then((stat) => {
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
      }, () => Number.NaN);
      const before = await cpu();
      for (let i = 0; i < ROUNDS; i++) await send(kind);
      return (await cpu()) - before;
    };
    const serverCpu = {
      health: (await cpuPerRequest('health')) / ROUNDS,
      getUser: (await cpuPerRequest('getUser')) / ROUNDS,
    };
    agent.destroy();
    // Warmed up by the sequential run; each measured for DURATION under 16 connections.
    const underLoad = {
      health: await load('health', { url: `${base}/api/health` }),
      getUser: await load('GetUser', { url: `${base}/`, method: 'POST', headers, body }),
    };
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    console.log(`\nShipped server (${path.relative(ROOT, args.at(-1)!)}, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info (default)'}): SigV4 iam:GetUser (an IAM user's key, allowed by an attached policy) against GET /api/health`);
    console.table([
      { request: 'GET /api/health', 'p50 ms': +percentile(times.health, 50).toFixed(3), 'mean ms': +mean(times.health).toFixed(3), 'p99 ms': +percentile(times.health, 99).toFixed(3), 'server CPU ms': +serverCpu.health.toFixed(3), 'mean ms, 16 connections': underLoad.health.latency },
      { request: 'SigV4 GetUser', 'p50 ms': +percentile(times.getUser, 50).toFixed(3), 'mean ms': +mean(times.getUser).toFixed(3), 'p99 ms': +percentile(times.getUser, 99).toFixed(3), 'server CPU ms': +serverCpu.getUser.toFixed(3), 'mean ms, 16 connections': underLoad.getUser.latency },
    ]);
    const ratios = { 'one at a time (p50)': percentile(times.getUser, 50) / percentile(times.health, 50), '16 connections (mean)': underLoad.getUser.latency / underLoad.health.latency };
    for (const [how, ratio] of Object.entries(ratios)) console.log(`GetUser ÷ health latency, ${how}: ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    await empty.drop();
  }
}
