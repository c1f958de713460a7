/** The account area's database calls: usage counts and the authorization-details walk. */
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { accountUsage } from '../../iam/quotas';
import { tagsOf } from '../../iam/shapes';
import { resolveTrustPolicies } from '../../iam/trust-principals';

/**
 * Every count GetAccountSummary reports: the entity counts from AccountUsage (kept exact by
 * triggers, so O(1) at any account size) and the root user's few credentials (partial indexes).
 */
export async function accountSummaryCounts(tx: Tx, accountId: string) {
  const [usage, rootMfa, rootKeys, rootCertificates] = await Promise.all([
    accountUsage(tx, accountId),
    tx.mfaDevice.count({ where: { accountId, userId: null, enabledAt: { not: null } } }),
    tx.accessKey.count({ where: { accountId, userId: null } }),
    tx.signingCertificate.count({ where: { accountId, userId: null } }),
  ]);
  return { usage, rootMfa, rootKeys, rootCertificates };
}

export type EntityKind = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/**
 * One entity in GetAccountAuthorizationDetails's order: users, groups, roles, then policies
 * (customer and AWS managed together), each by lower(name) then ID in the database's collation.
 */
export interface EntityRef {
  kind: EntityKind;
  id: string;
  /** The sort key and marker: [section, lower(name), id]. */
  key: [string, string, string];
}

const SECTIONS = ['1', '2', '3', '4'] as const;
type Section = (typeof SECTIONS)[number];

interface RefRow {
  id: string;
  sortName: string;
  aws: boolean;
}

/** Up to `limit` entities of one section after `after` ([lower(name), id]), from its index. */
async function sectionRefs(tx: Tx, accountId: string, section: Section, kinds: Set<EntityKind>, after: [string, string] | undefined, limit: number): Promise<EntityRef[]> {
  const keyAfter = (alias: string) => (after ? Prisma.sql`AND (lower(${Prisma.raw(alias)}."name"), ${Prisma.raw(alias)}."id") > (${after[0]}, ${after[1]})` : Prisma.empty);
  const table = { '1': 'User', '2': 'Group', '3': 'Role' } as const;
  let rows: RefRow[];
  if (section !== '4') {
    rows = await tx.$queryRaw<RefRow[]>`
      SELECT e."id", lower(e."name") AS "sortName", false AS "aws" FROM ${Prisma.raw(`"${table[section]}"`)} e
      WHERE e."accountId" = ${accountId} ${keyAfter('e')}
      ORDER BY lower(e."name"), e."id" LIMIT ${limit}`;
  } else {
    // Customer managed policies, and the AWS managed ones this account uses (attached here).
    const local = kinds.has('LocalManagedPolicy')
      ? Prisma.sql`SELECT p."id", p."name", false AS "aws" FROM "ManagedPolicy" p WHERE p."accountId" = ${accountId} ${keyAfter('p')}`
      : undefined;
    const aws = kinds.has('AWSManagedPolicy')
      ? Prisma.sql`SELECT p."id", p."name", true AS "aws" FROM "ManagedPolicy" p WHERE p."accountId" IS NULL ${keyAfter('p')}
          AND EXISTS (SELECT 1 FROM "PolicyAttachment" a WHERE a."accountId" = ${accountId} AND a."policyId" = p."id")`
      : undefined;
    const parts = [local, aws].filter((part): part is Prisma.Sql => part !== undefined);
    rows = await tx.$queryRaw<RefRow[]>`
      SELECT u."id", lower(u."name") AS "sortName", u."aws" FROM (${Prisma.join(parts, ' UNION ALL ')}) u
      ORDER BY lower(u."name"), u."id" LIMIT ${limit}`;
  }
  const kindOf = (row: RefRow): EntityKind => (section === '1' ? 'User' : section === '2' ? 'Group' : section === '3' ? 'Role' : row.aws ? 'AWSManagedPolicy' : 'LocalManagedPolicy');
  return rows.map((row) => ({ kind: kindOf(row), id: row.id, key: [section, row.sortName, row.id] }));
}

const SECTION_KINDS: Record<Section, EntityKind[]> = { '1': ['User'], '2': ['Group'], '3': ['Role'], '4': ['LocalManagedPolicy', 'AWSManagedPolicy'] };

/**
 * The next `limit` entities after the marker's position (keyset paging: each section read from
 * its index from the marker on, never the whole account), and whether more follow.
 */
export async function entityRefsPage(tx: Tx, accountId: string, kinds: Set<EntityKind>, after: string[] | undefined, limit: number): Promise<{ refs: EntityRef[]; isTruncated: boolean }> {
  const refs: EntityRef[] = [];
  for (const section of SECTIONS) {
    if (!SECTION_KINDS[section].some((kind) => kinds.has(kind))) continue;
    if (after && section < (after[0] ?? '')) continue;
    const sectionAfter = after && after[0] === section ? ([after[1] ?? '', after[2] ?? ''] as [string, string]) : undefined;
    refs.push(...(await sectionRefs(tx, accountId, section, kinds, sectionAfter, limit + 1 - refs.length)));
    if (refs.length > limit) break;
  }
  return { refs: refs.slice(0, limit), isTruncated: refs.length > limit };
}

const attached = { select: { policy: { select: { name: true, arn: true } } } } as const;
const attachedShape = (rows: { policy: { name: string; arn: string } }[]) => rows.map((a) => ({ PolicyName: a.policy.name, PolicyArn: a.policy.arn }));
const inlineShape = (rows: { name: string; document: string }[]) => rows.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
const boundaryShape = (b: { arn: string } | null) => (b ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: b.arn } } : {});
const byName = <T extends { name: string }>(rows: T[]) => [...rows].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));

interface UserDetailRow {
  id: string;
  path: string;
  name: string;
  arn: string;
  createdAt: Date;
  tags: unknown;
  boundaryArn: string | null;
  inline: unknown;
  attached: unknown;
  groups: unknown;
}

/** A json column of a raw query: parsed by the driver, or its text. */
const jsonOf = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * A page of users with their inline policies, attached policies, groups and boundary, in one
 * statement (each relation aggregated per user by index): a GetAccountAuthorizationDetails page
 * costs one round trip for its users, not one per relation.
 */
export async function userDetails(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  const users = await tx.$queryRaw<UserDetailRow[]>`
    SELECT u."id", u."path", u."name", u."arn", u."createdAt", u."tags", b."arn" AS "boundaryArn",
      coalesce((SELECT json_agg(json_build_object('name', p."name", 'document', p."document")) FROM "InlinePolicy" p WHERE p."userId" = u."id"), '[]') AS "inline",
      coalesce((SELECT json_agg(json_build_object('name', m."name", 'arn', m."arn") ORDER BY a."id") FROM "PolicyAttachment" a JOIN "ManagedPolicy" m ON m."id" = a."policyId" WHERE a."userId" = u."id"), '[]') AS "attached",
      coalesce((SELECT json_agg(g."name") FROM "GroupMembership" gm JOIN "Group" g ON g."id" = gm."groupId" WHERE gm."userId" = u."id"), '[]') AS "groups"
    FROM "User" u LEFT JOIN "ManagedPolicy" b ON b."id" = u."permissionsBoundaryId"
    WHERE u."id" IN (${Prisma.join(ids)})`;
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((u) => ({
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: u.arn,
    CreateDate: u.createdAt,
    UserPolicyList: inlineShape(byName(jsonOf<{ name: string; document: string }[]>(u.inline))),
    GroupList: jsonOf<string[]>(u.groups).sort(),
    AttachedManagedPolicies: jsonOf<{ name: string; arn: string }[]>(u.attached).map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })),
    ...boundaryShape(u.boundaryArn ? { arn: u.boundaryArn } : null),
    Tags: tagsOf(jsonOf(u.tags)),
  }));
}

export async function groupDetails(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  // One statement, as userDetails.
  const groups = await tx.$queryRaw<{ id: string; path: string; name: string; arn: string; createdAt: Date; inline: unknown; attached: unknown }[]>`
    SELECT g."id", g."path", g."name", g."arn", g."createdAt",
      coalesce((SELECT json_agg(json_build_object('name', p."name", 'document', p."document")) FROM "InlinePolicy" p WHERE p."groupId" = g."id"), '[]') AS "inline",
      coalesce((SELECT json_agg(json_build_object('name', m."name", 'arn', m."arn") ORDER BY a."id") FROM "PolicyAttachment" a JOIN "ManagedPolicy" m ON m."id" = a."policyId" WHERE a."groupId" = g."id"), '[]') AS "attached"
    FROM "Group" g WHERE g."id" IN (${Prisma.join(ids)})`;
  const byId = new Map(groups.map((g) => [g.id, g]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((g) => ({
    Path: g.path,
    GroupName: g.name,
    GroupId: g.id,
    Arn: g.arn,
    CreateDate: g.createdAt,
    GroupPolicyList: inlineShape(byName(jsonOf<{ name: string; document: string }[]>(g.inline))),
    AttachedManagedPolicies: jsonOf<{ name: string; arn: string }[]>(g.attached).map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })),
  }));
}

interface RoleRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  assumeRolePolicyDocument: string;
  description: string | null;
  maxSessionDuration: number;
}
const roleShapeOf = (r: RoleRow) => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.id,
  Arn: r.arn,
  CreateDate: r.createdAt,
  AssumeRolePolicyDocument: r.assumeRolePolicyDocument,
  ...(r.description ? { Description: r.description } : {}),
  MaxSessionDuration: r.maxSessionDuration,
});

export async function roleDetails(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  const roles = await tx.role.findMany({
    where: { id: { in: ids } },
    include: {
      inlinePolicies: true,
      attachments: attached,
      permissionsBoundary: { select: { arn: true } },
      instanceProfiles: { include: { instanceProfile: { include: { roles: { include: { role: true } } } } } },
    },
  });
  // Trust policies as AWS shows them (a deleted principal as its unique ID), the roles listed and
  // those of their instance profiles resolved in one pass.
  const profileRoles = roles.flatMap((r) => r.instanceProfiles.flatMap(({ instanceProfile: p }) => p.roles.map((link) => link.role)));
  const trusts = [...new Map([...roles, ...profileRoles].map((r) => [r.id, r])).values()];
  const shownTrust = new Map((await resolveTrustPolicies(tx, trusts)).map((document, i) => [trusts[i]!.id, document]));
  const roleShape = (r: RoleRow) => roleShapeOf({ ...r, assumeRolePolicyDocument: shownTrust.get(r.id) ?? r.assumeRolePolicyDocument });
  const byId = new Map(roles.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((r) => ({
    ...roleShape(r),
    InstanceProfileList: r.instanceProfiles.map(({ instanceProfile: p }) => ({
      Path: p.path,
      InstanceProfileName: p.name,
      InstanceProfileId: p.id,
      Arn: p.arn,
      CreateDate: p.createdAt,
      Roles: p.roles.map((link) => roleShape(link.role)),
    })),
    RolePolicyList: inlineShape(byName(r.inlinePolicies)),
    AttachedManagedPolicies: attachedShape(r.attachments),
    ...boundaryShape(r.permissionsBoundary),
    Tags: tagsOf(r.tags),
    RoleLastUsed: { ...(r.lastUsedAt ? { LastUsedDate: r.lastUsedAt } : {}), ...(r.lastUsedRegion ? { Region: r.lastUsedRegion } : {}) },
  }));
}

export async function policyDetails(tx: Tx, accountId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const policies = await tx.managedPolicy.findMany({ where: { id: { in: ids } }, include: { versions: { orderBy: { createdAt: 'desc' } } } });
  // Usage counts within this account (AWS-managed policies are shared by every account).
  const [attachments, userBoundaries, roleBoundaries] = await Promise.all([
    tx.policyAttachment.groupBy({ by: ['policyId'], where: { policyId: { in: ids }, accountId }, _count: { _all: true } }),
    tx.user.groupBy({ by: ['permissionsBoundaryId'], where: { accountId, permissionsBoundaryId: { in: ids } }, _count: { _all: true } }),
    tx.role.groupBy({ by: ['permissionsBoundaryId'], where: { accountId, permissionsBoundaryId: { in: ids } }, _count: { _all: true } }),
  ]);
  const attachmentCount = new Map(attachments.map((a) => [a.policyId, a._count._all]));
  const boundaryCount = new Map<string, number>();
  for (const b of [...userBoundaries, ...roleBoundaries]) if (b.permissionsBoundaryId) boundaryCount.set(b.permissionsBoundaryId, (boundaryCount.get(b.permissionsBoundaryId) ?? 0) + b._count._all);
  const byId = new Map(policies.map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((p) => ({
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: attachmentCount.get(p.id) ?? 0,
    PermissionsBoundaryUsageCount: boundaryCount.get(p.id) ?? 0,
    IsAttachable: p.isAttachable,
    ...(p.description ? { Description: p.description } : {}),
    CreateDate: p.createdAt,
    UpdateDate: p.updatedAt,
    PolicyVersionList: p.versions.map((v) => ({ Document: v.document, VersionId: v.versionId, IsDefaultVersion: v.isDefault, CreateDate: v.createdAt })),
  }));
}
