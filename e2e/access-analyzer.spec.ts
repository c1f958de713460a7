// Access analyzer: an external access analyzer finds a role that another account may assume; the
// finding is archived and shows under Archived; an archive rule is previewed and created; the
// analyzer and the role are deleted. An unused access analyzer is created with its tracking
// period, rescanned, given another period and deleted from its page. axe-core checks every page and dialog on the way (no serious
// or critical violation), the findings page in dark mode too.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { root } from './test-accounts.ts';
import { iamCall } from './users.actions.ts';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const ROLE = `aa-e2e-role-${run}`;
const ANALYZER = `aa-e2e-analyzer-${run}`;
const RULE = `aa-e2e-rule-${run}`;
const UNUSED_ANALYZER = `aa-e2e-unused-${run}`;
const EXTERNAL_ACCOUNT = '210987654321';

async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`).join('\n');
  expect.soft(serious.length, `${where}\n${report}`).toBe(0);
}

async function openSection(page: Page, name: 'External access' | 'Unused access' | 'Analyzer settings'): Promise<void> {
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

const findingRow = (page: Page) => page.getByRole('row').filter({ hasText: ROLE });

/** Removes what the test made if it stopped half-way (each call may find nothing left). */
async function cleanUp(page: Page): Promise<void> {
  const session = await page.request.get('/api/session');
  if (!session.ok()) return;
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  for (const analyzerName of [ANALYZER, UNUSED_ANALYZER]) await page.request.post('/api/access-analyzer/DeleteAnalyzer', { data: { analyzerName }, headers });
  await page.request.post('/api/iam/DeleteRole', { data: { RoleName: ROLE }, headers });
}

test.afterEach(async ({ page }) => cleanUp(page));

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('an analyzer finds a role another account may assume; the finding is archived; an archive rule is created', async ({ page }) => {
  test.setTimeout(120_000);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  await iamCall(page, 'CreateRole', { RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) });

  // Analyzer settings: create an external access analyzer for the account.
  await openSection(page, 'Analyzer settings');
  await expectAccessible(page, 'Analyzer settings');
  await page.getByRole('button', { name: 'Create analyzer' }).click();
  const create = page.getByRole('dialog', { name: 'Create analyzer' });
  await expect(create.getByRole('radio', { name: /External access analysis/ })).toBeChecked();
  await create.getByRole('radio', { name: /Unused access analysis/ }).check({ force: true });
  await expect(create.getByLabel('Tracking period in days')).toHaveValue('90');
  await expectAccessible(page, 'Create analyzer (unused access)');
  await create.getByRole('radio', { name: /External access analysis/ }).check({ force: true });
  await create.getByLabel('Name').fill(ANALYZER);
  await create.getByRole('button', { name: 'Create analyzer' }).click();
  await expect(page.getByText(`Analyzer ${ANALYZER} created.`)).toBeVisible();
  const analyzerRow = page.getByRole('row').filter({ hasText: ANALYZER });
  await expect(analyzerRow).toContainText('External access (account)');
  await expect(analyzerRow).toContainText(`Current account (${root.accountId})`);

  // Its findings: the role, active, with the external account and the access level.
  await page.getByRole('link', { name: 'View findings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'External access', level: 1 })).toBeVisible();
  const filter = page.getByRole('combobox', { name: 'Filter findings by property' });
  await filter.fill(`Resource : ${ROLE}`);
  await filter.press('Enter');
  await expect(findingRow(page)).toHaveCount(1);
  await expect(findingRow(page)).toContainText(EXTERNAL_ACCOUNT);
  await expect(findingRow(page)).toContainText('Write');
  await expectAccessible(page, 'External access findings');

  // Archive it: it leaves Active and shows under Archived.
  await findingRow(page).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(page.getByText('1 finding archived.')).toBeVisible();
  await expect(findingRow(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Archived', exact: true }).click();
  await expect(findingRow(page)).toHaveCount(1);
  await expect(findingRow(page)).toContainText('Archived');

  // The finding's page: the external access, and the role's page as its resource.
  await findingRow(page).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 2, name: 'External access' })).toBeVisible();
  await expect(page.getByText(`AWS: arn:aws:iam::${EXTERNAL_ACCOUNT}:root`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unarchive' })).toBeVisible();
  await expectAccessible(page, 'Finding details');
  await page.getByRole('link', { name: ROLE, exact: true }).click();
  await expect(page.getByRole('heading', { name: ROLE, level: 1 })).toBeVisible();

  // An archive rule for the role's findings: the preview finds no active one (it is archived).
  await openSection(page, 'Analyzer settings');
  await page.getByRole('link', { name: ANALYZER, exact: true }).click();
  await expect(page.getByRole('heading', { name: ANALYZER, level: 1 })).toBeVisible();
  await expectAccessible(page, 'Analyzer details');
  await page.getByRole('button', { name: 'Create archive rule' }).click();
  const ruleDialog = page.getByRole('dialog', { name: 'Create archive rule' });
  await ruleDialog.getByLabel('Rule name').fill(RULE);
  await ruleDialog.getByRole('combobox', { name: 'Criteria Filter key' }).fill('resource');
  await ruleDialog.getByRole('button', { name: /Operator 1/ }).click();
  await page.getByRole('option', { name: 'Contains' }).click();
  await ruleDialog.getByLabel('Values 1').fill(ROLE);
  await ruleDialog.getByRole('button', { name: 'Preview' }).click();
  await expect(ruleDialog.getByRole('status')).toHaveText('No active findings match these criteria.');
  await expectAccessible(page, 'Create archive rule');
  await ruleDialog.getByRole('button', { name: 'Create archive rule' }).click();
  await expect(page.getByText(`Archive rule ${RULE} created.`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: RULE })).toContainText(`resource contains ${ROLE}`);

  // The findings page in dark mode, and the unused access page without an analyzer of its kind.
  await page.getByRole('button', { name: 'Theme' }).first().click();
  await page.getByRole('menuitemcheckbox', { name: 'Dark' }).click();
  await expect(page.locator('body')).toHaveClass(/awsui-dark-mode/);
  await openSection(page, 'External access');
  await expectAccessible(page, 'External access findings in dark mode');
  await page.getByRole('button', { name: 'Theme' }).first().click();
  await page.getByRole('menuitemcheckbox', { name: 'Light' }).click();
  await openSection(page, 'Unused access');
  await expectAccessible(page, 'Unused access findings');

  // Delete the analyzer (typed confirmation), then the role.
  await openSection(page, 'Analyzer settings');
  await page.getByRole('row').filter({ hasText: ANALYZER }).getByRole('radio').check({ force: true });
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${ANALYZER}?` });
  await confirm.getByRole('textbox').fill(ANALYZER);
  await expectAccessible(page, 'Delete analyzer');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(`Analyzer ${ANALYZER} deleted.`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: ANALYZER })).toHaveCount(0);
});

test('an unused access analyzer is created with its tracking period, lists its findings, is rescanned and edited, and is deleted from its page', async ({ page }) => {
  await openSection(page, 'Analyzer settings');
  await page.getByRole('button', { name: 'Create analyzer' }).click();
  const create = page.getByRole('dialog', { name: 'Create analyzer' });
  await create.getByRole('radio', { name: /Unused access analysis/ }).check({ force: true });
  await create.getByLabel('Name').fill(UNUSED_ANALYZER);
  await create.getByLabel('Tracking period in days').fill('30');
  await create.getByRole('button', { name: 'Create analyzer' }).click();
  await expect(page.getByText(`Analyzer ${UNUSED_ANALYZER} created.`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: UNUSED_ANALYZER })).toContainText('Unused access (account)');

  // A fresh instance has nothing unused for 30 days yet: the list is empty, not failing.
  await page.getByRole('link', { name: 'View findings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unused access', level: 1 })).toBeVisible();
  await expect(page.getByText('No active findings')).toBeVisible();
  await expectAccessible(page, 'Unused access findings of an analyzer');

  // Rescan from the list (UpdateAnalyzer with its configuration), then a new tracking period from its page.
  await openSection(page, 'Analyzer settings');
  await page.getByRole('row').filter({ hasText: UNUSED_ANALYZER }).getByRole('radio').check({ force: true });
  await page.getByRole('button', { name: 'Rescan' }).click();
  await expect(page.getByText(`Analyzer ${UNUSED_ANALYZER} rescanned.`)).toBeVisible();
  await page.getByRole('link', { name: UNUSED_ANALYZER, exact: true }).click();
  await expect(page.getByRole('heading', { name: UNUSED_ANALYZER, level: 1 })).toBeVisible();
  await expect(page.getByText('30 days')).toBeVisible();
  await page.getByRole('button', { name: 'Edit tracking period' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit tracking period' });
  await edit.getByLabel('Tracking period in days').fill('45');
  await expectAccessible(page, 'Edit tracking period');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('45 days')).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
  const confirm = page.getByRole('dialog', { name: `Delete ${UNUSED_ANALYZER}?` });
  await confirm.getByRole('textbox').fill(UNUSED_ANALYZER);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Analyzer settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: UNUSED_ANALYZER })).toHaveCount(0);
});
