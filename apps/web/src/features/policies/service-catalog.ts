// The services and actions the visual editor offers. A small hand-kept list of what Portcullis
// serves (IAM, STS, the EC2 image/snapshot/security-group calls) plus S3's common actions; the
// full AWS catalog is server-side data and too large for the browser. Any action can still be
// typed by hand ("Add action") or written in the JSON editor.
// Access levels: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export const ACCESS_LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface CatalogServiceEntry {
  prefix: string;
  name: string;
  actions: Record<AccessLevel, string[]>;
}

const none = { List: [], Read: [], Write: [], 'Permissions management': [], Tagging: [] } satisfies Record<AccessLevel, string[]>;

export const SERVICES: CatalogServiceEntry[] = [
  {
    prefix: 'iam',
    name: 'IAM',
    actions: {
      ...none,
      List: [
        'ListAccessKeys', 'ListAccountAliases', 'ListAttachedGroupPolicies', 'ListAttachedRolePolicies', 'ListAttachedUserPolicies',
        'ListEntitiesForPolicy', 'ListGroupPolicies', 'ListGroups', 'ListGroupsForUser', 'ListInstanceProfiles', 'ListMFADevices',
        'ListPolicies', 'ListPolicyVersions', 'ListRolePolicies', 'ListRoles', 'ListRoleTags', 'ListUserPolicies', 'ListUsers', 'ListUserTags',
      ],
      Read: [
        'GenerateCredentialReport', 'GetAccessKeyLastUsed', 'GetAccountAuthorizationDetails', 'GetAccountPasswordPolicy', 'GetAccountSummary',
        'GetContextKeysForCustomPolicy', 'GetContextKeysForPrincipalPolicy', 'GetCredentialReport', 'GetGroup', 'GetGroupPolicy', 'GetLoginProfile',
        'GetPolicy', 'GetPolicyVersion', 'GetRole', 'GetRolePolicy', 'GetUser', 'GetUserPolicy', 'SimulateCustomPolicy', 'SimulatePrincipalPolicy',
      ],
      Write: [
        'AddUserToGroup', 'ChangePassword', 'CreateAccessKey', 'CreateAccountAlias', 'CreateGroup', 'CreateInstanceProfile', 'CreateLoginProfile',
        'CreateUser', 'DeleteAccessKey', 'DeleteAccountAlias', 'DeleteGroup', 'DeleteInstanceProfile', 'DeleteLoginProfile', 'DeleteUser',
        'RemoveUserFromGroup', 'UpdateAccessKey', 'UpdateAccountPasswordPolicy', 'UpdateGroup', 'UpdateLoginProfile', 'UpdateUser',
      ],
      'Permissions management': [
        'AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'DeleteAccountPasswordPolicy',
        'DeleteGroupPolicy', 'DeletePolicy', 'DeletePolicyVersion', 'DeleteRole', 'DeleteRolePermissionsBoundary', 'DeleteRolePolicy',
        'DeleteUserPermissionsBoundary', 'DeleteUserPolicy', 'DetachGroupPolicy', 'DetachRolePolicy', 'DetachUserPolicy', 'PassRole',
        'PutGroupPolicy', 'PutRolePermissionsBoundary', 'PutRolePolicy', 'PutUserPermissionsBoundary', 'PutUserPolicy', 'SetDefaultPolicyVersion',
        'UpdateAssumeRolePolicy',
      ],
      Tagging: ['TagPolicy', 'TagRole', 'TagUser', 'UntagPolicy', 'UntagRole', 'UntagUser'],
    },
  },
  {
    prefix: 'sts',
    name: 'STS',
    actions: {
      ...none,
      Read: ['GetCallerIdentity', 'GetSessionToken', 'GetFederationToken'],
      Write: ['AssumeRole'],
      Tagging: ['TagSession'],
    },
  },
  {
    prefix: 'ec2',
    name: 'EC2',
    actions: {
      ...none,
      List: ['DescribeImages', 'DescribeSnapshots', 'DescribeSecurityGroups', 'DescribeImageAttribute', 'DescribeSnapshotAttribute'],
      Write: [
        'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'CreateSecurityGroup', 'CreateSnapshot', 'DeleteSecurityGroup',
        'DeleteSnapshot', 'DeregisterImage', 'RegisterImage', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      ],
      'Permissions management': ['ModifyImageAttribute', 'ModifySnapshotAttribute', 'ResetImageAttribute', 'ResetSnapshotAttribute'],
      Tagging: ['CreateTags', 'DeleteTags'],
    },
  },
  {
    prefix: 's3',
    name: 'S3',
    actions: {
      ...none,
      List: ['ListAllMyBuckets', 'ListBucket', 'ListBucketVersions'],
      Read: ['GetBucketLocation', 'GetBucketPolicy', 'GetObject', 'GetObjectVersion'],
      Write: ['CreateBucket', 'DeleteBucket', 'DeleteObject', 'PutObject'],
      'Permissions management': ['DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketPolicy', 'PutObjectAcl'],
      Tagging: ['PutBucketTagging', 'PutObjectTagging'],
    },
  },
];

export function findService(prefix: string): CatalogServiceEntry | undefined {
  return SERVICES.find((service) => service.prefix === prefix.toLowerCase());
}

/** The access level of a known action, for the review summary. */
export function accessLevelOf(service: string, action: string): AccessLevel | undefined {
  const entry = findService(service);
  if (!entry) return undefined;
  const lower = action.toLowerCase();
  return ACCESS_LEVELS.find((level) => entry.actions[level].some((name) => name.toLowerCase() === lower));
}
