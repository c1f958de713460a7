/**
 * Sign-in throttling (security issue #12, finding 15): attempts are counted in PostgreSQL before
 * the password is checked, so parallel guesses cannot exceed the limit, replicas share the
 * count, and one user's lock does not lock out the others behind the same address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { App } from '../../src/app';
import { createApp } from '../../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../../src/crypto/secrets';
import { createLogger } from '../../src/logger';
import { addressKey, DEFAULT_THROTTLE_LIMITS, FailedSignInThrottle } from '../../src/auth/throttle';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { createTestApp } from '../test-app';
import { rootClient, type ConsoleClient } from '../console-client';

const ACCOUNT = '210987654321';
const PASSWORD = 'Right-Password-1!';
const USER_LIMIT = DEFAULT_THROTTLE_LIMITS.user.attempts;

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase({ seed: false });
  app = createTestApp(database).app;
  root = await rootClient(app, ACCOUNT);
});
afterAll(async () => database?.drop());

async function createUser(name: string): Promise<void> {
  await root.ok('iam', 'CreateUser', { UserName: name });
  await root.ok('iam', 'CreateLoginProfile', { UserName: name, Password: PASSWORD });
}

const signIn = (target: App, userName: string, password: string, forwardedFor?: string) => {
  const req = request(target).post('/api/session');
  if (forwardedFor) req.set('x-forwarded-for', forwardedFor);
  return req.send({ kind: 'iam', account: ACCOUNT, userName, password });
};

/** How many replies had each error code (200 for a session). */
function tally(replies: request.Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) {
    const code = r.status === 200 ? '200' : (r.body.error?.code as string);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

describe('per user', () => {
  it('checks at most the limit of 20 parallel wrong passwords, refuses the rest with Throttling (429), and then the right one too', async () => {
    await createUser('target');
    const replies = await Promise.all(Array.from({ length: 20 }, () => signIn(app, 'target', 'Wrong-Password-1!')));
    expect(tally(replies)).toEqual({ InvalidCredentials: USER_LIMIT, Throttling: 20 - USER_LIMIT });
    const throttled = replies.find((r) => r.status === 429)!;
    expect(throttled.body.error.message).toBe('Too many sign-in attempts. Wait 5 minutes and try again.');
    // Blocked: even the right password is not checked.
    expect((await signIn(app, 'target', PASSWORD)).status).toBe(429);
  });

  it('does not lock out another user behind the same address', async () => {
    await createUser('colleague');
    expect((await signIn(app, 'colleague', PASSWORD)).status).toBe(200);
  });

  it('treats an unknown user like a known one (same limit, same refusal)', async () => {
    const replies = [];
    for (let i = 0; i <= USER_LIMIT; i++) replies.push(await signIn(app, 'nobody-here', 'Wrong-Password-1!'));
    expect(tally(replies)).toEqual({ InvalidCredentials: USER_LIMIT, Throttling: 1 });
  });

  it('starts counting again after a successful sign-in', async () => {
    await createUser('typist');
    for (let i = 0; i < USER_LIMIT - 1; i++) expect((await signIn(app, 'typist', 'Wrong-Password-1!')).status).toBe(401);
    expect((await signIn(app, 'typist', PASSWORD)).status).toBe(200);
    const again = [];
    for (let i = 0; i < USER_LIMIT - 1; i++) again.push(await signIn(app, 'typist', 'Wrong-Password-1!'));
    expect(tally(again)).toEqual({ InvalidCredentials: USER_LIMIT - 1 });
    expect((await signIn(app, 'typist', PASSWORD)).status).toBe(200);
  });

  it('counts the account alias and the account ID as one user', async () => {
    await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'throttle-corp' });
    await createUser('aliased');
    for (let i = 0; i < USER_LIMIT; i++) {
      const account = i % 2 === 0 ? 'throttle-corp' : ACCOUNT;
      expect((await request(app).post('/api/session').send({ kind: 'iam', account, userName: 'ALIASED', password: 'Wrong-Password-1!' })).status).toBe(401);
    }
    expect((await request(app).post('/api/session').send({ kind: 'iam', account: 'throttle-corp', userName: 'aliased', password: PASSWORD })).status).toBe(429);
  });

  it('lets one attempt through when a block ends, and doubles the next block', async () => {
    await createUser('persistent');
    for (let i = 0; i < USER_LIMIT; i++) await signIn(app, 'persistent', 'Wrong-Password-1!');
    const key = `user:${ACCOUNT}:persistent`;
    const blockOf = async () => {
      const [row] = await database.db.$queryRaw<{ ms: number }[]>`SELECT (extract(epoch FROM ("blockedUntil" - "updatedAt")) * 1000)::int AS ms FROM "SignInAttempt" WHERE "key" = ${key}`;
      return row!.ms;
    };
    expect(await blockOf()).toBe(DEFAULT_THROTTLE_LIMITS.user.blockMs);
    // The block ends (moved into the past, as time passing would).
    await database.db.$executeRaw`UPDATE "SignInAttempt" SET "blockedUntil" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "key" = ${key}`;
    expect((await signIn(app, 'persistent', 'Wrong-Password-1!')).status).toBe(401);
    expect(await blockOf()).toBe(2 * DEFAULT_THROTTLE_LIMITS.user.blockMs);
    expect((await signIn(app, 'persistent', PASSWORD)).status).toBe(429);
  });
});

describe('across replicas', () => {
  it('shares one count between two app instances on the same database', async () => {
    await createUser('roaming');
    const other = createTestApp(database).app;
    for (let i = 0; i < USER_LIMIT; i++) expect((await signIn(i % 2 === 0 ? app : other, 'roaming', 'Wrong-Password-1!')).status).toBe(401);
    expect((await signIn(app, 'roaming', PASSWORD)).status).toBe(429);
    expect((await signIn(other, 'roaming', PASSWORD)).status).toBe(429);
  });
});

describe('per address', () => {
  it('limits one address across many users, without counting its successes or other addresses', async () => {
    const ipLimit = { ...DEFAULT_THROTTLE_LIMITS.ip, attempts: 6 };
    const throttled = createApp({ db: database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), trustProxy: true, throttle: new FailedSignInThrottle({ ip: ipLimit }) });
    await createUser('office-1');
    // Successes give their attempt back: many colleagues signing in never block the address.
    for (let i = 0; i < 8; i++) expect((await signIn(throttled, 'office-1', PASSWORD, '203.0.113.7')).status).toBe(200);
    // One client guessing a different user each time is stopped at the address's limit.
    const guesses = [];
    for (let i = 0; i < 8; i++) guesses.push(await signIn(throttled, `sprayed-${i}`, 'Wrong-Password-1!', '203.0.113.7'));
    expect(tally(guesses)).toEqual({ InvalidCredentials: ipLimit.attempts, Throttling: 8 - ipLimit.attempts });
    expect((await signIn(throttled, 'office-1', PASSWORD, '203.0.113.7')).status).toBe(429);
    // Another address is not affected.
    expect((await signIn(throttled, 'office-1', PASSWORD, '198.51.100.9')).status).toBe(200);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('ip:2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('ip:192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('ip:192.0.2.1');
  });
});
