/**
 * The real server as a separate process (`node --import tsx apps/api/src/main.ts`, what
 * `pnpm start` runs apart from the build), for tests that kill it, restart it or need its start-up
 * checks: started on a given database with a given environment, answered once it is live.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from '../src/paths';

export interface ServerProcess {
  child: ChildProcess;
  endpoint: string;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (SIGKILL by default) unless it has exited; resolves once it has. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns the server with `env` (DATABASE_URL, PORTCULLIS_MASTER_KEY, …) on a free port of 127.0.0.1; does not wait for it. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    endpoint: `http://127.0.0.1:${port}`,
    exited,
    output: () => output,
    async stop(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Spawns the server and resolves once /api/health/live answers; throws with its output if it exits or takes longer than `timeoutMs`. */
export async function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const server = await spawnServer(env);
  const started = Date.now();
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited at start-up (${server.child.exitCode}):\n${server.output()}`);
    const live = await fetch(`${server.endpoint}/api/health/live`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (live?.status === 200) return server;
    if (Date.now() - started > timeoutMs) {
      await server.stop();
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
