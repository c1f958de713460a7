/**
 * Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, Tag/Untag/ListUserTags,
 * Put/DeleteUserPermissionsBoundary — with the IAM API Reference's parameters, limits and errors.
 */
import { z } from 'zod';
import { ArnSchema, PathPrefixSchema, PathSchema, TagListSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { deleteConflict, entityAlreadyExists, validationError } from '../../errors';
import { messages } from '../../messages';
import { userArn } from '../../iam/arns';
import { entityByName, findUser, noSuchUser, userArnOrGuess, userByName } from '../../iam/lookups';
import { tagsOf, userShape } from '../../iam/shapes';
import { boundaryPolicyId } from '../../iam/boundaries';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { deleteUserUnlessBlocked, insertUser, listUsersPage, userArnAndTags, userDescription } from './users.queries';
import type { Tx } from '../../db/client';

/** Users per account (reference_iam-quotas): AWS's default; the operator's is in iam/quotas.ts. */
export const MAX_USERS_PER_ACCOUNT = 5000;

async function nameTaken(tx: Tx, accountId: string, name: string): Promise<boolean> {
  return (await entityByName(tx, 'User', accountId, name)) !== undefined;
}

export const createUser = defineAction({
  name: 'CreateUser',
  service: 'iam',
  quota: 'User',
  authorizationCache: 'unchanged',
  directTransaction: true,
  input: z.object({ UserName: UserNameSchema, Path: PathSchema.optional(), PermissionsBoundary: ArnSchema.optional(), Tags: TagListSchema.optional() }),
  target: (input, caller) => ({
    resource: userArn(caller.accountId, input.Path ?? '/', input.UserName),
    requestTags: input.Tags,
    context: input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : undefined,
  }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    const tags = input.Tags ?? [];
    checkTagKeys(tags);
    const alreadyExists = () => entityAlreadyExists(messages.userAlreadyExists(input.UserName));
    let permissionsBoundary: { id: string; arn: string } | null = null;
    if (input.PermissionsBoundary) {
      // A taken name is named before a bad boundary.
      if (await nameTaken(tx, accountId, input.UserName)) throw alreadyExists();
      permissionsBoundary = { id: await boundaryPolicyId(tx, accountId, input.PermissionsBoundary), arn: input.PermissionsBoundary };
    }
    const user = { accountId, name: input.UserName, path, arn: userArn(accountId, path, input.UserName), tags, permissionsBoundaryId: permissionsBoundary?.id ?? null, createdAt: new Date() };
    const inserted = await insertUser(tx, user);
    if (inserted === 'nameTaken') throw alreadyExists();
    return { User: userShape({ ...user, id: inserted.id, permissionsBoundary }, { tags: true }) };
  },
});

export const getUser = defineAction({
  name: 'GetUser',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional() }),
  target: async (input, caller, db) => {
    // Without a name GetUser describes the calling IAM user (or the root user); a role or
    // federated session has none, and AWS refuses before anything else.
    if (!input.UserName && (caller.kind === 'assumed-role' || caller.kind === 'federated-user')) throw validationError(messages.nonUserCredentials);
    const user = input.UserName ? await userDescription(db, caller.accountId, input.UserName) : undefined;
    // The loaded row's tags spare the dispatcher a second lookup for aws:ResourceTag/*.
    return { resource: user?.arn ?? (input.UserName ? userArn(caller.accountId, '/', input.UserName) : caller.arn), user, ...(input.UserName ? { resourceTags: tagsOf(user?.tags) } : {}) };
  },
  // A named user is presumed at the default path, as most are.
  presumedTarget: (input, caller) => (input.UserName ? { resource: userArn(caller.accountId, '/', input.UserName), user: undefined } : undefined),
  async handler(input, { tx, caller, target, presumed }) {
    // Without a name, GetUser describes the caller (the root user included).
    if (input.UserName) {
      const user = presumed ? await userDescription(tx, caller.accountId, input.UserName, presumed) : target.user;
      if (!user) throw noSuchUser(input.UserName);
      return { User: userShape(user, { tags: true, passwordLastUsed: true }) };
    }
    if (!caller.userName) {
      const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId } });
      return { User: { UserId: account.id, Arn: caller.arn, CreateDate: account.createdAt, ...(account.rootPasswordLastUsed ? { PasswordLastUsed: account.rootPasswordLastUsed } : {}) } };
    }
    return { User: userShape(await findUser(tx, caller.accountId, caller.userName), { tags: true, passwordLastUsed: true }) };
  },
});

export const listUsers = defineAction({
  name: 'ListUsers',
  service: 'iam',
  readOnly: true,
  input: z.object({ PathPrefix: PathPrefixSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listUsersPage(tx, caller.accountId, { pathPrefix: input.PathPrefix, after: decodeMarker(input.Marker), limit: limit + 1 });
    const { items, ...paging } = page(rows, limit, (u) => [u.name.toLowerCase(), u.id]);
    return { Users: items.map((u) => userShape(u, { passwordLastUsed: true })), ...paging };
  },
});

export const updateUser = defineAction({
  name: 'UpdateUser',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ UserName: UserNameSchema, NewPath: PathSchema.optional(), NewUserName: UserNameSchema.optional() }),
  // AWS: renaming or moving needs the permission on both the user's current ARN and its new one
  // (else a user allowed to manage /contractors/ could move itself to /admins/).
  target: async (input, caller, db) => {
    const user = await userByName(db, caller.accountId, input.UserName);
    const resource = user?.arn ?? userArn(caller.accountId, '/', input.UserName);
    const newArn = userArn(caller.accountId, input.NewPath ?? user?.path ?? '/', input.NewUserName ?? user?.name ?? input.UserName);
    return newArn === resource ? { resource } : { resource, alsoRequires: [{ action: 'iam:UpdateUser', resource: newArn }] };
  },
  async handler(input, { tx, caller }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    const name = input.NewUserName ?? user.name;
    const path = input.NewPath ?? user.path;
    if (input.NewUserName && input.NewUserName.toLowerCase() !== user.name.toLowerCase() && (await nameTaken(tx, caller.accountId, input.NewUserName))) {
      throw entityAlreadyExists(messages.userAlreadyExists(input.NewUserName));
    }
    await tx.user.update({ where: { id: user.id }, data: { name, path, arn: userArn(caller.accountId, path, name) } });
    return {};
  },
});

export const deleteUser = defineAction({
  name: 'DeleteUser',
  service: 'iam',
  authorizationCache: 'principal',
  directTransaction: true,
  input: z.object({ UserName: UserNameSchema }),
  // The user's tags with its ARN: one lookup for the target and aws:ResourceTag/*.
  target: async (input, caller, db) => {
    const user = await userArnAndTags(db, caller.accountId, input.UserName);
    return { resource: user?.arn ?? userArn(caller.accountId, '/', input.UserName), resourceTags: tagsOf(user?.tags) };
  },
  async handler(input, { tx, caller }) {
    // One statement: the user is deleted only if nothing below blocks it.
    const d = await deleteUserUnlessBlocked(tx, caller.accountId, input.UserName);
    if (!d) throw noSuchUser(input.UserName);
    if (d.deleted) return {};
    // AWS refuses while anything remains attached; the console removes these first.
    // AWS names the first thing found, each with its own text.
    const blocker = (
      [
        [d.loginProfile, messages.mustDeleteLoginProfileFirst],
        [d.accessKeys, messages.mustDeleteAccessKeysFirst],
        [d.mfaDevices, messages.mustDeleteMfaDeviceFirst],
        [d.inlinePolicies, messages.mustDeletePoliciesFirst],
        [d.attachments, messages.mustDetachPoliciesFirst],
        [d.memberships, messages.mustRemoveUsersFromGroupFirst],
      ] as const
    ).find(([present]) => present)?.[1];
    const credentials = [d.signingCertificates, d.sshPublicKeys, d.serviceSpecificCredentials].filter(Boolean);
    if (blocker) throw deleteConflict(blocker);
    // When only these remain, AWS's own wording (seen from the CLI): certificates by name, SSH keys
    // and service-specific credentials as "referenced objects".
    if (d.signingCertificates) throw deleteConflict(messages.mustDeleteCertificatesFirst);
    if (credentials.length) throw deleteConflict(messages.mustRemoveReferencedObjectsFirst);
    throw new Error('DeleteUser: the user was neither deleted nor blocked');
  },
});

export const [tagUser, untagUser, listUserTags] = defineTagActions({
  entity: 'User',
  nameField: 'UserName',
  nameSchema: UserNameSchema,
  target: async (name, caller, db, extra) => ({ resource: await userArnOrGuess(db, caller.accountId, name), ...extra }),
  find: findUser,
  update: (tx, id, tags) => tx.user.update({ where: { id }, data: { tags } }),
});

export const putUserPermissionsBoundary = defineAction({
  name: 'PutUserPermissionsBoundary',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ UserName: UserNameSchema, PermissionsBoundary: ArnSchema }),
  target: async (input, caller, db) => ({ resource: await userArnOrGuess(db, caller.accountId, input.UserName), context: { 'iam:PermissionsBoundary': input.PermissionsBoundary } }),
  async handler(input, { tx, caller }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    await tx.user.update({ where: { id: user.id }, data: { permissionsBoundaryId: await boundaryPolicyId(tx, caller.accountId, input.PermissionsBoundary) } });
    return {};
  },
});

export const deleteUserPermissionsBoundary = defineAction({
  name: 'DeleteUserPermissionsBoundary',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ UserName: UserNameSchema }),
  target: async (input, caller, db) => ({ resource: await userArnOrGuess(db, caller.accountId, input.UserName) }),
  async handler(input, { tx, caller }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    await tx.user.update({ where: { id: user.id }, data: { permissionsBoundaryId: null } });
    return {};
  },
});

export const usersActions = [createUser, getUser, listUsers, updateUser, deleteUser, tagUser, untagUser, listUserTags, putUserPermissionsBoundary, deleteUserPermissionsBoundary];
