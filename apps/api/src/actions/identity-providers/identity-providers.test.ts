/** IAM identity providers (OIDC and SAML) through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { certificateBase64, samlMetadata } from '../../../test/fixtures/saml-metadata';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

const ACCOUNT = '123456789012';
const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const oidcArn = (path: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${path}`;
const samlArn = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
});
afterAll(async () => database?.drop());

const summary = async () => (await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap;

describe('CreateOpenIDConnectProvider', () => {
  it('creates a provider named by its URL without https://, with audiences, thumbprints and tags', async () => {
    const res = await root.ok('iam', 'CreateOpenIDConnectProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com', 'sts.amazonaws.com', 'other'],
      ThumbprintList: [THUMB],
      Tags: [{ Key: 'team', Value: 'ci' }],
    });
    expect(res).toEqual({ OpenIDConnectProviderArn: oidcArn('token.actions.githubusercontent.com'), Tags: [{ Key: 'team', Value: 'ci' }] });
    const got = await root.ok('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: res.OpenIDConnectProviderArn });
    expect(got).toMatchObject({ Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com', 'other'], ThumbprintList: [THUMB], Tags: [{ Key: 'team', Value: 'ci' }] });
    expect(typeof got.CreateDate).toBe('string');
    expect((await summary()).Providers).toBe(1);
  });

  it('accepts a URL with a path and no thumbprints (AWS trusts the IdP through its root CAs)', async () => {
    const res = await root.ok('iam', 'CreateOpenIDConnectProvider', { Url: 'https://oidc.example.com/id/ABC123' });
    expect(res).toEqual({ OpenIDConnectProviderArn: oidcArn('oidc.example.com/id/ABC123') });
    const got = await root.ok('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: res.OpenIDConnectProviderArn });
    expect(got).toMatchObject({ Url: 'oidc.example.com/id/ABC123', ClientIDList: [], ThumbprintList: [] });
    expect(got.Tags).toBeUndefined();
  });

  it('refuses a URL already registered with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateOpenIDConnectProvider', { Url: 'https://token.actions.githubusercontent.com', ThumbprintList: [THUMB] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'Provider with url https://token.actions.githubusercontent.com already exists.' });
  });

  it.each([
    ['an http URL', { Url: 'http://idp.example.com' }, 400, 'InvalidInput'],
    ['a URL with a query', { Url: 'https://idp.example.com/?a=b' }, 400, 'InvalidInput'],
    ['a URL over 255 characters', { Url: `https://${'a'.repeat(250)}.com` }, 400, 'ValidationError'],
    ['a thumbprint that is not 40 hex digits', { Url: 'https://idp.example.com', ThumbprintList: ['abc'] }, 400, 'ValidationError'],
    ['a thumbprint with non-hex digits', { Url: 'https://idp.example.com', ThumbprintList: ['z'.repeat(40)] }, 400, 'ValidationError'],
    ['six thumbprints', { Url: 'https://idp.example.com', ThumbprintList: ['1', '2', '3', '4', '5', '6'].map((d) => d.repeat(40)) }, 409, 'LimitExceeded'],
    ['an empty client ID', { Url: 'https://idp.example.com', ClientIDList: [''] }, 400, 'ValidationError'],
    ['a client ID over 255 characters', { Url: 'https://idp.example.com', ClientIDList: ['c'.repeat(256)] }, 400, 'ValidationError'],
    ['101 client IDs', { Url: 'https://idp.example.com', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`) }, 409, 'LimitExceeded'],
    ['duplicate tag keys', { Url: 'https://idp.example.com', Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }, 400, 'InvalidInput'],
  ] as [string, object, number, string][])('refuses %s and writes nothing', async (_what, input, status, code) => {
    const before = await database.db.openIdConnectProvider.count();
    const res = await root.call('iam', 'CreateOpenIDConnectProvider', input);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await database.db.openIdConnectProvider.count()).toBe(before);
  });
});

describe('OIDC provider audiences, thumbprints, tags, list and delete', () => {
  const arn = oidcArn('token.actions.githubusercontent.com');

  it('adds a client ID (idempotently) and removes one (idempotently)', async () => {
    await root.ok('iam', 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'my-app' });
    await root.ok('iam', 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'my-app' });
    await root.ok('iam', 'RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'other' });
    await root.ok('iam', 'RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, ClientID: 'never-there' });
    const got = await root.ok('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    expect(got.ClientIDList).toEqual(['sts.amazonaws.com', 'my-app']);
  });

  it('refuses the 101st client ID with LimitExceeded', async () => {
    const path = 'many.example.com';
    await root.ok('iam', 'CreateOpenIDConnectProvider', { Url: `https://${path}`, ClientIDList: Array.from({ length: 100 }, (_, i) => `c${i}`) });
    const res = await root.call('iam', 'AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn(path), ClientID: 'one-more' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100' });
    await root.ok('iam', 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn(path) });
  });

  it('replaces the thumbprints; refuses six', async () => {
    const other = 'a'.repeat(40);
    await root.ok('iam', 'UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ThumbprintList: [other, THUMB] });
    expect((await root.ok('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).ThumbprintList).toEqual([other, THUMB]);
    const res = await root.call('iam', 'UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ThumbprintList: ['1', '2', '3', '4', '5', '6'].map((d) => d.repeat(40)) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LimitExceeded');
  });

  it('tags, lists and untags', async () => {
    await root.ok('iam', 'TagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] });
    expect((await root.ok('iam', 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags).toEqual([
      { Key: 'team', Value: 'ci' },
      { Key: 'env', Value: 'prod' },
    ]);
    await root.ok('iam', 'UntagOpenIDConnectProvider', { OpenIDConnectProviderArn: arn, TagKeys: ['team'] });
    expect((await root.ok('iam', 'ListOpenIDConnectProviderTags', { OpenIDConnectProviderArn: arn })).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
  });

  it('answers NoSuchEntity for an unknown provider and InvalidInput for an ARN of another kind', async () => {
    for (const [action, extra] of [
      ['GetOpenIDConnectProvider', {}],
      ['AddClientIDToOpenIDConnectProvider', { ClientID: 'x' }],
      ['RemoveClientIDFromOpenIDConnectProvider', { ClientID: 'x' }],
      ['UpdateOpenIDConnectProviderThumbprint', { ThumbprintList: [THUMB] }],
      ['TagOpenIDConnectProvider', { Tags: [{ Key: 'a', Value: 'b' }] }],
      ['ListOpenIDConnectProviderTags', {}],
    ] as [string, object][]) {
      const missing = await root.call('iam', action, { OpenIDConnectProviderArn: oidcArn('nope.example.com'), ...extra });
      expect(missing.status, action).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'NoSuchEntity', message: `OpenIDConnect Provider not found for arn ${oidcArn('nope.example.com')}` });
    }
    const wrongKind = await root.call('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: samlArn('x-provider') });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.code).toBe('InvalidInput');
  });

  it('lists by ARN; deleting is idempotent', async () => {
    const list = await root.ok<{ OpenIDConnectProviderList: { Arn: string }[] }>('iam', 'ListOpenIDConnectProviders');
    expect(list.OpenIDConnectProviderList).toEqual([{ Arn: oidcArn('oidc.example.com/id/ABC123') }, { Arn: arn }]);
    await root.ok('iam', 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('oidc.example.com/id/ABC123') });
    await root.ok('iam', 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('oidc.example.com/id/ABC123') });
    expect((await root.ok<{ OpenIDConnectProviderList: unknown[] }>('iam', 'ListOpenIDConnectProviders')).OpenIDConnectProviderList).toEqual([{ Arn: arn }]);
  });

  it('refuses the 101st provider with LimitExceeded', async () => {
    const rows = Array.from({ length: 99 }, (_, i) => ({ id: `bulk-${i}`, accountId: ACCOUNT, url: `bulk-${i}.example.com`, arn: oidcArn(`bulk-${i}.example.com`), clientIds: [], thumbprints: [] }));
    await database.db.openIdConnectProvider.createMany({ data: rows });
    const res = await root.call('iam', 'CreateOpenIDConnectProvider', { Url: 'https://one-too-many.example.com' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100' });
    expect((await summary()).Providers).toBe(100);
    await database.db.openIdConnectProvider.deleteMany({ where: { id: { startsWith: 'bulk-' } } });
  });
});

describe('CreateSAMLProvider', () => {
  it('creates a provider from IdP metadata, recording validUntil and tags', async () => {
    const res = await root.ok('iam', 'CreateSAMLProvider', { Name: 'Okta_corp-1.0', SAMLMetadataDocument: samlMetadata({ validUntil: '2036-01-01T00:00:00Z' }), Tags: [{ Key: 'idp', Value: 'okta' }] });
    expect(res).toEqual({ SAMLProviderArn: samlArn('Okta_corp-1.0'), Tags: [{ Key: 'idp', Value: 'okta' }] });
    const got = await root.ok('iam', 'GetSAMLProvider', { SAMLProviderArn: samlArn('Okta_corp-1.0') });
    expect(got).toMatchObject({ SAMLMetadataDocument: samlMetadata({ validUntil: '2036-01-01T00:00:00Z' }), ValidUntil: '2036-01-01T00:00:00.000Z', Tags: [{ Key: 'idp', Value: 'okta' }] });
    expect(typeof got.CreateDate).toBe('string');
  });

  it('accepts metadata without validUntil and a KeyDescriptor without use', async () => {
    await root.ok('iam', 'CreateSAMLProvider', { Name: 'adfs', SAMLMetadataDocument: samlMetadata({ use: null, certificate: certificateBase64('signing-2.crt') }) });
    const got = await root.ok('iam', 'GetSAMLProvider', { SAMLProviderArn: samlArn('adfs') });
    expect(got.ValidUntil).toBeUndefined();
    expect(got.Tags).toBeUndefined();
  });

  it('refuses a name already taken with EntityAlreadyExists', async () => {
    const res = await root.call('iam', 'CreateSAMLProvider', { Name: 'adfs', SAMLMetadataDocument: samlMetadata() });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EntityAlreadyExists');
  });

  const padded = (xml: string) => xml + ' '.repeat(Math.max(0, 1000 - xml.length));
  it.each([
    ['a name with a space', { Name: 'bad name' }, 'ValidationError'],
    ['a name over 128 characters', { Name: 'n'.repeat(129) }, 'ValidationError'],
    ['a document under 1000 characters', { SAMLMetadataDocument: samlMetadata().slice(0, 999) }, 'ValidationError'],
    ['a document that is not XML', { SAMLMetadataDocument: 'x'.repeat(1200) }, 'InvalidInput'],
    ['XML that is not SAML metadata', { SAMLMetadataDocument: padded('<root><child/></root>') }, 'InvalidInput'],
    ['metadata of a service provider', { SAMLMetadataDocument: samlMetadata({ idp: false }) }, 'InvalidInput'],
    ['metadata with only an encryption key', { SAMLMetadataDocument: samlMetadata({ use: 'encryption' }) }, 'InvalidInput'],
    ['a signing certificate that is not one', { SAMLMetadataDocument: samlMetadata({ certificate: 'A'.repeat(1200) }) }, 'InvalidInput'],
    ['an invalid validUntil', { SAMLMetadataDocument: samlMetadata({ validUntil: 'tomorrow' }) }, 'InvalidInput'],
  ] as [string, object, string][])('refuses %s with %s', async (_what, input, code) => {
    const before = await database.db.samlProvider.count();
    const res = await root.call('iam', 'CreateSAMLProvider', { Name: 'rejected', SAMLMetadataDocument: samlMetadata(), ...input });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await database.db.samlProvider.count()).toBe(before);
  });
});

describe('SAML provider update, tags, list and delete', () => {
  it('replaces the metadata and its validUntil; refuses bad metadata', async () => {
    const arn = samlArn('Okta_corp-1.0');
    const next = samlMetadata({ entityId: 'https://idp.example.com/v2', certificate: certificateBase64('signing-3.crt') });
    expect(await root.ok('iam', 'UpdateSAMLProvider', { SAMLProviderArn: arn, SAMLMetadataDocument: next })).toEqual({ SAMLProviderArn: arn });
    const got = await root.ok('iam', 'GetSAMLProvider', { SAMLProviderArn: arn });
    expect(got.SAMLMetadataDocument).toBe(next);
    expect(got.ValidUntil).toBeUndefined();
    const bad = await root.call('iam', 'UpdateSAMLProvider', { SAMLProviderArn: arn, SAMLMetadataDocument: samlMetadata({ idp: false }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidInput');
  });

  it('tags, lists and untags', async () => {
    const arn = samlArn('adfs');
    await root.ok('iam', 'TagSAMLProvider', { SAMLProviderArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    await root.ok('iam', 'UntagSAMLProvider', { SAMLProviderArn: arn, TagKeys: ['a'] });
    expect((await root.ok('iam', 'ListSAMLProviderTags', { SAMLProviderArn: arn })).Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('lists with ARN, CreateDate and ValidUntil', async () => {
    await root.ok('iam', 'CreateSAMLProvider', { Name: 'expiring', SAMLMetadataDocument: samlMetadata({ validUntil: '2031-05-01T12:00:00Z' }) });
    const { SAMLProviderList } = await root.ok<{ SAMLProviderList: Record<string, string>[] }>('iam', 'ListSAMLProviders');
    expect(SAMLProviderList.map((p) => p.Arn)).toEqual([samlArn('Okta_corp-1.0'), samlArn('adfs'), samlArn('expiring')]);
    expect(SAMLProviderList[2]).toMatchObject({ ValidUntil: '2031-05-01T12:00:00.000Z' });
    expect(SAMLProviderList.every((p) => typeof p.CreateDate === 'string')).toBe(true);
    expect((await summary()).Providers).toBe(4);
  });

  it('deletes; NoSuchEntity for an unknown provider', async () => {
    await root.ok('iam', 'DeleteSAMLProvider', { SAMLProviderArn: samlArn('expiring') });
    for (const [action, extra] of [
      ['DeleteSAMLProvider', {}],
      ['GetSAMLProvider', {}],
      ['UpdateSAMLProvider', { SAMLMetadataDocument: samlMetadata() }],
      ['ListSAMLProviderTags', {}],
    ] as [string, object][]) {
      const res = await root.call('iam', action, { SAMLProviderArn: samlArn('expiring'), ...extra });
      expect(res.status, action).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: `Manifest not found for arn ${samlArn('expiring')}` });
    }
  });

  it('refuses the 101st SAML provider with LimitExceeded', async () => {
    const rows = Array.from({ length: 98 }, (_, i) => ({ id: `bulk-${i}`, accountId: ACCOUNT, name: `bulk-${i}`, arn: samlArn(`bulk-${i}`), metadataDocument: samlMetadata() }));
    await database.db.samlProvider.createMany({ data: rows });
    const res = await root.call('iam', 'CreateSAMLProvider', { Name: 'one-too-many', SAMLMetadataDocument: samlMetadata() });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for SAMLProvidersPerAccount: 100' });
    await database.db.samlProvider.deleteMany({ where: { id: { startsWith: 'bulk-' } } });
  });
});

describe('authorization', () => {
  let erin: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'erin' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'erin', Password: 'Erin-Password-1' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'erin' } });
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:ListOpenIDConnectProviders', 'iam:ListSAMLProviders'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:GetSAMLProvider', Resource: `arn:aws:iam::${ACCOUNT}:saml-provider/adfs` },
      ],
    });
    await database.db.inlinePolicy.create({ data: { name: 'read-providers', document, userId: user.id } });
    erin = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'erin', password: 'Erin-Password-1' });
  });

  it('allows what the policy names and denies the rest with AccessDenied', async () => {
    await erin.ok('iam', 'ListOpenIDConnectProviders');
    await erin.ok('iam', 'ListSAMLProviders');
    await erin.ok('iam', 'GetSAMLProvider', { SAMLProviderArn: samlArn('adfs') });
    for (const [action, input] of [
      ['GetSAMLProvider', { SAMLProviderArn: samlArn('Okta_corp-1.0') }],
      ['CreateSAMLProvider', { Name: 'mine', SAMLMetadataDocument: samlMetadata() }],
      ['DeleteSAMLProvider', { SAMLProviderArn: samlArn('adfs') }],
      ['CreateOpenIDConnectProvider', { Url: 'https://mine.example.com' }],
      ['GetOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('token.actions.githubusercontent.com') }],
      ['AddClientIDToOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('token.actions.githubusercontent.com'), ClientID: 'x' }],
      ['DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('token.actions.githubusercontent.com') }],
      ['TagOpenIDConnectProvider', { OpenIDConnectProviderArn: oidcArn('token.actions.githubusercontent.com'), Tags: [{ Key: 'k', Value: 'v' }] }],
    ] as [string, object][]) {
      const res = await erin.call('iam', action, input);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
    expect(await database.db.samlProvider.count()).toBe(2);
    expect(await database.db.openIdConnectProvider.count()).toBe(1);
  });
});
