/**
 * Groups: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup,
 * RemoveUserFromGroup, ListGroupsForUser — with the IAM API Reference's parameters, limits and
 * errors. Groups carry no tags in IAM.
 */
import { z } from 'zod';
import { GroupNameSchema, PathPrefixSchema, PathSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../errors';
import { issueId } from '../../ids';
import { groupArn } from '../../iam/arns';
import { entityByName, findGroup, findUser, groupArnOrGuess, userArnOrGuess } from '../../iam/lookups';
import { groupShape, userShape } from '../../iam/shapes';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { groupDependents, groupMembersPage, groupsForUserPage, listGroupsPage, lockAccount, lockUser } from './groups.queries';
import type { Db, Tx } from '../../db/client';
import type { Group } from '../../db/generated/client';
import { messages } from '../../messages';

/** Groups per account (reference_iam-quotas; adjustable to 500 in AWS). */
export const MAX_GROUPS_PER_ACCOUNT = 300;
/** Groups a user can belong to (fixed). */
export const MAX_GROUPS_PER_USER = 10;

const byName = (row: { name: string; id: string }) => [row.name.toLowerCase(), row.id];

async function nameTaken(tx: Tx, accountId: string, name: string): Promise<boolean> {
  return (await entityByName(tx, 'Group', accountId, name)) !== undefined;
}

/** The named group (any case), or undefined — through the (accountId, lower(name)) index. */
async function groupByName(db: Db, accountId: string, name: string): Promise<Group | undefined> {
  const rows = await db.$queryRaw<Group[]>`SELECT * FROM "Group" WHERE "accountId" = ${accountId} AND lower("name") = lower(${name}) LIMIT 1`;
  return rows[0];
}

export const createGroup = defineAction({
  name: 'CreateGroup',
  service: 'iam',
  quota: 'Group',
  authorizationCache: 'unchanged',
  input: z.object({ GroupName: GroupNameSchema, Path: PathSchema.optional() }),
  target: (input, caller) => ({ resource: groupArn(caller.accountId, input.Path ?? '/', input.GroupName) }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    await lockAccount(tx, accountId);
    if (await nameTaken(tx, accountId, input.GroupName)) throw entityAlreadyExists(messages.groupAlreadyExists(input.GroupName));
    const group = await tx.group.create({ data: { id: await issueId(tx, 'group'), accountId, name: input.GroupName, path, arn: groupArn(accountId, path, input.GroupName) } });
    return { Group: groupShape(group) };
  },
});

export const getGroup = defineAction({
  name: 'GetGroup',
  service: 'iam',
  readOnly: true,
  input: z.object({ GroupName: GroupNameSchema, ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input.GroupName) }),
  async handler(input, { tx, caller }) {
    const group = await findGroup(tx, caller.accountId, input.GroupName);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await groupMembersPage(tx, group.id, { after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, byName);
    return { Group: groupShape(group), Users: items.map((u) => userShape(u, { passwordLastUsed: true })), ...paging };
  },
});

export const listGroups = defineAction({
  name: 'ListGroups',
  service: 'iam',
  readOnly: true,
  input: z.object({ PathPrefix: PathPrefixSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listGroupsPage(tx, caller.accountId, { pathPrefix: input.PathPrefix, after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, byName);
    return { Groups: items.map(groupShape), ...paging };
  },
});

export const updateGroup = defineAction({
  name: 'UpdateGroup',
  service: 'iam',
  authorizationCache: 'account',
  // A renamed or moved group has a new ARN, which policies may name.
  input: z.object({ GroupName: GroupNameSchema, NewGroupName: GroupNameSchema.optional(), NewPath: PathSchema.optional() }),
  // AWS: renaming or moving needs the permission on both the group's current ARN and its new one.
  target: async (input, caller, db) => {
    const group = await groupByName(db, caller.accountId, input.GroupName);
    const resource = group?.arn ?? groupArn(caller.accountId, '/', input.GroupName);
    const newArn = groupArn(caller.accountId, input.NewPath ?? group?.path ?? '/', input.NewGroupName ?? group?.name ?? input.GroupName);
    return newArn === resource ? { resource } : { resource, alsoRequires: [{ action: 'iam:UpdateGroup', resource: newArn }] };
  },
  async handler(input, { tx, caller }) {
    const group = await findGroup(tx, caller.accountId, input.GroupName);
    const name = input.NewGroupName ?? group.name;
    const path = input.NewPath ?? group.path;
    if (input.NewGroupName && input.NewGroupName.toLowerCase() !== group.name.toLowerCase() && (await nameTaken(tx, caller.accountId, input.NewGroupName))) {
      throw entityAlreadyExists(messages.groupAlreadyExists(input.NewGroupName));
    }
    await tx.group.update({ where: { id: group.id }, data: { name, path, arn: groupArn(caller.accountId, path, name) } });
    return {};
  },
});

export const deleteGroup = defineAction({
  name: 'DeleteGroup',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({ GroupName: GroupNameSchema }),
  target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input.GroupName) }),
  async handler(input, { tx, caller }) {
    const group = await findGroup(tx, caller.accountId, input.GroupName);
    const d = await groupDependents(tx, group.id);
    // AWS's messages, in AWS's order of checks.
    if (d.members) throw deleteConflict(messages.mustRemoveUsersFromGroupFirst);
    if (d.inlinePolicies) throw deleteConflict(messages.mustDeletePoliciesFirst);
    if (d.attachments) throw deleteConflict(messages.mustDetachPoliciesFirst);
    await tx.group.delete({ where: { id: group.id } });
    return {};
  },
});

export const addUserToGroup = defineAction({
  name: 'AddUserToGroup',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({ GroupName: GroupNameSchema, UserName: UserNameSchema }),
  target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input.GroupName) }),
  async handler(input, { tx, caller }) {
    const group = await findGroup(tx, caller.accountId, input.GroupName);
    const user = await findUser(tx, caller.accountId, input.UserName);
    await lockUser(tx, user.id);
    // Adding a member again succeeds without change, as in AWS.
    if (await tx.groupMembership.findUnique({ where: { groupId_userId: { groupId: group.id, userId: user.id } } })) return {};
    if ((await tx.groupMembership.count({ where: { userId: user.id } })) >= MAX_GROUPS_PER_USER) {
      throw limitExceeded(messages.quotaExceeded('GroupsPerUser', MAX_GROUPS_PER_USER));
    }
    await tx.groupMembership.create({ data: { groupId: group.id, userId: user.id } });
    return {};
  },
});

export const removeUserFromGroup = defineAction({
  name: 'RemoveUserFromGroup',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({ GroupName: GroupNameSchema, UserName: UserNameSchema }),
  target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input.GroupName) }),
  async handler(input, { tx, caller }) {
    const group = await findGroup(tx, caller.accountId, input.GroupName);
    const user = await findUser(tx, caller.accountId, input.UserName);
    const { count } = await tx.groupMembership.deleteMany({ where: { groupId: group.id, userId: user.id } });
    if (count === 0) throw noSuchEntity(messages.userNotInGroup(user.name, group.name));
    return {};
  },
});

export const listGroupsForUser = defineAction({
  name: 'ListGroupsForUser',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema, ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await userArnOrGuess(db, caller.accountId, input.UserName) }),
  async handler(input, { tx, caller }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await groupsForUserPage(tx, user.id, { after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, byName);
    return { Groups: items.map(groupShape), ...paging };
  },
});

export const groupsActions = [createGroup, getGroup, listGroups, updateGroup, deleteGroup, addUserToGroup, removeUserFromGroup, listGroupsForUser];
