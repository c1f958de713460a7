// User groups: create with live name validation and a managed policy, attach and detach on the
// detail page, inline policies, the simulator link, and delete by typing the name.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { choosePolicy, createGroup, openGroups } from './groups.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall } from './users.actions.ts';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('the group name is checked as it is typed', async ({ page }) => {
  await openGroups(page);
  await page.getByRole('button', { name: 'Create group' }).first().click();
  const name = page.getByLabel('User group name');
  await name.fill('not allowed!');
  await expect(page.getByText('The user group name can contain only alphanumeric characters and +=,.@-_.')).toBeVisible();
  await name.fill('x'.repeat(129));
  await expect(page.getByText('The user group name can have at most 128 characters.')).toBeVisible();
  await name.fill('Fine-Name');
  await expect(page.getByText(/can contain only|at most 128/)).toHaveCount(0);
});

test('a group is created with a policy, then policies and inline policies are managed on its page', async ({ page }) => {
  test.setTimeout(90_000);
  await createGroup(page, 'QA-Team', { policies: ['ReadOnlyAccess'] });
  await expect(page.getByText(/arn:aws:iam::123456789012:group\/QA-Team/)).toBeVisible();

  await page.getByRole('tab', { name: 'Permissions' }).click();
  const attached = page.getByRole('table', { name: 'Permissions policies' });
  await expect(attached.getByRole('link', { name: 'ReadOnlyAccess', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Simulate' })).toHaveAttribute('href', `/policy-simulator?arn=${encodeURIComponent('arn:aws:iam::123456789012:group/QA-Team')}`);

  await page.getByRole('button', { name: 'Attach policies' }).click();
  const dialog = page.getByRole('dialog');
  await choosePolicy(page, 'IAMUserChangePassword');
  await dialog.getByRole('button', { name: 'Attach policies' }).click();
  await expect(attached.getByRole('link', { name: 'IAMUserChangePassword', exact: true })).toBeVisible();

  await attached.getByRole('checkbox', { name: 'ReadOnlyAccess', exact: true }).check();
  await page.getByRole('button', { name: 'Detach' }).click();
  await expect(attached.getByRole('link', { name: 'ReadOnlyAccess', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Create inline policy' }).click();
  await page.getByLabel('Policy name').fill('ListBuckets');
  await page.getByLabel('Policy document').fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}');
  await page.getByRole('button', { name: 'Create policy' }).click();
  const inline = page.getByRole('table', { name: 'Inline policies' });
  await expect(inline.getByText('ListBuckets', { exact: true })).toBeVisible();

  await openGroups(page);
  const row = page.getByRole('row').filter({ hasText: 'QA-Team' });
  await expect(row.getByText('Defined (2 policies)')).toBeVisible();
  await expect(row.getByRole('cell', { name: '0', exact: true })).toBeVisible();
});

test('deleting a group asks for its name, then removes it with its policies', async ({ page }) => {
  await openGroups(page);
  await page.getByRole('checkbox', { name: 'QA-Team', exact: true }).check();
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Delete' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('To confirm deletion, enter QA-Team in the text input field.').fill('QA-Team');
  await confirm.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'QA-Team' })).toHaveCount(0);
});

test('members are chosen when the group is created, then removed and added on its Users tab', async ({ page }) => {
  test.setTimeout(90_000);
  await iamCall(page, 'CreateUser', { UserName: 'grp-member' });
  await createGroup(page, 'Ops', { users: ['grp-member'] });
  await expect(page.getByRole('tab', { name: 'Users (1)' })).toBeVisible();
  const members = page.getByRole('table', { name: 'Users in this group' });
  await expect(members.getByRole('link', { name: 'grp-member' })).toBeVisible();

  await members.getByRole('checkbox', { name: 'grp-member', exact: true }).check();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Users (0)' })).toBeVisible();

  await page.getByRole('button', { name: 'Add users' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: 'grp-member', exact: true }).check();
  await dialog.getByRole('button', { name: 'Add users' }).click();
  await expect(page.getByRole('tab', { name: 'Users (1)' })).toBeVisible();

  // Deleting the group from its page removes the membership first.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByLabel('To confirm deletion, enter Ops in the text input field.').fill('Ops');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'User groups', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ops', exact: true })).toHaveCount(0);
  await iamCall(page, 'DeleteUser', { UserName: 'grp-member' });
});
