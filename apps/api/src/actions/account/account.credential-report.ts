/**
 * The credential report: one CSV row per user (the root user first) with AWS's 22 columns,
 * values TRUE/FALSE, ISO-8601 times, N/A, no_information and not_supported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 *
 * The latest report of each account is stored in CredentialReport, shared by every replica.
 */
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

export interface StoredReport {
  generatedAt: Date;
  csv: string;
}

export async function storedReport(tx: Tx, accountId: string): Promise<StoredReport | undefined> {
  const row = await tx.credentialReport.findUnique({ where: { accountId } });
  return row ? { generatedAt: row.generatedAt, csv: Buffer.from(row.content).toString('utf8') } : undefined;
}

export async function storeReport(tx: Tx, accountId: string, report: StoredReport): Promise<void> {
  const content = new Uint8Array(Buffer.from(report.csv, 'utf8'));
  await tx.credentialReport.upsert({ where: { accountId }, create: { accountId, generatedAt: report.generatedAt, content }, update: { generatedAt: report.generatedAt, content } });
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

/** Builds the account's report from the current state. */
export async function buildCredentialReport(tx: Tx, accountId: string): Promise<string> {
  const keyOrder = { orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }] };
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
  const rootKeys = await tx.accessKey.findMany({ where: { accountId, userId: null }, ...keyOrder });
  const certOrder = { orderBy: [{ uploadedAt: 'asc' as const }, { id: 'asc' as const }] };
  const rootCerts = await tx.signingCertificate.findMany({ where: { accountId, userId: null }, ...certOrder });
  const rootMfa = await tx.mfaDevice.count({ where: { accountId, userId: null, enabledAt: { not: null } } });
  const policy = await tx.passwordPolicy.findUnique({ where: { accountId } });
  const users = await tx.user.findMany({
    where: { accountId },
    include: { loginProfile: true, accessKeys: keyOrder, signingCertificates: certOrder, mfaDevices: { where: { enabledAt: { not: null } }, select: { serialNumber: true } } },
  });
  const rows: string[][] = [];
  rows.push([
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
  ]);
  users.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : 1));
  for (const user of users) {
    const profile = user.loginProfile;
    const nextRotation = profile && policy?.maxPasswordAge ? reportTime(new Date(profile.passwordChangedAt.getTime() + policy.maxPasswordAge * 86_400_000)) : 'N/A';
    rows.push([
      user.name,
      user.arn,
      reportTime(user.createdAt),
      bool(Boolean(profile)),
      profile ? timeOr(user.passwordLastUsed, 'no_information') : 'N/A',
      profile ? reportTime(profile.passwordChangedAt) : 'N/A',
      nextRotation,
      bool(user.mfaDevices.length > 0),
      ...keyColumns(user.accessKeys[0]),
      ...keyColumns(user.accessKeys[1]),
      ...certColumns(user.signingCertificates),
    ]);
  }
  return [CREDENTIAL_REPORT_HEADER.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n');
}
