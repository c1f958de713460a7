/**
 * API benchmark (`pnpm bench:api`): an account with 100,000 users on the local PostgreSQL, the
 * real server on loopback, and
 *   1. ListUsers page latency (first page, deep pages by Marker, PathPrefix) through the Query
 *      API, SigV4-signed;
 *   2. throughput and p99 of SigV4-authenticated, authorized iam:GetUser requests (autocannon),
 *      with the ratio to the unauthenticated health request measured in the same run.
 * The GetUser request is signed once and replayed (within the 15-minute window), so the figures
 * are the server's cost, not the load generator's signing.
 */
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createApp } from '../apps/api/src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../apps/api/src/crypto/secrets';
import { createLogger } from '../apps/api/src/logger';
import { setupFromEnvironment } from '../apps/api/src/setup/first-run';
import { newId, newSecretAccessKey } from '../apps/api/src/ids';
import { createTestDatabase } from '../apps/api/test/test-database';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ACCOUNT = '135792468013';
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

const database = await createTestDatabase();
const { db } = database;
const secrets = createSecretBox(parseMasterKey(newMasterKey()));
const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: newSecretAccessKey() };
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

async function signed(body: string, credentials = readerKey) {
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
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

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

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
  return { title, rps: result.requests.average, p99: result.latency.p99 };
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
process.exit(0);
