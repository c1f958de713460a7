// Navigation follows the caller's permissions: a read-only IAM user is not offered what its
// policies would refuse (Audit history, Add users, Create alias); an administrator is.
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { signInAsIamUser } from './users.actions.ts';
import { root } from './test-accounts.ts';

const reader = { userName: 'e2e-perm-reader', password: 'Perm-Reader-Pass-1!' };
const admin = { userName: 'e2e-perm-admin', password: 'Perm-Admin-Pass-1!' };
const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] });

const sideNavigation = (page: Page) => page.getByRole('navigation', { name: 'Side navigation' });

/** Signs in as the IAM user and waits for the session's one permissions request. */
async function signInWithPermissions(page: Page, user: { userName: string; password: string }) {
  const permissions = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/console/GetConsolePermissions');
  await signInAsIamUser(page, { account: root.accountId, ...user });
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  expect((await permissions).status()).toBe(200);
}

test('a read-only user is not offered what it may not use; an administrator is', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  // Root may do anything: everything is there.
  await expect(sideNavigation(page).getByRole('link', { name: 'Audit history' })).toBeVisible();
  for (const user of [reader, admin]) {
    await seedIam(page, 'CreateUser', { UserName: user.userName });
    await seedIam(page, 'CreateLoginProfile', { UserName: user.userName, Password: user.password, PasswordResetRequired: false });
  }
  await seedIam(page, 'PutUserPolicy', { UserName: reader.userName, PolicyName: 'read-only', PolicyDocument: readOnly });
  await seedIam(page, 'AttachUserPolicy', { UserName: admin.userName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  await signOut(page);

  await signInWithPermissions(page, reader);
  const navigation = sideNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Credential report' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Audit history' })).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: 'Policy simulator' })).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: 'AMIs' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /(Create|Edit) account alias/ })).toHaveCount(0);
  await navigation.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('link', { name: reader.userName })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add users' })).toBeDisabled();
  await navigation.getByRole('link', { name: 'Policies' }).click();
  await expect(page.getByRole('button', { name: 'Create policy' })).toBeDisabled();
  // A hint only: the API still refuses what the navigation hides.
  const { csrfToken } = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const refused = await page.request.post('/api/portcullis/ListAuditEvents', { data: {}, headers: { 'x-csrf-token': csrfToken } });
  expect(refused.status()).toBe(403);
  await navigation.getByRole('link', { name: 'Dashboard' }).click();
  await signOut(page, reader.userName);

  await signInWithPermissions(page, admin);
  await expect(sideNavigation(page).getByRole('link', { name: 'Audit history' })).toBeVisible();
  await expect(page.getByRole('button', { name: /(Create|Edit) account alias/ })).toBeEnabled();
  await sideNavigation(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('link', { name: admin.userName })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add users' })).toBeEnabled();
  await signOut(page, admin.userName);
});
