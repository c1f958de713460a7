/**
 * What every request passes before its route (front-door.ts), seen from outside with the real
 * SDK and plain HTTP: the request ID, the security headers, the access log, the client's address
 * behind a trusted reverse proxy (aws:SourceIp, the audit log) and oversized Query bodies.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startSdkServer, type Credentials, type SdkServer } from './sdk-server';

/** The server's log lines, parsed. */
const lines: Record<string, unknown>[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let proxied: SdkServer;
let direct: SdkServer;
let alice: Credentials & { arn: string };
let aliceDirect: Credentials & { arn: string };

/** GetUser is allowed only from 10.9.8.7, the address the proxy saw. */
const FROM_PROXY_CLIENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.9.8.7/32' } } }],
};

beforeAll(async () => {
  proxied = await startSdkServer('444455556666', { trustProxy: true, logger: pino({ level: 'info' }, logStream) });
  direct = await startSdkServer('777788889999');
  alice = await proxied.fixtures.user(proxied.accountId, 'alice', [FROM_PROXY_CLIENT]);
  aliceDirect = await direct.fixtures.user(direct.accountId, 'alice', [FROM_PROXY_CLIENT]);
});
afterAll(async () => {
  await proxied?.close();
  await direct?.close();
});

/** An IAM client whose requests carry X-Forwarded-For (as a reverse proxy adds it), signed with the rest. */
function behindProxy(server: SdkServer, credentials: Credentials, forwardedFor: string): IAMClient {
  const client = server.iam(credentials);
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-forwarded-for'] = forwardedFor;
      return next(args);
    },
    { step: 'build' },
  );
  return client;
}

describe('the front door', () => {
  it('gives Query API answers and console answers a request ID and the same security headers', async () => {
    const query = await fetch(proxied.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetUser&Version=2010-05-08' });
    const page = await fetch(`${proxied.endpoint}/api/health/live`);
    const xml = await query.text();
    expect(query.status).toBe(403);
    expect(query.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
    const requestId = query.headers.get('x-amzn-requestid');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
    expect(page.headers.get('x-amzn-requestid')).not.toBe(requestId);
    for (const res of [query, page]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('etag')).toBeNull();
    }
  });

  it('logs one access line per request, with its ID, path without the query, status and level; not /metrics', async () => {
    lines.length = 0;
    const ok = await behindProxy(proxied, alice, '10.9.8.7').send(new GetUserCommand({}));
    const refused = await fetch(`${proxied.endpoint}/?Action=GetUser&Version=2010-05-08&Secret=not-logged`);
    await fetch(`${proxied.endpoint}/metrics`);
    await fetch(`${proxied.endpoint}/api/health/live?probe=1`);
    await expect.poll(() => lines.filter((l) => l.msg === 'request completed').length).toBe(3);
    const access = lines.filter((l) => l.msg === 'request completed');
    expect(access.map((l) => l.req)).toEqual([
      { id: ok.$metadata.requestId, method: 'POST', url: '/' },
      { id: refused.headers.get('x-amzn-requestid'), method: 'GET', url: '/' },
      { id: expect.any(String), method: 'GET', url: '/api/health/live' },
    ]);
    expect(access.map((l) => [l.level, (l.res as { statusCode: number }).statusCode])).toEqual([
      [30, 200],
      [40, 403],
      [30, 200],
    ]);
    for (const line of access) expect(line.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('not-logged');
    expect(JSON.stringify(lines)).not.toContain('/metrics');
  });

  it("behind the trusted proxy, aws:SourceIp and the audit log's address are the proxy's last X-Forwarded-For entry", async () => {
    // The client wrote the first entry itself; the proxy appended the address it saw.
    const allowed = await behindProxy(proxied, alice, '1.2.3.4, 10.9.8.7').send(new GetUserCommand({}));
    expect(allowed.User?.UserName).toBe('alice');
    expect((await proxied.auditEvent(allowed.$metadata.requestId)).sourceIp).toBe('10.9.8.7');
    // A client claiming the allowed address in front of its real one gains nothing.
    await expect(behindProxy(proxied, alice, '10.9.8.7, 1.2.3.4').send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: the address is the connection’s', async () => {
    await expect(behindProxy(direct, aliceDirect, '10.9.8.7').send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers a Query body over 1 MB with 413 RequestEntityTooLarge in XML, before any other work', async () => {
    const res = await fetch(direct.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=ListUsers&Version=2010-05-08&Pad=${'x'.repeat(1_100_000)}` });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<Code>RequestEntityTooLarge</Code>');
    expect(xml).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
  });

  it("answers the JSON protocol's oversized and unsigned calls in its own shape", async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' };
    const large = await fetch(direct.endpoint, { method: 'POST', headers, body: JSON.stringify({ Pad: 'x'.repeat(1_100_000) }) });
    expect(large.status).toBe(413);
    expect(large.headers.get('content-type')).toBe('application/x-amz-json-1.1; charset=utf-8');
    expect(large.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLarge');
    expect(await large.json()).toMatchObject({ __type: 'RequestEntityTooLarge' });
    const unsigned = await fetch(direct.endpoint, { method: 'POST', headers, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unsigned.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    // An unknown key, through the real SDK: the name AWS's JSON services answer.
    const organizations = new OrganizationsClient({ endpoint: direct.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 });
    await expect(organizations.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
  });
});
