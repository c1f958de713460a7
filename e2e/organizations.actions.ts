// Page actions for AWS Organizations: the AWS accounts list, adding an account, and setting a
// member account's root user password.
import { expect, type Page } from '@playwright/test';

export async function openAwsAccounts(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'AWS accounts' }).click();
  await expect(page.getByRole('heading', { name: 'AWS accounts', level: 1 })).toBeVisible();
}

/** Adds a member account from the AWS accounts page; returns to the list. */
export async function addAwsAccount(page: Page, name: string, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Add an AWS account' }).click();
  await expect(page.getByRole('heading', { name: 'Add an AWS account', level: 1 })).toBeVisible();
  await page.getByLabel('AWS account name').fill(name);
  await page.getByLabel("Email address of the account's owner").fill(email);
  await page.getByRole('button', { name: 'Create AWS account' }).click();
  await expect(page.getByRole('heading', { name: 'AWS accounts', level: 1 })).toBeVisible();
}

/** The row of an account in the AWS accounts table. */
export function accountRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/** Selects an account and sets its root user password through the modal. */
export async function setRootPassword(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('radio', { name: `Select ${name}` }).check();
  await page.getByRole('button', { name: 'Set root user password' }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('New password', { exact: true }).fill(password);
  await modal.getByLabel('Confirm new password').fill(password);
  await modal.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText(/Root user password set for account/)).toBeVisible();
}
