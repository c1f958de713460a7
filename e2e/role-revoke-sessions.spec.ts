// Roles → Revoke sessions: "Revoke active sessions" attaches the inline policy
// AWSRevokeOlderSessions (deny everything when aws:TokenIssueTime is before now); the role's
// sessions issued before the revoke, from the SDK and from the console's Switch role alike, are
// denied afterwards, and sessions issued after it are not.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall, signInAsIamUser } from './users.actions.ts';

const roleName = 'e2e-revoke-readers';
const roleArn = `arn:aws:iam::${root.accountId}:role/${roleName}`;
const caller = { userName: 'e2e-revoke-caller', password: 'Revoke-Caller-Pass-1!' };
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface RevokePolicy {
  Version: string;
  Statement: { Effect: string; Action: string[]; Resource: string[]; Condition: { DateLessThan: Record<string, string> } }[];
}

/** A role the account's principals may assume, allowed to read IAM (iam:ListUsers among it). Idempotent. */
async function seedRole(page: Page): Promise<void> {
  await seedIam(page, 'CreateRole', { RoleName: roleName, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }) });
  await seedIam(page, 'AttachRolePolicy', { RoleName: roleName, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
}

/** Opens the role, then its Revoke sessions tab, revokes and confirms; returns when the console says so. */
async function revokeActiveSessions(page: Page): Promise<void> {
  await page.goto(`/roles/details/${roleName}`);
  await expect(page.getByRole('heading', { name: roleName, level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Revoke sessions' }).click();
  await page.getByRole('button', { name: 'Revoke active sessions' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke active sessions?' });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole('button', { name: 'Revoke active sessions' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I acknowledge that I am revoking all active sessions for this role.' }).check();
  await confirm.click();
  await expect(page.getByText(`Active sessions for role ${roleName} revoked.`)).toBeVisible();
  await expect(dialog).toBeHidden();
}

/** The AWSRevokeOlderSessions document, read back through GetRolePolicy. */
async function revokePolicy(page: Page): Promise<RevokePolicy> {
  const { PolicyDocument } = (await iamCall(page, 'GetRolePolicy', { RoleName: roleName, PolicyName: 'AWSRevokeOlderSessions' })) as { PolicyDocument: string };
  return JSON.parse(PolicyDocument.trim().startsWith('%') ? decodeURIComponent(PolicyDocument) : PolicyDocument) as RevokePolicy;
}

/** sts:AssumeRole over the Query API, signed with SigV4 (what the SDK's STSClient sends). */
async function assumeRole(baseURL: string, credentials: Credentials): Promise<Credentials> {
  const url = new URL(baseURL);
  const body = new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: `e2e-${Date.now()}` }).toString();
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const reply = await fetch(new URL('/', baseURL), { method: 'POST', headers: signed.headers, body });
  const xml = await reply.text();
  expect(reply.ok, xml).toBe(true);
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

/** iam:ListUsers with the given credentials: 'allowed', or the error's code. */
async function listUsers(baseURL: string, credentials: Credentials): Promise<string> {
  const iam = new IAMClient({ endpoint: baseURL, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    await iam.send(new ListUsersCommand({}));
    return 'allowed';
  } catch (error) {
    return (error as { name?: string }).name ?? String(error);
  } finally {
    iam.destroy();
  }
}

// Two browser sessions, an SDK and a few revokes each: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedRole(page);
});

test('Revoke active sessions attaches AWSRevokeOlderSessions dated now, and revoking again moves the date', async ({ page }) => {
  const before = Date.now();
  await revokeActiveSessions(page);

  await page.getByRole('tab', { name: 'Permissions' }).click();
  const permissions = page.getByRole('table', { name: 'Permissions policies' });
  await expect(permissions.getByRole('row', { name: /AWSRevokeOlderSessions/ })).toContainText('Customer inline');
  await expect(permissions.getByText('ReadOnlyAccess', { exact: true })).toBeVisible();

  const first = await revokePolicy(page);
  expect(first).toMatchObject({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'] }] });
  expect(first.Statement).toHaveLength(1);
  const firstDate = Date.parse(first.Statement[0]!.Condition.DateLessThan['aws:TokenIssueTime']!);
  expect(firstDate).toBeGreaterThanOrEqual(before - 1000);
  expect(firstDate).toBeLessThanOrEqual(Date.now() + 1000);

  // Revoking again rewrites the same inline policy with the new moment.
  await page.waitForTimeout(20);
  await revokeActiveSessions(page);
  const second = await revokePolicy(page);
  expect(Date.parse(second.Statement[0]!.Condition.DateLessThan['aws:TokenIssueTime']!)).toBeGreaterThan(firstDate);
  const names = (await iamCall(page, 'ListRolePolicies', { RoleName: roleName })) as { PolicyNames: string[] };
  expect(names.PolicyNames.filter((n) => n === 'AWSRevokeOlderSessions')).toHaveLength(1);
});

test('sessions of the role issued before the revoke are denied, sessions issued after it are not', async ({ page, browser, baseURL }) => {
  if (!baseURL) throw new Error('baseURL is not set');
  await seedIam(page, 'CreateUser', { UserName: caller.userName });
  await seedIam(page, 'CreateLoginProfile', { UserName: caller.userName, Password: caller.password, PasswordResetRequired: false });
  await seedIam(page, 'PutUserPolicy', { UserName: caller.userName, PolicyName: 'assume-readers', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }) });
  const { AccessKey } = (await iamCall(page, 'CreateAccessKey', { UserName: caller.userName })) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  const userKey = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };

  // Before: an SDK session and a console session (Switch role) of the role, both reading IAM.
  const sdkSession = await assumeRole(baseURL, userKey);
  expect(await listUsers(baseURL, sdkSession)).toBe('allowed');

  const context = await browser.newContext({ baseURL });
  const callerPage = await context.newPage();
  try {
    await callerPage.goto('/');
    await signInAsIamUser(callerPage, { account: root.accountId, ...caller });
    await callerPage.getByRole('button', { name: caller.userName }).click();
    await callerPage.getByRole('menuitem', { name: 'Switch role' }).click();
    await callerPage.getByLabel('Account ID or alias').fill(root.accountId);
    await callerPage.getByLabel('IAM role name').fill(roleName);
    await callerPage.getByRole('button', { name: 'Switch role' }).click();
    const switched = callerPage.getByRole('button', { name: `${roleName} @ ${root.accountId}` });
    await expect(switched).toBeVisible();
    await callerPage.goto('/users');
    await expect(callerPage.getByRole('link', { name: caller.userName })).toBeVisible();

    // A session issued in the same millisecond as the revoke is not "before" it: wait a little
    // so both sessions are strictly older.
    await page.waitForTimeout(20);
    await revokeActiveSessions(page);

    // After: both old sessions are denied everything (an explicit deny).
    expect(await listUsers(baseURL, sdkSession)).toBe('AccessDenied');
    await callerPage.reload();
    await expect(callerPage.getByText(/not authorized to perform: iam:ListUsers/).first()).toBeVisible();

    // New sessions, issued after the revoke, are not affected.
    await page.waitForTimeout(20);
    expect(await listUsers(baseURL, await assumeRole(baseURL, userKey))).toBe('allowed');
    await switched.click();
    await callerPage.getByRole('menuitem', { name: `Switch back to ${caller.userName}` }).click();
    await expect(callerPage.getByRole('button', { name: caller.userName })).toBeVisible();
    await callerPage.getByRole('button', { name: caller.userName }).click();
    await callerPage.getByRole('menuitem', { name: 'Switch role' }).click();
    await callerPage.getByLabel('Account ID or alias').fill(root.accountId);
    await callerPage.getByLabel('IAM role name').fill(roleName);
    await callerPage.getByRole('button', { name: 'Switch role' }).click();
    await expect(switched).toBeVisible();
    await callerPage.goto('/users');
    await expect(callerPage.getByRole('link', { name: caller.userName })).toBeVisible();
  } finally {
    await context.close();
  }

  // Leave no user behind for the specs that page through the users list.
  await iamCall(page, 'DeleteAccessKey', { UserName: caller.userName, AccessKeyId: userKey.accessKeyId });
  await iamCall(page, 'DeleteLoginProfile', { UserName: caller.userName });
  await iamCall(page, 'DeleteUserPolicy', { UserName: caller.userName, PolicyName: 'assume-readers' });
  await iamCall(page, 'DeleteUser', { UserName: caller.userName });
});
