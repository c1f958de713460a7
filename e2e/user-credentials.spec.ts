// A user's AWS CodeCommit credentials on the Security credentials tab: an SSH public key
// uploaded and deactivated, HTTPS Git credentials generated (user name and password shown once,
// the .csv downloaded); then the user is deleted through the console's dialog, which removes
// both first.
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall, openUsers } from './users.actions.ts';

const USER = 'git-dev';

/** A fresh 2048-bit RSA public key in OpenSSH format (`ssh-rsa AAAA…`). */
function sshRsaPublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const field = (value: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (value.length >>> (24 - 8 * i)) & 0xff)), value]);
  const mpint = (b64: string) => {
    const value = Buffer.from(b64, 'base64url');
    return field(value[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
  };
  return `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]).toString('base64')} e2e@portcullis`;
}

test('uploads an SSH public key and generates HTTPS Git credentials; deleting the user removes them', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await iamCall(page, 'CreateUser', { UserName: USER });
  await page.goto(`/users/${USER}`);
  await page.getByRole('tab', { name: 'Security credentials' }).click();

  // SSH public keys for AWS CodeCommit: upload, then deactivate from the Actions menu.
  const sshKeys = page.getByRole('table', { name: 'SSH public keys for AWS CodeCommit' });
  await page.getByRole('button', { name: 'Upload SSH public key' }).click();
  const upload = page.getByRole('dialog', { name: 'Upload SSH public key' });
  await upload.getByRole('textbox', { name: 'SSH public key' }).fill(sshRsaPublicKey());
  await upload.getByRole('button', { name: 'Upload SSH public key' }).click();
  await expect(upload).toHaveCount(0);
  const keyRow = sshKeys.getByRole('row').filter({ hasText: /APKA[A-Z2-7]{16}/ });
  await expect(keyRow.getByText('Active')).toBeVisible();
  const keyId = (await keyRow.textContent())!.match(/APKA[A-Z2-7]{16}/)![0];
  await sshKeys.getByRole('radio', { name: keyId }).check();
  await page.getByRole('button', { name: 'SSH public key actions' }).click();
  await page.getByRole('menuitem', { name: 'Deactivate' }).click();
  await expect(keyRow.getByText('Inactive')).toBeVisible();

  // HTTPS Git credentials for AWS CodeCommit: generated, shown once, downloaded.
  await page.getByRole('button', { name: 'Generate credentials' }).click();
  const shown = page.getByRole('dialog', { name: 'Generated credentials' });
  await expect(shown.getByText(`${USER}-at-${root.accountId}`)).toBeVisible();
  await shown.getByRole('button', { name: 'Show password' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), shown.getByRole('button', { name: 'Download credentials' }).click()]);
  expect(download.suggestedFilename()).toBe(`${USER}_codecommit_credentials.csv`);
  const lines = (await readFile(await download.path(), 'utf8')).split(/\r\n/);
  expect(lines[0]).toBe('User Name,Password');
  const [gitUser, password] = lines[1]!.split(',');
  expect(gitUser).toBe(`${USER}-at-${root.accountId}`);
  await expect(shown.getByText(password!, { exact: true })).toBeVisible();
  await shown.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByText(password!, { exact: true })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'HTTPS Git credentials for AWS CodeCommit' }).getByText(`${USER}-at-${root.accountId}`)).toBeVisible();

  // The delete dialog lists both and removes them before the user.
  await openUsers(page);
  await page.getByRole('checkbox', { name: USER, exact: true }).check();
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  const blockers = dialog.getByRole('group', { name: `What is removed with ${USER}` });
  await expect(blockers.getByText(`SSH public keys: ${keyId}`)).toBeVisible();
  await expect(blockers.getByText(/^Service-specific credentials: ACCA[A-Z2-7]{17} \(codecommit\.amazonaws\.com\)$/)).toBeVisible();
  await dialog.getByLabel(`To confirm deletion, enter ${USER} in the text input field.`).fill(USER);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: USER })).toHaveCount(0);
});
