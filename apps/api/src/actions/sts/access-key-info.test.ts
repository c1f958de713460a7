/** sts:GetAccessKeyInfo through the real AWS SDK (Query protocol). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';
import { accountEncodedInKeyId } from './access-key-info.actions';

const A = '111122223333';
const B = '444455556666';
let server: SdkServer;

const allow = (action: string, resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
});
afterAll(async () => server?.close());

describe('accountEncodedInKeyId', () => {
  it("reads the account out of AWS's key IDs", () => {
    expect(accountEncodedInKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('581039954779');
    expect(accountEncodedInKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    expect(accountEncodedInKeyId('akiaiosfodnn7example')).toBeUndefined();
    expect(accountEncodedInKeyId('AKIA0000000000000000')).toBeUndefined();
  });
});

describe('GetAccessKeyInfo', () => {
  it("answers the account of this installation's keys, long-term and temporary, in any account", async () => {
    const sts = server.sts(server.root);
    expect(await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: server.root.accessKeyId }))).toMatchObject({ Account: A });
    const other = await server.fixtures.user(B, 'elsewhere');
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: other.accessKeyId }))).Account).toBe(B);
    const role = await server.fixtures.role(B, 'shared', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
    const assumer = await server.fixtures.user(A, 'assumer', [allow('sts:AssumeRole')]);
    const { Credentials } = await server.sts(assumer).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'probe' }));
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: Credentials!.AccessKeyId! }))).Account).toBe(B);
    // An inactive key still answers: the call says nothing about the key's state.
    await server.database.db.accessKey.update({ where: { id: other.accessKeyId }, data: { status: 'Inactive' } });
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: other.accessKeyId }))).Account).toBe(B);
  });

  it('answers other key IDs as AWS does, and refuses one that names no account', async () => {
    const sts = server.sts(server.root);
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }))).Account).toBe('581039954779');
    await expect(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: '0000000000000000' }))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    // The model's constraints: 16–128 word characters.
    await expect(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA123' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA-IOSFODNN7EXAMPLE' }))).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('needs sts:GetAccessKeyInfo', async () => {
    const bare = await server.fixtures.user(A, 'bare');
    await expect(server.sts(bare).send(new GetAccessKeyInfoCommand({ AccessKeyId: bare.accessKeyId }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: sts:GetAccessKeyInfo'),
    });
    const allowed = await server.fixtures.user(A, 'allowed', [allow('sts:GetAccessKeyInfo')]);
    expect((await server.sts(allowed).send(new GetAccessKeyInfoCommand({ AccessKeyId: allowed.accessKeyId }))).Account).toBe(A);
  });

  it('is refused to GetSessionToken credentials, as every STS call but AssumeRole and GetCallerIdentity', async () => {
    const user = await server.fixtures.user(A, 'session-user', [allow('sts:GetAccessKeyInfo')]);
    const { Credentials } = await server.sts(user).send(new GetSessionTokenCommand({}));
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    await expect(server.sts(session).send(new GetAccessKeyInfoCommand({ AccessKeyId: user.accessKeyId }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
