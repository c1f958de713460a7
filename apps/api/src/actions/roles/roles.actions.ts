/**
 * Roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
 * UpdateAssumeRolePolicy, DeleteRole, Tag/Untag/ListRoleTags, Put/DeleteRolePermissionsBoundary —
 * with the IAM API Reference's parameters, limits and errors. (Attached and inline role policies
 * live in the policies and inline-policies areas.)
 */
import { z } from 'zod';
import { ArnSchema, PathPrefixSchema, PathSchema, PolicyDocumentTextSchema, RoleNameSchema, TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget } from '../action';
import { deleteConflict, entityAlreadyExists } from '../../errors';
import { issueId } from '../../ids';
import { roleArn } from '../../iam/arns';
import { findRole, noSuchRole, roleByName, type RoleWithBoundary } from '../../iam/lookups';
import { tagsOf } from '../../iam/shapes';
import { roleShape, withTrustAsShown } from '../../iam/roles-shape';
import { boundaryPolicyId } from '../../iam/boundaries';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { checkModifiableByCustomer, checkRolePathNotReserved } from '../../iam/service-linked-roles';
import { checkTrustPolicy } from './roles.trust';
import { listRolesPage, roleDependents, roleNameTaken } from './roles.queries';
import type { Db } from '../../db/client';
import { messages } from '../../messages';

/** Roles per account (reference_iam-quotas). */
export const MAX_ROLES_PER_ACCOUNT = 1000;

/** Role description: 0–1000 characters of `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]`. */
const RoleDescriptionSchema = z
  .string()
  .max(1000)
  .regex(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, 'contains characters that are not allowed');
/** Maximum session duration in seconds: 1 to 12 hours. */
const MaxSessionDurationSchema = z.coerce.number().int().min(3600).max(43200);

/** An existing role's ARN (with its path) and tags, or the path-less ARN if it does not exist. */
async function roleTarget(db: Db, accountId: string, roleName: string, extra: Omit<ActionTarget, 'resource'> = {}): Promise<ActionTarget & { role?: RoleWithBoundary }> {
  const role = await roleByName(db, accountId, roleName);
  return { resource: role?.arn ?? roleArn(accountId, '/', roleName), resourceTags: tagsOf(role?.tags), role, ...extra };
}

export const createRole = defineAction({
  name: 'CreateRole',
  service: 'iam',
  quota: 'Role',
  authorizationCache: 'unchanged',
  input: z.object({
    RoleName: RoleNameSchema,
    Path: PathSchema.optional(),
    AssumeRolePolicyDocument: PolicyDocumentTextSchema,
    Description: RoleDescriptionSchema.optional(),
    MaxSessionDuration: MaxSessionDurationSchema.optional(),
    PermissionsBoundary: ArnSchema.optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({
    resource: roleArn(caller.accountId, input.Path ?? '/', input.RoleName),
    requestTags: input.Tags,
    context: input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : undefined,
  }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    checkRolePathNotReserved(path);
    checkTagKeys(input.Tags ?? []);
    const { document, trustPrincipalIds } = await checkTrustPolicy(tx, input.AssumeRolePolicyDocument);
    // Serialize role creation per account so the quota holds under concurrency.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    if (await roleNameTaken(tx, accountId, input.RoleName)) throw entityAlreadyExists(messages.roleAlreadyExists(input.RoleName));
    const permissionsBoundaryId = input.PermissionsBoundary ? await boundaryPolicyId(tx, accountId, input.PermissionsBoundary) : null;
    const role = await tx.role.create({
      data: {
        id: await issueId(tx, 'role'),
        accountId,
        name: input.RoleName,
        path,
        arn: roleArn(accountId, path, input.RoleName),
        assumeRolePolicyDocument: document,
        trustPrincipalIds,
        description: input.Description ?? null,
        maxSessionDuration: input.MaxSessionDuration ?? 3600,
        tags: input.Tags ?? [],
        permissionsBoundaryId,
      },
      include: { permissionsBoundary: { select: { arn: true } } },
    });
    // AWS's CreateRole reply leaves out MaxSessionDuration (GetRole has it).
    const { MaxSessionDuration: _maxSessionDuration, ...created } = roleShape(role, { details: true });
    return { Role: created };
  },
});

export const getRole = defineAction({
  name: 'GetRole',
  service: 'iam',
  readOnly: true,
  input: z.object({ RoleName: RoleNameSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, target }) {
    if (!target.role) throw noSuchRole(input.RoleName);
    const [role] = await withTrustAsShown(tx, [target.role]);
    return { Role: roleShape(role!, { details: true, lastUsed: true }) };
  },
});

export const listRoles = defineAction({
  name: 'ListRoles',
  service: 'iam',
  readOnly: true,
  input: z.object({ PathPrefix: PathPrefixSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listRolesPage(tx, caller.accountId, { pathPrefix: input.PathPrefix, after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, (r) => [r.name.toLowerCase(), r.id]);
    return { Roles: (await withTrustAsShown(tx, items)).map((r) => roleShape(r)), ...paging };
  },
});

export const updateRole = defineAction({
  name: 'UpdateRole',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ RoleName: RoleNameSchema, Description: RoleDescriptionSchema.optional(), MaxSessionDuration: MaxSessionDurationSchema.optional() }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    if (input.MaxSessionDuration !== undefined) checkModifiableByCustomer('Role', role);
    await tx.role.update({
      where: { id: role.id },
      data: {
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
      },
    });
    return {};
  },
});

export const updateRoleDescription = defineAction({
  name: 'UpdateRoleDescription',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ RoleName: RoleNameSchema, Description: RoleDescriptionSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    const updated = await tx.role.update({ where: { id: role.id }, data: { description: input.Description }, include: { permissionsBoundary: { select: { arn: true } } } });
    const [shown] = await withTrustAsShown(tx, [updated]);
    return { Role: roleShape(shown!, { details: true, lastUsed: true }) };
  },
});

export const updateAssumeRolePolicy = defineAction({
  name: 'UpdateAssumeRolePolicy',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ RoleName: RoleNameSchema, PolicyDocument: PolicyDocumentTextSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    checkModifiableByCustomer('Role', role);
    const { document, trustPrincipalIds } = await checkTrustPolicy(tx, input.PolicyDocument);
    await tx.role.update({ where: { id: role.id }, data: { assumeRolePolicyDocument: document, trustPrincipalIds } });
    return {};
  },
});

export const deleteRole = defineAction({
  name: 'DeleteRole',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ RoleName: RoleNameSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    checkModifiableByCustomer('Role', role);
    // Lock the role so nothing is attached to it between the check and the delete.
    await tx.$queryRaw`SELECT 1 FROM "Role" WHERE id = ${role.id} FOR UPDATE`;
    const d = await roleDependents(tx, role.id);
    if (d.instanceProfiles) throw deleteConflict(messages.mustRemoveRolesFromInstanceProfileFirst);
    if (d.attachments) throw deleteConflict(messages.mustDetachPoliciesFirst);
    if (d.inlinePolicies) throw deleteConflict(messages.mustDeletePoliciesFirst);
    // Its sessions end with it (temporary credentials cascade).
    await tx.role.delete({ where: { id: role.id } });
    return {};
  },
});

export const [tagRole, untagRole, listRoleTags] = defineTagActions({
  entity: 'Role',
  nameField: 'RoleName',
  nameSchema: RoleNameSchema,
  target: (name, caller, db, extra) => roleTarget(db, caller.accountId, name, extra),
  find: findRole,
  update: (tx, id, tags) => tx.role.update({ where: { id }, data: { tags } }),
});

export const putRolePermissionsBoundary = defineAction({
  name: 'PutRolePermissionsBoundary',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ RoleName: RoleNameSchema, PermissionsBoundary: ArnSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName, { context: { 'iam:PermissionsBoundary': input.PermissionsBoundary } }),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    checkModifiableByCustomer('Role', role);
    await tx.role.update({ where: { id: role.id }, data: { permissionsBoundaryId: await boundaryPolicyId(tx, caller.accountId, input.PermissionsBoundary) } });
    return {};
  },
});

export const deleteRolePermissionsBoundary = defineAction({
  name: 'DeleteRolePermissionsBoundary',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ RoleName: RoleNameSchema }),
  target: (input, caller, db) => roleTarget(db, caller.accountId, input.RoleName),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    checkModifiableByCustomer('Role', role);
    await tx.role.update({ where: { id: role.id }, data: { permissionsBoundaryId: null } });
    return {};
  },
});

export const rolesActions = [
  createRole,
  getRole,
  listRoles,
  updateRole,
  updateRoleDescription,
  updateAssumeRolePolicy,
  deleteRole,
  tagRole,
  untagRole,
  listRoleTags,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
];
