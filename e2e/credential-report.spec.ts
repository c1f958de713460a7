// Credential report: one click generates and downloads status_reports_<timestamp>.csv with
// AWS's 22 columns, and the page shows when it was generated.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { downloadCredentialReport } from './credential-report.actions.ts';
import { root } from './test-accounts.ts';

test('downloading the credentials report saves the CSV and shows the generated time', async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  const download = await downloadCredentialReport(page);
  expect(download.suggestedFilename()).toMatch(/^status_reports_\d{4}-\d{2}-\d{2}T\d{2}_\d{2}_\d{2}Z\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv.split('\n')[0]).toBe(
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  );
  await expect(page.getByText('Generated', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Credential report' }).getByText(`arn:aws:iam::${root.accountId}:root`)).toBeVisible();
});
