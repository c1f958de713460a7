/**
 * Cache invalidation across replicas: when an action changes an account, every replica must
 * drop its cached policy sets and access keys for that account. Each replica LISTENs on one
 * PostgreSQL channel; the replica that made the change NOTIFYs it with the account ID.
 * (Entries also expire after a few seconds, so a lost notification heals itself.)
 *
 * A lost database connection (restart, failover, a terminated backend) must neither crash the
 * process nor end the listening: the listener reconnects with backoff, and until it does,
 * cached entries expire by time only.
 */
import pg from 'pg';
import type { Logger } from '../logger';

const CHANNEL = 'portcullis_authz';
/** The connections' application_name (visible in pg_stat_activity). */
export const INVALIDATION_APPLICATION_NAME = 'portcullis-invalidation';
const MAX_RETRY_MS = 30_000;

export interface InvalidationBus {
  /** Tells every replica (this one included) that the account changed. */
  publish(accountId: string): void;
  close(): Promise<void>;
}

/** Listens for changes made by other replicas and calls `onChange`; publishes ours. */
export async function startInvalidationBus(databaseUrl: string, onChange: (accountId: string) => void, logger: Logger): Promise<InvalidationBus> {
  const config = { connectionString: databaseUrl, application_name: INVALIDATION_APPLICATION_NAME };
  const publisher = new pg.Pool({ ...config, max: 1 });
  // An idle pooled client that loses its connection emits 'error' on the pool: without a
  // listener that would end the process. The pool opens a new connection on the next publish.
  publisher.on('error', (err) => logger.warn({ err }, 'cache invalidation publisher lost its connection'));
  let closed = false;
  let listener: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    const client = new pg.Client(config);
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload && /^\d{12}$/.test(message.payload)) onChange(message.payload);
    });
    client.on('error', (err) => {
      if (closed) return;
      logger.warn({ err }, 'cache invalidation listener lost its connection; reconnecting (cached entries expire by time meanwhile)');
      client.end().catch(() => {});
      if (listener === client) listener = undefined;
      reconnect(1000);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (closed) await client.end();
    else listener = client;
  }

  function reconnect(delayMs: number): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().catch((err: unknown) => {
        logger.warn({ err }, 'cache invalidation listener could not reconnect; trying again');
        reconnect(Math.min(delayMs * 2, MAX_RETRY_MS));
      });
    }, delayMs);
    retry.unref();
  }

  await listen();
  return {
    publish(accountId) {
      publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, accountId]).catch((err: unknown) => logger.warn({ err }, 'could not publish a cache invalidation'));
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await Promise.allSettled([listener?.end(), publisher.end()]);
    },
  };
}
