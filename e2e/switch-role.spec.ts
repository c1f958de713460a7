// Switch role: an IAM user acts as a role (its trust policy allows the account) and back.
import { expect, test } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { signInAsIamUser } from './users.actions.ts';
import { root } from './test-accounts.ts';

const user = { userName: 'e2e-switcher', password: 'Switcher-Pass-123!' };
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

test('an IAM user switches to a role, sees what the role may see, and switches back', async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateUser', { UserName: user.userName });
  await seedIam(page, 'CreateLoginProfile', { UserName: user.userName, Password: user.password, PasswordResetRequired: false });
  await seedIam(page, 'PutUserPolicy', { UserName: user.userName, PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  await seedIam(page, 'CreateRole', { RoleName: 'e2e-readers', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }) });
  await seedIam(page, 'AttachRolePolicy', { RoleName: 'e2e-readers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
  await signOut(page);

  await signInAsIamUser(page, { account: root.accountId, ...user });
  await expect(page.getByRole('button', { name: user.userName })).toBeVisible();
  await page.goto('/users');
  await expect(page.getByText(/not authorized to perform: iam:ListUsers/).first()).toBeVisible();

  await page.getByRole('button', { name: user.userName }).click();
  await page.getByRole('menuitem', { name: 'Switch role' }).click();
  await expect(page.getByRole('heading', { name: 'Switch role' })).toBeVisible();
  await page.getByLabel('Account ID or alias').fill(root.accountId);
  await page.getByLabel('IAM role name').fill('e2e-readers');
  await page.getByRole('button', { name: 'Switch role' }).click();
  await expect(page.getByRole('button', { name: `e2e-readers @ ${root.accountId}` })).toBeVisible();

  await page.goto('/users');
  await expect(page.getByRole('link', { name: user.userName })).toBeVisible();

  await page.getByRole('button', { name: `e2e-readers @ ${root.accountId}` }).click();
  await page.getByRole('menuitem', { name: `Switch back to ${user.userName}` }).click();
  await expect(page.getByRole('button', { name: user.userName })).toBeVisible();
});
