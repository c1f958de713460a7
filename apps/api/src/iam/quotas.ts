/**
 * The per-account quotas (users, groups, roles, customer managed policies, instance profiles):
 * AWS's defaults (reference_iam-quotas), which a self-hosted operator may raise
 * (PORTCULLIS_QUOTA_*; README's configuration table), and the check each create makes.
 *
 * The check reads the account's count from AccountUsage, which triggers keep exact in the same
 * transaction as every insert and delete (see the migration account_scale): O(1) at any
 * account size, where a count(*) grew with the account. Under the dispatcher's SERIALIZABLE
 * transactions two creates that both read the count and both move it cannot both commit, so a
 * quota holds under concurrency (the loser is retried and then sees the new count).
 */
import type { Tx } from '../db/client';
import { limitExceeded } from '../errors';
import { messages } from '../messages';

/** The kinds of entity counted per account in AccountUsage (the migration's trigger arguments). */
export type UsageKind =
  | 'User'
  | 'Group'
  | 'Role'
  | 'LocalPolicy'
  | 'InstanceProfile'
  | 'MfaDevice'
  | 'MfaDeviceInUse'
  | 'PolicyAttachment'
  | 'ServerCertificate'
  | 'OidcProvider'
  | 'SamlProvider';

/** AWS's default quotas per account, and the names its LimitExceeded messages give them. */
export const DEFAULT_ACCOUNT_QUOTAS = {
  User: { name: 'UsersPerAccount', limit: 5000 },
  Group: { name: 'GroupsPerAccount', limit: 300 },
  Role: { name: 'RolesPerAccount', limit: 1000 },
  LocalPolicy: { name: 'PoliciesPerAccount', limit: 1500 },
  InstanceProfile: { name: 'InstanceProfilesPerAccount', limit: 1000 },
} as const;

export type QuotaKind = keyof typeof DEFAULT_ACCOUNT_QUOTAS;

const limits: Record<QuotaKind, number> = Object.fromEntries(Object.entries(DEFAULT_ACCOUNT_QUOTAS).map(([kind, q]) => [kind, q.limit])) as Record<QuotaKind, number>;

/** Sets the operator's quotas (main.ts, from the configuration); kinds left out keep AWS's default. */
export function configureQuotas(overrides: Partial<Record<QuotaKind, number | undefined>>): void {
  for (const [kind, limit] of Object.entries(overrides) as [QuotaKind, number | undefined][]) {
    limits[kind] = limit ?? DEFAULT_ACCOUNT_QUOTAS[kind].limit;
  }
}

/** The quota in force for a kind (GetAccountSummary reports these). */
export function accountQuota(kind: QuotaKind): number {
  return limits[kind];
}

/** Every count of an account (kinds with no row are 0). */
export async function accountUsage(tx: Tx, accountId: string): Promise<Record<UsageKind, number>> {
  const rows = await tx.accountUsage.findMany({ where: { accountId }, select: { kind: true, count: true } });
  const usage = Object.fromEntries(rows.map((r) => [r.kind, Number(r.count)]));
  const of = (kind: UsageKind) => usage[kind] ?? 0;
  return {
    User: of('User'),
    Group: of('Group'),
    Role: of('Role'),
    LocalPolicy: of('LocalPolicy'),
    InstanceProfile: of('InstanceProfile'),
    MfaDevice: of('MfaDevice'),
    MfaDeviceInUse: of('MfaDeviceInUse'),
    PolicyAttachment: of('PolicyAttachment'),
    ServerCertificate: of('ServerCertificate'),
    OidcProvider: of('OidcProvider'),
    SamlProvider: of('SamlProvider'),
  };
}

/** LimitExceeded when the account already has its quota of this kind of entity. */
export async function checkAccountQuota(tx: Tx, accountId: string, kind: QuotaKind): Promise<void> {
  const row = await tx.accountUsage.findUnique({ where: { accountId_kind: { accountId, kind } }, select: { count: true } });
  const limit = limits[kind];
  if (Number(row?.count ?? 0) >= limit) throw limitExceeded(messages.quotaExceeded(DEFAULT_ACCOUNT_QUOTAS[kind].name, limit));
}
