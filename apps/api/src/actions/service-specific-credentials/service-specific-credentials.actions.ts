/**
 * Service-specific credentials: CreateServiceSpecificCredential, ListServiceSpecificCredentials,
 * ResetServiceSpecificCredential, UpdateServiceSpecificCredential,
 * DeleteServiceSpecificCredential — a user name and password for one service (CodeCommit HTTPS
 * Git, Amazon Keyspaces), or an API key (Amazon Bedrock: alias and secret, optionally expiring
 * after CredentialAgeDays). At most 2 per user per service; the secret is returned only by
 * Create and Reset and stored only encrypted.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UserNameSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { invalidInput, limitExceeded, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { credentialOwnerArn, credentialUser, lockCredentialOwner } from '../../iam/credential-owner';
import { countForService, findUserCredential, listCredentials } from './service-specific-credentials.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** Service-specific credentials per user per service (reference_iam-quotas). */
export const MAX_CREDENTIALS_PER_USER_PER_SERVICE = 2;

/** Services that issue user name + password credentials. */
const PASSWORD_SERVICES = ['codecommit.amazonaws.com', 'cassandra.amazonaws.com'];
/** Services that issue long-term API keys (alias + secret; CredentialAgeDays allowed). */
const API_KEY_SERVICES = ['bedrock.amazonaws.com'];

const CredentialIdSchema = modelCheckedString();
const StatusSchema = z.enum(['Active', 'Inactive']);

const notSupported = (service: string) => noSuchEntity(messages.serviceNotSupportedForServiceSpecificCredentials(service));
const isApiKeyService = (service: string) => API_KEY_SERVICES.includes(service);

interface CredentialRow {
  id: string;
  serviceName: string;
  serviceUserName: string;
  status: string;
  createdAt: Date;
  expiresAt: Date | null;
  user: { name: string };
}

/** A password for CodeCommit or Keyspaces: 44 characters of base64. */
const newServicePassword = () => randomBytes(33).toString('base64');

/** Bedrock's API key: "ABSK" and the base64 of "<alias>:<random secret>". */
const newApiKeySecret = (alias: string) => `ABSK${Buffer.from(`${alias}:${randomBytes(30).toString('base64')}`).toString('base64')}`;

/** The status as AWS reports it: Expired once an expiring credential is past its date. */
const statusAt = (c: CredentialRow, now: Date) => (c.expiresAt && c.expiresAt.getTime() <= now.getTime() ? 'Expired' : c.status);

/** ServiceSpecificCredentialMetadata: ServiceUserName or, for API keys, ServiceCredentialAlias. */
function metadata(c: CredentialRow, now: Date) {
  return {
    UserName: c.user.name,
    Status: statusAt(c, now),
    ...(isApiKeyService(c.serviceName) ? { ServiceCredentialAlias: c.serviceUserName } : { ServiceUserName: c.serviceUserName }),
    CreateDate: c.createdAt,
    ...(c.expiresAt ? { ExpirationDate: c.expiresAt } : {}),
    ServiceSpecificCredentialId: c.id,
    ServiceName: c.serviceName,
  };
}

/** The full ServiceSpecificCredential, with the secret shown this once. */
function withSecret(c: CredentialRow, secret: string, now: Date) {
  const meta = metadata(c, now);
  return isApiKeyService(c.serviceName) ? { ...meta, ServiceCredentialSecret: secret } : { ...meta, ServicePassword: secret };
}

const newSecretFor = (c: { serviceName: string; serviceUserName: string }) => (isApiKeyService(c.serviceName) ? newApiKeySecret(c.serviceUserName) : newServicePassword());

export const createServiceSpecificCredential = defineAction({
  name: 'CreateServiceSpecificCredential',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, ServiceName: z.string().min(1).max(256), CredentialAgeDays: z.number().int().min(1).max(36600).optional() }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller, secrets, now }) {
    const user = (await credentialUser(tx, caller, input.UserName))!;
    const service = input.ServiceName;
    if (!PASSWORD_SERVICES.includes(service) && !isApiKeyService(service)) throw notSupported(service);
    if (input.CredentialAgeDays !== undefined && !isApiKeyService(service)) {
      throw invalidInput(messages.credentialAgeDaysNotSupported(service));
    }
    await lockCredentialOwner(tx, caller.accountId, { userId: user.id });
    if ((await countForService(tx, user.id, service)) >= MAX_CREDENTIALS_PER_USER_PER_SERVICE) {
      throw limitExceeded(messages.quotaExceeded('ServiceSpecificCredentialsPerUserPerService', MAX_CREDENTIALS_PER_USER_PER_SERVICE));
    }
    // AWS forms the service user name from the IAM user name and the account ID (jane-at-123456789012);
    // an API key's alias adds a random part, so two keys of one user differ.
    const serviceUserName = isApiKeyService(service)
      ? `BedrockAPIKey-${randomBytes(3).toString('hex').slice(0, 4)}-at-${caller.accountId}`
      : `${user.name}-at-${caller.accountId}`;
    const secret = newSecretFor({ serviceName: service, serviceUserName });
    const expiresAt = input.CredentialAgeDays ? new Date(now.getTime() + input.CredentialAgeDays * 86_400_000) : null;
    // SECURITY: only the encrypted secret is stored; the plaintext leaves in this response only.
    const row = await tx.serviceSpecificCredential.create({
      data: {
        id: await issueId(tx, 'serviceSpecificCredential'),
        accountId: caller.accountId,
        userId: user.id,
        serviceName: service,
        serviceUserName,
        secretEncrypted: secrets.encrypt(secret),
        status: 'Active',
        createdAt: now,
        expiresAt,
      },
      include: { user: { select: { name: true } } },
    });
    return { ServiceSpecificCredential: withSecret(row, secret, now) };
  },
});

export const listServiceSpecificCredentials = defineAction({
  name: 'ListServiceSpecificCredentials',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional(), ServiceName: z.string().min(1).max(256).optional(), AllUsers: z.boolean().optional(), ...PagingInput }),
  target: async (input, caller, db) => ({
    resource: input.AllUsers ? `arn:aws:iam::${caller.accountId}:user/*` : await credentialOwnerArn(db, caller, input.UserName),
  }),
  async handler(input, { tx, caller, now }) {
    if (input.AllUsers && input.UserName) throw invalidInput(messages.allUsersWithUserName);
    const serviceFilter = input.ServiceName ? { serviceName: input.ServiceName } : {};
    let rows: CredentialRow[];
    if (input.AllUsers) rows = await listCredentials(tx, caller.accountId, serviceFilter);
    else {
      const user = await credentialUser(tx, caller, input.UserName);
      // The root user has no service-specific credentials of its own.
      rows = user ? await listCredentials(tx, caller.accountId, { userId: user.id, ...serviceFilter }) : [];
    }
    const after = decodeMarker(input.Marker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const keyOf = (c: CredentialRow) => [c.createdAt.toISOString(), c.id];
    const rest = after ? rows.filter((c) => keyOf(c).join('|') > after.join('|')) : rows;
    const { items, ...paging } = page(rest.slice(0, limit + 1), limit, keyOf);
    return { ServiceSpecificCredentials: items.map((c) => metadata(c, now)), ...paging };
  },
});

const byIdInput = { UserName: UserNameSchema.optional(), ServiceSpecificCredentialId: CredentialIdSchema };

export const resetServiceSpecificCredential = defineAction({
  name: 'ResetServiceSpecificCredential',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object(byIdInput),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller, secrets, now }) {
    const user = await credentialUser(tx, caller, input.UserName);
    const credential = await findUserCredential(tx, caller.accountId, user, input.ServiceSpecificCredentialId);
    const secret = newSecretFor(credential);
    await tx.serviceSpecificCredential.update({ where: { id: credential.id }, data: { secretEncrypted: secrets.encrypt(secret) } });
    return { ServiceSpecificCredential: withSecret(credential, secret, now) };
  },
});

export const updateServiceSpecificCredential = defineAction({
  name: 'UpdateServiceSpecificCredential',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ ...byIdInput, Status: StatusSchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const user = await credentialUser(tx, caller, input.UserName);
    const credential = await findUserCredential(tx, caller.accountId, user, input.ServiceSpecificCredentialId);
    await tx.serviceSpecificCredential.update({ where: { id: credential.id }, data: { status: input.Status } });
    return {};
  },
});

export const deleteServiceSpecificCredential = defineAction({
  name: 'DeleteServiceSpecificCredential',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object(byIdInput),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const user = await credentialUser(tx, caller, input.UserName);
    const credential = await findUserCredential(tx, caller.accountId, user, input.ServiceSpecificCredentialId);
    await tx.serviceSpecificCredential.delete({ where: { id: credential.id } });
    return {};
  },
});

export const serviceSpecificCredentialsActions: AnyAction[] = [
  createServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
  deleteServiceSpecificCredential,
];
