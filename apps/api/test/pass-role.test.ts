/** Actions that hand a role to a service also need iam:PassRole on that role, as in AWS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestApp } from './test-app';
import { rootClient, signIn, type ConsoleClient } from './console-client';

const ACCOUNT = '161803398874';
let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  await root.ok('iam', 'CreateRole', { RoleName: 'WebServer', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) });
  await root.ok('iam', 'CreateInstanceProfile', { InstanceProfileName: 'web' });
  await root.ok('iam', 'CreateUser', { UserName: 'ops' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'ops', Password: 'Ops-Password-123' });
  await root.ok('iam', 'PutUserPolicy', { UserName: 'ops', PolicyName: 'profiles', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }]) });
});
afterAll(async () => database?.drop());

describe('iam:PassRole', () => {
  it('is required to put a role in an instance profile', async () => {
    const ops = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'ops', password: 'Ops-Password-123' });
    const denied = await ops.call('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'WebServer' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(`is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${ACCOUNT}:role/WebServer`);
    await root.ok('iam', 'PutUserPolicy', { UserName: 'ops', PolicyName: 'pass', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/WebServer` }]) });
    await ops.ok('iam', 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'WebServer' });
  });
});
