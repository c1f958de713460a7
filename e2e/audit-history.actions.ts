// Page actions for Audit history.
import { expect, type Page } from '@playwright/test';

export async function openAuditHistory(page: Page): Promise<void> {
  await page.goto('/audit-history');
  await expect(page.getByRole('heading', { name: 'Audit history', level: 1 })).toBeVisible();
}

export async function filterByAction(page: Page, action: string): Promise<void> {
  await page.getByLabel('Action', { exact: true }).fill(action);
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

export function events(page: Page) {
  return page.getByRole('table', { name: 'Audit events' });
}
