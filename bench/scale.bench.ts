/**
 * Account-size benchmark (`pnpm bench:scale`, issue #14): is every operation flat in the number
 * of users in one account? For each size (SCALE_SIZES, default 1000,100000,1000000):
 *   1. a fresh database, seeded in SQL (INSERT … SELECT generate_series, not the API): N users,
 *      100 groups with every 10th user a member, a managed policy attached to every 50th user,
 *      an access key for every 2nd user (two for every 10th, half of them used), a console
 *      password for every 3rd user, an MFA device for every 20th — so the credential report and
 *      GetAccountAuthorizationDetails have realistic work;
 *   2. the real server in its own process (`node --import tsx apps/api/src/main.ts`), so its RSS
 *      is the server's alone;
 *   3. SigV4-signed Query API requests from an IAM user with AdministratorAccess, one at a time:
 *      p50/p99 of GetAccountSummary, CreateUser (+DeleteUser), GetUser, ListUsers (first page and
 *      a deep page by Marker), GetAccountAuthorizationDetails (first page and a deep page), and
 *      the total time of GenerateCredentialReport → GetCredentialReport (polling while AWS's
 *      ReportInProgress), with the server's peak RSS.
 * SCALE_RUNS (default 30) requests per operation.
 * SCALE_KEEP=1 keeps each size's seeded database (its URL and keys in /tmp/portcullis-scale-N.json)
 * and reuses it on the next run instead of seeding again (drop it with `DROP DATABASE`, named in
 * that file); SCALE_SEED_ONLY=1 seeds (and keeps) without measuring.
 * SCALE_SERVER=dist runs the shipped bundle (`node apps/api/dist/main.js`, after `pnpm build`)
 * instead of the sources through tsx (whose loader alone adds about 120 MB of RSS).
 * Server RSS is the server process's peak per phase (VmHWM, reset between phases through
 * /proc/PID/clear_refs): the reads, the report's generation, its download.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createSecretBox, newMasterKey, parseMasterKey } from '../apps/api/src/crypto/secrets';
import { verifyMasterKey } from '../apps/api/src/crypto/key-check';
import { setupFromEnvironment } from '../apps/api/src/setup/first-run';
import { newId, newSecretAccessKey } from '../apps/api/src/ids';
import { createTestDatabase } from '../apps/api/test/test-database';
import { createDb, type Db } from '../apps/api/src/db/client';

const SIZES = (process.env.SCALE_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.SCALE_RUNS ?? 30);
const KEEP = process.env.SCALE_KEEP === '1' || process.env.SCALE_SEED_ONLY === '1';
const SEED_ONLY = process.env.SCALE_SEED_ONLY === '1';
const SERVER_ARGS = process.env.SCALE_SERVER === 'dist' ? ['apps/api/dist/main.js'] : ['--import', 'tsx', 'apps/api/src/main.ts'];
const ACCOUNT = '246813579024';
const USER_DIGITS = 7;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const userName = (n: number) => `user-${String(n).padStart(USER_DIGITS, '0')}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resets a process's peak resident memory (VmHWM) to its current one (Linux clear_refs 5). */
function resetPeak(pid: number) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted here: the peak then covers the process's life so far.
  }
}

/** Peak and current resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

interface Row {
  operation: string;
  p50?: number;
  p99?: number;
  note?: string;
}

/** A seeded database kept between runs (SCALE_KEEP). */
interface Seeded {
  url: string;
  masterKey: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}
const keptFile = (users: number) => `/tmp/portcullis-scale-${users}.json`;

/** The kept database of this size, if it is still there. */
async function reuseSeeded(users: number): Promise<{ seeded: Seeded; db: Db } | undefined> {
  if (!KEEP || !existsSync(keptFile(users))) return undefined;
  const seeded = JSON.parse(readFileSync(keptFile(users), 'utf8')) as Seeded;
  const db = createDb(seeded.url, 4);
  try {
    await db.$queryRawUnsafe('SELECT 1');
  } catch {
    await db.$disconnect();
    return undefined;
  }
  // A report from an earlier run would be answered at once: measure a fresh one.
  await db.$executeRawUnsafe(`DELETE FROM "CredentialReportPage" WHERE "accountId" = '${ACCOUNT}'`);
  await db.$executeRawUnsafe(`DELETE FROM "CredentialReport" WHERE "accountId" = '${ACCOUNT}'`);
  return { seeded, db };
}

async function measureSize(users: number): Promise<{ rows: Row[]; seedSeconds: number }> {
  const t = performance.now();
  const reused = await reuseSeeded(users);
  const { seeded, db, drop } = reused
    ? { ...reused, drop: () => reused.db.$disconnect() }
    : await seed(users);
  const seedSeconds = reused ? 0 : (performance.now() - t) / 1000;
  if (KEEP) {
    writeFileSync(keptFile(users), JSON.stringify(seeded));
    console.log(`${users} users: database kept (${keptFile(users)}), ${reused ? 'reused' : `seeded in ${seedSeconds.toFixed(1)} s`}`);
  }
  try {
    return { rows: SEED_ONLY ? [] : await measure(users, seeded), seedSeconds };
  } finally {
    if (KEEP) await db.$disconnect();
    else await drop();
  }
}

async function seed(users: number): Promise<{ seeded: Seeded; db: Db; drop: () => Promise<void> }> {
  const database = await createTestDatabase();
  const { db } = database;
  const masterKey = newMasterKey();
  const secrets = createSecretBox(parseMasterKey(masterKey));
  await setupFromEnvironment(db, secrets, { email: 'scale@example.com', password: 'Scale-Pass-123', accountId: ACCOUNT });
  // Record the key's check value now: the seeded keys' placeholder secrets open under no key.
  await verifyMasterKey(db, secrets);

  const sql = (text: string) => db.$executeRawUnsafe(text);
  const userId = (g: string) => `'AIDA' || upper(substr(md5('u' || ${g}), 1, 17))`;
  await sql(`
    INSERT INTO "User" ("id", "accountId", "name", "path", "arn", "createdAt")
    SELECT ${userId('g')}, '${ACCOUNT}', 'user-' || lpad(g::text, ${USER_DIGITS}, '0'),
           CASE WHEN g % 10 = 0 THEN '/ops/' ELSE '/' END,
           'arn:aws:iam::${ACCOUNT}:user' || CASE WHEN g % 10 = 0 THEN '/ops/' ELSE '/' END || 'user-' || lpad(g::text, ${USER_DIGITS}, '0'),
           now() - (g || ' seconds')::interval
    FROM generate_series(1, ${users}) g`);
  await sql(`
    INSERT INTO "Group" ("id", "accountId", "name", "path", "arn")
    SELECT 'AGPA' || upper(substr(md5('g' || g), 1, 17)), '${ACCOUNT}', 'group-' || lpad(g::text, 3, '0'), '/', 'arn:aws:iam::${ACCOUNT}:group/group-' || lpad(g::text, 3, '0')
    FROM generate_series(1, 100) g`);
  await sql(`
    INSERT INTO "GroupMembership" ("groupId", "userId")
    SELECT 'AGPA' || upper(substr(md5('g' || (1 + g / 10 % 100)), 1, 17)), ${userId('g')} FROM generate_series(10, ${users}, 10) g`);
  await sql(`
    INSERT INTO "PolicyAttachment" ("policyId", "userId")
    SELECT (SELECT "id" FROM "ManagedPolicy" WHERE "accountId" IS NULL AND "name" = 'ReadOnlyAccess'), ${userId('g')} FROM generate_series(50, ${users}, 50) g`);
  await sql(`
    INSERT INTO "PolicyAttachment" ("policyId", "groupId")
    SELECT (SELECT "id" FROM "ManagedPolicy" WHERE "accountId" IS NULL AND "name" = 'IAMReadOnlyAccess'), 'AGPA' || upper(substr(md5('g' || g), 1, 17)) FROM generate_series(1, 100) g`);
  // Keys: one for every 2nd user, a second for every 10th; every 4th key used recently.
  await sql(`
    INSERT INTO "AccessKey" ("id", "accountId", "userId", "secretEncrypted", "status", "lastUsedAt", "lastUsedService", "lastUsedRegion", "createdAt")
    SELECT 'AKIA' || upper(substr(md5('k' || k || '-' || g), 1, 16)), '${ACCOUNT}', ${userId('g')}, '\\x00'::bytea,
           CASE WHEN g % 7 = 0 THEN 'Inactive' ELSE 'Active' END,
           CASE WHEN g % 4 = 0 THEN now() - interval '1 day' END, CASE WHEN g % 4 = 0 THEN 'iam' END, CASE WHEN g % 4 = 0 THEN 'us-east-1' END,
           now() - (k || ' days')::interval
    FROM generate_series(2, ${users}, 2) g, generate_series(1, 2) k WHERE k = 1 OR g % 10 = 0`);
  await sql(`
    INSERT INTO "LoginProfile" ("userId", "passwordHash", "passwordChangedAt")
    SELECT ${userId('g')}, 'bench-not-a-hash', now() - interval '10 days' FROM generate_series(3, ${users}, 3) g`);
  await sql(`
    INSERT INTO "MfaDevice" ("serialNumber", "accountId", "userId", "name", "enabledAt")
    SELECT 'arn:aws:iam::${ACCOUNT}:mfa/user-' || lpad(g::text, ${USER_DIGITS}, '0'), '${ACCOUNT}', ${userId('g')}, 'user-' || lpad(g::text, ${USER_DIGITS}, '0'), now()
    FROM generate_series(20, ${users}, 20) g`);

  // The caller: an IAM user with AdministratorAccess and its own key.
  const admin = await db.user.create({ data: { id: newId('user'), accountId: ACCOUNT, name: 'admin', arn: `arn:aws:iam::${ACCOUNT}:user/admin` } });
  const adminPolicy = await db.managedPolicy.findFirstOrThrow({ where: { accountId: null, name: 'AdministratorAccess' } });
  await db.policyAttachment.create({ data: { policyId: adminPolicy.id, userId: admin.id } });
  const credentials = { accessKeyId: newId('accessKey'), secretAccessKey: newSecretAccessKey() };
  await db.accessKey.create({ data: { id: credentials.accessKeyId, accountId: ACCOUNT, userId: admin.id, secretEncrypted: secrets.encrypt(credentials.secretAccessKey) } });
  await sql('VACUUM ANALYZE');
  return { seeded: { url: database.url, masterKey, credentials }, db, drop: () => database.drop() };
}

async function measure(users: number, { url, masterKey, credentials }: Seeded): Promise<Row[]> {
  const port = await freePort();
  const server = spawn(process.execPath, SERVER_ARGS, {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_MASTER_KEY: masterKey, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      // Above AWS's 5,000 users, as an operator running accounts of this size would set it.
      PORTCULLIS_QUOTA_USERS_PER_ACCOUNT: String(2 * users + 1000) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    const ready = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 600) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  async function send(params: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    return fetch(`${base}/`, { method: 'POST', headers: request.headers as Record<string, string>, body });
  }
  async function call(params: Record<string, string>): Promise<{ ms: number; status: number; text: string }> {
    const start = performance.now();
    const res = await send(params);
    const text = await res.text();
    return { ms: performance.now() - start, status: res.status, text };
  }
  const rows: Row[] = [];
  /** Times runs of one request; a non-200 ends the series with its error in the table. */
  async function series(operation: string, next: (i: number) => Record<string, string>, runs = RUNS, after?: (i: number) => Promise<void>) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await call(next(i));
      if (r.status !== 200) {
        rows.push({ operation, note: `${r.status} ${/<Code>([^<]+)/.exec(r.text)?.[1] ?? ''} after ${(r.ms / 1000).toFixed(1)} s` });
        return;
      }
      times.push(r.ms);
      await after?.(i);
    }
    rows.push({ operation, p50: +percentile(times, 50).toFixed(1), p99: +percentile(times, 99).toFixed(1) });
  }

  const started = memoryOf(server.pid!);
  await call({ Action: 'GetUser', UserName: userName(1) }); // warm the caller's authorization cache
  resetPeak(server.pid!);
  // Names of this run (a kept database keeps what earlier runs left behind).
  const run = Date.now().toString(36);
  await series('GetAccountSummary', () => ({ Action: 'GetAccountSummary' }));
  await series('CreateUser', (i) => ({ Action: 'CreateUser', UserName: `scale-new-${run}-${i}` }), RUNS, async (i) => {
    await call({ Action: 'DeleteUser', UserName: `scale-new-${run}-${i}` });
  });
  await call({ Action: 'CreateUser', UserName: `scale-del-${run}-0` });
  await series('DeleteUser', (i) => ({ Action: 'DeleteUser', UserName: `scale-del-${run}-${i}` }), RUNS, async (i) => {
    await call({ Action: 'CreateUser', UserName: `scale-del-${run}-${i + 1}` });
  });
  await series('GetUser', (i) => ({ Action: 'GetUser', UserName: userName(1 + ((i * 7919) % users)) }));
  await series('ListUsers first page (100)', () => ({ Action: 'ListUsers', MaxItems: '100' }));
  // A marker is the last item's sort key (lower(name), id): start at the middle of the account.
  const middle = Buffer.from(JSON.stringify([userName(Math.floor(users / 2)), ''])).toString('base64url');
  await series('ListUsers deep page by Marker (100)', () => ({ Action: 'ListUsers', MaxItems: '100', Marker: middle }));
  await series('GAAD first page (100)', () => ({ Action: 'GetAccountAuthorizationDetails', MaxItems: '100' }));
  // GAAD's marker: [section, lower(name), id] with users in section 1.
  const gaadMiddle = Buffer.from(JSON.stringify(['1', userName(Math.floor(users / 2)), ''])).toString('base64url');
  await series('GAAD deep page by Marker (100)', () => ({ Action: 'GetAccountAuthorizationDetails', MaxItems: '100', Marker: gaadMiddle }));
  // The groups (section 2) and the policies in use (section 4: counts of attachments and boundaries).
  const gaadSection = (section: string) => Buffer.from(JSON.stringify([section, '', ''])).toString('base64url');
  await series('GAAD groups page (100)', () => ({ Action: 'GetAccountAuthorizationDetails', MaxItems: '100', Marker: gaadSection('2') }));
  await series('GAAD policies page (100)', () => ({ Action: 'GetAccountAuthorizationDetails', MaxItems: '100', Marker: gaadSection('4') }));
  const reads = memoryOf(server.pid!);

  // The credential report: Generate, then Get until it is there (AWS answers ReportInProgress
  // meanwhile). Generation ends when GetCredentialReport first answers 200; its body (the CSV in
  // base64 inside the XML, hundreds of MB at 1M users) is then read as a stream and checked.
  resetPeak(server.pid!);
  const reportStart = performance.now();
  const generated = await call({ Action: 'GenerateCredentialReport' });
  let generateNote: string;
  let downloadNote = '';
  let generation = reads;
  let download = reads;
  if (generated.status !== 200) {
    generateNote = `${generated.status} ${/<Code>([^<]+)/.exec(generated.text)?.[1] ?? ''} after ${(generated.ms / 1000).toFixed(1)} s`;
  } else {
    for (;;) {
      const res = await send({ Action: 'GetCredentialReport' });
      if (res.status === 200) {
        generateNote = `${((performance.now() - reportStart) / 1000).toFixed(1)} s`;
        generation = memoryOf(server.pid!);
        resetPeak(server.pid!);
        const downloadStart = performance.now();
        const csv = await readReport(res);
        download = memoryOf(server.pid!);
        downloadNote = `${((performance.now() - downloadStart) / 1000).toFixed(1)} s, ${csv.rows} rows, ${(csv.bytes / 1e6).toFixed(0)} MB CSV`;
        // Rows: the root user, the seeded users, the admin caller, and any user CreateUser left behind.
        if (csv.rows < users + 2) downloadNote += ` (expected at least ${users + 2} rows!)`;
        if (!csv.headerOk) downloadNote += ' (wrong header!)';
        break;
      }
      const text = await res.text();
      const code = /<Code>([^<]+)/.exec(text)?.[1];
      if (code !== 'ReportInProgress' && code !== 'ReportNotPresent') {
        generateNote = `${res.status} ${code ?? ''}`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  rows.push({ operation: 'GenerateCredentialReport (until ready)', note: generateNote });
  rows.push({ operation: 'GetCredentialReport download', note: downloadNote });

  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rows.push({ operation: 'server RSS peak (MB)', note: `started ${started.rss}, reads ${reads.peak}, generation ${generation.peak}, download ${download.peak}${process.env.SCALE_SERVER === 'dist' ? ' (dist)' : ' (tsx)'}` });
  return rows;
}

/**
 * A GetCredentialReport reply read as it arrives: the base64 between <Content> and </Content>
 * decoded in pieces, its CSV rows counted, the header line checked — never the whole text at once.
 */
async function readReport(res: Response): Promise<{ rows: number; bytes: number; headerOk: boolean }> {
  const decoder = new TextDecoder();
  let pending = '';
  let state: 'before' | 'in' | 'after' = 'before';
  let base64 = '';
  let rows = 0;
  let bytes = 0;
  let head = '';
  const take = (chars: string) => {
    base64 += chars;
    const whole = base64.length - (base64.length % 4);
    const csv = Buffer.from(base64.slice(0, whole), 'base64');
    base64 = base64.slice(whole);
    bytes += csv.length;
    if (head.length < 400) head += csv.subarray(0, 400).toString('utf8');
    for (let i = csv.indexOf(10); i !== -1; i = csv.indexOf(10, i + 1)) rows++;
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    if (state === 'before') {
      const open = pending.indexOf('<Content>');
      if (open === -1) continue;
      pending = pending.slice(open + '<Content>'.length);
      state = 'in';
    }
    if (state === 'in') {
      const close = pending.indexOf('</Content>');
      const keep = close === -1 ? Math.max(0, pending.length - '</Content>'.length) : close;
      take(pending.slice(0, keep));
      pending = pending.slice(keep);
      if (close !== -1) state = 'after';
    }
    if (state === 'after') pending = '';
  }
  take('');
  // Lines are joined by "\n" with none after the last: rows = newlines (the header is line 1).
  return { rows, bytes, headerOk: head.startsWith('user,arn,user_creation_time,password_enabled,') };
}

const results = new Map<number, Row[]>();
for (const users of SIZES) {
  const { rows, seedSeconds } = await measureSize(users);
  if (SEED_ONLY) continue;
  console.log(`\n${users.toLocaleString()} users (seeded in ${seedSeconds.toFixed(1)} s), ms over ${RUNS} runs:`);
  console.table(Object.fromEntries(rows.map((r) => [r.operation, r.note ? { note: r.note } : { p50: r.p50, p99: r.p99 }])));
  results.set(users, rows);
}

// One table across sizes: p50 (p99) per operation.
if (SEED_ONLY) process.exit(0);
const operations = results.get(SIZES[0]!)!.map((r) => r.operation);
console.log('\np50 ms (p99) by users in the account:');
console.table(Object.fromEntries(operations.map((op) => [op, Object.fromEntries(SIZES.map((n) => {
  const row = results.get(n)!.find((r) => r.operation === op);
  return [n.toLocaleString(), row?.note ?? (row ? `${row.p50} (${row.p99})` : '')];
}))])));
process.exit(0);
