/**
 * The policy editor's change preview: the analysis on its own (access-change.ts, with AWS's
 * catalog), then the console view through the REST protocol and the dispatcher, real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { parsePolicy } from '@portcullis/policy';
import { loadNodeCatalog } from '@portcullis/policy/node-catalog';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { compareAccess, type AccessChangeRow } from '../access-analyzer/access-change';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const parsed = (text: string) => parsePolicy(text).document!;
const catalog = loadNodeCatalog();
const compare = (before: string, after: string) => compareAccess(parsed(before), parsed(after), catalog);
const brief = (rows: AccessChangeRow[]) => rows.map((r) => `${r.effect} ${r.allActions ? `${r.service}:*` : r.actions.join(',')} on ${r.resources.join(',')}${r.conditions ? ' if' : ''}`);

describe('compareAccess', () => {
  it('finds an action added and one removed, on their resources', () => {
    const change = compare(
      doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::b/*' }),
      doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }),
    );
    expect(brief(change.added)).toEqual(['Allow s3:PutObject on arn:aws:s3:::b/*']);
    expect(brief(change.removed)).toEqual(['Allow s3:DeleteObject on arn:aws:s3:::b/*']);
  });

  it('sees a widened resource as new access and a narrowed one as removed access', () => {
    const narrow = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/logs/*' });
    const wide = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    expect(brief(compare(narrow, wide).added)).toEqual(['Allow s3:GetObject on arn:aws:s3:::b/*']);
    expect(compare(narrow, wide).removed).toEqual([]);
    expect(compare(wide, narrow).added).toEqual([]);
    expect(brief(compare(wide, narrow).removed)).toEqual(['Allow s3:GetObject on arn:aws:s3:::b/*']);
  });

  it('reports nothing for an equivalent rewrite (wildcards, order, case)', () => {
    const change = compare(
      doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }),
      doc({ Effect: 'Allow', Action: ['IAM:listusers'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:GetUser', Resource: ['*'] }),
    );
    expect(change).toEqual({ added: [], removed: [] });
  });

  it('groups a whole service into one row', () => {
    const change = compare(doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }), doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    expect(change.added).toHaveLength(1);
    expect(change.added[0]).toMatchObject({ effect: 'Allow', service: 's3', allActions: true, resources: ['*'] });
    expect(change.added[0]!.actionCount).toBe(Object.keys(catalog.services.s3!.actions).length);
    expect(brief(change.removed)).toEqual(['Allow iam:GetUser on *']);
  });

  it('treats conditions: a conditional grant is not covered by a different condition', () => {
    const ip = (cidr: string) => doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': cidr } } });
    expect(compare(ip('10.0.0.0/8'), ip('10.0.0.0/8'))).toEqual({ added: [], removed: [] });
    expect(brief(compare(ip('10.0.0.0/8'), ip('0.0.0.0/0')).added)).toEqual(['Allow iam:GetUser on * if']);
    // An unconditional grant covers a conditional one.
    expect(compare(doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }), ip('10.0.0.0/8')).added).toEqual([]);
  });

  it('reports Deny statements added and removed on their own', () => {
    const allow = { Effect: 'Allow', Action: 'ec2:*', Resource: '*' };
    const change = compare(doc(allow, { Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }), doc(allow));
    expect(change.added).toEqual([]);
    expect(brief(change.removed)).toEqual(['Deny ec2:TerminateInstances on *']);
  });

  it('expands NotAction against the catalog', () => {
    const change = compare(doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    expect(change.added.some((r) => r.service === 'iam')).toBe(false);
    expect(change.added.find((r) => r.service === 's3')?.allActions).toBe(true);
    expect(change.removed).toHaveLength(1);
    expect(change.removed[0]).toMatchObject({ service: 'iam', allActions: true });
  });

  it('keeps an action the catalog does not know as written', () => {
    expect(brief(compare(doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }), doc({ Effect: 'Allow', Action: ['iam:GetUser', 'madeup:DoThing'], Resource: '*' })).added)).toEqual(['Allow madeup:dothing on *']);
  });

  it('compares AdministratorAccess-sized expansions quickly', () => {
    const started = performance.now();
    const change = compare(doc({ Effect: 'Allow', Action: '*', Resource: '*' }), doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }));
    expect(change.removed.map((r) => r.service).sort()).toEqual(['iam', 'organizations']);
    // A generous bound: this is a guard against quadratic work, not a benchmark.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('PreviewPolicyChange console view', () => {
  const ACCOUNT = '210987654321';
  const PASSWORD = 'Preview-Views-Pass-1!';
  let database: TestDatabase;
  let app: App;
  let root: ConsoleClient;
  let policyArn: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = createTestApp(database).app;
    root = await rootClient(app, ACCOUNT);
    const created = await root.ok<{ Policy: { Arn: string } }>('iam', 'CreatePolicy', {
      PolicyName: 'Buckets',
      PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
    });
    policyArn = created.Policy.Arn;
    await root.ok('iam', 'CreateUser', { UserName: 'carol' });
    await root.ok('iam', 'CreateUser', { UserName: 'alice' });
    await root.ok('iam', 'CreateGroup', { GroupName: 'Readers' });
    await root.ok('iam', 'CreateRole', { RoleName: 'App', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) });
    for (const [action, body] of [
      ['AttachUserPolicy', { UserName: 'carol' }],
      ['AttachUserPolicy', { UserName: 'alice' }],
      ['AttachGroupPolicy', { GroupName: 'Readers' }],
      ['AttachRolePolicy', { RoleName: 'App' }],
    ] as const) {
      await root.ok('iam', action, { ...body, PolicyArn: policyArn });
    }
  });
  afterAll(async () => database?.drop());

  it('answers what the new version adds and removes, and whom it affects', async () => {
    const preview = await root.ok<{ Added: AccessChangeRow[]; Removed: AccessChangeRow[]; DefaultVersionId: string; AttachedTo: Record<string, { Names: string[]; Count: number }> }>(
      'console',
      'PreviewPolicyChange',
      { PolicyArn: policyArn, PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }) },
    );
    expect(preview.DefaultVersionId).toBe('v1');
    expect(brief(preview.Added)).toEqual(['Allow s3:PutObject on arn:aws:s3:::b/*']);
    expect(preview.Removed).toEqual([]);
    expect(preview.AttachedTo).toEqual({ Users: { Names: ['alice', 'carol'], Count: 2 }, Groups: { Names: ['Readers'], Count: 1 }, Roles: { Names: ['App'], Count: 1 } });
  });

  it('refuses a malformed document as CreatePolicyVersion does, and an unknown policy', async () => {
    const bad = await root.call('console', 'PreviewPolicyChange', { PolicyArn: policyArn, PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MalformedPolicyDocument');
    const missing = await root.call('console', 'PreviewPolicyChange', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Nope`, PolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NoSuchEntity');
  });

  it('needs iam:GetPolicyVersion and iam:ListEntitiesForPolicy on the policy', async () => {
    const signInAs = async (name: string, actions: string[]) => {
      await root.ok('iam', 'CreateUser', { UserName: name });
      await root.ok('iam', 'CreateLoginProfile', { UserName: name, Password: PASSWORD, PasswordResetRequired: false });
      await root.ok('iam', 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: actions, Resource: '*' }) });
      return signIn(app, { kind: 'iam', account: ACCOUNT, userName: name, password: PASSWORD });
    };
    const body = { PolicyArn: policyArn, PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    const versionOnly = await signInAs('version-only', ['iam:GetPolicyVersion']);
    const refused = await versionOnly.call('console', 'PreviewPolicyChange', body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AccessDenied');
    expect(refused.body.error.message).toContain('iam:ListEntitiesForPolicy');
    const both = await signInAs('reviewer', ['iam:GetPolicyVersion', 'iam:ListEntitiesForPolicy']);
    expect((await both.call('console', 'PreviewPolicyChange', body)).status).toBe(200);
  });
});
