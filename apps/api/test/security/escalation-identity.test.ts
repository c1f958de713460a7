/**
 * The well-known IAM privilege escalations on users, groups and managed policies (Rhino Security
 * Labs' list), each as a pair through the real SDK with the attacker's own access key: without
 * the permission the call is refused with AccessDenied and nothing changes (checked with the root
 * key); with it, the call succeeds and the attacker gains what AWS would give it. Also: explicit
 * Deny in a group beats Allow in a user policy, and tag-based (ABAC) access follows the tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeleteGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from '../sdk-server';
import { ADMIN, READ_ONLY, canSignIn, createUser, expectDenied, explicitDeny, noIdentityPolicy, policy, isAdmin } from './escalation-harness';

const A = '314159265358';
let server: SdkServer;
let root: IAMClient;
const userArn = (name: string) => `arn:aws:iam::${A}:user/${name}`;
const groupArn = (name: string) => `arn:aws:iam::${A}:group/${name}`;
const policyArn = (name: string) => `arn:aws:iam::${A}:policy/${name}`;

beforeAll(async () => {
  server = await startSdkServer(A);
  root = server.iam(server.root);
});
afterAll(async () => server?.close());

describe('iam:CreatePolicyVersion on a policy attached to oneself', () => {
  it('without the permission: AccessDenied, the policy keeps its one version', async () => {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: 'dev-lacks', PolicyDocument: policy({ Action: 'iam:GetUser' }) }))).Policy!.Arn!;
    const dev = await createUser(server, root, 'pv-lacks', { attach: [arn] });
    await expectDenied(dev.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy({ Action: '*' }), SetAsDefault: true })), dev.arn, 'iam:CreatePolicyVersion', arn, noIdentityPolicy('iam:CreatePolicyVersion'));
    expect((await root.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.map((v) => v.VersionId)).toEqual(['v1']);
    expect(await isAdmin(dev)).toBe(false);
  });

  it('with it, SetAsDefault makes the new version effective without iam:SetDefaultPolicyVersion (as in AWS)', async () => {
    const arn = policyArn('dev-has');
    await root.send(new CreatePolicyCommand({ PolicyName: 'dev-has', PolicyDocument: policy({ Action: 'iam:CreatePolicyVersion', Resource: arn }) }));
    const dev = await createUser(server, root, 'pv-has', { attach: [arn] });
    expect(await isAdmin(dev)).toBe(false);
    await dev.iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy({ Action: '*' }), SetAsDefault: true }));
    expect((await root.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v2');
    expect(await isAdmin(dev)).toBe(true);
  });

  it('cannot add a version to an AWS managed policy', async () => {
    const dev = await createUser(server, root, 'pv-aws', { inline: [policy({ Action: 'iam:CreatePolicyVersion' })] });
    const before = (await root.send(new ListPolicyVersionsCommand({ PolicyArn: READ_ONLY }))).Versions;
    // Refused (AWS's own policies are not the account's to change), whatever the wording.
    await expect(dev.iam.send(new CreatePolicyVersionCommand({ PolicyArn: READ_ONLY, PolicyDocument: policy({ Action: '*' }), SetAsDefault: true }))).rejects.toThrow();
    expect((await root.send(new ListPolicyVersionsCommand({ PolicyArn: READ_ONLY }))).Versions).toEqual(before);
    expect(await isAdmin(dev)).toBe(false);
  });
});

describe('iam:SetDefaultPolicyVersion to a dormant, more permissive version', () => {
  async function policyWithDormantAdminVersion(name: string, v1: string) {
    const arn = (await root.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: v1 }))).Policy!.Arn!;
    await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policy({ Action: '*' }), SetAsDefault: false }));
    return arn;
  }

  it('without the permission: AccessDenied, v1 stays the default', async () => {
    const arn = await policyWithDormantAdminVersion('dormant-lacks', policy({ Action: 'iam:GetUser' }));
    const dev = await createUser(server, root, 'sd-lacks', { attach: [arn] });
    await expectDenied(dev.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), dev.arn, 'iam:SetDefaultPolicyVersion', arn);
    expect((await root.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v1');
    expect(await isAdmin(dev)).toBe(false);
  });

  it('with it: v2 becomes the default and the attacker an administrator (as in AWS)', async () => {
    const arn = await policyWithDormantAdminVersion('dormant-has', policy({ Action: 'iam:SetDefaultPolicyVersion', Resource: policyArn('dormant-has') }));
    const dev = await createUser(server, root, 'sd-has', { attach: [arn] });
    await dev.iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(await isAdmin(dev)).toBe(true);
  });
});

describe('iam:CreateAccessKey for another user', () => {
  it('without the permission on the victim: AccessDenied, the victim has no key', async () => {
    await createUser(server, root, 'ak-victim', { attach: [ADMIN], noKey: true });
    const attacker = await createUser(server, root, 'ak-lacks', { inline: [policy({ Action: 'iam:CreateAccessKey', Resource: userArn('ak-lacks') })] });
    await expectDenied(attacker.iam.send(new CreateAccessKeyCommand({ UserName: 'ak-victim' })), attacker.arn, 'iam:CreateAccessKey', userArn('ak-victim'));
    expect((await root.send(new ListAccessKeysCommand({ UserName: 'ak-victim' }))).AccessKeyMetadata).toEqual([]);
  });

  it('with it: the new key acts as the victim (as in AWS)', async () => {
    await createUser(server, root, 'ak-victim-2', { attach: [ADMIN], noKey: true });
    const attacker = await createUser(server, root, 'ak-has', { inline: [policy({ Action: 'iam:CreateAccessKey', Resource: userArn('ak-victim-2') })] });
    const { AccessKey } = await attacker.iam.send(new CreateAccessKeyCommand({ UserName: 'ak-victim-2' }));
    const asVictim = server.sts({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    expect((await asVictim.send(new GetCallerIdentityCommand({}))).Arn).toBe(userArn('ak-victim-2'));
  });
});

describe('iam:CreateLoginProfile / iam:UpdateLoginProfile for another user', () => {
  it('CreateLoginProfile without the permission: AccessDenied, the victim has no password', async () => {
    await createUser(server, root, 'lp-victim', { attach: [ADMIN], noKey: true });
    const attacker = await createUser(server, root, 'lp-lacks', { inline: [policy({ Action: 'iam:GetLoginProfile' })] });
    await expectDenied(attacker.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-victim', Password: 'Attacker-Chosen-1!' })), attacker.arn, 'iam:CreateLoginProfile', userArn('lp-victim'));
    await expect(root.send(new GetLoginProfileCommand({ UserName: 'lp-victim' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    expect(await canSignIn(server, 'lp-victim', 'Attacker-Chosen-1!')).toBe(false);
  });

  it('CreateLoginProfile with it: the attacker signs in as the victim (as in AWS)', async () => {
    await createUser(server, root, 'lp-victim-2', { attach: [ADMIN], noKey: true });
    const attacker = await createUser(server, root, 'lp-has', { inline: [policy({ Action: 'iam:CreateLoginProfile', Resource: userArn('lp-victim-2') })] });
    await attacker.iam.send(new CreateLoginProfileCommand({ UserName: 'lp-victim-2', Password: 'Attacker-Chosen-1!' }));
    expect(await canSignIn(server, 'lp-victim-2', 'Attacker-Chosen-1!')).toBe(true);
  });

  it('UpdateLoginProfile without the permission: AccessDenied, the old password still works and the new one does not', async () => {
    await createUser(server, root, 'ulp-victim', { attach: [ADMIN], noKey: true });
    await root.send(new CreateLoginProfileCommand({ UserName: 'ulp-victim', Password: 'Victims-Own-Pass-1!' }));
    const attacker = await createUser(server, root, 'ulp-lacks', { inline: [policy({ Action: 'iam:UpdateLoginProfile', Resource: userArn('ulp-lacks') })] });
    await expectDenied(attacker.iam.send(new UpdateLoginProfileCommand({ UserName: 'ulp-victim', Password: 'Attacker-Chosen-1!' })), attacker.arn, 'iam:UpdateLoginProfile', userArn('ulp-victim'));
    expect(await canSignIn(server, 'ulp-victim', 'Attacker-Chosen-1!')).toBe(false);
    expect(await canSignIn(server, 'ulp-victim', 'Victims-Own-Pass-1!')).toBe(true);
  });

  it('UpdateLoginProfile with it: the attacker’s password signs in as the victim (as in AWS)', async () => {
    await createUser(server, root, 'ulp-victim-2', { attach: [ADMIN], noKey: true });
    await root.send(new CreateLoginProfileCommand({ UserName: 'ulp-victim-2', Password: 'Victims-Own-Pass-1!' }));
    const attacker = await createUser(server, root, 'ulp-has', { inline: [policy({ Action: 'iam:UpdateLoginProfile', Resource: userArn('ulp-victim-2') })] });
    await attacker.iam.send(new UpdateLoginProfileCommand({ UserName: 'ulp-victim-2', Password: 'Attacker-Chosen-1!' }));
    expect(await canSignIn(server, 'ulp-victim-2', 'Attacker-Chosen-1!')).toBe(true);
  });
});

describe('iam:AttachUserPolicy / iam:AttachGroupPolicy', () => {
  it('AttachUserPolicy without the permission: AccessDenied, nothing attached', async () => {
    const dev = await createUser(server, root, 'aup-lacks', { inline: [policy({ Action: 'iam:ListAttachedUserPolicies' })] });
    await expectDenied(dev.iam.send(new AttachUserPolicyCommand({ UserName: 'aup-lacks', PolicyArn: ADMIN })), dev.arn, 'iam:AttachUserPolicy', dev.arn);
    expect((await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'aup-lacks' }))).AttachedPolicies).toEqual([]);
    expect(await isAdmin(dev)).toBe(false);
  });

  it('AttachUserPolicy limited by iam:PolicyARN: AdministratorAccess refused, ReadOnlyAccess allowed', async () => {
    const dev = await createUser(server, root, 'aup-limited', { inline: [policy({ Action: 'iam:AttachUserPolicy', Resource: userArn('aup-limited'), Condition: { ArnEquals: { 'iam:PolicyARN': READ_ONLY } } })] });
    await expectDenied(dev.iam.send(new AttachUserPolicyCommand({ UserName: 'aup-limited', PolicyArn: ADMIN })), dev.arn, 'iam:AttachUserPolicy', dev.arn);
    expect((await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'aup-limited' }))).AttachedPolicies).toEqual([]);
    await dev.iam.send(new AttachUserPolicyCommand({ UserName: 'aup-limited', PolicyArn: READ_ONLY }));
    expect((await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'aup-limited' }))).AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([READ_ONLY]);
  });

  it('AttachUserPolicy with it: AdministratorAccess on oneself (as in AWS)', async () => {
    const dev = await createUser(server, root, 'aup-has', { inline: [policy({ Action: 'iam:AttachUserPolicy', Resource: userArn('aup-has') })] });
    await dev.iam.send(new AttachUserPolicyCommand({ UserName: 'aup-has', PolicyArn: ADMIN }));
    expect(await isAdmin(dev)).toBe(true);
  });

  it('AttachGroupPolicy on one’s own group: refused without the permission, effective with it', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'agp-devs' }));
    const lacks = await createUser(server, root, 'agp-lacks', { groups: ['agp-devs'] });
    await expectDenied(lacks.iam.send(new AttachGroupPolicyCommand({ GroupName: 'agp-devs', PolicyArn: ADMIN })), lacks.arn, 'iam:AttachGroupPolicy', groupArn('agp-devs'));
    expect((await root.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'agp-devs' }))).AttachedPolicies).toEqual([]);
    expect(await isAdmin(lacks)).toBe(false);

    const has = await createUser(server, root, 'agp-has', { groups: ['agp-devs'], inline: [policy({ Action: 'iam:AttachGroupPolicy', Resource: groupArn('agp-devs') })] });
    await has.iam.send(new AttachGroupPolicyCommand({ GroupName: 'agp-devs', PolicyArn: ADMIN }));
    expect(await isAdmin(has)).toBe(true);
  });
});

describe('iam:PutUserPolicy / iam:PutGroupPolicy', () => {
  it('PutUserPolicy without the permission: AccessDenied, no inline policy', async () => {
    const dev = await createUser(server, root, 'pup-lacks', { inline: [policy({ Action: 'iam:GetUserPolicy' })] });
    await expectDenied(dev.iam.send(new PutUserPolicyCommand({ UserName: 'pup-lacks', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) })), dev.arn, 'iam:PutUserPolicy', dev.arn);
    expect((await root.send(new ListUserPoliciesCommand({ UserName: 'pup-lacks' }))).PolicyNames).toEqual(['inline-0']);
    expect(await isAdmin(dev)).toBe(false);
  });

  it('PutUserPolicy with it: an inline * policy makes the attacker an administrator (as in AWS)', async () => {
    const dev = await createUser(server, root, 'pup-has', { inline: [policy({ Action: 'iam:PutUserPolicy', Resource: userArn('pup-has') })] });
    await dev.iam.send(new PutUserPolicyCommand({ UserName: 'pup-has', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) }));
    expect(await isAdmin(dev)).toBe(true);
  });

  it('PutGroupPolicy on one’s own group: refused without the permission, effective with it', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'pgp-devs' }));
    const lacks = await createUser(server, root, 'pgp-lacks', { groups: ['pgp-devs'] });
    await expectDenied(lacks.iam.send(new PutGroupPolicyCommand({ GroupName: 'pgp-devs', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) })), lacks.arn, 'iam:PutGroupPolicy', groupArn('pgp-devs'));
    expect((await root.send(new ListGroupPoliciesCommand({ GroupName: 'pgp-devs' }))).PolicyNames).toEqual([]);

    const has = await createUser(server, root, 'pgp-has', { groups: ['pgp-devs'], inline: [policy({ Action: 'iam:PutGroupPolicy', Resource: groupArn('pgp-devs') })] });
    await has.iam.send(new PutGroupPolicyCommand({ GroupName: 'pgp-devs', PolicyName: 'pwn', PolicyDocument: policy({ Action: '*' }) }));
    expect(await isAdmin(has)).toBe(true);
    expect(await isAdmin(lacks)).toBe(true);
  });
});

describe('iam:AddUserToGroup into an administrators group', () => {
  it('without the permission on the group: AccessDenied, no membership', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'Admins' }));
    await root.send(new AttachGroupPolicyCommand({ GroupName: 'Admins', PolicyArn: ADMIN }));
    const dev = await createUser(server, root, 'ug-lacks', { inline: [policy({ Action: 'iam:AddUserToGroup', Resource: groupArn('Readers') })] });
    await expectDenied(dev.iam.send(new AddUserToGroupCommand({ GroupName: 'Admins', UserName: 'ug-lacks' })), dev.arn, 'iam:AddUserToGroup', groupArn('Admins'));
    expect((await root.send(new GetGroupCommand({ GroupName: 'Admins' }))).Users).toEqual([]);
    expect(await isAdmin(dev)).toBe(false);
  });

  it('with it: the attacker joins and becomes an administrator (as in AWS)', async () => {
    const dev = await createUser(server, root, 'ug-has', { inline: [policy({ Action: 'iam:AddUserToGroup', Resource: groupArn('Admins') })] });
    await dev.iam.send(new AddUserToGroupCommand({ GroupName: 'Admins', UserName: 'ug-has' }));
    expect(await isAdmin(dev)).toBe(true);
  });
});

describe('an explicit Deny in a group policy wins over an Allow in a user policy', () => {
  const guardrail = policy({
    Effect: 'Deny',
    Action: ['iam:ListRoles', 'iam:RemoveUserFromGroup', 'iam:DeleteGroupPolicy', 'iam:PutGroupPolicy', 'iam:DetachGroupPolicy', 'iam:UpdateGroup', 'iam:DeleteGroup'],
  });

  it('an Allow * user stays denied, even after attaching AdministratorAccess to itself', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'guarded' }));
    await root.send(new PutGroupPolicyCommand({ GroupName: 'guarded', PolicyName: 'guardrail', PolicyDocument: guardrail }));
    const dev = await createUser(server, root, 'guarded-dev', { groups: ['guarded'], inline: [policy({ Action: '*' })] });
    await expectDenied(dev.iam.send(new ListRolesCommand({})), dev.arn, 'iam:ListRoles', '*', explicitDeny);
    await dev.iam.send(new AttachUserPolicyCommand({ UserName: 'guarded-dev', PolicyArn: ADMIN }));
    await expectDenied(dev.iam.send(new ListRolesCommand({})), dev.arn, 'iam:ListRoles', '*', explicitDeny);
  });

  it('the user cannot leave the group or strip its policy', async () => {
    const dev = await createUser(server, root, 'guarded-dev-2', { groups: ['guarded'], inline: [policy({ Action: '*' })] });
    await expectDenied(dev.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'guarded', UserName: 'guarded-dev-2' })), dev.arn, 'iam:RemoveUserFromGroup', groupArn('guarded'), explicitDeny);
    await expectDenied(dev.iam.send(new DeleteGroupPolicyCommand({ GroupName: 'guarded', PolicyName: 'guardrail' })), dev.arn, 'iam:DeleteGroupPolicy', groupArn('guarded'), explicitDeny);
    await expectDenied(dev.iam.send(new PutGroupPolicyCommand({ GroupName: 'guarded', PolicyName: 'guardrail', PolicyDocument: policy({ Action: 'iam:GetUser' }) })), dev.arn, 'iam:PutGroupPolicy', groupArn('guarded'), explicitDeny);
    expect((await root.send(new ListGroupsForUserCommand({ UserName: 'guarded-dev-2' }))).Groups?.map((g) => g.GroupName)).toEqual(['guarded']);
    expect((await root.send(new ListGroupPoliciesCommand({ GroupName: 'guarded' }))).PolicyNames).toEqual(['guardrail']);
    // Detaching its own policies changes nothing: the group's Deny still decides.
    await dev.iam.send(new DetachUserPolicyCommand({ UserName: 'guarded-dev-2', PolicyArn: ADMIN })).catch(() => undefined);
    await expectDenied(dev.iam.send(new ListRolesCommand({})), dev.arn, 'iam:ListRoles', '*', explicitDeny);
  });

  it('a guardrail that does not cover RemoveUserFromGroup can be left (as in AWS)', async () => {
    await root.send(new CreateGroupCommand({ GroupName: 'leaky' }));
    await root.send(new PutGroupPolicyCommand({ GroupName: 'leaky', PolicyName: 'guardrail', PolicyDocument: policy({ Effect: 'Deny', Action: 'iam:ListRoles' }) }));
    const dev = await createUser(server, root, 'leaky-dev', { groups: ['leaky'], inline: [policy({ Action: '*' })] });
    await expectDenied(dev.iam.send(new ListRolesCommand({})), dev.arn, 'iam:ListRoles', '*', explicitDeny);
    await dev.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'leaky', UserName: 'leaky-dev' }));
    expect(await isAdmin(dev)).toBe(true);
  });
});

describe('tag-based access (ABAC): aws:ResourceTag/team = ${aws:PrincipalTag/team}', () => {
  const teamKeys = policy({ Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys'], Resource: `arn:aws:iam::${A}:user/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } });
  const team = (value: string) => [{ Key: 'team', Value: value }];
  const tagsOf = async (userName: string) => (await root.send(new ListUserTagsCommand({ UserName: userName }))).Tags;

  beforeAll(async () => {
    await createUser(server, root, 'red-admin', { attach: [ADMIN], tags: team('red'), noKey: true });
    await createUser(server, root, 'blue-dev', { tags: team('blue'), noKey: true });
  });

  it('grants on one’s own team’s users only', async () => {
    const eve = await createUser(server, root, 'abac-eve', { tags: team('blue'), inline: [teamKeys] });
    await eve.iam.send(new ListAccessKeysCommand({ UserName: 'blue-dev' }));
    await expectDenied(eve.iam.send(new CreateAccessKeyCommand({ UserName: 'red-admin' })), eve.arn, 'iam:CreateAccessKey', userArn('red-admin'));
    expect((await root.send(new ListAccessKeysCommand({ UserName: 'red-admin' }))).AccessKeyMetadata).toEqual([]);
  });

  it('without iam:TagUser the attacker can retag neither the victim nor itself', async () => {
    const eve = await createUser(server, root, 'abac-lacks', { tags: team('blue'), inline: [teamKeys] });
    await expectDenied(eve.iam.send(new TagUserCommand({ UserName: 'red-admin', Tags: team('blue') })), eve.arn, 'iam:TagUser', userArn('red-admin'));
    await expectDenied(eve.iam.send(new TagUserCommand({ UserName: 'abac-lacks', Tags: team('red') })), eve.arn, 'iam:TagUser', eve.arn);
    expect(await tagsOf('red-admin')).toEqual(team('red'));
    expect(await tagsOf('abac-lacks')).toEqual(team('blue'));
    await expectDenied(eve.iam.send(new CreateAccessKeyCommand({ UserName: 'red-admin' })), eve.arn, 'iam:CreateAccessKey', userArn('red-admin'));
  });

  it('iam:TagUser that may not touch the team key (aws:TagKeys) cannot change it', async () => {
    const eve = await createUser(server, root, 'abac-scoped', {
      tags: team('blue'),
      inline: [teamKeys, policy({ Action: 'iam:TagUser', Condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['team'] } } })],
    });
    await expectDenied(eve.iam.send(new TagUserCommand({ UserName: 'abac-scoped', Tags: team('red') })), eve.arn, 'iam:TagUser', eve.arn);
    await expectDenied(eve.iam.send(new TagUserCommand({ UserName: 'red-admin', Tags: team('blue') })), eve.arn, 'iam:TagUser', userArn('red-admin'));
    expect(await tagsOf('abac-scoped')).toEqual(team('blue'));
    await eve.iam.send(new TagUserCommand({ UserName: 'abac-scoped', Tags: [{ Key: 'project', Value: 'x' }] }));
  });

  it('with unrestricted iam:TagUser on itself, retagging itself grants the other team’s users (as in AWS)', async () => {
    const eve = await createUser(server, root, 'abac-self', { tags: team('blue'), inline: [teamKeys, policy({ Action: 'iam:TagUser', Resource: userArn('abac-self') })] });
    await eve.iam.send(new TagUserCommand({ UserName: 'abac-self', Tags: team('red') }));
    await eve.iam.send(new ListAccessKeysCommand({ UserName: 'red-admin' }));
  });

  it('with unrestricted iam:TagUser on the victim, retagging it grants access to it (as in AWS)', async () => {
    await createUser(server, root, 'red-ops', { attach: [ADMIN], tags: team('red'), noKey: true });
    const eve = await createUser(server, root, 'abac-victim', { tags: team('blue'), inline: [teamKeys, policy({ Action: 'iam:TagUser', Resource: userArn('red-ops') })] });
    await eve.iam.send(new TagUserCommand({ UserName: 'red-ops', Tags: team('blue') }));
    await eve.iam.send(new ListAccessKeysCommand({ UserName: 'red-ops' }));
  });

  it('a principal tag removed by the administrator stops granting at once', async () => {
    const eve = await createUser(server, root, 'abac-revoked', { tags: team('red'), inline: [teamKeys] });
    await eve.iam.send(new ListAccessKeysCommand({ UserName: 'red-admin' }));
    await root.send(new TagUserCommand({ UserName: 'abac-revoked', Tags: team('blue') }));
    await expectDenied(eve.iam.send(new ListAccessKeysCommand({ UserName: 'red-admin' })), eve.arn, 'iam:ListAccessKeys', userArn('red-admin'));
    await root.send(new UntagUserCommand({ UserName: 'abac-revoked', TagKeys: ['team'] }));
    await expectDenied(eve.iam.send(new ListAccessKeysCommand({ UserName: 'blue-dev' })), eve.arn, 'iam:ListAccessKeys', userArn('blue-dev'));
  });

  it('a Deny guardrail on aws:ResourceTag/protected also protects the tag itself from UntagUser', async () => {
    await createUser(server, root, 'protected-admin', { attach: [ADMIN], tags: [{ Key: 'protected', Value: 'true' }], noKey: true });
    const eve = await createUser(server, root, 'abac-untag', {
      inline: [policy({ Action: ['iam:UntagUser', 'iam:CreateAccessKey', 'iam:ListUserTags'] }, { Effect: 'Deny', Action: 'iam:*', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } } })],
    });
    await expectDenied(eve.iam.send(new UntagUserCommand({ UserName: 'protected-admin', TagKeys: ['protected'] })), eve.arn, 'iam:UntagUser', userArn('protected-admin'), explicitDeny);
    await expectDenied(eve.iam.send(new CreateAccessKeyCommand({ UserName: 'protected-admin' })), eve.arn, 'iam:CreateAccessKey', userArn('protected-admin'), explicitDeny);
    expect(await tagsOf('protected-admin')).toEqual([{ Key: 'protected', Value: 'true' }]);
    expect((await root.send(new ListAccessKeysCommand({ UserName: 'protected-admin' }))).AccessKeyMetadata).toEqual([]);
  });

  it('a guardrail that covers only CreateAccessKey falls to UntagUser (as in AWS)', async () => {
    await createUser(server, root, 'protected-2', { attach: [ADMIN], tags: [{ Key: 'protected', Value: 'true' }], noKey: true });
    const eve = await createUser(server, root, 'abac-untag-2', {
      inline: [policy({ Action: ['iam:UntagUser', 'iam:CreateAccessKey'] }, { Effect: 'Deny', Action: 'iam:CreateAccessKey', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } } })],
    });
    await expectDenied(eve.iam.send(new CreateAccessKeyCommand({ UserName: 'protected-2' })), eve.arn, 'iam:CreateAccessKey', userArn('protected-2'), explicitDeny);
    await eve.iam.send(new UntagUserCommand({ UserName: 'protected-2', TagKeys: ['protected'] }));
    await eve.iam.send(new CreateAccessKeyCommand({ UserName: 'protected-2' }));
  });
});
