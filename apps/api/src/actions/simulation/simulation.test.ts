/**
 * The policy simulator through the REST protocol and the dispatcher, against real PostgreSQL.
 * Policies are given to users, groups and roles by inserting rows directly (the groups and
 * policies actions are another area's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import { newId } from '../../ids';

let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];

const ACCOUNT = '123456789012';
const arn = (type: string, name: string) => `arn:aws:iam::${ACCOUNT}:${type}/${name}`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });
const TRUST = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

interface Result {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: string;
  MatchedStatements: { SourcePolicyId: string; SourcePolicyType: string; StartPosition: { Line: number; Column: number }; EndPosition: { Line: number; Column: number } }[];
  MissingContextValues: string[];
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  EvalDecisionDetails?: Record<string, string>;
}
interface Simulation {
  EvaluationResults: Result[];
  IsTruncated: boolean;
  Marker?: string;
}

async function managedPolicy(name: string, document: string): Promise<string> {
  const policy = await database.db.managedPolicy.create({
    data: { id: newId('managedPolicy'), accountId: ACCOUNT, name, arn: arn('policy', name), versions: { create: { versionId: 'v1', document, isDefault: true } } },
  });
  return policy.id;
}
async function awsPolicyId(name: string): Promise<string> {
  return (await database.db.managedPolicy.findUniqueOrThrow({ where: { arn: `arn:aws:iam::aws:policy/${name}` } })).id;
}
async function userId(name: string): Promise<string> {
  return (await database.db.user.findFirstOrThrow({ where: { name } })).id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);

  // devs: a group with a customer managed policy allowing ec2:RunInstances on *.
  const devs = await database.db.group.create({ data: { id: newId('group'), accountId: ACCOUNT, name: 'devs', arn: arn('group', 'devs') } });
  await database.db.policyAttachment.create({ data: { groupId: devs.id, policyId: await managedPolicy('RunInstances', doc(allow('ec2:RunInstances'))) } });
  await database.db.inlinePolicy.create({ data: { groupId: devs.id, name: 'DescribeAll', document: doc(allow('ec2:Describe*')) } });

  await root.ok('iam', 'CreateUser', { UserName: 'alice' });
  await root.ok('iam', 'CreateUser', { UserName: 'bob', Path: '/team/', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
  await root.ok('iam', 'CreateUser', { UserName: 'nopolicies' });
  for (const name of ['alice', 'bob']) await database.db.groupMembership.create({ data: { groupId: devs.id, userId: await userId(name) } });

  await root.ok('iam', 'CreateRole', { RoleName: 'ec2-admin', AssumeRolePolicyDocument: TRUST });
  const role = await database.db.role.findFirstOrThrow({ where: { name: 'ec2-admin' } });
  await database.db.policyAttachment.create({ data: { roleId: role.id, policyId: await awsPolicyId('AmazonEC2FullAccess') } });
});
afterAll(async () => database?.drop());

describe('SimulatePrincipalPolicy', () => {
  it("evaluates a user's group policies: allowed for ec2:RunInstances, implicitDeny for iam:CreateUser", async () => {
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'alice'), ActionNames: ['ec2:RunInstances', 'iam:CreateUser'] });
    expect(out.IsTruncated).toBe(false);
    expect(out.EvaluationResults).toHaveLength(2);
    const [run, create] = out.EvaluationResults;
    expect(run).toMatchObject({ EvalActionName: 'ec2:RunInstances', EvalResourceName: '*', EvalDecision: 'allowed', MissingContextValues: [] });
    expect(run!.MatchedStatements).toEqual([
      { SourcePolicyId: 'RunInstances', SourcePolicyType: 'user-managed', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 8, Column: 6 } },
    ]);
    expect(create).toMatchObject({ EvalActionName: 'iam:CreateUser', EvalDecision: 'implicitDeny', MatchedStatements: [] });
    expect(run).not.toHaveProperty('PermissionsBoundaryDecisionDetail');
  });

  it("names group inline policies by name with type group", async () => {
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'alice'), ActionNames: ['ec2:DescribeImages'] });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'DescribeAll', SourcePolicyType: 'group' }] });
  });

  it('an explicit Deny gives explicitDeny with the matched statement naming the policy', async () => {
    const inline = await database.db.inlinePolicy.create({ data: { userId: await userId('alice'), name: 'NoRunning', document: doc(allow('s3:*'), deny('ec2:RunInstances')) } });
    try {
      const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'alice'), ActionNames: ['ec2:RunInstances', 's3:GetObject'] });
      expect(out.EvaluationResults[0]).toMatchObject({
        EvalDecision: 'explicitDeny',
        MatchedStatements: [{ SourcePolicyId: 'NoRunning', SourcePolicyType: 'user', StartPosition: { Line: 9, Column: 5 } }],
      });
      expect(out.EvaluationResults[1]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'NoRunning', SourcePolicyType: 'user' }] });
    } finally {
      await database.db.inlinePolicy.delete({ where: { id: inline.id } });
    }
  });

  it("a permissions boundary that lacks the action turns allowed into implicitDeny", async () => {
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'team/bob'), ActionNames: ['ec2:RunInstances', 's3:GetObject'] });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } });
    // The boundary allows S3, but no identity policy does.
    expect(out.EvaluationResults[1]).toMatchObject({ EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true } });
  });

  it('PermissionsBoundaryPolicyInputList replaces the entity boundary', async () => {
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', {
      PolicySourceArn: arn('user', 'team/bob'),
      ActionNames: ['ec2:RunInstances'],
      PermissionsBoundaryPolicyInputList: [doc(allow('ec2:*'))],
    });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true } });
  });

  it("evaluates a role's AWS-managed policies and a group's own policies", async () => {
    const role = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'ec2-admin'), ActionNames: ['ec2:TerminateInstances', 'iam:DeleteRole'] });
    expect(role.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'AmazonEC2FullAccess', SourcePolicyType: 'aws-managed' }] });
    expect(role.EvaluationResults[1]!.EvalDecision).toBe('implicitDeny');
    const group = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('group', 'devs'), ActionNames: ['ec2:RunInstances'] });
    expect(group.EvaluationResults[0]!.EvalDecision).toBe('allowed');
  });

  it('adds PolicyInputList policies, named PolicyInputList.N', async () => {
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', {
      PolicySourceArn: arn('user', 'nopolicies'),
      ActionNames: ['s3:ListBucket', 'ec2:RunInstances'],
      PolicyInputList: [doc(allow('sqs:*')), doc(allow('s3:ListBucket'))],
    });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.2', SourcePolicyType: 'IAM Policy' }] });
    expect(out.EvaluationResults[1]!.EvalDecision).toBe('implicitDeny');
  });

  it('evaluates each action on each resource, with conditions and context entries', async () => {
    const policy = doc(allow('s3:GetObject', 'arn:aws:s3:::public/*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }));
    const base = { PolicySourceArn: arn('user', 'nopolicies'), ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::private/b'], PolicyInputList: [policy] };
    const missing = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', base);
    expect(missing.EvaluationResults.map((r) => [r.EvalResourceName, r.EvalDecision])).toEqual([
      ['arn:aws:s3:::public/a', 'implicitDeny'],
      ['arn:aws:s3:::private/b', 'implicitDeny'],
    ]);
    expect(missing.EvaluationResults[0]!.MissingContextValues.map((k) => k.toLowerCase())).toContain('aws:sourceip');
    const withIp = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', {
      ...base,
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' }],
    });
    expect(withIp.EvaluationResults.map((r) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
  });

  it('pages the results with Marker/MaxItems', async () => {
    const body = { PolicySourceArn: arn('user', 'alice'), ActionNames: ['ec2:RunInstances', 'iam:CreateUser', 'ec2:DescribeImages'], MaxItems: 2 };
    const first = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', body);
    expect(first.EvaluationResults.map((r) => r.EvalActionName)).toEqual(['ec2:RunInstances', 'iam:CreateUser']);
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { ...body, Marker: first.Marker });
    expect(second.EvaluationResults.map((r) => r.EvalActionName)).toEqual(['ec2:DescribeImages']);
    expect(second.IsTruncated).toBe(false);
    expect(second).not.toHaveProperty('Marker');
    expect((await root.call('iam', 'SimulatePrincipalPolicy', { ...body, Marker: 'garbage' })).status).toBe(400);
    expect((await root.call('iam', 'SimulatePrincipalPolicy', { ...body, MaxItems: 0 })).status).toBe(400);
  });

  it('NoSuchEntity for an unknown entity, InvalidInput for an ARN that is not a user, group or role', async () => {
    let res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'ghost'), ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NoSuchEntity', message: 'The user with name ghost cannot be found.' });
    res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'ghost'), ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(404);
    res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('policy', 'RunInstances'), ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it("refuses another account's entity", async () => {
    const res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: 'arn:aws:iam::210987654321:user/alice', ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
  });

  it.each([
    [{ ActionNames: ['s3:GetObject'] }, 'missing PolicySourceArn'],
    [{ PolicySourceArn: arn('user', 'alice') }, 'missing ActionNames'],
    [{ PolicySourceArn: arn('user', 'alice'), ActionNames: [] }, 'empty ActionNames'],
    [{ PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3'] }, 'action name under 3'],
    [{ PolicySourceArn: arn('user', 'alice'), ActionNames: 's3:GetObject' }, 'ActionNames not a list'],
    [{ PolicySourceArn: 'alice', ActionNames: ['s3:GetObject'] }, 'not an ARN'],
    [{ PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['1.2.3.4'], ContextKeyType: 'ipaddress' }] }, 'bad key type'],
  ] as [object, string][])('refuses bad input (%j: %s) with ValidationError', async (body) => {
    const res = await root.call('iam', 'SimulatePrincipalPolicy', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
  });

  it('MalformedPolicyDocument for an invalid extra policy, naming it', async () => {
    const res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:GetObject'], PolicyInputList: [doc(allow('s3:*')), '{"Statement": ['] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    expect(res.body.error.message).toMatch(/^PolicyInputList\.2: /);
  });

  it('uses the user as the caller for a resource policy, and requires CallerArn for a group', async () => {
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: arn('user', 'nopolicies') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
    const out = await root.ok<Simulation>('iam', 'SimulatePrincipalPolicy', {
      PolicySourceArn: arn('user', 'nopolicies'),
      ActionNames: ['s3:GetObject'],
      ResourceArns: ['arn:aws:s3:::shared/file'],
      ResourcePolicy: resourcePolicy,
    });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyType: 'Resource Policy' }] });
    const res = await root.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('group', 'devs'), ActionNames: ['s3:GetObject'], ResourcePolicy: resourcePolicy });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });
});

describe('SimulateCustomPolicy', () => {
  it('evaluates the given policies with IAM field names', async () => {
    const out = await root.ok<Simulation>('iam', 'SimulateCustomPolicy', {
      PolicyInputList: [doc(allow('ec2:*')), doc(deny('ec2:TerminateInstances'))],
      ActionNames: ['ec2:RunInstances', 'ec2:TerminateInstances', 'iam:CreateUser'],
    });
    expect(out.EvaluationResults.map((r) => r.EvalDecision)).toEqual(['allowed', 'explicitDeny', 'implicitDeny']);
    expect(out.EvaluationResults[0]!.MatchedStatements).toEqual([
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 8, Column: 6 } },
    ]);
    expect(out.EvaluationResults[1]!.MatchedStatements[0]).toMatchObject({ SourcePolicyId: 'PolicyInputList.2' });
  });

  it('applies a permissions boundary', async () => {
    const out = await root.ok<Simulation>('iam', 'SimulateCustomPolicy', {
      PolicyInputList: [doc(allow('ec2:*'))],
      PermissionsBoundaryPolicyInputList: [doc(allow('ec2:Describe*'))],
      ActionNames: ['ec2:RunInstances', 'ec2:DescribeImages'],
    });
    expect(out.EvaluationResults.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary])).toEqual([
      ['implicitDeny', false],
      ['allowed', true],
    ]);
  });

  it('evaluates a cross-account resource policy with its caller and owner', async () => {
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/dana' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    const out = await root.ok<Simulation>('iam', 'SimulateCustomPolicy', {
      PolicyInputList: [doc(allow('s3:GetObject'))],
      ActionNames: ['s3:GetObject'],
      ResourceArns: ['arn:aws:s3:::bucket/key'],
      ResourcePolicy: resourcePolicy,
      ResourceOwner: `arn:aws:iam::${ACCOUNT}:root`,
      CallerArn: 'arn:aws:iam::111122223333:user/dana',
    });
    expect(out.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', EvalDecisionDetails: { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' } });
  });

  it('refuses invalid policies, a resource policy without a caller, and a non-user caller', async () => {
    let res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: ['{not json'], ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] })], ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], PermissionsBoundaryPolicyInputList: ['[]'], ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^PermissionsBoundaryPolicyInputList\.1: /);
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], ActionNames: ['s3:GetObject'], ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], ActionNames: ['s3:GetObject'], CallerArn: arn('role', 'ec2-admin') });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], ActionNames: ['s3:GetObject'], ResourceOwner: 'not-an-account' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    res = await root.call('iam', 'SimulateCustomPolicy', {
      PolicyInputList: [doc(allow('s3:*'))],
      ActionNames: Array.from({ length: 101 }, (_, i) => `s3:Action${i}`),
      ResourceArns: Array.from({ length: 100 }, (_, i) => `arn:aws:s3:::b/${i}`),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    res = await root.call('iam', 'SimulateCustomPolicy', { ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], ActionNames: ['s3:GetObject'], ResourceArns: [''] });
    expect(res.status).toBe(400);
  });
});

describe('GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy', () => {
  it('lists condition keys and policy variables as written, once each', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: 'arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2015-08-16T12:00:00Z' } },
      },
    });
    const out = await root.ok<{ ContextKeyNames: string[] }>('iam', 'GetContextKeysForCustomPolicy', { PolicyInputList: [policy, doc(allow('s3:*', '*', { Condition: { StringEquals: { 'AWS:USERNAME': 'x', 's3:prefix': '${aws:PrincipalTag/team}' } } }))] });
    expect(out.ContextKeyNames).toEqual(['aws:username', 'aws:CurrentTime', 's3:prefix', 'aws:PrincipalTag/team']);
    const legacy = JSON.stringify({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::${aws:username}' } });
    expect((await root.ok<{ ContextKeyNames: string[] }>('iam', 'GetContextKeysForCustomPolicy', { PolicyInputList: [legacy] })).ContextKeyNames).toEqual([]);
  });

  it('refuses invalid policies and missing input', async () => {
    let res = await root.call('iam', 'GetContextKeysForCustomPolicy', { PolicyInputList: ['nope'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MalformedPolicyDocument');
    res = await root.call('iam', 'GetContextKeysForCustomPolicy', {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
  });

  it("lists the keys of an entity's policies plus any extra ones", async () => {
    const inline = await database.db.inlinePolicy.create({
      data: { userId: await userId('alice'), name: 'MfaOnly', document: doc(allow('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) },
    });
    try {
      const out = await root.ok<{ ContextKeyNames: string[] }>('iam', 'GetContextKeysForPrincipalPolicy', {
        PolicySourceArn: arn('user', 'alice'),
        PolicyInputList: [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'ec2:Region': 'us-east-1', 'aws:multifactorauthpresent': 'true' } } }))],
      });
      expect(out.ContextKeyNames).toEqual(['aws:MultiFactorAuthPresent', 'ec2:Region']);
    } finally {
      await database.db.inlinePolicy.delete({ where: { id: inline.id } });
    }
    expect((await root.ok<{ ContextKeyNames: string[] }>('iam', 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: arn('role', 'ec2-admin') })).ContextKeyNames).toEqual(
      expect.any(Array),
    );
    expect((await root.call('iam', 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: arn('group', 'ghost') })).status).toBe(404);
    expect((await root.call('iam', 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: arn('mfa', 'x') })).status).toBe(400);
  });
});

describe('authorization', () => {
  it('needs iam:SimulatePrincipalPolicy on the source ARN and iam:SimulateCustomPolicy on *', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'carol' });
    const carolId = await userId('carol');
    await database.db.loginProfile.create({ data: { userId: carolId, passwordHash: await hashPassword('Carol-Password-1') } });
    await database.db.inlinePolicy.create({
      data: { userId: carolId, name: 'SimulateSelf', document: doc(allow(['iam:SimulatePrincipalPolicy', 'iam:GetContextKeysForPrincipalPolicy'], arn('user', 'carol'))) },
    });
    const carol = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'carol', password: 'Carol-Password-1' });
    const self = await carol.ok<Simulation>('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'carol'), ActionNames: ['iam:SimulatePrincipalPolicy'], ResourceArns: [arn('user', 'carol')] });
    expect(self.EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'SimulateSelf', SourcePolicyType: 'user' }] });
    let res = await carol.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'alice'), ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
    res = await carol.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))], ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(403);
    res = await carol.call('iam', 'GetContextKeysForCustomPolicy', { PolicyInputList: [doc(allow('s3:*'))] });
    expect(res.status).toBe(403);
    await carol.ok('iam', 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: arn('user', 'carol') });
  });

  it("authorizes against the entity's real ARN, path included", async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'dave', Path: '/ops/' });
    await root.ok('iam', 'CreateUser', { UserName: 'erin' });
    const erinId = await userId('erin');
    await database.db.loginProfile.create({ data: { userId: erinId, passwordHash: await hashPassword('Erin-Password-1') } });
    // Erin may simulate a path-less "dave", which is not the real /ops/dave.
    await database.db.inlinePolicy.create({ data: { userId: erinId, name: 'SimulateDave', document: doc(allow('iam:SimulatePrincipalPolicy', arn('user', 'dave'))) } });
    const erin = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'erin', password: 'Erin-Password-1' });
    const res = await erin.call('iam', 'SimulatePrincipalPolicy', { PolicySourceArn: arn('user', 'dave'), ActionNames: ['s3:GetObject'] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(arn('user', 'ops/dave'));
  });
});
