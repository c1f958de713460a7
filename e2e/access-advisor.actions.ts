// Page actions for the Access Advisor tab of the user, group, role and policy detail pages.
import { expect, request, type Page } from '@playwright/test';

/** Calls an IAM action through the console's REST protocol as the signed-in principal, to seed what a test needs. */
export async function iamCall<T = unknown>(page: Page, action: string, body: object = {}): Promise<T> {
  const session = await page.request.get('/api/session');
  expect(session.ok()).toBe(true);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(`/api/iam/${action}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Signs in as an IAM user in a separate API session and calls one IAM action, so the user has activity to report. */
export async function callAsIamUser(baseURL: string, account: string, userName: string, password: string, action: string, body: object = {}): Promise<void> {
  const context = await request.newContext({ baseURL });
  try {
    const signIn = await context.post('/api/session', { data: { kind: 'iam', account, userName, password } });
    expect(signIn.ok(), await signIn.text()).toBe(true);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const response = await context.post(`/api/iam/${action}`, { data: body, headers: { 'x-csrf-token': csrfToken } });
    expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
  } finally {
    await context.dispose();
  }
}

/** Opens the Access Advisor tab of the detail page shown and waits for the report. */
export async function openAccessAdvisor(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Access Advisor' }).click();
  await expect(page.getByRole('heading', { name: /Allowed services/ })).toBeVisible();
  await expect(page.getByText('Generating the report')).toBeHidden();
}

/** The row of one service in the tab's table. */
export function serviceRow(page: Page, serviceName: string) {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: serviceName, exact: true }) });
}
