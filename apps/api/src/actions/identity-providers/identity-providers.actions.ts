/**
 * IAM identity providers: OpenID Connect (CreateOpenIDConnectProvider and its family) and
 * SAML 2.0 (CreateSAMLProvider and its family), with their tag actions. STS federates through
 * them (AssumeRoleWithWebIdentity / AssumeRoleWithSAML) by reading the same tables.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget, type AnyAction } from '../action';
import { entityAlreadyExists, invalidInput, limitExceeded } from '../../errors';
import { messages } from '../../messages';
import { tagsOf } from '../../iam/shapes';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { SamlMetadataError, oidcProviderArn, oidcProviderUrl, parseProviderArn, parseSamlMetadata, samlProviderArn } from '../../iam/identity-providers';
import type { Caller } from '../../auth/caller';
import type { Db, Tx } from '../../db/client';
import {
  countOidcProviders,
  countSamlProviders,
  findOidcProvider,
  findSamlProvider,
  listOidcProviders,
  listSamlProviders,
  oidcProviderByArn,
  oidcProviderByUrl,
  samlProviderByArn,
  samlProviderByName,
} from './identity-providers.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** IAM quotas (reference_iam-quotas): providers per account, client IDs and thumbprints per OIDC provider. */
export const MAX_OIDC_PROVIDERS_PER_ACCOUNT = 100;
export const MAX_SAML_PROVIDERS_PER_ACCOUNT = 100;
export const MAX_CLIENT_IDS_PER_OIDC_PROVIDER = 100;
export const MAX_THUMBPRINTS_PER_OIDC_PROVIDER = 5;

const ProviderArnSchema = modelCheckedString();
const OidcUrlSchema = modelCheckedString();
const ClientIdSchema = modelCheckedString();
const ThumbprintSchema = z.string().length(40).regex(/^[0-9a-fA-F]{40}$/, 'must be the 40-character hex SHA-1 fingerprint of a certificate');
const SamlProviderNameSchema = modelCheckedString();
const SamlMetadataDocumentSchema = modelCheckedString();

const unique = <T>(values: T[]) => [...new Set(values)];

/** The ARN of the provider an action names, checked to be an ARN of that kind, with the provider's tags. */
async function providerTarget(
  kind: 'oidc-provider' | 'saml-provider',
  arn: string,
  caller: Caller,
  db: Db,
  extra: Omit<ActionTarget, 'resource'> = {},
): Promise<ActionTarget> {
  if (!parseProviderArn(arn, kind)) throw invalidInput(messages.arnNotValid(arn));
  const provider = kind === 'oidc-provider' ? await oidcProviderByArn(db, caller.accountId, arn) : await samlProviderByArn(db, caller.accountId, arn);
  return { resource: arn, resourceTags: tagsOf(provider?.tags), ...extra };
}

const lockAccount = (tx: Tx, accountId: string) => tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;

/** An OIDC issuer URL IAM accepts: https, no query or fragment (the OIDC `iss` rules). */
function checkIssuerUrl(url: string): void {
  if (!/^https:\/\//i.test(url)) throw invalidInput(messages.oidcUrlNotHttps);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput(messages.oidcUrlInvalid(url));
  }
  if (!parsed.hostname || parsed.search || parsed.hash || url.includes('?') || url.includes('#')) throw invalidInput(messages.oidcUrlHasQueryOrFragment(url));
}

function checkClientIds(clientIds: string[]): void {
  if (clientIds.length > MAX_CLIENT_IDS_PER_OIDC_PROVIDER) throw limitExceeded(messages.quotaExceeded('ClientIdsPerOpenIdConnectProvider', MAX_CLIENT_IDS_PER_OIDC_PROVIDER));
}

function checkThumbprints(thumbprints: string[]): void {
  if (thumbprints.length > MAX_THUMBPRINTS_PER_OIDC_PROVIDER) throw limitExceeded(messages.quotaExceeded('ThumbprintsPerOpenIdConnectProvider', MAX_THUMBPRINTS_PER_OIDC_PROVIDER));
}

// ---------------------------------------------------------------------------------------------
// OpenID Connect

export const createOpenIDConnectProvider = defineAction({
  name: 'CreateOpenIDConnectProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({
    Url: OidcUrlSchema,
    ClientIDList: z.array(ClientIdSchema).optional(),
    // Optional since 2024: AWS then trusts the IdP's certificate through its library of root CAs.
    ThumbprintList: z.array(ThumbprintSchema).optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({ resource: oidcProviderArn(caller.accountId, input.Url), requestTags: input.Tags }),
  async handler(input, { tx, caller, now }) {
    const accountId = caller.accountId;
    checkIssuerUrl(input.Url);
    checkTagKeys(input.Tags ?? []);
    const clientIds = unique(input.ClientIDList ?? []);
    const thumbprints = unique(input.ThumbprintList ?? []);
    checkClientIds(clientIds);
    checkThumbprints(thumbprints);
    const url = oidcProviderUrl(input.Url);
    const arn = oidcProviderArn(accountId, input.Url);
    // Serialize per account so the quota and the URL's uniqueness hold under concurrency.
    await lockAccount(tx, accountId);
    if (await oidcProviderByUrl(tx, accountId, url)) throw entityAlreadyExists(messages.oidcProviderAlreadyExists(input.Url));
    if ((await countOidcProviders(tx, accountId)) >= MAX_OIDC_PROVIDERS_PER_ACCOUNT) {
      throw limitExceeded(messages.quotaExceeded('OpenIdConnectProvidersPerAccount', MAX_OIDC_PROVIDERS_PER_ACCOUNT));
    }
    const row = await tx.openIdConnectProvider.create({
      data: { id: randomUUID(), accountId, url, arn, clientIds, thumbprints, tags: input.Tags ?? [], createdAt: now },
    });
    const tags = tagsOf(row.tags);
    return { OpenIDConnectProviderArn: row.arn, ...(tags.length ? { Tags: tags } : {}) };
  },
});

export const getOpenIDConnectProvider = defineAction({
  name: 'GetOpenIDConnectProvider',
  service: 'iam',
  readOnly: true,
  input: z.object({ OpenIDConnectProviderArn: ProviderArnSchema }),
  target: (input, caller, db) => providerTarget('oidc-provider', input.OpenIDConnectProviderArn, caller, db),
  async handler(input, { tx, caller }) {
    const provider = await findOidcProvider(tx, caller.accountId, input.OpenIDConnectProviderArn);
    const tags = tagsOf(provider.tags);
    return {
      Url: provider.url,
      ClientIDList: provider.clientIds,
      ThumbprintList: provider.thumbprints,
      CreateDate: provider.createdAt,
      ...(tags.length ? { Tags: tags } : {}),
    };
  },
});

export const listOpenIDConnectProviders = defineAction({
  name: 'ListOpenIDConnectProviders',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller }) {
    const rows = await listOidcProviders(tx, caller.accountId);
    return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: r.arn })) };
  },
});

export const deleteOpenIDConnectProvider = defineAction({
  name: 'DeleteOpenIDConnectProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ OpenIDConnectProviderArn: ProviderArnSchema }),
  target: (input, caller, db) => providerTarget('oidc-provider', input.OpenIDConnectProviderArn, caller, db),
  // AWS: idempotent — deleting a provider that does not exist succeeds.
  async handler(input, { tx, caller }) {
    await tx.openIdConnectProvider.deleteMany({ where: { accountId: caller.accountId, arn: input.OpenIDConnectProviderArn } });
    return {};
  },
});

export const addClientIDToOpenIDConnectProvider = defineAction({
  name: 'AddClientIDToOpenIDConnectProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ OpenIDConnectProviderArn: ProviderArnSchema, ClientID: ClientIdSchema }),
  target: (input, caller, db) => providerTarget('oidc-provider', input.OpenIDConnectProviderArn, caller, db),
  // AWS: adding a client ID the provider already has succeeds and changes nothing.
  async handler(input, { tx, caller }) {
    const provider = await findOidcProvider(tx, caller.accountId, input.OpenIDConnectProviderArn);
    if (provider.clientIds.includes(input.ClientID)) return {};
    const clientIds = [...provider.clientIds, input.ClientID];
    checkClientIds(clientIds);
    await tx.openIdConnectProvider.update({ where: { id: provider.id }, data: { clientIds } });
    return {};
  },
});

export const removeClientIDFromOpenIDConnectProvider = defineAction({
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ OpenIDConnectProviderArn: ProviderArnSchema, ClientID: ClientIdSchema }),
  target: (input, caller, db) => providerTarget('oidc-provider', input.OpenIDConnectProviderArn, caller, db),
  // AWS: removing a client ID the provider does not have succeeds.
  async handler(input, { tx, caller }) {
    const provider = await findOidcProvider(tx, caller.accountId, input.OpenIDConnectProviderArn);
    if (!provider.clientIds.includes(input.ClientID)) return {};
    await tx.openIdConnectProvider.update({ where: { id: provider.id }, data: { clientIds: provider.clientIds.filter((c) => c !== input.ClientID) } });
    return {};
  },
});

export const updateOpenIDConnectProviderThumbprint = defineAction({
  name: 'UpdateOpenIDConnectProviderThumbprint',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ OpenIDConnectProviderArn: ProviderArnSchema, ThumbprintList: z.array(ThumbprintSchema) }),
  target: (input, caller, db) => providerTarget('oidc-provider', input.OpenIDConnectProviderArn, caller, db),
  async handler(input, { tx, caller }) {
    const provider = await findOidcProvider(tx, caller.accountId, input.OpenIDConnectProviderArn);
    const thumbprints = unique(input.ThumbprintList);
    checkThumbprints(thumbprints);
    await tx.openIdConnectProvider.update({ where: { id: provider.id }, data: { thumbprints } });
    return {};
  },
});

export const [tagOpenIDConnectProvider, untagOpenIDConnectProvider, listOpenIDConnectProviderTags] = defineTagActions({
  entity: 'OpenIDConnectProvider',
  nameField: 'OpenIDConnectProviderArn',
  nameSchema: ProviderArnSchema,
  target: (arn, caller, db, extra) => providerTarget('oidc-provider', arn, caller, db, extra),
  find: findOidcProvider,
  update: (tx, id, tags) => tx.openIdConnectProvider.update({ where: { id }, data: { tags } }),
});

// ---------------------------------------------------------------------------------------------
// SAML 2.0

/** The metadata's validUntil, after checking it is SAML 2.0 IdP metadata with a signing certificate. */
function checkSamlMetadata(document: string): Date | null {
  try {
    return parseSamlMetadata(document).validUntil ?? null;
  } catch (error) {
    if (error instanceof SamlMetadataError) throw invalidInput(messages.samlMetadataInvalid(error.message));
    throw error;
  }
}

export const createSAMLProvider = defineAction({
  name: 'CreateSAMLProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SAMLMetadataDocument: SamlMetadataDocumentSchema, Name: SamlProviderNameSchema, Tags: TagListSchema.optional() }),
  target: (input, caller) => ({ resource: samlProviderArn(caller.accountId, input.Name), requestTags: input.Tags }),
  async handler(input, { tx, caller, now }) {
    const accountId = caller.accountId;
    checkTagKeys(input.Tags ?? []);
    const validUntil = checkSamlMetadata(input.SAMLMetadataDocument);
    await lockAccount(tx, accountId);
    if (await samlProviderByName(tx, accountId, input.Name)) throw entityAlreadyExists(messages.samlProviderAlreadyExists(input.Name));
    if ((await countSamlProviders(tx, accountId)) >= MAX_SAML_PROVIDERS_PER_ACCOUNT) {
      throw limitExceeded(messages.quotaExceeded('SAMLProvidersPerAccount', MAX_SAML_PROVIDERS_PER_ACCOUNT));
    }
    const row = await tx.samlProvider.create({
      data: {
        id: randomUUID(),
        accountId,
        name: input.Name,
        arn: samlProviderArn(accountId, input.Name),
        metadataDocument: input.SAMLMetadataDocument,
        validUntil,
        tags: input.Tags ?? [],
        createdAt: now,
      },
    });
    const tags = tagsOf(row.tags);
    return { SAMLProviderArn: row.arn, ...(tags.length ? { Tags: tags } : {}) };
  },
});

export const getSAMLProvider = defineAction({
  name: 'GetSAMLProvider',
  service: 'iam',
  readOnly: true,
  input: z.object({ SAMLProviderArn: ProviderArnSchema }),
  target: (input, caller, db) => providerTarget('saml-provider', input.SAMLProviderArn, caller, db),
  async handler(input, { tx, caller }) {
    const provider = await findSamlProvider(tx, caller.accountId, input.SAMLProviderArn);
    const tags = tagsOf(provider.tags);
    return {
      SAMLMetadataDocument: provider.metadataDocument,
      CreateDate: provider.createdAt,
      ...(provider.validUntil ? { ValidUntil: provider.validUntil } : {}),
      ...(tags.length ? { Tags: tags } : {}),
    };
  },
});

export const listSAMLProviders = defineAction({
  name: 'ListSAMLProviders',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller }) {
    const rows = await listSamlProviders(tx, caller.accountId);
    return { SAMLProviderList: rows.map((r) => ({ Arn: r.arn, ...(r.validUntil ? { ValidUntil: r.validUntil } : {}), CreateDate: r.createdAt })) };
  },
});

export const updateSAMLProvider = defineAction({
  name: 'UpdateSAMLProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SAMLProviderArn: ProviderArnSchema, SAMLMetadataDocument: SamlMetadataDocumentSchema.optional() }),
  target: (input, caller, db) => providerTarget('saml-provider', input.SAMLProviderArn, caller, db),
  async handler(input, { tx, caller }) {
    const provider = await findSamlProvider(tx, caller.accountId, input.SAMLProviderArn);
    if (input.SAMLMetadataDocument !== undefined) {
      const validUntil = checkSamlMetadata(input.SAMLMetadataDocument);
      await tx.samlProvider.update({ where: { id: provider.id }, data: { metadataDocument: input.SAMLMetadataDocument, validUntil } });
    }
    return { SAMLProviderArn: provider.arn };
  },
});

export const deleteSAMLProvider = defineAction({
  name: 'DeleteSAMLProvider',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SAMLProviderArn: ProviderArnSchema }),
  target: (input, caller, db) => providerTarget('saml-provider', input.SAMLProviderArn, caller, db),
  async handler(input, { tx, caller }) {
    const provider = await findSamlProvider(tx, caller.accountId, input.SAMLProviderArn);
    await tx.samlProvider.delete({ where: { id: provider.id } });
    return {};
  },
});

export const [tagSAMLProvider, untagSAMLProvider, listSAMLProviderTags] = defineTagActions({
  entity: 'SAMLProvider',
  nameField: 'SAMLProviderArn',
  nameSchema: ProviderArnSchema,
  target: (arn, caller, db, extra) => providerTarget('saml-provider', arn, caller, db, extra),
  find: findSamlProvider,
  update: (tx, id, tags) => tx.samlProvider.update({ where: { id }, data: { tags } }),
});

export const identityProvidersActions: AnyAction[] = [
  createOpenIDConnectProvider,
  getOpenIDConnectProvider,
  listOpenIDConnectProviders,
  deleteOpenIDConnectProvider,
  addClientIDToOpenIDConnectProvider,
  removeClientIDFromOpenIDConnectProvider,
  updateOpenIDConnectProviderThumbprint,
  tagOpenIDConnectProvider,
  untagOpenIDConnectProvider,
  listOpenIDConnectProviderTags,
  createSAMLProvider,
  getSAMLProvider,
  listSAMLProviders,
  updateSAMLProvider,
  deleteSAMLProvider,
  tagSAMLProvider,
  untagSAMLProvider,
  listSAMLProviderTags,
];
