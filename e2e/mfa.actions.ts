// Multi-factor authentication: computing the codes an authenticator app would show (otplib, as
// the server uses it: RFC 6238 TOTP, SHA-1, 6 digits, 30-second steps), assigning a virtual MFA
// device to a user in the console, and signing in as an IAM user through the MFA step.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// otplib is a dependency of the API, not of the e2e tests: resolve it from there.
const otplib = createRequire(path.join(repoRoot, 'apps/api/package.json'))('otplib') as {
  generate: (options: { secret: string; strategy: 'hotp'; counter: number; digits: number; algorithm: 'sha1' }) => Promise<string>;
};

const STEP_MS = 30_000;

/** The TOTP time step of a moment (seconds since the epoch / 30). */
export const timeStep = (ms = Date.now()): number => Math.floor(ms / STEP_MS);

/** The code an authenticator app shows during a time step. */
export function totpCode(secretKey: string, step: number): Promise<string> {
  return otplib.generate({ secret: secretKey, strategy: 'hotp', counter: step, digits: 6, algorithm: 'sha1' });
}

/** Waits until `step` has passed (a code is accepted once: sign-in needs a step after the last one used). */
export async function waitForStepAfter(page: Page, step: number): Promise<void> {
  const wait = (step + 1) * STEP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait + 250);
}

/** Avoids computing codes in the last seconds of a step (they could reach the server in the next). */
async function awayFromStepEnd(page: Page): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 3_000) await page.waitForTimeout(left + 250);
}

/**
 * On a user's Security credentials tab: Assign MFA device → name → Next → Show secret key, then
 * two consecutive codes computed from the key shown. Returns the key and the last step used.
 */
export async function assignVirtualMfaDevice(page: Page, deviceName: string): Promise<{ secretKey: string; step: number }> {
  await page.getByRole('button', { name: 'Assign MFA device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Select MFA device' });
  await dialog.getByLabel('Device name').fill(deviceName);
  await dialog.getByRole('button', { name: 'Next' }).click();
  const setup = page.getByRole('dialog', { name: 'Set up device' });
  await setup.getByRole('button', { name: 'Show QR code' }).click();
  await expect(setup.getByRole('img', { name: 'QR code of the MFA device' })).toBeVisible();
  await setup.getByRole('button', { name: 'Show secret key' }).click();
  const secretKey = (await setup.getByLabel('Secret key').textContent())?.trim() ?? '';
  expect(secretKey).toMatch(/^[A-Z2-7]+=*$/);
  await awayFromStepEnd(page);
  const step = timeStep();
  await setup.getByLabel('MFA code 1').fill(await totpCode(secretKey, step - 1));
  await setup.getByLabel('MFA code 2').fill(await totpCode(secretKey, step));
  await setup.getByRole('button', { name: 'Add MFA' }).click();
  await expect(setup).toBeHidden();
  return { secretKey, step };
}

/** Signs in as an IAM user from the sign-in page (the password step). */
export async function signInAsIamUser(page: Page, account: string, userName: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('radio', { name: /IAM user/ }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(account);
  await page.getByLabel('IAM user name').fill(userName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The MFA step of sign-in: types a code and submits it. */
export async function submitMfaCode(page: Page, code: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Multi-factor authentication' })).toBeVisible();
  await page.getByLabel('MFA code').fill(code);
  await page.getByRole('button', { name: 'Submit' }).click();
}

/** Selects a device in the MFA table, chooses Remove and confirms by typing the device name. */
export async function removeMfaDevice(page: Page, serialNumber: string, deviceName: string): Promise<void> {
  await page.getByRole('radio', { name: serialNumber }).check();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove MFA device?' });
  await dialog.getByLabel(`To confirm deletion, enter ${deviceName} in the text input field.`).fill(deviceName);
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog).toBeHidden();
}
