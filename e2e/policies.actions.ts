// Page actions for the Policies section: what a person does with the policy editor, by labels.
import { expect, type Page } from '@playwright/test';

/** The JSON editor's text area (CodeMirror's content element, named by its aria-label). */
export function policyEditor(page: Page, name = 'Policy editor') {
  return page.getByRole('textbox', { name });
}

/** Opens Create policy, switches to the JSON tab and replaces the document. */
export async function startPolicy(page: Page, json: string): Promise<void> {
  await page.goto('/policies/create');
  await expect(page.getByRole('heading', { name: 'Specify permissions', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'JSON', exact: true }).click();
  await policyEditor(page).fill(json);
}

/** On the review step: names the policy and creates it. */
export async function nameAndCreatePolicy(page: Page, name: string, description?: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Review and create', level: 1 })).toBeVisible();
  await page.getByLabel('Policy name').fill(name);
  if (description) await page.getByLabel(/Description/).fill(description);
  await page.getByRole('button', { name: 'Create policy' }).click();
}

/** Opens a policy's detail page from the list by searching for its name. */
export async function openPolicy(page: Page, name: string): Promise<void> {
  await page.goto('/policies');
  await page.getByRole('searchbox', { name: /Filter policies/ }).fill(name);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** A policy document as the editor shows it (two-space JSON). */
export function policyJson(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}
