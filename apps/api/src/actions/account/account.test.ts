/** Account settings through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { createApp } from '../../app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../../crypto/secrets';
import { hashPassword } from '../../crypto/passwords';
import { createLogger } from '../../logger';
import { CREDENTIAL_REPORT_HEADER, csvField, reportTime } from './account.credential-report';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;
/** The clock of the app under test (moved forward to expire reports). */
let clock = Date.now();

const ACCOUNT = '123456789012';

beforeAll(async () => {
  database = await createTestDatabase();
  // As test/test-app.ts builds it, plus a clock the tests move forward.
  const secrets = createSecretBox(parseMasterKey(newMasterKey()));
  app = createApp({ db: database.db, secrets, logger: createLogger('silent'), now: () => new Date(clock) });
  root = await rootClient(app);
});
afterAll(async () => database?.drop());

async function otherAccountRoot(accountId: string): Promise<ConsoleClient> {
  const email = `root-${accountId}@example.com`;
  await database.db.account.create({ data: { id: accountId, name: `account-${accountId}`, rootEmail: email, rootPasswordHash: await hashPassword('Other-Root-Password-1') } });
  return signIn(app, { kind: 'root', email, password: 'Other-Root-Password-1' });
}

describe('account password policy', () => {
  it('NoSuchEntity with AWS\'s message while none is set', async () => {
    const res = await root.call('iam', 'GetAccountPasswordPolicy');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: `The Password Policy with domain name ${ACCOUNT} cannot be found.` });
    const del = await root.call('iam', 'DeleteAccountPasswordPolicy');
    expect(del.status).toBe(404);
    expect(del.body.error.code).toBe('NoSuchEntity');
  });

  it('sets every field and reads it back with ExpirePasswords', async () => {
    await root.ok('iam', 'UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: true,
    });
    const { PasswordPolicy } = await root.ok<{ PasswordPolicy: Record<string, unknown> }>('iam', 'GetAccountPasswordPolicy');
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: true,
    });
  });

  it('resets the parameters left out to their defaults (minimum length 6), and accepts the Query API\'s strings', async () => {
    await root.ok('iam', 'UpdateAccountPasswordPolicy', { RequireNumbers: 'true', PasswordReusePrevention: '3' });
    const { PasswordPolicy } = await root.ok<{ PasswordPolicy: Record<string, unknown> }>('iam', 'GetAccountPasswordPolicy');
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
      PasswordReusePrevention: 3,
      HardExpiry: false,
    });
  });

  it.each([
    [{ MinimumPasswordLength: 5 }, 'length under 6'],
    [{ MinimumPasswordLength: 129 }, 'length over 128'],
    [{ MinimumPasswordLength: 8.5 }, 'fractional length'],
    [{ MaxPasswordAge: 0 }, 'age 0'],
    [{ MaxPasswordAge: 1096 }, 'age over 1095'],
    [{ PasswordReusePrevention: 0 }, 'reuse 0'],
    [{ PasswordReusePrevention: 25 }, 'reuse over 24'],
    [{ RequireSymbols: 'maybe' }, 'not a boolean'],
    [{ MinimumPasswordLength: 'ten' }, 'not a number'],
  ] as [object, string][])('refuses bad input (%j: %s) with a 400 and changes nothing', async (body) => {
    const before = await database.db.passwordPolicy.findUnique({ where: { accountId: ACCOUNT } });
    const res = await root.call('iam', 'UpdateAccountPasswordPolicy', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await database.db.passwordPolicy.findUnique({ where: { accountId: ACCOUNT } })).toEqual(before);
  });

  it('is enforced on new console passwords', async () => {
    await root.ok('iam', 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: 10, RequireSymbols: true });
    await root.ok('iam', 'CreateUser', { UserName: 'policy-user' });
    const res = await root.call('iam', 'CreateLoginProfile', { UserName: 'policy-user', Password: 'abcdefghij' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'PasswordPolicyViolation', message: 'Password should have at least one symbol' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'policy-user', Password: 'abcdefghi!' });
  });

  it('deletes the policy', async () => {
    await root.ok('iam', 'DeleteAccountPasswordPolicy');
    expect((await root.call('iam', 'GetAccountPasswordPolicy')).status).toBe(404);
  });
});

describe('account alias', () => {
  it('creates, lists, signs in by alias, replaces, and deletes', async () => {
    expect(await root.ok('iam', 'ListAccountAliases')).toEqual({ AccountAliases: [], IsTruncated: false });
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'example-corp' });
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'example-corp' });
    expect(await root.ok('iam', 'ListAccountAliases')).toEqual({ AccountAliases: ['example-corp'], IsTruncated: false });
    await signIn(app, { kind: 'iam', account: 'example-corp', userName: 'policy-user', password: 'abcdefghi!' });
    // One alias per account: a new one replaces the old, whose sign-in stops working.
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'example-2' });
    expect((await root.ok<{ AccountAliases: string[] }>('iam', 'ListAccountAliases')).AccountAliases).toEqual(['example-2']);
    await expect(signIn(app, { kind: 'iam', account: 'example-corp', userName: 'policy-user', password: 'abcdefghi!' })).rejects.toThrow(/401/);
    const wrong = await root.call('iam', 'DeleteAccountAlias', { AccountAlias: 'example-corp' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The account alias example-corp cannot be found.' });
    await root.ok('iam', 'DeleteAccountAlias', { AccountAlias: 'example-2' });
    expect((await root.ok<{ AccountAliases: string[] }>('iam', 'ListAccountAliases')).AccountAliases).toEqual([]);
  });

  it('refuses an alias another account holds with EntityAlreadyExists', async () => {
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'taken-alias' });
    const other = await otherAccountRoot('210987654321');
    const res = await other.call('iam', 'CreateAccountAlias', { AccountAlias: 'taken-alias' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'EntityAlreadyExists', message: 'The account alias taken-alias already exists.' });
    expect((await other.ok<{ AccountAliases: string[] }>('iam', 'ListAccountAliases')).AccountAliases).toEqual([]);
    // Nor can it delete this account's alias.
    expect((await other.call('iam', 'DeleteAccountAlias', { AccountAlias: 'taken-alias' })).status).toBe(404);
    expect((await root.ok<{ AccountAliases: string[] }>('iam', 'ListAccountAliases')).AccountAliases).toEqual(['taken-alias']);
  });

  it.each([
    ['Upper-Case', 'uppercase'],
    ['ab', 'under 3'],
    ['a'.repeat(64), 'over 63'],
    ['-leading', 'leading hyphen'],
    ['trailing-', 'trailing hyphen'],
    ['double--hyphen', 'double hyphen'],
    ['123456789012', '12 digits'],
    ['under_score', 'underscore'],
  ])('refuses a bad alias (%s: %s) with a 400', async (alias) => {
    const res = await root.call('iam', 'CreateAccountAlias', { AccountAlias: alias });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect((await root.ok<{ AccountAliases: string[] }>('iam', 'ListAccountAliases')).AccountAliases).toEqual(['taken-alias']);
  });

  it('requires the alias to delete', async () => {
    expect((await root.call('iam', 'DeleteAccountAlias', {})).status).toBe(400);
  });
});

describe('GetAccountSummary', () => {
  it('reports usage and AWS\'s quotas', async () => {
    const before = (await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap;
    expect(before).toMatchObject({
      UsersQuota: 5000,
      GroupsQuota: 300,
      RolesQuota: 1000,
      PoliciesQuota: 1500,
      InstanceProfilesQuota: 1000,
      GroupsPerUserQuota: 10,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      AccessKeysPerUserQuota: 2,
      PolicySizeQuota: 6144,
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: 5,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      RolePolicySizeQuota: 10240,
      AssumeRolePolicySizeQuota: 2048,
      GlobalEndpointTokenVersion: 1,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
      ServerCertificates: 0,
      Providers: 0,
    });
    await root.ok('iam', 'CreateUser', { UserName: 'summary-user' });
    const { AccessKey } = await root.ok<{ AccessKey: { AccessKeyId: string } }>('iam', 'CreateAccessKey');
    const after = (await root.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap;
    expect(after.Users).toBe(before.Users! + 1);
    expect(after.AccountAccessKeysPresent).toBe(1);
    await root.ok('iam', 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId });
    // Another account's entities are not counted.
    const other = await otherAccountRoot('310987654321');
    expect((await other.ok<{ SummaryMap: Record<string, number> }>('iam', 'GetAccountSummary')).SummaryMap).toMatchObject({ Users: 0, Groups: 0, Roles: 0, Policies: 0 });
  });
});

describe('GetAccountAuthorizationDetails', () => {
  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'details-user', Tags: [{ Key: 'team', Value: 'api' }] });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'details-user' } });
    await database.db.inlinePolicy.create({ data: { name: 'inline-one', userId: user.id, document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' } });
    const readOnly = await database.db.managedPolicy.findUniqueOrThrow({ where: { arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' } });
    await database.db.policyAttachment.create({ data: { policyId: readOnly.id, userId: user.id } });
    const group = await database.db.group.create({ data: { id: 'AGPAAAAAAAAAAAAAAAAAA', accountId: ACCOUNT, name: 'details-group', arn: `arn:aws:iam::${ACCOUNT}:group/details-group` } });
    await database.db.groupMembership.create({ data: { groupId: group.id, userId: user.id } });
    await database.db.role.create({
      data: {
        id: 'AROAAAAAAAAAAAAAAAAAA',
        accountId: ACCOUNT,
        name: 'details-role',
        arn: `arn:aws:iam::${ACCOUNT}:role/details-role`,
        assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      },
    });
    const local = await database.db.managedPolicy.create({ data: { id: 'ANPAAAAAAAAAAAAAAAAAA', accountId: ACCOUNT, name: 'details-policy', arn: `arn:aws:iam::${ACCOUNT}:policy/details-policy` } });
    await database.db.policyVersion.create({ data: { policyId: local.id, versionId: 'v1', isDefault: true, document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}' } });
    await database.db.policyAttachment.create({ data: { policyId: local.id, groupId: group.id } });
  });

  it('describes users, groups, roles and the policies in use', async () => {
    const res = await root.ok<{
      UserDetailList: Record<string, unknown>[];
      GroupDetailList: Record<string, unknown>[];
      RoleDetailList: Record<string, unknown>[];
      Policies: Record<string, unknown>[];
      IsTruncated: boolean;
    }>('iam', 'GetAccountAuthorizationDetails');
    expect(res.IsTruncated).toBe(false);
    expect(res.UserDetailList.find((u) => u.UserName === 'details-user')).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:user/details-user`,
      UserPolicyList: [{ PolicyName: 'inline-one', PolicyDocument: expect.stringContaining('s3:GetObject') }],
      GroupList: ['details-group'],
      AttachedManagedPolicies: [{ PolicyName: 'IAMReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }],
      Tags: [{ Key: 'team', Value: 'api' }],
    });
    expect(res.GroupDetailList).toEqual([
      expect.objectContaining({ GroupName: 'details-group', GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'details-policy', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/details-policy` }] }),
    ]);
    expect(res.RoleDetailList).toEqual([expect.objectContaining({ RoleName: 'details-role', AssumeRolePolicyDocument: expect.stringContaining('sts:AssumeRole'), InstanceProfileList: [], RolePolicyList: [] })]);
    // Only the AWS managed policies something here uses, with counts for this account.
    expect(res.Policies.map((p) => p.PolicyName)).toEqual(['details-policy', 'IAMReadOnlyAccess']);
    expect(res.Policies[0]).toMatchObject({ AttachmentCount: 1, DefaultVersionId: 'v1', PolicyVersionList: [expect.objectContaining({ VersionId: 'v1', IsDefaultVersion: true })] });
    expect(res.Policies[1]).toMatchObject({ AttachmentCount: 1, Arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
  });

  it('shows a user\'s permissions boundary and counts its use', async () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/details-policy`;
    const policy = await database.db.managedPolicy.findUniqueOrThrow({ where: { arn: policyArn } });
    await database.db.user.updateMany({ where: { name: 'details-user' }, data: { permissionsBoundaryId: policy.id } });
    try {
      const res = await root.ok<{ UserDetailList: Record<string, unknown>[]; Policies: Record<string, unknown>[] }>('iam', 'GetAccountAuthorizationDetails', { Filter: ['User', 'LocalManagedPolicy'] });
      expect(res.UserDetailList.find((u) => u.UserName === 'details-user')).toMatchObject({
        PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn },
        CreateDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(res.Policies.find((p) => p.Arn === policyArn)).toMatchObject({ PermissionsBoundaryUsageCount: 1, AttachmentCount: 1 });
    } finally {
      await database.db.user.updateMany({ where: { name: 'details-user' }, data: { permissionsBoundaryId: null } });
    }
  });

  it('filters by entity type', async () => {
    const onlyRoles = await root.ok<{ UserDetailList: unknown[]; GroupDetailList: unknown[]; RoleDetailList: unknown[]; Policies: unknown[] }>('iam', 'GetAccountAuthorizationDetails', { Filter: ['Role'] });
    expect([onlyRoles.UserDetailList.length, onlyRoles.GroupDetailList.length, onlyRoles.RoleDetailList.length, onlyRoles.Policies.length]).toEqual([0, 0, 1, 0]);
    const aws = await root.ok<{ Policies: { PolicyName: string }[] }>('iam', 'GetAccountAuthorizationDetails', { Filter: ['AWSManagedPolicy'] });
    expect(aws.Policies.map((p) => p.PolicyName)).toEqual(['IAMReadOnlyAccess']);
    expect((await root.call('iam', 'GetAccountAuthorizationDetails', { Filter: ['Users'] })).status).toBe(400);
  });

  it('pages across every kind of entity without repeats or gaps', async () => {
    const all = await root.ok<{ UserDetailList: { UserName: string }[]; GroupDetailList: unknown[]; RoleDetailList: unknown[]; Policies: unknown[] }>('iam', 'GetAccountAuthorizationDetails');
    const total = all.UserDetailList.length + all.GroupDetailList.length + all.RoleDetailList.length + all.Policies.length;
    let marker: string | undefined;
    let seen = 0;
    const users: string[] = [];
    for (let pages = 0; pages < 50; pages++) {
      const res = await root.ok<{ UserDetailList: { UserName: string }[]; GroupDetailList: unknown[]; RoleDetailList: unknown[]; Policies: unknown[]; IsTruncated: boolean; Marker?: string }>(
        'iam', 'GetAccountAuthorizationDetails', { MaxItems: 2, ...(marker ? { Marker: marker } : {}) },
      );
      const count = res.UserDetailList.length + res.GroupDetailList.length + res.RoleDetailList.length + res.Policies.length;
      expect(count).toBeLessThanOrEqual(2);
      seen += count;
      users.push(...res.UserDetailList.map((u) => u.UserName));
      if (!res.IsTruncated) break;
      marker = res.Marker;
    }
    expect(seen).toBe(total);
    expect(users).toEqual(all.UserDetailList.map((u) => u.UserName));
    expect((await root.call('iam', 'GetAccountAuthorizationDetails', { Marker: 'garbage' })).status).toBe(400);
  });
});

describe('credential report', () => {
  it('is not present until generated, then STARTED once and COMPLETE within 4 hours', async () => {
    const missing = await root.call('iam', 'GetCredentialReport');
    expect(missing.status).toBe(410);
    expect(missing.body.error.code).toBe('ReportNotPresent');
    expect(await root.ok('iam', 'GenerateCredentialReport')).toMatchObject({ State: 'STARTED' });
    expect(await root.ok('iam', 'GenerateCredentialReport')).toEqual({ State: 'COMPLETE' });
  });

  it('has AWS\'s 22 columns, the root account first, and one row per user', async () => {
    const report = await root.ok<{ Content: string; ReportFormat: string; GeneratedTime: string }>('iam', 'GetCredentialReport');
    expect(report.ReportFormat).toBe('text/csv');
    expect(new Date(report.GeneratedTime).getTime()).toBeLessThanOrEqual(clock);
    const lines = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
    expect(lines[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    expect(CREDENTIAL_REPORT_HEADER).toHaveLength(22);
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const row of rows) expect(row).toHaveLength(22);
    const rootRow = rows[0]!;
    expect(rootRow.slice(0, 2)).toEqual(['<root_account>', `arn:aws:iam::${ACCOUNT}:root`]);
    expect(rootRow[3]).toBe('not_supported');
    expect(rootRow[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(rootRow[5]).toBe('not_supported');
    expect(rootRow[7]).toBe('FALSE');
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.size).toBe(await database.db.user.count({ where: { accountId: ACCOUNT } }));
    const withPassword = byName.get('policy-user')!;
    expect(withPassword[3]).toBe('TRUE');
    expect(withPassword[5]).toMatch(/\+00:00$/);
    expect(withPassword[6]).toBe('N/A');
    const noPassword = byName.get('summary-user')!;
    expect(noPassword.slice(3, 19)).toEqual(['FALSE', 'N/A', 'N/A', 'N/A', 'FALSE', 'FALSE', 'N/A', 'N/A', 'N/A', 'N/A', 'FALSE', 'N/A', 'N/A', 'N/A', 'N/A', 'FALSE']);
  });

  it('reports access keys and their last use once regenerated after 4 hours; the old report expires', async () => {
    const { AccessKey } = await root.ok<{ AccessKey: { AccessKeyId: string } }>('iam', 'CreateAccessKey', { UserName: 'summary-user' });
    const usedAt = new Date('2026-03-04T05:06:07.000Z');
    await database.db.accessKey.update({ where: { id: AccessKey.AccessKeyId }, data: { lastUsedAt: usedAt, lastUsedRegion: 'us-east-1', lastUsedService: 'iam' } });
    clock += 4 * 60 * 60 * 1000 + 1000;
    const expired = await root.call('iam', 'GetCredentialReport');
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('ReportExpired');
    expect(await root.ok('iam', 'GenerateCredentialReport')).toMatchObject({ State: 'STARTED' });
    const report = await root.ok<{ Content: string; GeneratedTime: string }>('iam', 'GetCredentialReport');
    expect(new Date(report.GeneratedTime).getTime()).toBe(clock);
    const row = Buffer.from(report.Content, 'base64').toString('utf8').split('\n').find((l) => l.startsWith('summary-user,'))!.split(',');
    expect(row.slice(8, 13)).toEqual(['TRUE', expect.stringMatching(/\+00:00$/), reportTime(usedAt), 'us-east-1', 'iam']);
    expect(row[13]).toBe('FALSE');
  });

  it('keeps each account\'s report to itself', async () => {
    const other = await otherAccountRoot('410987654321');
    expect((await other.call('iam', 'GetCredentialReport')).status).toBe(410);
  });

  it('quotes CSV fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(reportTime(new Date('2014-07-14T17:52:43.123Z'))).toBe('2014-07-14T17:52:43+00:00');
  });
});

describe('authorization', () => {
  it('an IAM user needs permission for account settings', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'plain-user' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'plain-user', Password: 'Plain-Password-1' });
    const plain = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'plain-user', password: 'Plain-Password-1' });
    for (const action of ['GetAccountSummary', 'UpdateAccountPasswordPolicy', 'GenerateCredentialReport', 'GetAccountAuthorizationDetails']) {
      const res = await plain.call('iam', action, {});
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
    expect(await database.db.passwordPolicy.count({ where: { accountId: ACCOUNT } })).toBe(0);
  });
});
