// Multi-factor authentication: root assigns a virtual MFA device to a user in the console; the
// user then signs in with the password and a code from the device.
import { expect, test } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { assignVirtualMfaDevice, removeMfaDevice, signInAsIamUser, submitMfaCode, timeStep, totpCode, waitForStepAfter } from './mfa.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { root } from './test-accounts.ts';

const USER = 'e2e-mfa-user';
const PASSWORD = 'Mfa-e2e-Password-1!';

test('a user with a virtual MFA device signs in with the password and an MFA code', async ({ page }) => {
  // Waiting for a fresh 30-second step (a code is accepted once) can take most of a minute.
  test.setTimeout(120_000);
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateUser', { UserName: USER });
  await seedIam(page, 'CreateLoginProfile', { UserName: USER, Password: PASSWORD, PasswordResetRequired: false });

  await page.goto(`/users/${USER}`);
  await page.getByRole('tab', { name: 'Security credentials' }).click();
  await expect(page.getByText(/No MFA devices/)).toBeVisible();
  const { secretKey, step } = await assignVirtualMfaDevice(page, `${USER}-phone`);
  await expect(page.getByText('MFA device assigned.')).toBeVisible();
  const serial = `arn:aws:iam::${root.accountId}:mfa/${USER}-phone`;
  await expect(page.getByRole('row', { name: new RegExp(serial) })).toContainText('Virtual');

  // The users list shows the device in its MFA column.
  await page.goto('/users');
  await expect(page.getByRole('row', { name: new RegExp(USER) })).toContainText('Virtual');

  await signOut(page);
  await signInAsIamUser(page, root.accountId, USER, PASSWORD);
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication' })).toBeVisible();

  // A wrong code is refused with AWS's words.
  await submitMfaCode(page, (await totpCode(secretKey, step)) === '000000' ? '111111' : '000000');
  await expect(page.getByText('Your authentication information is incorrect. Please try again.')).toBeVisible();

  // The codes of the steps used to enable the device are spent: use the next step's.
  await waitForStepAfter(page, step);
  await submitMfaCode(page, await totpCode(secretKey, timeStep()));
  await expect(page.getByRole('button', { name: USER })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication' })).toBeHidden();

  // Root removes the device: the user's next sign-in needs only the password.
  await signOut(page, USER);
  await signInAsRoot(page, root);
  await expect(page.getByRole('button', { name: 'Root user' })).toBeVisible();
  await page.goto(`/users/${USER}`);
  await page.getByRole('tab', { name: 'Security credentials' }).click();
  await removeMfaDevice(page, serial, `${USER}-phone`);
  await expect(page.getByText(/No MFA devices/)).toBeVisible();
  await signOut(page);
  await signInAsIamUser(page, root.accountId, USER, PASSWORD);
  await expect(page.getByRole('button', { name: USER })).toBeVisible();
});
