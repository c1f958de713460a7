/** The console's "Switch role": the session acts as the role until it switches back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestApp } from './test-app';
import { rootClient, signIn, type ConsoleClient } from './console-client';

const ACCOUNT = '271828182845';
let database: TestDatabase;
let root: ConsoleClient;
let app: ReturnType<typeof createTestApp>['app'];

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'euler' });
  await root.ok('iam', 'CreateUser', { UserName: 'sam' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'sam', Password: 'Sam-Password-123' });
  await root.ok('iam', 'PutUserPolicy', { UserName: 'sam', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` }) });
  await root.ok('iam', 'CreateRole', { RoleName: 'Lister', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) });
  await root.ok('iam', 'PutRolePolicy', { RoleName: 'Lister', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) });
});
afterAll(async () => database?.drop());

describe('Switch role', () => {
  it('acts as the role session, then switches back', async () => {
    const sam = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'sam', password: 'Sam-Password-123' });
    expect((await sam.call('iam', 'ListUsers')).status).toBe(403);
    const switched = await sam.agent.post('/api/session/switch-role').set('x-csrf-token', sam.csrfToken).send({ account: 'euler', roleName: 'Lister' });
    expect(switched.status).toBe(200);
    expect(switched.body.switchedRole).toMatchObject({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Lister/sam`, roleName: 'Lister' });
    expect((await sam.agent.get('/api/session')).body.switchedRole.roleName).toBe('Lister');
    await sam.ok('iam', 'ListUsers');
    const denied = await sam.call('iam', 'CreateUser', { UserName: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(`assumed-role/Lister/sam is not authorized to perform: iam:CreateUser`);
    const back = await sam.agent.post('/api/session/switch-back').set('x-csrf-token', sam.csrfToken).send({});
    expect(back.status).toBe(200);
    expect(back.body.switchedRole).toBeUndefined();
    expect((await sam.call('iam', 'ListUsers')).status).toBe(403);
  });

  it('refuses a role whose trust policy does not allow the user, and root', async () => {
    await root.ok('iam', 'CreateRole', { RoleName: 'Closed', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) });
    const sam = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'sam', password: 'Sam-Password-123' });
    const res = await sam.agent.post('/api/session/switch-role').set('x-csrf-token', sam.csrfToken).send({ account: ACCOUNT, roleName: 'Closed' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
    const asRoot = await root.agent.post('/api/session/switch-role').set('x-csrf-token', root.csrfToken).send({ account: ACCOUNT, roleName: 'Lister' });
    expect(asRoot.status).toBe(403);
  });
});
