/**
 * Renaming or moving an entity changes its ARN, and policies grant by ARN: AWS requires the
 * permission on both the source and the target object (API_UpdateUser: "to change Bob to Robert,
 * the entity making the request must have permission on Bob and Robert"). A user allowed to
 * manage /contractors/ must not move itself (or anything) to /admins/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetServerCertificateCommand,
  GetUserCommand,
  PutUserPolicyCommand,
  UpdateGroupCommand,
  UpdateServerCertificateCommand,
  UpdateUserCommand,
  UploadServerCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from '../sdk-server';
import { fixture } from '../fixtures/credentials';
import { accessKey, createUser, expectDenied, noIdentityPolicy, policy } from './escalation-harness';

const A = '210987654321';
let server: SdkServer;
let root: IAMClient;
const arn = (type: string, pathAndName: string) => `arn:aws:iam::${A}:${type}${pathAndName}`;

beforeAll(async () => {
  server = await startSdkServer(A);
  root = server.iam(server.root);
});
afterAll(async () => server?.close());

describe('UpdateUser needs iam:UpdateUser on the old and the new ARN', () => {
  it('a user allowed on /contractors/ cannot move itself to /admins/, but can rename itself within /contractors/', async () => {
    const mallory = await createUser(server, root, 'mallory', { path: '/contractors/', inline: [policy({ Action: 'iam:UpdateUser', Resource: arn('user', '/contractors/*') })] });
    await expectDenied(
      mallory.iam.send(new UpdateUserCommand({ UserName: 'mallory', NewPath: '/admins/' })),
      mallory.arn,
      'iam:UpdateUser',
      arn('user', '/admins/mallory'),
      noIdentityPolicy('iam:UpdateUser'),
    );
    // Moving and renaming at once is refused the same way, naming the new ARN.
    await expectDenied(mallory.iam.send(new UpdateUserCommand({ UserName: 'mallory', NewPath: '/admins/', NewUserName: 'root-admin' })), mallory.arn, 'iam:UpdateUser', arn('user', '/admins/root-admin'));
    expect((await root.send(new GetUserCommand({ UserName: 'mallory' }))).User?.Arn).toBe(arn('user', '/contractors/mallory'));

    await mallory.iam.send(new UpdateUserCommand({ UserName: 'mallory', NewUserName: 'mallory-2' }));
    expect((await root.send(new GetUserCommand({ UserName: 'mallory-2' }))).User).toMatchObject({ Path: '/contractors/', Arn: arn('user', '/contractors/mallory-2') });
    // The key still works, as the renamed user.
    expect((await mallory.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(arn('user', '/contractors/mallory-2'));
    // Moving within what it may manage is allowed too.
    await mallory.iam.send(new UpdateUserCommand({ UserName: 'mallory-2', NewPath: '/contractors/team-b/' }));
    expect((await root.send(new GetUserCommand({ UserName: 'mallory-2' }))).User?.Arn).toBe(arn('user', '/contractors/team-b/mallory-2'));
  });

  it('permission on the new ARN alone does not let a user move someone else in', async () => {
    await createUser(server, root, 'temp', { path: '/contractors/', noKey: true });
    const admin = await createUser(server, root, 'admin-path-manager', { inline: [policy({ Action: 'iam:UpdateUser', Resource: arn('user', '/admins/*') })] });
    await expectDenied(admin.iam.send(new UpdateUserCommand({ UserName: 'temp', NewPath: '/admins/' })), admin.arn, 'iam:UpdateUser', arn('user', '/contractors/temp'));
    expect((await root.send(new GetUserCommand({ UserName: 'temp' }))).User?.Path).toBe('/contractors/');
  });

  it('permission on both ARNs (or on *) allows the move', async () => {
    await createUser(server, root, 'promoted', { path: '/contractors/', noKey: true });
    const hr = await createUser(server, root, 'hr', { inline: [policy({ Action: 'iam:UpdateUser', Resource: [arn('user', '/contractors/*'), arn('user', '/staff/*')] })] });
    await hr.iam.send(new UpdateUserCommand({ UserName: 'promoted', NewPath: '/staff/' }));
    expect((await root.send(new GetUserCommand({ UserName: 'promoted' }))).User?.Arn).toBe(arn('user', '/staff/promoted'));
  });

  it('an explicit Deny on the new ARN wins over an Allow on *', async () => {
    await createUser(server, root, 'intern', { path: '/contractors/', noKey: true });
    const ops = await createUser(server, root, 'ops-mover', {
      inline: [policy({ Action: 'iam:UpdateUser' }, { Effect: 'Deny', Action: 'iam:UpdateUser', Resource: arn('user', '/admins/*') })],
    });
    await expectDenied(ops.iam.send(new UpdateUserCommand({ UserName: 'intern', NewPath: '/admins/' })), ops.arn, 'iam:UpdateUser', arn('user', '/admins/intern'), /explicit deny/);
    expect((await root.send(new GetUserCommand({ UserName: 'intern' }))).User?.Path).toBe('/contractors/');
  });
});

describe('UpdateGroup needs iam:UpdateGroup on the old and the new ARN', () => {
  it('a user allowed on /contractors/ groups cannot move one to /admins/, but can rename it within /contractors/', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'contractors-team', Path: '/contractors/' }));
    const lead = await createUser(server, root, 'team-lead', { inline: [policy({ Action: 'iam:UpdateGroup', Resource: arn('group', '/contractors/*') })] });
    await expectDenied(lead.iam.send(new UpdateGroupCommand({ GroupName: 'contractors-team', NewPath: '/admins/' })), lead.arn, 'iam:UpdateGroup', arn('group', '/admins/contractors-team'), noIdentityPolicy('iam:UpdateGroup'));
    await expectDenied(lead.iam.send(new UpdateGroupCommand({ GroupName: 'contractors-team', NewPath: '/admins/', NewGroupName: 'Admins' })), lead.arn, 'iam:UpdateGroup', arn('group', '/admins/Admins'));
    expect((await root.send(new GetGroupCommand({ GroupName: 'contractors-team' }))).Group?.Arn).toBe(arn('group', '/contractors/contractors-team'));

    await lead.iam.send(new UpdateGroupCommand({ GroupName: 'contractors-team', NewGroupName: 'contractors-team-2' }));
    expect((await root.send(new GetGroupCommand({ GroupName: 'contractors-team-2' }))).Group?.Arn).toBe(arn('group', '/contractors/contractors-team-2'));
  });
});

describe('UpdateServerCertificate needs iam:UpdateServerCertificate on the old and the new ARN', () => {
  it('a user allowed on /team/ certificates cannot move one to /prod/, but can rename it within /team/', async () => {
    await root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'site', Path: '/team/', CertificateBody: fixture('server.crt'), PrivateKey: fixture('server.key') }));
    const dev = await createUser(server, root, 'cert-dev', { inline: [policy({ Action: 'iam:UpdateServerCertificate', Resource: arn('server-certificate', '/team/*') })] });
    await expectDenied(
      dev.iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'site', NewPath: '/prod/' })),
      dev.arn,
      'iam:UpdateServerCertificate',
      arn('server-certificate', '/prod/site'),
      noIdentityPolicy('iam:UpdateServerCertificate'),
    );
    expect((await root.send(new GetServerCertificateCommand({ ServerCertificateName: 'site' }))).ServerCertificate?.ServerCertificateMetadata?.Arn).toBe(arn('server-certificate', '/team/site'));
    await dev.iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'site', NewServerCertificateName: 'site-2' }));
    expect((await root.send(new GetServerCertificateCommand({ ServerCertificateName: 'site-2' }))).ServerCertificate?.ServerCertificateMetadata?.Arn).toBe(arn('server-certificate', '/team/site-2'));
  });
});

describe('a name a trust policy names cannot be taken over', () => {
  // The role trusts the user ops-bob; ops-bob leaves. AWS pins the trust to ops-bob's unique ID,
  // so whoever takes the name later — by renaming itself or by creating a user — is not trusted.
  beforeAll(async () => {
    await createUser(server, root, 'ops-bob', { noKey: true });
    await root.send(new CreateRoleCommand({
      RoleName: 'ops-admin',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn('user', '/ops-bob') }, Action: 'sts:AssumeRole' }] }),
    }));
    await root.send(new DeleteUserCommand({ UserName: 'ops-bob' }));
  });

  it('by renaming oneself to the trusted name', async () => {
    const eve = await createUser(server, root, 'eve-renamer', { inline: [policy({ Action: ['iam:UpdateUser', 'sts:AssumeRole'] })] });
    await eve.iam.send(new UpdateUserCommand({ UserName: 'eve-renamer', NewUserName: 'ops-bob' }));
    expect((await eve.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(arn('user', '/ops-bob'));
    await expectDenied(eve.sts.send(new AssumeRoleCommand({ RoleArn: arn('role', '/ops-admin'), RoleSessionName: 'takeover' })), arn('user', '/ops-bob'), 'sts:AssumeRole', arn('role', '/ops-admin'));
    await eve.iam.send(new UpdateUserCommand({ UserName: 'ops-bob', NewUserName: 'eve-renamer' }));
  });

  it('by creating a user of that name', async () => {
    const eve = await createUser(server, root, 'eve-creator', { inline: [policy({ Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:PutUserPolicy'] })] });
    await eve.iam.send(new CreateUserCommand({ UserName: 'ops-bob' }));
    await eve.iam.send(new PutUserPolicyCommand({ UserName: 'ops-bob', PolicyName: 'assume', PolicyDocument: policy({ Action: 'sts:AssumeRole' }) }));
    const bob = server.sts(await accessKey(eve.iam, 'ops-bob'));
    await expectDenied(bob.send(new AssumeRoleCommand({ RoleArn: arn('role', '/ops-admin'), RoleSessionName: 'takeover' })), arn('user', '/ops-bob'), 'sts:AssumeRole', arn('role', '/ops-admin'));
  });
});
