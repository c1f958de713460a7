// Playwright's web server: a fresh PostgreSQL database per run, the built API (which serves the
// built console) on it, and everything removed again when Playwright stops us.
//
//   TEST_DATABASE_URL  server to create the database on (default postgresql://postgres@127.0.0.1:5432/postgres)
//   E2E_PORT           port for the API and console (default 8181; playwright.config.ts reads it too)
//   E2E_LOG_LEVEL      the API's LOG_LEVEL (default error)
//
// Assumes `pnpm build` ran: apps/api/dist/main.js and apps/web/dist exist.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `pg` is the API's dependency, not the root's: resolve it from there.
const pg = createRequire(path.join(repoRoot, 'apps/api/package.json'))('pg');

const serverEntry = path.join(repoRoot, 'apps/api/dist/main.js');
const adminUrl = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const port = process.env.E2E_PORT || '8181';
const databaseName = `portcullis_e2e_${randomBytes(6).toString('hex')}`;
// Marks our databases so a later run can drop the ones a killed run left behind.
const marker = `portcullis-e2e pid=${process.pid}`;

const log = (message) => console.log(`[e2e server] ${message}`);

if (!existsSync(serverEntry)) {
  console.error(`[e2e server] ${path.relative(repoRoot, serverEntry)} is missing: run \`pnpm build\` first.`);
  process.exit(1);
}

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Drops e2e databases whose run was killed before it could clean up (its process is gone). */
async function dropOrphans(client) {
  const { rows } = await client.query(
    `SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE 'portcullis\\_e2e\\_%'`,
  );
  for (const { datname, note } of rows) {
    const pid = Number(/^portcullis-e2e pid=(\d+)$/.exec(note ?? '')?.[1]);
    if (!pid || isAlive(pid)) continue;
    log(`dropping ${datname}, left behind by an earlier run`);
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }
}

await withAdmin(async (client) => {
  await dropOrphans(client);
  await client.query(`CREATE DATABASE ${pg.escapeIdentifier(databaseName)}`);
  await client.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(databaseName)} IS ${pg.escapeLiteral(marker)}`);
});
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-e2e-'));
const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${databaseName}`;
log(`database ${databaseName}, data dir ${dataDir}, port ${port}`);
// Specs that seed at scale write straight to this database (e2e/scale-seed.ts): say where it is.
const databaseUrlFile = path.join(os.tmpdir(), `portcullis-e2e-${port}.database-url`);
await writeFile(databaseUrlFile, databaseUrl.toString(), { mode: 0o600 });

const env = { ...process.env };
// The run starts from a fresh database, so the setup page must appear: no scripted set-up.
for (const name of Object.keys(env)) if (name.startsWith('PORTCULLIS_')) delete env[name];
Object.assign(env, {
  DATABASE_URL: databaseUrl.toString(),
  PORT: port,
  HOST: '127.0.0.1',
  PORTCULLIS_DATA_DIR: dataDir,
  LOG_LEVEL: process.env.E2E_LOG_LEVEL || 'error',
});

const server = spawn(process.execPath, ['--enable-source-maps', serverEntry], { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
const serverExited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));

let cleaning;
function cleanUp(reason) {
  cleaning ??= (async () => {
    log(`stopping (${reason})`);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await serverExited;
      clearTimeout(timer);
    }
    try {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(databaseName)} WITH (FORCE)`));
      log(`dropped ${databaseName}`);
    } catch (error) {
      console.error(`[e2e server] could not drop ${databaseName}:`, error);
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(databaseUrlFile, { force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => void cleanUp(signal).then(() => process.exit(0)));
}
// Last resort when we die without a signal: at least do not leave the server running.
process.on('exit', () => {
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});

serverExited.then(({ code, signal }) => {
  if (cleaning) return;
  log(`the API exited unexpectedly (code ${code}, signal ${signal})`);
  void cleanUp('server exited').then(() => process.exit(code || 1));
});
