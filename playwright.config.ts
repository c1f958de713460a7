// End-to-end tests: a real Chromium (Debian's, never a downloaded one) against the built console
// and API on a fresh database (e2e/start-test-server.mjs). `pnpm build` must have run.
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8181);
const baseURL = `http://127.0.0.1:${port}`;

// Debian's Chromium (never a downloaded one), without the background traffic that slows CI.
const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: 'e2e',
  // One database per run, and specs build on what earlier steps created: one worker, in order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // A fresh database has no root user yet: setup.spec.ts creates it through the setup page,
    // and every other spec runs after it.
    { name: 'first-run', testMatch: 'setup.spec.ts', use: chromium },
    { name: 'chromium', testIgnore: 'setup.spec.ts', dependencies: ['first-run'], use: chromium },
  ],
  webServer: {
    command: 'node e2e/start-test-server.mjs',
    // The local OpenID Provider of e2e/sso.spec.ts serves https (IAM takes https issuers only)
    // with this self-signed certificate: the server under test trusts it, as it would a real CA.
    env: { NODE_EXTRA_CA_CERTS: new URL('e2e/fixtures/oidc-provider.crt', import.meta.url).pathname },
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM (not Playwright's default SIGKILL) so the script can drop its database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
