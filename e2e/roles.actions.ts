// Page actions for the Roles section, by what a person sees.
import { expect, type Page } from '@playwright/test';

/** Walks "Select trusted entity" for "AWS account" with the given options, then goes on. */
export async function chooseAccountTrust(page: Page, options: { externalId?: string; requireMfa?: boolean; otherAccountId?: string }): Promise<void> {
  await page.goto('/roles/create');
  await expect(page.getByRole('heading', { name: 'Select trusted entity', level: 1 })).toBeVisible();
  await page.getByRole('radio', { name: /^AWS account/ }).check();
  if (options.otherAccountId) {
    await page.getByRole('radio', { name: 'Another AWS account' }).check();
    await page.getByLabel('Account ID').fill(options.otherAccountId);
  }
  if (options.externalId !== undefined) {
    await page.getByRole('checkbox', { name: /Require external ID/ }).check();
    await page.getByRole('textbox', { name: 'External ID' }).fill(options.externalId);
  }
  if (options.requireMfa) await page.getByRole('checkbox', { name: /Require MFA/ }).check();
}

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}
