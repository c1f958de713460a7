// Page actions for the first-run setup page.
import { expect, type Page } from '@playwright/test';

export interface SetupValues {
  email: string;
  password: string;
  confirmPassword?: string;
  accountId?: string;
}

export function setupHeading(page: Page) {
  return page.getByRole('heading', { name: 'Set up Portcullis' });
}

/** Fills the setup form and submits it. */
export async function submitSetup(page: Page, values: SetupValues): Promise<void> {
  await expect(setupHeading(page)).toBeVisible();
  await page.getByLabel('Root user email address').fill(values.email);
  await page.getByLabel('Password', { exact: true }).fill(values.password);
  await page.getByLabel('Confirm password').fill(values.confirmPassword ?? values.password);
  if (values.accountId !== undefined) await page.getByLabel('Account ID (12 digits)').fill(values.accountId);
  await page.getByRole('button', { name: 'Create root user' }).click();
}
