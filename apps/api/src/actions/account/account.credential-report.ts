/**
 * The credential report: one CSV row per user (the root user first) with AWS's 22 columns,
 * values TRUE/FALSE, ISO-8601 times, N/A, no_information and not_supported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 *
 * Generated as AWS does, in the background (GenerateCredentialReport answers STARTED, later calls
 * INPROGRESS, then COMPLETE; GetCredentialReport meanwhile answers ReportInProgress): users are
 * read in keyset pages of PAGE_USERS, one short query each (no transaction held open, no list
 * of IDs bound into a query), and each page's CSV is stored as it is made (CredentialReportPage),
 * so memory stays bounded at any account size. The latest report of each account lives in the
 * database, shared by every replica; a job a crashed replica left INPROGRESS is taken over
 * after STALE_JOB_MS.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { rootArn } from '../../iam/arns';

export const CREDENTIAL_REPORT_HEADER = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** A report is reused for 4 hours; after that GetCredentialReport calls it expired. */
export const REPORT_TTL_MS = 4 * 60 * 60 * 1000;

/** Users per page of the report: one query and one stored page each. */
const PAGE_USERS = 2000;
/** An INPROGRESS job older than this was lost with its replica: another may start over. */
export const STALE_JOB_MS = 10 * 60 * 1000;

export type ReportState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

/**
 * Starts a report unless a current one exists or one is being made. Claims the account's row in
 * one statement, so of concurrent callers (on any replica) exactly one starts the job.
 * Returns the state GenerateCredentialReport answers and, when it started one, the job.
 */
export async function startCredentialReport(db: Tx, accountId: string, now: Date): Promise<{ state: ReportState; job?: Promise<void> }> {
  const jobId = randomUUID();
  const expiredBefore = new Date(now.getTime() - REPORT_TTL_MS);
  const staleBefore = new Date(now.getTime() - STALE_JOB_MS);
  const claimed = await db.$queryRaw<{ jobId: string }[]>`
    INSERT INTO "CredentialReport" ("accountId", "state", "jobId", "startedAt", "generatedAt") VALUES (${accountId}, 'INPROGRESS', ${jobId}, ${now}, NULL)
    ON CONFLICT ("accountId") DO UPDATE SET "state" = 'INPROGRESS', "jobId" = EXCLUDED."jobId", "startedAt" = EXCLUDED."startedAt", "generatedAt" = NULL
    WHERE "CredentialReport"."state" = 'FAILED'
       OR ("CredentialReport"."state" = 'COMPLETE' AND "CredentialReport"."generatedAt" <= ${expiredBefore})
       OR ("CredentialReport"."state" = 'INPROGRESS' AND "CredentialReport"."startedAt" <= ${staleBefore})
    RETURNING "jobId"`;
  if (claimed[0]?.jobId === jobId) return { state: 'STARTED', job: runCredentialReport(db, accountId, jobId, now) };
  const row = await db.credentialReport.findUnique({ where: { accountId }, select: { state: true } });
  return { state: row?.state === 'COMPLETE' ? 'COMPLETE' : 'INPROGRESS' };
}

/** Builds the report page by page; COMPLETE at the end, FAILED if anything goes wrong. */
async function runCredentialReport(db: Tx, accountId: string, jobId: string, startedAt: Date): Promise<void> {
  try {
    // Pages of an earlier report (or of a job taken over) go first.
    await db.credentialReportPage.deleteMany({ where: { accountId, jobId: { not: jobId } } });
    let seq = 0;
    const store = (csv: string) => db.credentialReportPage.create({ data: { accountId, jobId, seq: seq++, content: new Uint8Array(Buffer.from(csv, 'utf8')) } });
    await store([CREDENTIAL_REPORT_HEADER.join(','), csvLine(await rootRow(db, accountId))].join('\n'));
    const policy = await db.passwordPolicy.findUnique({ where: { accountId }, select: { maxPasswordAge: true } });
    let after: [string, string] | undefined;
    for (;;) {
      const users = await reportUsersPage(db, accountId, after);
      if (users.length === 0) break;
      await store(users.map((user) => '\n' + csvLine(userRow(user, policy?.maxPasswordAge ?? null))).join(''));
      const last = users[users.length - 1]!;
      after = [last.sortName, last.id];
      if (users.length < PAGE_USERS) break;
    }
    const { count } = await db.credentialReport.updateMany({ where: { accountId, jobId }, data: { state: 'COMPLETE', generatedAt: startedAt } });
    // Taken over meanwhile (this replica was too slow): the other job's pages are the report.
    if (count === 0) await db.credentialReportPage.deleteMany({ where: { accountId, jobId } });
  } catch {
    await db.credentialReport.updateMany({ where: { accountId, jobId }, data: { state: 'FAILED' } }).catch(() => undefined);
  }
}

export type StoredReport =
  | { state: 'COMPLETE'; generatedAt: Date; jobId: string }
  | { state: 'INPROGRESS' | 'FAILED' };

export async function storedReport(tx: Tx, accountId: string): Promise<StoredReport | undefined> {
  const row = await tx.credentialReport.findUnique({ where: { accountId } });
  if (!row) return undefined;
  if (row.state === 'COMPLETE' && row.generatedAt) return { state: 'COMPLETE', generatedAt: row.generatedAt, jobId: row.jobId };
  return { state: row.state === 'INPROGRESS' ? 'INPROGRESS' : 'FAILED' };
}

/**
 * A complete report's CSV, base64-encoded page by page (each page's bytes carried over to a
 * multiple of 3, so the pieces join into one valid base64 text) — the whole CSV is never held
 * as one buffer beside its encoding.
 */
export async function reportContentBase64(tx: Tx, accountId: string, jobId: string): Promise<string> {
  const parts: string[] = [];
  let carry = Buffer.alloc(0);
  for (let seq = 0; ; seq += 16) {
    const pages = await tx.credentialReportPage.findMany({ where: { accountId, jobId, seq: { gte: seq, lt: seq + 16 } }, orderBy: { seq: 'asc' }, select: { content: true } });
    for (const page of pages) {
      const bytes = Buffer.concat([carry, Buffer.from(page.content)]);
      const whole = bytes.length - (bytes.length % 3);
      parts.push(bytes.subarray(0, whole).toString('base64'));
      carry = bytes.subarray(whole);
    }
    if (pages.length < 16) break;
  }
  parts.push(carry.toString('base64'));
  return parts.join('');
}

/** AWS's timestamp form in the report: 2014-07-14T17:52:43+00:00. */
export function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const bool = (value: boolean) => (value ? 'TRUE' : 'FALSE');
const timeOr = (date: Date | null | undefined, otherwise: string) => (date ? reportTime(date) : otherwise);

interface KeyRow {
  status: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedRegion: string | null;
  lastUsedService: string | null;
}

function keyColumns(key: KeyRow | undefined): string[] {
  if (!key) return ['FALSE', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    bool(key.status === 'Active'),
    reportTime(key.createdAt),
    timeOr(key.lastUsedAt, 'N/A'),
    key.lastUsedAt ? (key.lastUsedRegion ?? 'N/A') : 'N/A',
    key.lastUsedAt ? (key.lastUsedService ?? 'N/A') : 'N/A',
  ];
}

interface CertRow {
  status: string;
  uploadedAt: Date;
}

/** cert_N_active and cert_N_last_rotated for the first two signing certificates (oldest first). */
function certColumns(certs: CertRow[]): string[] {
  return [certs[0], certs[1]].flatMap((cert) => (cert ? [bool(cert.status === 'Active'), reportTime(cert.uploadedAt)] : ['FALSE', 'N/A']));
}

const csvLine = (row: string[]) => row.map(csvField).join(',');

async function rootRow(db: Tx, accountId: string): Promise<string[]> {
  const keyOrder = { orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }], take: 2 };
  const certOrder = { orderBy: [{ uploadedAt: 'asc' as const }, { id: 'asc' as const }], take: 2 };
  const [account, rootKeys, rootCerts, rootMfa] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { id: accountId } }),
    db.accessKey.findMany({ where: { accountId, userId: null }, ...keyOrder }),
    db.signingCertificate.findMany({ where: { accountId, userId: null }, ...certOrder }),
    db.mfaDevice.count({ where: { accountId, userId: null, enabledAt: { not: null } } }),
  ]);
  return [
    '<root_account>',
    rootArn(accountId),
    reportTime(account.createdAt),
    'not_supported',
    timeOr(account.rootPasswordLastUsed, 'no_information'),
    'not_supported',
    'not_supported',
    bool(rootMfa > 0),
    ...keyColumns(rootKeys[0]),
    ...keyColumns(rootKeys[1]),
    ...certColumns(rootCerts),
  ];
}

/** One user's report inputs: the user, its password, MFA, and first two keys and certificates. */
interface ReportUser {
  id: string;
  sortName: string;
  name: string;
  arn: string;
  createdAt: Date;
  passwordLastUsed: Date | null;
  passwordChangedAt: Date | null;
  mfaActive: boolean;
  k1Status: string | null; k1CreatedAt: Date | null; k1LastUsedAt: Date | null; k1Region: string | null; k1Service: string | null;
  k2Status: string | null; k2CreatedAt: Date | null; k2LastUsedAt: Date | null; k2Region: string | null; k2Service: string | null;
  c1Status: string | null; c1UploadedAt: Date | null;
  c2Status: string | null; c2UploadedAt: Date | null;
}

/** The next page of users after `after` ([lower(name), id]), each joined to its credentials by index. */
function reportUsersPage(db: Tx, accountId: string, after: [string, string] | undefined): Promise<ReportUser[]> {
  const keyAfter = after ? Prisma.sql`AND (lower(u."name"), u."id") > (${after[0]}, ${after[1]})` : Prisma.empty;
  const key = (n: number) => Prisma.sql`LEFT JOIN LATERAL (SELECT "status", "createdAt", "lastUsedAt", "lastUsedRegion", "lastUsedService" FROM "AccessKey" WHERE "userId" = u."id" ORDER BY "createdAt", "id" OFFSET ${n} LIMIT 1) ${Prisma.raw(`k${n + 1}`)} ON true`;
  const cert = (n: number) => Prisma.sql`LEFT JOIN LATERAL (SELECT "status", "uploadedAt" FROM "SigningCertificate" WHERE "userId" = u."id" ORDER BY "uploadedAt", "id" OFFSET ${n} LIMIT 1) ${Prisma.raw(`c${n + 1}`)} ON true`;
  return db.$queryRaw<ReportUser[]>`
    SELECT u."id", lower(u."name") AS "sortName", u."name", u."arn", u."createdAt", u."passwordLastUsed", lp."passwordChangedAt",
      EXISTS (SELECT 1 FROM "MfaDevice" m WHERE m."userId" = u."id" AND m."enabledAt" IS NOT NULL) AS "mfaActive",
      k1."status" AS "k1Status", k1."createdAt" AS "k1CreatedAt", k1."lastUsedAt" AS "k1LastUsedAt", k1."lastUsedRegion" AS "k1Region", k1."lastUsedService" AS "k1Service",
      k2."status" AS "k2Status", k2."createdAt" AS "k2CreatedAt", k2."lastUsedAt" AS "k2LastUsedAt", k2."lastUsedRegion" AS "k2Region", k2."lastUsedService" AS "k2Service",
      c1."status" AS "c1Status", c1."uploadedAt" AS "c1UploadedAt", c2."status" AS "c2Status", c2."uploadedAt" AS "c2UploadedAt"
    FROM "User" u
    LEFT JOIN "LoginProfile" lp ON lp."userId" = u."id"
    ${key(0)} ${key(1)} ${cert(0)} ${cert(1)}
    WHERE u."accountId" = ${accountId} ${keyAfter}
    ORDER BY lower(u."name"), u."id"
    LIMIT ${PAGE_USERS}`;
}

function userRow(user: ReportUser, maxPasswordAge: number | null): string[] {
  const changed = user.passwordChangedAt;
  const nextRotation = changed && maxPasswordAge ? reportTime(new Date(changed.getTime() + maxPasswordAge * 86_400_000)) : 'N/A';
  const keyOf = (status: string | null, createdAt: Date | null, lastUsedAt: Date | null, region: string | null, service: string | null) =>
    status && createdAt ? { status, createdAt, lastUsedAt, lastUsedRegion: region, lastUsedService: service } : undefined;
  const certs = [
    ...(user.c1Status && user.c1UploadedAt ? [{ status: user.c1Status, uploadedAt: user.c1UploadedAt }] : []),
    ...(user.c2Status && user.c2UploadedAt ? [{ status: user.c2Status, uploadedAt: user.c2UploadedAt }] : []),
  ];
  return [
    user.name,
    user.arn,
    reportTime(user.createdAt),
    bool(Boolean(changed)),
    changed ? timeOr(user.passwordLastUsed, 'no_information') : 'N/A',
    changed ? reportTime(changed) : 'N/A',
    nextRotation,
    bool(user.mfaActive),
    ...keyColumns(keyOf(user.k1Status, user.k1CreatedAt, user.k1LastUsedAt, user.k1Region, user.k1Service)),
    ...keyColumns(keyOf(user.k2Status, user.k2CreatedAt, user.k2LastUsedAt, user.k2Region, user.k2Service)),
    ...certColumns(certs),
  ];
}
