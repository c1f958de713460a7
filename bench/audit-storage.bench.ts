/**
 * Audit storage benchmark (`pnpm bench:audit`, issue #14): bytes on disk per audit event of an
 * SDK call, table and indexes and dictionary included, before and after the compact layout of
 * migration 20261204152945_audit_compact. Target: ≤ 300 bytes per event.
 *
 * The same AUDIT_EVENTS (default 200000) realistic events go into two fresh databases:
 *   - "before": migrated up to the migration before the compact layout, stored with the old
 *     writer's statement (one multi-row INSERT per 500 events, text columns, three B-tree indexes);
 *   - "after": fully migrated, stored through the real writer (audit/audit.ts AuditLog.write,
 *     the dispatcher's group commit and dictionary cache).
 * The events: one account of 2,000 users and 40 roles, calls from 300 principals (IAM users and
 * role sessions) with 6 SDK user agents from 30 addresses; 80 % reads of existing users, roles
 * and policies (GetUser, ListUsers, GetRole, GetCallerIdentity …), 10 % AssumeRole, 5 % creates
 * of new users (a resource ARN never seen before), 5 % denied (AccessDenied).
 * Sizes: pg_total_relation_size of every table that holds events (partitions too) and of the
 * dictionary, after VACUUM, divided by the number of events.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../apps/api/src/db/migrations';
import { createDb } from '../apps/api/src/db/client';
import { migrationsDir, schemaPath } from '../apps/api/src/paths';
import { createEmptyDatabase, createTestDatabase } from '../apps/api/test/test-database';
import { AuditLog, type AuditRecord } from '../apps/api/src/audit/audit';
import type { Caller } from '../apps/api/src/auth/caller';

const EVENTS = Number(process.env.AUDIT_EVENTS ?? 200_000);
const COMPACT_MIGRATION = '20261204152945_audit_compact';
const ACCOUNT = '135792468024';

/** A deterministic pseudo-random sequence, so both databases get the same events. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const USER_AGENTS = [
  'aws-sdk-js/3.1169.0 ua/2.1 os/linux#6.8.0-1021-aws lang/js md/nodejs#20.19.0 api/iam#3.1169.0 m/E,N',
  'aws-sdk-js/3.1169.0 ua/2.1 os/linux#6.8.0-1021-aws lang/js md/nodejs#20.19.0 api/sts#3.1169.0 m/E',
  'Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36',
  'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#iam.get-user',
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/iam#1.38.2',
  'aws-sdk-java/2.29.20 Linux/6.1.0 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy',
];
const READS: [string, 'user' | 'role' | 'policy' | 'star'][] = [
  ['iam:GetUser', 'user'],
  ['iam:ListUsers', 'star'],
  ['iam:ListAttachedUserPolicies', 'user'],
  ['iam:ListAccessKeys', 'user'],
  ['iam:GetRole', 'role'],
  ['iam:GetPolicy', 'policy'],
  ['iam:GetPolicyVersion', 'policy'],
  ['sts:GetCallerIdentity', 'star'],
];

function events(count: number): AuditRecord[] {
  const next = random(14);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const userArn = (n: number) => `arn:aws:iam::${ACCOUNT}:user/team-${n % 20}/user-${String(n).padStart(5, '0')}`;
  const roleArn = (n: number) => `arn:aws:iam::${ACCOUNT}:role/service-role/app-role-${n}`;
  const policyArn = (n: number) => `arn:aws:iam::${ACCOUNT}:policy/app/app-policy-${n}`;
  const ips = Array.from({ length: 30 }, (_, i) => `10.${i % 4}.${(i * 37) % 256}.${(i * 91) % 256}`);
  const callers: Caller[] = Array.from({ length: 300 }, (_, i) => {
    const session = i % 3 === 0;
    return {
      kind: session ? 'role' : 'user',
      credentialType: session ? 'session' : 'long-term',
      accountId: ACCOUNT,
      arn: session ? `arn:aws:sts::${ACCOUNT}:assumed-role/app-role-${i % 40}/session-${i}` : userArn(i * 7),
      userId: session ? `AROAEXAMPLE${i}:session-${i}` : `AIDAEXAMPLE${i}`,
      sourceIp: pick(ips),
      secureTransport: true,
      userAgent: USER_AGENTS[i % USER_AGENTS.length]!,
      protocol: i % 4 === 0 ? 'json' : 'query',
    } as Caller;
  });
  let created = 0;
  return Array.from({ length: count }, () => {
    const caller = pick(callers);
    const roll = next();
    const base = { caller, requestId: randomUUID(), protocol: caller.protocol } as const;
    if (roll < 0.05) return { ...base, action: 'iam:CreateUser', resource: userArn(2000 + created++), decision: 'allowed' };
    if (roll < 0.1) return { ...base, action: pick(['iam:DeleteUser', 'iam:AttachUserPolicy', 'iam:PutUserPolicy']), resource: userArn(Math.floor(next() * 2000)), decision: 'denied', errorCode: 'AccessDenied' };
    if (roll < 0.2) return { ...base, action: 'sts:AssumeRole', resource: roleArn(Math.floor(next() * 40)), decision: 'allowed' };
    const [action, kind] = pick(READS);
    const resource = kind === 'user' ? userArn(Math.floor(next() * 2000)) : kind === 'role' ? roleArn(Math.floor(next() * 40)) : kind === 'policy' ? policyArn(Math.floor(next() * 50)) : '*';
    return { ...base, action, resource, decision: 'allowed' };
  });
}

interface Sizes {
  heap: number;
  index: number;
  dictionary: number;
}

async function sizes(url: string, tables: string[], dictionary: string[]): Promise<Sizes> {
  const db = createDb(url, 1);
  try {
    await db.$executeRawUnsafe('VACUUM ANALYZE');
    const [row] = await db.$queryRawUnsafe<{ heap: bigint; index: bigint; dictionary: bigint }[]>(
      `SELECT coalesce(sum(pg_table_size(c.oid)), 0)::bigint AS heap, coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint AS index,
        (SELECT coalesce(sum(pg_total_relation_size(d.oid)), 0) FROM pg_class d WHERE d.relname = ANY($2))::bigint AS dictionary
       FROM pg_class c WHERE c.relkind = 'r' AND (c.relname = ANY($1) OR c.oid IN (SELECT relid FROM pg_partition_tree(to_regclass('"AuditEventRecord"'))))`,
      tables,
      dictionary,
    );
    return { heap: Number(row!.heap), index: Number(row!.index), dictionary: Number(row!.dictionary) };
  } finally {
    await db.$disconnect();
  }
}

async function before(all: AuditRecord[]): Promise<Sizes> {
  const dir = mkdtempSync(path.join(tmpdir(), 'portcullis-audit-bench-'));
  const database = await createEmptyDatabase();
  try {
    cpSync(migrationsDir, dir, { recursive: true });
    for (const name of readdirSync(dir)) if (name >= COMPACT_MIGRATION && !name.endsWith('.toml')) rmSync(path.join(dir, name), { recursive: true });
    await applyMigrations(database.url, dir, schemaPath);
    const db = createDb(database.url, 2);
    await db.$executeRaw`INSERT INTO "Account" ("id", "rootEmail", "name") VALUES (${ACCOUNT}, 'audit-bench@example.com', 'audit-bench')`;
    const started = performance.now();
    for (let i = 0; i < all.length; i += 500) {
      const rows = all.slice(i, i + 500);
      const col = (f: (r: AuditRecord) => string | null | undefined) => rows.map((r) => f(r) ?? null);
      const now = new Date().toISOString();
      // The old writer's statement (audit/audit.ts before the compact layout).
      await db.$executeRaw`
        INSERT INTO "AuditEvent" ("time", "accountId", "principalArn", "action", "resource", "decision", "errorCode", "sourceIp", "userAgent", "requestId", "protocol")
        SELECT e.time AT TIME ZONE 'UTC', e."accountId", e."principalArn", e.action, e.resource, e.decision, e."errorCode", e."sourceIp", e."userAgent", e."requestId", e.protocol
        FROM unnest(${rows.map(() => now)}::timestamptz[], ${col((r) => r.caller?.accountId)}::varchar(12)[], ${col((r) => r.caller?.arn)}::text[], ${col((r) => r.action)}::text[],
          ${col((r) => r.resource)}::text[], ${col((r) => r.decision)}::text[], ${col((r) => r.errorCode)}::text[], ${col((r) => r.caller?.sourceIp)}::text[], ${col((r) => r.caller?.userAgent?.slice(0, 512))}::text[],
          ${col((r) => r.requestId)}::text[], ${col((r) => r.protocol)}::text[])
          AS e(time, "accountId", "principalArn", action, resource, decision, "errorCode", "sourceIp", "userAgent", "requestId", protocol)`;
    }
    console.info(`before: ${all.length} events stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await db.$disconnect();
    return await sizes(database.url, ['AuditEvent'], []);
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function after(all: AuditRecord[]): Promise<Sizes> {
  const database = await createTestDatabase({ seed: false });
  try {
    const log = new AuditLog(database.db);
    const started = performance.now();
    // As under load: many requests finishing together, each waiting for its event.
    for (let i = 0; i < all.length; i += 5_000) await Promise.all(all.slice(i, i + 5_000).map((record) => log.write(record)));
    console.info(`after: ${all.length} events stored through AuditLog.write in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const [{ n } = { n: 0n }] = await database.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "AuditEventRecord"`;
    if (Number(n) !== all.length) throw new Error(`stored ${n} events, expected ${all.length}`);
    return await sizes(database.url, ['AuditEventRecord'], ['AuditString']);
  } finally {
    await database.drop();
  }
}

function line(name: string, s: Sizes, n: number) {
  const per = (bytes: number) => (bytes / n).toFixed(0).padStart(4);
  return `| ${name.padEnd(6)} | ${per(s.heap)} | ${per(s.index)} | ${per(s.dictionary)} | ${per(s.heap + s.index + s.dictionary)} |`;
}

const all = events(EVENTS);
const old = process.env.AUDIT_SKIP_BEFORE === '1' ? undefined : await before(all);
const compact = await after(all);
console.info(`\nbytes per audit event, ${EVENTS} events (target ≤ 300 in all)\n| layout | heap | indexes | dictionary | all |\n|---|---|---|---|---|`);
if (old) console.info(line('before', old, EVENTS));
console.info(line('after', compact, EVENTS));
const total = compact.heap + compact.index + compact.dictionary;
if (total / EVENTS > 300) {
  console.error(`FAIL: ${(total / EVENTS).toFixed(0)} bytes per event > 300`);
  process.exitCode = 1;
}
