/**
 * The credential report: one CSV row per user (the root user first) with AWS's 22 columns,
 * values TRUE/FALSE, ISO-8601 times, N/A, no_information and not_supported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 *
 * Generated as AWS does, in the background (GenerateCredentialReport answers STARTED, later calls
 * INPROGRESS, then COMPLETE; GetCredentialReport meanwhile answers ReportInProgress): users are
 * read in keyset pages of PAGE_USERS, one short statement each (no transaction held open, no
 * list of IDs bound into a query) that makes the page's CSV rows in PostgreSQL — each user joined
 * by index to its password, MFA, first two access keys and certificates — and stores them in
 * chunks (CredentialReportPage) without their passing through this process; two pages are made
 * at once, so a million users take tens of seconds and memory stays bounded at any size.
 * GetCredentialReport streams the chunks back (a StreamedBlob). The latest report of each account
 * lives in the database, shared by every replica; a job a crashed replica left INPROGRESS is
 * taken over after STALE_JOB_MS.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { rootArn } from '../../iam/arns';
import { StreamedBlob } from '../../protocols/streamed-blob';

export const CREDENTIAL_REPORT_HEADER = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** A report is reused for 4 hours; after that GetCredentialReport calls it expired. */
export const REPORT_TTL_MS = 4 * 60 * 60 * 1000;

/**
 * Users per page of the report: one statement and one stored page (about 400 KB) each. Small
 * enough that the statement's estimated cost stays under PostgreSQL's JIT threshold (compiling
 * it would cost more than running it).
 */
const PAGE_USERS = 2000;
/** Pages made at once (one database connection each). */
const CONCURRENT_PAGES = 2;
/**
 * A page is stored as chunks of ROWS_PER_CHUNK users (about 55 KB each), under seq numbers
 * page × CHUNKS_PER_PAGE + chunk: small rows keep the download's buffers small (out of V8's
 * large-object space). A page has at most 2 × PAGE_USERS users, so at most CHUNKS_PER_PAGE chunks.
 */
const ROWS_PER_CHUNK = 250;
const CHUNKS_PER_PAGE = (2 * PAGE_USERS) / ROWS_PER_CHUNK;
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
    // The header and root row are seq 0; user page n is stored as chunks from (n + 1) × CHUNKS_PER_PAGE.
    let seq = 0;
    const store = (csv: string) => db.credentialReportPage.create({ data: { accountId, jobId, seq: seq++, content: new Uint8Array(Buffer.from(csv, 'utf8')) } });
    await store([CREDENTIAL_REPORT_HEADER.join(','), csvLine(await rootRow(db, accountId))].join('\n'));
    const [policy, anyCertificate] = await Promise.all([
      db.passwordPolicy.findUnique({ where: { accountId }, select: { maxPasswordAge: true } }),
      db.signingCertificate.findFirst({ where: { accountId, userId: { not: null } }, select: { id: true } }),
    ]);
    const options = { maxPasswordAge: policy?.maxPasswordAge ?? 0, certificates: anyCertificate !== null };
    // Pages are bounded ahead by a cheap index walk (pageEnd), so CONCURRENT_PAGES of them are
    // made at once; each is stored under its own seq, in order.
    let after: [string, string] = ['', ''];
    let failure: unknown;
    const inFlight: Promise<void>[] = [];
    for (;;) {
      const upTo = await pageEnd(db, accountId, after);
      inFlight.push(storeUsersPage(db, accountId, jobId, seq++, after, upTo, options).then(() => undefined, (error: unknown) => void (failure ??= error)));
      if (!upTo || failure) break;
      after = upTo;
      if (inFlight.length >= CONCURRENT_PAGES) await inFlight.shift();
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
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

/** Stored chunks read per query while a report is sent (about 450 KB). */
const PAGES_PER_READ = 8;

/**
 * A complete report's CSV as it is sent: its stored pages read a few at a time while the reply
 * is written (the protocols base64-encode it in place), so the whole CSV is never in memory.
 */
export function reportContent(tx: Tx, accountId: string, jobId: string): StreamedBlob {
  return new StreamedBlob(async function* () {
    for (let after = -1; ; ) {
      const pages = await tx.credentialReportPage.findMany({ where: { accountId, jobId, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: PAGES_PER_READ, select: { seq: true, content: true } });
      // No header page: the report was replaced meanwhile (it had expired).
      if (pages.length === 0 && after === -1) throw new Error('credential report pages missing');
      for (const page of pages) yield page.content;
      if (pages.length < PAGES_PER_READ) return;
      after = pages[pages.length - 1]!.seq;
    }
  });
}

/** The whole CSV of a complete report, for tests and small accounts. */
export async function reportCsv(tx: Tx, accountId: string, jobId: string): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const page of reportContent(tx, accountId, jobId).read()) parts.push(page);
  return Buffer.concat(parts).toString('utf8');
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

/** A report time in SQL: AWS's form, from a UTC timestamp column (as reportTime). */
const sqlTime = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')`;
/** A CSV field in SQL: quoted when it holds a comma, a quote or a line break (as csvField). */
const sqlField = (column: Prisma.Sql) => Prisma.sql`CASE WHEN ${column} ~ '[",\r\n]' THEN '"' || replace(${column}, '"', '""') || '"' ELSE ${column} END`;
const col = (name: string) => Prisma.raw(name);

/**
 * The sort key ([lower(name), id]) of the last user of the page that starts after `after`, or
 * undefined when fewer than PAGE_USERS users follow (the last page is open-ended).
 */
async function pageEnd(db: Tx, accountId: string, after: [string, string]): Promise<[string, string] | undefined> {
  const [row] = await db.$queryRaw<{ sortName: string; id: string }[]>`
    SELECT lower("name") AS "sortName", "id" FROM "User"
    WHERE "accountId" = ${accountId} AND (lower("name"), "id") > (${after[0]}, ${after[1]})
    ORDER BY lower("name"), "id" OFFSET ${PAGE_USERS - 1} LIMIT 1`;
  return row ? [row.sortName, row.id] : undefined;
}

/**
 * Makes and stores one page of the report: the users after `after` up to `upTo` (sort keys
 * [lower(name), id]; open-ended without it) as CSV rows, each preceded by a line break, made in
 * PostgreSQL with the same columns and formats as the root's row (rootRow, keyColumns,
 * certColumns). No page is stored when no user is in the range.
 * Each credential is found by index per user (LATERAL … LIMIT): a hash join would read the
 * whole LoginProfile or AccessKey table for every page, O(n²) over the report. The planner is
 * held to that (hash and merge joins off) in one short transaction, with JIT compilation off
 * (compiling would cost more than running). The bounded page's LIMIT (twice its expected size)
 * only keeps the planner's estimate small.
 */
export async function storeUsersPage(db: Tx, accountId: string, jobId: string, seq: number, after: [string, string], upTo: [string, string] | undefined, options: { maxPasswordAge: number; certificates: boolean }): Promise<void> {
  const changed = col('lp."passwordChangedAt"');
  const key = (column: string) => col(`a."${column}"`);
  const keyColumns = Prisma.sql`concat_ws(',',
    CASE WHEN a."status" = 'Active' THEN 'TRUE' ELSE 'FALSE' END,
    ${sqlTime(key('createdAt'))},
    coalesce(${sqlTime(key('lastUsedAt'))}, 'N/A'),
    CASE WHEN a."lastUsedAt" IS NULL OR a."lastUsedRegion" IS NULL THEN 'N/A' ELSE ${sqlField(key('lastUsedRegion'))} END,
    CASE WHEN a."lastUsedAt" IS NULL OR a."lastUsedService" IS NULL THEN 'N/A' ELSE ${sqlField(key('lastUsedService'))} END)`;
  // Signing certificates are rare: an account without any skips their lookup.
  const certificates = options.certificates
    ? Prisma.sql`CASE coalesce(c."n", 0) WHEN 0 THEN 'FALSE,N/A,FALSE,N/A' WHEN 1 THEN c."cols" || ',FALSE,N/A' ELSE c."cols" END`
    : Prisma.sql`'FALSE,N/A,FALSE,N/A'`;
  const certificateJoin = options.certificates
    ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT count(*) AS "n", string_agg(concat_ws(',', CASE WHEN s."status" = 'Active' THEN 'TRUE' ELSE 'FALSE' END, ${sqlTime(col('s."uploadedAt"'))}), ',' ORDER BY s."uploadedAt", s."id") AS "cols"
        FROM (SELECT "status", "uploadedAt", "id" FROM "SigningCertificate" WHERE "userId" = u."id" ORDER BY "uploadedAt", "id" LIMIT 2) s
      ) c ON true`
    : Prisma.empty;
  const bounded = upTo ? Prisma.sql`AND (lower(u."name"), u."id") <= (${upTo[0]}, ${upTo[1]})` : Prisma.empty;
  const statement = db.$executeRaw`
    WITH page AS (
      SELECT u."id", lower(u."name") AS "sortName", concat_ws(',',
        ${sqlField(col('u."name"'))},
        ${sqlField(col('u."arn"'))},
        ${sqlTime(col('u."createdAt"'))},
        CASE WHEN ${changed} IS NULL THEN 'FALSE,N/A,N/A,N/A' ELSE concat_ws(',',
          'TRUE',
          coalesce(${sqlTime(col('u."passwordLastUsed"'))}, 'no_information'),
          ${sqlTime(changed)},
          CASE WHEN ${options.maxPasswordAge}::int > 0 THEN ${sqlTime(Prisma.sql`${changed} + ${options.maxPasswordAge}::int * interval '1 day'`)} ELSE 'N/A' END) END,
        CASE WHEN mfa."on" THEN 'TRUE' ELSE 'FALSE' END,
        CASE coalesce(k."n", 0) WHEN 0 THEN 'FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A' WHEN 1 THEN k."cols" || ',FALSE,N/A,N/A,N/A,N/A' ELSE k."cols" END,
        ${certificates}
      ) AS "line"
      FROM "User" u
      LEFT JOIN LATERAL (SELECT "passwordChangedAt" FROM "LoginProfile" WHERE "userId" = u."id" LIMIT 1) lp ON true
      LEFT JOIN LATERAL (SELECT true AS "on" FROM "MfaDevice" m WHERE m."userId" = u."id" AND m."enabledAt" IS NOT NULL LIMIT 1) mfa ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS "n", string_agg(${keyColumns}, ',' ORDER BY a."createdAt", a."id") AS "cols"
        FROM (SELECT "status", "createdAt", "id", "lastUsedAt", "lastUsedRegion", "lastUsedService" FROM "AccessKey" WHERE "userId" = u."id" ORDER BY "createdAt", "id" LIMIT 2) a
      ) k ON true
      ${certificateJoin}
      WHERE u."accountId" = ${accountId} AND (lower(u."name"), u."id") > (${after[0]}, ${after[1]}) ${bounded}
      ORDER BY lower(u."name"), u."id"
      LIMIT ${upTo ? 2 * PAGE_USERS : PAGE_USERS}
    )
    INSERT INTO "CredentialReportPage" ("accountId", "jobId", "seq", "content")
    SELECT ${accountId}, ${jobId}, ${seq}::int * ${CHUNKS_PER_PAGE}::int + "chunk", convert_to(string_agg(E'\n' || "line", '' ORDER BY "sortName", "id"), 'UTF8')
    FROM (SELECT *, (row_number() OVER (ORDER BY "sortName", "id") - 1) / ${ROWS_PER_CHUNK}::int AS "chunk" FROM page) rows
    GROUP BY "chunk"`;
  await db.$transaction([db.$queryRaw`SELECT set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`, statement]);
}
