/**
 * SSH public keys for AWS CodeCommit: UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys,
 * UpdateSSHPublicKey, DeleteSSHPublicKey — RSA keys of 2048 bits or more, at most 5 per user.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 */
import { z } from 'zod';
import { UserNameSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { AwsError, limitExceeded } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { userArnOrGuess } from '../../iam/lookups';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { encodeSshPublicKey, parseSshPublicKey } from './ssh-public-keys.format';
import { credentialOwnerArn, credentialUser, lockCredentialOwner } from '../../iam/credential-owner';
import { findUserKey, keysOfUser } from './ssh-public-keys.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** SSH public keys per IAM user (reference_iam-quotas). */
export const MAX_SSH_PUBLIC_KEYS_PER_USER = 5;

/** SSHPublicKeyBody: 1–16384 characters of [\u0009\u000A\u000D\u0020-\u00FF]. */
const SshPublicKeyBodySchema = modelCheckedString();
/** SSHPublicKeyId: 20–128 word characters. */
const SshPublicKeyIdSchema = modelCheckedString();
const StatusSchema = z.enum(['Active', 'Inactive']);

interface KeyRow {
  id: string;
  body: string;
  fingerprint: string;
  status: string;
  uploadedAt: Date;
}

const metadata = (userName: string, k: KeyRow) => ({ UserName: userName, SSHPublicKeyId: k.id, Status: k.status, UploadDate: k.uploadedAt });

const userTarget = (input: { UserName: string }, caller: { accountId: string }, db: Parameters<typeof userArnOrGuess>[0]) =>
  userArnOrGuess(db, caller.accountId, input.UserName).then((resource) => ({ resource }));

export const uploadSshPublicKey = defineAction({
  name: 'UploadSSHPublicKey',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, SSHPublicKeyBody: SshPublicKeyBodySchema }),
  target: userTarget,
  async handler(input, { tx, caller }) {
    const user = (await credentialUser(tx, caller, input.UserName))!;
    const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
    await lockCredentialOwner(tx, caller.accountId, { userId: user.id });
    const keys = await keysOfUser(tx, user.id);
    if (keys.some((k) => k.fingerprint === parsed.fingerprint)) {
      throw new AwsError('DuplicateSSHPublicKey', messages.duplicateSshPublicKey, 400);
    }
    if (keys.length >= MAX_SSH_PUBLIC_KEYS_PER_USER) throw limitExceeded(messages.quotaExceeded('SSHPublicKeysPerUser', MAX_SSH_PUBLIC_KEYS_PER_USER));
    const key = await tx.sshPublicKey.create({
      data: { id: await issueId(tx, 'sshPublicKey'), accountId: caller.accountId, userId: user.id, body: input.SSHPublicKeyBody.trim(), fingerprint: parsed.fingerprint, status: 'Active' },
    });
    return { SSHPublicKey: { ...metadata(user.name, key), Fingerprint: key.fingerprint, SSHPublicKeyBody: key.body } };
  },
});

export const getSshPublicKey = defineAction({
  name: 'GetSSHPublicKey',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema, SSHPublicKeyId: SshPublicKeyIdSchema, Encoding: z.enum(['SSH', 'PEM']) }),
  target: userTarget,
  async handler(input, { tx, caller }) {
    const user = (await credentialUser(tx, caller, input.UserName))!;
    const key = await findUserKey(tx, user.id, input.SSHPublicKeyId);
    return { SSHPublicKey: { ...metadata(user.name, key), Fingerprint: key.fingerprint, SSHPublicKeyBody: encodeSshPublicKey(key.body, input.Encoding) } };
  },
});

export const listSshPublicKeys = defineAction({
  name: 'ListSSHPublicKeys',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional(), ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const user = await credentialUser(tx, caller, input.UserName);
    // The root user has no SSH keys of its own.
    const keys = user ? await keysOfUser(tx, user.id) : [];
    const after = decodeMarker(input.Marker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const keyOf = (k: KeyRow) => [k.uploadedAt.toISOString(), k.id];
    const rest = after ? keys.filter((k) => keyOf(k).join('|') > after.join('|')) : keys;
    const { items, ...paging } = page(rest.slice(0, limit + 1), limit, keyOf);
    return { SSHPublicKeys: items.map((k) => metadata(user!.name, k)), ...paging };
  },
});

export const updateSshPublicKey = defineAction({
  name: 'UpdateSSHPublicKey',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, SSHPublicKeyId: SshPublicKeyIdSchema, Status: StatusSchema }),
  target: userTarget,
  async handler(input, { tx, caller }) {
    const user = (await credentialUser(tx, caller, input.UserName))!;
    const key = await findUserKey(tx, user.id, input.SSHPublicKeyId);
    await tx.sshPublicKey.update({ where: { id: key.id }, data: { status: input.Status } });
    return {};
  },
});

export const deleteSshPublicKey = defineAction({
  name: 'DeleteSSHPublicKey',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, SSHPublicKeyId: SshPublicKeyIdSchema }),
  target: userTarget,
  async handler(input, { tx, caller }) {
    const user = (await credentialUser(tx, caller, input.UserName))!;
    const key = await findUserKey(tx, user.id, input.SSHPublicKeyId);
    await tx.sshPublicKey.delete({ where: { id: key.id } });
    return {};
  },
});

export const sshPublicKeysActions: AnyAction[] = [uploadSshPublicKey, getSshPublicKey, listSshPublicKeys, updateSshPublicKey, deleteSshPublicKey];
