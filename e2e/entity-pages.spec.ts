// The entity pages' shared building blocks: the one policy editor for inline policies (users and
// groups get the live findings before anything is sent, and a valid policy is saved), and bulk
// delete of 25 users with a progress bar and result flashes naming what was deleted and what not.
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall, openUsers } from './users.actions.ts';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

const statement = (extra: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', ...extra }] }, null, 2);

/** Creates an inline policy through the dialog: a policy without Resource is flagged live, then a valid one is saved. */
async function createInlinePolicy(page: Page, policyName: string): Promise<void> {
  await page.getByRole('button', { name: 'Create inline policy' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Policy name').fill(policyName);
  const editor = dialog.getByRole('textbox', { name: 'Policy document' });
  await editor.fill(statement({}));
  const findings = dialog.getByRole('region', { name: 'Policy validation' });
  await expect(findings.getByText(/^Errors: [1-9]/)).toBeVisible();
  await expect(findings.getByRole('list', { name: 'Findings' })).toContainText(/Resource/);

  await editor.fill(statement({ Resource: '*' }));
  await expect(findings.getByText('Errors: 0')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create policy' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Inline policies' }).getByText(policyName, { exact: true })).toBeVisible();
}

test('the inline policy editor of a user and of a group shows findings live and saves a valid policy', async ({ page }) => {
  test.setTimeout(60_000);
  await iamCall(page, 'CreateUser', { UserName: 'ent-inline-user' });
  await iamCall(page, 'CreateGroup', { GroupName: 'ent-inline-group' });

  await page.goto('/users/ent-inline-user');
  await expect(page.getByRole('heading', { name: 'ent-inline-user', level: 1 })).toBeVisible();
  await createInlinePolicy(page, 'ListBuckets');
  const userPolicy = (await iamCall(page, 'GetUserPolicy', { UserName: 'ent-inline-user', PolicyName: 'ListBuckets' })) as { PolicyDocument: string };
  expect(decodeURIComponent(userPolicy.PolicyDocument)).toContain('s3:ListAllMyBuckets');
  // The user's permissions table lists it as an inline policy.
  await expect(page.getByRole('table', { name: 'Permissions policies' }).getByRole('row', { name: /ListBuckets/ })).toContainText('Customer inline');

  await page.goto('/groups/ent-inline-group');
  await page.getByRole('tab', { name: 'Permissions' }).click();
  await createInlinePolicy(page, 'GroupListBuckets');
  const groupPolicy = (await iamCall(page, 'GetGroupPolicy', { GroupName: 'ent-inline-group', PolicyName: 'GroupListBuckets' })) as { PolicyDocument: string };
  expect(decodeURIComponent(groupPolicy.PolicyDocument)).toContain('s3:ListAllMyBuckets');

  // Editing opens the same editor on the saved document.
  const inline = page.getByRole('table', { name: 'Inline policies' });
  await inline.getByRole('radio', { name: 'GroupListBuckets' }).check();
  await page.getByRole('button', { name: 'Edit inline policy' }).click();
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Policy document' })).toContainText('s3:ListAllMyBuckets');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await iamCall(page, 'DeleteGroupPolicy', { GroupName: 'ent-inline-group', PolicyName: 'GroupListBuckets' });
  await iamCall(page, 'DeleteGroup', { GroupName: 'ent-inline-group' });
  await iamCall(page, 'DeleteUserPolicy', { UserName: 'ent-inline-user', PolicyName: 'ListBuckets' });
  await iamCall(page, 'DeleteUser', { UserName: 'ent-inline-user' });
});

test('deleting 25 users shows progress, then flashes what was deleted and what failed with its reason', async ({ page }) => {
  test.setTimeout(90_000);
  const names = Array.from({ length: 25 }, (_v, i) => `bulk-${String(i + 1).padStart(2, '0')}`);
  for (let i = 0; i < names.length; i += 5) await Promise.all(names.slice(i, i + 5).map((UserName) => iamCall(page, 'CreateUser', { UserName })));
  await iamCall(page, 'CreateAccessKey', { UserName: 'bulk-01' });
  await iamCall(page, 'AttachUserPolicy', { UserName: 'bulk-02', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });

  await openUsers(page);
  await page.getByLabel('Find users by name').fill('bulk-');
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table.getByRole('link', { name: 'bulk-25' })).toBeVisible();
  await expect(table.getByRole('link', { name: /^bulk-/ })).toHaveCount(25);
  await table.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { name: 'Delete 25 users?' })).toBeVisible();
  // Someone else deletes bulk-25 meanwhile: its deletion fails, the others go on.
  await iamCall(page, 'DeleteUser', { UserName: 'bulk-25' });
  // Slow the final calls down a little so the progress is seen on a fast machine.
  await page.route('**/api/iam/DeleteUser', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await route.continue();
  });
  await dialog.getByLabel('To confirm deletion, enter delete in the text input field.').fill('delete');
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const progress = dialog.getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(dialog.getByText(/^Deleting \d+ of 25$/)).toBeVisible();

  await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  test.info().annotations.push({ type: 'bulk-delete-25-users-seconds', description: seconds.toFixed(1) });
  console.log(`bulk delete of 25 users (DeleteUser slowed by 150 ms each): ${seconds.toFixed(1)} s`);
  await expect(page.getByText('Deleted 24 users')).toBeVisible();
  await expect(page.getByText('1 user could not be deleted')).toBeVisible();
  const failures = page.getByRole('list', { name: 'users not deleted' });
  await expect(failures.getByRole('listitem')).toHaveCount(1);
  await expect(failures).toContainText('bulk-25');
  await expect(failures).toContainText(/cannot be found/);

  const left = (await iamCall(page, 'ListUsers', { MaxItems: 1000 })) as { Users: { UserName: string }[] };
  expect(left.Users.filter((u) => u.UserName.startsWith('bulk-'))).toEqual([]);
});
