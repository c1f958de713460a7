/** Access Advisor (last accessed information) through the REST protocol, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';
import { policyGrants } from './access-advisor.catalog';

const ACCOUNT = '123456789012';
const READ_ONLY = ['arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess'];
const DAY = 86_400_000;

let database: TestDatabase;
let app: App;
let root: ConsoleClient;
let dev: ConsoleClient;

interface ServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  TrackedActionsLastAccessed?: { ActionName: string; LastAccessedTime?: string; LastAccessedEntity?: string; LastAccessedRegion?: string }[];
}
interface Details {
  JobStatus: string;
  JobType: string;
  JobCreationDate: string;
  JobCompletionDate: string;
  ServicesLastAccessed: ServiceLastAccessed[];
  IsTruncated: boolean;
  Marker?: string;
}
interface WithEntities {
  JobStatus: string;
  EntityDetailsList: { EntityInfo: { Arn: string; Name: string; Type: string; Id: string; Path: string }; LastAuthenticated?: string }[];
  IsTruncated: boolean;
}

/** An audit event written straight to the log (times and role sessions the API cannot fake). */
async function event(principalArn: string, action: string, time: Date, decision = 'allowed') {
  await database.db.auditEvent.create({ data: { accountId: ACCOUNT, principalArn, action, time, decision, requestId: `seed-${Math.random()}`, protocol: 'query' } });
}

async function generate(client: ConsoleClient, Arn: string, Granularity?: string): Promise<string> {
  const { JobId } = await client.ok<{ JobId: string }>('iam', 'GenerateServiceLastAccessedDetails', { Arn, ...(Granularity ? { Granularity } : {}) });
  return JobId;
}

const service = (d: Details, ns: string) => d.ServicesLastAccessed.find((s) => s.ServiceNamespace === ns);

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app);
  await root.ok('iam', 'CreateUser', { UserName: 'dev' });
  for (const PolicyArn of READ_ONLY) await root.ok('iam', 'AttachUserPolicy', { UserName: 'dev', PolicyArn });
  await root.ok('iam', 'PutUserPolicy', { UserName: 'dev', PolicyName: 'buckets', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }] }) });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'dev', Password: 'Dev-Password-123' });
  dev = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'dev', password: 'Dev-Password-123' });
  await dev.ok('iam', 'GetUser', { UserName: 'dev' });
}, 60_000);
afterAll(async () => database?.drop());

describe('policyGrants', () => {
  it.each([
    // Action with a literal service and a wildcard name.
    [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }, ['iam']],
    // A name no action of the service has grants nothing.
    [{ Effect: 'Allow', Action: 'iam:NoSuchAction', Resource: '*' }, []],
    // NotAction: every service with an action outside the list (iam:* excludes all of IAM).
    [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, ['ec2', 's3']],
    // Deny statements grant nothing.
    [{ Effect: 'Deny', Action: '*', Resource: '*' }, []],
  ] as [object, string[]][])('%j grants %j (among others for NotAction)', (statement, services) => {
    const grants = policyGrants(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
    if ('NotAction' in statement) {
      expect(grants.has('iam')).toBe(false);
      for (const s of services) expect(grants.has(s)).toBe(true);
    } else expect([...grants.keys()]).toEqual(services);
  });
});

describe('GenerateServiceLastAccessedDetails / GetServiceLastAccessedDetails', () => {
  it('lists the services a user\'s policies allow, with the last access to IAM and none to EC2', async () => {
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:user/dev`);
    expect(JobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(d).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', IsTruncated: false });
    expect(d.JobCompletionDate).toBe(d.JobCreationDate);
    const iam = service(d, 'iam')!;
    expect(iam).toMatchObject({ ServiceName: 'AWS Identity and Access Management', LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:user/dev`, LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: 1 });
    expect(Date.now() - new Date(iam.LastAuthenticated!).getTime()).toBeLessThan(60_000);
    expect(service(d, 'ec2')).toEqual({ ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 });
    // An allowed service stays listed although a Deny statement covers it too.
    expect(service(d, 's3')).toBeDefined();
    // Only services the policies allow.
    expect(service(d, 'lambda')).toBeUndefined();
    const namespaces = d.ServicesLastAccessed.map((s) => s.ServiceNamespace);
    expect(namespaces).toEqual([...namespaces].sort());
    expect(d.ServicesLastAccessed.every((s) => s.TrackedActionsLastAccessed === undefined)).toBe(true);
  });

  it('counts attempts before the job only, within the 400-day tracking period, denied ones included', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'ops' });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'ops', PolicyArn: READ_ONLY[1] });
    const arn = `arn:aws:iam::${ACCOUNT}:user/ops`;
    await event(arn, 'ec2:DescribeImages', new Date(Date.now() - 401 * DAY));
    const JobOld = await generate(root, arn);
    let d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId: JobOld });
    expect(service(d, 'ec2')!.LastAuthenticated).toBeUndefined();
    await event(arn, 'ec2:DescribeInstances', new Date(Date.now() - 10 * DAY), 'denied');
    // After the job was asked for: not in its report.
    await event(arn, 'ec2:DescribeVolumes', new Date(Date.now() + 3_600_000));
    const JobNew = await generate(root, arn);
    d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId: JobNew });
    const last = new Date(service(d, 'ec2')!.LastAuthenticated!).getTime();
    expect(last).toBeLessThan(Date.now() - 9 * DAY);
    expect(last).toBeGreaterThan(Date.now() - 11 * DAY);
  });

  it('ACTION_LEVEL adds the tracked actions of IAM and EC2, with their last access', async () => {
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:user/dev`, 'ACTION_LEVEL');
    const d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId, MaxItems: 1000 });
    expect(d.JobType).toBe('ACTION_LEVEL');
    const iam = service(d, 'iam')!.TrackedActionsLastAccessed!;
    expect(iam.find((a) => a.ActionName === 'GetUser')).toMatchObject({ LastAccessedEntity: `arn:aws:iam::${ACCOUNT}:user/dev`, LastAccessedRegion: 'us-east-1' });
    expect(iam.find((a) => a.ActionName === 'ListUsers')).toEqual({ ActionName: 'ListUsers' });
    // IAMReadOnlyAccess grants no write action.
    expect(iam.find((a) => a.ActionName === 'CreateUser')).toBeUndefined();
    expect(service(d, 'ec2')!.TrackedActionsLastAccessed!.some((a) => a.ActionName === 'DescribeInstances')).toBe(true);
    // Services IAM does not track at action level have no action list.
    expect(service(d, 'autoscaling')?.TrackedActionsLastAccessed).toBeUndefined();
  });

  it('pages with MaxItems and Marker', async () => {
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:user/dev`);
    const all = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(all.ServicesLastAccessed.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const p: Details = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId, MaxItems: 2, ...(Marker ? { Marker } : {}) });
      expect(p.ServicesLastAccessed.length).toBeLessThanOrEqual(2);
      seen.push(...p.ServicesLastAccessed.map((s) => s.ServiceNamespace));
      Marker = p.IsTruncated ? p.Marker : undefined;
      if (p.IsTruncated) expect(p.Marker).toBeTruthy();
    } while (Marker);
    expect(seen).toEqual(all.ServicesLastAccessed.map((s) => s.ServiceNamespace));
  });
});

describe('group and policy reports', () => {
  it('a group report covers its members, and WithEntities says which member used the service when', async () => {
    await root.ok('iam', 'CreateGroup', { GroupName: 'readers' });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'readers', PolicyArn: READ_ONLY[0] });
    for (const u of ['alice', 'bob']) {
      await root.ok('iam', 'CreateUser', { UserName: u });
      await root.ok('iam', 'AddUserToGroup', { GroupName: 'readers', UserName: u });
    }
    await event(`arn:aws:iam::${ACCOUNT}:user/alice`, 'iam:ListUsers', new Date(Date.now() - 2 * DAY));
    await event(`arn:aws:iam::${ACCOUNT}:user/bob`, 'iam:ListRoles', new Date(Date.now() - 5 * DAY));
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:group/readers`);
    const d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(d.ServicesLastAccessed.map((s) => s.ServiceNamespace)).toEqual(['iam']);
    expect(d.ServicesLastAccessed[0]).toMatchObject({ LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:user/alice`, TotalAuthenticatedEntities: 2 });
    const e = await root.ok<WithEntities>('iam', 'GetServiceLastAccessedDetailsWithEntities', { JobId, ServiceNamespace: 'iam' });
    expect(e.JobStatus).toBe('COMPLETED');
    expect(e.EntityDetailsList.map((x) => [x.EntityInfo.Name, x.EntityInfo.Type, Boolean(x.LastAuthenticated)])).toEqual([
      ['alice', 'USER', true],
      ['bob', 'USER', true],
    ]);
    expect(e.EntityDetailsList[0]!.EntityInfo).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, Path: '/' });
    expect(e.EntityDetailsList[0]!.EntityInfo.Id).toMatch(/^AIDA/);
    const ec2 = await root.ok<WithEntities>('iam', 'GetServiceLastAccessedDetailsWithEntities', { JobId, ServiceNamespace: 'ec2' });
    expect(ec2.EntityDetailsList.every((x) => x.LastAuthenticated === undefined)).toBe(true);
  });

  it('a policy report covers the users and roles it is attached to, role sessions reported as the role', async () => {
    const { Policy } = await root.ok<{ Policy: { Arn: string } }>('iam', 'CreatePolicy', {
      PolicyName: 'ImageReader',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeImages', 'sts:GetCallerIdentity'], Resource: '*' }] }),
    });
    await root.ok('iam', 'CreateRole', { RoleName: 'builder_role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] }) });
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'builder_role', PolicyArn: Policy.Arn });
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'readers', PolicyArn: Policy.Arn });
    await event(`arn:aws:sts::${ACCOUNT}:assumed-role/builder_role/ci`, 'ec2:DescribeImages', new Date(Date.now() - DAY));
    // A role whose name differs only after the underscore is another role.
    await event(`arn:aws:sts::${ACCOUNT}:assumed-role/builderXrole/ci`, 'ec2:DescribeImages', new Date(Date.now() - 1000));
    const JobId = await generate(root, Policy.Arn);
    const d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(d.ServicesLastAccessed.map((s) => s.ServiceNamespace).sort()).toEqual(['ec2', 'sts']);
    expect(service(d, 'ec2')).toMatchObject({ LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:role/builder_role`, TotalAuthenticatedEntities: 1 });
    const e = await root.ok<WithEntities>('iam', 'GetServiceLastAccessedDetailsWithEntities', { JobId, ServiceNamespace: 'ec2' });
    expect(e.EntityDetailsList.map((x) => [x.EntityInfo.Name, x.EntityInfo.Type])).toEqual([
      ['builder_role', 'ROLE'],
      ['alice', 'USER'],
      ['bob', 'USER'],
    ]);
    // An AWS managed policy's report covers this account's entities.
    const aws = await generate(root, READ_ONLY[0]!);
    const w = await root.ok<WithEntities>('iam', 'GetServiceLastAccessedDetailsWithEntities', { JobId: aws, ServiceNamespace: 'iam' });
    expect(w.EntityDetailsList.map((x) => x.EntityInfo.Name)).toEqual(['dev', 'alice', 'bob']);
  });

  it('a role report reports the role for its sessions', async () => {
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:role/BUILDER_ROLE`);
    const d = await root.ok<Details>('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(service(d, 'ec2')).toMatchObject({ LastAuthenticatedEntity: `arn:aws:iam::${ACCOUNT}:role/builder_role`, TotalAuthenticatedEntities: 1 });
    expect(service(d, 'sts')!.LastAuthenticated).toBeUndefined();
  });
});

describe('ListPoliciesGrantingServiceAccess', () => {
  it('lists per namespace the managed and inline policies granting it, group policies named by group', async () => {
    await root.ok('iam', 'AddUserToGroup', { GroupName: 'readers', UserName: 'dev' });
    await root.ok('iam', 'PutGroupPolicy', { GroupName: 'readers', PolicyName: 'ec2-extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }] }) });
    const r = await root.ok<{ PoliciesGrantingServiceAccess: { ServiceNamespace: string; Policies: object[] }[]; IsTruncated: boolean }>('iam', 'ListPoliciesGrantingServiceAccess', {
      Arn: `arn:aws:iam::${ACCOUNT}:user/dev`,
      ServiceNamespaces: ['iam', 'ec2', 's3', 'lambda'],
    });
    expect(r.IsTruncated).toBe(false);
    const byNs = Object.fromEntries(r.PoliciesGrantingServiceAccess.map((e) => [e.ServiceNamespace, e.Policies]));
    // IAMReadOnlyAccess is attached to the user and to its group: listed once.
    expect(byNs.iam).toEqual([{ PolicyName: 'IAMReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: READ_ONLY[0] }]);
    expect(byNs.ec2).toEqual([
      { PolicyName: 'AmazonEC2ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: READ_ONLY[1] },
      { PolicyName: 'ec2-extra', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'readers' },
      { PolicyName: 'ImageReader', PolicyType: 'MANAGED', PolicyArn: expect.stringMatching(/:policy\/ImageReader$/) },
    ]);
    expect(byNs.s3).toEqual([{ PolicyName: 'buckets', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'dev' }]);
    expect(byNs.lambda).toEqual([]);
  });
});

describe('errors and authorization', () => {
  it.each([
    ['GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:user/nobody` }, 404, 'NoSuchEntity', 'The user with name nobody cannot be found.'],
    ['GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:role/nobody` }, 404, 'NoSuchEntity', 'The role with name nobody cannot be found.'],
    ['GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:policy/nothing` }, 404, 'NoSuchEntity', `Policy arn:aws:iam::${ACCOUNT}:policy/nothing does not exist or is not attachable.`],
    // Another account's entity: authorized against that account's resource, which no policy here can grant.
    ['GenerateServiceLastAccessedDetails', { Arn: 'arn:aws:iam::999999999999:user/dev' }, 403, 'AccessDenied', undefined],
    ['GenerateServiceLastAccessedDetails', { Arn: 'arn:aws:s3:::some-bucket-name' }, 400, 'InvalidInput', 'ARN arn:aws:s3:::some-bucket-name is not valid.'],
    ['GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${ACCOUNT}:user/dev`, Granularity: 'RESOURCE_LEVEL' }, 400, 'ValidationError', undefined],
    ['GenerateServiceLastAccessedDetails', {}, 400, 'ValidationError', undefined],
    ['GetServiceLastAccessedDetails', { JobId: '00000000-0000-4000-8000-000000000000' }, 404, 'NoSuchEntity', 'The job with ID 00000000-0000-4000-8000-000000000000 cannot be found.'],
    ['GetServiceLastAccessedDetails', { JobId: 'short' }, 400, 'ValidationError', undefined],
    ['GetServiceLastAccessedDetailsWithEntities', { JobId: '00000000-0000-4000-8000-000000000000', ServiceNamespace: 'iam' }, 404, 'NoSuchEntity', undefined],
    ['GetServiceLastAccessedDetailsWithEntities', { JobId: '00000000-0000-4000-8000-000000000000', ServiceNamespace: 'bad space' }, 400, 'ValidationError', undefined],
    ['ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/nobody`, ServiceNamespaces: ['iam'] }, 404, 'NoSuchEntity', 'The user with name nobody cannot be found.'],
    ['ListPoliciesGrantingServiceAccess', { Arn: READ_ONLY[0], ServiceNamespaces: ['iam'] }, 400, 'InvalidInput', undefined],
    ['ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/dev`, ServiceNamespaces: [] }, 400, 'ValidationError', undefined],
  ] as [string, object, number, string, string | undefined][])('%s %j → %i %s', async (action, body, status, code, message) => {
    const res = await root.call('iam', action, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (message) expect(res.body.error.message).toBe(message);
  });

  it('refuses a bad Marker with InvalidInput', async () => {
    const JobId = await generate(root, `arn:aws:iam::${ACCOUNT}:user/dev`);
    const res = await root.call('iam', 'GetServiceLastAccessedDetails', { JobId, Marker: 'not-a-marker' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it('AccessDenied for a user without permission; another account cannot read a job', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'nopower' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'nopower', Password: 'Nopower-Password-1' });
    const nopower = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'nopower', password: 'Nopower-Password-1' });
    const arn = `arn:aws:iam::${ACCOUNT}:user/dev`;
    const res = await nopower.call('iam', 'GenerateServiceLastAccessedDetails', { Arn: arn });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'AccessDenied' });
    expect(res.body.error.message).toContain(`iam:GenerateServiceLastAccessedDetails on resource: ${arn}`);
    const JobId = await generate(dev, arn);
    const get = await nopower.call('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(get.status).toBe(403);
    expect(get.body.error.message).toContain('iam:GetServiceLastAccessedDetails on resource: *');
    // The job is the account's: another account's caller sees no such job.
    await database.db.account.create({ data: { id: '210987654321', name: 'other', rootEmail: 'other@example.com', rootPasswordHash: await hashPassword('Other-Root-Password-1') } });
    const other = await signIn(app, { kind: 'root', email: 'other@example.com', password: 'Other-Root-Password-1' });
    const res2 = await other.call('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(res2.status).toBe(404);
    expect(res2.body.error.code).toBe('NoSuchEntity');
    // Only the principal that generated the job reads it — not even the account's root user.
    const byRoot = await root.call('iam', 'GetServiceLastAccessedDetails', { JobId });
    expect(byRoot.status).toBe(404);
    expect(byRoot.body.error.code).toBe('NoSuchEntity');
    expect((await dev.call('iam', 'GetServiceLastAccessedDetails', { JobId })).status).toBe(200);
  });
});
