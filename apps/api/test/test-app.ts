/** The app under test: createApp over a real test database, driven without a listening port. */
import request from 'supertest';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger } from '../src/logger';
import type { TestDatabase } from './test-database';

export function createTestApp(database: TestDatabase) {
  const secrets = createSecretBox(parseMasterKey(newMasterKey()));
  const app = createApp({ db: database.db, secrets, logger: createLogger('silent') });
  return { app, secrets, http: request(app), agent: () => request.agent(app) };
}
