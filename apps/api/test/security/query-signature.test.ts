/**
 * Security issue #12, finding 8: the Query API reads only the parameters its signature covers.
 * A holder of a signed request must not be able to add or replace parameters — through the body
 * (SigV4 payload hash, presigned UNSIGNED-PAYLOAD, a SigV2 body of another Content-Type), through
 * duplicate names, or through names that land on the same field. Unsigned requests are
 * rate-limited per source IP; the JSON protocol's action header must be signed.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, ListAttachedUserPoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { startSdkServer, type SdkServer } from '../sdk-server';
import { addressKey, RateLimiter } from '../../src/protocols/query/anonymous-rate-limit';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

let server: SdkServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startSdkServer('123412341234');
  iam = server.iam(server.root);
});
afterAll(async () => server?.close());

const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const form = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
const attach = (userName: string, policyArn?: string) => ({ Action: 'AttachUserPolicy', Version: '2010-05-08', UserName: userName, ...(policyArn ? { PolicyArn: policyArn } : {}) });

async function newUser(name: string) {
  await iam.send(new CreateUserCommand({ UserName: name }));
}
async function attached(userName: string) {
  return ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies ?? []).map((p) => p.PolicyArn);
}

function signer(service = 'iam') {
  return new SignatureV4({ service, region: 'us-east-1', credentials: server.root, sha256: Hash.bind(null, 'sha256') });
}

/** Signs a POST / with the SDK's signer, as the SDKs send Query calls. */
async function signPost(body: string, options: { query?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const url = new URL(server.endpoint);
  const signed = await signer().sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: options.query ?? {}, headers: { host: url.host, 'content-type': FORM, ...options.headers }, body });
  return signed.headers as Record<string, string>;
}

async function send(method: string, query: string, headers: Record<string, string>, body?: string) {
  const sent = { ...headers };
  delete sent.host;
  const res = await fetch(`${server.endpoint}/${query ? `?${query}` : ''}`, { method, headers: sent, body });
  return { status: res.status, text: await res.text() };
}

describe('SigV4 (Authorization header): the body is ours to hash', () => {
  it('refuses a signed AttachUserPolicy whose PolicyArn was replaced or duplicated, even with the client hash header left as signed', async () => {
    await newUser('sigv4-victim');
    const body = form(attach('sigv4-victim', READ_ONLY));
    const headers = await signPost(body, { headers: { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') } });
    const replaced = await send('POST', '', headers, body.replace(encode(READ_ONLY), encode(ADMIN)));
    expect(replaced.status).toBe(403);
    expect(replaced.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    // A second PolicyArn appended to the body, or to the (signed) query string.
    const appended = await send('POST', '', headers, `${body}&PolicyArn=${encode(ADMIN)}`);
    expect(appended.status).toBe(400);
    expect(appended.text).toContain('<Code>InvalidQueryParameter</Code>');
    const inQuery = await send('POST', `PolicyArn=${encode(ADMIN)}`, headers, body);
    expect(inQuery.status).toBe(400);
    const otherInQuery = await send('POST', `MaxItems=1`, headers, body);
    expect(otherInQuery.status).toBe(403);
    expect(await attached('sigv4-victim')).toEqual([]);
    expect((await send('POST', '', headers, body)).status).toBe(200);
    expect(await attached('sigv4-victim')).toEqual([READ_ONLY]);
  });

  it('refuses UNSIGNED-PAYLOAD in the Authorization-header form', async () => {
    await newUser('sigv4-unsigned');
    const body = form(attach('sigv4-unsigned', ADMIN));
    const headers = await signPost(body, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const res = await send('POST', '', headers, body);
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await attached('sigv4-unsigned')).toEqual([]);
  });
});

describe('presigned SigV4: only a signed body hash covers a body', () => {
  async function presign(method: string, query: Record<string, string>, headers: Record<string, string> = {}, body?: string) {
    const url = new URL(server.endpoint);
    const presigned = await signer().presign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host, ...headers }, body }, { expiresIn: 300 });
    return new URLSearchParams(presigned.query as Record<string, string>).toString();
  }

  it('refuses a presigned UNSIGNED-PAYLOAD URL sent with body parameters', async () => {
    await newUser('presigned-victim');
    // botocore's presigner signs UNSIGNED-PAYLOAD (X-Amz-Content-Sha256 hoisted into the query).
    const query = await presign('POST', attach('presigned-victim'), { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' });
    expect(query).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
    const res = await send('POST', query, { 'content-type': FORM }, `PolicyArn=${encode(ADMIN)}`);
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await attached('presigned-victim')).toEqual([]);
  });

  it('still accepts an UNSIGNED-PAYLOAD URL with no body, and a body covered by the signed hash', async () => {
    const unsignedGet = await presign('GET', { Action: 'GetUser', Version: '2010-05-08' }, { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' });
    expect((await send('GET', unsignedGet, {})).status).toBe(200);
    await newUser('presigned-body');
    const body = form(attach('presigned-body', READ_ONLY));
    const query = await presign('POST', {}, { 'content-type': FORM }, body);
    expect((await send('POST', query, { 'content-type': FORM }, body.replace(encode(READ_ONLY), encode(ADMIN)))).status).toBe(403);
    expect((await send('POST', query, { 'content-type': FORM }, body)).status).toBe(200);
    expect(await attached('presigned-body')).toEqual([READ_ONLY]);
  });
});

describe('SigV2: parameters come from a form body only', () => {
  /** A SigV2-signed POST whose parameters are all in the query string (the body is then signed by nothing). */
  function sigV2Query(params: Record<string, string>) {
    const url = new URL(server.endpoint);
    const all: Record<string, string> = { ...params, AWSAccessKeyId: server.root.accessKeyId, SignatureVersion: '2', SignatureMethod: 'HmacSHA256', Timestamp: new Date().toISOString() };
    const canonical = Object.keys(all).sort().map((k) => `${encode(k)}=${encode(all[k]!)}`).join('&');
    const signature = createHmac('sha256', server.root.secretAccessKey).update(`POST\n${url.host}\n/\n${canonical}`).digest('base64');
    return `${canonical}&Signature=${encode(signature)}`;
  }

  it('does not take parameters from a body of another Content-Type', async () => {
    await newUser('sigv2-victim');
    const query = sigV2Query(attach('sigv2-victim', READ_ONLY));
    const tampered = await send('POST', query, { 'content-type': 'text/plain' }, `PolicyArn=${encode(ADMIN)}`);
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('<Code>InvalidQueryParameter</Code>');
    expect(await attached('sigv2-victim')).toEqual([]);
    // A form body is what SigV2 signs: parameters added there break the signature.
    const asForm = await send('POST', query, { 'content-type': FORM }, `Tags.member.1.Key=${encode('x')}`);
    expect(asForm.status).toBe(403);
    expect((await send('POST', query, {})).status).toBe(200);
    expect(await attached('sigv2-victim')).toEqual([READ_ONLY]);
  });
});

describe('duplicate parameters', () => {
  it('refuses a name given twice — in the body, across query and body — or two names for one field', async () => {
    await newUser('dup-victim');
    const body = form(attach('dup-victim', READ_ONLY));
    const twiceInBody = await send('POST', '', await signPost(`${body}&PolicyArn=${encode(ADMIN)}`), `${body}&PolicyArn=${encode(ADMIN)}`);
    expect(twiceInBody.status).toBe(400);
    expect(twiceInBody.text).toContain('<Code>InvalidQueryParameter</Code>');
    expect(twiceInBody.text).toContain('The parameter PolicyArn appears more than once in the request.');
    const acrossQueryAndBody = await send('POST', `PolicyArn=${encode(ADMIN)}`, await signPost(body, { query: { PolicyArn: ADMIN } }), body);
    expect(acrossQueryAndBody.status).toBe(400);
    expect(acrossQueryAndBody.text).toContain('<Code>InvalidQueryParameter</Code>');
    // `PolicyArn.member` decodes to the same field as `PolicyArn`.
    const sameField = `${body}&PolicyArn.member=${encode(ADMIN)}`;
    const collision = await send('POST', '', await signPost(sameField), sameField);
    expect(collision.status).toBe(400);
    expect(collision.text).toContain('<Code>InvalidQueryParameter</Code>');
    expect(await attached('dup-victim')).toEqual([]);
  });

  it('refuses __proto__ in a parameter name (unsigned calls reach the decoder) and leaves Object.prototype alone', async () => {
    const body = form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: 'arn:aws:iam::123412341234:role/none', RoleSessionName: 'session', WebIdentityToken: 'x'.repeat(20), '__proto__.pollutedByQuery': 'yes' });
    try {
      const res = await send('POST', '', { 'content-type': FORM }, body);
      expect(({} as Record<string, unknown>).pollutedByQuery).toBeUndefined();
      expect(res.status).toBe(400);
      expect(res.text).toContain('<Code>InvalidQueryParameter</Code>');
    } finally {
      // Should it ever regress, do not leave the test process polluted for the tests after it.
      delete (Object.prototype as Record<string, unknown>).pollutedByQuery;
    }
  });
});

describe('JSON protocol: the action header must be signed', () => {
  async function listAccounts(unsignableHeaders?: Set<string>) {
    const url = new URL(server.endpoint);
    const signed = await signer('organizations').sign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' }, body: '{}' },
      { unsignableHeaders },
    );
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers.host;
    return fetch(server.endpoint, { method: 'POST', headers, body: '{}' });
  }

  it('refuses a request whose X-Amz-Target is not a signed header', async () => {
    const unsigned = await listAccounts(new Set(['x-amz-target']));
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({ __type: 'IncompleteSignatureException', message: "'X-Amz-Target' must be a signed header." });
    expect((await listAccounts()).status).toBe(200);
  });
});

describe('rate limit on unsigned requests', () => {
  it('a token bucket per key: a burst, then the sustained rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now += 500;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  });

  it('limits an IPv4 address, and an IPv6 address by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('answers Throttling to a flood of unsigned AssumeRoleWithWebIdentity calls before they are dispatched and audited; signed calls go on', async () => {
    const action = 'sts:AssumeRoleWithWebIdentity';
    const before = await server.database.db.auditEvent.count({ where: { action } });
    const body = form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: 'arn:aws:iam::123412341234:role/none', RoleSessionName: 'flood', WebIdentityToken: 'x'.repeat(20) });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 150 }, () => send('POST', '', { 'content-type': FORM }, body)));
    const seconds = (performance.now() - started) / 1000;
    const throttled = results.filter((r) => r.status === 400 && r.text.includes('<Code>Throttling</Code>') && r.text.includes('<Message>Rate exceeded</Message>'));
    const served = results.length - throttled.length;
    expect(throttled.length).toBeGreaterThan(0);
    // Default limit: bursts of 40, then 20 a second.
    expect(served).toBeLessThanOrEqual(40 + Math.ceil(seconds * 20) + 1);
    expect(results.filter((r) => r.status !== 400 || !r.text.includes('Throttling')).every((r) => r.text.includes('<Code>AccessDenied</Code>'))).toBe(true);
    // Only the calls let through were dispatched, each with its audit event.
    expect(await server.database.db.auditEvent.count({ where: { action } })).toBe(before + served);
    expect((await send('POST', '', await signPost(form({ Action: 'GetUser', Version: '2010-05-08' })), form({ Action: 'GetUser', Version: '2010-05-08' }))).status).toBe(200);
  });
});
