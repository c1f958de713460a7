/** Replicas tell each other what changed, through PostgreSQL LISTEN/NOTIFY sent at commit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CHANGE_CHANNEL, INVALIDATION_APPLICATION_NAME, announceChange, changePayload, parseChangePayload, startInvalidationBus, type InvalidationListener } from '../src/authz/invalidation';
import type { ChangeScope } from '../src/authz/authorization-cache';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(async () => database?.drop());

function recorder() {
  const events: (ChangeScope | 'lost' | 'resumed')[] = [];
  const listener: InvalidationListener = { changed: (scope) => events.push(scope), lost: () => events.push('lost'), resumed: () => events.push('resumed') };
  return { events, listener };
}

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('change payloads', () => {
  it('round-trip an account or one principal, and refuse anything else', () => {
    for (const scope of [{ accountId: '123456789012' }, { accountId: '123456789012', principalArn: 'arn:aws:iam::123456789012:user/division/alice' }]) {
      expect(parseChangePayload(changePayload(scope))).toEqual(scope);
    }
    for (const bad of ['', 'not-an-account', '12345678901', '123456789012 ', '123456789012 user/alice', '123456789012 arn:aws:iam::123456789012:user/a b', `123456789012 arn:aws:iam::123456789012:user/${'a'.repeat(5000)}`]) {
      expect(parseChangePayload(bad)).toBeUndefined();
    }
  });
});

describe('invalidation bus', () => {
  it('delivers a change when its transaction commits, and never one that rolled back', async () => {
    const b = recorder();
    const bus = await startInvalidationBus(database.url, b.listener, createLogger('silent'));
    try {
      const alice = { accountId: '123456789012', principalArn: 'arn:aws:iam::123456789012:user/alice' };
      await expect(
        database.db.$transaction(async (tx) => {
          await announceChange(tx, { accountId: '999999999999' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await database.db.$transaction(async (tx) => announceChange(tx, alice));
      await waitFor(() => b.events.length > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(b.events).toEqual([alice]);
    } finally {
      await bus.close();
    }
  });

  it('survives its connection being terminated: reports the loss, reconnects, reports the resumption, and hears changes again', async () => {
    const b = recorder();
    const bus = await startInvalidationBus(database.url, b.listener, createLogger('silent'));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // What a database restart or failover does to the listening connection.
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [INVALIDATION_APPLICATION_NAME]);
      expect(rowCount).toBe(1);
      await waitFor(() => b.events.includes('resumed'), 15_000);
      expect(b.events).toEqual(['lost', 'resumed']);
      await admin.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, '222222222222']);
      await waitFor(() => b.events.length === 3);
      expect(b.events[2]).toEqual({ accountId: '222222222222' });
    } finally {
      await admin.end();
      await bus.close();
    }
  });
});
