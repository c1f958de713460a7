// Accessibility (issue #15, item 12): axe-core on every console route of the app's router and on
// the main dialogs and wizard steps, with no serious or critical violation allowed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signInAsRoot } from './auth.actions.ts';
import { ec2Call } from './ec2.actions.ts';
import { root } from './test-accounts.ts';
import { fillUserDetails, iamCall, nextStep } from './users.actions.ts';
import { chooseAccountTrust, next } from './roles.actions.ts';

test.describe.configure({ mode: 'serial' });

const webSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/src');

/**
 * The console's route paths, as the router declares them (app/router.tsx and each feature's
 * routes.tsx): read from the source, since the router itself only loads in a browser.
 */
async function routePaths(): Promise<string[]> {
  const featuresDir = path.join(webSource, 'features');
  const files = [path.join(webSource, 'app/router.tsx')];
  for (const feature of await readdir(featuresDir)) {
    const routes = path.join(featuresDir, feature, 'routes.tsx');
    if (await readFile(routes).then(() => true, () => false)) files.push(routes);
  }
  const paths = new Set<string>(['/']);
  for (const file of files) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/\bpath: '([^']+)'/g)) paths.add(`/${match[1]}`);
  }
  return [...paths].sort();
}

/** Fails (softly: every page is still checked) on any serious or critical violation, listing each with the elements it was found on. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  // Cloudscape renders some parts after the first frame: let the page settle first.
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`).join('\n');
  expect.soft(serious.length, `${where}\n${report}`).toBe(0);
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/signin');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
}

/** Values for the routes' parameters: entities this spec creates. */
const NAMES = { user: 'a11y-user', group: 'a11y-group', role: 'a11y-role', policy: 'a11y-policy' };

test('the sign-in page has no serious or critical violations', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, '/signin');
});

test('every console route has no serious or critical violations', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:root` }, Action: 'sts:AssumeRole' }] });
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
  await iamCall(page, 'CreateUser', { UserName: NAMES.user });
  await iamCall(page, 'CreateGroup', { GroupName: NAMES.group });
  await iamCall(page, 'CreateRole', { RoleName: NAMES.role, AssumeRolePolicyDocument: trust });
  await iamCall(page, 'CreatePolicy', { PolicyName: NAMES.policy, PolicyDocument: document }).catch(() => undefined);
  const snapshot = await ec2Call<{ snapshotId: string }>(page, 'CreateSnapshot', { VolumeSize: 8 });
  const image = await ec2Call<{ imageId: string }>(page, 'RegisterImage', { Name: `a11y-ami-${Date.now()}`, BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot.snapshotId } }] });
  const securityGroup = await ec2Call<{ groupId: string }>(page, 'CreateSecurityGroup', { GroupName: `a11y-sg-${Date.now()}`, GroupDescription: 'Accessibility check' });
  const parameters: Record<string, string> = {
    userName: NAMES.user,
    groupName: NAMES.group,
    name: NAMES.role,
    arn: encodeURIComponent(`arn:aws:iam::${root.accountId}:policy/${NAMES.policy}`),
    imageId: image.imageId,
    snapshotId: snapshot.snapshotId,
    groupId: securityGroup.groupId,
    // No analyzer exists here: the analyzer's and the finding's pages show their not-found state.
    analyzerName: 'none',
    findingId: 'none',
  };

  // Not console pages: the first-run setup and sign-in (above), and the not-found catch-all.
  const skipped = new Set(['/setup', '/signin', '/*']);
  const routes = (await routePaths()).filter((p) => !skipped.has(p));
  expect(routes.length).toBeGreaterThan(20);
  for (const route of routes) {
    const url = route
      .replace(/:(\w+)/g, (_m, name: string) => parameters[name] ?? `missing-${name}`)
      // identity-providers/details/* takes the provider's ARN; none exists here, so its not-found state is checked.
      .replace(/\*$/, 'none');
    expect(url, `no value for a parameter of ${route}`).not.toContain('missing-');
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, `${route} (${url})`);
  }
});

test('a skip link is the first stop of the keyboard and moves focus to the page', async ({ page }) => {
  await signIn(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  await expect(page.locator('#main-content').getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('the Add users wizard steps, Create role steps and a delete confirmation have no serious or critical violations', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);

  await page.goto('/users/create');
  await fillUserDetails(page, { userNames: ['a11y-wizard-user'], console: true });
  await expectAccessible(page, 'Add users: Set user details');
  await nextStep(page);
  await expect(page.getByRole('heading', { name: 'Set permissions', level: 1 })).toBeVisible();
  await expectAccessible(page, 'Add users: Set permissions');
  await nextStep(page);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expectAccessible(page, 'Add users: third step');

  await page.goto('/groups/create');
  await expect(page.getByRole('heading', { name: 'Create user group', level: 1 })).toBeVisible();
  await expectAccessible(page, 'Create user group');

  await chooseAccountTrust(page, {});
  await expectAccessible(page, 'Create role: Select trusted entity');
  await next(page);
  await expect(page.getByRole('heading', { name: 'Add permissions', level: 1 })).toBeVisible();
  await expectAccessible(page, 'Create role: Add permissions');
  await next(page);
  await expect(page.getByRole('heading', { name: 'Name, review, and create', level: 1 })).toBeVisible();
  await expectAccessible(page, 'Create role: Name, review, and create');

  await page.goto(`/users/${NAMES.user}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'Delete user confirmation');
});

test('the inline policy editor, the change preview, the bulk delete dialog and dark mode have no serious or critical violations', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);

  const previewPolicy = 'a11y-preview-policy';
  await iamCall(page, 'CreateUser', { UserName: 'a11y-inline-user' }).catch(() => undefined);
  await iamCall(page, 'CreatePolicy', { PolicyName: previewPolicy, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }) }).catch(() => undefined);

  // The one inline policy editor (users, groups, roles), with a live finding showing.
  await page.goto('/users/a11y-inline-user');
  await page.getByRole('button', { name: 'Create inline policy' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Policy document' }).fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }, null, 2));
  await expect(dialog.getByText(/Errors: [1-9]/)).toBeVisible();
  await expectAccessible(page, 'Create inline policy dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The policy editor's change preview, with rows.
  await page.goto(`/policies/details/${encodeURIComponent(`arn:aws:iam::${root.accountId}:policy/${previewPolicy}`)}/edit`);
  await page.getByRole('textbox', { name: 'Policy editor' }).fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }] }, null, 2));
  await expect(page.getByRole('table', { name: 'Changes to permissions' }).getByText('iam:ListUsers')).toBeVisible();
  await expectAccessible(page, 'Edit policy with its change preview');

  // The bulk delete dialog of the Users list.
  await iamCall(page, 'CreateUser', { UserName: 'a11y-multi-1' });
  await iamCall(page, 'CreateUser', { UserName: 'a11y-multi-2' });
  await page.goto('/users?search=a11y-multi');
  const table = page.getByRole('table', { name: 'Users' });
  await expect(table.getByRole('link', { name: /^a11y-multi-/ })).toHaveCount(2);
  await table.getByRole('checkbox', { name: 'Select all users on this page' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('dialog').getByRole('heading', { name: 'Delete 2 users?' })).toBeVisible();
  await expectAccessible(page, 'Delete 2 users dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // Leave no users behind: other specs count and page through the Users list.
  for (const UserName of ['a11y-multi-1', 'a11y-multi-2', 'a11y-inline-user']) await iamCall(page, 'DeleteUser', { UserName });

  // Dark mode: the same contrast rules in Cloudscape's dark theme.
  await page.goto('/');
  await page.getByRole('button', { name: 'Theme' }).first().click();
  await page.getByRole('menuitemcheckbox', { name: 'Dark' }).click();
  await expect(page.locator('body')).toHaveClass(/awsui-dark-mode/);
  await expectAccessible(page, 'Dashboard in dark mode');
  await page.goto('/users');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expectAccessible(page, 'Users in dark mode');
  await page.getByRole('button', { name: 'Theme' }).first().click();
  await page.getByRole('menuitemcheckbox', { name: 'Light' }).click();
});
