// Page actions for Account settings: the password policy form and the account alias.
import { expect, type Page } from '@playwright/test';

export async function openAccountSettings(page: Page): Promise<void> {
  await page.goto('/account-settings');
  await expect(page.getByRole('heading', { name: 'Account settings', level: 1 })).toBeVisible();
}

/** Opens the password policy editor. */
export async function editPasswordPolicy(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Edit password policy' })).toBeVisible();
}

export function rules(page: Page) {
  return page.getByRole('list', { name: 'Password policy rules' });
}
