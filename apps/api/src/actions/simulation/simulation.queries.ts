/**
 * The simulation area's database calls: the real policies of a user, group or role, as
 * SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy use them.
 */
import type { Tx } from '../../db/client';
import { findGroup, findRole, findUser } from '../../iam/lookups';

/** AWS's PolicySourceType for a policy of an entity. */
export type SourceType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed';

/** One policy of the entity: its text and how IAM names it in MatchedStatements. */
export interface EntityPolicy {
  id: string;
  type: SourceType;
  document: string;
}

export interface PrincipalPolicies {
  kind: 'user' | 'group' | 'role';
  arn: string;
  /** Identity policies: own inline, own attached, then (for a user) each group's. */
  identity: EntityPolicy[];
  /** The entity's permissions boundary (users and roles), default version. */
  boundary?: EntityPolicy;
}

const defaultVersion = { versions: { where: { isDefault: true }, select: { document: true } } } as const;

interface ManagedRow {
  name: string;
  accountId: string | null;
  versions: { document: string }[];
}

function managed(policy: ManagedRow): EntityPolicy[] {
  return policy.versions.map((v) => ({ id: policy.name, type: policy.accountId === null ? 'aws-managed' : 'user-managed', document: v.document }));
}

type Owner = { userId: string } | { groupId: string } | { roleId: string };

/**
 * The inline and attached policies of one user, group or role. Queries run one after another:
 * a transaction has one connection, and nested includes would otherwise query it concurrently.
 */
async function ownPolicies(tx: Tx, owner: Owner, type: 'user' | 'group' | 'role'): Promise<EntityPolicy[]> {
  const inline = await tx.inlinePolicy.findMany({ where: owner, orderBy: { name: 'asc' }, select: { name: true, document: true } });
  const attached = await tx.policyAttachment.findMany({ where: owner, orderBy: { id: 'asc' }, include: { policy: { include: defaultVersion } } });
  return [...inline.map((p) => ({ id: p.name, type, document: p.document })), ...attached.flatMap((a) => managed(a.policy))];
}

async function boundaryPolicy(tx: Tx, policyId: string | null): Promise<EntityPolicy | undefined> {
  if (!policyId) return undefined;
  const policy = await tx.managedPolicy.findUnique({ where: { id: policyId }, include: defaultVersion });
  return policy ? managed(policy)[0] : undefined;
}

/** Loads the policies of the entity `kind`/`name` in the account (NoSuchEntity if it does not exist). */
export async function principalPolicies(tx: Tx, accountId: string, kind: 'user' | 'group' | 'role', name: string): Promise<PrincipalPolicies> {
  if (kind === 'user') {
    const user = await findUser(tx, accountId, name);
    const identity = await ownPolicies(tx, { userId: user.id }, 'user');
    const memberships = await tx.groupMembership.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' }, select: { groupId: true } });
    for (const m of memberships) identity.push(...(await ownPolicies(tx, { groupId: m.groupId }, 'group')));
    return { kind, arn: user.arn, identity, boundary: await boundaryPolicy(tx, user.permissionsBoundaryId) };
  }
  if (kind === 'group') {
    const group = await findGroup(tx, accountId, name);
    return { kind, arn: group.arn, identity: await ownPolicies(tx, { groupId: group.id }, 'group') };
  }
  const role = await findRole(tx, accountId, name);
  return { kind, arn: role.arn, identity: await ownPolicies(tx, { roleId: role.id }, 'role'), boundary: await boundaryPolicy(tx, role.permissionsBoundaryId) };
}
