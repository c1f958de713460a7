// The seed's Example 2 through the console, with four accounts of one organization: account A
// shares an AMI with B and C in "Edit AMI permissions"; B and C see it among the AMIs they may
// launch and launch it; D, not listed, cannot see it at all.
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { ec2Call, editAmiPermissions, openEc2 } from './ec2.actions.ts';
import { root } from './test-accounts.ts';

const run = Date.now().toString(36);
const password = 'Example-2-Root-Pass';

/** Calls an action with the page's session (cookie + CSRF token), as the console does. */
async function call<T>(page: Page, service: string, action: string, body: object): Promise<T> {
  const { csrfToken } = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const response = await page.request.post(`/api/${service}/${action}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** A member account with a root password, created by the management account's root. */
async function memberAccount(page: Page, name: string): Promise<{ id: string; email: string }> {
  const email = `${name.toLowerCase()}-${run}@example.com`;
  const { CreateAccountStatus } = await call<{ CreateAccountStatus: { AccountId: string } }>(page, 'organizations', 'CreateAccount', { AccountName: name, Email: email });
  await call(page, 'portcullis', 'SetAccountRootPassword', { AccountId: CreateAccountStatus.AccountId, Password: password });
  return { id: CreateAccountStatus.AccountId, email };
}

async function openLaunchDialog(page: Page) {
  await openEc2(page, 'Instances');
  await page.getByRole('button', { name: 'Launch instance' }).click();
  const dialog = page.getByRole('dialog', { name: 'Launch instance' });
  await dialog.getByRole('button', { name: /Amazon Machine Image/ }).click();
  return dialog;
}

test('an AMI shared with two accounts is launched there and invisible to a third', async ({ page }) => {
  test.setTimeout(150_000);
  const amiName = `golden-${run}`;
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  const [b, c, d] = [await memberAccount(page, 'Beta'), await memberAccount(page, 'Gamma'), await memberAccount(page, 'Delta')];
  const snapshot = await ec2Call<{ snapshotId: string }>(page, 'CreateSnapshot', { VolumeSize: 8 });
  await ec2Call(page, 'RegisterImage', { Name: amiName, BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot.snapshotId } }] });

  // Account A shares the AMI with B and C.
  await openEc2(page, 'AMIs');
  await page.getByRole('row').filter({ hasText: amiName }).getByRole('link').click();
  await editAmiPermissions(page);
  for (const account of [b, c]) {
    await page.getByLabel('AWS account ID').fill(account.id);
    await page.getByRole('button', { name: 'Add account ID' }).click();
    await expect(page.getByRole('checkbox', { name: account.id })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(/The permissions of ami-[0-9a-f]+ were updated\./)).toBeVisible();
  await expect(page.getByText(b.id, { exact: true })).toBeVisible();
  await expect(page.getByText(c.id, { exact: true })).toBeVisible();
  await signOut(page);

  // B and C launch it.
  for (const account of [b, c]) {
    await signInAsRoot(page, { email: account.email, password });
    // The console returns to the page it was on; wait for the signed-in frame.
    await expect(page.getByRole('button', { name: /Root user/ })).toBeVisible();
    const dialog = await openLaunchDialog(page);
    await page.getByRole('option', { name: new RegExp(amiName) }).click();
    await dialog.getByRole('button', { name: 'Launch instance' }).click();
    await expect(page.getByText(/Successfully initiated launch of instance i-/)).toBeVisible();
    await signOut(page);
  }

  // D is not listed: the AMI is not among those it may launch, nor in its AMI lists.
  await signInAsRoot(page, { email: d.email, password });
  await expect(page.getByRole('button', { name: /Root user/ })).toBeVisible();
  await openLaunchDialog(page);
  await expect(page.getByRole('option', { name: new RegExp(amiName) })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.goto('/ec2/amis');
  await expect(page.getByRole('heading', { name: 'AMIs', level: 1 })).toBeVisible();
  await expect(page.getByText(amiName)).toHaveCount(0);
});
