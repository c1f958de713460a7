/**
 * A real HTTP server over createApp and a fresh database, for the real AWS SDK clients: sets up
 * an account with a root access key, and returns clients for it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger } from '../src/logger';
import { setupFromEnvironment } from '../src/setup/first-run';
import { FailedSignInThrottle } from '../src/auth/throttle';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SdkServer {
  endpoint: string;
  database: TestDatabase;
  accountId: string;
  root: Credentials;
  iam(credentials: Credentials): IAMClient;
  sts(credentials: Credentials): STSClient;
  /** Moves the server's clock (expiry tests). */
  setClockOffset(ms: number): void;
  close(): Promise<void>;
}

export async function startSdkServer(accountId = '111122223333'): Promise<SdkServer> {
  const database = await createTestDatabase();
  const secrets = createSecretBox(parseMasterKey(newMasterKey()));
  const root = { accessKeyId: `AKIA${accountId.slice(0, 12)}ROOT`, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  await setupFromEnvironment(database.db, secrets, { email: `root@${accountId}.example.com`, password: 'Sdk-Root-Pass-1', accountId, rootAccessKeyId: root.accessKeyId, rootSecretAccessKey: root.secretAccessKey });
  let offset = 0;
  const app = createApp({ db: database.db, secrets, logger: createLogger('silent'), throttle: new FailedSignInThrottle(async () => {}), now: () => new Date(Date.now() + offset) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientConfig = (credentials: Credentials) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    endpoint,
    database,
    accountId,
    root,
    iam: (credentials) => new IAMClient(clientConfig(credentials)),
    sts: (credentials) => new STSClient(clientConfig(credentials)),
    setClockOffset: (ms) => (offset = ms),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await database.drop();
    },
  };
}
