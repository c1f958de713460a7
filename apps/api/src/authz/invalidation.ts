/**
 * Cache invalidation across replicas: when an action changes what a principal may do or which
 * credentials hold, every replica must drop what it cached of that (authz/authorization-cache.ts).
 * The change is announced with NOTIFY inside the action's own transaction — PostgreSQL delivers
 * it exactly when the change commits, never for a change that rolled back, and even if this
 * process dies right after the commit — on one channel every replica LISTENs on.
 *
 * A lost database connection (restart, failover, a terminated backend) must neither crash the
 * process nor end the listening: the listener reconnects with backoff. Until it has, this replica
 * would not hear the others' changes, so it reports the loss (the caches stop serving entries)
 * and, once listening again, the resumption (the caches start from empty).
 */
import pg from 'pg';
import type { Tx } from '../db/client';
import type { Logger } from '../logger';
import type { ChangeScope } from './authorization-cache';

export const CHANGE_CHANNEL = 'portcullis_authz';
/** The connections' application_name (visible in pg_stat_activity). */
export const INVALIDATION_APPLICATION_NAME = 'portcullis-invalidation';
const MAX_RETRY_MS = 30_000;
/** "<account ID>" or "<account ID> <principal ARN>". */
const PAYLOAD = /^(\d{12})(?: (arn:aws:iam::\d{12}:[^\s]+))?$/;

export function changePayload(scope: ChangeScope): string {
  return scope.principalArn ? `${scope.accountId} ${scope.principalArn}` : scope.accountId;
}

export function parseChangePayload(payload: string): ChangeScope | undefined {
  if (payload.length > 4096) return undefined;
  const match = PAYLOAD.exec(payload);
  if (!match) return undefined;
  return match[2] ? { accountId: match[1]!, principalArn: match[2] } : { accountId: match[1]! };
}

/** Announces a change to every replica when (and only if) the transaction commits. */
export async function announceChange(tx: Tx, scope: ChangeScope): Promise<void> {
  await tx.$queryRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${changePayload(scope)})::text`;
}

export interface InvalidationBus {
  close(): Promise<void>;
}

export interface InvalidationListener {
  /** Another replica (or this one) committed a change of this scope. */
  changed(scope: ChangeScope): void;
  /** The listening connection is gone: changes may go unheard until `resumed`. */
  lost(): void;
  /** Listening again after a loss. */
  resumed(): void;
}

/** Listens for the changes every replica announces. */
export async function startInvalidationBus(databaseUrl: string, listener: InvalidationListener, logger: Logger): Promise<InvalidationBus> {
  const config = { connectionString: databaseUrl, application_name: INVALIDATION_APPLICATION_NAME };
  let closed = false;
  let connection: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    const client = new pg.Client(config);
    client.on('notification', (message) => {
      const scope = message.channel === CHANGE_CHANNEL && message.payload ? parseChangePayload(message.payload) : undefined;
      if (scope) listener.changed(scope);
    });
    const onLoss = (err?: Error) => {
      if (closed || connection !== client) return;
      connection = undefined;
      listener.lost();
      logger.warn({ err }, 'cache invalidation listener lost its connection; reconnecting (authorization state is read from the database meanwhile)');
      client.end().catch(() => {});
      reconnect(1000);
    };
    client.on('error', onLoss);
    client.on('end', () => onLoss());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      client.end().catch(() => {});
      throw err;
    }
    if (closed) {
      await client.end();
      return;
    }
    connection = client;
  }

  function reconnect(delayMs: number): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().then(
        () => {
          if (connection) listener.resumed();
        },
        (err: unknown) => {
          logger.warn({ err }, 'cache invalidation listener could not reconnect; trying again');
          reconnect(Math.min(delayMs * 2, MAX_RETRY_MS));
        },
      );
    }, delayMs);
    retry.unref();
  }

  await listen();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connection?.end();
    },
  };
}
