// Who the console acts as, and how it looks: switch role with a display name and colour (top
// bar, Dashboard and role history show the role session), dark mode that persists, and
// breadcrumbs that name the entity.
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { signInAsIamUser } from './users.actions.ts';
import { root } from './test-accounts.ts';

const user = { userName: 'e2e-identity', password: 'Identity-Pass-123!' };
const roleName = 'e2e-identity-readers';
const sessionArn = `arn:aws:sts::${root.accountId}:assumed-role/${roleName}/${user.userName}`;
const label = `Prod readers @ ${root.accountId}`;
const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

const isDark = (page: Page) => page.evaluate(() => document.body.classList.contains('awsui-dark-mode'));

async function chooseTheme(page: Page, option: 'Light' | 'Dark' | 'Browser default'): Promise<void> {
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemcheckbox', { name: option }).click();
}

test('switch role with a display name and colour: top bar, Dashboard and role history show the role session', async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateUser', { UserName: user.userName });
  await seedIam(page, 'CreateLoginProfile', { UserName: user.userName, Password: user.password, PasswordResetRequired: false });
  await seedIam(page, 'PutUserPolicy', { UserName: user.userName, PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  await seedIam(page, 'CreateRole', { RoleName: roleName, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }) });
  await seedIam(page, 'AttachRolePolicy', { RoleName: roleName, PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
  await signOut(page);

  await signInAsIamUser(page, { account: root.accountId, ...user });
  await page.getByRole('button', { name: user.userName }).click();
  await page.getByRole('menuitem', { name: 'Switch role' }).click();
  await page.getByLabel('Account ID or alias').fill(root.accountId);
  await page.getByLabel('IAM role name').fill(roleName);
  await page.getByLabel('Display name').fill('Prod readers');
  await page.getByRole('radio', { name: 'Green' }).check();
  await page.getByRole('button', { name: 'Switch role' }).click();

  // The top bar: the display name on the chosen colour, with the role session's ARN.
  await expect(page.getByRole('button', { name: label })).toBeVisible();
  const band = page.getByRole('status', { name: 'Active role' });
  await expect(band).toContainText(label);
  await expect(band).toContainText(sessionArn);
  await expect(band).toHaveCSS('background-color', 'rgb(183, 202, 157)');

  // The Dashboard: the role session, not the user who switched.
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  const main = page.locator('#main-content');
  await expect(main.getByText(sessionArn)).toBeVisible();
  await expect(main.getByText('Signed in as')).toHaveCount(0);
  await expect(main.getByText(`arn:aws:iam::${root.accountId}:user/${user.userName}`)).toHaveCount(0);

  // Back to the user; the role history switches again in one click, display name and colour kept.
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('menuitem', { name: `Switch back to ${user.userName}` }).click();
  await expect(page.getByRole('button', { name: user.userName })).toBeVisible();
  await expect(band).toHaveCount(0);
  await page.getByRole('button', { name: user.userName }).click();
  await page.getByRole('menuitem', { name: label }).click();
  await expect(page.getByRole('button', { name: label })).toBeVisible();
  await expect(band).toHaveCSS('background-color', 'rgb(183, 202, 157)');
});

test('dark mode: the toggle applies it, it persists over a reload, and Browser default follows the browser', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // One top-level heading on the sign-in page.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  expect(await isDark(page)).toBe(false);

  await chooseTheme(page, 'Dark');
  expect(await isDark(page)).toBe(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await isDark(page)).toBe(true);

  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  expect(await isDark(page)).toBe(true);
  await chooseTheme(page, 'Light');
  expect(await isDark(page)).toBe(false);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  expect(await isDark(page)).toBe(false);

  await chooseTheme(page, 'Browser default');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => isDark(page)).toBe(true);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => isDark(page)).toBe(false);
});

test("breadcrumbs name the entity: IAM › Users › the user's name", async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateUser', { UserName: 'e2e-crumbs' });
  await seedIam(page, 'CreateGroup', { GroupName: 'e2e-crumbs-group' });

  const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
  await page.goto('/users/e2e-crumbs');
  await expect(crumbs.getByRole('link', { name: 'IAM' })).toBeVisible();
  await expect(crumbs.getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(crumbs).toHaveText(/IAM.*Users.*e2e-crumbs/);
  await expect(page).toHaveTitle(/e2e-crumbs/);

  await crumbs.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);

  await page.goto('/groups/e2e-crumbs-group');
  await expect(crumbs).toHaveText(/IAM.*User groups.*e2e-crumbs-group/);
});
