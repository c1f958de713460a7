/** The console's permissions view through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { consoleResourceOf, type ConsolePermission } from './console-permissions.actions';

const ACCOUNT = '314159265358';
const PASSWORD = 'Console-Perms-Pass-1!';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** What the console asks about: its sections' actions and its main buttons'. */
const ASKED = [
  'iam:GetAccountSummary',
  'iam:ListUsers',
  'iam:ListGroups',
  'iam:ListRoles',
  'iam:ListPolicies',
  'iam:CreateUser',
  'iam:DeleteUser',
  'iam:CreateGroup',
  'iam:CreateRole',
  'iam:CreatePolicy',
  'iam:CreateAccountAlias',
  'portcullis:ListAuditEvents',
  'ec2:DescribeImages',
  'organizations:ListAccounts',
];

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

async function consoleUser(name: string, policy: string, boundaryArn?: string): Promise<ConsoleClient> {
  await root.ok('iam', 'CreateUser', { UserName: name, ...(boundaryArn ? { PermissionsBoundary: boundaryArn } : {}) });
  await root.ok('iam', 'CreateLoginProfile', { UserName: name, Password: PASSWORD, PasswordResetRequired: false });
  await root.ok('iam', 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  return signIn(app, { kind: 'iam', account: ACCOUNT, userName: name, password: PASSWORD });
}

/** The caller's decisions by action. */
async function permissions(client: ConsoleClient, actions = ASKED): Promise<Record<string, ConsolePermission['EvalDecision']>> {
  const { EvaluationResults } = await client.ok<{ EvaluationResults: ConsolePermission[] }>('console', 'GetConsolePermissions', { ActionNames: actions });
  return Object.fromEntries(EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
});
afterAll(async () => database?.drop());

describe('console GetConsolePermissions', () => {
  it('gives root every action of its account', async () => {
    const decisions = await permissions(root);
    expect(Object.keys(decisions).sort()).toEqual([...ASKED].sort());
    expect(Object.values(decisions).every((d) => d === 'allowed')).toBe(true);
  });

  it('allows a read-only user to list and open, not to create, delete or read the audit history', async () => {
    const reader = await consoleUser('reader', doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }));
    const decisions = await permissions(reader);
    expect(decisions).toMatchObject({
      'iam:GetAccountSummary': 'allowed',
      'iam:ListUsers': 'allowed',
      'iam:ListPolicies': 'allowed',
      'iam:CreateUser': 'implicitDeny',
      'iam:DeleteUser': 'implicitDeny',
      'iam:CreateGroup': 'implicitDeny',
      'iam:CreatePolicy': 'implicitDeny',
      'iam:CreateAccountAlias': 'implicitDeny',
      'portcullis:ListAuditEvents': 'implicitDeny',
      'ec2:DescribeImages': 'implicitDeny',
    });
    // The API agrees.
    expect((await reader.call('iam', 'CreateUser', { UserName: 'nope' })).status).toBe(403);
    expect((await reader.call('iam', 'ListUsers')).status).toBe(200);
  });

  it('reports an explicit Deny, and a Deny on some resources only leaves the button', async () => {
    const denied = await consoleUser(
      'denied',
      doc(
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: ['iam:DeleteUser', 'portcullis:ListAuditEvents'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:CreateUser', Resource: `arn:aws:iam::${ACCOUNT}:user/admins/*` },
      ),
    );
    const decisions = await permissions(denied);
    expect(decisions['iam:DeleteUser']).toBe('explicitDeny');
    expect(decisions['portcullis:ListAuditEvents']).toBe('explicitDeny');
    expect(decisions['iam:CreateUser']).toBe('allowed');
    expect(decisions['iam:ListUsers']).toBe('allowed');
  });

  it('asks about the account’s resources of the action’s type, so a grant on one path only does not offer the button', async () => {
    expect(await consoleResourceOf('iam:CreateUser', ACCOUNT)).toBe(`arn:aws:iam::${ACCOUNT}:user/*`);
    expect(await consoleResourceOf('iam:DeletePolicy', ACCOUNT)).toBe(`arn:aws:iam::${ACCOUNT}:policy/*`);
    expect(await consoleResourceOf('iam:ListUsers', ACCOUNT)).toBe('*');
    expect(await consoleResourceOf('iam:CreateAccountAlias', ACCOUNT)).toBe('*');
    expect(await consoleResourceOf('portcullis:ListAuditEvents', ACCOUNT)).toBe('*');
    expect(await consoleResourceOf('access-analyzer:ListFindings', ACCOUNT)).toBe(`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/*`);
    expect(await consoleResourceOf('access-analyzer:CreateArchiveRule', ACCOUNT)).toBe(`arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/*/archive-rule/*`);
    expect(await consoleResourceOf('access-analyzer:ListAnalyzers', ACCOUNT)).toBe('*');
    const analyzerReader = await consoleUser('analyzer-reader', doc({ Effect: 'Allow', Action: 'access-analyzer:ListFindings', Resource: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/*` }));
    expect(await permissions(analyzerReader, ['access-analyzer:ListFindings'])).toEqual({ 'access-analyzer:ListFindings': 'allowed' });
    const ownPath = await consoleUser('own-path', doc({ Effect: 'Allow', Action: ['iam:CreateUser', 'iam:ListUsers'], Resource: [`arn:aws:iam::${ACCOUNT}:user/*`, '*'] }));
    expect(await permissions(ownPath, ['iam:CreateUser'])).toEqual({ 'iam:CreateUser': 'allowed' });
    const devOnly = await consoleUser('dev-only', doc({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: `arn:aws:iam::${ACCOUNT}:user/dev/*` }));
    expect(await permissions(devOnly, ['iam:CreateUser'])).toEqual({ 'iam:CreateUser': 'implicitDeny' });
  });

  it("asks self-service actions about the caller's own user, so AWS's manage-your-own-credentials policy offers exactly its buttons", async () => {
    // AWS's example (IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage-no-mfa), as is.
    const own = 'arn:aws:iam::*:user/${aws:username}';
    const manageOwn = doc(
      { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary'], Resource: '*' },
      { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: own },
      { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed'], Resource: own },
      { Sid: 'AllowManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: own },
      { Sid: 'AllowManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:ListServiceSpecificCredentials'], Resource: own },
    );
    const carol = await consoleUser('carol', manageOwn);
    const selfService = ['iam:ChangePassword', 'iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:UploadSSHPublicKey', 'iam:ListServiceSpecificCredentials', 'iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:CreateVirtualMFADevice'];
    const body = await carol.ok<{ EvaluationResults: ConsolePermission[]; SelfServiceResults: ConsolePermission[] }>('console', 'GetConsolePermissions', { ActionNames: ['iam:CreateAccessKey', 'iam:GetUser'], SelfServiceActionNames: selfService });
    const ownArn = `arn:aws:iam::${ACCOUNT}:user/carol`;
    expect(body.SelfServiceResults).toEqual([
      { EvalActionName: 'iam:ChangePassword', EvalResourceName: ownArn, EvalDecision: 'allowed' },
      { EvalActionName: 'iam:CreateAccessKey', EvalResourceName: ownArn, EvalDecision: 'allowed' },
      { EvalActionName: 'iam:ListAccessKeys', EvalResourceName: ownArn, EvalDecision: 'allowed' },
      { EvalActionName: 'iam:UploadSSHPublicKey', EvalResourceName: ownArn, EvalDecision: 'allowed' },
      { EvalActionName: 'iam:ListServiceSpecificCredentials', EvalResourceName: ownArn, EvalDecision: 'allowed' },
      // The example (without MFA) grants no MFA device management.
      { EvalActionName: 'iam:ListMFADevices', EvalResourceName: ownArn, EvalDecision: 'implicitDeny' },
      { EvalActionName: 'iam:EnableMFADevice', EvalResourceName: ownArn, EvalDecision: 'implicitDeny' },
      // A virtual MFA device is asked about as the one named after her.
      { EvalActionName: 'iam:CreateVirtualMFADevice', EvalResourceName: `arn:aws:iam::${ACCOUNT}:mfa/carol`, EvalDecision: 'implicitDeny' },
    ]);
    // The same actions on any user (the Users screens) stay refused: only her own user is hers.
    expect(body.EvaluationResults).toEqual([
      { EvalActionName: 'iam:CreateAccessKey', EvalResourceName: `arn:aws:iam::${ACCOUNT}:user/*`, EvalDecision: 'implicitDeny' },
      { EvalActionName: 'iam:GetUser', EvalResourceName: `arn:aws:iam::${ACCOUNT}:user/*`, EvalDecision: 'implicitDeny' },
    ]);
    // The API agrees.
    expect((await carol.call('iam', 'ListAccessKeys', { UserName: 'carol' })).status).toBe(200);
    expect((await carol.call('iam', 'ListAccessKeys', { UserName: 'reader' })).status).toBe(403);
    // Root, who has no user ARN, is asked about as for any action.
    const asRoot = await root.ok<{ SelfServiceResults: ConsolePermission[] }>('console', 'GetConsolePermissions', { ActionNames: ['iam:ListUsers'], SelfServiceActionNames: ['iam:ChangePassword'] });
    expect(asRoot.SelfServiceResults).toEqual([{ EvalActionName: 'iam:ChangePassword', EvalResourceName: `arn:aws:iam::${ACCOUNT}:user/*`, EvalDecision: 'allowed' }]);
  });

  it("offers MFA device management on the caller's own user and MFA device, as AWS's example with MFA grants it", async () => {
    // AWS's example (its earlier form): virtual devices named after the user, the user's own MFA actions.
    const mfaOwn = doc(
      { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
      { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:ResyncMFADevice', 'iam:ListMFADevices'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    );
    const dave = await consoleUser('dave', mfaOwn);
    const mfaActions = ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:ResyncMFADevice', 'iam:CreateAccessKey'];
    const { SelfServiceResults } = await dave.ok<{ SelfServiceResults: ConsolePermission[] }>('console', 'GetConsolePermissions', { ActionNames: ['iam:ListUsers'], SelfServiceActionNames: mfaActions });
    expect(Object.fromEntries(SelfServiceResults.map((r) => [r.EvalActionName, [r.EvalResourceName, r.EvalDecision]]))).toEqual({
      'iam:CreateVirtualMFADevice': [`arn:aws:iam::${ACCOUNT}:mfa/dave`, 'allowed'],
      'iam:DeleteVirtualMFADevice': [`arn:aws:iam::${ACCOUNT}:mfa/dave`, 'allowed'],
      'iam:EnableMFADevice': [`arn:aws:iam::${ACCOUNT}:user/dave`, 'allowed'],
      'iam:DeactivateMFADevice': [`arn:aws:iam::${ACCOUNT}:user/dave`, 'allowed'],
      'iam:ResyncMFADevice': [`arn:aws:iam::${ACCOUNT}:user/dave`, 'allowed'],
      'iam:CreateAccessKey': [`arn:aws:iam::${ACCOUNT}:user/dave`, 'implicitDeny'],
    });
    // The API agrees: her device, named after her, may be created; another name may not.
    expect((await dave.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'dave' })).status).toBe(200);
    expect((await dave.call('iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'erin' })).status).toBe(403);
  });

  it('applies the permissions boundary', async () => {
    await root.ok('iam', 'CreatePolicy', { PolicyName: 'list-only', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }) });
    const bounded = await consoleUser('bounded', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), `arn:aws:iam::${ACCOUNT}:policy/list-only`);
    const decisions = await permissions(bounded);
    expect(decisions['iam:ListUsers']).toBe('allowed');
    expect(decisions['iam:CreateUser']).toBe('implicitDeny');
    expect(decisions['iam:GetAccountSummary']).toBe('implicitDeny');
  });

  it('answers for the assumed role of a switched console session, not for its user', async () => {
    await root.ok('iam', 'CreateRole', { RoleName: 'Viewer', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }) });
    await root.ok('iam', 'PutRolePolicy', { RoleName: 'Viewer', PolicyName: 'view', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }) });
    const admin = await consoleUser('switcher', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
    expect((await permissions(admin))['iam:CreateUser']).toBe('allowed');
    const switched = await admin.agent.post('/api/session/switch-role').set('x-csrf-token', admin.csrfToken).send({ account: ACCOUNT, roleName: 'Viewer' });
    expect(switched.status).toBe(200);
    const asRole = await permissions(admin);
    expect(asRole['iam:CreateUser']).toBe('implicitDeny');
    expect(asRole['iam:CreateAccountAlias']).toBe('implicitDeny');
    expect(asRole['iam:ListUsers']).toBe('allowed');
  });

  it('needs no permission and answers only about the caller, whatever else the request names', async () => {
    const nothing = await consoleUser('nothing', doc({ Effect: 'Deny', Action: '*', Resource: '*' }));
    const res = await nothing.call('console', 'GetConsolePermissions', { ActionNames: ['iam:ListUsers'], PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/denied`, UserName: 'denied' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ EvaluationResults: [{ EvalActionName: 'iam:ListUsers', EvalResourceName: '*', EvalDecision: 'explicitDeny' }] });
  });

  it('is audited as portcullis:GetConsolePermissions on the caller', async () => {
    const { Events } = await root.ok<{ Events: { EventAction?: string; Action?: string; Resource?: string }[] }>('portcullis', 'ListAuditEvents', { EventAction: 'portcullis:GetConsolePermissions', MaxItems: 100 });
    expect(Events.length).toBeGreaterThan(0);
    expect(JSON.stringify(Events)).toContain(`arn:aws:iam::${ACCOUNT}:user/reader`);
  });

  it('refuses what is not a list of at most 200 IAM actions, as a ValidationError', async () => {
    const tooMany = Array.from({ length: 201 }, (_, i) => `iam:Action${i}`);
    for (const body of [{}, { ActionNames: [] }, { ActionNames: ['ListUsers'] }, { ActionNames: ['iam:*'] }, { ActionNames: ['iam:List Users'] }, { ActionNames: [42] }, { ActionNames: 'iam:ListUsers' }, { ActionNames: tooMany }]) {
      const res = await root.call('console', 'GetConsolePermissions', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('ValidationError');
    }
    const over = await root.call('console', 'GetConsolePermissions', { ActionNames: tooMany.slice(0, 150), SelfServiceActionNames: tooMany.slice(150) });
    expect(over.status).toBe(400);
    const most = Array.from({ length: 200 }, (_, i) => `iam:Action${i}`);
    expect((await root.ok<{ EvaluationResults: unknown[] }>('console', 'GetConsolePermissions', { ActionNames: most })).EvaluationResults).toHaveLength(200);
  });

  it('answers the most it takes for an IAM user in one quick request', async () => {
    const user = await consoleUser('many', doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*' }));
    const names = ['CreateUser', 'DeleteUser', 'ListUsers', 'GetUser', 'CreateRole', 'DeleteRole', 'AttachUserPolicy', 'PutRolePolicy', 'TagUser', 'ListPolicies'];
    const most = Array.from({ length: 200 }, (_, i) => `iam:${names[i % names.length]}${i < names.length ? '' : i}`);
    const started = performance.now();
    const decisions = await permissions(user, most);
    const ms = performance.now() - started;
    console.log(`[console-permissions] 200 actions for an IAM user: ${ms.toFixed(0)} ms`);
    expect(Object.keys(decisions)).toHaveLength(200);
    expect(decisions).toMatchObject({ 'iam:ListUsers': 'allowed', 'iam:DeleteUser': 'explicitDeny', 'iam:CreateUser': 'implicitDeny' });
    expect(ms).toBeLessThan(2000);
  });
});
