/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
 * DeleteInstanceProfile, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
 * ListInstanceProfilesForRole, Tag/Untag/ListInstanceProfileTags — with the IAM API
 * Reference's parameters, limits and errors. A profile holds at most one role.
 */
import { z } from 'zod';
import { InstanceProfileNameSchema, PathPrefixSchema, PathSchema, RoleNameSchema, TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget } from '../action';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { instanceProfileArn } from '../../iam/arns';
import { entityByName, findRole, roleArnOrGuess } from '../../iam/lookups';
import { tagsOf } from '../../iam/shapes';
import { roleShape, withTrustAsShown, type RoleRow } from '../../iam/roles-shape';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { findInstanceProfile, instanceProfileNameTaken, listInstanceProfilesPage, withRoles } from './instance-profiles.queries';
import type { Db, Tx } from '../../db/client';

/** Instance profiles per account (reference_iam-quotas). */
export const MAX_INSTANCE_PROFILES_PER_ACCOUNT = 1000;
/** Roles per instance profile (fixed). */
export const MAX_ROLES_PER_INSTANCE_PROFILE = 1;

interface ProfileRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  tags?: unknown;
  roles: { role: RoleRow }[];
}

/** AWS's InstanceProfile shape; Tags only where AWS returns them (Create, Get). */
function instanceProfileShape(p: ProfileRow, options: { tags?: boolean } = {}) {
  const tags = tagsOf(p.tags);
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: p.arn,
    CreateDate: p.createdAt,
    Roles: p.roles.map((r) => roleShape(r.role)),
    ...(options.tags && tags.length ? { Tags: tags } : {}),
  };
}

/**
 * The profiles with their roles' trust policies as AWS shows them (a deleted principal as its
 * unique ID), resolved in one pass for the whole page.
 */
async function withTrustsAsShown<P extends ProfileRow>(db: Tx | Db, profiles: P[]): Promise<P[]> {
  const shown = await withTrustAsShown(db, profiles.flatMap((p) => p.roles.map((r) => r.role)));
  let i = 0;
  return profiles.map((p) => ({ ...p, roles: p.roles.map((r) => ({ ...r, role: shown[i++]! })) }));
}

async function findProfile(db: Tx | Db, accountId: string, name: string) {
  const profile = await findInstanceProfile(db, accountId, name);
  if (!profile) throw noSuchEntity(messages.instanceProfileNotFound(name));
  return profile;
}

/** An existing profile's ARN (with its path) and tags, or the path-less ARN if it does not exist. */
async function profileTarget(db: Db, accountId: string, name: string, extra: Omit<ActionTarget, 'resource'> = {}): Promise<ActionTarget> {
  const found = await entityByName(db, 'InstanceProfile', accountId, name);
  const row = found ? await db.instanceProfile.findUnique({ where: { id: found.id }, select: { arn: true, tags: true } }) : null;
  return { resource: row?.arn ?? instanceProfileArn(accountId, '/', name), resourceTags: tagsOf(row?.tags), ...extra };
}

export const createInstanceProfile = defineAction({
  name: 'CreateInstanceProfile',
  service: 'iam',
  quota: 'InstanceProfile',
  authorizationCache: 'unchanged',
  input: z.object({ InstanceProfileName: InstanceProfileNameSchema, Path: PathSchema.optional(), Tags: TagListSchema.optional() }),
  target: (input, caller) => ({ resource: instanceProfileArn(caller.accountId, input.Path ?? '/', input.InstanceProfileName), requestTags: input.Tags }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags ?? []);
    // Serialize creation per account so the quota holds under concurrency.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    if (await instanceProfileNameTaken(tx, accountId, input.InstanceProfileName)) throw entityAlreadyExists(messages.instanceProfileAlreadyExists(input.InstanceProfileName));
    const profile = await tx.instanceProfile.create({
      data: {
        id: await issueId(tx, 'instanceProfile'),
        accountId,
        name: input.InstanceProfileName,
        path,
        arn: instanceProfileArn(accountId, path, input.InstanceProfileName),
        tags: input.Tags ?? [],
      },
      include: withRoles,
    });
    return { InstanceProfile: instanceProfileShape(profile, { tags: true }) };
  },
});

export const getInstanceProfile = defineAction({
  name: 'GetInstanceProfile',
  service: 'iam',
  readOnly: true,
  input: z.object({ InstanceProfileName: InstanceProfileNameSchema }),
  target: (input, caller, db) => profileTarget(db, caller.accountId, input.InstanceProfileName),
  async handler(input, { tx, caller }) {
    const [profile] = await withTrustsAsShown(tx, [await findProfile(tx, caller.accountId, input.InstanceProfileName)]);
    return { InstanceProfile: instanceProfileShape(profile!, { tags: true }) };
  },
});

export const listInstanceProfiles = defineAction({
  name: 'ListInstanceProfiles',
  service: 'iam',
  readOnly: true,
  input: z.object({ PathPrefix: PathPrefixSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listInstanceProfilesPage(tx, caller.accountId, { pathPrefix: input.PathPrefix, after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, (p) => [p.name.toLowerCase(), p.id]);
    return { InstanceProfiles: (await withTrustsAsShown(tx, items)).map((p) => instanceProfileShape(p)), ...paging };
  },
});

export const listInstanceProfilesForRole = defineAction({
  name: 'ListInstanceProfilesForRole',
  service: 'iam',
  readOnly: true,
  input: z.object({ RoleName: RoleNameSchema, ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await roleArnOrGuess(db, caller.accountId, input.RoleName) }),
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listInstanceProfilesPage(tx, caller.accountId, { roleId: role.id, after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, (p) => [p.name.toLowerCase(), p.id]);
    return { InstanceProfiles: (await withTrustsAsShown(tx, items)).map((p) => instanceProfileShape(p)), ...paging };
  },
});

export const deleteInstanceProfile = defineAction({
  name: 'DeleteInstanceProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ InstanceProfileName: InstanceProfileNameSchema }),
  target: (input, caller, db) => profileTarget(db, caller.accountId, input.InstanceProfileName),
  async handler(input, { tx, caller }) {
    const found = await findProfile(tx, caller.accountId, input.InstanceProfileName);
    // Lock the profile so no role is added between the check and the delete.
    await tx.$queryRaw`SELECT 1 FROM "InstanceProfile" WHERE id = ${found.id} FOR UPDATE`;
    if ((await tx.instanceProfileRole.count({ where: { instanceProfileId: found.id } })) > 0) {
      throw deleteConflict(messages.mustRemoveRolesFromInstanceProfileFirst);
    }
    await tx.instanceProfile.delete({ where: { id: found.id } });
    return {};
  },
});

export const addRoleToInstanceProfile = defineAction({
  name: 'AddRoleToInstanceProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ InstanceProfileName: InstanceProfileNameSchema, RoleName: RoleNameSchema }),
  // The role is handed to EC2 through the profile: AWS requires iam:PassRole on it too.
  target: async (input, caller, db) => ({
    ...(await profileTarget(db, caller.accountId, input.InstanceProfileName)),
    alsoRequires: [{ action: 'iam:PassRole', resource: await roleArnOrGuess(db, caller.accountId, input.RoleName) }],
  }),
  async handler(input, { tx, caller }) {
    const profile = await findProfile(tx, caller.accountId, input.InstanceProfileName);
    const role = await findRole(tx, caller.accountId, input.RoleName);
    await tx.$queryRaw`SELECT 1 FROM "InstanceProfile" WHERE id = ${profile.id} FOR UPDATE`;
    // The role row too, so DeleteRole cannot remove it meanwhile.
    await tx.$queryRaw`SELECT 1 FROM "Role" WHERE id = ${role.id} FOR SHARE`;
    if ((await tx.instanceProfileRole.count({ where: { instanceProfileId: profile.id } })) >= MAX_ROLES_PER_INSTANCE_PROFILE) {
      throw limitExceeded(messages.quotaExceeded('InstanceSessionsPerInstanceProfile', MAX_ROLES_PER_INSTANCE_PROFILE));
    }
    await tx.instanceProfileRole.create({ data: { instanceProfileId: profile.id, roleId: role.id } });
    return {};
  },
});

export const removeRoleFromInstanceProfile = defineAction({
  name: 'RemoveRoleFromInstanceProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ InstanceProfileName: InstanceProfileNameSchema, RoleName: RoleNameSchema }),
  // The role is handed to EC2 through the profile: AWS requires iam:PassRole on it too.
  target: async (input, caller, db) => ({
    ...(await profileTarget(db, caller.accountId, input.InstanceProfileName)),
    alsoRequires: [{ action: 'iam:PassRole', resource: await roleArnOrGuess(db, caller.accountId, input.RoleName) }],
  }),
  async handler(input, { tx, caller }) {
    const profile = await findProfile(tx, caller.accountId, input.InstanceProfileName);
    const role = await findRole(tx, caller.accountId, input.RoleName);
    const { count } = await tx.instanceProfileRole.deleteMany({ where: { instanceProfileId: profile.id, roleId: role.id } });
    if (count === 0) throw noSuchEntity(messages.roleNotInInstanceProfile(input.RoleName, profile.name));
    return {};
  },
});

export const [tagInstanceProfile, untagInstanceProfile, listInstanceProfileTags] = defineTagActions({
  entity: 'InstanceProfile',
  nameField: 'InstanceProfileName',
  nameSchema: InstanceProfileNameSchema,
  target: (name, caller, db, extra) => profileTarget(db, caller.accountId, name, extra),
  find: findProfile,
  update: (tx, id, tags) => tx.instanceProfile.update({ where: { id }, data: { tags } }),
});

export const instanceProfilesActions = [
  createInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  deleteInstanceProfile,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  tagInstanceProfile,
  untagInstanceProfile,
  listInstanceProfileTags,
];
