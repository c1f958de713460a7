// Account settings: the password policy is checked, saved, shown and set back to IAM's default;
// the account alias is checked, created and deleted.
import { expect, test } from '@playwright/test';
import { editPasswordPolicy, openAccountSettings, rules } from './account-settings.actions.ts';
import { signInAsRoot } from './auth.actions.ts';
import { root } from './test-accounts.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await openAccountSettings(page);
});

test('the password policy is checked, saved, and set back to the IAM default', async ({ page }) => {
  await expect(page.getByText('This AWS account uses the following default password policy:')).toBeVisible();
  await editPasswordPolicy(page);
  await page.getByLabel('Password minimum length').fill('5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('The minimum length must be from 6 to 128.')).toBeVisible();

  await page.getByLabel('Password minimum length').fill('12');
  await page.getByRole('checkbox', { name: /one uppercase letter/ }).check();
  await page.getByRole('checkbox', { name: /Prevent password reuse/ }).check();
  await page.getByLabel('Remember password(s)').fill('3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Password policy updated.')).toBeVisible();
  await expect(rules(page)).toContainText('Password minimum length: 12 characters');
  await expect(rules(page)).toContainText('Require at least one uppercase letter');
  await expect(rules(page)).toContainText('Remember last 3 password(s) and prevent reuse');

  await editPasswordPolicy(page);
  await page.getByRole('radio', { name: /IAM default/ }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Password policy set to IAM default.')).toBeVisible();
  await expect(page.getByText('This AWS account uses the following default password policy:')).toBeVisible();
});

test('the account alias is checked, created, shown in the sign-in URL, and deleted', async ({ page }) => {
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Preferred alias').fill('Not-Valid');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText(/Use lowercase letters, digits and single hyphens/)).toBeVisible();
  await dialog.getByLabel('Preferred alias').fill('e2e-acme');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Account alias e2e-acme saved.')).toBeVisible();
  await expect(page.getByRole('main').getByText('e2e-acme', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Account alias e2e-acme deleted.')).toBeVisible();
});
