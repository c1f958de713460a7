/**
 * The credential families through the real AWS SDK for JavaScript v3 over the Query API: SSH
 * public keys, signing certificates, service-specific credentials and server certificates —
 * request shapes, XML replies (dates, lists, nested structures) and named exceptions; and
 * DeleteUser's DeleteConflict while a user still holds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DuplicateCertificateException,
  DuplicateSSHPublicKeyException,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  KeyPairMismatchException,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  MalformedCertificateException,
  ResetServiceSpecificCredentialCommand,
  UnrecognizedPublicKeyEncodingException,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';
import { fixture, newSshRsaKey } from './fixtures/credentials';

let server: SdkServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startSdkServer();
  iam = server.iam(server.root);
  await iam.send(new CreateUserCommand({ UserName: 'git-user' }));
});
afterAll(async () => server?.close());

describe('credentials through the SDK', () => {
  it('SSH public keys: upload, get (SSH and PEM), list, update, delete, named errors', async () => {
    const key = newSshRsaKey();
    const { SSHPublicKey } = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: key.openSsh }));
    expect(SSHPublicKey).toMatchObject({ UserName: 'git-user', Status: 'Active' });
    expect(SSHPublicKey?.UploadDate).toBeInstanceOf(Date);
    expect(SSHPublicKey?.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const id = SSHPublicKey!.SSHPublicKeyId!;
    const pem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: id, Encoding: 'PEM' }));
    expect(pem.SSHPublicKey?.SSHPublicKeyBody).toBe(key.pem);
    await expect(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: key.pem }))).rejects.toBeInstanceOf(DuplicateSSHPublicKeyException);
    await expect(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: 'not a key' }))).rejects.toBeInstanceOf(UnrecognizedPublicKeyEncodingException);
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: id, Status: 'Inactive' }));
    const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'git-user' }));
    expect(listed.SSHPublicKeys).toEqual([{ UserName: 'git-user', SSHPublicKeyId: id, Status: 'Inactive', UploadDate: SSHPublicKey!.UploadDate }]);
    expect(listed.IsTruncated).toBe(false);
    // Held by the user, the key blocks DeleteUser.
    await expect(iam.send(new DeleteUserCommand({ UserName: 'git-user' }))).rejects.toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must remove referenced objects first.' });
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: id }));
  });

  it('signing certificates: upload (user and root), list, update, delete, named errors', async () => {
    const cert = fixture('signing-1.crt');
    const { Certificate } = await iam.send(new UploadSigningCertificateCommand({ UserName: 'git-user', CertificateBody: cert }));
    expect(Certificate).toMatchObject({ UserName: 'git-user', Status: 'Active', CertificateBody: cert });
    expect(Certificate?.CertificateId).toMatch(/^[A-Z0-9]{32}$/);
    await expect(iam.send(new UploadSigningCertificateCommand({ CertificateBody: cert }))).rejects.toBeInstanceOf(DuplicateCertificateException);
    await expect(iam.send(new UploadSigningCertificateCommand({ CertificateBody: fixture('expired.crt') }))).rejects.toBeInstanceOf(MalformedCertificateException);
    const rootCert = await iam.send(new UploadSigningCertificateCommand({ CertificateBody: fixture('signing-2.crt') }));
    expect(rootCert.Certificate?.UserName).toBeUndefined();
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'git-user', CertificateId: Certificate!.CertificateId, Status: 'Inactive' }));
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'git-user' }));
    expect(listed.Certificates?.map((c) => [c.CertificateId, c.Status])).toEqual([[Certificate!.CertificateId, 'Inactive']]);
    await expect(iam.send(new DeleteUserCommand({ UserName: 'git-user' }))).rejects.toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must delete certificates first.' });
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'git-user', CertificateId: Certificate!.CertificateId }));
    await iam.send(new DeleteSigningCertificateCommand({ CertificateId: rootCert.Certificate!.CertificateId }));
  });

  it('service-specific credentials: create, list, reset, update, delete, named errors', async () => {
    const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceName: 'codecommit.amazonaws.com' }));
    expect(c).toMatchObject({ UserName: 'git-user', ServiceName: 'codecommit.amazonaws.com', ServiceUserName: `git-user-at-${server.accountId}`, Status: 'Active' });
    expect(c?.ServicePassword).toHaveLength(44);
    expect(c?.CreateDate).toBeInstanceOf(Date);
    const bedrock = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 7 }));
    expect(bedrock.ServiceSpecificCredential?.ExpirationDate).toBeInstanceOf(Date);
    expect(bedrock.ServiceSpecificCredential?.ServiceCredentialSecret).toMatch(/^ABSK/);
    await expect(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceName: 'ec2.amazonaws.com' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'No such service ec2.amazonaws.com is supported for Service Specific Credentials',
    });
    const reset = await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: c!.ServiceSpecificCredentialId }));
    expect(reset.ServiceSpecificCredential?.ServicePassword).not.toBe(c?.ServicePassword);
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: c!.ServiceSpecificCredentialId, Status: 'Inactive' }));
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user', ServiceName: 'codecommit.amazonaws.com' }));
    expect(listed.ServiceSpecificCredentials?.map((x) => x.Status)).toEqual(['Inactive']);
    expect((await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }))).ServiceSpecificCredentials).toHaveLength(2);
    await expect(iam.send(new DeleteUserCommand({ UserName: 'git-user' }))).rejects.toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must remove referenced objects first.' });
    for (const x of [c!, bedrock.ServiceSpecificCredential!]) await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: x.ServiceSpecificCredentialId }));
    // Nothing holds the user any more.
    await iam.send(new DeleteUserCommand({ UserName: 'git-user' }));
  });

  it('server certificates: upload with chain and tags, get, list, rename, delete, named errors', async () => {
    const [body, key, chain] = [fixture('server.crt'), fixture('server.key'), fixture('ca.crt')];
    const up = await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'site', Path: '/web/', CertificateBody: body, PrivateKey: key, CertificateChain: chain, Tags: [{ Key: 'env', Value: 'test' }] }));
    expect(up.ServerCertificateMetadata).toMatchObject({ ServerCertificateName: 'site', Path: '/web/', Arn: `arn:aws:iam::${server.accountId}:server-certificate/web/site` });
    expect(up.ServerCertificateMetadata?.Expiration).toBeInstanceOf(Date);
    expect(up.Tags).toEqual([{ Key: 'env', Value: 'test' }]);
    await expect(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'other', CertificateBody: body, PrivateKey: fixture('other.key') }))).rejects.toBeInstanceOf(KeyPairMismatchException);
    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'site' }));
    expect(got.ServerCertificate).toMatchObject({ CertificateBody: body.trim(), CertificateChain: chain.trim(), Tags: [{ Key: 'env', Value: 'test' }] });
    expect(JSON.stringify(got)).not.toContain('PRIVATE KEY');
    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'site', NewServerCertificateName: 'site-2', NewPath: '/web2/' }));
    const listed = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/web2/' }));
    expect(listed.ServerCertificateMetadataList?.map((m) => m.Arn)).toEqual([`arn:aws:iam::${server.accountId}:server-certificate/web2/site-2`]);
    expect((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'site-2' }))).Tags).toEqual([{ Key: 'env', Value: 'test' }]);
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'site-2' }));
    expect((await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList).toEqual([]);
  });
});
