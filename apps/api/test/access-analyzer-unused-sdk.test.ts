/**
 * IAM Access Analyzer's unused access analyzers through the real @aws-sdk/client-accessanalyzer
 * against the real server: unused roles, access keys, passwords and permissions from IAM's
 * last-used records and the audit log (events seeded with past times), their lifecycle (active,
 * archived, resolved — by a rescan, lazily on a stale read, by a new configuration),
 * statistics, recommendations, authorization and audit; then `aws accessanalyzer … ` for them.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessAnalyzerClient,
  AccessDeniedException,
  ApplyArchiveRuleCommand,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  GenerateFindingRecommendationCommand,
  GetAnalyzerCommand,
  GetFindingCommand,
  GetFindingRecommendationCommand,
  GetFindingsStatisticsCommand,
  GetFindingV2Command,
  ListAnalyzersCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  ResourceNotFoundException,
  StartResourceScanCommand,
  UpdateAnalyzerCommand,
  UpdateFindingsCommand,
  ValidationException,
  type FindingSummaryV2,
} from '@aws-sdk/client-accessanalyzer';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { awsCli, DEBIAN_AWS } from './aws-cli-runner';
import { startSdkServer, type Credentials, type SdkServer } from './sdk-server';

const DAY = 86_400_000;
let server: SdkServer;
let analyzer: AccessAnalyzerClient;
const client = (credentials: Credentials) => new AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const ago = (days: number) => new Date(Date.now() - days * DAY);
const allow = (...Action: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** An audit event written straight to the log, at a past time (as Access Advisor's tests seed it). */
async function called(principalArn: string, action: string, time: Date, accountId = server.accountId) {
  await server.database.db.auditEvent.create({ data: { accountId, principalArn, action, time, decision: 'allowed', requestId: randomUUID(), protocol: 'query' } });
}
const session = (role: string, accountId = server.accountId) => `arn:aws:sts::${accountId}:assumed-role/${role}/s-1`;

let arn: string;
const arns: Record<string, string> = {};
let oldKey: string;
let oldKeyCredentials: Credentials;

beforeAll(async () => {
  server = await startSdkServer();
  analyzer = client(server.root);
  const { db } = server.database;
  const acc = server.accountId;
  // A role last assumed 100 days ago; a role used 5 days ago for one of its IAM actions (EC2: 120
  // days ago; S3 never); a role created today; a service-linked role, never used.
  arns.stale = await server.fixtures.role(acc, 'Stale', TRUST);
  await db.role.update({ where: { arn: arns.stale }, data: { createdAt: ago(200), lastUsedAt: ago(100) } });
  await called(session('Stale'), 'iam:ListUsers', ago(100));
  arns.busy = await server.fixtures.role(acc, 'Busy', TRUST, [allow('iam:ListUsers', 'iam:GetUser', 'iam:CreateUser', 'ec2:DescribeInstances', 's3:GetObject')]);
  await db.role.update({ where: { arn: arns.busy }, data: { createdAt: ago(200), tags: [{ Key: 'team', Value: 'ops' }] } });
  await called(session('Busy'), 'iam:ListUsers', ago(5));
  await called(session('Busy'), 'ec2:DescribeInstances', ago(120));
  arns.fresh = await server.fixtures.role(acc, 'Fresh', TRUST, [allow('iam:*')]);
  const linked = await server.fixtures.role(acc, 'AWSServiceRoleForSupport', TRUST);
  await db.role.update({ where: { arn: linked }, data: { createdAt: ago(300), path: '/aws-service-role/support.amazonaws.com/' } });
  // alice: uses her one permission and her first key; her password was last used 150 days ago.
  const alice = await server.fixtures.user(acc, 'alice', [allow('iam:ListUsers')]);
  arns.alice = alice.arn;
  const user = await db.user.update({ where: { arn: alice.arn }, data: { createdAt: ago(200), passwordLastUsed: ago(150) } });
  await db.loginProfile.create({ data: { userId: user.id, passwordHash: 'unused-in-this-test', createdAt: ago(200) } });
  await db.accessKey.update({ where: { id: alice.accessKeyId }, data: { createdAt: ago(200), lastUsedAt: ago(2) } });
  const second = (await server.iam(server.root).send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  oldKey = second.AccessKeyId!;
  oldKeyCredentials = { accessKeyId: oldKey, secretAccessKey: second.SecretAccessKey! };
  await db.accessKey.update({ where: { id: oldKey }, data: { createdAt: ago(200) } });
  await called(alice.arn, 'iam:ListUsers', ago(2));
}, 60_000);
afterAll(async () => server?.close());

const list = async (filter?: Record<string, object>) => {
  const out: FindingSummaryV2[] = [];
  let nextToken: string | undefined;
  do {
    const page = await analyzer.send(new ListFindingsV2Command({ analyzerArn: arn, ...(filter ? { filter } : {}), nextToken, maxResults: 2 }));
    out.push(...page.findings!);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
};
const summary = (fs: FindingSummaryV2[]) => fs.map((f) => `${f.resource} ${f.findingType} ${f.status}`).sort();
const findingOf = async (resource: string, findingType: string) => (await list()).find((f) => f.resource === resource && f.findingType === findingType)!;
const details = async (id: string, maxResults?: number) => analyzer.send(new GetFindingV2Command({ analyzerArn: arn, id, ...(maxResults ? { maxResults } : {}) }));
/** UpdateAnalyzer with the configuration unchanged: a full scan now. */
const rescan = () => analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 90 } } }));
const near = (date: Date | undefined, expected: Date) => Math.abs((date?.getTime() ?? 0) - expected.getTime()) < 60_000;

describe('an ACCOUNT_UNUSED_ACCESS analyzer', () => {
  it('is created with the default unusedAccessAge (90) and shows its configuration', async () => {
    arn = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }))).arn!;
    const { analyzer: got } = await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'unused' }));
    expect(got).toMatchObject({ arn, type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', configuration: { unusedAccess: { unusedAccessAge: 90 } }, lastResourceAnalyzedAt: expect.any(Date) });
    const listed = await analyzer.send(new ListAnalyzersCommand({ type: 'ACCOUNT_UNUSED_ACCESS' }));
    expect(listed.analyzers!.map((a) => a.name)).toEqual(['unused']);
  });

  it('finds the unused role, password, access key and permissions — and nothing new, service-linked or in use', async () => {
    const acc = server.accountId;
    expect(summary(await list())).toEqual(
      [`${arns.alice} UnusedIAMUserAccessKey ACTIVE`, `${arns.alice} UnusedIAMUserPassword ACTIVE`, `${arns.busy} UnusedPermission ACTIVE`, `${arns.stale} UnusedIAMRole ACTIVE`].sort(),
    );
    const role = await findingOf(arns.stale!, 'UnusedIAMRole');
    expect(role).toMatchObject({ resourceType: 'AWS::IAM::Role', resourceOwnerAccount: acc });
    const roleDetails = await details(role.id!);
    expect(near(roleDetails.findingDetails![0]!.unusedIamRoleDetails!.lastAccessed, ago(100))).toBe(true);
    const key = await details((await findingOf(arns.alice!, 'UnusedIAMUserAccessKey')).id!);
    expect(key).toMatchObject({ resourceType: 'AWS::IAM::User', findingType: 'UnusedIAMUserAccessKey', findingDetails: [{ unusedIamUserAccessKeyDetails: { accessKeyId: oldKey } }] });
    expect(key.findingDetails![0]!.unusedIamUserAccessKeyDetails!.lastAccessed).toBeUndefined();
    const password = await details((await findingOf(arns.alice!, 'UnusedIAMUserPassword')).id!);
    expect(near(password.findingDetails![0]!.unusedIamUserPasswordDetails!.lastAccessed, ago(150))).toBe(true);
  });

  it('lists the unused permissions by service: actions for IAM and EC2, the service for others, with last access', async () => {
    const permission = await details((await findingOf(arns.busy!, 'UnusedPermission')).id!);
    const byService = Object.fromEntries(permission.findingDetails!.map((d) => [d.unusedPermissionDetails!.serviceNamespace, d.unusedPermissionDetails!]));
    expect(Object.keys(byService).sort()).toEqual(['ec2', 'iam', 's3']);
    expect(byService.iam!.actions!.map((a: { action?: string }) => a.action)).toEqual(['CreateUser', 'GetUser']);
    expect(near(byService.iam!.lastAccessed, ago(5))).toBe(true);
    expect(byService.ec2!.actions!.map((a: { action?: string }) => a.action)).toEqual(['DescribeInstances']);
    expect(near(byService.ec2!.actions![0]!.lastAccessed, ago(120))).toBe(true);
    expect(byService.s3).toEqual({ serviceNamespace: 's3' });
    // The details are paged.
    const first = await details(permission.id!, 2);
    expect(first.findingDetails).toHaveLength(2);
    const rest = await analyzer.send(new GetFindingV2Command({ analyzerArn: arn, id: permission.id!, maxResults: 2, nextToken: first.nextToken! }));
    expect(rest.findingDetails).toHaveLength(1);
    expect(rest.nextToken).toBeUndefined();
  });

  it('filters and sorts ListFindingsV2; ListFindings and GetFinding (v1) refuse an unused access analyzer', async () => {
    expect(summary(await list({ findingType: { eq: ['UnusedIAMUserPassword', 'UnusedIAMRole'] } }))).toEqual([`${arns.alice} UnusedIAMUserPassword ACTIVE`, `${arns.stale} UnusedIAMRole ACTIVE`].sort());
    expect((await list({ resourceType: { eq: ['AWS::IAM::User'] } })).map((f) => f.findingType).sort()).toEqual(['UnusedIAMUserAccessKey', 'UnusedIAMUserPassword']);
    const sorted = await analyzer.send(new ListFindingsV2Command({ analyzerArn: arn, sort: { attributeName: 'findingType', orderBy: 'DESC' } }));
    expect(sorted.findings!.map((f) => f.findingType)).toEqual(['UnusedPermission', 'UnusedIAMUserPassword', 'UnusedIAMUserAccessKey', 'UnusedIAMRole']);
    await expect(analyzer.send(new ListFindingsCommand({ analyzerArn: arn }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new GetFindingCommand({ analyzerArn: arn, id: sorted.findings![0]!.id! }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('counts findings in GetFindingsStatistics (unused access), and external findings for an external analyzer', async () => {
    const stats = await analyzer.send(new GetFindingsStatisticsCommand({ analyzerArn: arn }));
    expect(stats.findingsStatistics).toEqual([
      {
        unusedAccessFindingsStatistics: {
          unusedAccessTypeStatistics: [
            { unusedAccessType: 'UnusedIAMRole', total: 1 },
            { unusedAccessType: 'UnusedIAMUserAccessKey', total: 1 },
            { unusedAccessType: 'UnusedIAMUserPassword', total: 1 },
            { unusedAccessType: 'UnusedPermission', total: 1 },
          ],
          topAccounts: [{ account: server.accountId, numberOfActiveFindings: 4, details: { UnusedIAMRole: 1, UnusedIAMUserAccessKey: 1, UnusedIAMUserPassword: 1, UnusedPermission: 1 } }],
          totalActiveFindings: 4,
          totalArchivedFindings: 0,
          totalResolvedFindings: 0,
        },
      },
    ]);
    expect(stats.lastUpdatedAt).toBeInstanceOf(Date);
    await server.fixtures.role(server.accountId, 'Partner', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
    const external = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'external', type: 'ACCOUNT' }))).arn!;
    const externalStats = await analyzer.send(new GetFindingsStatisticsCommand({ analyzerArn: external }));
    expect(externalStats.findingsStatistics).toEqual([
      { externalAccessFindingsStatistics: { resourceTypeStatistics: { 'AWS::IAM::Role': { totalActivePublic: 0, totalActiveCrossAccount: 1, totalActiveErrors: 0 } }, totalActiveFindings: 1, totalArchivedFindings: 0, totalResolvedFindings: 0 } },
    ]);
    // The external analyzer's findings are not unused access, and the unused analyzer has no external ones.
    expect((await analyzer.send(new ListFindingsV2Command({ analyzerArn: external }))).findings!.map((f) => f.findingType)).toEqual(['ExternalAccess']);
    expect((await list()).some((f) => f.findingType === 'ExternalAccess')).toBe(false);
  });

  it('recommends, policy by policy, a narrowed policy or detaching one that grants only unused access', async () => {
    const iam = server.iam(server.root);
    const s3Only = (await iam.send(new CreatePolicyCommand({ PolicyName: 'S3Read', PolicyDocument: JSON.stringify(allow('s3:GetObject')) }))).Policy!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Busy', PolicyArn: s3Only }));
    const before = await findingOf(arns.busy!, 'UnusedPermission');
    const id = before.id!;
    // S3 was unused already: a rescan (UpdateAnalyzer, the same configuration) finds the same finding, not updated.
    await rescan();
    const after = await findingOf(arns.busy!, 'UnusedPermission');
    expect(after).toMatchObject({ id, status: 'ACTIVE', updatedAt: before.updatedAt });
    expect(after.analyzedAt!.getTime()).toBeGreaterThan(before.analyzedAt!.getTime());
    await expect(analyzer.send(new GetFindingRecommendationCommand({ analyzerArn: arn, id }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await analyzer.send(new GenerateFindingRecommendationCommand({ analyzerArn: arn, id }));
    const rec = await analyzer.send(new GetFindingRecommendationCommand({ analyzerArn: arn, id }));
    expect(rec).toMatchObject({ recommendationType: 'UnusedPermissionRecommendation', status: 'SUCCEEDED', resourceArn: arns.busy, startedAt: expect.any(Date), completedAt: expect.any(Date) });
    const steps = rec.recommendedSteps!.map((s) => s.unusedPermissionsRecommendedStep!);
    expect(steps.map((s) => `${s.recommendedAction} ${s.existingPolicyId}`)).toEqual(['CREATE_POLICY p0', 'DETACH_POLICY p0', `DETACH_POLICY ${s3Only}`]);
    expect(JSON.parse(steps[0]!.recommendedPolicy!)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
    expect(steps[0]!.policyUpdatedAt).toBeInstanceOf(Date);
    const paged = await analyzer.send(new GetFindingRecommendationCommand({ analyzerArn: arn, id, maxResults: 2 }));
    expect(paged.recommendedSteps).toHaveLength(2);
    expect(paged.nextToken).toEqual(expect.any(String));
    const roleFinding = (await findingOf(arns.stale!, 'UnusedIAMRole')).id!;
    await expect(analyzer.send(new GenerateFindingRecommendationCommand({ analyzerArn: arn, id: roleFinding }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('archives by rule and UpdateFindings; resolves on a rescan once the key is used, and lazily when a stale read sees the role used', async () => {
    await analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'unused', ruleName: 'Passwords', filter: { findingType: { eq: ['UnusedIAMUserPassword'] } } }));
    await analyzer.send(new ApplyArchiveRuleCommand({ analyzerArn: arn, ruleName: 'Passwords' }));
    expect((await findingOf(arns.alice!, 'UnusedIAMUserPassword')).status).toBe('ARCHIVED');
    const permission = (await findingOf(arns.busy!, 'UnusedPermission')).id!;
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn: arn, ids: [permission], status: 'ARCHIVED' }));
    expect((await findingOf(arns.busy!, 'UnusedPermission')).status).toBe('ARCHIVED');
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn: arn, ids: [permission], status: 'ACTIVE' }));

    // alice's old key signs a request (the server records its use); a rescan resolves its finding.
    await server.iam(oldKeyCredentials).send(new GetUserCommand({})).catch(() => undefined);
    await rescan();
    expect((await findingOf(arns.alice!, 'UnusedIAMUserAccessKey')).status).toBe('RESOLVED');
    // StartResourceScan serves external access analyzers only (AWS).
    await expect(analyzer.send(new StartResourceScanCommand({ analyzerArn: arn, resourceArn: arns.alice! }))).rejects.toBeInstanceOf(ValidationException);

    // The Stale role is used today: a read within RESCAN_AFTER_MS of the last scan does not see
    // it; once the last scan is older, the read rescans first.
    await called(session('Stale'), 'iam:GetRole', new Date());
    expect((await findingOf(arns.stale!, 'UnusedIAMRole')).status).toBe('ACTIVE');
    await server.database.db.analyzer.update({ where: { arn }, data: { lastResourceAnalyzedAt: new Date(Date.now() - 11 * 60_000) } });
    expect((await findingOf(arns.stale!, 'UnusedIAMRole')).status).toBe('RESOLVED');
  });

  it('UpdateAnalyzer changes the period and the exclusions, and the findings follow', async () => {
    const updated = await analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 180 } } }));
    expect(updated.configuration).toEqual({ unusedAccess: { unusedAccessAge: 180 } });
    // 180 days: the password (150 days) and EC2 (120 days) count as used.
    expect((await findingOf(arns.alice!, 'UnusedIAMUserPassword')).status).toBe('RESOLVED');
    const permission = await details((await findingOf(arns.busy!, 'UnusedPermission')).id!);
    expect(permission.findingDetails!.map((d) => d.unusedPermissionDetails!.serviceNamespace).sort()).toEqual(['iam', 's3']);
    await analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 180, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } } } }));
    expect((await findingOf(arns.busy!, 'UnusedPermission')).status).toBe('RESOLVED');
    expect((await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'unused' }))).analyzer!.configuration).toEqual({
      unusedAccess: { unusedAccessAge: 180, analysisRule: { exclusions: [{ resourceTags: [{ team: 'ops' }] }] } },
    });
    await expect(analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 366 } } }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'external', configuration: { unusedAccess: { unusedAccessAge: 30 } } }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'external' }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('refuses a configuration on an external analyzer and internal access analyzers', async () => {
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'bad', type: 'ACCOUNT', configuration: { unusedAccess: { unusedAccessAge: 30 } } }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'bad', type: 'ACCOUNT_INTERNAL_ACCESS' }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'bad', type: 'ACCOUNT_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 0 } } }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('an ORGANIZATION_UNUSED_ACCESS analyzer of the management account covers member accounts', async () => {
    const member = '777766665555';
    await server.fixtures.account(member);
    await server.database.db.account.update({ where: { id: member }, data: { managementAccountId: server.accountId } });
    const bob = await server.fixtures.user(member, 'bob');
    await server.database.db.accessKey.update({ where: { id: bob.accessKeyId }, data: { createdAt: ago(100) } });
    const org = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'org-unused', type: 'ORGANIZATION_UNUSED_ACCESS', configuration: { unusedAccess: { unusedAccessAge: 30 } } }))).arn!;
    const findings = (await analyzer.send(new ListFindingsV2Command({ analyzerArn: org }))).findings!;
    expect(findings.find((f) => f.resource === bob.arn)).toMatchObject({ findingType: 'UnusedIAMUserAccessKey', resourceOwnerAccount: member, status: 'ACTIVE' });
    const stats = await analyzer.send(new GetFindingsStatisticsCommand({ analyzerArn: org }));
    expect(stats.findingsStatistics![0]!.unusedAccessFindingsStatistics!.topAccounts!.map((a) => a.account).sort()).toEqual([member, server.accountId].sort());
    // A member account manages no organization: it may not create one.
    const memberAdmin = await server.fixtures.user(member, 'member-admin', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'access-analyzer:*', Resource: '*' }] }]);
    await expect(client(memberAdmin).send(new CreateAnalyzerCommand({ analyzerName: 'org-unused', type: 'ORGANIZATION_UNUSED_ACCESS' }))).rejects.toBeInstanceOf(ValidationException);
    expect((await client(memberAdmin).send(new CreateAnalyzerCommand({ analyzerName: 'own-unused', type: 'ACCOUNT_UNUSED_ACCESS' }))).arn).toBe(`arn:aws:access-analyzer:us-east-1:${member}:analyzer/own-unused`);
  });

  it('authorizes access-analyzer:<Action> on the analyzer and audits it', async () => {
    const reader = await server.fixtures.user(server.accountId, 'unused-reader', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['access-analyzer:ListFindings', 'access-analyzer:GetFinding'], Resource: arn }] }]);
    const listed = await client(reader).send(new ListFindingsV2Command({ analyzerArn: arn }));
    expect(listed.findings!.length).toBeGreaterThan(0);
    expect(await server.auditEvent(listed.$metadata.requestId)).toMatchObject({ action: 'access-analyzer:ListFindings', decision: 'allowed', resource: arn, principalArn: reader.arn });
    const denied = await client(reader).send(new GetFindingsStatisticsCommand({ analyzerArn: arn })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(await server.auditEvent((denied as AccessDeniedException).$metadata.requestId)).toMatchObject({ action: 'access-analyzer:GetFindingsStatistics', decision: 'denied', resource: arn });
    const id = listed.findings![0]!.id!;
    const refused = await client(reader).send(new GenerateFindingRecommendationCommand({ analyzerArn: arn, id })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AccessDeniedException);
    const updated = await analyzer.send(new UpdateAnalyzerCommand({ analyzerName: 'unused', configuration: { unusedAccess: { unusedAccessAge: 90 } } }));
    expect(await server.auditEvent(updated.$metadata.requestId)).toMatchObject({ action: 'access-analyzer:UpdateAnalyzer', decision: 'allowed', resource: arn });
  });
});

describe('aws CLI', () => {
  const cli = (bin: string) => {
    const aws = awsCli(server, { bin });
    return (...args: string[]) => aws('accessanalyzer', ...args);
  };
  // Debian 12's awscli (2.9) predates unused access: it sends the type, reads the analyzer, and
  // shows ListFindings' refusal.
  it('aws accessanalyzer create-analyzer --type ACCOUNT_UNUSED_ACCESS, get-analyzer, list-findings (refused)', async () => {
    const aws = cli(DEBIAN_AWS);
    const created = await aws('create-analyzer', '--analyzer-name', 'cli-unused', '--type', 'ACCOUNT_UNUSED_ACCESS');
    expect(created.arn).toBe(`arn:aws:access-analyzer:us-east-1:${server.accountId}:analyzer/cli-unused`);
    expect(((await aws('get-analyzer', '--analyzer-name', 'cli-unused')) as { analyzer: { type: string } }).analyzer.type).toBe('ACCOUNT_UNUSED_ACCESS');
    const refused = await aws('list-findings', '--analyzer-arn', created.arn as string).catch((e: { stderr: string }) => e.stderr);
    expect(refused).toMatch(/ValidationException.*ListFindingsV2/);
  }, 60_000);

  // An `aws` on PATH that knows the V2 operations (awscli ≥ 1.31), when there is one.
  const modern = (() => {
    try {
      execFileSync('aws', ['accessanalyzer', 'list-findings-v2', 'help'], { env: { ...process.env, AWS_PAGER: '', PAGER: 'cat' }, stdio: 'ignore', timeout: 20_000 });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!modern)('aws accessanalyzer create-analyzer --configuration, list-findings-v2, get-finding-v2, get-findings-statistics', async () => {
    const aws = cli('aws');
    const created = await aws('create-analyzer', '--analyzer-name', 'cli-unused-60', '--type', 'ACCOUNT_UNUSED_ACCESS', '--configuration', '{"unusedAccess":{"unusedAccessAge":60}}');
    const cliArn = created.arn as string;
    const listed = (await aws('list-findings-v2', '--analyzer-arn', cliArn, '--filter', '{"findingType":{"eq":["UnusedPermission"]}}')) as { findings: { id: string; findingType: string }[] };
    expect(listed.findings.length).toBeGreaterThan(0);
    expect(listed.findings.every((f) => f.findingType === 'UnusedPermission')).toBe(true);
    const got = (await aws('get-finding-v2', '--analyzer-arn', cliArn, '--id', listed.findings[0]!.id)) as { findingDetails: { unusedPermissionDetails?: { serviceNamespace: string } }[] };
    expect(got.findingDetails.every((d) => typeof d.unusedPermissionDetails?.serviceNamespace === 'string')).toBe(true);
    const stats = (await aws('get-findings-statistics', '--analyzer-arn', cliArn)) as { findingsStatistics: { unusedAccessFindingsStatistics: { totalActiveFindings: number } }[] };
    expect(stats.findingsStatistics[0]!.unusedAccessFindingsStatistics.totalActiveFindings).toBeGreaterThan(0);
    expect(((await aws('get-analyzer', '--analyzer-name', 'cli-unused-60')) as { analyzer: { configuration: object } }).analyzer.configuration).toEqual({ unusedAccess: { unusedAccessAge: 60 } });
  }, 60_000);
});
