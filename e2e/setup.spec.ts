// First run: a fresh instance asks for its root user, then the root user signs in.
// The steps share one database, so they run in order; playwright.config.ts runs this file as
// the `first-run` project, before every other spec.
import { expect, test } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { setupHeading, submitSetup } from './setup.actions.ts';
import { root } from './test-accounts.ts';

test.describe.configure({ mode: 'serial' });

test('a fresh instance opens on the setup page and checks the form before sending it', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(setupHeading(page)).toBeVisible();

  await submitSetup(page, { email: root.email, password: 'short', confirmPassword: 'different', accountId: '123' });
  await expect(page.getByText('The password must be at least 8 characters long.')).toBeVisible();
  await expect(page.getByText('The passwords do not match.')).toBeVisible();
  await expect(page.getByText('The account ID must be exactly 12 digits.')).toBeVisible();
  await expect(setupHeading(page)).toBeVisible();
});

test('setting up the root user leads to the sign-in page, and the root user reaches the dashboard', async ({ page }) => {
  await page.goto('/setup');
  await submitSetup(page, root);
  await expect(page.getByText('Portcullis is set up').first()).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText(`Account ${root.accountId} is ready`)).toBeVisible();

  await signInAsRoot(page, root);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await expect(page.getByRole('main').getByText(root.accountId, { exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByText(`arn:aws:iam::${root.accountId}:root`, { exact: true })).toBeVisible();
});

test('once set up, the setup page no longer offers the form', async ({ page }) => {
  await page.goto('/setup');
  await expect(page.getByText('Portcullis is already set up')).toBeVisible();
  await expect(page.getByLabel('Root user email address')).toHaveCount(0);
});

test('a wrong password is refused with the AWS wording', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await signInAsRoot(page, { email: root.email, password: 'Not-the-password-1' });
  await expect(page.getByText('Your authentication information is incorrect. Please try again.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toHaveCount(0);
});

test('the session survives a reload, the navigation works, and signing out ends it', async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  const navigation = page.getByRole('navigation', { name: 'Side navigation' });
  await navigation.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  await signOut(page);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/signin$/);
});
