/**
 * Inline policies: Put/Get/Delete/List{User,Group,Role}Policy/Policies. A policy embedded in one
 * user, group or role, validated as an identity policy, with AWS's aggregate size quota: the sum
 * over all of the entity's inline policies, whitespace excluded (user 2,048, group 5,120,
 * role 10,240). Put replaces a policy of the same name. Inline policies have no versions.
 */
import { z } from 'zod';
import { GroupNameSchema, PolicyDocumentTextSchema, PolicyNameSchema, RoleNameSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { limitExceeded, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { findGroup, findRole, findUser, groupArnOrGuess, roleArnOrGuess, userArnOrGuess } from '../../iam/lookups';
import { checkModifiableByCustomer } from '../../iam/service-linked-roles';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { POLICY_SIZE, checkIamPolicyDocument } from '../../iam/policy-documents';
import { policySize } from '../../iam/policies-size';
import type { Db, Tx } from '../../db/client';

type Kind = 'User' | 'Group' | 'Role';

interface KindSpec {
  nameField: `${Kind}Name`;
  schema: z.ZodString;
  column: 'userId' | 'groupId' | 'roleId';
  table: '"User"' | '"Group"' | '"Role"';
  /** Aggregate inline size quota, in non-whitespace characters. */
  maxSize: number;
  find: (db: Tx, accountId: string, name: string) => Promise<{ id: string; name: string; path: string }>;
  arnOrGuess: (db: Db, accountId: string, name: string) => Promise<string>;
}

const KINDS: Record<Kind, KindSpec> = {
  User: { nameField: 'UserName', schema: UserNameSchema, column: 'userId', table: '"User"', maxSize: POLICY_SIZE.inlineUser, find: findUser, arnOrGuess: userArnOrGuess },
  Group: { nameField: 'GroupName', schema: GroupNameSchema, column: 'groupId', table: '"Group"', maxSize: POLICY_SIZE.inlineGroup, find: findGroup, arnOrGuess: groupArnOrGuess },
  Role: { nameField: 'RoleName', schema: RoleNameSchema, column: 'roleId', table: '"Role"', maxSize: POLICY_SIZE.inlineRole, find: findRole, arnOrGuess: roleArnOrGuess },
};

type EntityNames = Partial<Record<`${Kind}Name`, string>>;
type NamedInput = EntityNames & { PolicyName: string };
type PutInput = NamedInput & { PolicyDocument: string };
type ListInput = EntityNames & { Marker?: string; MaxItems?: number };

/** The kind as AWS's texts name it: "user", "group", "role". */
const kindName = (kind: Kind) => kind.toLowerCase() as Lowercase<Kind>;
const notFound = (kind: Kind, policyName: string) => noSuchEntity(messages.inlinePolicyNotFound(kindName(kind), policyName));

async function findInline(tx: Tx, k: KindSpec, kind: Kind, ownerId: string, policyName: string) {
  const policy = await tx.inlinePolicy.findFirst({ where: { [k.column]: ownerId, name: policyName } });
  if (!policy) throw notFound(kind, policyName);
  return policy;
}

function putPolicy(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `Put${kind}Policy`,
    service: 'iam',
    authorizationCache: kind === 'Group' ? 'account' : 'principal',
    input: z.object({ [k.nameField]: k.schema, PolicyName: PolicyNameSchema, PolicyDocument: PolicyDocumentTextSchema }) as unknown as z.ZodType<PutInput>,
    target: async (input, caller, db) => ({ resource: await k.arnOrGuess(db, caller.accountId, input[k.nameField]!) }),
    async handler(input, { tx, caller }) {
      const owner = await k.find(tx, caller.accountId, input[k.nameField]!);
      checkModifiableByCustomer(kind, owner);
      // Serializes the aggregate quota check with other writes to this entity's inline policies.
      await tx.$queryRawUnsafe(`SELECT 1 FROM ${k.table} WHERE "id" = $1 FOR NO KEY UPDATE`, owner.id);
      const others = await tx.inlinePolicy.findMany({ where: { [k.column]: owner.id, NOT: { name: input.PolicyName } }, select: { document: true } });
      const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(input.PolicyDocument));
      if (total > k.maxSize) throw limitExceeded(messages.inlinePolicySizeExceeded(k.maxSize, kindName(kind), owner.name));
      checkIamPolicyDocument(input.PolicyDocument, 'inline');
      const existing = await tx.inlinePolicy.findFirst({ where: { [k.column]: owner.id, name: input.PolicyName }, select: { id: true } });
      if (existing) await tx.inlinePolicy.update({ where: { id: existing.id }, data: { document: input.PolicyDocument } });
      else await tx.inlinePolicy.create({ data: { [k.column]: owner.id, name: input.PolicyName, document: input.PolicyDocument } });
      return {};
    },
  });
}

function getPolicy(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `Get${kind}Policy`,
    service: 'iam',
    readOnly: true,
    input: z.object({ [k.nameField]: k.schema, PolicyName: PolicyNameSchema }) as unknown as z.ZodType<NamedInput>,
    target: async (input, caller, db) => ({ resource: await k.arnOrGuess(db, caller.accountId, input[k.nameField]!) }),
    async handler(input, { tx, caller }) {
      const owner = await k.find(tx, caller.accountId, input[k.nameField]!);
      const policy = await findInline(tx, k, kind, owner.id, input.PolicyName);
      return { [k.nameField]: owner.name, PolicyName: policy.name, PolicyDocument: policy.document };
    },
  });
}

function deletePolicy(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `Delete${kind}Policy`,
    service: 'iam',
    authorizationCache: kind === 'Group' ? 'account' : 'principal',
    input: z.object({ [k.nameField]: k.schema, PolicyName: PolicyNameSchema }) as unknown as z.ZodType<NamedInput>,
    target: async (input, caller, db) => ({ resource: await k.arnOrGuess(db, caller.accountId, input[k.nameField]!) }),
    async handler(input, { tx, caller }) {
      const owner = await k.find(tx, caller.accountId, input[k.nameField]!);
      checkModifiableByCustomer(kind, owner);
      const policy = await findInline(tx, k, kind, owner.id, input.PolicyName);
      await tx.inlinePolicy.delete({ where: { id: policy.id } });
      return {};
    },
  });
}

function listPolicies(kind: Kind) {
  const k = KINDS[kind];
  return defineAction({
    name: `List${kind}Policies`,
    service: 'iam',
    readOnly: true,
    input: z.object({ [k.nameField]: k.schema, ...PagingInput }) as unknown as z.ZodType<ListInput>,
    target: async (input, caller, db) => ({ resource: await k.arnOrGuess(db, caller.accountId, input[k.nameField]!) }),
    async handler(input, { tx, caller }) {
      const owner = await k.find(tx, caller.accountId, input[k.nameField]!);
      // An entity's inline policies are few (the size quota bounds them): sorted here.
      const rows = await tx.inlinePolicy.findMany({ where: { [k.column]: owner.id }, select: { name: true } });
      const names = rows.map((r) => r.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const after = decodeMarker(input.Marker)?.[0];
      const rest = after === undefined ? names : names.filter((n) => n > after);
      const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      const { items, ...paging } = page(rest.slice(0, limit + 1), limit, (n) => [n]);
      return { PolicyNames: items, ...paging };
    },
  });
}

const KIND_LIST: Kind[] = ['User', 'Group', 'Role'];
export const inlinePoliciesActions = KIND_LIST.flatMap((kind) => [putPolicy(kind), getPolicy(kind), deletePolicy(kind), listPolicies(kind)]);
