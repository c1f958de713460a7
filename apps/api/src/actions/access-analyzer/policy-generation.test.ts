/**
 * Policy generation through the real @aws-sdk/client-accessanalyzer (REST-JSON), against real
 * PostgreSQL: a user and a role's session make requests, then the generated policies grant
 * exactly the allowed ones, validate in the engine, and the jobs list, read and cancel as AWS's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessAnalyzerClient,
  AccessDeniedException,
  CancelPolicyGenerationCommand,
  GetGeneratedPolicyCommand,
  ListPolicyGenerationsCommand,
  StartPolicyGenerationCommand,
  ValidationException,
  type StartPolicyGenerationCommandInput,
} from '@aws-sdk/client-accessanalyzer';
import { GetRoleCommand, GetUserCommand, ListRolesCommand, ListUsersCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { validatePolicy } from '@portcullis/policy';
import { loadNodeCatalog } from '@portcullis/policy/node-catalog';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';
import { generatedPolicies, knownAccess } from './generated-policy';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: SdkServer;
let analyzer: AccessAnalyzerClient;
let devArn: string;
let roleArn: string;
let dev: Credentials;
const client = (credentials: Credentials) => new AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

interface PolicyDocument {
  Statement: { Effect: string; Action: string[]; Resource: string | string[] }[];
}

/** The request AWS requires: trails, the service role and the period. */
function startInput(principalArn: string, startTime = new Date(Date.now() - DAY), endTime: Date | undefined = new Date()): StartPolicyGenerationCommandInput {
  return {
    policyGenerationDetails: { principalArn },
    cloudTrailDetails: {
      trails: [{ cloudTrailArn: `arn:aws:cloudtrail:us-east-1:${server.accountId}:trail/main`, allRegions: true }],
      accessRole: `arn:aws:iam::${server.accountId}:role/service-role/AccessAnalyzerMonitorServiceRole`,
      startTime,
      endTime,
    },
  };
}

async function generate(principalArn: string, options: { includeResourcePlaceholders?: boolean; includeServiceLevelTemplate?: boolean } = {}) {
  const { jobId } = await analyzer.send(new StartPolicyGenerationCommand(startInput(principalArn)));
  return analyzer.send(new GetGeneratedPolicyCommand({ jobId, ...options }));
}

/** Action → resources granted, over every statement of a generated policy. */
function grants(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of (JSON.parse(policy) as PolicyDocument).Statement) {
    for (const a of s.Action) out.set(a, ([] as string[]).concat(s.Resource));
  }
  return out;
}

/** The request's events are in the log once the group commit stored them. */
async function logged(principalArn: string, action: string) {
  for (let i = 0; i < 50; i++) {
    if (await server.database.db.auditEvent.findFirst({ where: { principalArn: { startsWith: principalArn }, action } })) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${action} event of ${principalArn}`);
}

beforeAll(async () => {
  server = await startSdkServer();
  analyzer = client(server.root);
  const account = server.accountId;
  roleArn = await server.fixtures.role(account, 'gen-reader', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }), [
    doc({ Effect: 'Allow', Action: ['iam:ListRoles', 'iam:GetRole'], Resource: '*' }),
  ]);
  const user = await server.fixtures.user(account, 'gen-dev', [
    doc({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser', 'sts:AssumeRole'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' }),
  ]);
  devArn = user.arn;
  dev = user;
  const iam = server.iam(dev);
  await iam.send(new ListUsersCommand({}));
  await iam.send(new GetUserCommand({ UserName: 'gen-dev' }));
  await expect(iam.send(new DeleteUserCommand({ UserName: 'gen-dev' }))).rejects.toThrow();
  const assumed = await server.sts(dev).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'gen-session' }));
  const session = server.iam({ accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! });
  await session.send(new ListRolesCommand({}));
  await session.send(new GetRoleCommand({ RoleName: 'gen-reader' }));
  await logged(devArn, 'iam:DeleteUser');
  await logged(`arn:aws:sts::${account}:assumed-role/gen-reader/`, 'iam:GetRole');
}, 60_000);
afterAll(async () => server?.close());

describe('generated policies', () => {
  it("grants a user's allowed actions, on the resources the log recorded, and validates clean", async () => {
    const result = await generate(devArn, { includeResourcePlaceholders: true });
    expect(result.jobDetails).toMatchObject({ status: 'SUCCEEDED', startedOn: expect.any(Date), completedOn: expect.any(Date) });
    expect(result.generatedPolicyResult!.properties).toMatchObject({
      principalArn: devArn,
      isComplete: true,
      cloudTrailProperties: { trailProperties: [{ cloudTrailArn: expect.stringContaining(':trail/main'), allRegions: true }], startTime: expect.any(Date), endTime: expect.any(Date) },
    });
    const [policy] = result.generatedPolicyResult!.generatedPolicies!.map((p) => p.policy!);
    const granted = grants(policy!);
    // The denied DeleteUser is not granted; the role session's actions are the role's, not the user's.
    expect([...granted.keys()].sort()).toEqual(['iam:GetUser', 'iam:ListUsers', 'sts:AssumeRole']);
    expect(granted.get('iam:GetUser')).toEqual([devArn]);
    expect(granted.get('sts:AssumeRole')).toEqual([roleArn]);
    const findings = validatePolicy(policy!, { policyType: 'IDENTITY_POLICY', catalog: loadNodeCatalog() }).findings;
    expect(findings.filter((f) => f.findingType === 'ERROR')).toEqual([]);
  });

  it("grants a role what its sessions did; without resource detail every action is on '*'", async () => {
    const result = await generate(roleArn);
    const granted = grants(result.generatedPolicyResult!.generatedPolicies![0]!.policy!);
    expect([...granted.keys()].sort()).toEqual(['iam:GetRole', 'iam:ListRoles']);
    expect([...granted.values()].flat()).toEqual(['*', '*']);
  });

  it('adds the service-level template on request', async () => {
    const result = await generate(devArn, { includeServiceLevelTemplate: true });
    const policies = result.generatedPolicyResult!.generatedPolicies!.map((p) => p.policy!);
    expect(policies).toHaveLength(2);
    expect(JSON.parse(policies[1]!)).toEqual(doc({ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }));
  });

  it('generates no policy for a period without activity', async () => {
    const { jobId } = await analyzer.send(new StartPolicyGenerationCommand(startInput(devArn, new Date(Date.now() - 30 * DAY), new Date(Date.now() - 29 * DAY))));
    const result = await analyzer.send(new GetGeneratedPolicyCommand({ jobId }));
    expect(result.generatedPolicyResult!.generatedPolicies).toEqual([]);
  });
});

describe('jobs', () => {
  it('lists the recent generations, newest first, by principal and by page', async () => {
    const { jobId } = await analyzer.send(new StartPolicyGenerationCommand(startInput(roleArn)));
    const all = await analyzer.send(new ListPolicyGenerationsCommand({ principalArn: roleArn }));
    expect(all.policyGenerations![0]).toMatchObject({ jobId, principalArn: roleArn, status: 'SUCCEEDED', startedOn: expect.any(Date) });
    expect(all.policyGenerations!.every((g) => g.principalArn === roleArn)).toBe(true);
    const first = await analyzer.send(new ListPolicyGenerationsCommand({ maxResults: 1 }));
    expect(first.policyGenerations).toHaveLength(1);
    const rest = await analyzer.send(new ListPolicyGenerationsCommand({ nextToken: first.nextToken }));
    expect(rest.policyGenerations!.map((g) => g.jobId)).not.toContain(first.policyGenerations![0]!.jobId);
  });

  it('answers the same job for a repeated clientToken', async () => {
    const once = await analyzer.send(new StartPolicyGenerationCommand({ ...startInput(devArn), clientToken: 'gen-token-1' }));
    const again = await analyzer.send(new StartPolicyGenerationCommand({ ...startInput(devArn), clientToken: 'gen-token-1' }));
    expect(again.jobId).toBe(once.jobId);
  });

  it('cancels a known job (already complete: it stays SUCCEEDED) and refuses unknown jobs', async () => {
    const { jobId } = await analyzer.send(new StartPolicyGenerationCommand(startInput(devArn)));
    await analyzer.send(new CancelPolicyGenerationCommand({ jobId }));
    expect((await analyzer.send(new GetGeneratedPolicyCommand({ jobId }))).jobDetails!.status).toBe('SUCCEEDED');
    await expect(analyzer.send(new CancelPolicyGenerationCommand({ jobId: 'no-such-job' }))).rejects.toBeInstanceOf(ValidationException);
    await expect(analyzer.send(new GetGeneratedPolicyCommand({ jobId: 'no-such-job' }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('StartPolicyGeneration input', () => {
  it.each([
    ['a period longer than 90 days', () => startInput(devArn, new Date(Date.now() - 91 * DAY))],
    ['a start after the end', () => startInput(devArn, new Date(Date.now() - HOUR), new Date(Date.now() - 2 * HOUR))],
    ['a principal of another account', () => startInput('arn:aws:iam::999999999999:user/gen-dev')],
    ['a principal that does not exist', () => startInput(`arn:aws:iam::${server.accountId}:role/no-such-role`)],
    ['a path the principal does not have', () => startInput(`arn:aws:iam::${server.accountId}:user/team/gen-dev`)],
    ['no cloudTrailDetails', () => ({ policyGenerationDetails: { principalArn: devArn } })],
    ['an accessRole that is not a role ARN', () => ({ ...startInput(devArn), cloudTrailDetails: { ...startInput(devArn).cloudTrailDetails!, accessRole: 'not-an-arn' } })],
  ])('refuses %s with ValidationException', async (_, input) => {
    const call = analyzer.send(new StartPolicyGenerationCommand(input()));
    await expect(call).rejects.toBeInstanceOf(ValidationException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('accepts a period ending in the future, ending it now', async () => {
    const { jobId } = await analyzer.send(new StartPolicyGenerationCommand(startInput(devArn, new Date(Date.now() - DAY), new Date(Date.now() + DAY))));
    const { generatedPolicyResult } = await analyzer.send(new GetGeneratedPolicyCommand({ jobId }));
    expect(generatedPolicyResult!.properties!.cloudTrailProperties!.endTime!.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('authorization and audit', () => {
  it('authorizes access-analyzer:StartPolicyGeneration and logs it', async () => {
    const denied = client(dev).send(new StartPolicyGenerationCommand(startInput(devArn)));
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedException);
    await logged(devArn, 'access-analyzer:StartPolicyGeneration');
    const event = await server.database.db.auditEvent.findFirst({ where: { principalArn: devArn, action: 'access-analyzer:StartPolicyGeneration' } });
    expect(event).toMatchObject({ decision: 'denied', resource: '*' });
  });
});

describe('generatedPolicies', () => {
  const catalog = loadNodeCatalog();

  it("spells actions as AWS does, leaves out the product's own, and groups actions sharing resources", () => {
    const access = knownAccess(catalog, [
      { action: 'iam:getuser', resource: 'arn:aws:iam::111122223333:user/a' },
      { action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/b' },
      { action: 'iam:ListUsers', resource: null },
      { action: 'iam:ListGroups', resource: '*' },
      { action: 'iam:GetGroup', resource: '*' },
      { action: 'iam:GetGroup', resource: 'arn:aws:iam::111122223333:group/g' },
      { action: 'portcullis:ListAuditEvents', resource: '*' },
    ]);
    expect(access).toEqual([
      { action: 'iam:GetGroup', resources: ['*'] },
      { action: 'iam:GetUser', resources: ['arn:aws:iam::111122223333:user/a', 'arn:aws:iam::111122223333:user/b'] },
      { action: 'iam:ListGroups', resources: ['*'] },
      { action: 'iam:ListUsers', resources: ['*'] },
    ]);
    const [policy] = generatedPolicies(access, { includeResourcePlaceholders: true });
    expect(JSON.parse(policy!)).toEqual(
      doc(
        { Effect: 'Allow', Action: ['iam:GetGroup', 'iam:ListGroups', 'iam:ListUsers'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:GetUser'], Resource: ['arn:aws:iam::111122223333:user/a', 'arn:aws:iam::111122223333:user/b'] },
      ),
    );
  });
});
