/**
 * Cache invalidation across replicas: when an action changes an account, every replica must
 * drop its cached policy sets and access keys for that account. Each replica LISTENs on one
 * PostgreSQL channel; the replica that made the change NOTIFYs it with the account ID.
 * (Entries also expire after a few seconds, so a lost notification heals itself.)
 */
import pg from 'pg';
import type { Logger } from '../logger';

const CHANNEL = 'portcullis_authz';

export interface InvalidationBus {
  /** Tells every replica (this one included) that the account changed. */
  publish(accountId: string): void;
  close(): Promise<void>;
}

/** Listens for changes made by other replicas and calls `onChange`; publishes ours. */
export async function startInvalidationBus(databaseUrl: string, onChange: (accountId: string) => void, logger: Logger): Promise<InvalidationBus> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  const publisher = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let closed = false;
  listener.on('notification', (message) => {
    if (message.channel === CHANNEL && message.payload && /^\d{12}$/.test(message.payload)) onChange(message.payload);
  });
  listener.on('error', (err) => {
    if (!closed) logger.warn({ err }, 'cache invalidation listener failed; cached entries now expire by time only');
  });
  await listener.connect();
  await listener.query(`LISTEN ${CHANNEL}`);
  return {
    publish(accountId) {
      publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, accountId]).catch((err: unknown) => logger.warn({ err }, 'could not publish a cache invalidation'));
    },
    async close() {
      closed = true;
      await Promise.allSettled([listener.end(), publisher.end()]);
    },
  };
}
