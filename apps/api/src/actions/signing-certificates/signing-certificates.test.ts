/** Signing certificates through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { fixture } from '../../../test/fixtures/credentials';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

interface Certificate {
  UserName?: string;
  CertificateId: string;
  CertificateBody: string;
  Status: string;
  UploadDate: string;
}

const [cert1, cert2, cert3] = [fixture('signing-1.crt'), fixture('signing-2.crt'), fixture('signing-3.crt')];

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app);
  for (const name of ['alice', 'bob', 'carol']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

describe('UploadSigningCertificate', () => {
  it('uploads a certificate for a user, Active, with a 32-character ID recorded as issued', async () => {
    const { Certificate } = await root.ok<{ Certificate: Certificate }>('iam', 'UploadSigningCertificate', { UserName: 'ALICE', CertificateBody: cert1 });
    expect(Certificate).toMatchObject({ UserName: 'alice', Status: 'Active', CertificateBody: cert1 });
    expect(Certificate.CertificateId).toMatch(/^[A-Z0-9]{32}$/);
    expect(await database.db.issuedId.count({ where: { id: Certificate.CertificateId, kind: 'signingCertificate' } })).toBe(1);
  });

  it('refuses a certificate already held by any principal of the account with DuplicateCertificate', async () => {
    for (const UserName of ['alice', 'bob']) {
      const res = await root.call('iam', 'UploadSigningCertificate', { UserName, CertificateBody: cert1 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('DuplicateCertificate');
    }
  });

  it('uploads the root user\'s own certificate when the root caller omits UserName', async () => {
    const { Certificate } = await root.ok<{ Certificate: Certificate }>('iam', 'UploadSigningCertificate', { CertificateBody: cert3 });
    expect(Certificate.UserName).toBeUndefined();
    expect(await database.db.signingCertificate.findUniqueOrThrow({ where: { id: Certificate.CertificateId } })).toMatchObject({ userId: null });
    const { Certificates } = await root.ok<{ Certificates: Certificate[] }>('iam', 'ListSigningCertificates');
    expect(Certificates.map((c) => c.CertificateId)).toEqual([Certificate.CertificateId]);
    const summary = await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary');
    expect(summary.SummaryMap.AccountSigningCertificatesPresent).toBe(1);
    await root.ok('iam', 'DeleteSigningCertificate', { CertificateId: Certificate.CertificateId });
    expect((await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap.AccountSigningCertificatesPresent).toBe(0);
  });

  it('refuses a third certificate with LimitExceeded', async () => {
    await root.ok('iam', 'UploadSigningCertificate', { UserName: 'bob', CertificateBody: cert2 });
    await root.ok('iam', 'UploadSigningCertificate', { UserName: 'bob', CertificateBody: cert3 });
    const res = await root.call('iam', 'UploadSigningCertificate', { UserName: 'bob', CertificateBody: fixture('ca.crt') });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for SigningCertificatesPerUser: 2' });
  });

  it.each([
    ['text that is no certificate', 'hello'],
    ['a truncated certificate', cert2.slice(0, 300)],
    ['an expired certificate', fixture('expired.crt')],
    ['a private key', fixture('other.key')],
  ])('refuses %s with MalformedCertificate and writes nothing', async (_what, body) => {
    const before = await database.db.signingCertificate.count();
    const res = await root.call('iam', 'UploadSigningCertificate', { UserName: 'carol', CertificateBody: body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedCertificate');
    expect(await database.db.signingCertificate.count()).toBe(before);
  });

  it('NoSuchEntity for an unknown user; ValidationError for bad input', async () => {
    expect((await root.call('iam', 'UploadSigningCertificate', { UserName: 'nobody', CertificateBody: cert2 })).status).toBe(404);
    for (const body of [{}, { CertificateBody: '' }, { UserName: 'bad name', CertificateBody: cert2 }, { CertificateBody: 'x'.repeat(16385) }]) {
      const res = await root.call('iam', 'UploadSigningCertificate', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
    }
  });
});

describe('ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate', () => {
  it('lists a user\'s certificates oldest first and pages', async () => {
    const all = await root.ok<{ Certificates: Certificate[]; IsTruncated: boolean }>('iam', 'ListSigningCertificates', { UserName: 'bob' });
    expect(all.Certificates.map((c) => c.CertificateBody)).toEqual([cert2, cert3]);
    expect(all.Certificates.every((c) => c.UserName === 'bob' && c.Status === 'Active')).toBe(true);
    const first = await root.ok<{ Certificates: Certificate[]; IsTruncated: boolean; Marker: string }>('iam', 'ListSigningCertificates', { UserName: 'bob', MaxItems: 1 });
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ Certificates: Certificate[]; IsTruncated: boolean }>('iam', 'ListSigningCertificates', { UserName: 'bob', Marker: first.Marker });
    expect([...first.Certificates, ...second.Certificates].map((c) => c.CertificateId)).toEqual(all.Certificates.map((c) => c.CertificateId));
    expect((await root.call('iam', 'ListSigningCertificates', { UserName: 'nobody' })).status).toBe(404);
  });

  it('deactivates and deletes; NoSuchEntity for a certificate of another user', async () => {
    const { Certificates } = await root.ok<{ Certificates: Certificate[] }>('iam', 'ListSigningCertificates', { UserName: 'bob' });
    const id = Certificates[0]!.CertificateId;
    await root.ok('iam', 'UpdateSigningCertificate', { UserName: 'bob', CertificateId: id, Status: 'Inactive' });
    expect((await database.db.signingCertificate.findUniqueOrThrow({ where: { id } })).status).toBe('Inactive');
    const other = await root.call('iam', 'UpdateSigningCertificate', { UserName: 'alice', CertificateId: id, Status: 'Active' });
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'NoSuchEntity', message: `The Certificate with id ${id} cannot be found.` });
    expect((await root.call('iam', 'UpdateSigningCertificate', { UserName: 'bob', CertificateId: 'short', Status: 'Active' })).status).toBe(400);
    await root.ok('iam', 'DeleteSigningCertificate', { UserName: 'bob', CertificateId: id });
    expect((await root.call('iam', 'DeleteSigningCertificate', { UserName: 'bob', CertificateId: id })).status).toBe(404);
  });

  it('fills the credential report\'s cert_1/cert_2 columns', async () => {
    await root.ok('iam', 'GenerateCredentialReport');
    const { Content } = await root.ok<{ Content: string }>('iam', 'GetCredentialReport');
    const lines = Buffer.from(Content, 'base64').toString('utf8').split('\n');
    const header = lines[0]!.split(',');
    const row = (user: string) => Object.fromEntries(lines.find((l) => l.startsWith(`${user},`))!.split(',').map((v, i) => [header[i], v]));
    expect(row('alice')).toMatchObject({ cert_1_active: 'TRUE', cert_2_active: 'FALSE', cert_2_last_rotated: 'N/A' });
    expect(row('alice').cert_1_last_rotated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(row('carol')).toMatchObject({ cert_1_active: 'FALSE', cert_1_last_rotated: 'N/A' });
  });
});

describe('authorization', () => {
  let dave: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'dave' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'dave', Password: 'Dave-Password-1' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'dave' } });
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*SigningCertificate*', Resource: 'arn:aws:iam::123456789012:user/${aws:username}' }] });
    await database.db.inlinePolicy.create({ data: { name: 'own-certs', document, userId: user.id } });
    dave = await signIn(app, { kind: 'iam', account: '123456789012', userName: 'dave', password: 'Dave-Password-1' });
  });

  it('a user manages its own certificates without UserName', async () => {
    const { Certificate } = await dave.ok<{ Certificate: Certificate }>('iam', 'UploadSigningCertificate', { CertificateBody: cert2 });
    expect(Certificate.UserName).toBe('dave');
    expect((await dave.ok<{ Certificates: Certificate[] }>('iam', 'ListSigningCertificates')).Certificates).toHaveLength(1);
    await dave.ok('iam', 'UpdateSigningCertificate', { CertificateId: Certificate.CertificateId, Status: 'Inactive' });
    await dave.ok('iam', 'DeleteSigningCertificate', { CertificateId: Certificate.CertificateId });
  });

  it('is denied another user\'s certificates with AccessDenied', async () => {
    for (const [action, body] of [
      ['UploadSigningCertificate', { UserName: 'carol', CertificateBody: cert2 }],
      ['ListSigningCertificates', { UserName: 'alice' }],
    ] as [string, object][]) {
      const res = await dave.call('iam', action, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
  });
});
