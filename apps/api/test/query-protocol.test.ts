/**
 * The AWS Query API with the real AWS SDK for JavaScript v3: SigV4 signing, XML shapes,
 * pagination, errors as the SDK's named exceptions; and tampered requests refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAccountSummaryCommand, CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand, NoSuchEntityException, EntityAlreadyExistsException, paginateListUsers, DeleteUserCommand, TagUserCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { startSdkServer, type SdkServer } from './sdk-server';

let server: SdkServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startSdkServer();
  iam = server.iam(server.root);
});
afterAll(async () => server?.close());

describe('IAM through the SDK', () => {
  it('creates, gets and deletes a user', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'sdk-user', Path: '/sdk/', Tags: [{ Key: 'env', Value: 'true' }] }));
    expect(created.User).toMatchObject({ UserName: 'sdk-user', Path: '/sdk/', Arn: `arn:aws:iam::${server.accountId}:user/sdk/sdk-user` });
    expect(created.User?.CreateDate).toBeInstanceOf(Date);
    expect(created.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const got = await iam.send(new GetUserCommand({ UserName: 'sdk-user' }));
    expect(got.User?.UserId).toBe(created.User?.UserId);
    // A tag value "true" stays a string: the schema guides the Query protocol's coercion.
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'sdk-user' }))).Tags).toEqual([{ Key: 'env', Value: 'true' }]);
    await iam.send(new DeleteUserCommand({ UserName: 'sdk-user' }));
    await expect(iam.send(new GetUserCommand({ UserName: 'sdk-user' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it('surfaces errors as the SDK named exceptions with AWS messages', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'twice' }));
    const error = await iam.send(new CreateUserCommand({ UserName: 'TWICE' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityAlreadyExistsException);
    expect((error as Error).message).toBe('User with name TWICE already exists.');
    const invalid = await iam.send(new CreateUserCommand({ UserName: 'bad name' })).catch((e: { name: string; $metadata: { httpStatusCode: number } }) => e);
    expect(invalid).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });

  it('writes maps as AWS does (GetAccountSummary SummaryMap)', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap?.UsersQuota).toBe(5000);
    expect(SummaryMap?.GroupsPerUserQuota).toBe(10);
    expect(typeof SummaryMap?.Users).toBe('number');
  });

  it('pages with the SDK paginator', async () => {
    for (let i = 0; i < 7; i++) await iam.send(new CreateUserCommand({ UserName: `page-${i}`, Path: '/paged/' }));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListUsers({ client: iam, pageSize: 3 }, { PathPrefix: '/paged/' })) {
      pages++;
      names.push(...(page.Users ?? []).map((u) => u.UserName!));
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
  });
});

describe('authentication', () => {
  it('refuses an unknown key, a wrong secret, and no signature at all', async () => {
    const unknown = server.iam({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: server.root.secretAccessKey });
    await expect(unknown.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    const wrong = server.iam({ accessKeyId: server.root.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    await expect(wrong.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListUsers&Version=2010-05-08' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  async function signedRequest(body: string, when = new Date()) {
    const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: server.root, sha256: Hash.bind(null, 'sha256') });
    const url = new URL(server.endpoint);
    return signer.sign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
      { signingDate: when },
    );
  }
  async function send(request: { headers: Record<string, string>; body?: unknown }, body = request.body as string) {
    const headers = { ...request.headers };
    delete headers.host;
    return fetch(server.endpoint, { method: 'POST', headers, body });
  }

  it('accepts an untouched signed request, refuses a changed body, header, date or signature', async () => {
    const body = 'Action=ListUsers&Version=2010-05-08';
    const signed = await signedRequest(body);
    expect((await send(signed)).status).toBe(200);
    // A changed body, even with the client's own payload hash header left as it was.
    const tampered = await send(signed, 'Action=ListUsers&Version=2010-05-08&MaxItems=1');
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    const changedHeader = await send({ ...signed, headers: { ...signed.headers, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(changedHeader.status).toBe(403);
    const changedDate = await send({ ...signed, headers: { ...signed.headers, 'x-amz-date': '20200101T000000Z' } });
    expect(changedDate.status).toBe(403);
    const badSig = await send({ ...signed, headers: { ...signed.headers, authorization: signed.headers.authorization!.replace(/Signature=[0-9a-f]{4}/, 'Signature=0000') } });
    expect(badSig.status).toBe(403);
    expect(await badSig.text()).toContain('SignatureDoesNotMatch');
  });

  it('refuses a replay outside the 15-minute clock skew', async () => {
    const old = await signedRequest('Action=ListUsers&Version=2010-05-08', new Date(Date.now() - 16 * 60 * 1000));
    const res = await send(old);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/SignatureDoesNotMatch[\s\S]*Signature expired/);
  });

  it('refuses an inactive key', async () => {
    const key = await server.fixtures.user(server.accountId, 'inactive-key-owner', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]);
    await server.database.db.accessKey.update({ where: { id: key.accessKeyId }, data: { status: 'Inactive' } });
    await expect(server.iam(key).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await server.database.db.accessKey.update({ where: { id: key.accessKeyId }, data: { status: 'Active' } });
    await new Promise((r) => setTimeout(r, 50));
    // Unknown and inactive answers are not cached: the key works as soon as it is active.
    await expect(server.iam(key).send(new ListUsersCommand({}))).resolves.toBeDefined();
  });

  it('answers an unknown action with InvalidAction', async () => {
    const signed = await signedRequest('Action=NoSuchThing&Version=2010-05-08');
    const res = await send(signed);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('tags through the Query encoding of lists', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tagged' }));
    await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }]);
  });
});

describe('other signing forms', () => {
  it('accepts a SigV4 presigned GET and refuses it once expired', async () => {
    const signer = new SignatureV4({ service: 'iam', region: 'eu-west-3', credentials: server.root, sha256: Hash.bind(null, 'sha256') });
    const url = new URL(server.endpoint);
    const presigned = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: { Action: 'ListUsers', Version: '2010-05-08', MaxItems: '1' }, headers: { host: url.host } },
      { expiresIn: 60 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const ok = await fetch(`${server.endpoint}/?${query}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<ListUsersResult>');
    server.setClockOffset(61_000);
    try {
      expect((await fetch(`${server.endpoint}/?${query}`)).status).toBe(403);
    } finally {
      server.setClockOffset(0);
    }
  });

  it('accepts Signature Version 2 query signing (HmacSHA256) and refuses a wrong one', async () => {
    const { createHmac } = await import('node:crypto');
    const url = new URL(server.endpoint);
    const params: Record<string, string> = {
      Action: 'GetUser',
      Version: '2010-05-08',
      AWSAccessKeyId: server.root.accessKeyId,
      SignatureVersion: '2',
      SignatureMethod: 'HmacSHA256',
      Timestamp: new Date().toISOString(),
    };
    const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const canonical = Object.keys(params).sort().map((k) => `${encode(k)}=${encode(params[k]!)}`).join('&');
    const signature = createHmac('sha256', server.root.secretAccessKey).update(`GET\n${url.host}\n/\n${canonical}`).digest('base64');
    const ok = await fetch(`${server.endpoint}/?${canonical}&Signature=${encode(signature)}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`<Arn>arn:aws:iam::${server.accountId}:root</Arn>`);
    const bad = await fetch(`${server.endpoint}/?${canonical}&Signature=${encode('AAAA' + signature.slice(4))}`);
    expect(bad.status).toBe(403);
  });

  it('records when and where a key was last used', async () => {
    const key = await server.fixtures.user(server.accountId, 'last-used', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }]);
    await server.iam(key).send(new ListUsersCommand({}));
    const row = await server.database.db.accessKey.findUniqueOrThrow({ where: { id: key.accessKeyId } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(row.lastUsedService).toBe('iam');
    expect(row.lastUsedRegion).toBe('us-east-1');
  });
});
