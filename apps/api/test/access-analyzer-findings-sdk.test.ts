/**
 * IAM Access Analyzer's analyzers and external access findings through the real
 * @aws-sdk/client-accessanalyzer (and IAM's and EC2's SDK clients for the changes that cause
 * findings), against the real server: CheckNoPublicAccess, analyzers, findings of roles, AMIs and
 * snapshots (active, archived, resolved), incremental recomputation in the write path, archive
 * rules, authorization and audit; then `aws accessanalyzer create-analyzer / list-findings`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessAnalyzerClient,
  AccessDeniedException,
  ApplyArchiveRuleCommand,
  CheckNoPublicAccessCommand,
  ConflictException,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  DeleteAnalyzerCommand,
  DeleteArchiveRuleCommand,
  GetAnalyzerCommand,
  GetArchiveRuleCommand,
  GetFindingCommand,
  GetFindingV2Command,
  InvalidParameterException,
  ListAnalyzersCommand,
  ListArchiveRulesCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  ResourceNotFoundException,
  StartResourceScanCommand,
  UpdateArchiveRuleCommand,
  UpdateFindingsCommand,
  ValidationException,
  type FindingSummary,
} from '@aws-sdk/client-accessanalyzer';
import { CreateRoleCommand, DeleteRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSnapshotCommand, DeregisterImageCommand, ModifyImageAttributeCommand, ModifySnapshotAttributeCommand, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { awsCli } from './aws-cli-runner';
import { startSdkServer, type Credentials, type SdkServer } from './sdk-server';

const EXTERNAL = '444455556666';
let server: SdkServer;
let analyzer: AccessAnalyzerClient;
const client = (credentials: Credentials) => new AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (Principal: object, extra: object = {}) => doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });

beforeAll(async () => {
  server = await startSdkServer();
  analyzer = client(server.root);
}, 60_000);
afterAll(async () => server?.close());

describe('CheckNoPublicAccess (role trust policies)', () => {
  const check = (policyDocument: string) => analyzer.send(new CheckNoPublicAccessCommand({ policyDocument, resourceType: 'AWS::IAM::AssumeRolePolicyDocument' }));

  it('fails a trust policy anyone may use, naming the statement', async () => {
    const fail = await check(doc({ Sid: 'Own', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }, { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }));
    expect(fail).toMatchObject({ result: 'FAIL', message: expect.any(String), reasons: [{ statementIndex: 1, statementId: 'Anyone', description: expect.any(String) }] });
    // Allow with NotPrincipal lets everyone else in.
    expect((await check(doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${EXTERNAL}:root` }, Action: 'sts:AssumeRole' }))).result).toBe('FAIL');
    // A well-known web IdP with no audience condition: anyone with an account there.
    expect((await check(trust({ Federated: 'accounts.google.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' }))).result).toBe('FAIL');
  });

  it('passes named accounts, `*` confined by conditions, SAML, a Deny of everyone, and other actions', async () => {
    expect((await check(trust({ AWS: EXTERNAL }))).result).toBe('PASS');
    expect((await check(trust({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': EXTERNAL } } })))).toMatchObject({ result: 'PASS', reasons: [] });
    expect((await check(trust({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }))).result).toBe('PASS');
    expect((await check(trust({ Federated: 'accounts.google.com' }, { Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': 'my-app' } } }))).result).toBe('PASS');
    expect((await check(trust({ Federated: `arn:aws:iam::${server.accountId}:saml-provider/Corp` }, { Action: 'sts:AssumeRoleWithSAML' }))).result).toBe('PASS');
    expect((await check(doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: '*', Action: 'sts:*' }))).result).toBe('PASS');
    expect((await check(trust('*' as never, { Action: 'sts:TagSession' }))).result).toBe('PASS');
  });

  it('is conservative where a condition cannot confine callers (a wildcard value, IfExists)', async () => {
    expect((await check(trust({ AWS: '*' }, { Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } }))).result).toBe('FAIL');
    expect((await check(trust({ AWS: '*' }, { Condition: { StringEqualsIfExists: { 'aws:PrincipalAccount': EXTERNAL } } }))).result).toBe('FAIL');
    // An OIDC provider trusted without a `sub` condition: any subject of the issuer.
    const oidc = `arn:aws:iam::${server.accountId}:oidc-provider/token.actions.githubusercontent.com`;
    expect((await check(trust({ Federated: oidc }, { Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }))).result).toBe('FAIL');
    expect((await check(trust({ Federated: oidc }, { Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } } }))).result).toBe('PASS');
  });

  it('refuses resource types this server holds none of, and invalid documents', async () => {
    await expect(analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: trust({ AWS: '*' }), resourceType: 'AWS::S3::Bucket' }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(check('{"Statement": ')).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(analyzer.send(new CheckNoPublicAccessCommand({ policyDocument: trust({ AWS: '*' }), resourceType: 'AWS::Nope' as never }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('analyzers and external access findings', () => {
  let arn: string;
  const iam = () => server.iam(server.root);
  const ec2 = () => server.ec2(server.root);
  const findings = async (filter?: Record<string, object>) => (await analyzer.send(new ListFindingsCommand({ analyzerArn: arn, ...(filter ? { filter } : {}) }))).findings!;
  const of = (list: FindingSummary[], resource: string) => list.filter((f) => f.resource === resource);
  let imageId: string;
  let snapshotId: string;
  let roleArn: string;

  beforeAll(async () => {
    // Before the analyzer: found by CreateAnalyzer's full scan.
    roleArn = (await iam().send(new CreateRoleCommand({ RoleName: 'Partner', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${EXTERNAL}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } }) }))).Role!.Arn!;
    await iam().send(new CreateRoleCommand({ RoleName: 'Internal', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${server.accountId}:root` }) }));
    await iam().send(new CreateRoleCommand({ RoleName: 'Lambda', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
    snapshotId = (await ec2().send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' }))).SnapshotId!;
    imageId = (await ec2().send(new RegisterImageCommand({ Name: 'base-image', RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotId } }] }))).ImageId!;
    await ec2().send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ Group: 'all' }] } }));
  }, 30_000);

  it('creates an ACCOUNT analyzer whose full scan finds the external role and the public AMI', async () => {
    const created = await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account-zone', type: 'ACCOUNT', tags: { team: 'sec' } }));
    arn = created.arn!;
    expect(arn).toBe(`arn:aws:access-analyzer:us-east-1:${server.accountId}:analyzer/account-zone`);
    const { analyzer: got } = await analyzer.send(new GetAnalyzerCommand({ analyzerName: 'account-zone' }));
    expect(got).toMatchObject({ arn, name: 'account-zone', type: 'ACCOUNT', status: 'ACTIVE', tags: { team: 'sec' }, createdAt: expect.any(Date) });
    expect((await analyzer.send(new ListAnalyzersCommand({}))).analyzers!.map((a) => a.name)).toEqual(['account-zone']);

    const all = await findings();
    expect(all).toHaveLength(2);
    expect(of(all, roleArn)).toEqual([
      expect.objectContaining({ resourceType: 'AWS::IAM::Role', principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` }, action: ['sts:AssumeRole'], condition: { 'sts:ExternalId': 'x-1' }, isPublic: false, status: 'ACTIVE', resourceOwnerAccount: server.accountId }),
    ]);
    expect(of(all, `arn:aws:ec2:us-east-1::image/${imageId}`)).toEqual([expect.objectContaining({ resourceType: 'AWS::EC2::Image', principal: { AWS: '*' }, isPublic: true, status: 'ACTIVE' })]);
  });

  it('recomputes a role finding in the write path: new access, then RESOLVED when it goes away', async () => {
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Internal', PolicyDocument: trust({ AWS: '*' }) }));
    const internalArn = `arn:aws:iam::${server.accountId}:role/Internal`;
    const [open] = of(await findings(), internalArn);
    expect(open).toMatchObject({ principal: { AWS: '*' }, isPublic: true, status: 'ACTIVE' });

    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Internal', PolicyDocument: trust({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': server.accountId } } }) }));
    const { finding } = await analyzer.send(new GetFindingCommand({ analyzerArn: arn, id: open!.id! }));
    expect(finding).toMatchObject({ id: open!.id, status: 'RESOLVED', resource: internalArn });
    expect(finding!.updatedAt!.getTime()).toBeGreaterThanOrEqual(open!.updatedAt!.getTime());

    // The same access again reopens the same finding.
    await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Internal', PolicyDocument: trust({ AWS: '*' }) }));
    expect((await analyzer.send(new GetFindingCommand({ analyzerArn: arn, id: open!.id! }))).finding!.status).toBe('ACTIVE');
    await iam().send(new DeleteRoleCommand({ RoleName: 'Internal' }));
    expect((await analyzer.send(new GetFindingCommand({ analyzerArn: arn, id: open!.id! }))).finding!.status).toBe('RESOLVED');
  });

  it('finds a snapshot shared with another account, and resolves it when unshared', async () => {
    const resource = `arn:aws:ec2:us-east-1::snapshot/${snapshotId}`;
    await ec2().send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: [EXTERNAL, server.accountId] }));
    const [shared] = of(await findings(), resource);
    expect(shared).toMatchObject({ resourceType: 'AWS::EC2::Snapshot', principal: { AWS: EXTERNAL }, action: ['ec2:CreateVolume'], isPublic: false, status: 'ACTIVE' });
    const v2 = await analyzer.send(new GetFindingV2Command({ analyzerArn: arn, id: shared!.id! }));
    expect(v2).toMatchObject({ findingType: 'ExternalAccess', resource, findingDetails: [{ externalAccessDetails: { principal: { AWS: EXTERNAL }, isPublic: false, action: ['ec2:CreateVolume'] } }] });
    await ec2().send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission', OperationType: 'remove', UserIds: [EXTERNAL] }));
    expect(of(await findings(), resource).map((f) => f.status)).toEqual(['RESOLVED']);
  });

  it('resolves the findings of an AMI and its snapshot deleted by DeregisterImage with DeleteAssociatedSnapshots', async () => {
    const volume = (await ec2().send(new CreateSnapshotCommand({ VolumeId: 'vol-0fedcba9876543210' }))).SnapshotId!;
    const ami = (await ec2().send(new RegisterImageCommand({ Name: 'retired-image', RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: volume } }] }))).ImageId!;
    await ec2().send(new ModifyImageAttributeCommand({ ImageId: ami, LaunchPermission: { Add: [{ UserId: EXTERNAL }] } }));
    await ec2().send(new ModifySnapshotAttributeCommand({ SnapshotId: volume, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: [EXTERNAL] }));
    const images = `arn:aws:ec2:us-east-1::image/${ami}`;
    const snapshots = `arn:aws:ec2:us-east-1::snapshot/${volume}`;
    expect([...of(await findings(), images), ...of(await findings(), snapshots)].map((f) => f.status)).toEqual(['ACTIVE', 'ACTIVE']);
    const deregistered = await ec2().send(new DeregisterImageCommand({ ImageId: ami, DeleteAssociatedSnapshots: true }));
    expect(deregistered.DeleteSnapshotResults).toEqual([{ SnapshotId: volume, ReturnCode: 'success' }]);
    expect([...of(await findings(), images), ...of(await findings(), snapshots)].map((f) => f.status)).toEqual(['RESOLVED', 'RESOLVED']);
  });

  it('archives and reactivates findings (UpdateFindings), filters and pages them', async () => {
    const [role] = of(await findings(), roleArn);
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn: arn, status: 'ARCHIVED', ids: [role!.id!] }));
    expect((await findings({ status: { eq: ['ARCHIVED'] } })).map((f) => f.id)).toEqual([role!.id]);
    await analyzer.send(new UpdateFindingsCommand({ analyzerArn: arn, status: 'ACTIVE', resourceArn: roleArn }));
    expect((await analyzer.send(new GetFindingCommand({ analyzerArn: arn, id: role!.id! }))).finding!.status).toBe('ACTIVE');
    await expect(analyzer.send(new UpdateFindingsCommand({ analyzerArn: arn, status: 'ARCHIVED', ids: ['no-such-finding'] }))).rejects.toBeInstanceOf(ResourceNotFoundException);

    expect((await findings({ isPublic: { eq: ['true'] }, status: { neq: ['RESOLVED'] } })).map((f) => f.resourceType)).toEqual(['AWS::EC2::Image']);
    expect((await findings({ 'principal.AWS': { contains: [EXTERNAL] }, resourceType: { eq: ['AWS::IAM::Role'] } })).map((f) => f.resource)).toEqual([roleArn]);
    expect((await findings({ 'condition.sts:ExternalId': { exists: true } })).map((f) => f.resource)).toEqual([roleArn]);

    const first = await analyzer.send(new ListFindingsV2Command({ analyzerArn: arn, maxResults: 1, sort: { attributeName: 'resourceType', orderBy: 'ASC' } }));
    expect(first.findings).toHaveLength(1);
    expect(first.findings![0]).toMatchObject({ resourceType: 'AWS::EC2::Image', findingType: 'ExternalAccess' });
    const rest = await analyzer.send(new ListFindingsV2Command({ analyzerArn: arn, nextToken: first.nextToken, sort: { attributeName: 'resourceType', orderBy: 'ASC' } }));
    expect(rest.findings!.length).toBe((await findings()).length - 1);
  });

  it('archive rules: CRUD, applied to new findings and, by ApplyArchiveRule, to existing ones', async () => {
    await analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner', filter: { 'principal.AWS': { eq: ['999988887777'] } } }));
    await expect(analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner', filter: { isPublic: { eq: ['false'] } } }))).rejects.toBeInstanceOf(ConflictException);
    await expect(analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'Empty', filter: { isPublic: {} } }))).rejects.toBeInstanceOf(ValidationException);
    expect((await analyzer.send(new GetArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner' }))).archiveRule).toMatchObject({ ruleName: 'TrustedPartner', filter: { 'principal.AWS': { eq: ['999988887777'] } } });

    await iam().send(new CreateRoleCommand({ RoleName: 'Vendor', AssumeRolePolicyDocument: trust({ AWS: '999988887777' }) }));
    const vendorArn = `arn:aws:iam::${server.accountId}:role/Vendor`;
    expect(of(await findings(), vendorArn).map((f) => f.status)).toEqual(['ARCHIVED']);

    await analyzer.send(new UpdateArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner', filter: { resourceType: { eq: ['AWS::EC2::Image'] } } }));
    // Not retroactive: the public AMI stays active until the rule is applied.
    const image = `arn:aws:ec2:us-east-1::image/${imageId}`;
    expect(of(await findings(), image).map((f) => f.status)).toEqual(['ACTIVE']);
    await analyzer.send(new ApplyArchiveRuleCommand({ analyzerArn: arn, ruleName: 'TrustedPartner' }));
    expect(of(await findings(), image).map((f) => f.status)).toEqual(['ARCHIVED']);

    expect((await analyzer.send(new ListArchiveRulesCommand({ analyzerName: 'account-zone' }))).archiveRules!.map((r) => r.ruleName)).toEqual(['TrustedPartner']);
    await analyzer.send(new DeleteArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner' }));
    await expect(analyzer.send(new GetArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'TrustedPartner' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 }, resourceId: 'TrustedPartner' });
  });

  it('StartResourceScan re-analyzes one resource; unknown analyzers and resources are not found', async () => {
    await analyzer.send(new StartResourceScanCommand({ analyzerArn: arn, resourceArn: roleArn }));
    expect(of(await findings(), roleArn)[0]!.analyzedAt).toEqual(expect.any(Date));
    await expect(analyzer.send(new StartResourceScanCommand({ analyzerArn: arn, resourceArn: 'arn:aws:s3:::bucket' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(analyzer.send(new ListFindingsCommand({ analyzerArn: `arn:aws:access-analyzer:us-east-1:${server.accountId}:analyzer/nope` }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a duplicate name (ConflictException), unsupported types, and an organization analyzer outside the management account', async () => {
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'account-zone', type: 'ACCOUNT' }))).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'internal', type: 'ACCOUNT_INTERNAL_ACCESS' }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: '9-bad', type: 'ACCOUNT' }))).rejects.toBeInstanceOf(ValidationException);
    // In AWS's words, with the model's pattern (which a leading underscore does not match either).
    await expect(analyzer.send(new CreateAnalyzerCommand({ analyzerName: '_bad', type: 'ACCOUNT' }))).rejects.toThrow(
      "1 validation error detected: Value at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*",
    );
  });

  it('CreateAnalyzer again with the same clientToken and parameters answers the same analyzer; otherwise ConflictException', async () => {
    const create = (clientToken: string | undefined, tags: Record<string, string>) => analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'retried', type: 'ACCOUNT', tags, clientToken }));
    const first = await create('token-1', { team: 'sec', env: 'prod' });
    // An SDK's retry: same token, same parameters (tags in another order).
    expect(await create('token-1', { env: 'prod', team: 'sec' })).toMatchObject({ arn: first.arn, $metadata: { httpStatusCode: 200 } });
    expect((await analyzer.send(new ListAnalyzersCommand({}))).analyzers!.filter((a) => a.name === 'retried')).toHaveLength(1);
    // The same token with other parameters, or another token (the SDK fills in a new one when none is given).
    await expect(create('token-1', { team: 'ops' })).rejects.toBeInstanceOf(ConflictException);
    await expect(create('token-2', { team: 'sec', env: 'prod' })).rejects.toBeInstanceOf(ConflictException);
    await expect(create(undefined, { team: 'sec', env: 'prod' })).rejects.toBeInstanceOf(ConflictException);
    await analyzer.send(new DeleteAnalyzerCommand({ analyzerName: 'retried' }));
  });

  it('an ORGANIZATION analyzer of the management account counts member accounts inside the zone', async () => {
    const member = '777766665555';
    await server.fixtures.account(member);
    await server.database.db.account.update({ where: { id: member }, data: { managementAccountId: server.accountId } });
    await iam().send(new CreateRoleCommand({ RoleName: 'FromMember', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${member}:root` }) }));
    const memberRole = `arn:aws:iam::${server.accountId}:role/FromMember`;
    expect(of(await findings(), memberRole).map((f) => f.status)).toEqual(['ACTIVE']);
    const org = (await analyzer.send(new CreateAnalyzerCommand({ analyzerName: 'org-zone', type: 'ORGANIZATION' }))).arn!;
    const orgFindings = (await analyzer.send(new ListFindingsCommand({ analyzerArn: org }))).findings!;
    expect(of(orgFindings, memberRole)).toEqual([]);
    expect(of(orgFindings, roleArn)).toHaveLength(1);
    await analyzer.send(new DeleteAnalyzerCommand({ analyzerName: 'org-zone' }));
    await expect(analyzer.send(new GetAnalyzerCommand({ analyzerName: 'org-zone' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('authorizes access-analyzer:<Action> on the analyzer (V2 as ListFindings) and audits it', async () => {
    const reader = await server.fixtures.user(server.accountId, 'findings-reader', [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['access-analyzer:ListFindings', 'access-analyzer:GetAnalyzer'], Resource: arn }] },
    ]);
    const listed = await client(reader).send(new ListFindingsV2Command({ analyzerArn: arn }));
    expect(listed.findings!.length).toBeGreaterThan(0);
    expect(await server.auditEvent(listed.$metadata.requestId)).toMatchObject({ action: 'access-analyzer:ListFindings', decision: 'allowed', resource: arn, principalArn: reader.arn });
    const denied = await client(reader).send(new UpdateFindingsCommand({ analyzerArn: arn, status: 'ARCHIVED', resourceArn: roleArn })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(await server.auditEvent((denied as AccessDeniedException).$metadata.requestId)).toMatchObject({ action: 'access-analyzer:UpdateFindings', decision: 'denied', resource: arn });
    await expect(client(reader).send(new CreateAnalyzerCommand({ analyzerName: 'mine', type: 'ACCOUNT' }))).rejects.toBeInstanceOf(AccessDeniedException);
    const created = await analyzer.send(new CreateArchiveRuleCommand({ analyzerName: 'account-zone', ruleName: 'Audited', filter: { isPublic: { eq: ['true'] } } }));
    expect(await server.auditEvent(created.$metadata.requestId)).toMatchObject({ action: 'access-analyzer:CreateArchiveRule', decision: 'allowed', resource: `${arn}/archive-rule/Audited` });
  });
});

describe('aws CLI', () => {
  it('aws accessanalyzer create-analyzer and list-findings', async () => {
    const cli = awsCli(server);
    const aws = (...args: string[]) => cli('accessanalyzer', ...args);
    const created = await aws('create-analyzer', '--analyzer-name', 'cli-analyzer', '--type', 'ACCOUNT');
    expect(created.arn).toBe(`arn:aws:access-analyzer:us-east-1:${server.accountId}:analyzer/cli-analyzer`);
    const listed = (await aws('list-findings', '--analyzer-arn', created.arn as string)) as { findings: { resourceType: string; status: string }[] };
    expect(listed.findings.some((f) => f.resourceType === 'AWS::IAM::Role' && f.status === 'ACTIVE')).toBe(true);
    const analyzers = (await aws('list-analyzers')) as { analyzers: { name: string }[] };
    expect(analyzers.analyzers.map((a) => a.name)).toContain('cli-analyzer');
  }, 60_000);
});
