// EC2 sharing: an AMI shared with an account and made public (after confirming), then private
// again; a security group with an SSH rule, an instance launched into it, and the reachability
// check from inside and outside the allowed range.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { createSnapshot, ec2Call, editAmiPermissions, openEc2, registerAmi } from './ec2.actions.ts';
import { root } from './test-accounts.ts';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('an AMI is shared with an account, made public, and made private again', async ({ page }) => {
  test.setTimeout(90_000);
  const snapshotId = await createSnapshot(page, 8, 'e2e root volume');
  const name = `e2e-web-${run}`;
  await registerAmi(page, name, snapshotId);
  await expect(page.getByText('Not shared')).toBeVisible();

  await editAmiPermissions(page);
  const accountId = page.getByLabel('AWS account ID');
  await accountId.fill('11112222333');
  await page.getByRole('button', { name: 'Add account ID' }).click();
  await expect(page.getByText('The account ID must be 12 digits.')).toBeVisible();
  await accountId.fill('111122223333');
  await page.getByRole('button', { name: 'Add account ID' }).click();
  await expect(page.getByRole('checkbox', { name: '111122223333' })).toBeVisible();

  await page.getByRole('checkbox', { name: /create volume/ }).check({ force: true });
  await page.getByRole('radio', { name: /^Public/ }).click({ force: true });
  const confirm = page.getByRole('dialog', { name: 'Make AMI public' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('radio', { name: /^Public/ })).toBeChecked();
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByText(/The permissions of ami-[0-9a-f]+ were updated\./)).toBeVisible();
  await expect(page.getByText('Public', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('111122223333', { exact: true })).toBeVisible();

  // The AMIs list shows it as public too.
  await openEc2(page, 'AMIs');
  await expect(page.getByRole('row').filter({ hasText: name }).getByRole('cell', { name: 'Public', exact: true })).toBeVisible();
  await page.getByRole('button', { name: /Image type/ }).click();
  await page.getByRole('option', { name: 'Public images' }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible();
  await page.getByRole('row').filter({ hasText: name }).getByRole('link').click();

  await editAmiPermissions(page);
  await page.getByRole('radio', { name: /^Private/ }).click({ force: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(/The permissions of ami-[0-9a-f]+ were updated\./)).toBeVisible();
  await expect(page.getByText('Public', { exact: true })).toHaveCount(0);
  await expect(page.getByText('111122223333', { exact: true })).toBeVisible();

  // "Create volume" permission went to the root snapshot as well.
  await openEc2(page, 'Snapshots');
  await expect(page.getByRole('row').filter({ hasText: snapshotId }).getByText('111122223333')).toBeVisible();
});

test('a snapshot is shared, a volume is created from it, and sharing is withdrawn', async ({ page }) => {
  const snapshotId = await createSnapshot(page, 10, 'e2e data volume');
  await expect(page.getByText('Not shared')).toBeVisible();
  await page.getByRole('button', { name: 'Modify permissions' }).click();
  await page.getByLabel('AWS account ID').fill('444455556666');
  await page.getByRole('button', { name: 'Add account ID' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`The permissions of ${snapshotId} were updated.`)).toBeVisible();
  await expect(page.getByText('444455556666', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Create volume' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create volume' });
  await expect(dialog.getByLabel('Size (GiB)')).toHaveValue('10');
  await dialog.getByRole('button', { name: 'Create volume' }).click();
  await expect(page.getByText(new RegExp(`Volume vol-[0-9a-f]+ was created from ${snapshotId}\\.`))).toBeVisible();

  await page.getByRole('button', { name: 'Modify permissions' }).click();
  await page.getByRole('checkbox', { name: '444455556666' }).check({ force: true });
  await page.getByRole('button', { name: 'Remove selected' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Not shared')).toBeVisible();
});

test('an SSH rule admits 203.0.113.7 on port 22 and not 198.51.100.1', async ({ page }) => {
  test.setTimeout(90_000);
  // An AMI to launch from, seeded through the API.
  const snapshot = await ec2Call<{ snapshotId: string }>(page, 'CreateSnapshot', { VolumeSize: 8 });
  const amiName = `e2e-launch-${run}`;
  await ec2Call(page, 'RegisterImage', { Name: amiName, BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot.snapshotId } }] });

  const groupName = `e2e-ssh-${run}`;
  await openEc2(page, 'Security groups');
  await page.getByRole('button', { name: 'Create security group' }).click();
  const create = page.getByRole('dialog', { name: 'Create security group' });
  await create.getByLabel('Security group name').fill(groupName);
  await create.getByLabel('Description').fill('SSH from the office');
  await create.getByRole('button', { name: 'Create security group' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`sg-[0-9a-f]+ - ${groupName}`), level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Edit inbound rules' }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('textbox', { name: 'Port range', exact: true }).last().fill('22');
  await page.getByRole('textbox', { name: 'Source', exact: true }).last().fill('203.0.113.0/24');
  await page.getByRole('textbox', { name: 'Description - optional', exact: true }).last().fill('Office');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText(/Inbound security group rules successfully modified/)).toBeVisible();
  const inbound = page.getByRole('table', { name: 'Inbound rules' });
  const rule = inbound.getByRole('row').filter({ hasText: '203.0.113.0/24' });
  await expect(rule.getByRole('cell', { name: 'SSH', exact: true })).toBeVisible();
  await expect(rule.getByRole('cell', { name: '22', exact: true })).toBeVisible();

  // Launch an instance in the group.
  await openEc2(page, 'Instances');
  await page.getByRole('button', { name: 'Launch instance' }).click();
  const launch = page.getByRole('dialog', { name: 'Launch instance' });
  await launch.getByRole('button', { name: /Amazon Machine Image/ }).click();
  await page.getByRole('option', { name: new RegExp(amiName) }).click();
  await launch.getByRole('button', { name: /Security groups/ }).click();
  await page.getByRole('option', { name: new RegExp(groupName) }).click();
  // A multiselect stays open after a choice: close it, as a user does, before launching.
  await launch.getByRole('button', { name: /Security groups/ }).click();
  await expect(page.getByRole('option', { name: new RegExp(groupName) })).toBeHidden();
  await launch.getByRole('button', { name: 'Launch instance' }).click();
  await expect(page.getByText(/Successfully initiated launch of instance i-/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: groupName }).getByText('running')).toBeVisible();

  // Check reachability from the group's page.
  await openEc2(page, 'Security groups');
  await page.getByRole('row').filter({ hasText: groupName }).getByRole('link').click();
  await page.getByRole('button', { name: /^Instance/ }).click();
  await page.getByRole('option', { name: /^i-/ }).first().click();
  await page.getByLabel('Source IP').fill('203.0.113.7');
  await page.getByLabel('Port', { exact: true }).fill('22');
  await page.getByRole('button', { name: 'Check reachability' }).click();
  const result = page.getByRole('status', { name: 'Reachability result' });
  await expect(result).toContainText(/Reachable via rule sgr-[0-9a-f]+ \(TCP, port 22, from 203\.0\.113\.0\/24\)/);

  await page.getByLabel('Source IP').fill('198.51.100.1');
  await page.getByRole('button', { name: 'Check reachability' }).click();
  await expect(result).toContainText('Not reachable');
});
