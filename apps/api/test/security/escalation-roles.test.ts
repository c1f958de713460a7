/**
 * The well-known privilege escalations through roles (Rhino Security Labs' list): rewriting a
 * trust policy, granting a role one can assume more permissions, passing a privileged role to a
 * service (iam:PassRole with AddRoleToInstanceProfile or ec2:RunInstances), misusing
 * CreateServiceLinkedRole, and sts:AssumeRole chaining across accounts and with session tags.
 * Each as a pair through the real SDKs with the principal's own credentials: refused without the
 * permission (and nothing changed, checked with the root key), allowed with it — as in AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, type STSClient } from '@aws-sdk/client-sts';
import { CreateSnapshotCommand, DescribeInstancesCommand, EC2Client, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../sdk-server';
import { ADMIN, createUser, expectDenied, noIdentityPolicy, policy, type Principal, isAdmin } from './escalation-harness';

const A = '161803398875';
const B = '141421356237';
const C = '173205080756';
let server: SdkServer;
let root: IAMClient;
const roleArn = (name: string, account = A) => `arn:aws:iam::${account}:role/${name}`;
const sessionArn = (role: string, session: string, account = A) => `arn:aws:sts::${account}:assumed-role/${role}/${session}`;

/** A trust policy letting these AWS principals assume the role (and tag the session). */
const trusting = (...principals: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
const trustingService = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const trustOf = async (client: IAMClient, roleName: string) => JSON.parse(decodeURIComponent((await client.send(new GetRoleCommand({ RoleName: roleName }))).Role!.AssumeRolePolicyDocument!));

interface Session {
  arn: string;
  credentials: Credentials;
  iam: IAMClient;
  sts: STSClient;
}

async function assume(sts: STSClient, role: string, sessionName: string, extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}): Promise<Session> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: sessionName, ...extra }));
  const credentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  return { arn: out.AssumedRoleUser!.Arn!, credentials, iam: server.iam(credentials), sts: server.sts(credentials) };
}

const ec2 = (credentials: Credentials) => new EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  server = await startSdkServer(A);
  root = server.iam(server.root);
});
afterAll(async () => server?.close());

describe('iam:UpdateAssumeRolePolicy + sts:AssumeRole', () => {
  beforeAll(async () => {
    await root.send(new CreateRoleCommand({ RoleName: 'prod-admin', AssumeRolePolicyDocument: trustingService('ec2.amazonaws.com') }));
    await root.send(new AttachRolePolicyCommand({ RoleName: 'prod-admin', PolicyArn: ADMIN }));
  });

  it('without the permission: the trust policy cannot be rewritten, and the role cannot be assumed', async () => {
    const dev = await createUser(server, root, 'tr-lacks', { inline: [policy({ Action: 'sts:AssumeRole' })] });
    await expectDenied(dev.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('prod-admin'), RoleSessionName: 'probe' })), dev.arn, 'sts:AssumeRole', roleArn('prod-admin'));
    await expectDenied(
      dev.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'prod-admin', PolicyDocument: trusting(dev.arn) })),
      dev.arn,
      'iam:UpdateAssumeRolePolicy',
      roleArn('prod-admin'),
      noIdentityPolicy('iam:UpdateAssumeRolePolicy'),
    );
    expect((await trustOf(root, 'prod-admin')).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    await expectDenied(dev.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('prod-admin'), RoleSessionName: 'probe' })), dev.arn, 'sts:AssumeRole', roleArn('prod-admin'));
  });

  it('with it: the attacker trusts itself and assumes the administrator role (as in AWS)', async () => {
    const dev = await createUser(server, root, 'tr-has', { inline: [policy({ Action: 'sts:AssumeRole' }, { Action: 'iam:UpdateAssumeRolePolicy', Resource: roleArn('prod-admin') })] });
    await dev.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'prod-admin', PolicyDocument: trusting(dev.arn) }));
    expect(await isAdmin(await assume(dev.sts, roleArn('prod-admin'), 'pwned'))).toBe(true);
  });
});

describe('iam:AttachRolePolicy / iam:PutRolePolicy on a role one can assume', () => {
  let lacks: Principal;
  let has: Principal;

  beforeAll(async () => {
    lacks = await createUser(server, root, 'rp-lacks', { inline: [policy({ Action: 'sts:AssumeRole' })] });
    has = await createUser(server, root, 'rp-has', {
      inline: [policy({ Action: 'sts:AssumeRole' }, { Action: 'iam:AttachRolePolicy', Resource: roleArn('worker-a') }, { Action: 'iam:PutRolePolicy', Resource: roleArn('worker-b') })],
    });
    for (const name of ['worker-a', 'worker-b']) await root.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trusting(lacks.arn, has.arn) }));
  });

  it('without the permission: AccessDenied, the roles keep no policies', async () => {
    await expectDenied(lacks.iam.send(new AttachRolePolicyCommand({ RoleName: 'worker-a', PolicyArn: ADMIN })), lacks.arn, 'iam:AttachRolePolicy', roleArn('worker-a'));
    await expectDenied(lacks.iam.send(new PutRolePolicyCommand({ RoleName: 'worker-b', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) })), lacks.arn, 'iam:PutRolePolicy', roleArn('worker-b'));
    expect((await root.send(new ListAttachedRolePoliciesCommand({ RoleName: 'worker-a' }))).AttachedPolicies).toEqual([]);
    expect((await root.send(new ListRolePoliciesCommand({ RoleName: 'worker-b' }))).PolicyNames).toEqual([]);
    expect(await isAdmin(await assume(lacks.sts, roleArn('worker-a'), 'session-a'))).toBe(false);
    expect(await isAdmin(await assume(lacks.sts, roleArn('worker-b'), 'session-b'))).toBe(false);
  });

  it('with it: the role’s sessions become administrators (as in AWS)', async () => {
    await has.iam.send(new AttachRolePolicyCommand({ RoleName: 'worker-a', PolicyArn: ADMIN }));
    await has.iam.send(new PutRolePolicyCommand({ RoleName: 'worker-b', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) }));
    expect(await isAdmin(await assume(has.sts, roleArn('worker-a'), 'session-a'))).toBe(true);
    expect(await isAdmin(await assume(has.sts, roleArn('worker-b'), 'session-b'))).toBe(true);
  });
});

describe('iam:PassRole: handing a privileged role to EC2', () => {
  let imageId: string;
  const profileArn = (name: string) => `arn:aws:iam::${A}:instance-profile/${name}`;

  beforeAll(async () => {
    await root.send(new CreateRoleCommand({ RoleName: 'ec2-admin', AssumeRolePolicyDocument: trustingService('ec2.amazonaws.com') }));
    await root.send(new AttachRolePolicyCommand({ RoleName: 'ec2-admin', PolicyArn: ADMIN }));
    await root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'empty-profile' }));
    await root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'admin-profile' }));
    await root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'admin-profile', RoleName: 'ec2-admin' }));
    const rootEc2 = ec2(server.root);
    const snapshot = (await rootEc2.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' }))).SnapshotId!;
    imageId = (await rootEc2.send(new RegisterImageCommand({ Name: 'base', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot } }] }))).ImageId!;
  });

  it('AddRoleToInstanceProfile without iam:PassRole on the role: AccessDenied, the profile stays empty', async () => {
    const dev = await createUser(server, root, 'ip-lacks', { inline: [policy({ Action: 'iam:AddRoleToInstanceProfile' })] });
    await expectDenied(dev.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'empty-profile', RoleName: 'ec2-admin' })), dev.arn, 'iam:PassRole', roleArn('ec2-admin'));
    expect((await root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'empty-profile' }))).InstanceProfile?.Roles).toEqual([]);
  });

  it('AddRoleToInstanceProfile with iam:PassRole on the role succeeds (as in AWS)', async () => {
    const dev = await createUser(server, root, 'ip-has', { inline: [policy({ Action: 'iam:AddRoleToInstanceProfile' }, { Action: 'iam:PassRole', Resource: roleArn('ec2-admin') })] });
    await dev.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'empty-profile', RoleName: 'ec2-admin' }));
    expect((await root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'empty-profile' }))).InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(['ec2-admin']);
  });

  it('RunInstances with an instance profile, without iam:PassRole on its role: UnauthorizedOperation, no instance', async () => {
    const dev = await createUser(server, root, 'ri-lacks', { inline: [policy({ Action: ['ec2:RunInstances', 'ec2:DescribeInstances'] })] });
    const run = ec2(dev.credentials).send(new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'admin-profile' } }));
    await expect(run).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    const { Reservations } = await ec2(server.root).send(new DescribeInstancesCommand({}));
    expect(Reservations ?? []).toEqual([]);
  });

  it('RunInstances with an instance profile and iam:PassRole on its role launches the instance with the profile (as in AWS)', async () => {
    const dev = await createUser(server, root, 'ri-has', { inline: [policy({ Action: ['ec2:RunInstances', 'ec2:DescribeInstances'] }, { Action: 'iam:PassRole', Resource: roleArn('ec2-admin') })] });
    const out = await ec2(dev.credentials).send(new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'admin-profile' } }));
    expect(out.Instances?.[0]?.IamInstanceProfile?.Arn).toBe(profileArn('admin-profile'));
  });
});

describe('iam:CreateServiceLinkedRole misuse', () => {
  const ecsRole = 'AWSServiceRoleForECS';
  const ecsPath = '/aws-service-role/ecs.amazonaws.com/';

  it('without the permission for that service (iam:AWSServiceName): AccessDenied, no role', async () => {
    const dev = await createUser(server, root, 'slr-lacks', { inline: [policy({ Action: 'iam:CreateServiceLinkedRole', Condition: { StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } } })] });
    await expectDenied(dev.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' })), dev.arn, 'iam:CreateServiceLinkedRole', roleArn('aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS'));
    await expect(root.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForRDS' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('with it, the role is the service’s: the creator can neither assume it nor change its trust or permissions', async () => {
    const dev = await createUser(server, root, 'slr-has', {
      inline: [
        policy(
          { Action: 'iam:CreateServiceLinkedRole', Condition: { StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } } },
          { Action: ['sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:CreateRole', 'iam:PutRolePermissionsBoundary'] },
        ),
      ],
    });
    const { Role } = await dev.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role?.Arn).toBe(roleArn(`aws-service-role/ecs.amazonaws.com/${ecsRole}`));
    await expectDenied(dev.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'probe' })), dev.arn, 'sts:AssumeRole', Role!.Arn!);
    const unmodifiable = { name: 'UnmodifiableEntityException', message: `Cannot perform the operation on the protected role '${ecsRole}' - this role is only modifiable by AWS` };
    await expect(dev.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ecsRole, PolicyDocument: trusting(dev.arn) }))).rejects.toMatchObject(unmodifiable);
    await expect(dev.iam.send(new PutRolePolicyCommand({ RoleName: ecsRole, PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) }))).rejects.toMatchObject(unmodifiable);
    await expect(dev.iam.send(new AttachRolePolicyCommand({ RoleName: ecsRole, PolicyArn: ADMIN }))).rejects.toMatchObject(unmodifiable);
    expect((await trustOf(root, ecsRole)).Statement[0].Principal).toEqual({ Service: 'ecs.amazonaws.com' });
    expect((await root.send(new ListAttachedRolePoliciesCommand({ RoleName: ecsRole }))).AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonECSServiceRolePolicy']);
    expect((await root.send(new ListRolePoliciesCommand({ RoleName: ecsRole }))).PolicyNames).toEqual([]);
    // Nor can it forge a service-linked role of its own (a protected path it could then trust).
    await expect(dev.iam.send(new CreateRoleCommand({ RoleName: 'fake-slr', Path: ecsPath, AssumeRolePolicyDocument: trusting(dev.arn) }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    await expect(root.send(new GetRoleCommand({ RoleName: 'fake-slr' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('sts:AssumeRole across accounts and chained', () => {
  let bAdmin: IAMClient;
  let chainUser: Principal;
  let hop: Session;
  let noPermHop: Session;

  beforeAll(async () => {
    await server.fixtures.account(B);
    await server.fixtures.account(C);
    bAdmin = server.iam(await server.fixtures.user(B, 'b-admin', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }]));
    chainUser = await createUser(server, root, 'chain-user', { inline: [policy({ Action: 'sts:AssumeRole' })] });
    await root.send(new CreateRoleCommand({ RoleName: 'a-hop', AssumeRolePolicyDocument: trusting(chainUser.arn) }));
    await root.send(new PutRolePolicyCommand({ RoleName: 'a-hop', PolicyName: 'hop', PolicyDocument: policy({ Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` }) }));
    await root.send(new CreateRoleCommand({ RoleName: 'a-hop-noperm', AssumeRolePolicyDocument: trusting(chainUser.arn) }));
    await bAdmin.send(new CreateRoleCommand({ RoleName: 'b-trusts-c', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${C}:root`) }));
    await bAdmin.send(new CreateRoleCommand({ RoleName: 'b-trusts-a', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${A}:root`) }));
    await bAdmin.send(new AttachRolePolicyCommand({ RoleName: 'b-trusts-a', PolicyArn: ADMIN }));
    await bAdmin.send(new CreateRoleCommand({ RoleName: 'b-trusts-hop', AssumeRolePolicyDocument: trusting(roleArn('a-hop')) }));
    hop = await assume(chainUser.sts, roleArn('a-hop'), 'hop');
    noPermHop = await assume(chainUser.sts, roleArn('a-hop-noperm'), 'noperm');
  });

  it('a role that trusts only another account cannot be reached, directly or through a chain', async () => {
    await expectDenied(chainUser.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('b-trusts-c', B), RoleSessionName: 'probe' })), chainUser.arn, 'sts:AssumeRole', roleArn('b-trusts-c', B));
    await expectDenied(hop.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('b-trusts-c', B), RoleSessionName: 'probe' })), sessionArn('a-hop', 'hop'), 'sts:AssumeRole', roleArn('b-trusts-c', B));
  });

  it('a role that trusts one role is refused to everyone else in that account', async () => {
    await expectDenied(chainUser.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('b-trusts-hop', B), RoleSessionName: 'probe' })), chainUser.arn, 'sts:AssumeRole', roleArn('b-trusts-hop', B));
    const chained = await assume(hop.sts, roleArn('b-trusts-hop', B), 'chained');
    expect((await chained.sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ Account: B, Arn: sessionArn('b-trusts-hop', 'chained', B) });
  });

  it('trust in an account is not enough: the caller’s own account must allow sts:AssumeRole too', async () => {
    await expectDenied(noPermHop.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('b-trusts-a', B), RoleSessionName: 'probe' })), sessionArn('a-hop-noperm', 'noperm'), 'sts:AssumeRole', roleArn('b-trusts-a', B));
    const inB = await assume(hop.sts, roleArn('b-trusts-a', B), 'into-b');
    // An administrator in B, and only in B.
    const users = (await inB.iam.send(new ListUsersCommand({}))).Users?.map((u) => u.Arn);
    expect(users).toEqual([`arn:aws:iam::${B}:user/b-admin`]);
    await expect(inB.iam.send(new ListAccessKeysCommand({ UserName: 'chain-user' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('in one account too, a role that trusts the account needs the caller’s identity policy to allow sts:AssumeRole', async () => {
    await root.send(new CreateRoleCommand({ RoleName: 'a-trusts-account', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${A}:root`) }));
    await expectDenied(noPermHop.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('a-trusts-account'), RoleSessionName: 'probe' })), sessionArn('a-hop-noperm', 'noperm'), 'sts:AssumeRole', roleArn('a-trusts-account'));
    await assume(chainUser.sts, roleArn('a-trusts-account'), 'allowed');
  });

  it('a chained session lasts at most one hour', async () => {
    await expect(hop.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('b-trusts-hop', B), RoleSessionName: 'long', DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
  });
});

describe('a role deleted and created again under the same name', () => {
  it('does not hand its new permissions to the old role’s sessions', async () => {
    const user = await createUser(server, root, 'rc-user', { inline: [policy({ Action: 'sts:AssumeRole' })] });
    await root.send(new CreateRoleCommand({ RoleName: 'recycled', AssumeRolePolicyDocument: trusting(user.arn) }));
    const old = await assume(user.sts, roleArn('recycled'), 'old-session');
    expect(await isAdmin(old)).toBe(false);
    await root.send(new DeleteRoleCommand({ RoleName: 'recycled' }));
    await root.send(new CreateRoleCommand({ RoleName: 'recycled', AssumeRolePolicyDocument: trusting(user.arn) }));
    await root.send(new AttachRolePolicyCommand({ RoleName: 'recycled', PolicyArn: ADMIN }));
    await expect(old.iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('session tags through role chaining (aws:PrincipalTag/team)', () => {
  const team = (value: string) => [{ Key: 'team', Value: value }];
  let user: Principal;

  beforeAll(async () => {
    user = await createUser(server, root, 'st-user', { inline: [policy({ Action: ['sts:AssumeRole', 'sts:TagSession'] })] });
    await createUser(server, root, 'st-red', { tags: team('red'), noKey: true });
    await createUser(server, root, 'st-blue', { tags: team('blue'), noKey: true });
    await root.send(new CreateRoleCommand({ RoleName: 'st-red-role', AssumeRolePolicyDocument: trusting(user.arn), Tags: team('red') }));
    await root.send(new PutRolePolicyCommand({ RoleName: 'st-red-role', PolicyName: 'hop', PolicyDocument: policy({ Action: ['sts:AssumeRole', 'sts:TagSession'] }) }));
    await root.send(new CreateRoleCommand({ RoleName: 'st-blue-role', AssumeRolePolicyDocument: trusting(roleArn('st-red-role')) }));
    await root.send(new TagRoleCommand({ RoleName: 'st-blue-role', Tags: team('blue') }));
    await root.send(new PutRolePolicyCommand({
      RoleName: 'st-blue-role',
      PolicyName: 'team-keys',
      PolicyDocument: policy({ Action: 'iam:ListAccessKeys', Resource: `arn:aws:iam::${A}:user/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }),
    }));
  });

  it('the first role’s own tags do not pass to the chained session', async () => {
    const red = await assume(user.sts, roleArn('st-red-role'), 'red');
    const blue = await assume(red.sts, roleArn('st-blue-role'), 'blue');
    await blue.iam.send(new ListAccessKeysCommand({ UserName: 'st-blue' }));
    await expectDenied(blue.iam.send(new ListAccessKeysCommand({ UserName: 'st-red' })), sessionArn('st-blue-role', 'blue'), 'iam:ListAccessKeys', `arn:aws:iam::${A}:user/st-red`);
  });

  it('session tags that are not transitive do not pass either', async () => {
    const red = await assume(user.sts, roleArn('st-red-role'), 'red-tagged', { Tags: team('red') });
    const blue = await assume(red.sts, roleArn('st-blue-role'), 'blue-2');
    await expectDenied(blue.iam.send(new ListAccessKeysCommand({ UserName: 'st-red' })), sessionArn('st-blue-role', 'blue-2'), 'iam:ListAccessKeys', `arn:aws:iam::${A}:user/st-red`);
  });

  it('transitive session tags do pass, and override the role’s own tag (as in AWS)', async () => {
    const red = await assume(user.sts, roleArn('st-red-role'), 'red-transitive', { Tags: team('red'), TransitiveTagKeys: ['team'] });
    const blue = await assume(red.sts, roleArn('st-blue-role'), 'blue-3');
    await blue.iam.send(new ListAccessKeysCommand({ UserName: 'st-red' }));
  });

  it('passing session tags needs sts:TagSession in the role’s trust policy', async () => {
    await root.send(new CreateRoleCommand({
      RoleName: 'st-no-tagging',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }] }),
      Tags: team('blue'),
    }));
    await expectDenied(user.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('st-no-tagging'), RoleSessionName: 'probe', Tags: team('red') })), user.arn, 'sts:TagSession', roleArn('st-no-tagging'));
    await assume(user.sts, roleArn('st-no-tagging'), 'untagged');
  });
});

describe('session policies never widen a session', () => {
  let user: Principal;

  beforeAll(async () => {
    user = await createUser(server, root, 'sp-user', { inline: [policy({ Action: ['sts:AssumeRole', 'sts:GetFederationToken'] })] });
    await root.send(new CreateRoleCommand({ RoleName: 'narrow', AssumeRolePolicyDocument: trusting(user.arn) }));
    await root.send(new PutRolePolicyCommand({ RoleName: 'narrow', PolicyName: 'get', PolicyDocument: policy({ Action: 'iam:GetRole' }) }));
    await root.send(new CreateRoleCommand({ RoleName: 'wide', AssumeRolePolicyDocument: trusting(user.arn) }));
    await root.send(new AttachRolePolicyCommand({ RoleName: 'wide', PolicyArn: ADMIN }));
  });

  it('AssumeRole with a * session policy (inline or AdministratorAccess) gets no more than the role has', async () => {
    const inline = await assume(user.sts, roleArn('narrow'), 'inline', { Policy: policy({ Action: '*' }) });
    await expectDenied(inline.iam.send(new ListRolesCommand({})), sessionArn('narrow', 'inline'), 'iam:ListRoles', '*', noIdentityPolicy('iam:ListRoles'));
    const managed = await assume(user.sts, roleArn('narrow'), 'managed', { PolicyArns: [{ arn: ADMIN }] });
    await expectDenied(managed.iam.send(new ListRolesCommand({})), sessionArn('narrow', 'managed'), 'iam:ListRoles', '*', noIdentityPolicy('iam:ListRoles'));
  });

  it('a narrow session policy narrows an administrator role', async () => {
    const narrowed = await assume(user.sts, roleArn('wide'), 'narrowed', { Policy: policy({ Action: 'iam:GetRole' }) });
    await expectDenied(narrowed.iam.send(new ListRolesCommand({})), sessionArn('wide', 'narrowed'), 'iam:ListRoles', '*', 'because no session policy allows the iam:ListRoles action');
  });

  it('GetFederationToken with session tags needs sts:TagSession', async () => {
    const tags = [{ Key: 'team', Value: 'red' }];
    await expectDenied(user.sts.send(new GetFederationTokenCommand({ Name: 'tagged', Tags: tags })), user.arn, 'sts:TagSession', `arn:aws:sts::${A}:federated-user/tagged`);
    const tagger = await createUser(server, root, 'sp-tagger', { inline: [policy({ Action: ['sts:GetFederationToken', 'sts:TagSession'] })] });
    await tagger.sts.send(new GetFederationTokenCommand({ Name: 'tagged', Tags: tags }));
  });

  it('GetFederationToken with a * policy gets no more than the user has', async () => {
    const { Credentials } = await user.sts.send(new GetFederationTokenCommand({ Name: 'fed', Policy: policy({ Action: '*' }) }));
    const fed = ec2({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    await expect(fed.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
  });
});
