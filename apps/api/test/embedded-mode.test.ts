/**
 * `pnpm start` without DATABASE_URL: the real entry point on an embedded PostgreSQL in a fresh
 * temp folder — starts, keeps data across a restart, and shuts down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const mainTs = path.resolve(import.meta.dirname, '../src/main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string, port: number, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extraEnv };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [tsxCli, mainTs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const began = Date.now();
  while (!output.includes('Portcullis is listening')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() - began > 60_000) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output };
}

function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const began = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, ms: Date.now() - began }));
    child.kill('SIGTERM');
  });
}

describe('embedded mode', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('starts in a fresh folder, keeps data across a restart, and stops cleanly', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-embedded-'));
    dirs.push(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const first = await start(dataDir, port, { PORTCULLIS_ROOT_EMAIL: 'root@example.com', PORTCULLIS_ROOT_PASSWORD: 'Embedded-Pass-1', PORTCULLIS_ACCOUNT_ID: '555555555555' });
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok', database: 'ok' });
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ setupRequired: false });
    expect(first.output()).not.toContain('Embedded-Pass-1');
    // SECURITY: the generated master key is readable by its owner only.
    expect((await stat(path.join(dataDir, 'master.key'))).mode & 0o077).toBe(0);
    const firstStop = await stop(first.child);
    expect(firstStop.code).toBe(0);
    expect(firstStop.ms).toBeLessThan(8000);

    // Same folder, no set-up variables: the account is still there.
    const second = await start(dataDir, port, { PORTCULLIS_PUBLIC_URL: 'https://iam.example.com/' });
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ setupRequired: false });
    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'root', email: 'root@example.com', password: 'Embedded-Pass-1' }),
    });
    expect(signIn.status).toBe(200);
    const session = (await signIn.json()) as { principal: { arn: string }; publicUrl: string };
    expect(session.principal.arn).toBe('arn:aws:iam::555555555555:root');
    // The console builds its sign-in links on PORTCULLIS_PUBLIC_URL.
    expect(session.publicUrl).toBe('https://iam.example.com/');
    expect(second.output()).not.toContain('migrations applied');
    expect((await stop(second.child)).code).toBe(0);
  }, 120_000);
});
