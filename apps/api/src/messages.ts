/**
 * AWS's error texts, in one table: the only place the API's error messages are written. Each
 * entry is AWS's exact wording (spaces, periods and case included), a function of the variable
 * parts, with where the text comes from:
 * - [api] the IAM/STS API Reference (docs.aws.amazon.com/IAM/latest/APIReference, …/STS/…),
 * - [guide] the IAM User Guide (docs.aws.amazon.com/IAM/latest/UserGuide),
 * - [recorded] an answer recorded from real AWS (LocalStack's AWS-validated snapshots,
 *   tests/aws/services/iam/*.snapshot.json, and answers quoted in public issue threads).
 * Pair a text with its code through errors.ts (noSuchEntity(messages.userNotFound(name))).
 * Field-level texts the console also shows (ARN, path) live with their schemas in
 * @portcullis/shared and are re-exported here.
 */
import { INVALID_ARN_MESSAGE, INVALID_PATH_MESSAGE } from '@portcullis/shared';

export const messages = {
  // ── NoSuchEntity (404) ────────────────────────────────────────────────────────────────────
  /** [recorded] GetUser, DeleteUser, … on a missing user. */
  userNotFound: (userName: string) => `The user with name ${userName} cannot be found.`,
  /** [recorded] GetGroup, DeleteGroup, … on a missing group. */
  groupNotFound: (groupName: string) => `The group with name ${groupName} cannot be found.`,
  /** [recorded] test_iam_roles "get-role-error": GetRole, DeleteRole, … on a missing role. */
  roleNotFound: (roleName: string) => `The role with name ${roleName} cannot be found.`,
  /**
   * [recorded] test_iam_policies "err-tag-nonexistent-policy": GetPolicy, DeletePolicy,
   * CreatePolicyVersion, ListPolicyVersions, Tag/Untag/ListPolicyTags on a missing policy, and
   * Detach*Policy of a policy not attached.
   */
  policyNotFound: (policyArn: string) => `Policy ${policyArn} was not found.`,
  /** [recorded] test_iam "valid_arn_not_existent": Attach*Policy (and boundaries) of a missing or unattachable policy. */
  policyNotAttachable: (policyArn: string) => `Policy ${policyArn} does not exist or is not attachable.`,
  /** [recorded] test_iam_policies "err-get-nonexistent-version": Get/Delete/SetDefault of a missing version. */
  policyVersionNotFound: (policyArn: string, versionId: string) => `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`,
  /** [recorded] "The role policy with name X cannot be found." (GetRolePolicy; user and group alike). */
  inlinePolicyNotFound: (kind: 'user' | 'group' | 'role', policyName: string) => `The ${kind} policy with name ${policyName} cannot be found.`,
  /** [recorded] RemoveUserFromGroup of a user not in the group. */
  userNotInGroup: (userName: string, groupName: string) => `The user with name ${userName} is not a member of the group ${groupName}.`,
  /** [recorded] GetInstanceProfile on a missing profile. */
  instanceProfileNotFound: (name: string) => `Instance Profile ${name} cannot be found.`,
  /** [recorded] UpdateAccessKey/DeleteAccessKey of an unknown key. */
  accessKeyNotFound: (accessKeyId: string) => `The Access Key with id ${accessKeyId} cannot be found.`,
  /** [recorded] GetLoginProfile of a user without one. */
  loginProfileNotFound: (userName: string) => `Login Profile for User ${userName} cannot be found.`,
  /** [recorded] LocalStack's AWS-validated provider: CreateServiceSpecificCredential / List… for a service without them. */
  serviceNotSupportedForServiceSpecificCredentials: (serviceName: string) => `No such service ${serviceName} is supported for Service Specific Credentials`,
  /** [recorded] Reset/Update/DeleteServiceSpecificCredential of an unknown credential ID. */
  serviceSpecificCredentialNotFound: (credentialId: string) => `No such credential ${credentialId} exists`,

  // ── EntityAlreadyExists (409) ─────────────────────────────────────────────────────────────
  /** [recorded] CreateUser / UpdateUser to a taken name. */
  userAlreadyExists: (userName: string) => `User with name ${userName} already exists.`,
  /** [recorded] CreateGroup / UpdateGroup to a taken name. */
  groupAlreadyExists: (groupName: string) => `Group with name ${groupName} already exists.`,
  /** [recorded] test_iam_roles "create-role-already-exists-error". */
  roleAlreadyExists: (roleName: string) => `Role with name ${roleName} already exists.`,
  /** [recorded] test_iam_policies "policy-already-exists". */
  policyAlreadyExists: (policyName: string) => `A policy called ${policyName} already exists. Duplicate names are not allowed.`,
  /** [recorded] CreateInstanceProfile of a taken name. */
  instanceProfileAlreadyExists: (name: string) => `Instance Profile ${name} already exists.`,
  /** [recorded] CreateLoginProfile for a user that has one. */
  loginProfileAlreadyExists: (userName: string) => `Login Profile for user ${userName} already exists.`,

  // ── DeleteConflict (409) ──────────────────────────────────────────────────────────────────
  /** [recorded] DeleteRole/DeleteGroup/DeleteUser with inline policies. */
  mustDeletePoliciesFirst: 'Cannot delete entity, must delete policies first.',
  /** [recorded] test_iam_roles "delete-role-with-policy-error": with attached managed policies. */
  mustDetachPoliciesFirst: 'Cannot delete entity, must detach all policies first.',
  /** [recorded] DeleteGroup with members. */
  mustRemoveUsersFromGroupFirst: 'Cannot delete entity, must remove users from group first.',
  /** [recorded] DeleteRole / DeleteInstanceProfile while the role is in an instance profile. */
  mustRemoveRolesFromInstanceProfileFirst: 'Cannot delete entity, must remove roles from instance profile first.',
  /** [recorded] DeleteUser with credentials (service-specific credentials, …). */
  mustRemoveReferencedObjectsFirst: 'Cannot delete entity, must remove referenced objects first.',
  /** [recorded] DeleteUser with signing certificates. */
  mustDeleteCertificatesFirst: 'Cannot delete entity, must delete certificates first.',
  /** [recorded] DeletePolicy of an attached policy. */
  policyAttachedToEntities: 'Cannot delete a policy attached to entities.',
  /** [recorded] test_iam_policies "err-delete-default-version". */
  cannotDeleteDefaultVersion: 'Cannot delete the default version of a policy.',

  // ── LimitExceeded (409) ───────────────────────────────────────────────────────────────────
  /** [recorded] "Cannot exceed quota for PoliciesPerRole: 10" (no final period), every IAM quota alike. */
  quotaExceeded: (quota: string, limit: number) => `Cannot exceed quota for ${quota}: ${limit}`,
  /** [recorded] test_iam_policies "err-version-limit-exceeded". */
  policyVersionLimit: (max: number) => `A managed policy can have up to ${max} versions. Before you create a new version, you must delete an existing version.`,

  // ── ValidationError / InvalidInput (400) ──────────────────────────────────────────────────
  /** [recorded] ValidationError for an ARN parameter (PolicyArn, …) that is no ARN at all. Two spaces, as AWS. */
  invalidArn: INVALID_ARN_MESSAGE,
  /** [recorded] test_iam "non_existent_malformed_policy_arn": InvalidInput for an ARN that is not one of the kind expected. */
  arnNotValid: (arn: string) => `ARN ${arn} is not valid.`,
  /** [recorded] sts:AssumeRole with a malformed RoleArn: ValidationError. */
  roleArnInvalid: (roleArn: string) => `${roleArn} is invalid`,
  /** [recorded] GetUser (and *LoginProfile, *AccessKey…) without UserName from a role or federated session. */
  nonUserCredentials: 'Must specify userName when calling with non-User credentials',
  /** [recorded] ValidationError for a Path that does not begin and end with / (or has an empty segment). */
  invalidPath: INVALID_PATH_MESSAGE,
  /**
   * [recorded] Duplicate tag keys in one request: IAM users, roles… (InvalidInput) and STS
   * session tags (InvalidParameterValue), whose keys are case insensitive, add the note; managed
   * policies, whose keys are case sensitive (test_iam_policies "err-duplicate-keys"), do not.
   */
  duplicateTagKeys: (caseInsensitive = true) => (caseInsensitive ? 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' : 'Duplicate tag keys found.'),
  /** [guide] id_tags.html: at most 50 tags per IAM resource. */
  tagLimit: (max: number) => `The number of tags has reached the maximum limit of ${max}.`,
} as const;
