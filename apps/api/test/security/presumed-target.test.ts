/**
 * GetUser on its presumed target (ActionDefinition.presumedTarget): the dispatcher authorizes the
 * call on the user as presumed (at the default path /) before reading it, and reads it with its
 * audit event in one round trip. Whatever the user really is — at another path, tagged, missing —
 * the answer, the decision and the one audit event are those of the usual path, with real
 * policies, the real SDK and PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateUserCommand, DeleteUserCommand, GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from '../sdk-server';
import { AuditLog } from '../../src/audit/audit';

const ACCOUNT = '444455556666';
let server: SdkServer;
let admin: IAMClient;

beforeAll(async () => {
  server = await startSdkServer(ACCOUNT);
  admin = server.iam(server.root);
  await admin.send(new CreateUserCommand({ UserName: 'plain' }));
  await admin.send(new CreateUserCommand({ UserName: 'carol', Path: '/division/' }));
  await admin.send(new CreateUserCommand({ UserName: 'eve', Path: '/secret/' }));
  await admin.send(new CreateUserCommand({ UserName: 'rita', Tags: [{ Key: 'team', Value: 'red' }] }));
  await admin.send(new CreateUserCommand({ UserName: 'bill', Tags: [{ Key: 'team', Value: 'blue' }] }));
});
afterAll(async () => server?.close());
afterEach(() => vi.restoreAllMocks());

const userArn = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:user${path}${name}`;

/** GetUser as `client`: its answer or error code, and the audit events stored for its request. */
async function getUser(client: IAMClient, userName: string) {
  let requestId: string | undefined;
  let outcome: { arn: string } | { error: string; message: string };
  try {
    const answer = await client.send(new GetUserCommand({ UserName: userName }));
    requestId = answer.$metadata.requestId;
    outcome = { arn: answer.User!.Arn! };
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata: { requestId?: string } };
    requestId = failure.$metadata.requestId;
    outcome = { error: failure.name, message: failure.message };
  }
  // Stored before the answer: no waiting.
  const events = await server.database.db.auditEvent.findMany({ where: { requestId: requestId! }, select: { action: true, decision: true, errorCode: true, resource: true } });
  return { outcome, events };
}

describe('GetUser on its presumed target', () => {
  it('an allowed read of a user at / is stored with its read, not through the group commit', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-all', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }]);
    const reader = server.iam(key);
    // The first read of a user caches its ARN's audit string (the group commit stores it).
    await getUser(reader, 'plain');
    const groupCommit = vi.spyOn(AuditLog.prototype, 'write');
    const withRead = vi.spyOn(AuditLog.prototype, 'readWithEvents');
    const { outcome, events } = await getUser(reader, 'plain');
    expect(outcome).toEqual({ arn: userArn('/', 'plain') });
    expect(events).toEqual([{ action: 'iam:GetUser', decision: 'allowed', errorCode: null, resource: userArn('/', 'plain') }]);
    expect(withRead).toHaveBeenCalledTimes(1);
    expect(groupCommit).not.toHaveBeenCalled();
  });

  it('a user at another path is authorized on its real ARN: allowed only there', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-division', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/division/*` }] }]);
    const reader = server.iam(key);
    for (let i = 0; i < 2; i++) {
      const carol = await getUser(reader, 'carol');
      expect(carol.outcome).toEqual({ arn: userArn('/division/', 'carol') });
      expect(carol.events).toEqual([{ action: 'iam:GetUser', decision: 'allowed', errorCode: null, resource: userArn('/division/', 'carol') }]);
      const plain = await getUser(reader, 'plain');
      expect(plain.outcome).toMatchObject({ error: 'AccessDenied', message: expect.stringContaining(`on resource: ${userArn('/', 'plain')}`) });
      expect(plain.events).toEqual([{ action: 'iam:GetUser', decision: 'denied', errorCode: 'AccessDenied', resource: userArn('/', 'plain') }]);
    }
  });

  it('a Deny on the real path wins over an Allow of the presumed one: nothing of the user is answered', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-not-secret', [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/secret/*` },
        ],
      },
    ]);
    const reader = server.iam(key);
    // mallory was read at / (the presumed ARN's audit string is cached), then recreated under /secret/.
    await admin.send(new CreateUserCommand({ UserName: 'mallory' }));
    expect((await getUser(reader, 'mallory')).outcome).toEqual({ arn: userArn('/', 'mallory') });
    await admin.send(new DeleteUserCommand({ UserName: 'mallory' }));
    await admin.send(new CreateUserCommand({ UserName: 'mallory', Path: '/secret/' }));
    for (let i = 0; i < 2; i++) {
      const withRead = vi.spyOn(AuditLog.prototype, 'readWithEvents');
      const mallory = await getUser(reader, 'mallory');
      // The presumed read was made, and its statement stored nothing.
      expect(withRead).toHaveBeenCalledTimes(1);
      await expect(withRead.mock.results[0]!.value).resolves.toMatchObject({ stored: false });
      expect(mallory.outcome).toMatchObject({ error: 'AccessDenied', message: expect.stringContaining(`on resource: ${userArn('/secret/', 'mallory')} with an explicit deny`) });
      expect(mallory.events).toEqual([{ action: 'iam:GetUser', decision: 'denied', errorCode: 'AccessDenied', resource: userArn('/secret/', 'mallory') }]);
      vi.restoreAllMocks();
      const eve = await getUser(reader, 'eve');
      expect(eve.outcome).toMatchObject({ error: 'AccessDenied', message: expect.stringContaining(`on resource: ${userArn('/secret/', 'eve')} with an explicit deny`) });
      expect(eve.events).toEqual([{ action: 'iam:GetUser', decision: 'denied', errorCode: 'AccessDenied', resource: userArn('/secret/', 'eve') }]);
    }
  });

  it('a decision on the resource’s tags waits for them: the usual path decides', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-red', [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } }] },
    ]);
    const reader = server.iam(key);
    for (let i = 0; i < 2; i++) {
      const withRead = vi.spyOn(AuditLog.prototype, 'readWithEvents');
      const rita = await getUser(reader, 'rita');
      expect(rita.outcome).toEqual({ arn: userArn('/', 'rita') });
      expect(rita.events).toEqual([{ action: 'iam:GetUser', decision: 'allowed', errorCode: null, resource: userArn('/', 'rita') }]);
      const bill = await getUser(reader, 'bill');
      expect(bill.outcome).toMatchObject({ error: 'AccessDenied' });
      expect(bill.events).toEqual([{ action: 'iam:GetUser', decision: 'denied', errorCode: 'AccessDenied', resource: userArn('/', 'bill') }]);
      expect(withRead).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it('a missing user: NoSuchEntity, recorded once as allowed then failed', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-missing', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }]);
    const reader = server.iam(key);
    for (let i = 0; i < 2; i++) {
      const ghost = await getUser(reader, 'ghost');
      expect(ghost.outcome).toMatchObject({ error: 'NoSuchEntityException', message: 'The user with name ghost cannot be found.' });
      expect(ghost.events).toEqual([{ action: 'iam:GetUser', decision: 'allowed', errorCode: 'NoSuchEntity', resource: userArn('/', 'ghost') }]);
    }
  });

  it('names differing in case find the user, as AWS does, under its stored ARN', async () => {
    const key = await server.fixtures.user(ACCOUNT, 'reader-case', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/plain` }] }]);
    const reader = server.iam(key);
    for (let i = 0; i < 2; i++) {
      const upper = await getUser(reader, 'PLAIN');
      expect(upper.outcome).toEqual({ arn: userArn('/', 'plain') });
      expect(upper.events).toEqual([{ action: 'iam:GetUser', decision: 'allowed', errorCode: null, resource: userArn('/', 'plain') }]);
    }
  });
});
