// Audit history: the console's own calls appear, and the action filter narrows the list on the server.
import { expect, test } from '@playwright/test';
import { events, filterByAction, openAuditHistory } from './audit-history.actions.ts';
import { signInAsRoot } from './auth.actions.ts';
import { root } from './test-accounts.ts';

test('the calls behind a page appear in the audit history and can be filtered by action', async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await page.goto('/roles');
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();

  await openAuditHistory(page);
  await filterByAction(page, 'ListRoles');
  await expect(page.getByText('Enter service:Action, such as iam:CreateUser.')).toBeVisible();

  await filterByAction(page, 'iam:ListRoles');
  const rows = events(page).getByRole('row').filter({ hasText: 'iam:ListRoles' });
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(`arn:aws:iam::${root.accountId}:root`);
  await expect(rows.first()).toContainText('Allowed');
  // Every row is the filtered action (the header row aside).
  await expect(events(page).getByRole('row').filter({ hasNotText: 'iam:ListRoles' })).toHaveCount(1);
});
