// Page actions for the User groups section, by what a person sees (labels, roles, names).
import { expect, type Page } from '@playwright/test';

export async function openGroups(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'User groups' }).click();
  await expect(page.getByRole('heading', { name: 'User groups', level: 1 })).toBeVisible();
}

/** Ticks a managed policy in a policy table, after filtering the table by its name. */
export async function choosePolicy(page: Page, policyName: string): Promise<void> {
  await page.getByLabel('Filter policies by name').fill(policyName);
  await page.getByRole('checkbox', { name: policyName, exact: true }).check();
}

/** Creates a group from the User groups list (name, optional members and managed policies), then opens it from the success flash. */
export async function createGroup(page: Page, name: string, { users = [], policies = [] }: { users?: string[]; policies?: string[] } = {}): Promise<void> {
  await openGroups(page);
  await page.getByRole('button', { name: 'Create group' }).first().click();
  await expect(page.getByRole('heading', { name: 'Create user group' })).toBeVisible();
  await page.getByLabel('User group name').fill(name);
  for (const user of users) await page.getByRole('checkbox', { name: user, exact: true }).check();
  for (const policy of policies) await choosePolicy(page, policy);
  await page.getByRole('button', { name: 'Create group', exact: true }).click();
  // As the AWS console: back on the list, a flash with "View group".
  await expect(page.getByText(`${name} user group created.`)).toBeVisible();
  await page.getByRole('link', { name: 'View group' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}
