/**
 * Attaching managed policies: Attach/Detach{User,Group,Role}Policy,
 * ListAttached{User,Group,Role}Policies and ListEntitiesForPolicy. Authorization is on the
 * user, group or role, with the policy in the iam:PolicyARN condition key, as in AWS.
 */
import { z } from 'zod';
import { GroupNameSchema, PathPrefixSchema, RoleNameSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { limitExceeded, noSuchEntity, type AwsError } from '../../errors';
import { findGroup, findRole, findUser, groupArnOrGuess, noSuchRole, noSuchUser, roleArnOrGuess, userArnOrGuess } from '../../iam/lookups';
import { tagsOf } from '../../iam/shapes';
import type { Caller } from '../../auth/caller';
import type { ActionTarget } from '../action';
import { checkModifiableByCustomer } from '../../iam/service-linked-roles';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { attachPolicyIfAllowed, attachedPoliciesPage, detachPolicyIfAttached, ownerArnAndTags } from './policies.queries';
import { MAX_ATTACHED_POLICIES, PolicyArnSchema, noSuchPolicy, policyByArn } from './policies.shared';
import type { Db, Tx } from '../../db/client';
import { messages } from '../../messages';

type Kind = 'User' | 'Group' | 'Role';

interface KindSpec {
  nameField: `${Kind}Name`;
  schema: z.ZodString;
  column: 'userId' | 'groupId' | 'roleId';
  find: (db: Tx, accountId: string, name: string) => Promise<{ id: string; name: string; path: string }>;
  notFound: (name: string) => AwsError;
  arnOrGuess: (db: Db, accountId: string, name: string) => Promise<string>;
}

/** The entity's name field (UserName, GroupName or RoleName) is the kind's. */
type EntityNames = Partial<Record<`${Kind}Name`, string>>;
type AttachInput = EntityNames & { PolicyArn: string };
type ListAttachedInput = EntityNames & { PathPrefix?: string; Marker?: string; MaxItems?: number };

const KINDS: Record<Kind, KindSpec> = {
  User: { nameField: 'UserName', schema: UserNameSchema, column: 'userId', find: findUser, notFound: noSuchUser, arnOrGuess: userArnOrGuess },
  Group: { nameField: 'GroupName', schema: GroupNameSchema, column: 'groupId', find: findGroup, notFound: (name) => noSuchEntity(messages.groupNotFound(name)), arnOrGuess: groupArnOrGuess },
  Role: { nameField: 'RoleName', schema: RoleNameSchema, column: 'roleId', find: findRole, notFound: noSuchRole, arnOrGuess: roleArnOrGuess },
};

/**
 * Attach/Detach's target: the owner's ARN (path-less when it does not exist) with its tags for
 * aws:ResourceTag/*, in one lookup, and the policy in iam:PolicyARN.
 */
async function ownerTarget(kind: Kind, input: AttachInput, caller: Caller, db: Db): Promise<ActionTarget> {
  const name = input[KINDS[kind].nameField]!;
  const owner = await ownerArnAndTags(db, kind, caller.accountId, name);
  return { resource: owner?.arn ?? `arn:aws:iam::${caller.accountId}:${kind.toLowerCase()}/${name}`, resourceTags: tagsOf(owner?.tags), context: { 'iam:PolicyARN': input.PolicyArn } };
}

function attachPolicy(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `Attach${kind}Policy`,
    service: 'iam',
    authorizationCache: kind === 'Group' ? 'account' : 'principal',
    directTransaction: true,
    input: z.object({ [k.nameField]: k.schema, PolicyArn: PolicyArnSchema }) as unknown as z.ZodType<AttachInput>,
    target: (input, caller, db) => ownerTarget(kind, input, caller, db),
    async handler(input, { tx, caller }) {
      const name = input[k.nameField]!;
      const outcome = await attachPolicyIfAllowed(tx, kind, caller.accountId, name, input.PolicyArn, MAX_ATTACHED_POLICIES);
      if (!outcome.owner) throw k.notFound(name);
      checkModifiableByCustomer(kind, outcome.owner);
      // No such policy visible to the account: InvalidInput for an ARN that is not a policy's, else NoSuchEntity.
      if (outcome.policyAttachable === null) throw noSuchPolicy(input.PolicyArn, messages.policyNotAttachable);
      if (!outcome.policyAttachable) throw noSuchEntity(messages.policyNotAttachable(input.PolicyArn));
      // Attaching a policy that is already attached changes nothing, as in AWS.
      if (outcome.alreadyAttached || outcome.attached) return {};
      throw limitExceeded(messages.quotaExceeded(`PoliciesPer${kind}`, MAX_ATTACHED_POLICIES));
    },
  });
}

function detachPolicy(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `Detach${kind}Policy`,
    service: 'iam',
    authorizationCache: kind === 'Group' ? 'account' : 'principal',
    directTransaction: true,
    input: z.object({ [k.nameField]: k.schema, PolicyArn: PolicyArnSchema }) as unknown as z.ZodType<AttachInput>,
    target: (input, caller, db) => ownerTarget(kind, input, caller, db),
    async handler(input, { tx, caller }) {
      const name = input[k.nameField]!;
      const outcome = await detachPolicyIfAttached(tx, kind, caller.accountId, name, input.PolicyArn);
      if (!outcome.owner) throw k.notFound(name);
      // The statement detaches nothing from a service-linked role.
      checkModifiableByCustomer(kind, outcome.owner);
      if (!outcome.policyFound) throw noSuchPolicy(input.PolicyArn);
      if (!outcome.detached) throw noSuchEntity(messages.policyNotFound(input.PolicyArn));
      return {};
    },
  });
}

function listAttachedPolicies(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `ListAttached${kind}Policies`,
    service: 'iam',
    readOnly: true,
    input: z.object({ [k.nameField]: k.schema, PathPrefix: PathPrefixSchema.optional(), ...PagingInput }) as unknown as z.ZodType<ListAttachedInput>,
    target: async (input, caller, db) => ({ resource: await k.arnOrGuess(db, caller.accountId, input[k.nameField]!) }),
    async handler(input, { tx, caller }) {
      const owner = await k.find(tx, caller.accountId, input[k.nameField]!);
      const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      const rows = await attachedPoliciesPage(tx, { column: k.column, id: owner.id }, { pathPrefix: input.PathPrefix, after: decodeMarker(input.Marker), limit: limit + 1 });
      const { items, ...paging } = page(rows, limit, (p) => [p.name.toLowerCase(), p.id]);
      return { AttachedPolicies: items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...paging };
    },
  });
}

interface EntityRow {
  kind: Kind;
  id: string;
  name: string;
  path: string;
}
const KIND_ORDER: Record<Kind, string> = { Group: '0', User: '1', Role: '2' };
const entityKey = (e: EntityRow) => [KIND_ORDER[e.kind], e.name.toLowerCase(), e.id];
function keyAfter(key: string[], after: string[]): boolean {
  for (let i = 0; i < key.length; i++) {
    const a = key[i]!;
    const b = after[i] ?? '';
    if (a !== b) return a > b;
  }
  return false;
}

export const listEntitiesForPolicy = defineAction({
  name: 'ListEntitiesForPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({
    PolicyArn: PolicyArnSchema,
    EntityFilter: z.enum(['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']).optional(),
    PathPrefix: PathPrefixSchema.optional(),
    PolicyUsageFilter: z.enum(['PermissionsPolicy', 'PermissionsBoundary']).optional(),
    ...PagingInput,
  }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const policy = await policyByArn(tx, accountId, input.PolicyArn);
    const filter = input.EntityFilter;
    // LocalManagedPolicy / AWSManagedPolicy select by the kind of policy: all entities, or none.
    const kinds = new Set<Kind>(filter === 'User' || filter === 'Group' || filter === 'Role' ? [filter] : ['User', 'Group', 'Role']);
    const wrongPolicyKind = (filter === 'LocalManagedPolicy' && policy.accountId === null) || (filter === 'AWSManagedPolicy' && policy.accountId !== null);
    const found = new Map<string, EntityRow>();
    const add = (kind: Kind, e: { id: string; name: string; path: string; accountId: string } | null) => {
      if (e && e.accountId === accountId && kinds.has(kind)) found.set(`${kind}:${e.id}`, { kind, id: e.id, name: e.name, path: e.path });
    };
    if (!wrongPolicyKind && input.PolicyUsageFilter !== 'PermissionsBoundary') {
      const select = { select: { id: true, name: true, path: true, accountId: true } } as const;
      const attachments = await tx.policyAttachment.findMany({ where: { policyId: policy.id }, include: { user: select, group: select, role: select } });
      for (const a of attachments) {
        add('User', a.user);
        add('Group', a.group);
        add('Role', a.role);
      }
    }
    if (!wrongPolicyKind && input.PolicyUsageFilter !== 'PermissionsPolicy') {
      const select = { id: true, name: true, path: true, accountId: true } as const;
      for (const u of await tx.user.findMany({ where: { accountId, permissionsBoundaryId: policy.id }, select })) add('User', u);
      for (const r of await tx.role.findMany({ where: { accountId, permissionsBoundaryId: policy.id }, select })) add('Role', r);
    }
    const prefix = input.PathPrefix ?? '/';
    const after = decodeMarker(input.Marker);
    const sorted = [...found.values()]
      .filter((e) => e.path.startsWith(prefix))
      .map((e) => ({ e, key: entityKey(e) }))
      .filter(({ key }) => !after || keyAfter(key, after))
      .sort((a, b) => (keyAfter(a.key, b.key) ? 1 : keyAfter(b.key, a.key) ? -1 : 0))
      .map(({ e }) => e);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const { items, ...paging } = page(sorted.slice(0, limit + 1), limit, entityKey);
    return {
      PolicyGroups: items.filter((e) => e.kind === 'Group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: items.filter((e) => e.kind === 'User').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: items.filter((e) => e.kind === 'Role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      ...paging,
    };
  },
});

const KIND_LIST: Kind[] = ['User', 'Group', 'Role'];
export const policyAttachmentActions = [...KIND_LIST.flatMap((kind) => [attachPolicy(kind), detachPolicy(kind), listAttachedPolicies(kind)]), listEntitiesForPolicy];
