// Console details a daily administrator notices (issue 15, items 6, 8 and 11): a failed Create
// shows its error where the person is looking; an IAM user manages their own credentials on
// "My security credentials" as their policies allow; a create's success flash links to the new
// entity; Register AMI picks the root snapshot from the account's snapshots.
import { generateKeyPairSync } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { ec2Call, openEc2 } from './ec2.actions.ts';
import { openGroups } from './groups.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall, signInAsIamUser } from './users.actions.ts';

const SELF = { userName: 'e2e-self-service', password: 'Self-Service-Pass-1!' };

// AWS's example "AWS: Allows IAM users to manage their own credentials on the Security
// credentials page" (IAM User Guide, reference_policies_examples_aws_my-sec-creds-self-manage-no-mfa):
// everything on the page but MFA devices.
const MANAGE_OWN_CREDENTIALS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary'], Resource: '*' },
    { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    {
      Sid: 'AllowManageOwnAccessKeys',
      Effect: 'Allow',
      Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowManageOwnSigningCertificates',
      Effect: 'Allow',
      Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowManageOwnSSHPublicKeys',
      Effect: 'Allow',
      Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowManageOwnGitCredentials',
      Effect: 'Allow',
      Action: [
        'iam:CreateServiceSpecificCredential',
        'iam:DeleteServiceSpecificCredential',
        'iam:ListServiceSpecificCredentials',
        'iam:ResetServiceSpecificCredential',
        'iam:UpdateServiceSpecificCredential',
      ],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
  ],
});

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

async function signInRoot(page: Page): Promise<void> {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
}

test('a duplicate group name: the error is scrolled into view and focused', async ({ page }) => {
  await signInRoot(page);
  await iamCall(page, 'CreateGroup', { GroupName: 'e2e-duplicate' });
  await openGroups(page);
  await page.getByRole('button', { name: 'Create group' }).first().click();
  await page.getByLabel('User group name').fill('e2e-duplicate');
  // The button is at the bottom of a long form: the error above must come to the person.
  const create = page.getByRole('button', { name: 'Create group', exact: true });
  await create.scrollIntoViewIfNeeded();
  await create.click();
  const alert = page.getByRole('alert').filter({ hasText: 'e2e-duplicate' });
  await expect(alert).toBeFocused();
  await expect(alert).toBeInViewport();
});

test("a created group's success flash has a View link that opens the group", async ({ page }) => {
  await signInRoot(page);
  await openGroups(page);
  await page.getByRole('button', { name: 'Create group' }).first().click();
  await page.getByLabel('User group name').fill('e2e-flash-group');
  await page.getByRole('button', { name: 'Create group', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'User groups', level: 1 })).toBeVisible();
  await expect(page.getByText('e2e-flash-group user group created.')).toBeVisible();
  await page.getByRole('link', { name: 'View group' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-flash-group', level: 1 })).toBeVisible();
});

test('an IAM user manages their own credentials on My security credentials, as their policies allow', async ({ page }) => {
  test.setTimeout(60_000);
  await signInRoot(page);
  await iamCall(page, 'CreateUser', { UserName: SELF.userName });
  await iamCall(page, 'CreateLoginProfile', { UserName: SELF.userName, Password: SELF.password, PasswordResetRequired: false });
  await iamCall(page, 'PutUserPolicy', { UserName: SELF.userName, PolicyName: 'manage-own-credentials', PolicyDocument: MANAGE_OWN_CREDENTIALS });
  await signOut(page);

  await signInAsIamUser(page, { account: root.accountId, ...SELF });
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  const link = page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'My security credentials' });
  await link.click();
  await expect(page.getByRole('heading', { name: 'My security credentials', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/security_credentials$/);
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('button', { name: 'Update console password' })).toBeVisible();

  // MFA is not in the policy: AWS's message, in place, and the rest of the page works.
  await expect(page.getByText(/is not authorized to perform: iam:ListMFADevices/)).toBeVisible();
  // Nor is assigning a device: the button is not offered, and says why.
  const assign = page.getByRole('button', { name: 'Assign MFA device' });
  await expect(assign).toBeDisabled();
  await expect(assign).toHaveAccessibleDescription('Your permissions do not allow iam:EnableMFADevice.');

  await page.getByRole('button', { name: 'Create access key' }).click();
  const retrieve = page.getByRole('dialog', { name: 'Retrieve access keys' });
  await expect(retrieve.getByText(/^AKIA[A-Z0-9]{16}$/)).toBeVisible();
  await retrieve.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('row').filter({ hasText: /AKIA[A-Z0-9]{16}/ }).getByText('Active')).toBeVisible();

  await page.getByRole('button', { name: 'Upload SSH public key' }).click();
  const upload = page.getByRole('dialog', { name: 'Upload SSH public key' });
  await upload.getByRole('textbox', { name: 'SSH public key' }).fill(sshRsaPublicKey());
  await upload.getByRole('button', { name: 'Upload SSH public key' }).click();
  await expect(page.getByRole('table', { name: 'SSH public keys for AWS CodeCommit' }).getByText(/^APKA[A-Z0-9]+$/)).toBeVisible();
  await signOut(page, SELF.userName);
});

test('Register AMI picks the root volume snapshot from the account’s snapshots', async ({ page }) => {
  await signInRoot(page);
  const snapshot = await ec2Call<{ snapshotId: string }>(page, 'CreateSnapshot', { VolumeSize: 8, Description: 'e2e picker root' });
  await openEc2(page, 'AMIs');
  await page.getByRole('button', { name: 'Register AMI' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register AMI' });
  await dialog.getByLabel('AMI name').fill('e2e-picked-ami');
  // Submitting without a snapshot says what is missing.
  await dialog.getByRole('button', { name: 'Register AMI' }).click();
  await expect(dialog.getByText('Choose the snapshot of the root volume.')).toBeVisible();
  await dialog.getByLabel('Root volume snapshot').click();
  const option = page.getByRole('option', { name: new RegExp(snapshot.snapshotId) });
  await expect(option).toContainText('e2e picker root');
  await option.click();
  await dialog.getByRole('button', { name: 'Register AMI' }).click();
  await expect(page.getByRole('heading', { name: 'e2e-picked-ami', level: 1 })).toBeVisible();
  await expect(page.getByText(snapshot.snapshotId).first()).toBeVisible();
});
