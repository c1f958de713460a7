/**
 * External access findings, kept up to date: a full scan of the zone of trust when an analyzer
 * is created (or StartResourceScan / a zone change asks), and an incremental step in the write
 * path — after an action that changes a role's trust policy or an AMI's / snapshot's sharing,
 * the dispatcher calls refreshFindingsAfter() in the action's own transaction, which recomputes
 * the findings of that one resource for every analyzer whose zone holds it. So a finding is
 * committed with the change that caused it, or not at all.
 *
 * A finding whose access is gone becomes RESOLVED; if the access comes back, the same finding
 * (same ID) is active again (or archived, when an archive rule matches it). Archive rules apply
 * to findings as they are created (and reopened), not to existing ones (ApplyArchiveRule does that).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ZoneOfTrust } from '@portcullis/policy';
import type { Tx } from '../../db/client';
import { Prisma } from '../../db/generated/client';
import type { Caller } from '../../auth/caller';
import { ec2Arn } from '../../iam/ec2-common';
import { roleAccess, sharingAccess, type AccessSpec, type AnalyzedResourceType } from './finding-analysis';
import { matchesFilter, type Filter, type FilterableFinding } from './finding-filter';

/** A resource findings are about: its type, owner and key (a role's lower-cased name, an AMI's or snapshot's ID). */
export interface ResourceRef {
  type: AnalyzedResourceType;
  account: string;
  key: string;
}

interface ComputedResource extends ResourceRef {
  /** The resource's ARN; undefined when it no longer exists. */
  resource?: string;
  accesses: AccessSpec[];
}

export interface AnalyzerRow {
  id: string;
  accountId: string;
  type: string;
  arn: string;
}

/** The organization's ID of a management account (as organizations.actions.ts derives it). */
export const organizationIdOf = (managementAccountId: string) => `o-${createHash('sha256').update(`org:${managementAccountId}`).digest('hex').slice(0, 10)}`;

/** The zone of trust of an analyzer: its account, or its organization's accounts. */
export async function zoneOf(tx: Tx, analyzer: AnalyzerRow): Promise<ZoneOfTrust> {
  if (analyzer.type !== 'ORGANIZATION' && analyzer.type !== 'ORGANIZATION_UNUSED_ACCESS') return { accounts: [analyzer.accountId] };
  const members = await tx.account.findMany({ where: { managementAccountId: analyzer.accountId }, select: { id: true } });
  return { accounts: [analyzer.accountId, ...members.map((m) => m.id)], organizationId: organizationIdOf(analyzer.accountId) };
}

/** The external access analyzers whose zone holds the account's resources: its own, and its organization's. */
async function analyzersCovering(tx: Tx, accountId: string): Promise<AnalyzerRow[]> {
  return tx.$queryRaw<AnalyzerRow[]>`
    SELECT "id", "accountId", "type", "arn" FROM "Analyzer"
    WHERE ("type" = 'ACCOUNT' AND "accountId" = ${accountId})
       OR ("type" = 'ORGANIZATION' AND "accountId" IN (${accountId}, (SELECT "managementAccountId" FROM "Account" WHERE "id" = ${accountId})))`;
}

const roleKey = (name: string) => name.toLowerCase();

/** Loads and analyzes resources: every one of `accounts`, or only `refs`. */
async function computeResources(tx: Tx, zone: ZoneOfTrust, scope: { accounts: string[] } | { refs: ResourceRef[] }): Promise<ComputedResource[]> {
  const out: ComputedResource[] = [];
  const refs = 'refs' in scope ? scope.refs : undefined;
  const accounts = 'accounts' in scope ? scope.accounts : [];
  const ofType = (type: AnalyzedResourceType) => refs?.filter((r) => r.type === type);

  const roleRefs = ofType('AWS::IAM::Role');
  if (!refs || roleRefs!.length) {
    const roles = await tx.role.findMany({
      where: refs ? { OR: roleRefs!.map((r) => ({ accountId: r.account, name: { equals: r.key, mode: 'insensitive' as const } })) } : { accountId: { in: accounts } },
      select: { accountId: true, name: true, arn: true, assumeRolePolicyDocument: true },
    });
    for (const r of roles) out.push({ type: 'AWS::IAM::Role', account: r.accountId, key: roleKey(r.name), resource: r.arn, accesses: roleAccess(r.assumeRolePolicyDocument, zone) });
  }
  for (const type of ['AWS::EC2::Image', 'AWS::EC2::Snapshot'] as const) {
    const typeRefs = ofType(type);
    if (refs && !typeRefs!.length) continue;
    const rows = await sharing(tx, type, refs ? [...new Set(typeRefs!.map((r) => r.account))] : accounts, typeRefs?.map((r) => r.key));
    for (const row of rows) {
      out.push({ type, account: row.accountId, key: row.id, resource: ec2Arn(row.accountId, type === 'AWS::EC2::Image' ? 'image' : 'snapshot', row.id), accesses: sharingAccess(type, row.grantees, zone) });
    }
  }
  // A referenced resource that is gone: its findings resolve.
  for (const ref of refs ?? []) {
    if (!out.some((r) => r.type === ref.type && r.account === ref.account && r.key === ref.key)) out.push({ ...ref, accesses: [] });
  }
  return out;
}

/**
 * AMIs' launch permissions or snapshots' create-volume permissions in `accounts` (only `ids`, when
 * given): one aggregated query, not one per resource (a full scan reads thousands).
 */
async function sharing(tx: Tx, type: 'AWS::EC2::Image' | 'AWS::EC2::Snapshot', accounts: string[], ids?: string[]): Promise<{ id: string; accountId: string; grantees: string[] }[]> {
  const [table, grants, fk] = type === 'AWS::EC2::Image' ? ['"Image"', '"ImageLaunchPermission"', '"imageId"'] : ['"Snapshot"', '"SnapshotVolumePermission"', '"snapshotId"'];
  const byId = ids ? Prisma.sql`AND r."id" = ANY(${ids})` : Prisma.empty;
  return tx.$queryRaw<{ id: string; accountId: string; grantees: string[] }[]>`
    SELECT r."id", r."accountId", COALESCE(array_agg(g."grantee") FILTER (WHERE g."grantee" IS NOT NULL), '{}') AS "grantees"
    FROM ${Prisma.raw(table)} r LEFT JOIN ${Prisma.raw(grants)} g ON g.${Prisma.raw(fk)} = r."id"
    WHERE r."accountId" = ANY(${accounts}) ${byId}
    GROUP BY r."id", r."accountId"`;
}

/** Inserts findings in one statement (a JSON array unpacked by PostgreSQL: Prisma's createMany binds 18 parameters a row). */
export async function insertFindings(tx: Tx, rows: Prisma.AnalyzerFindingCreateManyInput[]): Promise<void> {
  const json = JSON.stringify(rows.map((r) => ({ ...r, createdAt: (r.createdAt as Date).toISOString(), analyzedAt: (r.analyzedAt as Date).toISOString(), updatedAt: (r.updatedAt as Date).toISOString() })));
  await tx.$executeRaw`
    INSERT INTO "AnalyzerFinding" ("id", "analyzerId", "resourceType", "resourceOwnerAccount", "resourceKey", "resource", "accessKey", "principal", "action", "condition", "isPublic", "status", "findingType", "details", "createdAt", "analyzedAt", "updatedAt")
    SELECT "id", "analyzerId", "resourceType", "resourceOwnerAccount", "resourceKey", "resource", "accessKey", "principal", "action", COALESCE("condition", '{}'), "isPublic", "status", COALESCE("findingType", 'ExternalAccess'), "details", "createdAt", "analyzedAt", "updatedAt"
    FROM jsonb_to_recordset(${json}::jsonb) AS x("id" text, "analyzerId" text, "resourceType" text, "resourceOwnerAccount" varchar(12), "resourceKey" text, "resource" text, "accessKey" text,
      "principal" jsonb, "action" jsonb, "condition" jsonb, "isPublic" boolean, "status" text, "findingType" text, "details" jsonb, "createdAt" timestamp(3), "analyzedAt" timestamp(3), "updatedAt" timestamp(3))`;
}

const findingKey = (f: { resourceOwnerAccount: string; resourceType: string; resourceKey: string; accessKey: string }) =>
  `${f.resourceOwnerAccount}|${f.resourceType}|${f.resourceKey}|${f.accessKey}`;

/** Makes an analyzer's stored findings for `computed` what the analysis says (all its findings when `scope` is 'all'). */
async function reconcile(tx: Tx, analyzer: AnalyzerRow, computed: ComputedResource[], scope: 'all' | ResourceRef[], now: Date): Promise<void> {
  const existing = await tx.analyzerFinding.findMany({
    where: scope === 'all' ? { analyzerId: analyzer.id } : { analyzerId: analyzer.id, OR: scope.map((r) => ({ resourceOwnerAccount: r.account, resourceType: r.type, resourceKey: r.key })) },
  });
  const rules = (await tx.analyzerArchiveRule.findMany({ where: { analyzerId: analyzer.id }, select: { filter: true } })).map((r) => r.filter as Filter);
  const byKey = new Map(existing.map((f) => [findingKey(f), f]));
  const creates: Prisma.AnalyzerFindingCreateManyInput[] = [];
  const unchanged: string[] = [];
  const updates: { id: string; data: { status: string; isPublic: boolean; action: string[]; resource: string; principal: Record<string, string> } }[] = [];
  for (const r of computed) {
    for (const a of r.accesses) {
      const key = { resourceOwnerAccount: r.account, resourceType: r.type, resourceKey: r.key, accessKey: a.accessKey };
      const row = byKey.get(findingKey(key));
      byKey.delete(findingKey(key));
      const view = (id: string, status: string): FilterableFinding => ({ id, status, findingType: 'ExternalAccess', resource: r.resource!, resourceType: r.type, resourceOwnerAccount: r.account, isPublic: a.isPublic, principal: a.principal, condition: a.condition, action: a.action });
      const archived = (id: string) => rules.some((rule) => matchesFilter(view(id, 'ACTIVE'), rule));
      if (!row) {
        const id = randomUUID();
        creates.push({ id, analyzerId: analyzer.id, ...key, resource: r.resource!, principal: a.principal, action: a.action, condition: a.condition, isPublic: a.isPublic, status: archived(id) ? 'ARCHIVED' : 'ACTIVE', createdAt: now, analyzedAt: now, updatedAt: now });
        continue;
      }
      const reopened = row.status === 'RESOLVED';
      if (reopened || row.isPublic !== a.isPublic || JSON.stringify(row.action) !== JSON.stringify(a.action) || row.resource !== r.resource) {
        updates.push({ id: row.id, data: { status: reopened ? (archived(row.id) ? 'ARCHIVED' : 'ACTIVE') : row.status, isPublic: a.isPublic, action: a.action, resource: r.resource!, principal: a.principal } });
      } else {
        unchanged.push(row.id);
      }
    }
  }
  // What is left is access that went away.
  const resolved = [...byKey.values()].filter((f) => f.status !== 'RESOLVED').map((f) => f.id);
  if (creates.length) await insertFindings(tx, creates);
  for (const u of updates) await tx.analyzerFinding.update({ where: { id: u.id }, data: { ...u.data, analyzedAt: now, updatedAt: now } });
  if (resolved.length) await tx.analyzerFinding.updateMany({ where: { id: { in: resolved } }, data: { status: 'RESOLVED', analyzedAt: now, updatedAt: now } });
  if (unchanged.length) await tx.analyzerFinding.updateMany({ where: { id: { in: unchanged } }, data: { analyzedAt: now } });
}

/** Analyzes every resource of the analyzer's zone (CreateAnalyzer, StartResourceScan without a resource, a zone change). */
export async function fullScan(tx: Tx, analyzer: AnalyzerRow, now: Date): Promise<void> {
  const zone = await zoneOf(tx, analyzer);
  const computed = await computeResources(tx, zone, { accounts: zone.accounts });
  await reconcile(tx, analyzer, computed, 'all', now);
  const last = computed.at(-1);
  await tx.analyzer.update({ where: { id: analyzer.id }, data: { lastResourceAnalyzed: last?.resource ?? null, lastResourceAnalyzedAt: now } });
}

/** Recomputes the findings of some resources of one account, for every analyzer whose zone holds them. */
export async function refreshResources(tx: Tx, accountId: string, refs: ResourceRef[], now: Date, analyzers?: AnalyzerRow[]): Promise<void> {
  if (!refs.length) return;
  for (const analyzer of analyzers ?? (await analyzersCovering(tx, accountId))) {
    const zone = await zoneOf(tx, analyzer);
    await reconcile(tx, analyzer, await computeResources(tx, zone, { refs }), refs, now);
  }
}

/**
 * The write actions that change what a finding is about, and the resources each touches (the
 * caller's own: these actions act on the caller's account only). One table, read by the
 * dispatcher after every successful write.
 */
type Touches = (input: Record<string, unknown>, tx: Tx, accountId: string) => Promise<{ type: AnalyzedResourceType; key: unknown }[] | 'zone'>;
const role: Touches = async (i) => [{ type: 'AWS::IAM::Role', key: typeof i.RoleName === 'string' ? roleKey(i.RoleName) : undefined }];
const image: Touches = async (i) => [{ type: 'AWS::EC2::Image', key: i.ImageId }];
const snapshot: Touches = async (i) => [{ type: 'AWS::EC2::Snapshot', key: i.SnapshotId }];
/**
 * DeregisterImage deletes the AMI and, with DeleteAssociatedSnapshots, its snapshot, whose ID is
 * not in the input: the account's snapshots that findings still name but that are gone.
 */
const deregisteredImage: Touches = async (i, tx, accountId) => {
  if (i.DeleteAssociatedSnapshots !== true) return image(i, tx, accountId);
  const analyzers = (await analyzersCovering(tx, accountId)).map((a) => a.id);
  if (!analyzers.length) return image(i, tx, accountId);
  const gone = await tx.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT f."resourceKey" AS key FROM "AnalyzerFinding" f
    WHERE f."analyzerId" = ANY(${analyzers}) AND f."resourceOwnerAccount" = ${accountId} AND f."resourceType" = 'AWS::EC2::Snapshot' AND f."status" <> 'RESOLVED'
      AND NOT EXISTS (SELECT 1 FROM "Snapshot" s WHERE s."id" = f."resourceKey")`;
  return [{ type: 'AWS::EC2::Image', key: i.ImageId }, ...gone.map((g) => ({ type: 'AWS::EC2::Snapshot' as const, key: g.key }))];
};
const TRIGGERS: Record<string, Touches> = {
  'iam:CreateRole': role,
  'iam:UpdateAssumeRolePolicy': role,
  'iam:DeleteRole': role,
  'ec2:ModifyImageAttribute': image,
  'ec2:ResetImageAttribute': image,
  'ec2:DeregisterImage': deregisteredImage,
  'ec2:ModifySnapshotAttribute': snapshot,
  'ec2:ResetSnapshotAttribute': snapshot,
  'ec2:DeleteSnapshot': snapshot,
  // A new member account joins the organization's zone of trust: its organization analyzers rescan.
  'organizations:CreateAccount': async () => 'zone',
};

/** Does a successful `action` (service:Name) change findings? The dispatcher's cheap test before refreshFindingsAfter. */
export const touchesFindings = (action: string) => Object.hasOwn(TRIGGERS, action);

/** The incremental step of the write path: called by dispatch() inside the action's transaction, after its handler. */
export async function refreshFindingsAfter(tx: Tx, action: string, input: unknown, caller: Caller, now: Date): Promise<void> {
  const touches = TRIGGERS[action];
  if (!touches || !caller.accountId) return;
  const touched = await touches((input ?? {}) as Record<string, unknown>, tx, caller.accountId);
  if (touched === 'zone') {
    const analyzers = await tx.analyzer.findMany({ where: { accountId: caller.accountId, type: 'ORGANIZATION' }, select: { id: true, accountId: true, type: true, arn: true } });
    for (const analyzer of analyzers) await fullScan(tx, analyzer, now);
    return;
  }
  const refs = touched.filter((t): t is { type: AnalyzedResourceType; key: string } => typeof t.key === 'string').map((t) => ({ type: t.type, account: caller.accountId, key: t.key }));
  await refreshResources(tx, caller.accountId, refs, now);
}
