// Policy simulator: a new policy and an existing role's policies, action by action.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { results, runSimulation, seedIam } from './policy-simulator.actions.ts';
import { root } from './test-accounts.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('a new policy allows what it lists and implicitly denies the rest', async ({ page }) => {
  await page.goto('/policy-simulator');
  await page.getByRole('radio', { name: /New policy/ }).check();
  await runSimulation(page, 'iam:ListUsers, iam:CreateUser');
  await expect(results(page).getByRole('row', { name: /iam:ListUsers/ })).toContainText('allowed');
  await expect(results(page).getByRole('row', { name: /iam:ListUsers/ })).toContainText('PolicyInputList.1');
  await expect(results(page).getByRole('row', { name: /iam:CreateUser/ })).toContainText('denied (implicit deny)');
});

test('?arn= preselects a role, whose attached policy decides', async ({ page }) => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  await seedIam(page, 'CreateRole', { RoleName: 'e2e-sim-role', AssumeRolePolicyDocument: trust });
  await seedIam(page, 'AttachRolePolicy', { RoleName: 'e2e-sim-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });

  await page.goto(`/policy-simulator?arn=${encodeURIComponent(`arn:aws:iam::${root.accountId}:role/e2e-sim-role`)}`);
  await expect(page.getByText('e2e-sim-role').first()).toBeVisible();
  await runSimulation(page, 's3:GetObject\niam:CreateUser');
  await expect(results(page).getByRole('row', { name: /s3:GetObject/ })).toContainText('allowed');
  await expect(results(page).getByRole('row', { name: /s3:GetObject/ })).toContainText('AmazonS3ReadOnlyAccess');
  await expect(results(page).getByRole('row', { name: /iam:CreateUser/ })).toContainText('denied (implicit deny)');
});
