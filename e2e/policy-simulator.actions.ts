// Page actions for the policy simulator, and seeding through the API as the signed-in user.
import { expect, type Page } from '@playwright/test';

/** Calls an IAM action with the page's session (cookie + CSRF token); ignores "already exists". */
export async function seedIam(page: Page, action: string, body: object): Promise<void> {
  const status = await page.evaluate(
    async ({ action, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const reply = await fetch(`/api/iam/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      return reply.status;
    },
    { action, body },
  );
  expect([200, 409]).toContain(status);
}

export async function runSimulation(page: Page, actions: string): Promise<void> {
  await page.getByLabel('Actions', { exact: true }).fill(actions);
  await page.getByRole('button', { name: 'Run simulation' }).click();
}

export function results(page: Page) {
  return page.getByRole('table', { name: 'Simulation results' });
}
