// Policy generation: an IAM user makes a few requests; on the user's Permissions tab the root user
// generates a policy from the last day's activity, sees the actions the user performed (on the
// user's own ARN where the log recorded it), opens the policy in the create-policy editor and
// saves it. Everything created is deleted at the end.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { callAsIamUser, iamCall } from './access-advisor.actions.ts';
import { nameAndCreatePolicy, policyEditor } from './policies.actions.ts';
import { root } from './test-accounts.ts';

test('generates a policy from a user\'s activity and saves it from the policy editor', async ({ page, baseURL }) => {
  const stamp = Date.now();
  const userName = `e2e-polgen-user-${stamp}`;
  const policyName = `e2e-polgen-policy-${stamp}`;
  const password = 'PolGen-e2e-Pass-1';
  const userArn = `arn:aws:iam::${root.accountId}:user/${userName}`;
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await iamCall(page, 'CreateUser', { UserName: userName });
  try {
    await iamCall(page, 'PutUserPolicy', {
      UserName: userName,
      PolicyName: 'reader',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListGroupsForUser'], Resource: '*' }] }),
    });
    await iamCall(page, 'CreateLoginProfile', { UserName: userName, Password: password });
    await callAsIamUser(baseURL!, root.accountId, userName, password, 'GetUser', { UserName: userName });
    await callAsIamUser(baseURL!, root.accountId, userName, password, 'ListGroupsForUser', { UserName: userName });

    await page.goto(`/users/${userName}`);
    await expect(page.getByRole('heading', { name: userName, level: 1 })).toBeVisible();
    // The panel is at the bottom of the Permissions tab; its controls are the only ones of their names there.
    await expect(page.getByRole('heading', { name: 'Generate policy based on audit log events' })).toBeVisible();
    await page.getByRole('radio', { name: 'Last 1 day' }).check();
    await page.getByRole('button', { name: 'Generate policy' }).click();
    await expect(page.getByText('Succeeded')).toBeVisible();
    const actions = page.getByRole('table', { name: 'Actions used in the period' });
    await expect(actions.getByRole('row').filter({ hasText: 'iam:GetUser' })).toContainText(userArn);
    await expect(actions.getByRole('row').filter({ hasText: 'iam:ListGroupsForUser' })).toBeVisible();
    // The panel with every part shown (the custom range's date pickers too) has no serious or critical axe violation.
    await page.getByRole('radio', { name: 'Custom date range' }).check();
    await expect(page.getByRole('textbox', { name: 'First day' })).toBeVisible();
    const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.getByRole('button', { name: 'Open in policy editor' }).click();
    await expect(page.getByRole('heading', { name: 'Specify permissions', level: 1 })).toBeVisible();
    await expect(policyEditor(page)).toContainText('iam:GetUser');
    await expect(policyEditor(page)).toContainText(userArn);
    await page.getByRole('button', { name: 'Next' }).click();
    await nameAndCreatePolicy(page, policyName);
    await expect(page.getByText(`Policy ${policyName} created.`)).toBeVisible();
  } finally {
    await iamCall(page, 'DeletePolicy', { PolicyArn: `arn:aws:iam::${root.accountId}:policy/${policyName}` }).catch(() => undefined);
    await iamCall(page, 'DeleteLoginProfile', { UserName: userName }).catch(() => undefined);
    await iamCall(page, 'DeleteUserPolicy', { UserName: userName, PolicyName: 'reader' }).catch(() => undefined);
    await iamCall(page, 'DeleteUser', { UserName: userName });
  }
});
