/**
 * Issue #12, finding 6, closed as a class: tag-based guardrails hold for the WHOLE action table.
 *
 * Every action of actions/registry.ts is classified here — a sample input aimed at a tagged
 * resource (TAGGED) or the reason it has none (NO_TAGGABLE_RESOURCE) — and every action whose
 * input carries tags has a request-tag sample (REQUEST_TAGS); a new action fails the first two
 * tests until it is classified. Then, through the real Query API (and the JSON protocol for
 * Organizations) with IAM users' own access keys:
 * - aws:ResourceTag: a user allowed `*` but denied `*` on resources tagged protected=true is
 *   refused each TAGGED action on the tagged resource, with the explicit deny (AccessDenied, or
 *   EC2's UnauthorizedOperation) naming the action; the same call on its twin, tagged
 *   protected=false, is not refused by authorization. FURTHER_RESOURCES: the same for a second
 *   resource an action is authorized on (the role iam:PassRole hands over, a security group).
 * - aws:RequestTag and aws:TagKeys: a Deny on the tag `blocked` refuses each REQUEST_TAGS action
 *   carrying it, and lets the same call with another tag through.
 * EC2 samples set DryRun, so that nothing is changed by a call that passes authorization.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { actionTable } from '../../src/actions/registry';
import { startSdkServer, type Credentials, type SdkServer } from '../sdk-server';
import { fixture, newSshRsaKey } from '../fixtures/credentials';
import { samlMetadata } from '../fixtures/saml-metadata';

const A = '271828182845';
type Tag = { Key: string; Value: string };

// ---------------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------------

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const denyAllWhen = (Condition: object) => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition });
/** The guardrail under test: the caller may do anything, except to resources tagged protected=true. */
const GUARDED = { 'allow-all': doc(ALLOW_ALL), 'deny-protected': doc(denyAllWhen({ StringEquals: { 'aws:ResourceTag/protected': 'true' } })) };
const DENY_REQUEST_TAG = doc(denyAllWhen({ StringEquals: { 'aws:RequestTag/blocked': 'yes' } }));
const DENY_TAG_KEYS = doc(denyAllWhen({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'blocked' } }));
const TRUST = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

// ---------------------------------------------------------------------------------------------
// The resources: one of every taggable type, in three sets — tagged protected=true, its twin
// tagged protected=false, and one without tags (for the request-tag tests).
// ---------------------------------------------------------------------------------------------

interface Resources {
  user: string;
  userArn: string;
  password: string;
  /** The user's own access key (it has the GUARDED policies: for actions on the caller itself). */
  credentials: Credentials;
  role: string;
  roleArn: string;
  serviceLinkedRole: string;
  policyArn: string;
  instanceProfile: string;
  serverCertificate: string;
  oidcArn: string;
  samlArn: string;
  mfa: string;
  image: string;
  snapshot: string;
  instance: string;
  securityGroup: string;
  volume: string;
}

const PASSWORD = 'Sample-Passw0rd!';
const THUMBPRINT = 'a'.repeat(40);
const SSH_KEY = newSshRsaKey().openSsh;
const FAKE_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const deletionTask = (role: string) => `task/aws-service-role/autoscaling.amazonaws.com/${role}/00000000-0000-4000-8000-000000000000`;
/** EC2's tag specification for one resource type. */
const spec = (ResourceType: string, tags: Tag[]) => [{ ResourceType, Tag: tags }];
const keysOf = (tags: Tag[]) => tags.map((t) => t.Key);
let seq = 0;
const uniq = (prefix: string) => `${prefix}-${++seq}`;

async function createResources(prefix: string, tags: Tag[]): Promise<Resources> {
  const Tags = tags.length ? tags : undefined;
  const TagSpecification = (type: string) => (tags.length ? spec(type, tags) : undefined);
  const user = `${prefix}-user`;
  await asRoot('iam:CreateUser', { UserName: user, Tags });
  for (const [PolicyName, PolicyDocument] of Object.entries(GUARDED)) await asRoot('iam:PutUserPolicy', { UserName: user, PolicyName, PolicyDocument });
  await asRoot('iam:CreateLoginProfile', { UserName: user, Password: PASSWORD });
  const key = await asRoot('iam:CreateAccessKey', { UserName: user });
  const role = `${prefix}-role`;
  await asRoot('iam:CreateRole', { RoleName: role, AssumeRolePolicyDocument: TRUST, Tags });
  const serviceLinkedRole = `AWSServiceRoleForAutoScaling_${prefix}`;
  await asRoot('iam:CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: prefix });
  if (Tags) await asRoot('iam:TagRole', { RoleName: serviceLinkedRole, Tags });
  const instanceProfile = `${prefix}-profile`;
  await asRoot('iam:CreateInstanceProfile', { InstanceProfileName: instanceProfile, Tags });
  const serverCertificate = `${prefix}-certificate`;
  await asRoot('iam:UploadServerCertificate', { ServerCertificateName: serverCertificate, CertificateBody: fixture('server.crt'), PrivateKey: fixture('server.key'), Tags });
  const volume = xmlValue(await asRoot('ec2:CreateVolume', { Size: 8, AvailabilityZone: 'us-east-1a', TagSpecification: TagSpecification('volume') }), 'volumeId');
  const image = xmlValue(await asRoot('ec2:RegisterImage', { Name: `${prefix}-image`, ImageLocation: 'samples/image.manifest.xml', TagSpecification: TagSpecification('image') }), 'imageId');
  return {
    user,
    userArn: `arn:aws:iam::${A}:user/${user}`,
    password: PASSWORD,
    credentials: { accessKeyId: xmlValue(key, 'AccessKeyId'), secretAccessKey: xmlValue(key, 'SecretAccessKey') },
    role,
    roleArn: `arn:aws:iam::${A}:role/${role}`,
    serviceLinkedRole,
    policyArn: xmlValue(await asRoot('iam:CreatePolicy', { PolicyName: `${prefix}-policy`, PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }), Tags }), 'Arn'),
    instanceProfile,
    serverCertificate,
    oidcArn: xmlValue(await asRoot('iam:CreateOpenIDConnectProvider', { Url: `https://${prefix}.idp.example.com`, ClientIDList: ['app'], ThumbprintList: [THUMBPRINT], Tags }), 'OpenIDConnectProviderArn'),
    samlArn: xmlValue(await asRoot('iam:CreateSAMLProvider', { Name: `${prefix}-saml`, SAMLMetadataDocument: samlMetadata({ entityId: `https://${prefix}.idp.example.com/saml` }), Tags }), 'SAMLProviderArn'),
    mfa: xmlValue(await asRoot('iam:CreateVirtualMFADevice', { VirtualMFADeviceName: `${prefix}-mfa`, Tags }), 'SerialNumber'),
    image,
    snapshot: xmlValue(await asRoot('ec2:CreateSnapshot', { VolumeId: volume, TagSpecification: TagSpecification('snapshot') }), 'snapshotId'),
    instance: xmlValue(await asRoot('ec2:RunInstances', { ImageId: image, MinCount: 1, MaxCount: 1, TagSpecification: TagSpecification('instance') }), 'instanceId'),
    securityGroup: xmlValue(await asRoot('ec2:CreateSecurityGroup', { GroupName: `${prefix}-group`, GroupDescription: 'sample', TagSpecification: TagSpecification('security-group') }), 'groupId'),
    volume,
  };
}

// ---------------------------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------------------------

type Sample = (r: Resources) => object;
const user: Sample = (r) => ({ UserName: r.user });
const role: Sample = (r) => ({ RoleName: r.role });
const policy: Sample = (r) => ({ PolicyArn: r.policyArn });
const profile: Sample = (r) => ({ InstanceProfileName: r.instanceProfile });
const certificate: Sample = (r) => ({ ServerCertificateName: r.serverCertificate });
const oidc: Sample = (r) => ({ OpenIDConnectProviderArn: r.oidcArn });
const saml: Sample = (r) => ({ SAMLProviderArn: r.samlArn });
const mfa: Sample = (r) => ({ SerialNumber: r.mfa });
const image: Sample = (r) => ({ ImageId: r.image, DryRun: true });
const snapshot: Sample = (r) => ({ SnapshotId: r.snapshot, DryRun: true });
const instances: Sample = (r) => ({ InstanceId: [r.instance], DryRun: true });
const rule: Sample = (r) => ({ GroupId: r.securityGroup, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', DryRun: true });
const SAMPLE_TAG = [{ Key: 'sample', Value: 'yes' }];

/**
 * Each action on a resource that can carry tags, with an input aimed at the resources `r`.
 * Called in this order, on the tagged set (refused) then on its twin (which it may change):
 * the calls that delete their twin come last.
 */
const TAGGED: Record<string, Sample> = {
  // Users, and what hangs off a user (the user is the resource).
  'iam:GetUser': user,
  'iam:UpdateUser': user,
  'iam:TagUser': (r) => ({ ...user(r), Tags: SAMPLE_TAG }),
  'iam:UntagUser': (r) => ({ ...user(r), TagKeys: ['sample'] }),
  'iam:ListUserTags': user,
  'iam:PutUserPermissionsBoundary': (r) => ({ ...user(r), PermissionsBoundary: ADMIN }),
  'iam:DeleteUserPermissionsBoundary': user,
  'iam:ListGroupsForUser': user,
  'iam:AttachUserPolicy': (r) => ({ ...user(r), PolicyArn: ADMIN }),
  'iam:DetachUserPolicy': (r) => ({ ...user(r), PolicyArn: ADMIN }),
  'iam:ListAttachedUserPolicies': user,
  'iam:PutUserPolicy': (r) => ({ ...user(r), PolicyName: 'sample', PolicyDocument: doc(ALLOW_ALL) }),
  'iam:GetUserPolicy': (r) => ({ ...user(r), PolicyName: 'sample' }),
  'iam:ListUserPolicies': user,
  'iam:CreateAccessKey': user,
  'iam:ListAccessKeys': user,
  'iam:UpdateAccessKey': (r) => ({ ...user(r), AccessKeyId: r.credentials.accessKeyId, Status: 'Active' }),
  'iam:GetAccessKeyLastUsed': (r) => ({ AccessKeyId: r.credentials.accessKeyId }),
  'iam:CreateLoginProfile': (r) => ({ ...user(r), Password: PASSWORD }),
  'iam:GetLoginProfile': user,
  'iam:UpdateLoginProfile': (r) => ({ ...user(r), PasswordResetRequired: false }),
  'iam:ChangePassword': (r) => ({ OldPassword: r.password, NewPassword: `${r.password}2` }),
  'iam:EnableMFADevice': (r) => ({ ...user(r), SerialNumber: r.mfa, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }),
  'iam:ResyncMFADevice': (r) => ({ ...user(r), SerialNumber: r.mfa, AuthenticationCode1: '123456', AuthenticationCode2: '234567' }),
  'iam:DeactivateMFADevice': (r) => ({ ...user(r), SerialNumber: r.mfa }),
  'iam:ListMFADevices': user,
  'iam:GetMFADevice': (r) => ({ ...user(r), SerialNumber: r.mfa }),
  'iam:UploadSSHPublicKey': (r) => ({ ...user(r), SSHPublicKeyBody: SSH_KEY }),
  'iam:GetSSHPublicKey': (r) => ({ ...user(r), SSHPublicKeyId: FAKE_ID, Encoding: 'SSH' }),
  'iam:ListSSHPublicKeys': user,
  'iam:UpdateSSHPublicKey': (r) => ({ ...user(r), SSHPublicKeyId: FAKE_ID, Status: 'Inactive' }),
  'iam:UploadSigningCertificate': (r) => ({ ...user(r), CertificateBody: fixture('signing-3.crt') }),
  'iam:ListSigningCertificates': user,
  'iam:UpdateSigningCertificate': (r) => ({ ...user(r), CertificateId: FAKE_ID, Status: 'Inactive' }),
  'iam:CreateServiceSpecificCredential': (r) => ({ ...user(r), ServiceName: 'codecommit.amazonaws.com' }),
  'iam:ListServiceSpecificCredentials': user,
  'iam:ResetServiceSpecificCredential': (r) => ({ ...user(r), ServiceSpecificCredentialId: FAKE_ID }),
  'iam:UpdateServiceSpecificCredential': (r) => ({ ...user(r), ServiceSpecificCredentialId: FAKE_ID, Status: 'Inactive' }),
  'iam:SimulatePrincipalPolicy': (r) => ({ PolicySourceArn: r.userArn, ActionNames: ['iam:GetUser'] }),
  'iam:GetContextKeysForPrincipalPolicy': (r) => ({ PolicySourceArn: r.userArn }),
  'iam:GenerateServiceLastAccessedDetails': (r) => ({ Arn: r.userArn }),
  'iam:ListPoliciesGrantingServiceAccess': (r) => ({ Arn: r.userArn, ServiceNamespaces: ['iam'] }),
  // Roles.
  'iam:GetRole': role,
  'iam:UpdateRole': (r) => ({ ...role(r), Description: 'sample' }),
  'iam:UpdateRoleDescription': (r) => ({ ...role(r), Description: 'sample' }),
  'iam:UpdateAssumeRolePolicy': (r) => ({ ...role(r), PolicyDocument: TRUST }),
  'iam:TagRole': (r) => ({ ...role(r), Tags: SAMPLE_TAG }),
  'iam:UntagRole': (r) => ({ ...role(r), TagKeys: ['sample'] }),
  'iam:ListRoleTags': role,
  'iam:PutRolePermissionsBoundary': (r) => ({ ...role(r), PermissionsBoundary: ADMIN }),
  'iam:DeleteRolePermissionsBoundary': role,
  'iam:AttachRolePolicy': (r) => ({ ...role(r), PolicyArn: ADMIN }),
  'iam:DetachRolePolicy': (r) => ({ ...role(r), PolicyArn: ADMIN }),
  'iam:ListAttachedRolePolicies': role,
  'iam:PutRolePolicy': (r) => ({ ...role(r), PolicyName: 'sample', PolicyDocument: doc(ALLOW_ALL) }),
  'iam:GetRolePolicy': (r) => ({ ...role(r), PolicyName: 'sample' }),
  'iam:ListRolePolicies': role,
  'iam:ListInstanceProfilesForRole': role,
  'sts:AssumeRole': (r) => ({ RoleArn: r.roleArn, RoleSessionName: 'sample' }),
  'iam:GetServiceLinkedRoleDeletionStatus': (r) => ({ DeletionTaskId: deletionTask(r.serviceLinkedRole) }),
  // Managed policies.
  'iam:GetPolicy': policy,
  'iam:TagPolicy': (r) => ({ ...policy(r), Tags: SAMPLE_TAG }),
  'iam:UntagPolicy': (r) => ({ ...policy(r), TagKeys: ['sample'] }),
  'iam:ListPolicyTags': policy,
  'iam:CreatePolicyVersion': (r) => ({ ...policy(r), PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }),
  'iam:GetPolicyVersion': (r) => ({ ...policy(r), VersionId: 'v1' }),
  'iam:ListPolicyVersions': policy,
  'iam:SetDefaultPolicyVersion': (r) => ({ ...policy(r), VersionId: 'v1' }),
  'iam:ListEntitiesForPolicy': policy,
  // Instance profiles.
  'iam:GetInstanceProfile': profile,
  'iam:AddRoleToInstanceProfile': (r) => ({ ...profile(r), RoleName: r.role }),
  'iam:RemoveRoleFromInstanceProfile': (r) => ({ ...profile(r), RoleName: r.role }),
  'iam:TagInstanceProfile': (r) => ({ ...profile(r), Tags: SAMPLE_TAG }),
  'iam:UntagInstanceProfile': (r) => ({ ...profile(r), TagKeys: ['sample'] }),
  'iam:ListInstanceProfileTags': profile,
  // Server certificates.
  'iam:GetServerCertificate': certificate,
  'iam:UpdateServerCertificate': certificate,
  'iam:TagServerCertificate': (r) => ({ ...certificate(r), Tags: SAMPLE_TAG }),
  'iam:UntagServerCertificate': (r) => ({ ...certificate(r), TagKeys: ['sample'] }),
  'iam:ListServerCertificateTags': certificate,
  // Identity providers.
  'iam:GetOpenIDConnectProvider': oidc,
  'iam:AddClientIDToOpenIDConnectProvider': (r) => ({ ...oidc(r), ClientID: 'sample' }),
  'iam:RemoveClientIDFromOpenIDConnectProvider': (r) => ({ ...oidc(r), ClientID: 'sample' }),
  'iam:UpdateOpenIDConnectProviderThumbprint': (r) => ({ ...oidc(r), ThumbprintList: [THUMBPRINT] }),
  'iam:TagOpenIDConnectProvider': (r) => ({ ...oidc(r), Tags: SAMPLE_TAG }),
  'iam:UntagOpenIDConnectProvider': (r) => ({ ...oidc(r), TagKeys: ['sample'] }),
  'iam:ListOpenIDConnectProviderTags': oidc,
  'iam:GetSAMLProvider': saml,
  'iam:UpdateSAMLProvider': (r) => ({ ...saml(r), SAMLMetadataDocument: samlMetadata({ entityId: 'https://updated.idp.example.com/saml' }) }),
  'iam:TagSAMLProvider': (r) => ({ ...saml(r), Tags: SAMPLE_TAG }),
  'iam:UntagSAMLProvider': (r) => ({ ...saml(r), TagKeys: ['sample'] }),
  'iam:ListSAMLProviderTags': saml,
  // MFA devices.
  'iam:TagMFADevice': (r) => ({ ...mfa(r), Tags: SAMPLE_TAG }),
  'iam:UntagMFADevice': (r) => ({ ...mfa(r), TagKeys: ['sample'] }),
  'iam:ListMFADeviceTags': mfa,
  // EC2 (all with DryRun).
  'ec2:DeregisterImage': image,
  'ec2:ModifyImageAttribute': (r) => ({ ...image(r), Description: { Value: 'sample' } }),
  'ec2:DescribeImageAttribute': (r) => ({ ...image(r), Attribute: 'description' }),
  'ec2:ResetImageAttribute': (r) => ({ ...image(r), Attribute: 'launchPermission' }),
  'ec2:RunInstances': (r) => ({ ...image(r), MinCount: 1, MaxCount: 1 }),
  'ec2:CreateSnapshot': (r) => ({ VolumeId: r.volume, DryRun: true }),
  'ec2:DeleteSnapshot': snapshot,
  'ec2:ModifySnapshotAttribute': (r) => ({ ...snapshot(r), Attribute: 'createVolumePermission', OperationType: 'add', UserGroup: ['all'] }),
  'ec2:DescribeSnapshotAttribute': (r) => ({ ...snapshot(r), Attribute: 'createVolumePermission' }),
  'ec2:ResetSnapshotAttribute': (r) => ({ ...snapshot(r), Attribute: 'createVolumePermission' }),
  'ec2:CreateVolume': snapshot,
  'ec2:StartInstances': instances,
  'ec2:StopInstances': instances,
  'ec2:TerminateInstances': instances,
  'ec2:CheckReachability': (r) => ({ InstanceId: r.instance, SourceIp: '10.0.0.1', Port: 22 }),
  'ec2:DeleteVolume': (r) => ({ VolumeId: r.volume, DryRun: true }),
  'ec2:DeleteSecurityGroup': (r) => ({ GroupId: r.securityGroup, DryRun: true }),
  'ec2:AuthorizeSecurityGroupIngress': rule,
  'ec2:AuthorizeSecurityGroupEgress': rule,
  'ec2:RevokeSecurityGroupIngress': rule,
  'ec2:RevokeSecurityGroupEgress': rule,
  // Last: the calls that delete (or try to delete) their twin.
  'iam:DeleteUserPolicy': (r) => ({ ...user(r), PolicyName: 'sample' }),
  'iam:DeleteAccessKey': (r) => ({ ...user(r), AccessKeyId: FAKE_ID }),
  'iam:DeleteSSHPublicKey': (r) => ({ ...user(r), SSHPublicKeyId: FAKE_ID }),
  'iam:DeleteSigningCertificate': (r) => ({ ...user(r), CertificateId: FAKE_ID }),
  'iam:DeleteServiceSpecificCredential': (r) => ({ ...user(r), ServiceSpecificCredentialId: FAKE_ID }),
  'iam:DeleteLoginProfile': user,
  'iam:DeleteUser': user,
  'iam:DeleteRolePolicy': (r) => ({ ...role(r), PolicyName: 'sample' }),
  'iam:DeleteRole': role,
  'iam:DeleteServiceLinkedRole': (r) => ({ RoleName: r.serviceLinkedRole }),
  'iam:DeletePolicyVersion': (r) => ({ ...policy(r), VersionId: 'v2' }),
  'iam:DeletePolicy': policy,
  'iam:DeleteInstanceProfile': profile,
  'iam:DeleteServerCertificate': certificate,
  'iam:DeleteOpenIDConnectProvider': oidc,
  'iam:DeleteSAMLProvider': saml,
  'iam:DeleteVirtualMFADevice': mfa,
};

/**
 * Actions authorized on a further resource besides their own, aimed at an untagged resource of
 * their own and at the further resource of `r` (AWS evaluates each resource with its tags).
 */
const FURTHER_RESOURCES: { action: string; what: string; refused: string; input: Sample }[] = [
  { action: 'iam:AddRoleToInstanceProfile', what: 'role', refused: 'iam:PassRole', input: (r) => ({ InstanceProfileName: plain.instanceProfile, RoleName: r.role }) },
  { action: 'iam:RemoveRoleFromInstanceProfile', what: 'role', refused: 'iam:PassRole', input: (r) => ({ InstanceProfileName: plain.instanceProfile, RoleName: r.role }) },
  { action: 'ec2:RunInstances', what: 'security group', refused: 'ec2:RunInstances', input: (r) => ({ ImageId: plain.image, MinCount: 1, MaxCount: 1, SecurityGroupId: [r.securityGroup], DryRun: true }) },
];

/** Actions on the caller's own user: the tagged user calls them itself (its twin likewise). */
const ON_THE_CALLER = new Set(['iam:ChangePassword']);

const CREATES = 'creates its resource: nothing is tagged yet (aws:RequestTag is tested below)';
const ANALYZER = 'analyzers carry no tags in Portcullis (TagResource is not served)';
const LISTS = 'lists or reads the account as a whole: resource *';
const ACCOUNT = 'an account-wide setting or report: resource *';
const GROUP = 'the resource is an IAM group, and groups carry no tags';

/** The actions without a taggable resource, and why. */
const NO_TAGGABLE_RESOURCE: Record<string, string> = {
  'sts:GetAccessKeyInfo': 'no resource: answers the account of any access key ID (Resource *)',
  'iam:CreateUser': CREATES,
  'iam:ListUsers': LISTS,
  'iam:CreateGroup': GROUP,
  'iam:GetGroup': GROUP,
  'iam:ListGroups': LISTS,
  'iam:UpdateGroup': GROUP,
  'iam:DeleteGroup': GROUP,
  'iam:AddUserToGroup': GROUP,
  'iam:RemoveUserFromGroup': GROUP,
  'iam:AttachGroupPolicy': GROUP,
  'iam:DetachGroupPolicy': GROUP,
  'iam:ListAttachedGroupPolicies': GROUP,
  'iam:PutGroupPolicy': GROUP,
  'iam:GetGroupPolicy': GROUP,
  'iam:DeleteGroupPolicy': GROUP,
  'iam:ListGroupPolicies': GROUP,
  'iam:CreatePolicy': CREATES,
  'iam:ListPolicies': LISTS,
  'iam:CreateRole': CREATES,
  'iam:ListRoles': LISTS,
  'iam:CreateServiceLinkedRole': CREATES,
  'iam:CreateInstanceProfile': CREATES,
  'iam:ListInstanceProfiles': LISTS,
  'iam:UploadServerCertificate': CREATES,
  'iam:ListServerCertificates': LISTS,
  'iam:CreateOpenIDConnectProvider': CREATES,
  'iam:ListOpenIDConnectProviders': LISTS,
  'iam:CreateSAMLProvider': CREATES,
  'iam:ListSAMLProviders': LISTS,
  'iam:CreateVirtualMFADevice': CREATES,
  'iam:ListVirtualMFADevices': LISTS,
  'iam:GetAccountPasswordPolicy': ACCOUNT,
  'iam:UpdateAccountPasswordPolicy': ACCOUNT,
  'iam:DeleteAccountPasswordPolicy': ACCOUNT,
  'iam:CreateAccountAlias': ACCOUNT,
  'iam:DeleteAccountAlias': ACCOUNT,
  'iam:ListAccountAliases': ACCOUNT,
  'iam:GetAccountSummary': ACCOUNT,
  'iam:GetAccountAuthorizationDetails': ACCOUNT,
  'iam:GenerateCredentialReport': ACCOUNT,
  'iam:GetCredentialReport': ACCOUNT,
  'iam:SimulateCustomPolicy': 'simulates the policies given in the request: resource *',
  'iam:GetContextKeysForCustomPolicy': 'reads the policies given in the request: resource *',
  'iam:GetServiceLastAccessedDetails': 'reads a report job by its ID: resource *',
  'iam:GetServiceLastAccessedDetailsWithEntities': 'reads a report job by its ID: resource *',
  'portcullis:ListAuditEvents': LISTS,
  'sts:GetCallerIdentity': 'needs no permission: it only names the caller',
  'sts:GetSessionToken': "needs no permission: it acts on the caller's own credentials",
  'sts:GetFederationToken': 'its resource is the federated user it creates, which has no tags (aws:RequestTag is tested below)',
  'sts:AssumeRoleWithWebIdentity': "anonymous: decided by the role's trust policy alone, no identity-based policy applies",
  'sts:AssumeRoleWithSAML': "anonymous: decided by the role's trust policy alone, no identity-based policy applies",
  'organizations:CreateAccount': CREATES,
  'organizations:DescribeCreateAccountStatus': 'reads a request status by its ID: resource *',
  'organizations:ListAccounts': LISTS,
  'organizations:DescribeAccount': 'organization accounts carry no tags in Portcullis (no tags column on Account)',
  'access-analyzer:ValidatePolicy': 'a policy check on a document in the request: no resource (Resource *)',
  'access-analyzer:CheckAccessNotGranted': 'a policy check on a document in the request: no resource (Resource *)',
  'access-analyzer:CheckNoNewAccess': 'a policy check on a document in the request: no resource (Resource *)',
  'access-analyzer:CheckNoPublicAccess': 'a policy check on a document in the request: no resource (Resource *)',
  'access-analyzer:CreateAnalyzer': ANALYZER,
  'access-analyzer:GetAnalyzer': ANALYZER,
  'access-analyzer:ListAnalyzers': ANALYZER,
  'access-analyzer:DeleteAnalyzer': ANALYZER,
  'access-analyzer:ListFindings': ANALYZER,
  'access-analyzer:ListFindingsV2': ANALYZER,
  'access-analyzer:GetFinding': ANALYZER,
  'access-analyzer:GetFindingV2': ANALYZER,
  'access-analyzer:UpdateFindings': ANALYZER,
  'access-analyzer:StartResourceScan': ANALYZER,
  'access-analyzer:CreateArchiveRule': ANALYZER,
  'access-analyzer:GetArchiveRule': ANALYZER,
  'access-analyzer:ListArchiveRules': ANALYZER,
  'access-analyzer:UpdateArchiveRule': ANALYZER,
  'access-analyzer:DeleteArchiveRule': ANALYZER,
  'access-analyzer:ApplyArchiveRule': ANALYZER,
  'access-analyzer:UpdateAnalyzer': ANALYZER,
  'access-analyzer:GetFindingsStatistics': ANALYZER,
  'access-analyzer:GenerateFindingRecommendation': ANALYZER,
  'access-analyzer:GetFindingRecommendation': ANALYZER,
  'access-analyzer:StartPolicyGeneration': 'policy generation jobs are not resources with tags (Resource *)',
  'access-analyzer:GetGeneratedPolicy': 'policy generation jobs are not resources with tags (Resource *)',
  'access-analyzer:ListPolicyGenerations': 'policy generation jobs are not resources with tags (Resource *)',
  'access-analyzer:CancelPolicyGeneration': 'policy generation jobs are not resources with tags (Resource *)',
  'portcullis:SetAccountRootPassword': 'organization accounts carry no tags in Portcullis (no tags column on Account)',
  'ec2:RegisterImage': CREATES,
  'ec2:DescribeImages': LISTS,
  'ec2:DescribeSnapshots': LISTS,
  'ec2:DescribeInstances': LISTS,
  'ec2:DescribeVolumes': LISTS,
  'ec2:CreateSecurityGroup': CREATES,
  'ec2:DescribeSecurityGroups': LISTS,
};

/** Each action whose input carries tags (Tags, TagSpecification) or tag keys (TagKeys), given the tags to send. */
const REQUEST_TAGS: Record<string, (r: Resources, tags: Tag[]) => object> = {
  'iam:CreateUser': (_r, Tags) => ({ UserName: uniq('tagged-user'), Tags }),
  'iam:TagUser': (r, Tags) => ({ UserName: r.user, Tags }),
  'iam:UntagUser': (r, tags) => ({ UserName: r.user, TagKeys: keysOf(tags) }),
  'iam:CreateRole': (_r, Tags) => ({ RoleName: uniq('tagged-role'), AssumeRolePolicyDocument: TRUST, Tags }),
  'iam:TagRole': (r, Tags) => ({ RoleName: r.role, Tags }),
  'iam:UntagRole': (r, tags) => ({ RoleName: r.role, TagKeys: keysOf(tags) }),
  'iam:CreatePolicy': (_r, Tags) => ({ PolicyName: uniq('tagged-policy'), PolicyDocument: doc(ALLOW_ALL), Tags }),
  'iam:TagPolicy': (r, Tags) => ({ PolicyArn: r.policyArn, Tags }),
  'iam:UntagPolicy': (r, tags) => ({ PolicyArn: r.policyArn, TagKeys: keysOf(tags) }),
  'iam:CreateInstanceProfile': (_r, Tags) => ({ InstanceProfileName: uniq('tagged-profile'), Tags }),
  'iam:TagInstanceProfile': (r, Tags) => ({ InstanceProfileName: r.instanceProfile, Tags }),
  'iam:UntagInstanceProfile': (r, tags) => ({ InstanceProfileName: r.instanceProfile, TagKeys: keysOf(tags) }),
  'iam:UploadServerCertificate': (_r, Tags) => ({ ServerCertificateName: uniq('tagged-certificate'), CertificateBody: fixture('server.crt'), PrivateKey: fixture('server.key'), Tags }),
  'iam:TagServerCertificate': (r, Tags) => ({ ServerCertificateName: r.serverCertificate, Tags }),
  'iam:UntagServerCertificate': (r, tags) => ({ ServerCertificateName: r.serverCertificate, TagKeys: keysOf(tags) }),
  'iam:CreateOpenIDConnectProvider': (_r, Tags) => ({ Url: `https://${uniq('tagged')}.idp.example.com`, ThumbprintList: [THUMBPRINT], Tags }),
  'iam:TagOpenIDConnectProvider': (r, Tags) => ({ OpenIDConnectProviderArn: r.oidcArn, Tags }),
  'iam:UntagOpenIDConnectProvider': (r, tags) => ({ OpenIDConnectProviderArn: r.oidcArn, TagKeys: keysOf(tags) }),
  'iam:CreateSAMLProvider': (_r, Tags) => ({ Name: uniq('tagged-saml'), SAMLMetadataDocument: samlMetadata(), Tags }),
  'iam:TagSAMLProvider': (r, Tags) => ({ SAMLProviderArn: r.samlArn, Tags }),
  'iam:UntagSAMLProvider': (r, tags) => ({ SAMLProviderArn: r.samlArn, TagKeys: keysOf(tags) }),
  'iam:CreateVirtualMFADevice': (_r, Tags) => ({ VirtualMFADeviceName: uniq('tagged-mfa'), Tags }),
  'iam:TagMFADevice': (r, Tags) => ({ SerialNumber: r.mfa, Tags }),
  'iam:UntagMFADevice': (r, tags) => ({ SerialNumber: r.mfa, TagKeys: keysOf(tags) }),
  'sts:AssumeRole': (r, Tags) => ({ RoleArn: r.roleArn, RoleSessionName: 'tagged', Tags }),
  'sts:GetFederationToken': (_r, Tags) => ({ Name: 'tagged', Tags }),
  'organizations:CreateAccount': (_r, Tags) => ({ Email: `${uniq('tagged')}@example.com`, AccountName: 'tagged', Tags }),
  'ec2:RegisterImage': (_r, tags) => ({ Name: uniq('tagged-image'), ImageLocation: 'samples/image.manifest.xml', TagSpecification: spec('image', tags), DryRun: true }),
  'ec2:CreateSnapshot': (r, tags) => ({ VolumeId: r.volume, TagSpecification: spec('snapshot', tags), DryRun: true }),
  'ec2:CreateVolume': (_r, tags) => ({ Size: 8, AvailabilityZone: 'us-east-1a', TagSpecification: spec('volume', tags), DryRun: true }),
  'ec2:RunInstances': (r, tags) => ({ ImageId: r.image, MinCount: 1, MaxCount: 1, TagSpecification: spec('instance', tags), DryRun: true }),
  'ec2:CreateSecurityGroup': (_r, tags) => ({ GroupName: uniq('tagged-group'), GroupDescription: 'tagged', TagSpecification: spec('security-group', tags), DryRun: true }),
};

const BLOCKED = [{ Key: 'blocked', Value: 'yes' }];
const HARMLESS = [{ Key: 'harmless', Value: 'yes' }];

// ---------------------------------------------------------------------------------------------
// Calling the API: the Query API (JSON protocol for Organizations), SigV4-signed with a key.
// ---------------------------------------------------------------------------------------------

let server: SdkServer;
const VERSIONS: Record<string, string> = { iam: '2010-05-08', sts: '2011-06-15', ec2: '2016-11-15' };

interface Reply {
  status: number;
  code: string;
  message: string;
  body: string;
}

/** Query parameters of an input: IAM's and STS's lists as `Name.member.N`, EC2's as `Name.N`. */
function flatten(value: unknown, name: string, member: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${name}.${member}${i + 1}`, member, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, name ? `${name}.${k}` : k, member, out);
  else if (value !== undefined) out.push([name, String(value)]);
  return out;
}

const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const xmlMatch = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
function xmlValue(xml: string, tag: string): string {
  const value = xmlMatch(xml, tag);
  if (value === undefined) throw new Error(`no <${tag}> in ${xml}`);
  return unescapeXml(value);
}

async function call(credentials: Credentials, action: string, input: object): Promise<Reply> {
  const [service, name] = action.split(':') as [string, string];
  const json = service === 'organizations';
  const body = json ? JSON.stringify(input) : new URLSearchParams([['Action', name], ['Version', VERSIONS[service]!], ...flatten(input, '', service === 'ec2' ? '' : 'member.')]).toString();
  const headers: Record<string, string> = json
    ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSOrganizationsV20161128.${name}` }
    : { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, ...headers }, body });
  const { host: _host, ...sent } = signed.headers;
  const res = await fetch(server.endpoint, { method: 'POST', headers: sent, body });
  const text = await res.text();
  if (json) {
    const error = res.ok ? {} : (JSON.parse(text) as { __type?: string; message?: string });
    return { status: res.status, code: (error.__type ?? '').replace(/Exception$/, ''), message: error.message ?? '', body: text };
  }
  return { status: res.status, code: unescapeXml(xmlMatch(text, 'Code') ?? ''), message: unescapeXml(xmlMatch(text, 'Message') ?? ''), body: text };
}

/** A call as the account's root user, which must succeed; returns the reply's body. */
async function asRoot(action: string, input: object): Promise<string> {
  const reply = await call(server.root, action, input);
  if (reply.status !== 200) throw new Error(`${action} as root: ${reply.status} ${reply.body}`);
  return reply.body;
}

/** The action an authorization refusal names (AWS's "… is not authorized to perform: ACTION on resource: …"), if the reply is one. */
const refusedAction = (reply: Reply) => (reply.status === 403 ? /is not authorized to perform: (\S+) on resource: /.exec(reply.message)?.[1] : undefined);

/** Refused by an explicit Deny: AccessDenied (EC2: UnauthorizedOperation), naming the action. */
function expectRefused(reply: Reply, action: string): void {
  const ec2 = action.startsWith('ec2:');
  expect({ status: reply.status, code: reply.code, refused: refusedAction(reply) }, reply.body).toEqual({ status: 403, code: ec2 ? 'UnauthorizedOperation' : 'AccessDenied', refused: action });
  // The Deny statement matched (EC2's message does not say which policy refused).
  if (!ec2) expect(reply.message).toContain('with an explicit deny in an identity-based policy');
}

/** Not refused by authorization (it may still fail: NoSuchEntity, a validation error, EC2's DryRunOperation…). */
function expectNotRefused(reply: Reply): void {
  expect(refusedAction(reply), reply.body).toBeUndefined();
}

/** The fields of an action's input schema (a zod object), or undefined if it is not one. */
function inputFields(action: string): string[] | undefined {
  const shape = (actionTable.get(action.toLowerCase())?.input as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && Object.keys(shape);
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

const ALL_ACTIONS = [...actionTable.values()].map((a) => `${a.service}:${a.name}`).sort();
const TAG_FIELDS = ['Tags', 'TagSpecification', 'TagKeys'];

let prot: Resources;
let free: Resources;
let plain: Resources;
let guarded: Credentials;
let requestTagGuarded: Credentials;
let tagKeysGuarded: Credentials;

beforeAll(async () => {
  server = await startSdkServer(A);
  prot = await createResources('prot', [{ Key: 'protected', Value: 'true' }]);
  free = await createResources('free', [{ Key: 'protected', Value: 'false' }]);
  plain = await createResources('plain', []);
  const user = async (name: string, documents: string[]) => server.fixtures.user(A, name, documents.map((d) => JSON.parse(d) as object));
  guarded = await user('guarded', Object.values(GUARDED));
  requestTagGuarded = await user('request-tag-guarded', [doc(ALLOW_ALL), DENY_REQUEST_TAG]);
  tagKeysGuarded = await user('tag-keys-guarded', [doc(ALLOW_ALL), DENY_TAG_KEYS]);
});
afterAll(async () => server?.close());

describe('the action table is classified', () => {
  it('every action has a tagged sample or a reason it has no taggable resource (not both)', () => {
    const tagged = Object.keys(TAGGED);
    const untaggable = Object.keys(NO_TAGGABLE_RESOURCE);
    expect(tagged.filter((a) => untaggable.includes(a)), 'in both tables').toEqual([]);
    expect([...tagged, ...untaggable].sort()).toEqual(ALL_ACTIONS);
  });

  it('every action whose input carries tags or tag keys has a request-tag sample', () => {
    expect(ALL_ACTIONS.filter((a) => !inputFields(a)), 'inputs that are not a zod object (their fields cannot be read)').toEqual([]);
    const withTags = ALL_ACTIONS.filter((a) => inputFields(a)!.some((f) => TAG_FIELDS.includes(f)));
    expect(Object.keys(REQUEST_TAGS).sort()).toEqual(withTags);
  });
});

describe('aws:ResourceTag: a Deny on protected=true refuses every action on a tagged resource', () => {
  it.each(Object.keys(TAGGED))('%s', async (action) => {
    const sample = TAGGED[action]!;
    const [onTagged, onTwin] = ON_THE_CALLER.has(action) ? [prot.credentials, free.credentials] : [guarded, guarded];
    expectRefused(await call(onTagged, action, sample(prot)), action);
    expectNotRefused(await call(onTwin, action, sample(free)));
  });

  it.each(FURTHER_RESOURCES)('$action: the $what it also acts on counts with its tags ($refused)', async ({ action, refused, input }) => {
    expectRefused(await call(guarded, action, input(prot)), refused);
    expectNotRefused(await call(guarded, action, input(plain)));
  });
});

describe('aws:RequestTag and aws:TagKeys: a Deny on the tag `blocked` refuses every call that carries it', () => {
  const cases = Object.keys(REQUEST_TAGS).flatMap((action) => [
    // Untag* carries tag keys only.
    ...(inputFields(action)?.includes('TagKeys') ? [] : [{ action, key: 'aws:RequestTag/blocked' }]),
    { action, key: 'aws:TagKeys' },
  ]);
  it.each(cases)('$action: $key', async ({ action, key }) => {
    const caller = key === 'aws:TagKeys' ? tagKeysGuarded : requestTagGuarded;
    const sample = REQUEST_TAGS[action]!;
    expectRefused(await call(caller, action, sample(plain, BLOCKED)), action);
    expectNotRefused(await call(caller, action, sample(plain, HARMLESS)));
  });
});
