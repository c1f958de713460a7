/**
 * Console views: what one console screen shows, read in one request — a list page with its rows'
 * columns, its total and a search over the whole account; the dashboard's figures. AWS's own
 * console makes a request per row; at thousands of users that is a request storm.
 *
 * A view is REST-only (`POST /api/console/<View>`, see registry.ts) and is no new permission: its
 * action is named after the IAM operation whose data it returns (`iam:ListUsers` for the Users
 * page), so dispatch() authorizes and audits it exactly as that operation, and the permissions
 * of its other figures come in `alsoRequires`. A policy that lets a caller list users lets the
 * caller open the Users page; one that denies it refuses the page with the same message.
 */
import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import { defineAction, type AnyAction } from '../action';
import { activeAccessKeyAges, dashboardCounts, GROUPS, groupsWithColumns, idsPage, POLICY_SORT_FIELDS, policiesSpec, policiesWithColumns, ROLES, rolesWithColumns, sortFields, USERS, usersWithColumns, type ListPageOptions } from './console.queries';
import { roleShape, withTrustAsShown } from '../../iam/roles-shape';
import { policyShape } from '../policies/policies.shared';
import { consolePermissionsView } from './console-permissions.actions';
import { policyChangeView } from './policy-change.actions';

/** AWS recommends rotating access keys every 90 days (the dashboard's recommendation). */
const KEY_ROTATION_DAYS = 90;

/** Page/search/sort input shared by the list views (names AWS's models do not use, so its input checks leave them alone). */
const ListPageInput = {
  Search: z.string().trim().max(128).optional(),
  SortOrder: z.enum(['ascending', 'descending']).default('ascending'),
  /** 1-based page number. */
  Page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  PageSize: z.coerce.number().int().min(1).max(1000).default(25),
};

/** The page the input asks for, as the queries take it. */
function pageOptions(input: { Search?: string; SortBy: string; SortOrder: 'ascending' | 'descending'; Page: number; PageSize: number }): ListPageOptions {
  return { search: input.Search || undefined, sortBy: input.SortBy, sortOrder: input.SortOrder, offset: (input.Page - 1) * input.PageSize, limit: input.PageSize };
}

/** The rows in the order of `ids` (a row deleted meanwhile is left out). */
function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row) => row !== undefined);
}

/** The Users page: one page of users with their groups, password, keys and MFA, and the total. */
export const listUsersView = defineAction({
  name: 'ListUsers',
  service: 'iam',
  readOnly: true,
  input: z.object({ ...ListPageInput, SortBy: z.enum(sortFields(USERS)).default('UserName') }),
  // As iam:ListUsers (users.actions.ts).
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const { ids, total } = await idsPage(tx, USERS, caller.accountId, pageOptions(input));
    const users = inOrder(ids, await usersWithColumns(tx, ids));
    return {
      Users: users.map((u) => {
        const activeKeys = u.accessKeys.filter((k) => k.status === 'Active').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        const lastUses = [u.passwordLastUsed, ...u.accessKeys.map((k) => k.lastUsedAt)].filter((d): d is Date => d !== null);
        const lastActivity = lastUses.length ? new Date(Math.max(...lastUses.map((d) => d.getTime()))) : undefined;
        return {
          UserName: u.name,
          UserId: u.id,
          Arn: u.arn,
          Path: u.path,
          CreateDate: u.createdAt,
          ...(u.passwordLastUsed ? { PasswordLastUsed: u.passwordLastUsed } : {}),
          GroupNames: u.memberships.map((m) => m.group.name).sort((a, b) => a.localeCompare(b)),
          ...(u.loginProfile ? { PasswordCreateDate: u.loginProfile.createdAt } : {}),
          ActiveAccessKeys: activeKeys.map((k) => ({ AccessKeyId: k.id, CreateDate: k.createdAt, ...(k.lastUsedAt ? { LastUsedDate: k.lastUsedAt } : {}) })),
          MfaDeviceTypes: [...new Set(u.mfaDevices.map((d) => (d.type === 'fido' ? 'Security key' : 'Virtual')))],
          ...(lastActivity ? { LastActivity: lastActivity } : {}),
        };
      }),
      TotalCount: total,
    };
  },
});

/** The User groups page: one page of groups with their member and permission counts, and the total. */
export const listGroupsView = defineAction({
  name: 'ListGroups',
  service: 'iam',
  readOnly: true,
  input: z.object({ ...ListPageInput, SortBy: z.enum(sortFields(GROUPS)).default('GroupName') }),
  // As iam:ListGroups (groups.actions.ts).
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const { ids, total } = await idsPage(tx, GROUPS, caller.accountId, pageOptions(input));
    return {
      Groups: inOrder(ids, await groupsWithColumns(tx, ids)).map((g) => ({
        GroupName: g.name,
        GroupId: g.id,
        Arn: g.arn,
        Path: g.path,
        CreateDate: g.createdAt,
        UserCount: g._count.memberships,
        PolicyCount: g._count.attachments + g._count.inlinePolicies,
      })),
      TotalCount: total,
    };
  },
});

/** The Roles page: one page of roles (AWS's Role shape with its last use), and the total. */
export const listRolesView = defineAction({
  name: 'ListRoles',
  service: 'iam',
  readOnly: true,
  input: z.object({ ...ListPageInput, SortBy: z.enum(sortFields(ROLES)).default('RoleName') }),
  // As iam:ListRoles (roles.actions.ts).
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const { ids, total } = await idsPage(tx, ROLES, caller.accountId, pageOptions(input));
    const roles = await withTrustAsShown(tx, inOrder(ids, await rolesWithColumns(tx, ids)));
    return { Roles: roles.map((r) => roleShape(r, { lastUsed: true })), TotalCount: total };
  },
});

/** ListPolicies' Scope as a condition on the policy row `u`: AWS's policies have no account. */
const POLICY_SCOPES = {
  All: undefined,
  AWS: Prisma.sql`u."accountId" IS NULL`,
  Local: Prisma.sql`u."accountId" IS NOT NULL`,
};

/** The Policies page: one page of the policies the account sees (AWS's and its own) with their use and description, and the total. */
export const listPoliciesView = defineAction({
  name: 'ListPolicies',
  service: 'iam',
  readOnly: true,
  // Scope is ListPolicies' own filter (AWS managed or customer managed); the search also matches descriptions.
  input: z.object({ ...ListPageInput, Scope: z.enum(['All', 'AWS', 'Local']).default('All'), SortBy: z.enum(POLICY_SORT_FIELDS).default('PolicyName') }),
  // As iam:ListPolicies (policies.actions.ts).
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const { ids, total } = await idsPage(tx, policiesSpec(caller.accountId), caller.accountId, { ...pageOptions(input), filter: POLICY_SCOPES[input.Scope] });
    const policies = inOrder(ids, await policiesWithColumns(tx, caller.accountId, ids));
    return { Policies: policies.map((p) => policyShape(p, p, { details: true })).map(({ Tags: _tags, ...p }) => p), TotalCount: total };
  },
});

/**
 * The dashboard: the account summary, alias, whether a password policy is set, and how many
 * active access keys are older than 90 days — in one request, whatever the account's size.
 */
export const dashboardView = defineAction({
  name: 'GetAccountSummary',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: (_input, caller) => ({
    resource: '*',
    alsoRequires: [
      { action: 'iam:ListAccountAliases', resource: '*' },
      { action: 'iam:GetAccountPasswordPolicy', resource: '*' },
      // Every user's keys are counted: as ListAccessKeys on every user.
      { action: 'iam:ListAccessKeys', resource: `arn:aws:iam::${caller.accountId}:user/*` },
    ],
  }),
  async handler(_input, { tx, caller, now }) {
    const cutoff = new Date(now.getTime() - KEY_ROTATION_DAYS * 24 * 3600_000);
    const [usage, account, passwordPolicy, keys] = await Promise.all([
      dashboardCounts(tx, caller.accountId),
      tx.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { alias: true } }),
      tx.passwordPolicy.findUnique({ where: { accountId: caller.accountId }, select: { accountId: true } }),
      activeAccessKeyAges(tx, caller.accountId, cutoff),
    ]);
    return {
      Users: usage.users,
      Groups: usage.groups,
      Roles: usage.roles,
      Policies: usage.policies,
      Providers: usage.providers,
      AccountMFAEnabled: usage.rootMfa > 0,
      AccountAccessKeysPresent: usage.rootKeys > 0,
      ...(account.alias ? { AccountAlias: account.alias } : {}),
      PasswordPolicyPresent: passwordPolicy !== null,
      ActiveAccessKeys: keys.active,
      ActiveAccessKeysOlderThan90Days: keys.olderThanCutoff,
    };
  },
});

/** Views by the name the console calls them under: `POST /api/console/<name>`. */
export const consoleViews: Record<string, AnyAction> = {
  Dashboard: dashboardView,
  ListUsers: listUsersView,
  ListGroups: listGroupsView,
  ListRoles: listRolesView,
  ListPolicies: listPoliciesView,
  GetConsolePermissions: consolePermissionsView,
  PreviewPolicyChange: policyChangeView,
};
