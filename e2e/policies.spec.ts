// Policies: the JSON editor shows the engine's findings at their line and refuses to go on with
// an error; a valid policy is created; editing it makes a second version the default.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { nameAndCreatePolicy, openPolicy, policyEditor, policyJson, startPolicy } from './policies.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { root } from './test-accounts.ts';

const policyName = 'e2e-read-objects';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('a policy with an error shows it at its line and cannot go on; fixed, it is created', async ({ page }) => {
  const broken = policyJson({ Effect: 'Allowed', Action: 's3:GetObject', Resource: '*' });
  await startPolicy(page, broken);

  const findings = page.getByRole('region', { name: 'Policy validation' });
  await expect(findings.getByText('Errors: 1')).toBeVisible();
  // "Effect" sits on line 5 of the two-space document.
  await expect(findings.getByRole('button', { name: /^Ln 5, Col \d+$/ })).toBeVisible();
  await expect(findings.getByText('Effect must be "Allow" or "Deny", not "Allowed".')).toBeVisible();
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Resolve the errors in the policy to continue')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Specify permissions', level: 1 })).toBeVisible();

  await policyEditor(page).fill(policyJson({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
  await expect(findings.getByText('Errors: 0')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await nameAndCreatePolicy(page, policyName, 'Reads objects');
  await expect(page.getByText(`Policy ${policyName} created.`)).toBeVisible();

  await openPolicy(page, policyName);
  await expect(page.getByText('Customer managed')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Policy document' })).toContainText('s3:GetObject');
});

test('editing a policy previews the change for whom it is attached to, then saves a second version as the default', async ({ page }) => {
  await seedIam(page, 'CreateUser', { UserName: 'e2e-preview-reader' });
  await seedIam(page, 'AttachUserPolicy', { UserName: 'e2e-preview-reader', PolicyArn: `arn:aws:iam::${root.accountId}:policy/${policyName}` });
  await openPolicy(page, policyName);
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: `Modify permissions in ${policyName}` })).toBeVisible();
  const preview = page.getByRole('table', { name: 'Changes to permissions' });
  await policyEditor(page).fill(policyJson({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }));
  // Before saving: the one addition, and the user it reaches.
  await expect(preview.getByRole('row', { name: /Allows.*s3:ListBucket/ })).toBeVisible();
  await expect(preview.getByRole('row')).toHaveCount(2);
  await expect(page.getByText('Applies to 1 user (e2e-preview-reader).', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByText(`Policy ${policyName} updated. Version v2 is now the default.`)).toBeVisible();
  const versions = page.getByRole('table', { name: 'Policy versions' });
  await expect(versions.getByRole('row', { name: /v2 \(Default\)/ })).toBeVisible();
  await expect(versions.getByRole('row', { name: /v1/ }).filter({ hasNotText: 'Default' })).toBeVisible();

  await versions.getByRole('button', { name: 'v1', exact: true }).click();
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Policy document v1' })).not.toContainText('s3:ListBucket');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();

  await page.getByRole('tab', { name: 'Permissions' }).click();
  await expect(page.getByRole('textbox', { name: 'Policy document' })).toContainText('s3:ListBucket');
  await seedIam(page, 'DetachUserPolicy', { UserName: 'e2e-preview-reader', PolicyArn: `arn:aws:iam::${root.accountId}:policy/${policyName}` });
});

test('a server refusal is shown with its message: a policy with versions cannot be deleted', async ({ page }) => {
  await openPolicy(page, policyName);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByLabel('Policy name to confirm deletion').fill(policyName);
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(/you must delete the policy's versions/)).toBeVisible();
});

test('a policy is attached to a role, cannot be deleted while attached, then is detached and deleted', async ({ page }) => {
  const document = policyJson({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  await seedIam(page, 'CreatePolicy', { PolicyName: 'e2e-attach-me', PolicyDocument: document });
  await seedIam(page, 'CreateRole', { RoleName: 'e2e-attach-role', AssumeRolePolicyDocument: trust });

  await openPolicy(page, 'e2e-attach-me');
  await page.getByRole('tab', { name: 'Entities attached' }).click();
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Role' }).check();
  await dialog.getByRole('button', { name: /Entity name/ }).click();
  await page.getByRole('option', { name: 'e2e-attach-role' }).click();
  await dialog.getByRole('button', { name: 'Attach policy' }).click();
  const entities = page.getByRole('table', { name: 'Entities attached' });
  await expect(entities.getByRole('row', { name: /e2e-attach-role/ })).toContainText('Role');

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByLabel('Policy name to confirm deletion').fill('e2e-attach-me');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Cannot delete a policy attached to entities.')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await entities.getByRole('checkbox', { name: 'e2e-attach-role' }).check();
  await page.getByRole('button', { name: 'Detach' }).click();
  await expect(entities.getByText('No entities are attached to this policy.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByLabel('Policy name to confirm deletion').fill('e2e-attach-me');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Policy e2e-attach-me deleted.')).toBeVisible();
});
