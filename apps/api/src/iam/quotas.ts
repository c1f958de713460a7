/**
 * The per-account quotas (users, groups, roles, customer managed policies, instance profiles):
 * AWS's defaults (reference_iam-quotas), which a self-hosted operator may raise
 * (PORTCULLIS_QUOTA_*; README's configuration table), and the check each create makes.
 *
 * Counts come from AccountUsage, whose rows triggers append in the same transaction as every
 * insert and delete (migration account_scale): a count is the sum of an account's few rows for a
 * kind — O(1) at any account size, where a count(*) grew with the account — and `foldAccountUsage`
 * keeps them few.
 *
 * The check is the dispatcher's, for actions that declare a `quota` (dispatch.ts). It must hold
 * under concurrency without making concurrent creates conflict:
 * - far below the quota (by more than the number of transactions that can be open at once), the
 *   count is read before the action's transaction: no concurrent creates can take the account
 *   over the quota, and SERIALIZABLE does not see a read it would have to order;
 * - near it, the count is read inside the transaction, after the create: two creates that both
 *   read it and both add to it cannot both commit (the loser is retried by the dispatcher and
 *   sees the new count).
 */
import { queryRows, type Db, type Tx } from '../db/client';
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
export async function accountUsage(tx: Tx | Db, accountId: string): Promise<Record<UsageKind, number>> {
  const rows = await tx.accountUsage.groupBy({ by: ['kind'], where: { accountId }, _sum: { count: true } });
  const usage = Object.fromEntries(rows.map((r) => [r.kind, Number(r._sum.count ?? 0)]));
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

/**
 * More than the transactions that can be open at once on one database (each replica holds at
 * most 10 connections; PostgreSQL's max_connections is 100 by default).
 */
const CONCURRENT_TRANSACTIONS_BOUND = 1000;

async function usageOf(reader: Tx | Db, accountId: string, kind: UsageKind): Promise<number> {
  const [row] = await queryRows<{ count: string }>(reader, 'SELECT coalesce(sum("count"), 0)::text AS "count" FROM "AccountUsage" WHERE "accountId" = $1 AND "kind" = $2', [accountId, kind]);
  return Number(row!.count);
}

/**
 * Read before the action's transaction: so far below the quota that no number of concurrent
 * creates can reach it — the action then need not check it inside its transaction.
 */
export async function farBelowQuota(db: Db, accountId: string, kind: QuotaKind): Promise<boolean> {
  return (await usageOf(db, accountId, kind)) + CONCURRENT_TRANSACTIONS_BOUND < limits[kind];
}

/**
 * Inside the transaction, after the create (whose own row is counted): LimitExceeded if it took
 * the account over its quota — the transaction then rolls back.
 */
export async function checkQuotaAfterCreate(tx: Tx, accountId: string, kind: QuotaKind): Promise<void> {
  const limit = limits[kind];
  if ((await usageOf(tx, accountId, kind)) > limit) throw limitExceeded(messages.quotaExceeded(DEFAULT_ACCOUNT_QUOTAS[kind].name, limit));
}

/**
 * Folds each account's usage rows of a kind into one, for the accounts and kinds that have more
 * (at most `groups` of them per call), so a count stays a sum of a few rows. Runs outside
 * SERIALIZABLE, so it never makes an action's transaction fail, and an action that read the rows
 * before sees the same sum in its snapshot. A change appended meanwhile is simply left for the
 * next fold. Returns the rows folded.
 */
export async function foldAccountUsage(db: Db, groups = 1000): Promise<number> {
  const [row] = await db.$queryRaw<{ folded: bigint }[]>`
    WITH busy AS (
      SELECT "accountId", "kind" FROM "AccountUsage" GROUP BY "accountId", "kind" HAVING count(*) > 1 LIMIT ${groups}
    ), folded AS (
      DELETE FROM "AccountUsage" u USING busy b WHERE u."accountId" = b."accountId" AND u."kind" = b."kind"
      RETURNING u."accountId", u."kind", u."count"
    ), inserted AS (
      INSERT INTO "AccountUsage" ("accountId", "kind", "count")
      SELECT "accountId", "kind", sum("count") FROM folded GROUP BY "accountId", "kind"
    )
    SELECT count(*) AS folded FROM folded`;
  return Number(row?.folded ?? 0);
}
