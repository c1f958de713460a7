/**
 * Issue #16: GET /metrics in Prometheus's text format. After real AWS SDK calls and console
 * sign-ins over HTTP, the scrape shows the counters moving with the right labels; and only those
 * allowed may scrape (the bearer token when PORTCULLIS_METRICS_TOKEN is set, else loopback only).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, ListGroupsCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger } from '../src/logger';
import { outcomeOf } from '../src/metrics';
import { AwsError, serviceUnavailable } from '../src/errors';
import { startSdkServer, type SdkServer } from './sdk-server';

const ACCOUNT = '864213579086';
const TOKEN = 'metrics-token-0123456789abcdef';

let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer(ACCOUNT);
});

afterAll(async () => {
  await server?.close();
});

type Labels = Record<string, string>;

/** Parses Prometheus's text format into samples (metric name, labels, value). */
function parse(text: string): { name: string; labels: Labels; value: number }[] {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(endpoint = server.endpoint): Promise<{ text: string; value(name: string, labels?: Labels): number }> {
  const res = await fetch(`${endpoint}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  const text = await res.text();
  const samples = parse(text);
  return {
    text,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.keys(labels).length === Object.keys(s.labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0),
  };
}

async function signIn(password: string): Promise<number> {
  const res = await fetch(`${server.endpoint}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'root', email: `root@${ACCOUNT}.example.com`, password }),
  });
  return res.status;
}

describe('GET /metrics', () => {
  it('counts requests by action and outcome, latencies, authorization decisions and sign-in failures', async () => {
    const before = await scrape();
    const root = server.iam(server.root);
    await root.send(new CreateUserCommand({ UserName: 'bob' }));
    await root.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await expect(root.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    const alice = server.iam(await server.fixtures.user(ACCOUNT, 'alice', [{ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }] }]));
    await expect(alice.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(alice.send(new ListGroupsCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    // Six wrong passwords for one user: refused, then throttled (5 attempts per window).
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await signIn('Wrong-Password-1'));
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);

    const after = await scrape();
    const delta = (name: string, labels?: Labels) => after.value(name, labels) - before.value(name, labels);
    const requests = 'portcullis_requests_total';
    expect(delta(requests, { service: 'iam', action: 'CreateUser', outcome: 'success' })).toBe(1);
    expect(delta(requests, { service: 'iam', action: 'CreateAccessKey', outcome: 'success' })).toBe(1);
    expect(delta(requests, { service: 'iam', action: 'GetUser', outcome: 'client_error' })).toBe(1);
    expect(delta(requests, { service: 'iam', action: 'ListUsers', outcome: 'client_error' })).toBe(1);
    expect(delta(requests, { service: 'iam', action: 'ListGroups', outcome: 'client_error' })).toBe(1);
    expect(delta(requests, { service: 'iam', action: 'CreateUser', outcome: 'server_error' })).toBe(0);
    expect(delta('portcullis_request_duration_seconds_count', { service: 'iam', action: 'CreateUser' })).toBe(1);
    expect(delta('portcullis_request_duration_seconds_bucket', { service: 'iam', action: 'CreateUser', le: '+Inf' })).toBe(1);
    expect(delta('portcullis_request_duration_seconds_sum', { service: 'iam', action: 'CreateUser' })).toBeGreaterThan(0);

    const decisions = 'portcullis_authorization_decisions_total';
    expect(delta(decisions, { decision: 'explicit_deny' })).toBe(1);
    expect(delta(decisions, { decision: 'implicit_deny' })).toBe(1);
    expect(delta(decisions, { decision: 'allow' })).toBeGreaterThanOrEqual(3);

    const failures = 'portcullis_console_sign_in_failures_total';
    expect(delta(failures, { reason: 'invalid_credentials' })).toBe(statuses.filter((s) => s === 401).length);
    expect(delta(failures, { reason: 'throttled' })).toBe(statuses.filter((s) => s === 429).length);
    expect(delta(failures, { reason: 'invalid_mfa_code' })).toBe(0);

    // Every signed request looks its access key up; alice's requests look her policies up.
    const lookups = (cache: string) => delta('portcullis_authz_cache_lookups_total', { cache, result: 'hit' }) + delta('portcullis_authz_cache_lookups_total', { cache, result: 'miss' });
    expect(lookups('access_keys')).toBeGreaterThanOrEqual(5);
    expect(lookups('policies')).toBeGreaterThanOrEqual(2);

    // Database pool, audit queue and the process, declared for every scrape.
    expect(after.value('portcullis_db_pool_max_connections')).toBeGreaterThanOrEqual(3);
    expect(after.value('portcullis_db_pool_connections')).toBeGreaterThan(0);
    expect(after.value('portcullis_db_pool_waiting_requests')).toBe(0);
    expect(after.value('portcullis_audit_queue_depth')).toBe(0);
    for (const declared of [
      '# TYPE portcullis_authz_cache_lookups_total counter',
      '# TYPE portcullis_authz_cache_invalidations_total counter',
      '# TYPE portcullis_db_pool_idle_connections gauge',
      '# TYPE portcullis_request_duration_seconds histogram',
      '# TYPE process_cpu_user_seconds_total counter',
      '# TYPE process_resident_memory_bytes gauge',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
    ]) {
      expect(after.text).toContain(declared);
    }
  });

  it('names outcomes: throttling and server failures apart from client errors', () => {
    expect(outcomeOf(undefined)).toBe('success');
    expect(outcomeOf(new AwsError('Throttling', 'Rate exceeded', 400))).toBe('throttled');
    expect(outcomeOf(new AwsError('TooManyRequests', 'slow down', 429))).toBe('throttled');
    expect(outcomeOf(serviceUnavailable())).toBe('server_error');
    expect(outcomeOf(new Error('a bug'))).toBe('server_error');
    expect(outcomeOf(new AwsError('NoSuchEntity', 'gone', 404))).toBe('client_error');
  });

  describe('access', () => {
    let tokenServer: Server;
    let tokenEndpoint: string;

    beforeAll(async () => {
      const app = createApp({ db: server.database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), metricsToken: TOKEN });
      tokenServer = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      tokenEndpoint = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      tokenServer?.closeAllConnections();
      await new Promise((resolve) => tokenServer?.close(resolve));
    });

    it('with a token, requires it as a bearer token, from loopback too', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Bearer ${TOKEN}x`, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN]) {
        const res = await fetch(`${tokenEndpoint}/metrics`, { headers: authorization ? { authorization } : {} });
        expect(res.status, String(authorization)).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portcullis-metrics"');
        expect(await res.text()).not.toContain('portcullis_requests_total');
      }
      const res = await fetch(`${tokenEndpoint}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE portcullis_requests_total counter');
    });

    it('without a token, serves loopback connections only, never one relayed by a proxy', async () => {
      expect((await fetch(`${server.endpoint}/metrics`)).status).toBe(200);
      for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
        const res = await fetch(`${server.endpoint}/metrics`, { headers: { [header]: header === 'forwarded' ? 'for=127.0.0.1' : '127.0.0.1' } });
        expect(res.status, header).toBe(403);
        expect(await res.text()).toContain('PORTCULLIS_METRICS_TOKEN');
      }
    });

    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    it.skipIf(!external)('without a token, refuses a connection from another address', async () => {
      const app = createApp({ db: server.database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent') });
      const open = await new Promise<Server>((resolve) => {
        const s = app.listen(0, external!, () => resolve(s));
      });
      try {
        const res = await fetch(`http://${external}:${(open.address() as AddressInfo).port}/metrics`);
        expect(res.status).toBe(403);
      } finally {
        open.closeAllConnections();
        await new Promise((resolve) => open.close(resolve));
      }
    });
  });
});
