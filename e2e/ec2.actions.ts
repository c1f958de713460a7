// Page actions for the EC2 sharing section (AMIs, snapshots, instances, security groups), by
// what a person sees: labels, roles, names.
import { expect, type Page } from '@playwright/test';

/** Calls an EC2 action through the console's REST protocol, to seed what a test needs. */
export async function ec2Call<T = unknown>(page: Page, action: string, body: object = {}): Promise<T> {
  const session = await page.request.get('/api/session');
  expect(session.ok()).toBe(true);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(`/api/ec2/${action}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export async function openEc2(page: Page, link: 'AMIs' | 'Snapshots' | 'Instances' | 'Security groups'): Promise<void> {
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { name: link, level: 1 })).toBeVisible();
}

/** Creates a snapshot on the Snapshots page; returns its ID (the detail page's heading). */
export async function createSnapshot(page: Page, sizeGiB: number, description: string): Promise<string> {
  await openEc2(page, 'Snapshots');
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
  await dialog.getByLabel('Size (GiB)').fill(String(sizeGiB));
  await dialog.getByLabel('Description - optional').fill(description);
  await dialog.getByRole('button', { name: 'Create snapshot' }).click();
  const heading = page.getByRole('heading', { name: /^snap-/, level: 1 });
  await expect(heading).toBeVisible();
  return (await heading.textContent())!.trim();
}

/** Registers an AMI from a snapshot on the AMIs page and lands on its detail page. */
export async function registerAmi(page: Page, name: string, snapshotId: string): Promise<void> {
  await openEc2(page, 'AMIs');
  await page.getByRole('button', { name: 'Register AMI' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register AMI' });
  await dialog.getByLabel('AMI name').fill(name);
  await dialog.getByLabel('AMI description - optional').fill('Registered by the e2e run');
  // The snapshot picker: open it, find the snapshot by its ID, choose it.
  await dialog.getByLabel('Root volume snapshot').click();
  await page.getByRole('option', { name: new RegExp(snapshotId) }).click();
  await dialog.getByRole('button', { name: 'Register AMI' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

export async function editAmiPermissions(page: Page): Promise<void> {
  const edit = page.getByRole('button', { name: 'Edit AMI permissions' });
  await expect(edit).toBeEnabled();
  await edit.click();
  await expect(page.getByRole('heading', { name: 'Edit AMI permissions' })).toBeVisible();
}
