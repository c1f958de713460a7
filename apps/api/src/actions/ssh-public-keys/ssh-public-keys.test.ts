/** SSH public keys through the REST protocol and the dispatcher, against real PostgreSQL. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { newSshEd25519Key, newSshRsaKey } from '../../../test/fixtures/credentials';
import { md5Fingerprint, parseSshPublicKey } from './ssh-public-keys.format';

let database: TestDatabase;
let app: App;
let root: ConsoleClient;

interface SshPublicKey {
  UserName: string;
  SSHPublicKeyId: string;
  Fingerprint: string;
  SSHPublicKeyBody: string;
  Status: string;
  UploadDate: string;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app);
  for (const name of ['alice', 'bob', 'carol']) await root.ok('iam', 'CreateUser', { UserName: name });
});
afterAll(async () => database?.drop());

describe('parseSshPublicKey', () => {
  it('computes AWS\'s fingerprint (MD5 of the key blob, colon hex) and reads OpenSSH and PEM alike', () => {
    const { openSsh, pem } = newSshRsaKey();
    const blob = Buffer.from(openSsh.split(' ')[1]!, 'base64');
    const expected = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
    expect(parseSshPublicKey(openSsh).fingerprint).toBe(expected);
    expect(parseSshPublicKey(pem).fingerprint).toBe(expected);
    expect(md5Fingerprint(Buffer.from('x'))).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });
});

describe('UploadSSHPublicKey', () => {
  it('uploads an ssh-rsa key, Active, with an APKA ID recorded as issued', async () => {
    const { openSsh } = newSshRsaKey();
    const { SSHPublicKey } = await root.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'UploadSSHPublicKey', { UserName: 'Alice', SSHPublicKeyBody: openSsh });
    expect(SSHPublicKey).toMatchObject({ UserName: 'alice', Status: 'Active', SSHPublicKeyBody: openSsh, Fingerprint: parseSshPublicKey(openSsh).fingerprint });
    expect(SSHPublicKey.SSHPublicKeyId).toMatch(/^APKA[A-Z2-7]{16}$/);
    expect(await database.db.issuedId.count({ where: { id: SSHPublicKey.SSHPublicKeyId, kind: 'sshPublicKey' } })).toBe(1);
  });

  it('accepts a PEM public key', async () => {
    const { pem } = newSshRsaKey();
    const { SSHPublicKey } = await root.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'UploadSSHPublicKey', { UserName: 'alice', SSHPublicKeyBody: pem });
    expect(SSHPublicKey.Fingerprint).toBe(parseSshPublicKey(pem).fingerprint);
  });

  it('refuses the same key twice for a user with DuplicateSSHPublicKey (also in the other encoding)', async () => {
    const { openSsh, pem } = newSshRsaKey();
    await root.ok('iam', 'UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: openSsh });
    for (const body of [openSsh, pem]) {
      const res = await root.call('iam', 'UploadSSHPublicKey', { UserName: 'bob', SSHPublicKeyBody: body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('DuplicateSSHPublicKey');
    }
  });

  it.each([
    ['a 1024-bit key', () => newSshRsaKey(1024).openSsh, 'InvalidPublicKey'],
    ['an ed25519 key', () => newSshEd25519Key(), 'InvalidPublicKey'],
    ['a corrupt ssh-rsa blob', () => 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB', 'InvalidPublicKey'],
    ['a blob of another type', () => `ssh-rsa ${newSshEd25519Key().split(' ')[1]}`, 'InvalidPublicKey'],
    ['a broken PEM', () => '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'InvalidPublicKey'],
    ['text that is no key', () => 'hello world', 'UnrecognizedPublicKeyEncoding'],
  ] as [string, () => string, string][])('refuses %s with %s and writes nothing', async (_what, body, code) => {
    const before = await database.db.sshPublicKey.count();
    const res = await root.call('iam', 'UploadSSHPublicKey', { UserName: 'carol', SSHPublicKeyBody: body() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await database.db.sshPublicKey.count()).toBe(before);
  });

  it('refuses a sixth key with LimitExceeded', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'quota' });
    for (let i = 0; i < 5; i++) await root.ok('iam', 'UploadSSHPublicKey', { UserName: 'quota', SSHPublicKeyBody: newSshRsaKey().openSsh });
    const res = await root.call('iam', 'UploadSSHPublicKey', { UserName: 'quota', SSHPublicKeyBody: newSshRsaKey().openSsh });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for SSHPublicKeysPerUser: 5' });
  });

  it('NoSuchEntity for an unknown user; ValidationError for bad input', async () => {
    const res = await root.call('iam', 'UploadSSHPublicKey', { UserName: 'nobody', SSHPublicKeyBody: newSshRsaKey().openSsh });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NoSuchEntity');
    for (const body of [{ UserName: 'carol' }, { UserName: 'carol', SSHPublicKeyBody: '' }, { SSHPublicKeyBody: 'ssh-rsa AAAA' }, { UserName: 'carol', SSHPublicKeyBody: 'x'.repeat(16385) }]) {
      const bad = await root.call('iam', 'UploadSSHPublicKey', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('ValidationError');
    }
  });
});

describe('GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey', () => {
  let id: string;
  let key: ReturnType<typeof newSshRsaKey>;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'dan' });
    key = newSshRsaKey();
    id = (await root.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'UploadSSHPublicKey', { UserName: 'dan', SSHPublicKeyBody: key.openSsh })).SSHPublicKey.SSHPublicKeyId;
    await root.ok('iam', 'UploadSSHPublicKey', { UserName: 'dan', SSHPublicKeyBody: newSshRsaKey().openSsh });
  });

  it('gets the key in SSH and PEM encodings', async () => {
    const ssh = await root.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'GetSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Encoding: 'SSH' });
    expect(ssh.SSHPublicKey.SSHPublicKeyBody).toBe(key.openSsh.split(' ').slice(0, 2).join(' '));
    const pem = await root.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'GetSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Encoding: 'PEM' });
    expect(pem.SSHPublicKey.SSHPublicKeyBody).toBe(key.pem);
    expect(pem.SSHPublicKey.Fingerprint).toBe(ssh.SSHPublicKey.Fingerprint);
    expect((await root.call('iam', 'GetSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Encoding: 'DER' })).status).toBe(400);
    const missing = await root.call('iam', 'GetSSHPublicKey', { UserName: 'alice', SSHPublicKeyId: id, Encoding: 'SSH' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NoSuchEntity', message: `The Public Key with id ${id} cannot be found.` });
  });

  it('lists metadata oldest first and pages with Marker/MaxItems', async () => {
    const all = await root.ok<{ SSHPublicKeys: Record<string, unknown>[]; IsTruncated: boolean }>('iam', 'ListSSHPublicKeys', { UserName: 'dan' });
    expect(all.SSHPublicKeys).toHaveLength(2);
    expect(Object.keys(all.SSHPublicKeys[0]!).sort()).toEqual(['SSHPublicKeyId', 'Status', 'UploadDate', 'UserName']);
    expect(all.SSHPublicKeys[0]!.SSHPublicKeyId).toBe(id);
    const first = await root.ok<{ SSHPublicKeys: { SSHPublicKeyId: string }[]; IsTruncated: boolean; Marker: string }>('iam', 'ListSSHPublicKeys', { UserName: 'dan', MaxItems: 1 });
    expect(first.IsTruncated).toBe(true);
    const second = await root.ok<{ SSHPublicKeys: { SSHPublicKeyId: string }[]; IsTruncated: boolean }>('iam', 'ListSSHPublicKeys', { UserName: 'dan', MaxItems: 1, Marker: first.Marker });
    expect(second.IsTruncated).toBe(false);
    expect([first.SSHPublicKeys[0]!.SSHPublicKeyId, second.SSHPublicKeys[0]!.SSHPublicKeyId]).toEqual(all.SSHPublicKeys.map((k) => k.SSHPublicKeyId));
    // The root user has none of its own.
    expect((await root.ok<{ SSHPublicKeys: unknown[] }>('iam', 'ListSSHPublicKeys')).SSHPublicKeys).toEqual([]);
    expect((await root.call('iam', 'ListSSHPublicKeys', { UserName: 'nobody' })).status).toBe(404);
  });

  it('deactivates, reactivates and deletes a key', async () => {
    await root.ok('iam', 'UpdateSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Status: 'Inactive' });
    expect((await database.db.sshPublicKey.findUniqueOrThrow({ where: { id } })).status).toBe('Inactive');
    expect((await root.call('iam', 'UpdateSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Status: 'Expired' })).status).toBe(400);
    await root.ok('iam', 'UpdateSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Status: 'Active' });
    await root.ok('iam', 'DeleteSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id });
    const again = await root.call('iam', 'DeleteSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id });
    expect(again.status).toBe(404);
    expect((await root.call('iam', 'UpdateSSHPublicKey', { UserName: 'dan', SSHPublicKeyId: id, Status: 'Active' })).status).toBe(404);
  });
});

describe('authorization', () => {
  let erin: ConsoleClient;

  beforeAll(async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'erin' });
    await root.ok('iam', 'CreateLoginProfile', { UserName: 'erin', Password: 'Erin-Password-1' });
    const user = await database.db.user.findFirstOrThrow({ where: { name: 'erin' } });
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:*SSHPublicKey*'], Resource: 'arn:aws:iam::123456789012:user/${aws:username}' }],
    });
    await database.db.inlinePolicy.create({ data: { name: 'own-ssh-keys', document, userId: user.id } });
    erin = await signIn(app, { kind: 'iam', account: '123456789012', userName: 'erin', password: 'Erin-Password-1' });
  });

  it('a user manages its own keys, listing them without UserName', async () => {
    const { SSHPublicKey } = await erin.ok<{ SSHPublicKey: SshPublicKey }>('iam', 'UploadSSHPublicKey', { UserName: 'erin', SSHPublicKeyBody: newSshRsaKey().openSsh });
    const { SSHPublicKeys } = await erin.ok<{ SSHPublicKeys: { UserName: string }[] }>('iam', 'ListSSHPublicKeys');
    expect(SSHPublicKeys.map((k) => k.UserName)).toEqual(['erin']);
    await erin.ok('iam', 'DeleteSSHPublicKey', { UserName: 'erin', SSHPublicKeyId: SSHPublicKey.SSHPublicKeyId });
  });

  it('is denied another user\'s keys with AccessDenied, and nothing is written', async () => {
    const before = await database.db.sshPublicKey.count();
    for (const [action, body] of [
      ['UploadSSHPublicKey', { UserName: 'carol', SSHPublicKeyBody: newSshRsaKey().openSsh }],
      ['ListSSHPublicKeys', { UserName: 'bob' }],
      ['DeleteSSHPublicKey', { UserName: 'bob', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA' }],
    ] as [string, object][]) {
      const res = await erin.call('iam', action, body);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
    }
    expect(await database.db.sshPublicKey.count()).toBe(before);
  });
});
