// The console at scale (issue #15): an account with 5,000 users (SCALE_USERS to change it), seeded
// straight into the database. Counts the API requests each screen makes, and measures what the
// targets name: the Users list's first row, the Dashboard's requests, the sign-in route's bytes.
import { expect, test, type Page, type Request } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { removeScale, scalePolicyName, scaleUserName, seedScale } from './scale-seed.ts';
import { root } from './test-accounts.ts';
import { openUsers, signInAsIamUser } from './users.actions.ts';
import { chooseAccountTrust, next } from './roles.actions.ts';
import { openGroups } from './groups.actions.ts';

test.describe.configure({ mode: 'serial' });

const USERS = Number(process.env.SCALE_USERS ?? 5000);
const KEY_EVERY = 10;
/** Users whose key is 200 days old: every other keyed user. */
const OLD_KEYS = Math.floor(USERS / (KEY_EVERY * 2));
const POLICIES = 300;

test.beforeAll(async () => {
  await seedScale(root.accountId, { users: USERS, groups: 50, keyEvery: KEY_EVERY, policies: POLICIES });
});
test.afterAll(async () => {
  await removeScale(root.accountId);
});

/** Records the API requests the page makes from now on. */
function recordApiRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) requests.push(request);
  });
  return requests;
}
const described = (requests: Request[]) => requests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`);

async function signIn(page: Page): Promise<void> {
  await page.goto('/signin');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
}

test('the sign-in route downloads at most 300 KB of compressed JS and CSS, brotli-encoded, cached for good', async ({ browser, baseURL }) => {
  // A fresh context: nothing cached.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const assets: { url: string; bytes: Promise<number>; encoding: string | undefined; cacheControl: string | undefined }[] = [];
  page.on('response', (response) => {
    if (!/\.(js|css)$/.test(new URL(response.url()).pathname)) return;
    const headers = response.headers();
    assets.push({ url: response.url(), bytes: response.request().sizes().then((s) => s.responseBodySize), encoding: headers['content-encoding'], cacheControl: headers['cache-control'] });
  });
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const sizes = await Promise.all(assets.map((a) => a.bytes));
  const total = sizes.reduce((sum, n) => sum + n, 0);
  test.info().annotations.push({ type: 'sign-in route', description: `${assets.length} JS/CSS files, ${(total / 1024).toFixed(1)} KiB transferred` });
  console.log(`[scale] sign-in route: ${assets.length} JS/CSS files, ${(total / 1024).toFixed(1)} KiB transferred`);
  expect(total).toBeLessThanOrEqual(300 * 1024);
  for (const [i, asset] of assets.entries()) {
    // The build compresses every file over 1 KiB (apps/web/build-tools/precompress.ts).
    if (sizes[i]! >= 1024) expect(asset.encoding, asset.url).toBe('br');
    expect(asset.cacheControl, asset.url).toBe('public, max-age=31536000, immutable');
  }
  const index = await page.request.get('/signin');
  expect(index.headers()['cache-control']).toBe('no-cache');
  await context.close();
});

test(`the dashboard makes at most 3 API requests with ${USERS} users, and counts old keys on the server`, async ({ page }) => {
  await signIn(page);
  const requests = recordApiRequests(page);
  await page.reload();
  // Other specs' users may be there too.
  const usersCount = page.getByRole('link', { name: /^Users: \d+$/ });
  await expect(usersCount).toBeVisible();
  expect(Number(await usersCount.textContent())).toBeGreaterThanOrEqual(USERS);
  await expect(page.getByText(`${OLD_KEYS} active access keys have not been rotated in 90 days.`)).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requests.length, described(requests).join('\n')).toBeLessThanOrEqual(3);
});

test(`an IAM user's dashboard, navigation permissions included, also makes at most 3 API requests`, async ({ page }) => {
  // One of the seeded users (the account is at its 5,000-user quota): given a password and AdministratorAccess.
  const admin = { userName: scaleUserName(2), password: 'Scale-Admin-Pass-1!' };
  await signIn(page);
  await seedIam(page, 'CreateLoginProfile', { UserName: admin.userName, Password: admin.password, PasswordResetRequired: false });
  await seedIam(page, 'AttachUserPolicy', { UserName: admin.userName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  await signOut(page);
  await signInAsIamUser(page, { account: root.accountId, ...admin });
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  const requests = recordApiRequests(page);
  await page.reload();
  await expect(page.getByRole('link', { name: /^Users: \d+$/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The session, the navigation's permissions, the dashboard's figures: no setup check once signed in.
  expect(described(requests).sort()).toEqual(['GET /api/session', 'POST /api/console/Dashboard', 'POST /api/console/GetConsolePermissions']);
  await signOut(page, admin.userName);
});

test(`the Users list makes one request per page, searches and sorts every user, and keeps its place in the URL`, async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page);
  // Warm the server (and the route's code) once, as a person's second visit would.
  await openUsers(page);
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();

  const requests = recordApiRequests(page);
  const table = page.getByRole('table', { name: 'Users' });
  const started = Date.now();
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(table.getByRole('link').first()).toBeVisible();
  const firstRowMs = Date.now() - started;
  console.log(`[scale] Users list: first row ${firstRowMs} ms after navigation (${USERS} users)`);
  test.info().annotations.push({ type: 'users first row', description: `${firstRowMs} ms` });
  expect(firstRowMs).toBeLessThan(2000);
  await expect(table.getByRole('link')).toHaveCount(25);
  expect(described(requests)).toEqual(['POST /api/console/ListUsers']);

  // The search covers the whole account (other specs' users may be there too); its total is in the header.
  await page.getByLabel('Find users by name').fill('scale-');
  await expect(page).toHaveURL(/search=scale-/);
  await expect(page.getByRole('heading', { name: new RegExp(`^Users \\(${USERS}\\)`) })).toBeVisible();
  await expect(table.getByRole('link', { name: scaleUserName(1) })).toBeVisible();
  await page.waitForLoadState('networkidle');

  // Page 3: one more request, and the page is in the URL.
  requests.length = 0;
  await page.getByRole('button', { name: 'Page 3', exact: true }).click();
  await expect(table.getByRole('link', { name: scaleUserName(51) })).toBeVisible();
  await expect(page).toHaveURL(/\/users\?(?=.*page=3)(?=.*search=scale-)/);
  expect(described(requests)).toEqual(['POST /api/console/ListUsers']);

  // A user and Back: the same page.
  await table.getByRole('link', { name: scaleUserName(51) }).click();
  await expect(page.getByRole('heading', { name: scaleUserName(51), level: 1 })).toBeVisible();
  await page.goBack();
  await expect(table.getByRole('link', { name: scaleUserName(51) })).toBeVisible();
  await expect(page).toHaveURL(/\/users\?(?=.*page=3)(?=.*search=scale-)/);
  await expect(page.getByLabel('Find users by name')).toHaveValue('scale-');

  // One user among all of them, wherever it would be in the list.
  requests.length = 0;
  await page.getByLabel('Find users by name').fill(scaleUserName(USERS - 1));
  await expect(table.getByRole('link', { name: scaleUserName(USERS - 1) })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Users \(1\)/ })).toBeVisible();
  expect(requests.every((r) => new URL(r.url()).pathname === '/api/console/ListUsers')).toBe(true);
  await page.getByLabel('Find users by name').fill('scale-');
  await expect(page.getByRole('heading', { name: new RegExp(`^Users \\(${USERS}\\)`) })).toBeVisible();

  // Sorting by name, descending: the last user first, on the server.
  await table.getByRole('columnheader', { name: /User name/ }).getByRole('button').click();
  await expect(table.getByRole('link', { name: scaleUserName(USERS) })).toBeVisible();
  await expect(page).toHaveURL(/order=descending/);
});

test('the Users list keeps its page size and columns in this browser', async ({ page }) => {
  await signIn(page);
  await openUsers(page);
  const table = page.getByRole('table', { name: 'Users' });
  await page.getByRole('button', { name: 'Preferences' }).click();
  const preferences = page.getByRole('dialog', { name: 'Preferences' });
  await preferences.getByRole('radio', { name: '50 users', exact: true }).check();
  await preferences.getByRole('checkbox', { name: 'Path', exact: true }).uncheck();
  await preferences.getByRole('button', { name: 'Confirm' }).click();
  await expect(table.getByRole('link')).toHaveCount(50);
  await expect(table.getByRole('columnheader', { name: /^Path/ })).toHaveCount(0);
  await page.reload();
  await expect(table.getByRole('link')).toHaveCount(50);
  await expect(table.getByRole('columnheader', { name: /^Path/ })).toHaveCount(0);
});

test("the Create role policy picker ranks the exact name first among the seed's 1,500 policies, and offers larger pages", async ({ page }) => {
  await signIn(page);
  await chooseAccountTrust(page, {});
  await next(page);
  await expect(page.getByRole('heading', { name: 'Add permissions', level: 1 })).toBeVisible();
  const picker = page.getByRole('table', { name: 'Permissions policies' });
  await page.getByRole('searchbox', { name: 'Filter policies by name' }).fill('ReadOnlyAccess');
  // The first row of the first page, among the ~200 names that contain it.
  // (checkbox 0 selects the whole page)
  await expect(picker.getByRole('checkbox').nth(1)).toHaveAccessibleName('ReadOnlyAccess');

  await page.getByRole('button', { name: 'Preferences' }).click();
  const preferences = page.getByRole('dialog', { name: 'Preferences' });
  await preferences.getByRole('radio', { name: '100 policies', exact: true }).check();
  await preferences.getByRole('button', { name: 'Confirm' }).click();
  await expect(picker.getByRole('checkbox', { name: /ReadOnly/ })).toHaveCount(100);
});

test('the User groups list makes one request per page, with member counts, searched on the server', async ({ page }) => {
  await signIn(page);
  const requests = recordApiRequests(page);
  await openGroups(page);
  const table = page.getByRole('table', { name: 'User groups' });
  await expect(table.getByRole('link', { name: 'scale-group-01' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(described(requests)).toEqual(['POST /api/console/ListGroups']);
  const perGroup = USERS / 50;
  await expect(table.getByRole('row').filter({ hasText: 'scale-group-01' })).toContainText(`scale-group-01${perGroup}`);

  await page.getByLabel('Find groups by name').fill('scale-group-4');
  await expect(page.getByRole('heading', { name: /^User groups \(10\)/ })).toBeVisible();
  await expect(table.getByRole('link', { name: 'scale-group-49' })).toBeVisible();
  await expect(page).toHaveURL(/search=scale-group-4/);
});

test(`the Policies list makes one request per page and searches every policy, names and descriptions`, async ({ page }) => {
  await signIn(page);
  const requests = recordApiRequests(page);
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'Policies' }).click();
  const table = page.getByRole('table', { name: 'Policies' });
  await expect(table.getByRole('link')).toHaveCount(25);
  // AWS's ~1,500 and the account's own; the last customer policy is pages away from the first.
  const heading = page.getByRole('heading', { name: /^Policies \(\d+\)/ });
  await expect(heading).toBeVisible();
  expect(Number((await heading.textContent())!.match(/\((\d+)\)/)![1])).toBeGreaterThan(1000 + POLICIES);
  await expect(table.getByRole('link', { name: scalePolicyName(POLICIES) })).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  expect(described(requests)).toEqual(['POST /api/console/ListPolicies']);

  // Page 2: one more request, in the URL.
  requests.length = 0;
  await page.getByRole('button', { name: 'Page 2', exact: true }).click();
  await expect(page).toHaveURL(/\/policies\?(?=.*page=2)/);
  await page.waitForLoadState('networkidle');
  expect(described(requests)).toEqual(['POST /api/console/ListPolicies']);

  // The search finds a customer policy wherever it is, by name and by description.
  const search = page.getByRole('searchbox', { name: 'Filter policies by name or description' });
  await search.fill(scalePolicyName(POLICIES - 1));
  await expect(table.getByRole('link', { name: scalePolicyName(POLICIES - 1) })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Policies \(1\)/ })).toBeVisible();
  await search.fill('scale team 123 access');
  await expect(table.getByRole('link', { name: scalePolicyName(123) })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: scalePolicyName(123) })).toContainText('Customer managed');

  // The type filter and the sort, on the server and in the URL.
  await search.fill('');
  await page.getByRole('button', { name: 'Filter by type' }).click();
  await page.getByRole('option', { name: 'Customer managed' }).click();
  await expect(page).toHaveURL(/type=Local/);
  await expect(table.getByRole('link', { name: scalePolicyName(1) })).toBeVisible();
  await table.getByRole('columnheader', { name: /Policy name/ }).getByRole('button').click();
  await expect(page).toHaveURL(/order=descending/);
  await page.reload();
  await expect(table.getByRole('link').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Filter by type' })).toContainText('Customer managed');
});

test(`a search over ${USERS} users answers within 300 ms`, async ({ page }) => {
  await signIn(page);
  const { csrfToken } = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const search = async (body: object) => {
    const started = performance.now();
    const response = await page.request.post('/api/console/ListUsers', { data: body, headers: { 'x-csrf-token': csrfToken } });
    expect(response.ok()).toBe(true);
    return { ms: performance.now() - started, body: (await response.json()) as { TotalCount: number } };
  };
  await search({ Search: 'scale-' });
  // The slowest shapes: a substring in the middle of every name, and a sort on a computed column.
  const times: number[] = [];
  for (const body of [{ Search: '0499' }, { Search: 'scale-', SortBy: 'LastActivity', SortOrder: 'descending' }, { Search: 'scale-', SortBy: 'Groups', Page: 100 }]) {
    const { ms, body: reply } = await search(body);
    expect(reply.TotalCount).toBeGreaterThan(0);
    times.push(Math.round(ms));
  }
  console.log(`[scale] ListUsers searches over ${USERS} users: ${times.join(', ')} ms (request round trip)`);
  expect(Math.max(...times)).toBeLessThan(300);
});
