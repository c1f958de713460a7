/**
 * Permissions boundaries as escalation targets (Rhino Security Labs' list: boundary removal or
 * swap), through the real SDK with each principal's own credentials: a bounded principal cannot
 * remove or swap its boundary unless the boundary itself (and its identity policy) allow it, and
 * whatever it does to itself within its boundary, it never gets beyond it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetRoleCommand,
  GetUserCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from '../sdk-server';
import { ADMIN, createUser, expectDenied, noBoundary, noIdentityPolicy, policy, type Principal } from './escalation-harness';

const A = '271828182845';
let server: SdkServer;
let root: IAMClient;
const userArn = (name: string) => `arn:aws:iam::${A}:user/${name}`;
const roleArn = (name: string) => `arn:aws:iam::${A}:role/${name}`;

async function managedPolicy(name: string, document: string): Promise<string> {
  return (await root.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
}
const boundaryOf = async (userName: string) => (await root.send(new GetUserCommand({ UserName: userName }))).User?.PermissionsBoundary?.PermissionsBoundaryArn;
/** iam:CreateGroup stands for "anything beyond the boundaries below". */
const createGroup = (p: { iam: IAMClient }, name: string) => p.iam.send(new CreateGroupCommand({ GroupName: name }));

beforeAll(async () => {
  server = await startSdkServer(A);
  root = server.iam(server.root);
});
afterAll(async () => server?.close());

describe('iam:DeleteUserPermissionsBoundary on oneself', () => {
  it('refused when the boundary does not allow it: the boundary stays, and so do its limits', async () => {
    const readOnly = await managedPolicy('ReadOnlyBoundary', policy({ Action: ['iam:Get*', 'iam:List*'] }));
    const dev = await createUser(server, root, 'dub-lacks', { boundary: readOnly, inline: [policy({ Action: '*' })] });
    await expectDenied(dev.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'dub-lacks' })), dev.arn, 'iam:DeleteUserPermissionsBoundary', dev.arn, noBoundary('iam:DeleteUserPermissionsBoundary'));
    await expectDenied(dev.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dub-lacks', PermissionsBoundary: ADMIN })), dev.arn, 'iam:PutUserPermissionsBoundary', dev.arn, noBoundary('iam:PutUserPermissionsBoundary'));
    expect(await boundaryOf('dub-lacks')).toBe(readOnly);
    await expectDenied(createGroup(dev, 'g-dub-lacks'), dev.arn, 'iam:CreateGroup', `arn:aws:iam::${A}:group/g-dub-lacks`, noBoundary('iam:CreateGroup'));
  });

  it('refused without an identity policy for it, even when the boundary allows it', async () => {
    const loose = await managedPolicy('LooseBoundary-1', policy({ Action: 'iam:DeleteUserPermissionsBoundary' }));
    const dev = await createUser(server, root, 'dub-no-identity', { boundary: loose, inline: [policy({ Action: 'iam:GetUser' })] });
    await expectDenied(dev.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'dub-no-identity' })), dev.arn, 'iam:DeleteUserPermissionsBoundary', dev.arn, noIdentityPolicy('iam:DeleteUserPermissionsBoundary'));
    expect(await boundaryOf('dub-no-identity')).toBe(loose);
  });

  it('allowed by both: the boundary is gone and its limits with it (as in AWS)', async () => {
    const loose = await managedPolicy('LooseBoundary-2', policy({ Action: 'iam:DeleteUserPermissionsBoundary', Resource: userArn('dub-has') }));
    const dev = await createUser(server, root, 'dub-has', { boundary: loose, inline: [policy({ Action: '*' })] });
    await expectDenied(createGroup(dev, 'g-dub-has'), dev.arn, 'iam:CreateGroup', `arn:aws:iam::${A}:group/g-dub-has`, noBoundary('iam:CreateGroup'));
    await dev.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'dub-has' }));
    expect(await boundaryOf('dub-has')).toBeUndefined();
    await createGroup(dev, 'g-dub-has');
  });
});

describe('iam:PutUserPermissionsBoundary: swapping a boundary for a wider one', () => {
  it('a boundary that allows re-setting only itself (iam:PermissionsBoundary) refuses a swap to AdministratorAccess', async () => {
    const swap = await managedPolicy('SwapBoundary', policy({ Action: 'iam:PutUserPermissionsBoundary', Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/SwapBoundary` } } }));
    const dev = await createUser(server, root, 'pub-lacks', { boundary: swap, inline: [policy({ Action: '*' })] });
    await expectDenied(dev.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'pub-lacks', PermissionsBoundary: ADMIN })), dev.arn, 'iam:PutUserPermissionsBoundary', dev.arn, noBoundary('iam:PutUserPermissionsBoundary'));
    expect(await boundaryOf('pub-lacks')).toBe(swap);
    await dev.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'pub-lacks', PermissionsBoundary: swap }));
    expect(await boundaryOf('pub-lacks')).toBe(swap);
  });

  it('a boundary that allows it unconditionally lets the user swap to AdministratorAccess (as in AWS)', async () => {
    const open = await managedPolicy('OpenSwapBoundary', policy({ Action: 'iam:PutUserPermissionsBoundary' }));
    const dev = await createUser(server, root, 'pub-has', { boundary: open, inline: [policy({ Action: '*' })] });
    await dev.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'pub-has', PermissionsBoundary: ADMIN }));
    await createGroup(dev, 'g-pub-has');
  });

  it('a delegated administrator must create and keep users under the boundary it is given', async () => {
    const dev = await managedPolicy('DevBoundary', policy({ Action: ['iam:Get*', 'iam:List*'] }));
    const condition = { StringEquals: { 'iam:PermissionsBoundary': dev } };
    const delegate = await createUser(server, root, 'delegate', { inline: [policy({ Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], Condition: condition })] });
    await expectDenied(delegate.iam.send(new CreateUserCommand({ UserName: 'unbounded' })), delegate.arn, 'iam:CreateUser', userArn('unbounded'));
    await expectDenied(delegate.iam.send(new CreateUserCommand({ UserName: 'unbounded', PermissionsBoundary: ADMIN })), delegate.arn, 'iam:CreateUser', userArn('unbounded'));
    await expect(root.send(new GetUserCommand({ UserName: 'unbounded' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await delegate.iam.send(new CreateUserCommand({ UserName: 'bounded-hire', PermissionsBoundary: dev }));
    await expectDenied(delegate.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-hire', PermissionsBoundary: ADMIN })), delegate.arn, 'iam:PutUserPermissionsBoundary', userArn('bounded-hire'));
    expect(await boundaryOf('bounded-hire')).toBe(dev);
  });
});

describe('a bounded user never gets beyond its boundary', () => {
  it('after attaching AdministratorAccess, an inline *, an admin group and a * policy version to itself', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'AdminsB' }));
    await root.send(new AttachGroupPolicyCommand({ GroupName: 'AdminsB', PolicyArn: ADMIN }));
    const own = await managedPolicy('bx-own', policy({ Action: 'iam:GetUser' }));
    const boundary = await managedPolicy('BxBoundary', policy({
      Action: ['iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:AddUserToGroup', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:TagUser', 'iam:GetUser'],
    }));
    const bx: Principal = await createUser(server, root, 'bx', { boundary, attach: [own], inline: [policy({ Action: '*' })] });
    await bx.iam.send(new AttachUserPolicyCommand({ UserName: 'bx', PolicyArn: ADMIN }));
    await bx.iam.send(new PutUserPolicyCommand({ UserName: 'bx', PolicyName: 'everything', PolicyDocument: policy({ Action: '*' }) }));
    await bx.iam.send(new AddUserToGroupCommand({ GroupName: 'AdminsB', UserName: 'bx' }));
    await bx.iam.send(new CreatePolicyVersionCommand({ PolicyArn: own, PolicyDocument: policy({ Action: '*' }), SetAsDefault: true }));
    await bx.iam.send(new TagUserCommand({ UserName: 'bx', Tags: [{ Key: 'role', Value: 'admin' }] }));
    await expectDenied(createGroup(bx, 'g-bx'), bx.arn, 'iam:CreateGroup', `arn:aws:iam::${A}:group/g-bx`, noBoundary('iam:CreateGroup'));
    await expectDenied(bx.iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bx' })), bx.arn, 'iam:DeleteUserPermissionsBoundary', bx.arn, noBoundary('iam:DeleteUserPermissionsBoundary'));
    await expectDenied(bx.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bx', PermissionsBoundary: ADMIN })), bx.arn, 'iam:PutUserPermissionsBoundary', bx.arn, noBoundary('iam:PutUserPermissionsBoundary'));
    expect(await boundaryOf('bx')).toBe(boundary);
  });
});

describe('iam:DeleteRolePermissionsBoundary / PutRolePermissionsBoundary', () => {
  let roleBoundary: string;
  let lacks: Principal;
  let has: Principal;

  beforeAll(async () => {
    roleBoundary = await managedPolicy('RoleBoundary', policy({ Action: ['iam:GetRole', 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'] }));
    lacks = await createUser(server, root, 'rb-lacks', { inline: [policy({ Action: 'sts:AssumeRole' })] });
    has = await createUser(server, root, 'rb-has', { inline: [policy({ Action: 'sts:AssumeRole' }, { Action: 'iam:DeleteRolePermissionsBoundary', Resource: roleArn('bounded-role') })] });
    await root.send(new CreateRoleCommand({
      RoleName: 'bounded-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [lacks.arn, has.arn] }, Action: 'sts:AssumeRole' }] }),
      PermissionsBoundary: roleBoundary,
    }));
    // The role's identity policy would allow everything; its boundary allows three actions.
    await root.send(new AttachRolePolicyCommand({ RoleName: 'bounded-role', PolicyArn: ADMIN }));
  });

  const boundaryOfRole = async () => (await root.send(new GetRoleCommand({ RoleName: 'bounded-role' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn;

  it('without the permission: AccessDenied, the role keeps its boundary', async () => {
    await expectDenied(lacks.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-role' })), lacks.arn, 'iam:DeleteRolePermissionsBoundary', roleArn('bounded-role'), noIdentityPolicy('iam:DeleteRolePermissionsBoundary'));
    await expectDenied(lacks.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded-role', PermissionsBoundary: ADMIN })), lacks.arn, 'iam:PutRolePermissionsBoundary', roleArn('bounded-role'));
    expect(await boundaryOfRole()).toBe(roleBoundary);
    // The role's own session may do what its boundary allows, but nothing beyond it.
    const session = await assume(lacks, 'rb-lacks-session');
    await expectDenied(createGroup(session, 'g-rb'), `arn:aws:sts::${A}:assumed-role/bounded-role/rb-lacks-session`, 'iam:CreateGroup', `arn:aws:iam::${A}:group/g-rb`, noBoundary('iam:CreateGroup'));
  });

  it('with it: the boundary is removed and the role’s sessions get its full policies (as in AWS)', async () => {
    const session = await assume(has, 'rb-has-session');
    await expectDenied(createGroup(session, 'g-rb-has'), `arn:aws:sts::${A}:assumed-role/bounded-role/rb-has-session`, 'iam:CreateGroup', `arn:aws:iam::${A}:group/g-rb-has`, noBoundary('iam:CreateGroup'));
    await has.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded-role' }));
    expect(await boundaryOfRole()).toBeUndefined();
    await createGroup(await assume(has, 'rb-has-session-2'), 'g-rb-has');
  });
});

async function assume(p: Principal, sessionName: string): Promise<{ iam: IAMClient }> {
  const { Credentials } = await p.sts.send(new AssumeRoleCommand({ RoleArn: roleArn('bounded-role'), RoleSessionName: sessionName }));
  return { iam: server.iam({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }) };
}
