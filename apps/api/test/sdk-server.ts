/**
 * A real HTTP server over createApp and a fresh database, for the real AWS SDK clients: sets up
 * an account with a root access key, and returns clients for it.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger, type Logger } from '../src/logger';
import { setupFromEnvironment } from '../src/setup/first-run';
import { createTestDatabase, type TestDatabase } from './test-database';
import type { SecretBox } from '../src/crypto/secrets';
import { newId, newSecretAccessKey } from '../src/ids';

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
  /** Clients signing as these credentials; clockOffsetMs moves the client's clock too. */
  iam(credentials: Credentials, clockOffsetMs?: number): IAMClient;
  sts(credentials: Credentials, clockOffsetMs?: number): STSClient;
  ec2(credentials: Credentials, clockOffsetMs?: number): EC2Client;
  /** Moves the server's clock (expiry tests). */
  setClockOffset(ms: number): void;
  /** Test fixtures written straight to the database (for areas under test elsewhere). */
  fixtures: Fixtures;
  /** The audit event of a request, once the audit log's group commit has stored it. */
  auditEvent(requestId: string | undefined): Promise<NonNullable<Awaited<ReturnType<TestDatabase['db']['auditEvent']['findFirst']>>>>;
  close(): Promise<void>;
}

export interface SdkServerOptions {
  /** AssumeRoleWithWebIdentity may use a local http:// OIDC issuer (createApp's oidcAllowHttpIssuers). */
  oidcAllowHttpIssuers?: boolean;
  /** createApp's trustProxy: X-Forwarded-For / -Proto from one reverse proxy are honoured. */
  trustProxy?: boolean;
  /** The server's logger (default: silent). */
  logger?: Logger;
}

export async function startSdkServer(accountId = '111122223333', options: SdkServerOptions = {}): Promise<SdkServer> {
  const database = await createTestDatabase();
  const secrets = createSecretBox(parseMasterKey(newMasterKey()));
  const root = { accessKeyId: `AKIA${accountId.slice(0, 12)}ROOT`, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  await setupFromEnvironment(database.db, secrets, { email: `root@${accountId}.example.com`, password: 'Sdk-Root-Pass-1', accountId, rootAccessKeyId: root.accessKeyId, rootSecretAccessKey: root.secretAccessKey });
  let offset = 0;
  const app = createApp({
    db: database.db,
    secrets,
    logger: options.logger ?? createLogger('silent'),
    now: () => new Date(Date.now() + offset),
    oidcAllowHttpIssuers: options.oidcAllowHttpIssuers,
    trustProxy: options.trustProxy,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientConfig = (credentials: Credentials, systemClockOffset = 0) => ({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset });
  return {
    endpoint,
    database,
    accountId,
    root,
    iam: (credentials, clockOffsetMs) => new IAMClient(clientConfig(credentials, clockOffsetMs)),
    sts: (credentials, clockOffsetMs) => new STSClient(clientConfig(credentials, clockOffsetMs)),
    ec2: (credentials, clockOffsetMs) => new EC2Client(clientConfig(credentials, clockOffsetMs)),
    setClockOffset: (ms) => (offset = ms),
    fixtures: fixtures(database, secrets),
    async auditEvent(requestId) {
      for (let i = 0; i < 50; i++) {
        const event = await database.db.auditEvent.findFirst({ where: { requestId } });
        if (event) return event;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no audit event for ${requestId}`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await database.drop();
    },
  };
}

export interface Fixtures {
  /** An account with a root user (no key). */
  account(accountId: string): Promise<void>;
  /** An IAM user with inline policies and an access key; returns the key. */
  user(accountId: string, name: string, inlinePolicies?: object[]): Promise<Credentials & { arn: string }>;
  /** A role with a trust policy and inline policies. */
  role(accountId: string, name: string, trust: object, inlinePolicies?: object[], maxSessionDuration?: number): Promise<string>;
}

function fixtures(database: TestDatabase, secrets: SecretBox): Fixtures {
  const { db } = database;
  return {
    async account(accountId) {
      await db.account.create({ data: { id: accountId, name: accountId, rootEmail: `root@${accountId}.example.com` } });
    },
    async user(accountId, name, inlinePolicies = []) {
      const arn = `arn:aws:iam::${accountId}:user/${name}`;
      const user = await db.user.create({ data: { id: newId('user'), accountId, name, arn } });
      for (const [i, document] of inlinePolicies.entries()) await db.inlinePolicy.create({ data: { name: `p${i}`, document: JSON.stringify(document), userId: user.id } });
      const accessKeyId = newId('accessKey');
      const secretAccessKey = newSecretAccessKey();
      await db.accessKey.create({ data: { id: accessKeyId, accountId, userId: user.id, secretEncrypted: secrets.encrypt(secretAccessKey) } });
      return { accessKeyId, secretAccessKey, arn };
    },
    async role(accountId, name, trust, inlinePolicies = [], maxSessionDuration = 3600) {
      const arn = `arn:aws:iam::${accountId}:role/${name}`;
      const role = await db.role.create({ data: { id: newId('role'), accountId, name, arn, assumeRolePolicyDocument: JSON.stringify(trust), maxSessionDuration } });
      for (const [i, document] of inlinePolicies.entries()) await db.inlinePolicy.create({ data: { name: `p${i}`, document: JSON.stringify(document), roleId: role.id } });
      return arn;
    },
  };
}
