// AWS Organizations: the management account's root user adds a member account, gives its root
// user a password, and that root user signs in to its own account.
import { expect, test } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { accountRow, addAwsAccount, openAwsAccounts, setRootPassword } from './organizations.actions.ts';
import { root } from './test-accounts.ts';

test('root adds a member account, sets its root password, and that root user signs in', async ({ page }) => {
  const email = `sandbox-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const name = `Sandbox`;
  const password = 'Sandbox-Root-Pass-1';

  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await openAwsAccounts(page);
  await expect(accountRow(page, root.accountId)).toBeVisible();

  await addAwsAccount(page, name, email);
  await expect(page.getByText(/AWS account Sandbox \(\d{12}\) created\./)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toBeVisible();
  const accountId = (await row.getByRole('cell').filter({ hasText: /^\d{12}$/ }).first().textContent())?.trim() ?? '';
  expect(accountId).toMatch(/^\d{12}$/);

  await page.getByRole('searchbox', { name: 'Find AWS accounts' }).fill(email);
  await setRootPassword(page, name, password);

  await signOut(page);
  await signInAsRoot(page, { email, password });
  // The console returns to the page it was on; a member account is refused the organization's list.
  await expect(page.getByRole('heading', { name: 'AWS accounts', level: 1 })).toBeVisible();
  await expect(page.getByText('Only the management account of the organization can perform this operation.', { exact: false })).toBeVisible();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await expect(page.getByText(accountId, { exact: true }).first()).toBeVisible();
});
