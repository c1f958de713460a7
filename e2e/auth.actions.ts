// What a person does on the sign-in page and with the user menu, by what they see (labels and
// roles), so specs read like the steps and survive markup changes.
import { expect, type Page } from '@playwright/test';

export interface RootCredentials {
  email: string;
  password: string;
}

/** Signs in as the root user from the sign-in page. */
export async function signInAsRoot(page: Page, { email, password }: RootCredentials): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('radio', { name: 'Root user' }).check();
  await page.getByLabel('Root user email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the user menu in the top navigation and signs out. */
export async function signOut(page: Page, menuName: string | RegExp = /Root user/): Promise<void> {
  await page.getByRole('button', { name: menuName }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Opens the user menu and changes the signed-in principal's password. */
export async function changePassword(page: Page, menuName: string | RegExp, oldPassword: string, newPassword: string): Promise<void> {
  await page.getByRole('button', { name: menuName }).click();
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
  await page.getByLabel('Old password').fill(oldPassword);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
}
