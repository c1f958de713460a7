/** Replicas tell each other which accounts changed, through PostgreSQL LISTEN/NOTIFY. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { INVALIDATION_APPLICATION_NAME, startInvalidationBus } from '../src/authz/invalidation';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
});
afterAll(async () => database?.drop());

describe('invalidation bus', () => {
  it('delivers a change published by one replica to the others', async () => {
    const seenByB: string[] = [];
    const logger = createLogger('silent');
    const a = await startInvalidationBus(database.url, () => {}, logger);
    const b = await startInvalidationBus(database.url, (accountId) => seenByB.push(accountId), logger);
    try {
      a.publish('123456789012');
      a.publish('not-an-account');
      const deadline = Date.now() + 5000;
      while (seenByB.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seenByB).toEqual(['123456789012']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('survives its connections being terminated: no crash, and it listens and publishes again', async () => {
    const seenByB: string[] = [];
    const logger = createLogger('silent');
    const a = await startInvalidationBus(database.url, () => {}, logger);
    const b = await startInvalidationBus(database.url, (accountId) => seenByB.push(accountId), logger);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      a.publish('111111111111');
      const waitFor = async (accountId: string) => {
        const deadline = Date.now() + 10_000;
        while (!seenByB.includes(accountId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      };
      await waitFor('111111111111');
      // What a database restart or failover does to every connection of the bus.
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [INVALIDATION_APPLICATION_NAME]);
      expect(rowCount).toBeGreaterThanOrEqual(3);
      // The listener reconnects (after about a second); publishing is retried until it is heard.
      const deadline = Date.now() + 15_000;
      while (!seenByB.includes('222222222222') && Date.now() < deadline) {
        a.publish('222222222222');
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(seenByB).toContain('222222222222');
    } finally {
      await admin.end();
      await Promise.all([a.close(), b.close()]);
    }
  });
});
