// Signing in and out, and changing one's own password. Runs after the `first-run` project has
// created the root user.
import { expect, test } from '@playwright/test';
import { changePassword, signInAsRoot, signOut } from './auth.actions.ts';
import { root } from './test-accounts.ts';

test('a deep link survives signing in', async ({ page }) => {
  await page.goto('/roles');
  await expect(page).toHaveURL(/\/signin$/);
  await signInAsRoot(page, root);
  await expect(page).toHaveURL(/\/roles$/);
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
});

test('the root user changes the password, and only the new one works afterwards', async ({ page }) => {
  const newPassword = 'Portcullis-e2e-2';
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  await changePassword(page, /Root user/, 'Not-the-old-password-1', newPassword);
  await expect(page.getByText('The old password is incorrect.')).toBeVisible();

  await page.getByLabel('Old password').fill(root.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await signOut(page);

  await signInAsRoot(page, root);
  await expect(page.getByText('Your authentication information is incorrect. Please try again.')).toBeVisible();
  await signInAsRoot(page, { email: root.email, password: newPassword });
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  // Put the password back for the specs that follow.
  await changePassword(page, /Root user/, newPassword, root.password);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});
