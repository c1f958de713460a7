/**
 * The account-size work of issue #14, against real PostgreSQL: GetAccountAuthorizationDetails
 * keyset paging across entity kinds, GetAccountSummary's trigger-kept counts, the configurable
 * quotas, and the credential report's background states.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, type ConsoleClient } from '../../../test/console-client';
import { configureQuotas } from '../../iam/quotas';
import { CREDENTIAL_REPORT_HEADER } from './account.credential-report';

let database: TestDatabase;
let root: ConsoleClient;
const ACCOUNT = '123456789012';

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app);
});
afterAll(async () => database?.drop());

const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

interface Details {
  UserDetailList: { UserName: string }[];
  GroupDetailList: { GroupName: string }[];
  RoleDetailList: { RoleName: string }[];
  Policies: { PolicyName: string; Arn: string; AttachmentCount: number }[];
  IsTruncated: boolean;
  Marker?: string;
}

const names = (d: Details) => [
  ...d.UserDetailList.map((u) => `user:${u.UserName}`),
  ...d.GroupDetailList.map((g) => `group:${g.GroupName}`),
  ...d.RoleDetailList.map((r) => `role:${r.RoleName}`),
  ...d.Policies.map((p) => `policy:${p.Arn}`),
];

describe('GetAccountAuthorizationDetails paging', () => {
  beforeAll(async () => {
    // Names whose case and punctuation test the (lower(name), id) order.
    for (const name of ['Alice', 'bob', 'carol_1', 'carol-2', 'Dave.x']) await root.ok('iam', 'CreateUser', { UserName: name });
    for (const name of ['admins', 'Devs', 'ops']) await root.ok('iam', 'CreateGroup', { GroupName: name });
    for (const name of ['app-role', 'Batch']) await root.ok('iam', 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });
    for (const name of ['Local-A', 'local-b', 'ReadOnlyish']) await root.ok('iam', 'CreatePolicy', { PolicyName: name, PolicyDocument: document });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'Alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'Batch', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/local-b` });
  });

  for (const maxItems of [1, 2, 3, 7]) {
    it(`MaxItems ${maxItems}: every entity of every kind exactly once, in the unpaged order`, async () => {
      const all = await root.ok<Details>('iam', 'GetAccountAuthorizationDetails', { MaxItems: 1000 });
      expect(all.IsTruncated).toBe(false);
      const expected = names(all);
      expect(expected).toEqual(expect.arrayContaining(['user:carol-2', 'group:Devs', 'role:Batch', 'policy:arn:aws:iam::aws:policy/ReadOnlyAccess', 'policy:arn:aws:iam::aws:policy/AdministratorAccess', `policy:arn:aws:iam::${ACCOUNT}:policy/Local-A`]));
      // AWS managed policies appear only when used here.
      expect(expected.filter((n) => n.startsWith('policy:arn:aws:iam::aws:'))).toHaveLength(2);
      const seen: string[] = [];
      let marker: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await root.ok<Details>('iam', 'GetAccountAuthorizationDetails', { MaxItems: maxItems, ...(marker ? { Marker: marker } : {}) });
        const got = names(page);
        expect(got.length).toBeLessThanOrEqual(maxItems);
        seen.push(...got);
        if (!page.IsTruncated) break;
        marker = page.Marker;
      }
      expect(seen).toEqual(expected);
    });
  }

  it('a filter pages over the chosen kinds only', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await root.ok<Details>('iam', 'GetAccountAuthorizationDetails', { Filter: ['Role', 'AWSManagedPolicy'], MaxItems: 1, ...(marker ? { Marker: marker } : {}) });
      seen.push(...names(page));
      if (!page.IsTruncated) break;
      marker = page.Marker;
    }
    expect(seen).toEqual(['role:app-role', 'role:Batch', 'policy:arn:aws:iam::aws:policy/AdministratorAccess', 'policy:arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('counts an AWS managed policy\'s attachments in this account', async () => {
    const all = await root.ok<Details>('iam', 'GetAccountAuthorizationDetails', { Filter: ['AWSManagedPolicy'] });
    expect(all.Policies.find((p) => p.PolicyName === 'ReadOnlyAccess')?.AttachmentCount).toBe(2);
  });
});

describe('GetAccountSummary counts', () => {
  /** The summary's counts recomputed with COUNT(*) from the tables themselves. */
  async function truth() {
    const { db } = database;
    const where = { accountId: ACCOUNT };
    return {
      Users: await db.user.count({ where }),
      Groups: await db.group.count({ where }),
      Roles: await db.role.count({ where }),
      Policies: await db.managedPolicy.count({ where }),
      InstanceProfiles: await db.instanceProfile.count({ where }),
      MFADevices: await db.mfaDevice.count({ where }),
      MFADevicesInUse: await db.mfaDevice.count({ where: { ...where, enabledAt: { not: null } } }),
      PolicyVersionsInUse: await db.policyAttachment.count({ where: { OR: [{ user: where }, { group: where }, { role: where }] } }),
    };
  }
  const summary = async () => (await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap;

  it('stay exact through creates, deletes, attachments and bulk inserts', async () => {
    expect(await summary()).toMatchObject(await truth());
    await root.ok('iam', 'CreateUser', { UserName: 'counted' });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'counted', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: 'counted-profile' });
    await root.ok('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'counted-mfa' });
    expect(await summary()).toMatchObject(await truth());
    await root.ok('iam', 'DetachUserPolicy', { UserName: 'counted', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await root.ok('iam', 'DeleteUser', { UserName: 'counted' });
    await root.ok('iam', 'DeleteInstanceProfile', { InstanceProfileName: 'counted-profile' });
    await root.ok('iam', 'DeleteVirtualMFADevice', { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/counted-mfa` });
    // Writes that bypass the API (a bulk load, a cascade) move the counts too: triggers keep them.
    await database.db.user.createMany({ data: Array.from({ length: 25 }, (_, i) => ({ id: `AIDABULK${String(i).padStart(13, '0')}`, accountId: ACCOUNT, name: `bulk-${i}`, arn: `arn:aws:iam::${ACCOUNT}:user/bulk-${i}` })) });
    await database.db.mfaDevice.create({ data: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/direct`, accountId: ACCOUNT, name: 'direct' } });
    await database.db.mfaDevice.update({ where: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/direct` }, data: { enabledAt: new Date() } });
    expect(await summary()).toMatchObject(await truth());
    await database.db.user.deleteMany({ where: { name: { startsWith: 'bulk-' } } });
    await database.db.mfaDevice.delete({ where: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/direct` } });
    expect(await summary()).toMatchObject(await truth());
  });
});

describe('configurable quotas', () => {
  afterEach(() => configureQuotas({ User: undefined, Group: undefined }));

  it('reports and enforces the operator\'s quota; AWS\'s default otherwise', async () => {
    expect((await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap).toMatchObject({ UsersQuota: 5000, GroupsQuota: 300 });
    const users = await database.db.user.count({ where: { accountId: ACCOUNT } });
    configureQuotas({ User: users + 2 });
    expect((await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap.UsersQuota).toBe(users + 2);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => root.call('iam', 'CreateUser', { UserName: `quota-${i}` })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.every((r) => r.body.error.code === 'LimitExceeded' || r.body.error.code === 'ConcurrentModification')).toBe(true);
    expect(refused.some((r) => r.body.error.message === `Cannot exceed quota for UsersPerAccount: ${users + 2}`)).toBe(true);
    expect(await database.db.user.count({ where: { accountId: ACCOUNT } })).toBe(users + 2);
  });
});

describe('credential report', () => {
  it('answers ReportInProgress (404) while a report is being made, then the CSV with AWS\'s columns', async () => {
    await database.db.credentialReport.create({ data: { accountId: ACCOUNT, state: 'INPROGRESS', jobId: 'elsewhere', startedAt: new Date() } });
    const busy = await root.call('iam', 'GetCredentialReport');
    expect(busy.status).toBe(404);
    expect(busy.body.error.code).toBe('ReportInProgress');
    expect(await root.ok('iam', 'GenerateCredentialReport')).toEqual({ State: 'INPROGRESS' });
    // A job lost with its replica is taken over once stale.
    await database.db.credentialReport.update({ where: { accountId: ACCOUNT }, data: { startedAt: new Date(Date.now() - 60 * 60 * 1000) } });
    expect(await root.ok('iam', 'GenerateCredentialReport')).toMatchObject({ State: 'STARTED' });
    const report = await root.ok<{ Content: string; ReportFormat: string }>('iam', 'GetCredentialReport');
    const lines = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
    expect(lines[0]).toBe(CREDENTIAL_REPORT_HEADER.join(','));
    expect(lines[0]!.split(',')).toHaveLength(22);
    expect(lines[1]!.startsWith('<root_account>,')).toBe(true);
    const users = await database.db.user.findMany({ where: { accountId: ACCOUNT }, select: { name: true } });
    expect(lines.slice(2).map((l) => l.split(',')[0]).sort()).toEqual(users.map((u) => u.name).sort());
    for (const line of lines) expect(line.split(',')).toHaveLength(22);
  });

  it('is paged: a report over several pages is whole and in order', async () => {
    await database.db.user.createMany({ data: Array.from({ length: 4100 }, (_, i) => ({ id: `AIDAPAGE${String(i).padStart(13, '0')}`, accountId: ACCOUNT, name: `page-${String(i).padStart(4, '0')}`, arn: `arn:aws:iam::${ACCOUNT}:user/page-${i}` })) });
    await database.db.credentialReport.update({ where: { accountId: ACCOUNT }, data: { generatedAt: new Date(Date.now() - 5 * 60 * 60 * 1000) } });
    expect(await root.ok('iam', 'GenerateCredentialReport')).toMatchObject({ State: 'STARTED' });
    const report = await root.ok<{ Content: string }>('iam', 'GetCredentialReport');
    const rows = Buffer.from(report.Content, 'base64').toString('utf8').split('\n').slice(2).map((l) => l.split(',')[0]!);
    expect(rows.filter((n) => n.startsWith('page-'))).toEqual(Array.from({ length: 4100 }, (_, i) => `page-${String(i).padStart(4, '0')}`));
    expect(new Set(rows).size).toBe(rows.length);
    expect(await database.db.credentialReportPage.count({ where: { accountId: ACCOUNT } })).toBeGreaterThan(3);
    await database.db.user.deleteMany({ where: { name: { startsWith: 'page-' } } });
  });

  it('makes each row with AWS\'s formats: quoting, password rotation, MFA, the first two keys and certificates', async () => {
    const at = (iso: string) => new Date(iso);
    const { db } = database;
    const [quoted, used, bare] = await Promise.all([
      db.user.create({ data: { id: 'AIDAFORMATQUOTED00001', accountId: ACCOUNT, name: 'csv,user', path: '/a"b,c/', arn: `arn:aws:iam::${ACCOUNT}:user/a"b,c/csv,user`, createdAt: at('2025-12-31T23:59:59.999Z') } }),
      db.user.create({ data: { id: 'AIDAFORMATUSEDPW00001', accountId: ACCOUNT, name: 'csv-used', arn: `arn:aws:iam::${ACCOUNT}:user/csv-used`, createdAt: at('2025-06-01T00:00:00.000Z'), passwordLastUsed: at('2026-02-03T04:05:06.999Z') } }),
      db.user.create({ data: { id: 'AIDAFORMATBARE000001', accountId: ACCOUNT, name: 'csv-bare', arn: `arn:aws:iam::${ACCOUNT}:user/csv-bare`, createdAt: at('2025-06-02T00:00:00.000Z') } }),
    ]);
    await db.loginProfile.create({ data: { userId: quoted.id, passwordHash: 'x', passwordChangedAt: at('2026-01-02T03:04:05.678Z') } });
    await db.loginProfile.create({ data: { userId: used.id, passwordHash: 'x', passwordChangedAt: at('2026-01-10T00:00:00.000Z') } });
    await db.mfaDevice.create({ data: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/csv-quoted`, accountId: ACCOUNT, userId: quoted.id, name: 'csv-quoted', enabledAt: new Date() } });
    // Not enabled yet: not active.
    await db.mfaDevice.create({ data: { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/csv-bare`, accountId: ACCOUNT, userId: bare.id, name: 'csv-bare' } });
    // Created out of order: the report takes them by creation.
    await db.accessKey.create({ data: { id: 'AKIAFORMATSECOND0001', accountId: ACCOUNT, userId: quoted.id, secretEncrypted: new Uint8Array([0]), status: 'Inactive', createdAt: at('2026-01-05T00:00:00.000Z') } });
    await db.accessKey.create({ data: { id: 'AKIAFORMATFIRST00001', accountId: ACCOUNT, userId: quoted.id, secretEncrypted: new Uint8Array([0]), createdAt: at('2026-01-01T00:00:00.000Z'), lastUsedAt: at('2026-03-04T05:06:07.890Z'), lastUsedRegion: 'us-east-1', lastUsedService: 'iam' } });
    await db.accessKey.create({ data: { id: 'AKIAFORMATUSED000001', accountId: ACCOUNT, userId: used.id, secretEncrypted: new Uint8Array([0]), createdAt: at('2026-01-03T00:00:00.000Z'), lastUsedService: 'iam' } });
    await db.signingCertificate.create({ data: { id: 'FORMATCERTSECOND000001', accountId: ACCOUNT, userId: quoted.id, body: 'x', uploadedAt: at('2026-01-07T00:00:00.000Z') } });
    await db.signingCertificate.create({ data: { id: 'FORMATCERTFIRST0000001', accountId: ACCOUNT, userId: quoted.id, body: 'x', status: 'Inactive', uploadedAt: at('2026-01-06T00:00:00.000Z') } });
    await root.ok('iam', 'UpdateAccountPasswordPolicy', { MaxPasswordAge: 30 });
    await db.credentialReport.update({ where: { accountId: ACCOUNT }, data: { generatedAt: new Date(Date.now() - 5 * 60 * 60 * 1000) } });
    expect(await root.ok('iam', 'GenerateCredentialReport')).toMatchObject({ State: 'STARTED' });
    const report = await root.ok<{ Content: string }>('iam', 'GetCredentialReport');
    const lines = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
    expect(lines.find((l) => l.startsWith('"csv,user"'))).toBe(
      `"csv,user","arn:aws:iam::${ACCOUNT}:user/a""b,c/csv,user",2025-12-31T23:59:59+00:00,TRUE,no_information,2026-01-02T03:04:05+00:00,2026-02-01T03:04:05+00:00,TRUE,` +
        'TRUE,2026-01-01T00:00:00+00:00,2026-03-04T05:06:07+00:00,us-east-1,iam,FALSE,2026-01-05T00:00:00+00:00,N/A,N/A,N/A,FALSE,2026-01-06T00:00:00+00:00,TRUE,2026-01-07T00:00:00+00:00',
    );
    expect(lines.find((l) => l.startsWith('csv-used,'))).toBe(
      `csv-used,arn:aws:iam::${ACCOUNT}:user/csv-used,2025-06-01T00:00:00+00:00,TRUE,2026-02-03T04:05:06+00:00,2026-01-10T00:00:00+00:00,2026-02-09T00:00:00+00:00,FALSE,` +
        'TRUE,2026-01-03T00:00:00+00:00,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A',
    );
    expect(lines.find((l) => l.startsWith('csv-bare,'))).toBe(
      `csv-bare,arn:aws:iam::${ACCOUNT}:user/csv-bare,2025-06-02T00:00:00+00:00,FALSE,N/A,N/A,N/A,FALSE,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,N/A,FALSE,N/A,FALSE,N/A`,
    );
    await root.ok('iam', 'DeleteAccountPasswordPolicy');
    await db.mfaDevice.deleteMany({ where: { name: { startsWith: 'csv-' } } });
    await db.user.deleteMany({ where: { name: { in: ['csv,user', 'csv-used', 'csv-bare'] } } });
  });

  it('streams the console the stored report as one valid base64 text', async () => {
    const { reportCsv } = await import('./account.credential-report');
    const row = await database.db.credentialReport.findUniqueOrThrow({ where: { accountId: ACCOUNT } });
    const csv = await reportCsv(database.db, ACCOUNT, row.jobId);
    const report = await root.ok<{ Content: string }>('iam', 'GetCredentialReport');
    expect(Buffer.from(report.Content, 'base64').toString('utf8')).toBe(csv);
    expect(report.Content).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
