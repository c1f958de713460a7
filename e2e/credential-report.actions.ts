// Page actions for the credential report.
import { expect, type Download, type Page } from '@playwright/test';

/** Opens the page, downloads the report and returns the download. */
export async function downloadCredentialReport(page: Page): Promise<Download> {
  await page.goto('/credential-report');
  await expect(page.getByRole('heading', { name: 'Credential report', level: 1 })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download credentials report' }).click();
  return download;
}
