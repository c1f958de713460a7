/**
 * Unused access findings (ACCOUNT_UNUSED_ACCESS / ORGANIZATION_UNUSED_ACCESS analyzers): IAM
 * roles not used, users' access keys and console passwords not used, and permissions granted but
 * not used within the analyzer's `unusedAccessAge` (days). What was used comes from IAM's own
 * last-used records (RoleLastUsed, AccessKeyLastUsed, PasswordLastUsed) and from the audit log —
 * the last call of each principal on each action, as Access Advisor reads it
 * (access-advisor.queries.ts: every authenticated attempt counts; a role's activity is its
 * sessions'). Which permissions a principal has: its policies through Access Advisor's catalog
 * (access-advisor.catalog.ts: services, and actions for the services tracked at action level).
 *
 * Findings are recomputed by a scan of the analyzer's zone: on CreateAnalyzer, on UpdateAnalyzer,
 * and lazily on read when the last scan is older than RESCAN_AFTER_MS. Same lifecycle as external findings (findings-store.ts): a finding whose
 * unused access is gone — used, deleted — is RESOLVED, and reopens with its ID if it comes back.
 * docs/decisions/005-access-analyzer-findings.md.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { compileWildcard, globTest } from '@portcullis/policy';
import type { Tx } from '../../db/client';
import type { Prisma } from '../../db/generated/client';
import { advisorCatalog, policyGrants, TRACKED_SERVICES } from '../access-advisor/access-advisor.catalog';
import { matchesFilter, type Filter } from './finding-filter';
import { insertFindings, zoneOf, type AnalyzerRow } from './findings-store';

export const UNUSED_ACCESS_TYPES = ['ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS'] as const;
export const isUnusedAccessAnalyzer = (type: string) => (UNUSED_ACCESS_TYPES as readonly string[]).includes(type);

export const UNUSED_FINDING_TYPES = ['UnusedIAMRole', 'UnusedIAMUserAccessKey', 'UnusedIAMUserPassword', 'UnusedPermission'] as const;
type UnusedFindingType = (typeof UNUSED_FINDING_TYPES)[number];

/** AWS: "You can choose a value between 1 and 365 days"; 90 when not given. */
export const DEFAULT_UNUSED_ACCESS_AGE = 90;
/** A read of an analyzer whose last scan is older than this rescans it first (AWS rescans daily; the audit log is here). */
export const RESCAN_AFTER_MS = 10 * 60 * 1000;
const DAY_MS = 86_400_000;
/** Findings inserted per statement: an UnusedPermission finding of a broad policy holds kilobytes of details. */
const INSERT_BATCH = 200;

const AccountId = z.string().regex(/^\d{12}$/);
export const AnalyzerConfigurationSchema = z.object({
  unusedAccess: z
    .object({
      unusedAccessAge: z.number().int().min(1).max(365).optional(),
      analysisRule: z
        .object({
          exclusions: z.array(z.object({ accountIds: z.array(AccountId).optional(), resourceTags: z.array(z.record(z.string().min(1).max(128), z.string().max(256))).optional() })).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type AnalyzerConfiguration = z.infer<typeof AnalyzerConfigurationSchema>;
type UnusedAccessConfiguration = NonNullable<AnalyzerConfiguration['unusedAccess']>;

/** The configuration stored (and returned) for an unused access analyzer: the age always filled in. */
export function unusedAccessConfiguration(config: AnalyzerConfiguration | undefined): { unusedAccess: UnusedAccessConfiguration } {
  const given = config?.unusedAccess ?? {};
  return { unusedAccess: { ...given, unusedAccessAge: given.unusedAccessAge ?? DEFAULT_UNUSED_ACCESS_AGE } };
}

type Tag = { Key: string; Value: string };
type Details = Record<string, Record<string, unknown>>;

/** One unused access, as a finding states it. */
interface UnusedAccess {
  findingType: UnusedFindingType;
  /** Identity within the principal: the finding type, and the key ID for access keys. */
  accessKey: string;
  details: Details[];
}

/** A user or role of the zone, with what it may do and what it did. */
interface Principal {
  type: 'AWS::IAM::User' | 'AWS::IAM::Role';
  /** AIDA…/AROA…: a new principal of the same name gets its own findings. */
  id: string;
  accountId: string;
  name: string;
  arn: string;
  createdAt: Date;
  tags: Tag[];
  documents: string[];
  roleLastUsed?: Date | null;
  password?: { createdAt: Date; lastUsed: Date | null };
  accessKeys: { id: string; createdAt: Date; lastUsedAt: Date | null }[];
}

const managedDocuments = { policy: { select: { versions: { where: { isDefault: true }, select: { document: true } } } } } as const;
const ownPolicies = { inlinePolicies: { select: { document: true } }, attachments: { select: managedDocuments } } as const;
type PolicyOwner = { inlinePolicies: { document: string }[]; attachments: { policy: { versions: { document: string }[] } }[] };
const documentsOf = (o: PolicyOwner) => [...o.inlinePolicies.map((p) => p.document), ...o.attachments.flatMap((a) => a.policy.versions.map((v) => v.document))];

/** The users and roles of `accounts`, each with its policies and credentials. */
async function loadPrincipals(tx: Tx, accounts: string[]): Promise<Principal[]> {
  const where = { accountId: { in: accounts } };
  const users = await tx.user.findMany({
    where,
    include: {
      ...ownPolicies,
      loginProfile: { select: { createdAt: true } },
      accessKeys: { where: { status: 'Active' }, select: { id: true, createdAt: true, lastUsedAt: true } },
      memberships: { select: { group: { select: ownPolicies } } },
    },
  });
  // Service-linked roles are AWS's to manage: not analyzed.
  const roles = await tx.role.findMany({ where: { ...where, NOT: { path: { startsWith: '/aws-service-role/' } } }, include: ownPolicies });
  return [
    ...users.map((u): Principal => ({
      type: 'AWS::IAM::User',
      id: u.id,
      accountId: u.accountId,
      name: u.name,
      arn: u.arn,
      createdAt: u.createdAt,
      tags: u.tags as Tag[],
      documents: [...documentsOf(u), ...u.memberships.flatMap((m) => documentsOf(m.group))],
      ...(u.loginProfile ? { password: { createdAt: u.loginProfile.createdAt, lastUsed: u.passwordLastUsed } } : {}),
      accessKeys: u.accessKeys,
    })),
    ...roles.map((r): Principal => ({ type: 'AWS::IAM::Role', id: r.id, accountId: r.accountId, name: r.name, arn: r.arn, createdAt: r.createdAt, tags: r.tags as Tag[], documents: documentsOf(r), roleLastUsed: r.lastUsedAt, accessKeys: [] })),
  ];
}

/** Last call of one principal: per action (`service:action`, lower case) and per service. */
interface Activity {
  actions: Map<string, Date>;
  services: Map<string, Date>;
  last?: Date;
}

/**
 * The last call of every user and role of `accounts` on every action, from the audit log: one
 * grouped query per scan (not one per principal). Every authenticated attempt counts, allowed
 * or denied, and a role's activity is its sessions' — Access Advisor's rules (lastAccesses).
 */
async function activityOf(tx: Tx, accounts: string[], principals: Principal[], until: Date): Promise<Map<string, Activity>> {
  const rows = await tx.auditEvent.groupBy({
    by: ['principalArn', 'action'],
    where: { accountId: { in: accounts }, time: { lte: until }, decision: { in: ['allowed', 'denied'] }, principalArn: { not: null } },
    _max: { time: true },
  });
  const byArn = new Map(principals.filter((p) => p.type === 'AWS::IAM::User').map((p) => [p.arn, p.arn]));
  for (const p of principals) if (p.type === 'AWS::IAM::Role') byArn.set(`role:${p.accountId}:${p.name}`, p.arn);
  const out = new Map<string, Activity>();
  for (const row of rows) {
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(row.principalArn ?? '');
    const arn = byArn.get(session ? `role:${session[1]}:${session[2]}` : (row.principalArn ?? ''));
    const time = row._max.time;
    if (!arn || !time) continue;
    let activity = out.get(arn);
    if (!activity) out.set(arn, (activity = { actions: new Map(), services: new Map() }));
    const action = row.action.toLowerCase();
    const service = action.split(':')[0]!;
    const later = (a: Date | undefined) => (!a || a < time ? time : a);
    activity.actions.set(action, later(activity.actions.get(action)));
    activity.services.set(service, later(activity.services.get(service)));
    activity.last = later(activity.last);
  }
  return out;
}

const latest = (...dates: (Date | null | undefined)[]) => dates.reduce<Date | undefined>((a, d) => (d && (!a || d > a) ? d : a), undefined);
const lastAccessed = (d: Date | undefined) => (d ? { lastAccessed: d.toISOString() } : {});

/** The permissions granted and not used since `cutoff`: one UnusedPermissionDetails per service. */
function unusedPermissions(documents: string[], activity: Activity | undefined, cutoff: Date): Details[] {
  // The services granted; actions only for those tracked at action level (a broad policy grants
  // thousands of actions: they are not copied for the others).
  const grants = documents.map(policyGrants);
  const namespaces = [...new Set(grants.flatMap((g) => [...g.keys()]))].sort();
  const catalog = advisorCatalog();
  const details: Details[] = [];
  for (const namespace of namespaces) {
    const serviceLast = activity?.services.get(namespace);
    if (TRACKED_SERVICES.has(namespace)) {
      const actions = new Set(grants.flatMap((g) => [...(g.get(namespace) ?? [])]));
      const unused = [...actions].sort().flatMap((action) => {
        const last = activity?.actions.get(`${namespace}:${action}`);
        return last && last >= cutoff ? [] : [{ action: catalog.get(namespace)?.actions.get(action) ?? action, ...lastAccessed(last) }];
      });
      if (unused.length) details.push({ unusedPermissionDetails: { serviceNamespace: namespace, actions: unused, ...lastAccessed(serviceLast) } });
    } else if (!serviceLast || serviceLast < cutoff) {
      details.push({ unusedPermissionDetails: { serviceNamespace: namespace, ...lastAccessed(serviceLast) } });
    }
  }
  return details;
}

/** Is the principal out of the analysis (AnalysisRule exclusions: an account listed, or all tags of a listed set)? */
function excluded(p: Principal, config: UnusedAccessConfiguration): boolean {
  return (config.analysisRule?.exclusions ?? []).some((rule) => {
    const byAccount = rule.accountIds?.length ? rule.accountIds.includes(p.accountId) : undefined;
    const byTags = rule.resourceTags?.length ? rule.resourceTags.some((set) => Object.entries(set).every(([k, v]) => p.tags.some((t) => t.Key === k && t.Value === v))) : undefined;
    // A rule with both criteria excludes what matches both.
    return (byAccount ?? true) && (byTags ?? true) && (byAccount !== undefined || byTags !== undefined);
  });
}

/**
 * What is unused of one principal. Something counts as unused only once it has existed for the
 * whole period (a role created yesterday is not an unused role yet). As AWS does, an unused role
 * gets that one finding, not also its unused permissions.
 */
function unusedAccessOf(p: Principal, activity: Activity | undefined, cutoff: Date): UnusedAccess[] {
  const out: UnusedAccess[] = [];
  const old = (created: Date, last: Date | undefined) => (last ?? created) < cutoff;
  if (p.type === 'AWS::IAM::Role') {
    const last = latest(p.roleLastUsed, activity?.last);
    if (old(p.createdAt, last)) return [{ findingType: 'UnusedIAMRole', accessKey: 'UnusedIAMRole', details: [{ unusedIamRoleDetails: lastAccessed(last) }] }];
  }
  if (p.password && old(p.password.createdAt, p.password.lastUsed ?? undefined)) {
    out.push({ findingType: 'UnusedIAMUserPassword', accessKey: 'UnusedIAMUserPassword', details: [{ unusedIamUserPasswordDetails: lastAccessed(p.password.lastUsed ?? undefined) }] });
  }
  for (const key of p.accessKeys) {
    if (old(key.createdAt, key.lastUsedAt ?? undefined)) {
      out.push({ findingType: 'UnusedIAMUserAccessKey', accessKey: `UnusedIAMUserAccessKey:${key.id}`, details: [{ unusedIamUserAccessKeyDetails: { accessKeyId: key.id, ...lastAccessed(key.lastUsedAt ?? undefined) } }] });
    }
  }
  if (p.createdAt < cutoff) {
    const details = unusedPermissions(p.documents, activity, cutoff);
    if (details.length) out.push({ findingType: 'UnusedPermission', accessKey: 'UnusedPermission', details });
  }
  return out;
}

export interface UnusedAnalyzerRow extends AnalyzerRow {
  configuration: unknown;
}

/** Scans the analyzer's zone and makes its stored unused access findings what the scan says; records its time (lastResourceAnalyzedAt). */
export async function scanUnusedAccess(tx: Tx, analyzer: UnusedAnalyzerRow, now: Date): Promise<void> {
  const config = unusedAccessConfiguration(analyzer.configuration as AnalyzerConfiguration).unusedAccess;
  const cutoff = new Date(now.getTime() - config.unusedAccessAge! * DAY_MS);
  const zone = await zoneOf(tx, analyzer);
  const principals = (await loadPrincipals(tx, zone.accounts)).filter((p) => !excluded(p, config));
  const activity = await activityOf(tx, zone.accounts, principals, now);

  const existing = await tx.analyzerFinding.findMany({ where: { analyzerId: analyzer.id } });
  const key = (f: { resourceOwnerAccount: string; resourceType: string; resourceKey: string; accessKey: string }) => `${f.resourceOwnerAccount}|${f.resourceType}|${f.resourceKey}|${f.accessKey}`;
  const byKey = new Map(existing.map((f) => [key(f), f]));
  const rules = (await tx.analyzerArchiveRule.findMany({ where: { analyzerId: analyzer.id }, select: { filter: true } })).map((r) => r.filter as Filter);
  const creates: Prisma.AnalyzerFindingCreateManyInput[] = [];
  const unchanged: string[] = [];
  for (const p of principals) {
    for (const u of unusedAccessOf(p, activity.get(p.arn), cutoff)) {
      const identity = { resourceOwnerAccount: p.accountId, resourceType: p.type, resourceKey: p.id, accessKey: u.accessKey };
      const row = byKey.get(key(identity));
      byKey.delete(key(identity));
      const archived = (id: string) =>
        rules.some((rule) => matchesFilter({ id, status: 'ACTIVE', findingType: u.findingType, resource: p.arn, resourceType: p.type, resourceOwnerAccount: p.accountId, isPublic: false, principal: {}, condition: {}, action: [] }, rule));
      if (!row) {
        const id = randomUUID();
        creates.push({ id, analyzerId: analyzer.id, ...identity, resource: p.arn, findingType: u.findingType, details: u.details as Prisma.InputJsonValue, principal: {}, action: [], isPublic: false, status: archived(id) ? 'ARCHIVED' : 'ACTIVE', createdAt: now, analyzedAt: now, updatedAt: now });
      } else if (row.status === 'RESOLVED' || !isDeepStrictEqual(row.details, u.details) || row.resource !== p.arn) {
        const status = row.status === 'RESOLVED' ? (archived(row.id) ? 'ARCHIVED' : 'ACTIVE') : row.status;
        await tx.analyzerFinding.update({ where: { id: row.id }, data: { status, details: u.details as Prisma.InputJsonValue, resource: p.arn, analyzedAt: now, updatedAt: now } });
      } else {
        unchanged.push(row.id);
      }
    }
  }
  // What is left is unused access that is gone: used since, or its principal, key or password deleted.
  const resolved = [...byKey.values()].filter((f) => f.status !== 'RESOLVED').map((f) => f.id);
  for (let i = 0; i < creates.length; i += INSERT_BATCH) await insertFindings(tx, creates.slice(i, i + INSERT_BATCH));
  if (resolved.length) await tx.analyzerFinding.updateMany({ where: { id: { in: resolved } }, data: { status: 'RESOLVED', analyzedAt: now, updatedAt: now } });
  if (unchanged.length) await tx.analyzerFinding.updateMany({ where: { id: { in: unchanged } }, data: { analyzedAt: now } });
  await tx.analyzer.update({ where: { id: analyzer.id }, data: { lastResourceAnalyzed: principals.at(-1)?.arn ?? null, lastResourceAnalyzedAt: now } });
}

/** The lazy step of reads: rescans an unused access analyzer whose last scan is older than RESCAN_AFTER_MS. */
export async function rescanIfStale(tx: Tx, analyzer: UnusedAnalyzerRow & { lastResourceAnalyzedAt: Date | null }, now: Date): Promise<void> {
  if (!isUnusedAccessAnalyzer(analyzer.type)) return;
  if (analyzer.lastResourceAnalyzedAt && now.getTime() - analyzer.lastResourceAnalyzedAt.getTime() < RESCAN_AFTER_MS) return;
  await scanUnusedAccess(tx, analyzer, now);
}

// --- Recommendations ------------------------------------------------------------------------

/** One step of UnusedPermissionRecommendation, as GetFindingRecommendation returns it. */
export interface RecommendedStep {
  unusedPermissionsRecommendedStep: { recommendedAction: 'CREATE_POLICY' | 'DETACH_POLICY'; recommendedPolicy?: string; existingPolicyId?: string; policyUpdatedAt?: string };
}

/** What a finding's details say is unused: whole services, and single actions (`service:action`, lower case). */
interface UnusedSet {
  services: Set<string>;
  actions: Set<string>;
}

export function unusedSetOf(details: Details[]): UnusedSet {
  const set: UnusedSet = { services: new Set(), actions: new Set() };
  for (const d of details) {
    const detail = d.unusedPermissionDetails as { serviceNamespace: string; actions?: { action: string }[] } | undefined;
    if (!detail) continue;
    if (detail.actions) for (const a of detail.actions) set.actions.add(`${detail.serviceNamespace}:${a.action}`.toLowerCase());
    else set.services.add(detail.serviceNamespace);
  }
  return set;
}

type Statement = Record<string, unknown>;

/**
 * An action element's patterns without what is unused: a pattern that grants nothing unused is
 * kept as written; for a service all unused, nothing; for a service with some actions unused, the
 * used actions it grants, listed (IAM cannot express "all but these" inside an Action element).
 */
function trimActions(patterns: string[], unused: UnusedSet): string[] {
  const catalog = advisorCatalog();
  const out = new Set<string>();
  for (const text of patterns) {
    const lower = text.toLowerCase();
    const colon = lower.indexOf(':');
    const servicePart = lower === '*' ? '*' : lower.slice(0, colon);
    const namePart = lower === '*' ? '*' : lower.slice(colon + 1);
    if (colon < 0 && lower !== '*') {
      out.add(text);
      continue;
    }
    const serviceGlob = compileWildcard(servicePart);
    const nameGlob = compileWildcard(namePart);
    const services = [...catalog.values()].filter((s) => globTest(serviceGlob, s.namespace));
    if (!services.length) out.add(text);
    for (const service of services) {
      if (unused.services.has(service.namespace)) continue;
      const granted = [...service.actions.keys()].filter((a) => globTest(nameGlob, a));
      const used = granted.filter((a) => !unused.actions.has(`${service.namespace}:${a}`));
      if (used.length === granted.length) out.add(/[*?]/.test(servicePart) ? `${service.namespace}:${namePart === '*' ? '*' : text.slice(colon + 1)}` : text);
      else for (const a of used) out.add(`${service.namespace}:${service.actions.get(a)}`);
    }
  }
  return [...out];
}

/**
 * The policy document without the unused permissions, or undefined when it would allow nothing
 * (the policy should go). Allow statements with Action are narrowed; NotAction and Deny
 * statements are kept as they are (narrowing "everything but" cannot be written as a list).
 */
export function trimPolicy(document: string, unused: UnusedSet): { changed: boolean; policy?: string } {
  let parsed: { Version?: string; Statement?: Statement | Statement[] };
  try {
    parsed = JSON.parse(document) as typeof parsed;
  } catch {
    return { changed: false };
  }
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  let changed = false;
  const kept: Statement[] = [];
  for (const st of statements) {
    if (st.Effect !== 'Allow' || st.Action === undefined) {
      kept.push(st);
      continue;
    }
    const before = Array.isArray(st.Action) ? (st.Action as string[]) : [st.Action as string];
    const after = trimActions(before, unused);
    if (after.length === before.length && after.every((a, i) => a === before[i])) {
      kept.push(st);
      continue;
    }
    changed = true;
    if (after.length) kept.push({ ...st, Action: after.length === 1 ? after[0] : after });
  }
  if (!changed) return { changed: false };
  if (!kept.some((st) => st.Effect === 'Allow')) return { changed: true };
  return { changed: true, policy: JSON.stringify({ Version: parsed.Version ?? '2012-10-17', Statement: kept }, null, 2) };
}

/**
 * The steps that remove a principal's unused permissions, policy by policy (its own inline and
 * attached managed policies; a user's group policies are shared with other members and left
 * alone): a policy that still allows something used → CREATE_POLICY (the narrowed document) then
 * DETACH_POLICY of the existing one; a policy that allows only unused access → DETACH_POLICY.
 * existingPolicyId is a managed policy's ARN, or an inline policy's name.
 */
export async function recommendedSteps(tx: Tx, principalArn: string, details: Details[]): Promise<RecommendedStep[] | undefined> {
  const include = { inlinePolicies: { orderBy: { name: 'asc' as const } }, attachments: { orderBy: { id: 'asc' as const }, include: { policy: { include: { versions: { where: { isDefault: true } } } } } } };
  const owner = (await tx.role.findUnique({ where: { arn: principalArn }, include })) ?? (await tx.user.findUnique({ where: { arn: principalArn }, include }));
  if (!owner) return undefined;
  const policies = [
    ...owner.inlinePolicies.map((p) => ({ id: p.name, document: p.document, updatedAt: p.createdAt })),
    ...owner.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document, updatedAt: v.createdAt }))),
  ];
  const unused = unusedSetOf(details);
  const steps: RecommendedStep[] = [];
  for (const p of policies) {
    const trimmed = trimPolicy(p.document, unused);
    if (!trimmed.changed) continue;
    const existing = { existingPolicyId: p.id, policyUpdatedAt: p.updatedAt.toISOString() };
    if (trimmed.policy) steps.push({ unusedPermissionsRecommendedStep: { recommendedAction: 'CREATE_POLICY', recommendedPolicy: trimmed.policy, ...existing } });
    steps.push({ unusedPermissionsRecommendedStep: { recommendedAction: 'DETACH_POLICY', ...existing } });
  }
  return steps;
}
