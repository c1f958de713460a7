/** The account area's database calls: usage counts and the authorization-details walk. */
import type { Tx } from '../../db/client';
import { tagsOf } from '../../iam/shapes';
import { resolveTrustPolicies } from '../../iam/trust-principals';

/** Rows of the account's users, groups and roles (the users/groups/roles an entity belongs to). */
const inAccount = (accountId: string) => ({ OR: [{ user: { accountId } }, { group: { accountId } }, { role: { accountId } }] });

/** Every count GetAccountSummary reports. */
export async function accountUsage(tx: Tx, accountId: string) {
  const [users, groups, roles, policies, instanceProfiles, mfaDevices, mfaDevicesInUse, rootMfa, rootKeys, attachments, serverCertificates, rootCertificates, oidcProviders, samlProviders] = await Promise.all([
    tx.user.count({ where: { accountId } }),
    tx.group.count({ where: { accountId } }),
    tx.role.count({ where: { accountId } }),
    tx.managedPolicy.count({ where: { accountId } }),
    tx.instanceProfile.count({ where: { accountId } }),
    tx.mfaDevice.count({ where: { accountId } }),
    tx.mfaDevice.count({ where: { accountId, enabledAt: { not: null } } }),
    tx.mfaDevice.count({ where: { accountId, userId: null, enabledAt: { not: null } } }),
    tx.accessKey.count({ where: { accountId, userId: null } }),
    tx.policyAttachment.count({ where: inAccount(accountId) }),
    tx.serverCertificate.count({ where: { accountId } }),
    tx.signingCertificate.count({ where: { accountId, userId: null } }),
    tx.openIdConnectProvider.count({ where: { accountId } }),
    tx.samlProvider.count({ where: { accountId } }),
  ]);
  return { users, groups, roles, policies, instanceProfiles, mfaDevices, mfaDevicesInUse, rootMfa, rootKeys, attachments, serverCertificates, rootCertificates, providers: oidcProviders + samlProviders };
}

export type EntityKind = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/** One entity in GetAccountAuthorizationDetails's order: users, groups, roles, then policies, each by name. */
export interface EntityRef {
  kind: EntityKind;
  id: string;
  /** The sort key: [section, lower(name), id]. */
  key: [string, string, string];
}

const SECTION: Record<EntityKind, string> = { User: '1', Group: '2', Role: '3', LocalManagedPolicy: '4', AWSManagedPolicy: '4' };

/** The IDs of every entity the filter selects, in order (names and IDs only: cheap at scale). */
export async function entityRefs(tx: Tx, accountId: string, kinds: Set<EntityKind>): Promise<EntityRef[]> {
  const select = { id: true, name: true } as const;
  const [users, groups, roles, local, aws] = await Promise.all([
    kinds.has('User') ? tx.user.findMany({ where: { accountId }, select }) : [],
    kinds.has('Group') ? tx.group.findMany({ where: { accountId }, select }) : [],
    kinds.has('Role') ? tx.role.findMany({ where: { accountId }, select }) : [],
    kinds.has('LocalManagedPolicy') ? tx.managedPolicy.findMany({ where: { accountId }, select }) : [],
    // AWS managed policies appear only when something in the account uses them.
    kinds.has('AWSManagedPolicy') ? tx.managedPolicy.findMany({ where: { accountId: null, attachments: { some: inAccount(accountId) } }, select }) : [],
  ]);
  const refs = (kind: EntityKind, rows: { id: string; name: string }[]): EntityRef[] => rows.map((r) => ({ kind, id: r.id, key: [SECTION[kind], r.name.toLowerCase(), r.id] }));
  const all = [...refs('User', users), ...refs('Group', groups), ...refs('Role', roles), ...refs('LocalManagedPolicy', local), ...refs('AWSManagedPolicy', aws)];
  return all.sort((a, b) => compareKeys(a.key, b.key));
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const attached = { select: { policy: { select: { name: true, arn: true } } } } as const;
const attachedShape = (rows: { policy: { name: string; arn: string } }[]) => rows.map((a) => ({ PolicyName: a.policy.name, PolicyArn: a.policy.arn }));
const inlineShape = (rows: { name: string; document: string }[]) => rows.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
const boundaryShape = (b: { arn: string } | null) => (b ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: b.arn } } : {});
const byName = <T extends { name: string }>(rows: T[]) => [...rows].sort((a, b) => compareKeys([a.name.toLowerCase()], [b.name.toLowerCase()]));

export async function userDetails(tx: Tx, ids: string[]) {
  const users = await tx.user.findMany({
    where: { id: { in: ids } },
    include: { inlinePolicies: true, attachments: attached, memberships: { include: { group: { select: { name: true } } } }, permissionsBoundary: { select: { arn: true } } },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((u) => ({
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: u.arn,
    CreateDate: u.createdAt,
    UserPolicyList: inlineShape(byName(u.inlinePolicies)),
    GroupList: u.memberships.map((m) => m.group.name).sort(),
    AttachedManagedPolicies: attachedShape(u.attachments),
    ...boundaryShape(u.permissionsBoundary),
    Tags: tagsOf(u.tags),
  }));
}

export async function groupDetails(tx: Tx, ids: string[]) {
  const groups = await tx.group.findMany({ where: { id: { in: ids } }, include: { inlinePolicies: true, attachments: attached } });
  const byId = new Map(groups.map((g) => [g.id, g]));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((g) => ({
    Path: g.path,
    GroupName: g.name,
    GroupId: g.id,
    Arn: g.arn,
    CreateDate: g.createdAt,
    GroupPolicyList: inlineShape(byName(g.inlinePolicies)),
    AttachedManagedPolicies: attachedShape(g.attachments),
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
  const policies = await tx.managedPolicy.findMany({ where: { id: { in: ids } }, include: { versions: { orderBy: { createdAt: 'desc' } } } });
  // Usage counts within this account (AWS-managed policies are shared by every account).
  const [attachments, userBoundaries, roleBoundaries] = await Promise.all([
    tx.policyAttachment.groupBy({ by: ['policyId'], where: { policyId: { in: ids }, ...inAccount(accountId) }, _count: { _all: true } }),
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
