/** Replicas tell each other which accounts changed, through PostgreSQL LISTEN/NOTIFY. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInvalidationBus } from '../src/authz/invalidation';
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
});
