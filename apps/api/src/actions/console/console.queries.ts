/**
 * The console views' database calls: one page of a list with everything its rows show, its
 * total, searched and sorted over the whole account in SQL (a few milliseconds at 5,000 users),
 * and the dashboard's account-wide figures.
 */
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';

export type SortOrder = 'ascending' | 'descending';

/** A case-insensitive substring pattern for ILIKE, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A sortable column: SQL over the row `u`. Ages sort by their date, reversed (youngest first when ascending). */
interface SortColumn {
  sql: Prisma.Sql;
  reversed?: boolean;
}

/** A list the console pages through on the server: its table (aliased `u`, with accountId and name) and sortable columns. */
interface ListSpec {
  table: Prisma.Sql;
  sorts: Record<string, SortColumn>;
  /** A column the search matches besides the name. */
  alsoSearched?: Prisma.Sql;
  /** The rows an account sees; by default its own (`u."accountId"`). */
  visibleTo?: (accountId: string) => Prisma.Sql;
}

const byName: SortColumn = { sql: Prisma.sql`lower(u.name)` };
const created: SortColumn = { sql: Prisma.sql`u."createdAt"` };

export const USERS: ListSpec = {
  table: Prisma.sql`"User" u`,
  sorts: {
    UserName: byName,
    Path: { sql: Prisma.sql`u.path` },
    CreateDate: created,
    Groups: { sql: Prisma.sql`(SELECT count(*) FROM "GroupMembership" m WHERE m."userId" = u.id)` },
    LastActivity: { sql: Prisma.sql`greatest(u."passwordLastUsed", (SELECT max(k."lastUsedAt") FROM "AccessKey" k WHERE k."userId" = u.id))` },
    PasswordAge: { sql: Prisma.sql`(SELECT p."createdAt" FROM "LoginProfile" p WHERE p."userId" = u.id)`, reversed: true },
    AccessKeyAge: { sql: Prisma.sql`(SELECT min(k."createdAt") FROM "AccessKey" k WHERE k."userId" = u.id AND k.status = 'Active')`, reversed: true },
  },
};

export const GROUPS: ListSpec = {
  table: Prisma.sql`"Group" u`,
  sorts: {
    GroupName: byName,
    CreateDate: created,
    Users: { sql: Prisma.sql`(SELECT count(*) FROM "GroupMembership" m WHERE m."groupId" = u.id)` },
    Permissions: {
      sql: Prisma.sql`((SELECT count(*) FROM "PolicyAttachment" a WHERE a."groupId" = u.id) + (SELECT count(*) FROM "InlinePolicy" i WHERE i."groupId" = u.id))`,
    },
  },
};

export const ROLES: ListSpec = {
  table: Prisma.sql`"Role" u`,
  sorts: {
    RoleName: byName,
    CreateDate: created,
    LastActivity: { sql: Prisma.sql`u."lastUsedAt"` },
  },
  // The trusted entities column comes from the trust policy: "ec2.amazonaws.com" finds EC2's roles.
  alsoSearched: Prisma.sql`u."assumeRolePolicyDocument"`,
};

/** How many of the account's users, groups and roles a policy `u` is attached to, plus its users and roles it bounds. */
const policyUses = (accountId: string) => Prisma.sql`(
  (SELECT count(*) FROM "PolicyAttachment" a
     LEFT JOIN "User" au ON au.id = a."userId" LEFT JOIN "Group" ag ON ag.id = a."groupId" LEFT JOIN "Role" ar ON ar.id = a."roleId"
   WHERE a."policyId" = u.id AND COALESCE(au."accountId", ag."accountId", ar."accountId") = ${accountId})
  + (SELECT count(*) FROM "User" bu WHERE bu."permissionsBoundaryId" = u.id AND bu."accountId" = ${accountId})
  + (SELECT count(*) FROM "Role" br WHERE br."permissionsBoundaryId" = u.id AND br."accountId" = ${accountId}))`;

/** The managed policies an account sees: AWS's (no account) and its own. Sorting by use is per account, so the spec is too. */
export function policiesSpec(accountId: string): ListSpec {
  return {
    table: Prisma.sql`"ManagedPolicy" u`,
    sorts: {
      PolicyName: byName,
      // As the console's Type column reads: AWS managed, AWS managed - job function, Customer managed.
      Type: { sql: Prisma.sql`(CASE WHEN u."accountId" IS NOT NULL THEN 2 WHEN u.path = '/job-function/' THEN 1 ELSE 0 END)` },
      UsedAs: { sql: policyUses(accountId) },
      Description: { sql: Prisma.sql`lower(u.description)` },
      CreateDate: created,
    },
    alsoSearched: Prisma.sql`u.description`,
    visibleTo: (id) => Prisma.sql`(u."accountId" = ${id} OR u."accountId" IS NULL)`,
  };
}
export const POLICY_SORT_FIELDS = ['PolicyName', 'Type', 'UsedAs', 'Description', 'CreateDate'] as const;

/** The policies with their use in the account (AttachmentCount and PermissionsBoundaryUsageCount). */
export async function policiesWithColumns(tx: Tx, accountId: string, ids: string[]) {
  const [policies, attachments, userBounds, roleBounds] = await Promise.all([
    tx.managedPolicy.findMany({ where: { id: { in: ids } } }),
    tx.policyAttachment.groupBy({ by: ['policyId'], where: { policyId: { in: ids }, OR: [{ user: { accountId } }, { group: { accountId } }, { role: { accountId } }] }, _count: true }),
    tx.user.groupBy({ by: ['permissionsBoundaryId'], where: { accountId, permissionsBoundaryId: { in: ids } }, _count: true }),
    tx.role.groupBy({ by: ['permissionsBoundaryId'], where: { accountId, permissionsBoundaryId: { in: ids } }, _count: true }),
  ]);
  const attached = new Map(attachments.map((r) => [r.policyId, r._count]));
  const bounded = new Map<string | null, number>();
  for (const r of [...userBounds, ...roleBounds]) bounded.set(r.permissionsBoundaryId, (bounded.get(r.permissionsBoundaryId) ?? 0) + r._count);
  return policies.map((p) => ({ ...p, attachmentCount: attached.get(p.id) ?? 0, boundaryCount: bounded.get(p.id) ?? 0 }));
}

/** The sort fields a list accepts (for its input schema). */
export const sortFields = (spec: ListSpec) => Object.keys(spec.sorts) as [string, ...string[]];

export interface ListPageOptions {
  search?: string;
  sortBy: string;
  sortOrder: SortOrder;
  offset: number;
  limit: number;
  /** A further condition on the row `u` (a filter of the list besides the search). */
  filter?: Prisma.Sql;
}

/**
 * One page of a list's rows in the account (IDs, in order) whose name contains the search, and
 * how many match in all. Rows without a sort value (no key, never used) come last either way;
 * ties fall back to the name, so every order is total and pages never overlap.
 */
export async function idsPage(tx: Tx, spec: ListSpec, accountId: string, options: ListPageOptions): Promise<{ ids: string[]; total: number }> {
  const sort = spec.sorts[options.sortBy] ?? byName;
  const descending = (options.sortOrder === 'descending') !== Boolean(sort.reversed);
  const direction = descending ? Prisma.sql`DESC NULLS LAST` : Prisma.sql`ASC NULLS LAST`;
  const visible = spec.visibleTo ? spec.visibleTo(accountId) : Prisma.sql`u."accountId" = ${accountId}`;
  const filter = options.filter ? Prisma.sql`AND ${options.filter}` : Prisma.empty;
  const where = Prisma.sql`${visible} ${filter} ${searchClause(options.search, spec.alsoSearched)}`;
  const rows = await tx.$queryRaw<{ id: string; total: bigint }[]>`
    SELECT u.id, count(*) OVER () AS total FROM ${spec.table} WHERE ${where}
    ORDER BY ${sort.sql} ${direction}, lower(u.name) ASC, u.id ASC
    OFFSET ${options.offset} LIMIT ${options.limit}`;
  if (rows[0]) return { ids: rows.map((r) => r.id), total: Number(rows[0].total) };
  // Past the last page no row carries the total: count separately (rare).
  const [count] = await tx.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM ${spec.table} WHERE ${where}`;
  return { ids: [], total: Number(count?.total ?? 0) };
}

/** Not Prisma's `contains`: it would pass % and _ through as wildcards. */
function searchClause(search: string | undefined, alsoSearched: Prisma.Sql | undefined): Prisma.Sql {
  if (!search) return Prisma.empty;
  const pattern = containsPattern(search);
  return alsoSearched ? Prisma.sql`AND (u.name ILIKE ${pattern} OR ${alsoSearched} ILIKE ${pattern})` : Prisma.sql`AND u.name ILIKE ${pattern}`;
}

/** The users with what the list shows of each: groups, password, access keys, MFA devices. */
export function usersWithColumns(tx: Tx, ids: string[]) {
  return tx.user.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      name: true,
      path: true,
      arn: true,
      createdAt: true,
      passwordLastUsed: true,
      memberships: { select: { group: { select: { name: true } } } },
      loginProfile: { select: { createdAt: true } },
      accessKeys: { select: { id: true, status: true, createdAt: true, lastUsedAt: true } },
      mfaDevices: { where: { enabledAt: { not: null } }, select: { type: true } },
    },
  });
}

/** The groups with what the list shows: member and permission counts. */
export function groupsWithColumns(tx: Tx, ids: string[]) {
  return tx.group.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, path: true, arn: true, createdAt: true, _count: { select: { memberships: true, attachments: true, inlinePolicies: true } } },
  });
}

/** The roles with what the list shows (the Role shape and its last use). */
export function rolesWithColumns(tx: Tx, ids: string[]) {
  return tx.role.findMany({ where: { id: { in: ids } } });
}

/** The dashboard's counts: GetAccountSummary's figures (account.queries.ts) that the dashboard shows. */
export async function dashboardCounts(tx: Tx, accountId: string) {
  const [users, groups, roles, policies, oidcProviders, samlProviders, rootMfa, rootKeys] = await Promise.all([
    tx.user.count({ where: { accountId } }),
    tx.group.count({ where: { accountId } }),
    tx.role.count({ where: { accountId } }),
    tx.managedPolicy.count({ where: { accountId } }),
    tx.openIdConnectProvider.count({ where: { accountId } }),
    tx.samlProvider.count({ where: { accountId } }),
    tx.mfaDevice.count({ where: { accountId, userId: null, enabledAt: { not: null } } }),
    tx.accessKey.count({ where: { accountId, userId: null } }),
  ]);
  return { users, groups, roles, policies, providers: oidcProviders + samlProviders, rootMfa, rootKeys };
}

/** Active access keys of the account's IAM users created before `cutoff`, and all active ones. */
export async function activeAccessKeyAges(tx: Tx, accountId: string, cutoff: Date): Promise<{ active: number; olderThanCutoff: number }> {
  const [active, olderThanCutoff] = await Promise.all([
    tx.accessKey.count({ where: { accountId, userId: { not: null }, status: 'Active' } }),
    tx.accessKey.count({ where: { accountId, userId: { not: null }, status: 'Active', createdAt: { lt: cutoff } } }),
  ]);
  return { active, olderThanCutoff };
}
