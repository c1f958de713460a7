/**
 * Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
 * GetAccessKeyLastUsed — at most 2 per user (root included); the secret is returned only by
 * CreateAccessKey and stored only encrypted.
 */
import { z } from 'zod';
import { AccessKeyIdSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { limitExceeded, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { issueId, newSecretAccessKey } from '../../ids';
import { rootArn } from '../../iam/arns';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { credentialOwner, credentialOwnerArn, lockCredentialOwner, type CredentialOwner } from '../../iam/credential-owner';
import { findOwnedKey, keysOf } from './access-keys.queries';

/** Access keys per user (reference_iam-quotas). */
export const MAX_ACCESS_KEYS_PER_USER = 2;

const StatusSchema = z.enum(['Active', 'Inactive']);

const userNameOf = (owner: CredentialOwner) => (owner.userName !== undefined ? { UserName: owner.userName } : {});

export const createAccessKey = defineAction({
  name: 'CreateAccessKey',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional() }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller, secrets }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    // Two concurrent calls must not both see one key and create a third.
    await lockCredentialOwner(tx, caller.accountId, owner);
    const count = await tx.accessKey.count({ where: { accountId: caller.accountId, userId: owner.userId } });
    if (count >= MAX_ACCESS_KEYS_PER_USER) throw limitExceeded(messages.quotaExceeded('AccessKeysPerUser', MAX_ACCESS_KEYS_PER_USER));
    const secret = newSecretAccessKey();
    // SECURITY: only the encrypted secret is stored; the plaintext leaves in this response only.
    const key = await tx.accessKey.create({
      data: { id: await issueId(tx, 'accessKey'), accountId: caller.accountId, userId: owner.userId, secretEncrypted: secrets.encrypt(secret), status: 'Active' },
    });
    return { AccessKey: { ...userNameOf(owner), AccessKeyId: key.id, Status: key.status, SecretAccessKey: secret, CreateDate: key.createdAt } };
  },
});

export const listAccessKeys = defineAction({
  name: 'ListAccessKeys',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional(), ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const keys = await keysOf(tx, caller.accountId, owner);
    const after = decodeMarker(input.Marker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const keyOf = (k: { createdAt: Date; id: string }) => [k.createdAt.toISOString(), k.id];
    // ISO-8601 instants sort as strings: the keys after the marker's (createdAt, id).
    const rest = after ? keys.filter((k) => keyOf(k).join('|') > after.join('|')) : keys;
    const { items, ...paging } = page(rest.slice(0, limit + 1), limit, keyOf);
    return {
      AccessKeyMetadata: items.map((k) => ({ ...userNameOf(owner), AccessKeyId: k.id, Status: k.status, CreateDate: k.createdAt })),
      ...paging,
    };
  },
});

export const updateAccessKey = defineAction({
  name: 'UpdateAccessKey',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ UserName: UserNameSchema.optional(), AccessKeyId: AccessKeyIdSchema, Status: StatusSchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const key = await findOwnedKey(tx, caller.accountId, owner, input.AccessKeyId);
    await tx.accessKey.update({ where: { id: key.id }, data: { status: input.Status } });
    return {};
  },
});

export const deleteAccessKey = defineAction({
  name: 'DeleteAccessKey',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ UserName: UserNameSchema.optional(), AccessKeyId: AccessKeyIdSchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const key = await findOwnedKey(tx, caller.accountId, owner, input.AccessKeyId);
    await tx.accessKey.delete({ where: { id: key.id } });
    return {};
  },
});

export const getAccessKeyLastUsed = defineAction({
  name: 'GetAccessKeyLastUsed',
  service: 'iam',
  readOnly: true,
  input: z.object({ AccessKeyId: AccessKeyIdSchema }),
  // Authorized against the key's owner; a key of another account (or none) is authorized
  // against the caller's account's users, so its existence is not revealed.
  target: async (input, caller, db) => {
    const key = await db.accessKey.findFirst({ where: { id: input.AccessKeyId, accountId: caller.accountId }, select: { user: { select: { arn: true } } } });
    if (!key) return { resource: `arn:aws:iam::${caller.accountId}:user/*` };
    return { resource: key.user?.arn ?? rootArn(caller.accountId) };
  },
  async handler(input, { tx, caller }) {
    const key = await tx.accessKey.findFirst({ where: { id: input.AccessKeyId, accountId: caller.accountId }, include: { user: { select: { name: true } } } });
    if (!key) throw noSuchEntity(messages.accessKeyNotFound(input.AccessKeyId));
    return {
      ...(key.user ? { UserName: key.user.name } : {}),
      AccessKeyLastUsed: {
        ...(key.lastUsedAt ? { LastUsedDate: key.lastUsedAt } : {}),
        ServiceName: key.lastUsedService ?? 'N/A',
        Region: key.lastUsedRegion ?? 'N/A',
      },
    };
  },
});

export const accessKeysActions: AnyAction[] = [createAccessKey, listAccessKeys, updateAccessKey, deleteAccessKey, getAccessKeyLastUsed];
