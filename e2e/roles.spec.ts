// Roles: the Create role wizard turns "Require external ID" and "Require MFA" into trust policy
// conditions, and the role shows them under Trust relationships.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { chooseAccountTrust, next } from './roles.actions.ts';
import { root } from './test-accounts.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('the wizard checks the external ID, then creates a role whose trust policy requires it', async ({ page }) => {
  await chooseAccountTrust(page, { otherAccountId: '111122223333', externalId: 'x', requireMfa: true });
  await next(page);
  await expect(page.getByText('The external ID must have at least 2 characters.')).toBeVisible();
  await page.getByRole('textbox', { name: 'External ID' }).fill('partner-42');
  await next(page);

  await expect(page.getByRole('heading', { name: 'Add permissions', level: 1 })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter policies by name' }).fill('AmazonS3ReadOnlyAccess');
  await page.getByRole('checkbox', { name: 'AmazonS3ReadOnlyAccess', exact: true }).check();
  await next(page);

  await expect(page.getByRole('heading', { name: 'Name, review, and create', level: 1 })).toBeVisible();
  const review = page.getByRole('textbox', { name: 'Trust policy' });
  await expect(review).toContainText('"sts:ExternalId": "partner-42"');
  await expect(review).toContainText('"aws:MultiFactorAuthPresent": "true"');
  await expect(review).toContainText('arn:aws:iam::111122223333:root');
  await page.getByLabel('Role name').fill('e2e-partner-role');
  await page.getByLabel('Description').fill('Assumed by our partner');
  await page.getByRole('button', { name: 'Create role' }).click();

  await expect(page.getByText('Role e2e-partner-role created.')).toBeVisible();
  await page.getByRole('link', { name: 'View role' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-partner-role', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Permissions policies' }).getByText('AmazonS3ReadOnlyAccess', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Trust relationships' }).click();
  await expect(page.getByRole('textbox', { name: 'Trust policy' })).toContainText('"StringEquals"');
  await expect(page.getByRole('textbox', { name: 'Trust policy' })).toContainText('partner-42');

  await page.goto('/roles');
  await expect(page.getByRole('row', { name: /e2e-partner-role/ })).toContainText('Account: 111122223333');
});

test('a custom trust policy is validated live, and the trust policy can be edited later', async ({ page }) => {
  await page.goto('/roles/create');
  await page.getByRole('radio', { name: /^Custom trust policy/ }).check();
  const editor = page.getByRole('textbox', { name: 'Trust policy editor' });
  await expect(editor).toBeVisible();
  await editor.fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, null, 2));
  await expect(page.getByRole('region', { name: 'Policy validation' }).getByText(/^Errors: [1-9]/)).toBeVisible();
  await next(page);
  await expect(page.getByText('Resolve the errors in the trust policy to continue')).toBeVisible();

  const trust = (externalId: string) =>
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }] },
      null,
      2,
    );
  await editor.fill(trust('first-id'));
  await expect(page.getByRole('region', { name: 'Policy validation' }).getByText('Errors: 0')).toBeVisible();
  await next(page);
  await next(page);
  await page.getByLabel('Role name').fill('e2e-custom-trust');
  await page.getByRole('button', { name: 'Create role' }).click();
  await page.getByRole('link', { name: 'View role' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-custom-trust', level: 1 })).toBeVisible();

  await page.getByRole('tab', { name: 'Trust relationships' }).click();
  await page.getByRole('button', { name: 'Edit trust policy' }).click();
  await page.getByRole('textbox', { name: 'Trust policy editor' }).fill(trust('second-id'));
  await page.getByRole('button', { name: 'Update policy' }).click();
  await expect(page.getByRole('textbox', { name: 'Trust policy', exact: true })).toContainText('second-id');
});
