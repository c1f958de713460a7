/** Server certificates through the REST protocol and the dispatcher, against real PostgreSQL. */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { fixture } from '../../../test/fixtures/credentials';

let database: TestDatabase;
let app: App;
let secrets: ReturnType<typeof createTestApp>['secrets'];
let root: ConsoleClient;

interface Metadata {
  Path: string;
  ServerCertificateName: string;
  ServerCertificateId: string;
  Arn: string;
  UploadDate: string;
  Expiration: string;
}

const body = fixture('server.crt');
const key = fixture('server.key');
const chain = fixture('ca.crt');
const upload = (input: object) => root.call('iam', 'UploadServerCertificate', { CertificateBody: body, PrivateKey: key, ...input });

beforeAll(async () => {
  database = await createTestDatabase();
  const test = createTestApp(database);
  app = test.app;
  secrets = test.secrets;
  root = await rootClient(app);
});
afterAll(async () => database?.drop());

describe('UploadServerCertificate', () => {
  it('uploads a certificate with its chain; the private key is stored encrypted and never returned', async () => {
    const res = await upload({ ServerCertificateName: 'www', Path: '/cloudfront/', CertificateChain: chain, Tags: [{ Key: 'env', Value: 'prod' }] });
    expect(res.status).toBe(200);
    const meta = res.body.ServerCertificateMetadata as Metadata;
    expect(meta).toMatchObject({ Path: '/cloudfront/', ServerCertificateName: 'www', Arn: 'arn:aws:iam::123456789012:server-certificate/cloudfront/www' });
    expect(meta.ServerCertificateId).toMatch(/^ASCA[A-Z2-7]{17}$/);
    expect(new Date(meta.Expiration).toISOString()).toBe(new Date(new X509Certificate(body).validTo).toISOString());
    expect(res.body.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
    const row = await database.db.serverCertificate.findUniqueOrThrow({ where: { id: meta.ServerCertificateId } });
    expect(Buffer.from(row.privateKeyEncrypted).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(secrets.decrypt(row.privateKeyEncrypted)).toBe(key.trim());
    expect(await database.db.issuedId.count({ where: { id: meta.ServerCertificateId, kind: 'serverCertificate' } })).toBe(1);
  });

  it('refuses a name already taken in any case with EntityAlreadyExists', async () => {
    const res = await upload({ ServerCertificateName: 'WWW' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'The Server Certificate with name WWW already exists.' });
  });

  it.each([
    ['a key of another certificate', { PrivateKey: fixture('other.key') }, 'KeyPairMismatch'],
    ['a body that is no certificate', { CertificateBody: 'not a certificate' }, 'MalformedCertificate'],
    ['an expired certificate', { CertificateBody: fixture('expired.crt') }, 'MalformedCertificate'],
    ['a private key that is no key', { PrivateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, 'MalformedCertificate'],
    ['a chain that is no certificate', { CertificateChain: 'garbage' }, 'MalformedCertificate'],
    ['a name with a space', { ServerCertificateName: 'bad name' }, 'ValidationError'],
    ['a path without a trailing slash', { Path: '/a' }, 'ValidationError'],
    ['a name over 128 characters', { ServerCertificateName: 'a'.repeat(129) }, 'ValidationError'],
  ] as [string, object, string][])('refuses %s with %s and writes nothing', async (_what, input, code) => {
    const before = await database.db.serverCertificate.count();
    const res = await upload({ ServerCertificateName: 'rejected', ...input });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await database.db.serverCertificate.count()).toBe(before);
  });

  it('refuses the 21st certificate with LimitExceeded, and GetAccountSummary counts them', async () => {
    for (let i = (await database.db.serverCertificate.count()); i < 20; i++) expect((await upload({ ServerCertificateName: `bulk-${String(i).padStart(2, '0')}`, Path: '/bulk/' })).status).toBe(200);
    const res = await upload({ ServerCertificateName: 'one-too-many' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for ServerCertificatesPerAccount: 20' });
    const { SummaryMap } = await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary');
    expect(SummaryMap).toMatchObject({ ServerCertificates: 20, ServerCertificatesQuota: 20 });
  });
});

describe('GetServerCertificate, ListServerCertificates, UpdateServerCertificate, DeleteServerCertificate', () => {
  it('gets body, chain and tags (never the key), by any case of the name', async () => {
    const { ServerCertificate } = await root.ok<{ ServerCertificate: Record<string, unknown> }>('iam', 'GetServerCertificate', { ServerCertificateName: 'Www' });
    expect(Object.keys(ServerCertificate).sort()).toEqual(['CertificateBody', 'CertificateChain', 'ServerCertificateMetadata', 'Tags']);
    expect(ServerCertificate).toMatchObject({ CertificateBody: body.trim(), CertificateChain: chain.trim(), ServerCertificateMetadata: { ServerCertificateName: 'www' } });
    const missing = await root.call('iam', 'GetServerCertificate', { ServerCertificateName: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The Server Certificate with name nope cannot be found.' });
  });

  it('lists by name with PathPrefix and pages', async () => {
    const all = await root.ok<{ ServerCertificateMetadataList: Metadata[]; IsTruncated: boolean }>('iam', 'ListServerCertificates');
    expect(all.ServerCertificateMetadataList).toHaveLength(20);
    expect(all.ServerCertificateMetadataList[0]!.ServerCertificateName).toBe('bulk-01');
    const cloudfront = await root.ok<{ ServerCertificateMetadataList: Metadata[] }>('iam', 'ListServerCertificates', { PathPrefix: '/cloudfront' });
    expect(cloudfront.ServerCertificateMetadataList.map((c) => c.ServerCertificateName)).toEqual(['www']);
    const names: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await root.ok<{ ServerCertificateMetadataList: Metadata[]; IsTruncated: boolean; Marker?: string }>('iam', 'ListServerCertificates', { MaxItems: 7, ...(marker ? { Marker: marker } : {}) });
      names.push(...page.ServerCertificateMetadataList.map((c) => c.ServerCertificateName));
      if (!page.IsTruncated) break;
      marker = page.Marker;
    }
    expect(names).toEqual(all.ServerCertificateMetadataList.map((c) => c.ServerCertificateName));
  });

  it('renames and moves; refuses a taken name; NoSuchEntity for an unknown one', async () => {
    await root.ok('iam', 'UpdateServerCertificate', { ServerCertificateName: 'bulk-05', NewServerCertificateName: 'renamed', NewPath: '/moved/' });
    const { ServerCertificate } = await root.ok<{ ServerCertificate: { ServerCertificateMetadata: Metadata } }>('iam', 'GetServerCertificate', { ServerCertificateName: 'renamed' });
    expect(ServerCertificate.ServerCertificateMetadata).toMatchObject({ Path: '/moved/', Arn: 'arn:aws:iam::123456789012:server-certificate/moved/renamed' });
    const taken = await root.call('iam', 'UpdateServerCertificate', { ServerCertificateName: 'renamed', NewServerCertificateName: 'WWW' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EntityAlreadyExists');
    // Changing only the case of its own name is allowed.
    await root.ok('iam', 'UpdateServerCertificate', { ServerCertificateName: 'renamed', NewServerCertificateName: 'Renamed' });
    expect((await root.call('iam', 'UpdateServerCertificate', { ServerCertificateName: 'nope', NewPath: '/x/' })).status).toBe(404);
  });

  it('tags, untags and lists tags', async () => {
    await root.ok('iam', 'TagServerCertificate', { ServerCertificateName: 'www', Tags: [{ Key: 'team', Value: 'web' }] });
    const { Tags } = await root.ok<{ Tags: { Key: string; Value: string }[] }>('iam', 'ListServerCertificateTags', { ServerCertificateName: 'www' });
    expect(Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'web' }]);
    await root.ok('iam', 'UntagServerCertificate', { ServerCertificateName: 'www', TagKeys: ['env'] });
    expect((await root.ok<{ Tags: unknown[] }>('iam', 'ListServerCertificateTags', { ServerCertificateName: 'www' })).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    expect((await root.call('iam', 'TagServerCertificate', { ServerCertificateName: 'nope', Tags: [{ Key: 'a', Value: 'b' }] })).status).toBe(404);
  });

  it('deletes; a second delete is NoSuchEntity', async () => {
    await root.ok('iam', 'DeleteServerCertificate', { ServerCertificateName: 'Renamed' });
    expect((await root.call('iam', 'DeleteServerCertificate', { ServerCertificateName: 'renamed' })).status).toBe(404);
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
        { Effect: 'Allow', Action: ['iam:GetServerCertificate', 'iam:UpdateServerCertificate'], Resource: 'arn:aws:iam::123456789012:server-certificate/bulk/*' },
        { Effect: 'Allow', Action: 'iam:ListServerCertificates', Resource: '*' },
      ],
    });
    await database.db.inlinePolicy.create({ data: { name: 'bulk-certs', document, userId: user.id } });
    erin = await signIn(app, { kind: 'iam', account: '123456789012', userName: 'erin', password: 'Erin-Password-1' });
  });

  it('allows what the policy names and denies the rest with AccessDenied', async () => {
    await erin.ok('iam', 'GetServerCertificate', { ServerCertificateName: 'bulk-01' });
    await erin.ok('iam', 'ListServerCertificates');
    await erin.ok('iam', 'UpdateServerCertificate', { ServerCertificateName: 'bulk-01', NewServerCertificateName: 'bulk-01b' });
    for (const [action, input] of [
      ['GetServerCertificate', { ServerCertificateName: 'www' }],
      ['DeleteServerCertificate', { ServerCertificateName: 'bulk-02' }],
      // Moving out of /bulk/ needs the permission on the new ARN too.
      ['UpdateServerCertificate', { ServerCertificateName: 'bulk-02', NewPath: '/elsewhere/' }],
      ['UploadServerCertificate', { ServerCertificateName: 'x', Path: '/bulk/', CertificateBody: body, PrivateKey: key }],
    ] as [string, object][]) {
      const res = await erin.call('iam', action, input);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
    expect(await database.db.serverCertificate.count({ where: { path: '/elsewhere/' } })).toBe(0);
  });
});
