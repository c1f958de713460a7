/**
 * SECURITY (issue #12, finding 3): EC2 Describe* filters cannot stall the server. Wildcard
 * values are matched by the policy engine's matcher, not a backtracking RegExp; EC2's limits
 * (200 filter values per call, 255 characters each) are enforced with EC2's FilterLimitExceeded
 * in EC2's XML; and the matching work of one call is bounded even against rows written to be
 * the matcher's worst case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { CreateSnapshotCommand, DescribeImagesCommand, DescribeSnapshotsCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { startSdkServer, type SdkServer } from '../sdk-server';

let server: SdkServer;
let ec2: EC2Client;
const LONG_NAME = 'a'.repeat(128);

/** A signed EC2 Query API call with `Filter.N.Name` / `Filter.N.Value.M`; the raw reply. */
async function describeImages(filters: { Name: string; Values: string[] }[]): Promise<{ status: number; body: string }> {
  const params = new URLSearchParams({ Action: 'DescribeImages', Version: '2016-11-15', 'Owner.1': 'self' });
  filters.forEach((f, n) => {
    params.append(`Filter.${n + 1}.Name`, f.Name);
    f.Values.forEach((v, m) => params.append(`Filter.${n + 1}.Value.${m + 1}`, v));
  });
  const body = params.toString();
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service: 'ec2', region: 'us-east-1', credentials: server.root, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const { host: _host, ...headers } = signed.headers;
  const res = await fetch(server.endpoint, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

/** EC2's error document: `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…`. */
const ec2ErrorXml = (code: string, message: string) =>
  new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\s*<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>[^<]+</RequestID></Response>$`);

const names = async (filters: { Name: string; Values: string[] }[]) =>
  ((await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: filters }))).Images ?? []).map((i) => i.Name);

beforeAll(async () => {
  server = await startSdkServer('111122223333');
  ec2 = server.ec2(server.root);
  const { SnapshotId } = await ec2.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' }));
  for (const Name of [LONG_NAME, 'web-server']) {
    await ec2.send(new RegisterImageCommand({ Name, RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId } }] }));
  }
});
afterAll(async () => server?.close());

describe('wildcard matching', () => {
  it('answers a backtracking pattern against a long name at once, matching as EC2 does', async () => {
    // As a RegExp (^.*a.*a…b$) this takes exponential time on 128 `a`s: the old code never answered.
    expect(await names([{ Name: 'name', Values: ['*a*a*a*a*a*a*a*a*a*b'] }])).toEqual([]);
    expect(await names([{ Name: 'name', Values: ['*a*a*a*a*a*a*a*a*a*a'] }])).toEqual([LONG_NAME]);
    expect(await names([{ Name: 'name', Values: ['web-?erver', 'nothing*'] }])).toEqual(['web-server']);
    expect(await names([{ Name: 'name', Values: ['WEB-*'] }])).toEqual([]); // case-sensitive
    expect(await names([{ Name: 'name', Values: ['web.server'] }])).toEqual([]); // `.` is literal
  });
});

describe("EC2's filter limits", () => {
  const values = (n: number) => Array.from({ length: n }, (_, i) => `value-${i}`);

  it('refuses more than 200 filter values on one call, across filters, with FilterLimitExceeded', async () => {
    const message = 'The maximum number of filter values specified on a single call is 200';
    let reply = await describeImages([{ Name: 'name', Values: values(201) }]);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(ec2ErrorXml('FilterLimitExceeded', message));
    reply = await describeImages([
      { Name: 'name', Values: values(101) },
      { Name: 'image-id', Values: values(100) },
    ]);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(ec2ErrorXml('FilterLimitExceeded', message));
    // The SDK reads it as EC2's error.
    await expect(ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: values(201) }] }))).rejects.toMatchObject({ name: 'FilterLimitExceeded', message, $metadata: { httpStatusCode: 400 } });
    // Exactly 200 is allowed.
    expect(await names([{ Name: 'name', Values: [...values(199), 'web-server'] }])).toEqual(['web-server']);
  });

  it('refuses a filter value over 255 characters with FilterLimitExceeded', async () => {
    const reply = await describeImages([{ Name: 'name', Values: ['x'.repeat(256)] }]);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(ec2ErrorXml('FilterLimitExceeded', 'The maximum length for a filter value is 255 characters'));
    expect(await names([{ Name: 'name', Values: ['*'.repeat(255)] }])).toEqual(expect.arrayContaining([LONG_NAME, 'web-server']));
  });
});

describe('matching work', () => {
  it("refuses wildcard values that would read every tag of a row thousands of times, and still answers ordinary ones", async () => {
    // A read-write user's own snapshot, tagged as the matcher's worst case: 50 values of 256 `a`s.
    const Tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'a'.repeat(256) }));
    const { SnapshotId } = await ec2.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', TagSpecifications: [{ ResourceType: 'snapshot', Tags }] }));
    // Each value retries ~128 positions × 128 characters on each of the 50 tags: 200 of them
    // would read about 160 million characters for this one row.
    const hostile = Array.from({ length: 200 }, (_, i) => `*${'a'.repeat(127)}${String.fromCharCode(98 + (i % 20))}`);
    await expect(ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag-value', Values: hostile }] }))).rejects.toMatchObject({
      name: 'FilterLimitExceeded',
      message: expect.stringContaining('take too long to evaluate'),
    });
    const found = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag-value', Values: ['*aaaa*', 'b*'] }, { Name: 'tag:k7', Values: ['a*a'] }] }));
    expect(found.Snapshots?.map((s) => s.SnapshotId)).toEqual([SnapshotId]);
  });
});
