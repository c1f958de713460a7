/** Service-linked roles through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import { newId } from '../../ids';
import { roleIdOfTask, taskUuid } from './service-linked-roles.actions';
import { LINKED_SERVICES, linkedServicePolicyArn } from './service-linked-roles.services';

let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];

const ACCOUNT = '123456789012';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

type Role = Record<string, unknown> & { RoleName: string; RoleId: string; Arn: string; Path: string; AssumeRolePolicyDocument: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
});
afterAll(async () => database?.drop());

async function create(AWSServiceName: string, extra: object = {}) {
  return (await root.ok<{ Role: Role }>('iam', 'CreateServiceLinkedRole', { AWSServiceName, ...extra })).Role;
}

async function attachedPolicies(RoleName: string) {
  return (await root.ok<{ AttachedPolicies: { PolicyName: string; PolicyArn: string }[] }>('iam', 'ListAttachedRolePolicies', { RoleName })).AttachedPolicies;
}

describe('the table of linked services', () => {
  it('names only AWS managed policies that are seeded, at /aws-service-role/', async () => {
    const arns = Object.values(LINKED_SERVICES).map(linkedServicePolicyArn);
    const found = await database.db.managedPolicy.findMany({ where: { accountId: null, arn: { in: arns } }, select: { arn: true, path: true } });
    expect(found.map((p) => p.arn).sort()).toEqual([...new Set(arns)].sort());
    expect(new Set(found.map((p) => p.path))).toEqual(new Set(['/aws-service-role/']));
  });

  it('covers well over a hundred services, each with its own role name', () => {
    const services = Object.entries(LINKED_SERVICES);
    expect(services.length).toBeGreaterThan(150);
    expect(new Set(services.map(([, s]) => s.roleSuffix)).size).toBe(services.length);
    for (const [principal] of services) expect(principal).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
  });
});

describe('the deletion task UUID', () => {
  it('is a version 4 UUID that gives back the role ID it carries', () => {
    for (let i = 0; i < 200; i++) {
      const id = newId('role');
      const uuid = taskUuid(id);
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(roleIdOfTask(uuid)).toBe(id);
    }
    expect(taskUuid('AROAAAAAAAAAAAAAAAAAA')).not.toBe(taskUuid('AROAAAAAAAAAAAAAAAAAA'));
  });
});

describe('CreateServiceLinkedRole', () => {
  it.each([
    ['ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'],
    ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy'],
    ['elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'],
    ['spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'],
    ['organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'],
    ['es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'],
    ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy'],
    ['elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'],
    ['lambda.amazonaws.com', 'AWSServiceRoleForLambda', 'AWSLambdaServiceRolePolicy'],
    ['sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'],
    ['access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'],
    ['redshift.amazonaws.com', 'AWSServiceRoleForRedshift', 'AmazonRedshiftServiceLinkedRolePolicy'],
    ['kafka.amazonaws.com', 'AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'],
  ])('creates the role AWS creates for %s', async (principal, name, policyName) => {
    const role = await create(principal);
    expect(role).toMatchObject({ RoleName: name, Path: `/aws-service-role/${principal}/`, Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${principal}/${name}`, MaxSessionDuration: 3600 });
    expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(JSON.parse(role.AssumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
    });
    // Attached by the policy's real ARN, under /aws-service-role/.
    expect(await attachedPolicies(name)).toEqual([{ PolicyName: policyName, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policyName}` }]);
    // GetRole and ListRoles show it like any role, RoleLastUsed included.
    const got = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: name });
    expect(got.Role).toMatchObject({ RoleName: name, Path: `/aws-service-role/${principal}/`, RoleLastUsed: {} });
    const listed = await root.ok<{ Roles: Role[] }>('iam', 'ListRoles', { PathPrefix: '/aws-service-role/' });
    expect(listed.Roles.map((r) => r.RoleName)).toContain(name);
  });

  it('keeps the description given, or AWS\'s default', async () => {
    const role = await create('rds.amazonaws.com', { Description: 'mine' });
    expect(role.Description).toBe('mine');
    const support = await create('support.amazonaws.com');
    expect(support.Description).toBe('Enables resource access for AWS to provide billing, administrative and support services');
  });

  it('refuses a second role for the same service with AWS\'s InvalidInput', async () => {
    const res = await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: 'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.' });
  });

  it('takes a CustomSuffix where the service allows one, and refuses it elsewhere', async () => {
    const role = await create('autoscaling.amazonaws.com', { CustomSuffix: 'kms' });
    expect(role.RoleName).toBe('AWSServiceRoleForAutoScaling_kms');
    const again = await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'kms' });
    expect(again.body.error).toMatchObject({ code: 'InvalidInput', message: 'Service role name AWSServiceRoleForAutoScaling_kms has been taken in this account, please try a different suffix.' });
    const res = await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'guardduty.amazonaws.com', CustomSuffix: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: 'Custom suffix is not allowed for guardduty.amazonaws.com' });
    for (const AWSServiceName of ['elasticbeanstalk.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com', 'lambda.amazonaws.com']) {
      const refused = await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName, CustomSuffix: 'x' });
      expect(refused.body.error, AWSServiceName).toMatchObject({ code: 'InvalidInput', message: `Custom suffix is not allowed for ${AWSServiceName}` });
    }
    // Lex V2 makes one role per bot: AWSServiceRoleForLexV2Bots_<suffix>.
    const bot = await create('lexv2.amazonaws.com', { CustomSuffix: 'OrderFlowers' });
    expect(bot).toMatchObject({ RoleName: 'AWSServiceRoleForLexV2Bots_OrderFlowers', Path: '/aws-service-role/lexv2.amazonaws.com/' });
    expect(await attachedPolicies(bot.RoleName)).toEqual([{ PolicyName: 'AmazonLexV2BotPolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonLexV2BotPolicy' }]);
  });

  it('refuses an unknown service with InvalidInput and bad parameters with ValidationError', async () => {
    const res = await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'nosuch.amazonaws.com' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
    // Service principals are case-sensitive.
    expect((await root.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'GuardDuty.amazonaws.com' })).body.error.code).toBe('InvalidInput');
    for (const body of [{}, { AWSServiceName: 'bad name' }, { AWSServiceName: 'a'.repeat(129) }, { AWSServiceName: 'guardduty.amazonaws.com', CustomSuffix: 'a/b' }, { AWSServiceName: 'guardduty.amazonaws.com', Description: 'd'.repeat(1001) }]) {
      const r = await root.call('iam', 'CreateServiceLinkedRole', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('ValidationError');
    }
    expect(await database.db.role.count({ where: { name: { startsWith: 'AWSServiceRoleForAmazonGuardDuty' } } })).toBe(0);
  });
});

describe('protection', () => {
  const NAME = 'AWSServiceRoleForTrustedAdvisor';
  const message = `Cannot perform the operation on the protected role '${NAME}' - this role is only modifiable by AWS`;
  const ATTACHED = 'arn:aws:iam::aws:policy/aws-service-role/AWSTrustedAdvisorServiceRolePolicy';

  beforeAll(async () => {
    await create('trustedadvisor.amazonaws.com');
  });

  it.each([
    ['DeleteRole', {}],
    ['UpdateAssumeRolePolicy', { PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }],
    ['AttachRolePolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    ['DetachRolePolicy', { PolicyArn: ATTACHED }],
    ['PutRolePolicy', { PolicyName: 'extra', PolicyDocument: POLICY }],
    ['DeleteRolePolicy', { PolicyName: 'extra' }],
    ['PutRolePermissionsBoundary', { PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    ['DeleteRolePermissionsBoundary', {}],
    ['UpdateRole', { MaxSessionDuration: 7200 }],
  ])('%s on a service-linked role → UnmodifiableEntity', async (action, body) => {
    const res = await root.call('iam', action, { RoleName: NAME, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'UnmodifiableEntity', message });
  });

  it('left the role as AWS made it', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: NAME });
    expect(JSON.parse(Role.AssumeRolePolicyDocument).Statement[0].Principal).toEqual({ Service: 'trustedadvisor.amazonaws.com' });
    expect(Role.MaxSessionDuration).toBe(3600);
    expect(Role).not.toHaveProperty('PermissionsBoundary');
    expect((await attachedPolicies(NAME)).map((p) => p.PolicyArn)).toEqual([ATTACHED]);
    expect((await root.ok<{ PolicyNames: string[] }>('iam', 'ListRolePolicies', { RoleName: NAME })).PolicyNames).toEqual([]);
  });

  it('allows editing the description (UpdateRoleDescription and UpdateRole)', async () => {
    const { Role } = await root.ok<{ Role: Role }>('iam', 'UpdateRoleDescription', { RoleName: NAME, Description: 'Trusted Advisor' });
    expect(Role.Description).toBe('Trusted Advisor');
    await root.ok('iam', 'UpdateRole', { RoleName: NAME, Description: 'Edited' });
    expect((await root.ok<{ Role: Role }>('iam', 'GetRole', { RoleName: NAME })).Role.Description).toBe('Edited');
  });

  it('keeps the path to service-linked roles: CreateRole may not use /aws-service-role/', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    for (const Path of ['/aws-service-role/', '/aws-service-role/ecs.amazonaws.com/']) {
      const res = await root.call('iam', 'CreateRole', { RoleName: 'impostor', Path, AssumeRolePolicyDocument: trust });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles" });
    }
    await root.ok('iam', 'CreateRole', { RoleName: 'near-miss', Path: '/aws-service-roles/', AssumeRolePolicyDocument: trust });
  });

  it('leaves ordinary roles, users and groups alone', async () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await root.ok('iam', 'CreateRole', { RoleName: 'plain', AssumeRolePolicyDocument: trust });
    await root.ok('iam', 'PutRolePolicy', { RoleName: 'plain', PolicyName: 'p', PolicyDocument: POLICY });
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'plain', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await root.ok('iam', 'CreateUser', { UserName: 'someone' });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'someone', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  });
});

describe('DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus', () => {
  it('deletes the role with its attachment and reports the task SUCCEEDED', async () => {
    const role = await create('cloudtrail.amazonaws.com');
    const { DeletionTaskId } = await root.ok<{ DeletionTaskId: string }>('iam', 'DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForCloudTrail' });
    expect(DeletionTaskId).toMatch(/^task\/aws-service-role\/cloudtrail\.amazonaws\.com\/AWSServiceRoleForCloudTrail\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await root.call('iam', 'GetRole', { RoleName: 'AWSServiceRoleForCloudTrail' })).status).toBe(404);
    expect(await database.db.policyAttachment.count({ where: { roleId: role.RoleId } })).toBe(0);
    expect(await root.ok('iam', 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId })).toEqual({ Status: 'SUCCEEDED' });
    // Gone, it can be created again.
    await create('cloudtrail.amazonaws.com');
  });

  it('refuses an ordinary role (NoSuchEntity) and an unknown one', async () => {
    const plain = await root.call('iam', 'DeleteServiceLinkedRole', { RoleName: 'plain' });
    expect(plain.status).toBe(404);
    expect(plain.body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'GetRole', { RoleName: 'plain' })).status).toBe(200);
    expect((await root.call('iam', 'DeleteServiceLinkedRole', { RoleName: 'ghost' })).body.error.code).toBe('NoSuchEntity');
  });

  it('answers InvalidInput for a malformed task ID and NoSuchEntity for one it never issued', async () => {
    for (const DeletionTaskId of ['nonsense', 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/not-a-uuid']) {
      const res = await root.call('iam', 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('InvalidInput');
    }
    const forged = await root.call('iam', 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' });
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('NoSuchEntity');
  });
});

describe('authorization', () => {
  let operator: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'operator' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'operator' } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword('Operator-Password-1') } });
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`, Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } } },
        { Effect: 'Allow', Action: ['iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'], Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/*` },
      ],
    };
    await database.db.inlinePolicy.create({ data: { userId: user.id, name: 'SLR', document: JSON.stringify(policy) } });
    operator = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'operator', password: 'Operator-Password-1' });
  });

  it('honours a condition on iam:AWSServiceName', async () => {
    const denied = await operator.call('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'securityhub.amazonaws.com' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
    expect(await database.db.role.count({ where: { name: 'AWSServiceRoleForSecurityHub' } })).toBe(0);
    const { Role } = await operator.ok<{ Role: Role }>('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'config.amazonaws.com' });
    expect(Role.RoleName).toBe('AWSServiceRoleForConfig');
    const { DeletionTaskId } = await operator.ok<{ DeletionTaskId: string }>('iam', 'DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForConfig' });
    expect(await operator.ok('iam', 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId })).toEqual({ Status: 'SUCCEEDED' });
  });

  it('denies a user without the permission', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'nobody' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'nobody' } });
    await database.db.loginProfile.create({ data: { userId: user.id, passwordHash: await hashPassword('Nobody-Password-1') } });
    const nobody = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'nobody', password: 'Nobody-Password-1' });
    for (const [action, body] of [
      ['CreateServiceLinkedRole', { AWSServiceName: 'guardduty.amazonaws.com' }],
      ['DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForTrustedAdvisor' }],
    ] as const) {
      const res = await nobody.call('iam', action, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
    expect((await root.call('iam', 'GetRole', { RoleName: 'AWSServiceRoleForTrustedAdvisor' })).status).toBe(200);
  });
});
