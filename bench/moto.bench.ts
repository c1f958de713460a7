/**
 * Portcullis against moto (`pnpm bench:moto`): the same SigV4-signed IAM and STS requests against
 * moto in server mode with its IAM authorization on, and against our real server (the shipped
 * entry point as a child process, default logging, its own fresh database), in interleaved
 * rounds at several concurrencies. Prints each operation's throughput ratio (ours ÷ moto) and
 * each server process's CPU per operation (read from /proc; PostgreSQL's own CPU is not counted).
 *
 * moto is a bench-only dependency (`pip install 'moto[server]'`); without python3 or moto the
 * bench says so and exits 0.
 *
 * Knobs: BENCH_SECONDS (per round, per server, per op and concurrency; default 2),
 * BENCH_ROUNDS (default 2), BENCH_CONCURRENCY (default "1,8,32"), BENCH_OPS (comma-separated
 * names, default all), BENCH_SERVER=dist|tsx (default: dist when apps/api/dist/main.js exists),
 * BENCH_CPU_PROFILE=<dir> (our server runs with node --cpu-prof into that folder),
 * BENCH_SQL_COUNT=1 (instead of the comparison: count the SQL statements each op makes on our
 * server, from PostgreSQL's log with log_statement=all set on the bench's database only;
 * BENCH_PG_LOG names the log file), BENCH_SERVER_ENTRY (another entry point to measure as
 * "ours"), BENCH_BASELINE_ENTRY (an earlier build's main.js, kept where it resolves this
 * checkout's node_modules, e.g. apps/api/dist-base/main.js: measured as a third server in the
 * same interleaved rounds, on its own database, and reported as ours ÷ baseline — on these noisy
 * machines two builds compare only within one run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyDatabase } from '../apps/api/test/test-database';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const SQL_COUNT = process.env.BENCH_SQL_COUNT === '1';
const PG_LOG = process.env.BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const OUR_ACCOUNT = '135792468013';
const MAX_WORKERS = Math.max(...CONCURRENCY);

// ---- moto availability -------------------------------------------------------------------
const python = process.env.BENCH_PYTHON ?? 'python3';
const probe = spawnSync(python, ['-c', 'import moto.server, flask; print(moto.__version__)'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log(`bench:moto skipped: needs ${python} with moto[server] (pip install 'moto[server]'): ${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()}`);
  process.exit(0);
}
const motoVersion = probe.stdout.trim();

// ---- SigV4 (node:crypto; signing is the load generator's cost, kept small) ------------------
interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function sign(host: string, service: 'iam' | 'sts', body: string, credentials: Credentials): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/us-east-1/${service}/aws4_request`;
  const contentType = 'application/x-www-form-urlencoded; charset=utf-8';
  const canonical = ['POST', '/', '', `content-type:${contentType}`, `host:${host}`, `x-amz-date:${amzDate}`, '', 'content-type;host;x-amz-date', sha256(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), 'us-east-1'), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'content-type': contentType,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`,
  };
}

// ---- one target server ---------------------------------------------------------------------
class Target {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: MAX_WORKERS });
  credentials!: Credentials;
  attachPolicyArn = '';
  roleArn = '';
  constructor(
    readonly name: string,
    readonly port: number,
    readonly process: ChildProcess,
    readonly accountId: string,
  ) {}

  get host() {
    return `127.0.0.1:${this.port}`;
  }

  /** A signed Query API call; throws on a non-2xx reply. */
  call(service: 'iam' | 'sts', params: Record<string, string>, credentials = this.credentials): Promise<string> {
    const body = formEncode({ ...params, Version: service === 'iam' ? '2010-05-08' : '2011-06-15' });
    const headers = { ...sign(this.host, service, body, credentials), 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, method: 'POST', path: '/', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${this.name} ${params.Action}: ${res.statusCode} ${text.slice(0, 400)}`));
          else resolve(text);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The server process's CPU time so far, in ms (utime + stime from /proc). */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  }
}

/** Form encoding as the AWS SDKs write it (RFC 3986: `*` too is escaped; moto re-encodes the body this way to check the signature). */
const formEncode = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1] ?? '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

const POLICY = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** The same principals and resources in both servers, made by an admin user with its own key. */
async function setUp(target: Target) {
  const admin = await target.call('iam', { Action: 'CreatePolicy', PolicyName: 'BenchAdmin', PolicyDocument: POLICY({ Effect: 'Allow', Action: '*', Resource: '*' }) });
  const adminUser = await target.call('iam', { Action: 'CreateUser', UserName: 'bench-admin' });
  await target.call('iam', { Action: 'AttachUserPolicy', UserName: 'bench-admin', PolicyArn: xmlValue(admin, 'Arn') });
  const key = await target.call('iam', { Action: 'CreateAccessKey', UserName: 'bench-admin' });
  target.credentials = { accessKeyId: xmlValue(key, 'AccessKeyId'), secretAccessKey: xmlValue(key, 'SecretAccessKey') };
  // From here on, as the admin (moto's authorization is on by now).
  await target.call('iam', { Action: 'CreateUser', UserName: 'bench-target' });
  const attach = await target.call('iam', { Action: 'CreatePolicy', PolicyName: 'BenchAttach', PolicyDocument: POLICY({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
  target.attachPolicyArn = xmlValue(attach, 'Arn');
  for (let w = 0; w < MAX_WORKERS; w++) await target.call('iam', { Action: 'CreateUser', UserName: `bench-attach-${w}` });
  // The admin by its ARN (moto does not read an account's root ARN as "any principal of the account").
  const trust = POLICY({ Effect: 'Allow', Principal: { AWS: xmlValue(adminUser, 'Arn') }, Action: 'sts:AssumeRole' });
  const role = await target.call('iam', { Action: 'CreateRole', RoleName: 'BenchRole', AssumeRolePolicyDocument: trust });
  target.roleArn = xmlValue(role, 'Arn');
  await target.call('iam', { Action: 'AttachRolePolicy', RoleName: 'BenchRole', PolicyArn: target.attachPolicyArn });
}
/** Requests setUp makes before the admin's key exists (moto answers these without authorization). */
const SETUP_REQUESTS_BEFORE_ADMIN = 4;

// ---- operations ----------------------------------------------------------------------------
type Op = (t: Target, worker: number, i: number) => Promise<unknown>;
let unique = 0;
const OPS: Record<string, Op> = {
  GetUser: (t) => t.call('iam', { Action: 'GetUser', UserName: 'bench-target' }),
  ListUsers: (t) => t.call('iam', { Action: 'ListUsers' }),
  'CreateUser+DeleteUser': async (t) => {
    const name = `bench-cd-${++unique}`;
    await t.call('iam', { Action: 'CreateUser', UserName: name });
    await t.call('iam', { Action: 'DeleteUser', UserName: name });
  },
  'AttachUserPolicy+Detach': async (t, worker) => {
    const args = { UserName: `bench-attach-${worker}`, PolicyArn: t.attachPolicyArn };
    await t.call('iam', { Action: 'AttachUserPolicy', ...args });
    await t.call('iam', { Action: 'DetachUserPolicy', ...args });
  },
  AssumeRole: (t) => t.call('sts', { Action: 'AssumeRole', RoleArn: t.roleArn, RoleSessionName: 'bench' }),
  GetCallerIdentity: (t) => t.call('sts', { Action: 'GetCallerIdentity' }),
};
const opNames = process.env.BENCH_OPS ? process.env.BENCH_OPS.split(',') : Object.keys(OPS);
for (const name of opNames) if (!OPS[name]) throw new Error(`unknown op ${name}; one of ${Object.keys(OPS).join(', ')}`);

/** Runs `op` on `concurrency` workers for SECONDS; ops completed and server CPU used. */
async function run(target: Target, op: Op, concurrency: number, seconds = SECONDS) {
  const cpuBefore = target.cpuMs();
  const logBefore = logBytes;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        try {
          await op(target, worker, i);
          done++;
        } catch (error) {
          // A refusal to serialize concurrent writes is an answer (the SDKs retry it), not a
          // broken bench: counted, not completed. Anything else stops the bench.
          if (!/ConcurrentModification|Throttling/.test(String(error))) throw error;
          conflicts++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { ops: done, conflicts, seconds: elapsed, cpuMs: target.cpuMs() - cpuBefore, logBytes: target.name === 'portcullis' ? logBytes - logBefore : 0 };
}

// ---- start both servers --------------------------------------------------------------------
const children: ChildProcess[] = [];
let logBytes = 0;
const database = await createEmptyDatabase();
let baselineDatabase: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;
async function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
  await database.drop();
  await baselineDatabase?.drop();
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  if (SQL_COUNT) {
    const admin = new URL(database.url);
    // pg is the API's dependency, not the root's.
    type PgClient = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
    const pg = createRequire(path.join(ROOT, 'apps/api/package.json'))('pg') as { Client: new (options: { connectionString: string }) => PgClient };
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`ALTER DATABASE "${admin.pathname.slice(1)}" SET log_statement = 'all'`);
    await client.end();
  }

  const motoPort = await freePort();
  const moto = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore' }); // its access log (stderr, on by default) is part of its cost
  children.push(moto);
  await waitFor(`http://127.0.0.1:${motoPort}/moto-api/`, moto, 'moto');
  // moto's documented switch: authorization on after this many unauthenticated requests.
  const reset = await fetch(`http://127.0.0.1:${motoPort}/moto-api/reset-auth`, { method: 'POST', body: String(SETUP_REQUESTS_BEFORE_ADMIN) });
  if (!reset.ok) throw new Error(`moto reset-auth: ${reset.status}`);

  const dist = path.join(ROOT, 'apps/api/dist/main.js');
  const useDist = (process.env.BENCH_SERVER ?? (existsSync(dist) ? 'dist' : 'tsx')) === 'dist';
  // BENCH_SERVER_ENTRY: another build or checkout's entry point (main.js, or main.ts run with tsx).
  const entry = process.env.BENCH_SERVER_ENTRY ?? (useDist ? dist : path.join(ROOT, 'apps/api/src/main.ts'));
  const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYBENCHKEY01' };
  const ours = await startPortcullis('portcullis', entry, database.url, root, true);
  const baselineEntry = process.env.BENCH_BASELINE_ENTRY ? path.resolve(process.env.BENCH_BASELINE_ENTRY) : undefined;
  const baseline = baselineEntry ? await startPortcullis('baseline', baselineEntry, (baselineDatabase = await createEmptyDatabase()).url, root, false) : undefined;
  const motoTarget = new Target('moto', motoPort, moto, '123456789012');
  motoTarget.credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'not-checked-before-authorization-is-on' };
  const targets = [ours, motoTarget, ...(baseline ? [baseline] : [])];
  for (const target of targets) await setUp(target);
  // Proof that moto's authorization is on: a key it never issued is refused.
  const refused = await motoTarget.call('iam', { Action: 'GetUser', UserName: 'bench-target' }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).then(() => false, () => true);
  if (!refused) throw new Error('moto accepted an unknown key: its authorization is not on');

  const against = baselineEntry ? ` and a baseline (${path.relative(ROOT, baselineEntry)})` : '';
  console.log(`moto ${motoVersion} (authorization on)${against} vs Portcullis (${path.relative(ROOT, entry)}, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'info (default)'}), ${SECONDS} s per measurement, ${ROUNDS} interleaved rounds`);

  if (SQL_COUNT) await countStatements(ours, database.url);
  else await compare(targets);
} finally {
  await cleanUp();
}
process.exit(0);

async function compare(targets: Target[]) {
  // Warm both (JIT, caches, moto's imports) before measuring.
  for (const target of targets) for (const name of opNames) await run(target, OPS[name]!, Math.min(8, MAX_WORKERS), 0.5);
  const totals = new Map<string, { ops: number; conflicts: number; seconds: number; cpuMs: number; logBytes: number }>();
  const key = (target: string, op: string, c: number) => `${target}|${op}|${c}`;
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of opNames) {
      for (const concurrency of CONCURRENCY) {
        // Rotate which server goes first, so none always runs on a warmer machine.
        const shift = (round + concurrency) % targets.length;
        const order = [...targets.slice(shift), ...targets.slice(0, shift)];
        for (const target of order) {
          const r = await run(target, OPS[name]!, concurrency);
          const t = totals.get(key(target.name, name, concurrency)) ?? { ops: 0, conflicts: 0, seconds: 0, cpuMs: 0, logBytes: 0 };
          totals.set(key(target.name, name, concurrency), { ops: t.ops + r.ops, conflicts: t.conflicts + r.conflicts, seconds: t.seconds + r.seconds, cpuMs: t.cpuMs + r.cpuMs, logBytes: t.logBytes + r.logBytes });
        }
      }
    }
    console.log(`round ${round + 1}/${ROUNDS} done`);
  }
  const rows = [];
  for (const name of opNames) {
    for (const concurrency of CONCURRENCY) {
      const ours = totals.get(key('portcullis', name, concurrency))!;
      const moto = totals.get(key('moto', name, concurrency))!;
      const oursRate = ours.ops / ours.seconds;
      const motoRate = moto.ops / moto.seconds;
      rows.push({
        op: name,
        c: concurrency,
        'ours op/s': Math.round(oursRate),
        'moto op/s': Math.round(motoRate),
        'ours/moto': +(oursRate / motoRate).toFixed(2),
        'ours CPU ms/op': +(ours.cpuMs / ours.ops).toFixed(2),
        'moto CPU ms/op': +(moto.cpuMs / moto.ops).toFixed(2),
        'ours log B/op': Math.round(ours.logBytes / ours.ops),
        ...baselineColumns(totals.get(key('baseline', name, concurrency)), oursRate),
        ...(ours.conflicts || moto.conflicts ? { 'ConcurrentModification ours/moto': `${ours.conflicts}/${moto.conflicts}` } : {}),
      });
    }
  }
  console.table(rows);
  const worst = rows.reduce((a, b) => (b['ours/moto'] < a['ours/moto'] ? b : a));
  console.log(`lowest ratio: ${worst['ours/moto']}× (${worst.op}, concurrency ${worst.c}); target ≥ 1.5× everywhere`);
}

/** The baseline's columns of a row: its rate, and ours ÷ its. */
function baselineColumns(baseline: { ops: number; seconds: number; cpuMs: number } | undefined, oursRate: number) {
  if (!baseline) return {};
  const rate = baseline.ops / baseline.seconds;
  return { 'baseline op/s': Math.round(rate), 'ours/baseline': +(oursRate / rate).toFixed(2), 'baseline CPU ms/op': +(baseline.cpuMs / baseline.ops).toFixed(2) };
}

/** One of our servers as a child process on its own database: `entry` with default logging, its stdout read (and counted for ours). */
async function startPortcullis(name: string, entry: string, databaseUrl: string, root: Credentials, countLog: boolean): Promise<Target> {
  const port = await freePort();
  const nodeArgs = [...(process.env.BENCH_CPU_PROFILE && countLog ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []), ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    // stdout to a pipe that is read, as under a process supervisor or container runtime (its
    // writes cost what they cost in production; /dev/null would hide them).
    stdio: ['ignore', process.env.BENCH_SERVER_LOG ? 'inherit' : 'pipe', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTCULLIS_MASTER_KEY: 'a'.repeat(64),
      PORTCULLIS_ROOT_EMAIL: 'bench@example.com',
      PORTCULLIS_ROOT_PASSWORD: 'Bench-Pass-123456',
      PORTCULLIS_ACCOUNT_ID: OUR_ACCOUNT,
      PORTCULLIS_ROOT_ACCESS_KEY_ID: root.accessKeyId,
      PORTCULLIS_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    },
  });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => (countLog ? (logBytes += chunk.length) : undefined));
  await waitFor(`http://127.0.0.1:${port}/api/health/live`, child, name);
  const target = new Target(name, port, child, OUR_ACCOUNT);
  target.credentials = root;
  return target;
}

/** SQL statements per operation on our server, from PostgreSQL's log (log_statement=all on the bench database). */
async function countStatements(target: Target, url: string) {
  if (!existsSync(PG_LOG)) throw new Error(`BENCH_SQL_COUNT needs PostgreSQL's log file: set BENCH_PG_LOG (tried ${PG_LOG})`);
  const dbName = new URL(url).pathname.slice(1);
  const N = 20;
  const rows = [];
  for (const name of opNames) {
    await run(target, OPS[name]!, 1, 0.3); // warm
    await new Promise((r) => setTimeout(r, 300));
    const from = statSync(PG_LOG).size;
    let done = 0;
    for (let i = 0; i < N; i++, done++) await OPS[name]!(target, 0, i);
    await new Promise((r) => setTimeout(r, 300));
    // A statement logged over several lines (raw SQL) is one entry: its lines after the first
    // (which do not start with the log line prefix's timestamp) joined to it.
    const entries = readFileSync(PG_LOG, 'utf8').slice(from).split(/\n(?=\d{4}-\d\d-\d\d )/);
    const lines = entries
      .filter((entry) => entry.includes(`@${dbName} `) && /LOG: {2}(execute|statement:)/.test(entry))
      .map((entry) => entry.replace(/\s+/g, ' ').trim());
    const statements = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    if (process.env.BENCH_SQL_SHOW === '1') {
      // Each distinct statement (its first 160 characters) with how many times one op ran it.
      const counts = new Map<string, number>();
      for (const l of lines) {
        const sql = l.replace(/^.*LOG: +(execute [^:]*|statement): /, '').slice(0, 160);
        counts.set(sql, (counts.get(sql) ?? 0) + 1);
      }
      console.log(`\n${name}:`);
      for (const [sql, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / done).toFixed(2)}  ${sql}`);
    }
    rows.push({
      op: name,
      'statements/op': +(lines.length / done).toFixed(1),
      'BEGIN+COMMIT/op': +(statements(/\b(BEGIN|COMMIT)\b/) / done).toFixed(1),
      'SELECT/op': +(statements(/:\s+SELECT\b/i) / done).toFixed(1),
      'INSERT/op': +(statements(/:\s+(WITH .*)?INSERT\b/i) / done).toFixed(1),
      'audit INSERT/op': +(statements(/INSERT INTO "(public"\.")?AuditEvent(Record)?"/) / done).toFixed(1),
    });
  }
  console.log(`SQL statements per operation on our server (${N} sequential ops each, PostgreSQL log):`);
  console.table(rows);
}
