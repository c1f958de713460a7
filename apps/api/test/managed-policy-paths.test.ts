/**
 * Issue #13: AWS managed policies sit at AWS's paths (arn:aws:iam::aws:policy/service-role/…),
 * on a fresh database (the seed) and on one seeded before paths were recorded (the data
 * migration, then the seed on the next start), with attachments following the policy.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestApp } from './test-app';
import { rootClient, type ConsoleClient } from './console-client';
import { seedAwsManagedPolicies } from '../src/db/seed';
import { managedPoliciesPath, migrationsDir } from '../src/paths';

const ACCOUNT = '123456789012';
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

let database: TestDatabase;
let root: ConsoleClient;
let expectedPaths: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app, ACCOUNT);
  const { policies } = JSON.parse(await readFile(managedPoliciesPath, 'utf8')) as { policies: { name: string; path: string | null }[] };
  expectedPaths = new Map(policies.map((p) => [p.name, p.path ?? '/']));
});
afterAll(async () => database?.drop());

/** Every AWS managed policy's path and ARN as stored, by name. */
async function stored() {
  const rows = await database.db.managedPolicy.findMany({ where: { accountId: null }, select: { name: true, path: true, arn: true } });
  return new Map(rows.map((r) => [r.name, r]));
}

function expectRealPaths(rows: Map<string, { path: string; arn: string }>) {
  expect(rows.size).toBe(expectedPaths.size);
  for (const [name, p] of expectedPaths) expect(rows.get(name), name).toEqual({ name, path: p, arn: `arn:aws:iam::aws:policy${p}${name}` });
}

/** What a database seeded before paths were recorded holds: every AWS managed policy at `/`. */
async function backToRoot() {
  await database.db.$executeRaw`UPDATE "ManagedPolicy" SET path = '/', arn = 'arn:aws:iam::aws:policy/' || name WHERE "accountId" IS NULL`;
}

async function runMigration() {
  const folder = (await readdir(migrationsDir)).find((n) => n.endsWith('_aws_managed_policy_paths'))!;
  const sql = await readFile(path.join(migrationsDir, folder, 'migration.sql'), 'utf8');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(sql); // simple protocol: the whole script, as the migration runner sends it
  } finally {
    await client.end();
  }
}

describe('AWS managed policy paths', () => {
  it('seeds every policy at its path, in all the folders AWS uses', async () => {
    const rows = await stored();
    expectRealPaths(rows);
    const counts = new Map<string, number>();
    for (const r of rows.values()) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
    for (const folder of ['/service-role/', '/aws-service-role/', '/job-function/', '/root-task/']) expect(counts.get(folder), folder).toBeGreaterThan(0);
    expect(rows.get('AWSLambdaBasicExecutionRole')?.arn).toBe(LAMBDA_BASIC);
    expect(rows.get('ViewOnlyAccess')?.arn).toBe('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess');
    expect(rows.get('AdministratorAccess')?.arn).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('resolves a policy by its real ARN, and not by the ARN without the path', async () => {
    const got = await root.ok<{ Policy: { Arn: string; Path: string; PolicyName: string } }>('iam', 'GetPolicy', { PolicyArn: LAMBDA_BASIC });
    expect(got.Policy).toMatchObject({ Arn: LAMBDA_BASIC, Path: '/service-role/', PolicyName: 'AWSLambdaBasicExecutionRole' });
    const wrong = await root.call('iam', 'GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole' });
    expect(wrong.body.error.code).toBe('NoSuchEntity');
    const listed = await root.ok<{ Policies: { Arn: string }[] }>('iam', 'ListPolicies', { Scope: 'AWS', PathPrefix: '/service-role/', MaxItems: 1000 });
    expect(listed.Policies.map((p) => p.Arn)).toContain(LAMBDA_BASIC);
    expect(listed.Policies.every((p) => p.Arn.startsWith('arn:aws:iam::aws:policy/service-role/'))).toBe(true);
  });

  it('moves the policies of a database seeded before paths, attachments and all (the migration)', async () => {
    await root.ok('iam', 'CreateRole', { RoleName: 'fn', AssumeRolePolicyDocument: TRUST });
    await root.ok('iam', 'AttachRolePolicy', { RoleName: 'fn', PolicyArn: LAMBDA_BASIC });
    await backToRoot();
    const oldArn = 'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole';
    const job = await database.db.serviceLastAccessedJob.create({ data: { id: 'job-1', accountId: ACCOUNT, arn: oldArn, granularity: 'SERVICE_LEVEL' } });

    await runMigration();
    expectRealPaths(await stored());
    const attached = await root.ok<{ AttachedPolicies: { PolicyArn: string }[] }>('iam', 'ListAttachedRolePolicies', { RoleName: 'fn' });
    expect(attached.AttachedPolicies.map((p) => p.PolicyArn)).toEqual([LAMBDA_BASIC]);
    expect((await database.db.serviceLastAccessedJob.findUnique({ where: { id: job.id } }))?.arn).toBe(LAMBDA_BASIC);
    // The seed on the next start finds nothing to do.
    expect(await seedAwsManagedPolicies(database.db)).toEqual({ inserted: 0, updated: 0 });
    // And the migration is harmless on a database already at the real paths.
    await runMigration();
    expectRealPaths(await stored());
  });

  it('moves them at start-up too (the seed), keeping their IDs', async () => {
    const before = await database.db.managedPolicy.findMany({ where: { accountId: null }, select: { id: true, name: true } });
    await backToRoot();
    const moved = [...expectedPaths.values()].filter((p) => p !== '/').length;
    expect(await seedAwsManagedPolicies(database.db)).toEqual({ inserted: 0, updated: moved });
    expectRealPaths(await stored());
    const after = await database.db.managedPolicy.findMany({ where: { accountId: null }, select: { id: true, name: true } });
    expect(new Map(after.map((p) => [p.name, p.id]))).toEqual(new Map(before.map((p) => [p.name, p.id])));
    expect(await seedAwsManagedPolicies(database.db)).toEqual({ inserted: 0, updated: 0 });
    const attached = await root.ok<{ AttachedPolicies: { PolicyArn: string }[] }>('iam', 'ListAttachedRolePolicies', { RoleName: 'fn' });
    expect(attached.AttachedPolicies.map((p) => p.PolicyArn)).toEqual([LAMBDA_BASIC]);
  });
});
