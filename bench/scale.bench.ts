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
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { createSecretBox, newMasterKey, parseMasterKey } from '../apps/api/src/crypto/secrets';
import { verifyMasterKey } from '../apps/api/src/crypto/key-check';
import { setupFromEnvironment } from '../apps/api/src/setup/first-run';
import { newId, newSecretAccessKey } from '../apps/api/src/ids';
import { createTestDatabase } from '../apps/api/test/test-database';

const SIZES = (process.env.SCALE_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.SCALE_RUNS ?? 30);
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

async function measureSize(users: number): Promise<{ rows: Row[]; seedSeconds: number; rss: number; peak: number }> {
  const database = await createTestDatabase();
  const { db } = database;
  const masterKey = newMasterKey();
  const secrets = createSecretBox(parseMasterKey(masterKey));
  await setupFromEnvironment(db, secrets, { email: 'scale@example.com', password: 'Scale-Pass-123', accountId: ACCOUNT });
  // Record the key's check value now: the seeded keys' placeholder secrets open under no key.
  await verifyMasterKey(db, secrets);

  const t = performance.now();
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
  const seedSeconds = (performance.now() - t) / 1000;

  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_MASTER_KEY: masterKey, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
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
  async function call(params: Record<string, string>): Promise<{ ms: number; status: number; text: string }> {
    const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
    const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    const start = performance.now();
    const res = await fetch(`${base}/`, { method: 'POST', headers: request.headers as Record<string, string>, body });
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

  await call({ Action: 'GetUser', UserName: userName(1) }); // warm the caller's authorization cache
  await series('GetAccountSummary', () => ({ Action: 'GetAccountSummary' }));
  await series('CreateUser', (i) => ({ Action: 'CreateUser', UserName: `scale-new-${i}` }), RUNS, async (i) => {
    await call({ Action: 'DeleteUser', UserName: `scale-new-${i}` });
  });
  await call({ Action: 'CreateUser', UserName: 'scale-del-0' });
  await series('DeleteUser', (i) => ({ Action: 'DeleteUser', UserName: `scale-del-${i}` }), RUNS, async (i) => {
    await call({ Action: 'CreateUser', UserName: `scale-del-${i + 1}` });
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
  const mid = memoryOf(server.pid!);

  // The credential report: Generate, then Get until it is there (AWS answers ReportInProgress meanwhile).
  const reportStart = performance.now();
  const generated = await call({ Action: 'GenerateCredentialReport' });
  let reportNote: string;
  if (generated.status !== 200) {
    reportNote = `${generated.status} ${/<Code>([^<]+)/.exec(generated.text)?.[1] ?? ''} after ${(generated.ms / 1000).toFixed(1)} s`;
  } else {
    for (;;) {
      const got = await call({ Action: 'GetCredentialReport' });
      if (got.status === 200) {
        const csv = Buffer.from(/<Content>([^<]*)<\/Content>/.exec(got.text)?.[1] ?? '', 'base64').toString('utf8');
        const lines = csv.split('\n').length;
        reportNote = `${((performance.now() - reportStart) / 1000).toFixed(1)} s total, ${lines - 1} rows, ${(csv.length / 1e6).toFixed(0)} MB CSV`;
        // Rows: the root user, the seeded users, the admin caller, and any user CreateUser left behind.
        if (lines - 1 < users + 2) reportNote += ` (expected at least ${users + 2} rows!)`;
        break;
      }
      const code = /<Code>([^<]+)/.exec(got.text)?.[1];
      if (code !== 'ReportInProgress' && code !== 'ReportNotPresent') {
        reportNote = `${got.status} ${code ?? ''}`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  rows.push({ operation: 'Generate→GetCredentialReport', note: reportNote });
  const memory = memoryOf(server.pid!);

  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.drop();
  rows.push({ operation: 'server RSS (MB)', note: `after reads ${mid.rss}, after report ${memory.rss}, peak ${memory.peak}` });
  return { rows, seedSeconds, ...memory };
}

const results = new Map<number, Row[]>();
for (const users of SIZES) {
  const { rows, seedSeconds } = await measureSize(users);
  console.log(`\n${users.toLocaleString()} users (seeded in ${seedSeconds.toFixed(1)} s), ms over ${RUNS} runs:`);
  console.table(Object.fromEntries(rows.map((r) => [r.operation, r.note ? { note: r.note } : { p50: r.p50, p99: r.p99 }])));
  results.set(users, rows);
}

// One table across sizes: p50 (p99) per operation.
const operations = results.get(SIZES[0]!)!.map((r) => r.operation);
console.log('\np50 ms (p99) by users in the account:');
console.table(Object.fromEntries(operations.map((op) => [op, Object.fromEntries(SIZES.map((n) => {
  const row = results.get(n)!.find((r) => r.operation === op);
  return [n.toLocaleString(), row?.note ?? (row ? `${row.p50} (${row.p99})` : '')];
}))])));
process.exit(0);
