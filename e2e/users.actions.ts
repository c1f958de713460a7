// Page actions for the Users section and IAM-user sign-in, by what a person sees.
import { expect, type Page } from '@playwright/test';

export async function openUsers(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
}

/** Signs in as an IAM user from the sign-in page. */
export async function signInAsIamUser(page: Page, { account, userName, password }: { account: string; userName: string; password: string }): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(account);
  await page.getByLabel('IAM user name').fill(userName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The wizard's first step: user names (one field each) and the access types. */
export async function fillUserDetails(page: Page, { userNames, programmatic = false, console = false }: { userNames: string[]; programmatic?: boolean; console?: boolean }): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Set user details', level: 1 })).toBeVisible();
  for (const [index, name] of userNames.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add another user' }).click();
    await page.getByLabel(index === 0 ? 'User name' : `User name ${index + 1}`, { exact: true }).fill(name);
  }
  if (programmatic) await page.getByRole('checkbox', { name: /Access key - Programmatic access/ }).check();
  if (console) await page.getByRole('checkbox', { name: /Password - AWS Management Console access/ }).check();
}

export async function nextStep(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** Calls an IAM action of the REST API as the signed-in browser session (cookie + CSRF token), for seeding. */
export async function iamCall(page: Page, action: string, body: object = {}): Promise<unknown> {
  const session = await page.request.get('/api/session');
  expect(session.ok()).toBe(true);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(`/api/iam/${action}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
  return response.status() === 204 ? undefined : response.json().catch(() => undefined);
}
