// Access Advisor: a user with IAM and EC2 read-only access who has called IAM sees IAM as
// accessed today and EC2 as not accessed, with the policies granting each; the filter narrows
// the list; a policy's tab names the user who last used it.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { callAsIamUser, iamCall, openAccessAdvisor, serviceRow } from './access-advisor.actions.ts';
import { root } from './test-accounts.ts';

const IAM_READ_ONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const EC2_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess';

test('the Access Advisor tab shows last access per service, the granting policies, and filters', async ({ page, baseURL }) => {
  const userName = `e2e-advisor-${Date.now()}`;
  const password = 'Advisor-e2e-Pass-1';
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await iamCall(page, 'CreateUser', { UserName: userName });
  for (const PolicyArn of [IAM_READ_ONLY, EC2_READ_ONLY]) await iamCall(page, 'AttachUserPolicy', { UserName: userName, PolicyArn });
  await iamCall(page, 'CreateLoginProfile', { UserName: userName, Password: password });
  await callAsIamUser(baseURL!, root.accountId, userName, password, 'GetUser', { UserName: userName });

  await page.goto(`/users/${userName}`);
  await expect(page.getByRole('heading', { name: userName, level: 1 })).toBeVisible();
  await openAccessAdvisor(page);
  const iam = serviceRow(page, 'AWS Identity and Access Management');
  await expect(iam).toContainText('Today');
  await expect(iam).toContainText('IAMReadOnlyAccess');
  const ec2 = serviceRow(page, 'Amazon EC2');
  await expect(ec2).toContainText('Not accessed in the tracking period');
  await expect(ec2).toContainText('AmazonEC2ReadOnlyAccess');

  await page.getByRole('searchbox', { name: 'Filter services' }).fill('EC2');
  await expect(serviceRow(page, 'Amazon EC2')).toBeVisible();
  await expect(serviceRow(page, 'AWS Identity and Access Management')).toHaveCount(0);

  await page.goto(`/policies/details/${encodeURIComponent(IAM_READ_ONLY)}`);
  await expect(page.getByRole('heading', { name: 'IAMReadOnlyAccess', level: 1 })).toBeVisible();
  await openAccessAdvisor(page);
  await expect(serviceRow(page, 'AWS Identity and Access Management')).toContainText(userName);

  // Leave the shared account as it was found.
  await iamCall(page, 'DeleteLoginProfile', { UserName: userName });
  for (const PolicyArn of [IAM_READ_ONLY, EC2_READ_ONLY]) await iamCall(page, 'DetachUserPolicy', { UserName: userName, PolicyArn });
  await iamCall(page, 'DeleteUser', { UserName: userName });
});
