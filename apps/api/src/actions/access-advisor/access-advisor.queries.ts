/**
 * The access-advisor area's database calls: the report's subject (a user, group, role or managed
 * policy), the permissions policies it has, the users and roles whose activity the report covers,
 * and their last access per action from the audit log.
 */
import type { Db, Tx } from '../../db/client';
import { findGroup, findPolicy, findRole, findUser } from '../../iam/lookups';
import { invalidInput, noSuchEntity } from '../../errors';
import { messages } from '../../messages';

type Reader = Tx | Db;

export type SubjectKind = 'user' | 'group' | 'role' | 'policy';

/** An entity whose activity counts (a user or a role), as EntityInfo describes it. */
export interface ActiveEntity {
  Arn: string;
  Name: string;
  Type: 'USER' | 'ROLE';
  Id: string;
  Path: string;
}

/** One permissions policy of the subject, as PolicyGrantingServiceAccess names it. */
export interface GrantingPolicy {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  /** Inline policies only: the user, group or role the policy is embedded in. */
  EntityType?: 'USER' | 'GROUP' | 'ROLE';
  EntityName?: string;
  document: string;
}

export interface Subject {
  kind: SubjectKind;
  arn: string;
  policies: GrantingPolicy[];
  entities: ActiveEntity[];
}

/** A user, group or role ARN (the name is after the last `/`), or a managed policy ARN. */
const ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;
const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

export interface ParsedArn {
  kind: SubjectKind;
  accountId: string;
  name: string;
}

/** Parses the Arn of GenerateServiceLastAccessedDetails / ListPoliciesGrantingServiceAccess. */
export function parseSubjectArn(arn: string, kinds: SubjectKind[]): ParsedArn {
  const entity = ENTITY_ARN.exec(arn);
  if (entity && kinds.includes(entity[2] as SubjectKind)) return { kind: entity[2] as SubjectKind, accountId: entity[1]!, name: entity[3]! };
  const policy = POLICY_ARN.exec(arn);
  if (policy && kinds.includes('policy')) return { kind: 'policy', accountId: policy[1]!, name: arn };
  throw invalidInput(messages.arnNotValid(arn));
}

const notFound = (parsed: ParsedArn, arn: string) =>
  parsed.kind === 'policy' ? noSuchEntity(messages.policyNotAttachable(arn)) : noSuchEntity(messages.entityNotFound(parsed.kind, parsed.name));

/** The subject's real ARN (with its path); NoSuchEntity when it is not the caller's (or AWS's, for policies). */
export async function subjectArn(db: Reader, accountId: string, parsed: ParsedArn, arn: string): Promise<string> {
  if (parsed.kind === 'policy') return (await findPolicy(db, accountId, arn)).arn;
  if (parsed.accountId !== accountId) throw notFound(parsed, arn);
  if (parsed.kind === 'user') return (await findUser(db, accountId, parsed.name)).arn;
  if (parsed.kind === 'group') return (await findGroup(db, accountId, parsed.name)).arn;
  return (await findRole(db, accountId, parsed.name)).arn;
}

const defaultVersion = { versions: { where: { isDefault: true }, select: { document: true } } } as const;

interface ManagedRow {
  name: string;
  arn: string;
  versions: { document: string }[];
}
const managed = (p: ManagedRow): GrantingPolicy[] => p.versions.map((v) => ({ PolicyName: p.name, PolicyType: 'MANAGED', PolicyArn: p.arn, document: v.document }));

type Owner = { userId: string } | { groupId: string } | { roleId: string };

/** Inline then attached managed policies of one user, group or role. */
async function ownPolicies(db: Reader, owner: Owner, type: 'USER' | 'GROUP' | 'ROLE', name: string): Promise<GrantingPolicy[]> {
  const inline = await db.inlinePolicy.findMany({ where: owner, orderBy: { name: 'asc' }, select: { name: true, document: true } });
  const attached = await db.policyAttachment.findMany({ where: owner, orderBy: { id: 'asc' }, include: { policy: { include: defaultVersion } } });
  return [
    ...inline.map((p): GrantingPolicy => ({ PolicyName: p.name, PolicyType: 'INLINE', EntityType: type, EntityName: name, document: p.document })),
    ...attached.flatMap((a) => managed(a.policy)),
  ];
}

const userEntity = (u: { arn: string; name: string; id: string; path: string }): ActiveEntity => ({ Arn: u.arn, Name: u.name, Type: 'USER', Id: u.id, Path: u.path });
const roleEntity = (r: { arn: string; name: string; id: string; path: string }): ActiveEntity => ({ Arn: r.arn, Name: r.name, Type: 'ROLE', Id: r.id, Path: r.path });
const entityFields = { id: true, arn: true, name: true, path: true } as const;

/**
 * Loads the subject of a report by its stored ARN: its permissions policies (a user's include its
 * groups'; a managed policy is its own only policy) and the users and roles whose activity counts
 * (a group's members; the users and roles a policy is attached to, directly or through a group).
 * Undefined when the subject no longer exists.
 */
export async function loadSubject(db: Reader, accountId: string, arn: string): Promise<Subject | undefined> {
  const parsed = parseSubjectArn(arn, ['user', 'group', 'role', 'policy']);
  if (parsed.kind === 'user') {
    const user = await db.user.findFirst({ where: { accountId, arn } });
    if (!user) return undefined;
    const policies = await ownPolicies(db, { userId: user.id }, 'USER', user.name);
    const memberships = await db.groupMembership.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' }, include: { group: { select: { id: true, name: true } } } });
    for (const m of memberships) policies.push(...(await ownPolicies(db, { groupId: m.group.id }, 'GROUP', m.group.name)));
    return { kind: 'user', arn, policies, entities: [userEntity(user)] };
  }
  if (parsed.kind === 'group') {
    const group = await db.group.findFirst({ where: { accountId, arn } });
    if (!group) return undefined;
    const members = await db.groupMembership.findMany({ where: { groupId: group.id }, include: { user: { select: entityFields } } });
    return { kind: 'group', arn, policies: await ownPolicies(db, { groupId: group.id }, 'GROUP', group.name), entities: members.map((m) => userEntity(m.user)) };
  }
  if (parsed.kind === 'role') {
    const role = await db.role.findFirst({ where: { accountId, arn } });
    if (!role) return undefined;
    return { kind: 'role', arn, policies: await ownPolicies(db, { roleId: role.id }, 'ROLE', role.name), entities: [roleEntity(role)] };
  }
  const policy = await db.managedPolicy.findUnique({ where: { arn }, include: defaultVersion });
  if (!policy || (policy.accountId !== null && policy.accountId !== accountId)) return undefined;
  // An AWS managed policy is attached in many accounts: only this account's entities count.
  const attachments = await db.policyAttachment.findMany({
    where: { policyId: policy.id, OR: [{ user: { accountId } }, { group: { accountId } }, { role: { accountId } }] },
    include: { user: { select: entityFields }, role: { select: entityFields }, group: { select: { memberships: { include: { user: { select: entityFields } } } } } },
  });
  const entities = new Map<string, ActiveEntity>();
  for (const a of attachments) {
    if (a.user) entities.set(a.user.arn, userEntity(a.user));
    if (a.role) entities.set(a.role.arn, roleEntity(a.role));
    for (const m of a.group?.memberships ?? []) entities.set(m.user.arn, userEntity(m.user));
  }
  return { kind: 'policy', arn, policies: managed(policy), entities: [...entities.values()] };
}

/** The last attempt of one entity on one action (`service:Action`). */
export interface AccessRow {
  entityArn: string;
  action: string;
  time: Date;
}

/**
 * The last attempt of each entity on each action in (since, until], from the audit log. AWS
 * counts every authenticated attempt, allowed or denied ("not just the successful ones"); a
 * role's activity is that of its sessions (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
 */
export async function lastAccesses(db: Reader, accountId: string, entities: ActiveEntity[], since: Date, until: Date): Promise<AccessRow[]> {
  if (!entities.length) return [];
  const users = entities.filter((e) => e.Type === 'USER');
  const roles = entities.filter((e) => e.Type === 'ROLE');
  const sessionPrefix = (role: ActiveEntity) => `arn:aws:sts::${accountId}:assumed-role/${role.Name}/`;
  const rows = await db.auditEvent.groupBy({
    by: ['principalArn', 'action'],
    where: {
      accountId,
      time: { gt: since, lte: until },
      decision: { in: ['allowed', 'denied'] },
      OR: [...(users.length ? [{ principalArn: { in: users.map((u) => u.Arn) } }] : []), ...roles.map((r) => ({ principalArn: { startsWith: sessionPrefix(r) } }))],
    },
    _max: { time: true },
  });
  const byPrincipal = new Map(users.map((u) => [u.Arn, u.Arn]));
  const out: AccessRow[] = [];
  for (const row of rows) {
    const principal = row.principalArn ?? '';
    const entityArn = byPrincipal.get(principal) ?? roles.find((r) => principal.startsWith(sessionPrefix(r)))?.Arn;
    if (entityArn && row._max.time) out.push({ entityArn, action: row.action, time: row._max.time });
  }
  return out;
}
