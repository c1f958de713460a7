/** The console views through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { actionTable } from '../registry';
import { consoleViews } from './console.actions';

interface UserRow {
  UserName: string;
  Path: string;
  GroupNames: string[];
  ActiveAccessKeys: { AccessKeyId: string; CreateDate: string }[];
  MfaDeviceTypes: string[];
  PasswordCreateDate?: string;
  LastActivity?: string;
}
interface UsersPage {
  Users: UserRow[];
  TotalCount: number;
}

const ACCOUNT = '123456789012';
const PASSWORD = 'Console-Views-Pass-1!';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

async function consoleUser(name: string, policy: string): Promise<ConsoleClient> {
  await root.ok('iam', 'CreateUser', { UserName: name, Path: '/staff/' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: name, Password: PASSWORD, PasswordResetRequired: false });
  await root.ok('iam', 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  return signIn(app, { kind: 'iam', account: ACCOUNT, userName: name, password: PASSWORD });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
  for (let i = 1; i <= 30; i++) await root.ok('iam', 'CreateUser', { UserName: `user-${String(i).padStart(2, '0')}` });
  await root.ok('iam', 'CreateUser', { UserName: 'Under_score' });
  await root.ok('iam', 'CreateGroup', { GroupName: 'Developers' });
  await root.ok('iam', 'CreateGroup', { GroupName: 'Admins' });
  await root.ok('iam', 'AddUserToGroup', { GroupName: 'Developers', UserName: 'user-07' });
  await root.ok('iam', 'AddUserToGroup', { GroupName: 'Admins', UserName: 'user-07' });
  await root.ok('iam', 'CreateAccessKey', { UserName: 'user-07' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'user-07', Password: PASSWORD });
});
afterAll(async () => database?.drop());

describe('console views', () => {
  it('are each named after an action of the table, so they are authorized and audited as it', () => {
    for (const [name, view] of Object.entries(consoleViews)) {
      // The one exception needs no permission and answers only about the caller (console-permissions.test.ts).
      if (name === 'GetConsolePermissions') {
        expect(view.noAuthorization).toBe(true);
        continue;
      }
      expect(view.noAuthorization, name).toBeFalsy();
      expect(actionTable.has(`${view.service}:${view.name}`.toLowerCase()), name).toBe(true);
    }
  });

  it('are not reachable through the Query API service names', async () => {
    const res = await root.call('iam', 'Dashboard');
    expect(res.status).toBe(400);
  });
});

describe('console ListUsers', () => {
  it('returns one page with what the list shows, and the total', async () => {
    const page = await root.ok<UsersPage>('console', 'ListUsers', { PageSize: 10, Page: 1 });
    expect(page.TotalCount).toBe(31);
    expect(page.Users.map((u) => u.UserName)).toEqual(['Under_score', ...Array.from({ length: 9 }, (_, i) => `user-0${i + 1}`)]);
    const user7 = page.Users.find((u) => u.UserName === 'user-07')!;
    expect(user7.GroupNames).toEqual(['Admins', 'Developers']);
    expect(user7.ActiveAccessKeys).toHaveLength(1);
    expect(user7.PasswordCreateDate).toBeDefined();
    expect(user7.MfaDeviceTypes).toEqual([]);
    const last = await root.ok<UsersPage>('console', 'ListUsers', { PageSize: 10, Page: 4 });
    expect(last.Users.map((u) => u.UserName)).toEqual(['user-30']);
    expect(last.TotalCount).toBe(31);
    const beyond = await root.ok<UsersPage>('console', 'ListUsers', { PageSize: 10, Page: 9 });
    expect(beyond).toEqual({ Users: [], TotalCount: 31 });
  });

  it('searches the whole account, case-insensitively, with LIKE wildcards taken literally', async () => {
    const found = await root.ok<UsersPage>('console', 'ListUsers', { Search: 'USER-2', PageSize: 5 });
    expect(found.TotalCount).toBe(10);
    expect(found.Users.map((u) => u.UserName)).toEqual(['user-20', 'user-21', 'user-22', 'user-23', 'user-24']);
    expect((await root.ok<UsersPage>('console', 'ListUsers', { Search: 'r_s' })).Users.map((u) => u.UserName)).toEqual(['Under_score']);
    expect((await root.ok<UsersPage>('console', 'ListUsers', { Search: '%' })).TotalCount).toBe(0);
    expect((await root.ok<UsersPage>('console', 'ListUsers', { Search: 'nobody' })).TotalCount).toBe(0);
  });

  it('sorts by any column, either way', async () => {
    const byName = await root.ok<UsersPage>('console', 'ListUsers', { SortBy: 'UserName', SortOrder: 'descending', PageSize: 2 });
    expect(byName.Users.map((u) => u.UserName)).toEqual(['user-30', 'user-29']);
    const byGroups = await root.ok<UsersPage>('console', 'ListUsers', { SortBy: 'Groups', SortOrder: 'descending', PageSize: 1 });
    expect(byGroups.Users[0]!.UserName).toBe('user-07');
    const byKeyAge = await root.ok<UsersPage>('console', 'ListUsers', { SortBy: 'AccessKeyAge', SortOrder: 'descending', PageSize: 1 });
    expect(byKeyAge.Users[0]!.UserName).toBe('user-07');
    const bad = await root.call('console', 'ListUsers', { SortBy: 'PasswordHash' });
    expect(bad.status).toBe(400);
  });

  it('is iam:ListUsers for authorization: refused without it, with its message', async () => {
    const reader = await consoleUser('reader', doc({ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*'], Resource: '*' }));
    expect((await reader.ok<UsersPage>('console', 'ListUsers')).TotalCount).toBe(32);
    const denied = await consoleUser('denied', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }));
    const res = await denied.call('console', 'ListUsers');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('not authorized to perform: iam:ListUsers');
  });
});

describe('console ListGroups', () => {
  it('returns one page of groups with member and permission counts, searched and sorted on the server', async () => {
    await root.ok('iam', 'AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await root.ok('iam', 'PutGroupPolicy', { GroupName: 'Admins', PolicyName: 'inline', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
    const all = await root.ok<{ Groups: { GroupName: string; UserCount: number; PolicyCount: number }[]; TotalCount: number }>('console', 'ListGroups');
    expect(all.TotalCount).toBe(2);
    expect(all.Groups).toMatchObject([
      { GroupName: 'Admins', UserCount: 1, PolicyCount: 2 },
      { GroupName: 'Developers', UserCount: 1, PolicyCount: 0 },
    ]);
    const byPermissions = await root.ok<{ Groups: { GroupName: string }[] }>('console', 'ListGroups', { SortBy: 'Permissions', SortOrder: 'ascending' });
    expect(byPermissions.Groups.map((g) => g.GroupName)).toEqual(['Developers', 'Admins']);
    const found = await root.ok<{ Groups: { GroupName: string }[]; TotalCount: number }>('console', 'ListGroups', { Search: 'dev' });
    expect(found).toMatchObject({ TotalCount: 1, Groups: [{ GroupName: 'Developers' }] });
  });
});

describe('console ListRoles', () => {
  it('searches names and trust policies, sorts and counts on the server', async () => {
    const trust = (Service: string) => doc({ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole' });
    await root.ok('iam', 'CreateRole', { RoleName: 'web-server', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') });
    await root.ok('iam', 'CreateRole', { RoleName: 'etl-job', AssumeRolePolicyDocument: trust('glue.amazonaws.com') });
    const all = await root.ok<{ Roles: { RoleName: string; AssumeRolePolicyDocument: string }[]; TotalCount: number }>('console', 'ListRoles', { SortOrder: 'descending' });
    expect(all.TotalCount).toBe(2);
    expect(all.Roles.map((r) => r.RoleName)).toEqual(['web-server', 'etl-job']);
    expect(JSON.parse(all.Roles[0]!.AssumeRolePolicyDocument).Statement[0].Principal.Service).toBe('ec2.amazonaws.com');
    const ec2 = await root.ok<{ Roles: { RoleName: string }[]; TotalCount: number }>('console', 'ListRoles', { Search: 'ec2.amazonaws' });
    expect(ec2).toMatchObject({ TotalCount: 1, Roles: [{ RoleName: 'web-server' }] });
  });
});

describe('console ListPolicies', () => {
  interface PoliciesPage {
    Policies: { PolicyName: string; Arn: string; Description?: string; AttachmentCount: number }[];
    TotalCount: number;
  }

  it('pages AWS managed and account policies, searching names and descriptions, filtering by type', async () => {
    for (let i = 1; i <= 3; i++) {
      await root.ok('iam', 'CreatePolicy', { PolicyName: `team-${i}`, Description: `Zebra access ${i}`, PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
    }
    const all = await root.ok<PoliciesPage>('console', 'ListPolicies', { PageSize: 5 });
    expect(all.Policies).toHaveLength(5);
    const local = await root.ok<PoliciesPage>('console', 'ListPolicies', { Scope: 'Local' });
    expect(local.TotalCount).toBe(3);
    expect(local.Policies.map((p) => p.Description)).toEqual(['Zebra access 1', 'Zebra access 2', 'Zebra access 3']);
    const aws = await root.ok<PoliciesPage>('console', 'ListPolicies', { Scope: 'AWS', PageSize: 1 });
    expect(aws.TotalCount + local.TotalCount).toBe(all.TotalCount);
    expect(aws.Policies[0]!.Arn).toMatch(/^arn:aws:iam::aws:policy\//);
    const byDescription = await root.ok<PoliciesPage>('console', 'ListPolicies', { Search: 'zebra ACCESS 2' });
    expect(byDescription).toMatchObject({ TotalCount: 1, Policies: [{ PolicyName: 'team-2' }] });
    const admin = await root.ok<PoliciesPage>('console', 'ListPolicies', { Search: 'AdministratorAccess', Scope: 'AWS' });
    expect(admin.Policies.find((p) => p.PolicyName === 'AdministratorAccess')?.AttachmentCount).toBe(1);
  });

  it("shows AWS managed policies' descriptions as AWS's console does, and none where none is known", async () => {
    const described = async (name: string, search = name) => {
      const page = await root.ok<PoliciesPage>('console', 'ListPolicies', { Search: search, Scope: 'AWS', PageSize: 100 });
      return page.Policies.find((p) => p.PolicyName === name);
    };
    expect((await described('ReadOnlyAccess', 'read-only access to AWS services'))?.Description).toBe('Provides read-only access to AWS services and resources.');
    expect((await described('IAMReadOnlyAccess'))?.Description).toBe('Provides read only access to IAM via the AWS Management Console.');
    // A policy the seed knows no description for has none (the console leaves the cell blank).
    const unknown = await described('AIOpsAssistantIncidentReportPolicy');
    expect(unknown).toBeDefined();
    expect(unknown!.Description).toBeUndefined();
    // Searching finds a policy by its description.
    const byDescription = await root.ok<PoliciesPage>('console', 'ListPolicies', { Search: 'does not allow management of Users', Scope: 'AWS' });
    expect(byDescription.Policies.map((p) => p.PolicyName)).toEqual(['PowerUserAccess']);
  });

  it('sorts on the server, customer managed last by type, most used first by use', async () => {
    const byType = await root.ok<PoliciesPage>('console', 'ListPolicies', { SortBy: 'Type', SortOrder: 'descending', PageSize: 3 });
    expect(byType.Policies.map((p) => p.PolicyName)).toEqual(['team-1', 'team-2', 'team-3']);
    const byUse = await root.ok<PoliciesPage>('console', 'ListPolicies', { SortBy: 'UsedAs', SortOrder: 'descending', PageSize: 1 });
    expect(byUse.Policies[0]!.PolicyName).toBe('AdministratorAccess');
    expect((await root.call('console', 'ListPolicies', { Scope: 'Mine' })).status).toBe(400);
  });

  it('is iam:ListPolicies for authorization', async () => {
    const denied = await consoleUser('no-policies', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:ListPolicies', Resource: '*' }));
    const res = await denied.call('console', 'ListPolicies');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('not authorized to perform: iam:ListPolicies');
  });
});

describe('console Dashboard', () => {
  it('returns the figures of the dashboard in one request', async () => {
    const dashboard = await root.ok<Record<string, unknown>>('console', 'Dashboard');
    expect(dashboard).toMatchObject({ Groups: 2, AccountMFAEnabled: false, AccountAccessKeysPresent: false, PasswordPolicyPresent: false, ActiveAccessKeys: 1, ActiveAccessKeysOlderThan90Days: 0 });
    expect(dashboard.Users).toBeGreaterThanOrEqual(31);
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'console-views' });
    await root.ok('iam', 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: 12 });
    expect(await root.ok('console', 'Dashboard')).toMatchObject({ AccountAlias: 'console-views', PasswordPolicyPresent: true });
  });

  it('needs the permissions of every figure it shows', async () => {
    const summaryOnly = await consoleUser('summary-only', doc({ Effect: 'Allow', Action: 'iam:GetAccountSummary', Resource: '*' }));
    const res = await summaryOnly.call('console', 'Dashboard');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('iam:ListAccountAliases');
    const readOnly = await consoleUser('read-only', doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }));
    expect((await readOnly.call('console', 'Dashboard')).status).toBe(200);
  });
});
