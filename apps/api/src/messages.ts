/**
 * AWS's error texts, in one table: the only place the API's error messages are written (a test,
 * test/error-statuses.test.ts, finds any written elsewhere). Each entry is a text or a function of
 * the variable parts, in AWS's exact wording where it is known (spaces, periods and case
 * included), and says where the text comes from:
 * - [api] the IAM/STS API Reference (docs.aws.amazon.com/IAM/latest/APIReference, …/STS/…),
 * - [guide] the IAM User Guide (docs.aws.amazon.com/IAM/latest/UserGuide),
 * - [recorded] an answer recorded from real AWS (LocalStack's AWS-validated snapshots,
 *   tests/aws/services/iam/*.snapshot.json, and answers quoted in public issue threads),
 * - [sts], [ec2], [organizations]: those services' API References,
 * - [portcullis] a text of ours, where AWS's wording is not documented or the condition is ours
 *   (the console's own API, a Portcullis limit): worded in AWS's style, replaced when AWS's is found.
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
  /** [recorded] "The user with name X cannot be found.", the same for groups and roles (Access Advisor, the simulator). */
  entityNotFound: (kind: 'user' | 'group' | 'role' | 'policy', name: string) => `The ${kind} with name ${name} cannot be found.`,
  /** [recorded] GetAccountPasswordPolicy / DeleteAccountPasswordPolicy with none set. */
  passwordPolicyNotFound: (accountId: string) => `The Password Policy with domain name ${accountId} cannot be found.`,
  /** [portcullis] DeleteAccountAlias of an alias the account does not have. */
  accountAliasNotFound: (alias: string) => `The account alias ${alias} cannot be found.`,
  /** [recorded] Get/Update/DeleteSigningCertificate of an unknown certificate ID. */
  signingCertificateNotFound: (certificateId: string) => `The Certificate with id ${certificateId} cannot be found.`,
  /** [recorded] Get/Update/DeleteSSHPublicKey of an unknown key ID. */
  sshPublicKeyNotFound: (keyId: string) => `The Public Key with id ${keyId} cannot be found.`,
  /** [recorded] Get/Update/DeleteServerCertificate of an unknown name. */
  serverCertificateNotFound: (name: string) => `The Server Certificate with name ${name} cannot be found.`,
  /** [recorded] EnableMFADevice / DeleteVirtualMFADevice of an unknown virtual device. */
  virtualMfaDeviceNotFound: (serialNumber: string) => `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`,
  /** [portcullis] DeactivateMFADevice / ResyncMFADevice of a device the user does not have. */
  mfaDeviceNotFound: (serialNumber: string) => `MFA Device with serial number ${serialNumber} does not exist.`,
  /** [recorded] Get/Update/Delete…OpenIDConnectProvider… of an unknown ARN. */
  oidcProviderNotFound: (arn: string) => `OpenIDConnect Provider not found for arn ${arn}`,
  /** [recorded] Get/Update/DeleteSAMLProvider of an unknown ARN. */
  samlProviderNotFound: (arn: string) => `Manifest not found for arn ${arn}`,
  /** [portcullis] RemoveRoleFromInstanceProfile of a role not in the profile. */
  roleNotInInstanceProfile: (roleName: string, profileName: string) => `The role with name ${roleName} is not in instance profile ${profileName}.`,
  /** [portcullis] DeleteServiceLinkedRole of an ordinary role. */
  notServiceLinkedRole: (roleName: string) => `The role with name ${roleName} is not a service-linked role.`,
  /** [portcullis] GetServiceLinkedRoleDeletionStatus of an unknown task. */
  deletionTaskNotFound: (taskId: string) => `Deletion task ${taskId} does not exist.`,
  /** [portcullis] GetServiceLastAccessedDetails… of an unknown job ID. */
  accessAdvisorJobNotFound: (jobId: string) => `The job with ID ${jobId} cannot be found.`,

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
  /** [portcullis] CreateAccountAlias of an alias another account holds. */
  accountAliasAlreadyExists: (alias: string) => `The account alias ${alias} already exists.`,
  /** [recorded] UploadServerCertificate / UpdateServerCertificate to a taken name. */
  serverCertificateAlreadyExists: (name: string) => `The Server Certificate with name ${name} already exists.`,
  /** [recorded] CreateOpenIDConnectProvider of a URL already registered. */
  oidcProviderAlreadyExists: (url: string) => `Provider with url ${url} already exists.`,
  /** [recorded] CreateSAMLProvider of a taken name. */
  samlProviderAlreadyExists: (name: string) => `SAMLProvider ${name} already exists.`,
  /** [recorded] CreateVirtualMFADevice of a taken path and name. */
  mfaDeviceAlreadyExists: 'MFADevice entity at the same path and name already exists.',
  /** [recorded] EnableMFADevice of a device already enabled (or a security key already registered). */
  mfaDeviceInUse: 'MFA Device is already in use.',
  /** [recorded] UploadSigningCertificate of a certificate some user in the account already has (DuplicateCertificate). */
  duplicateCertificate: 'The certificate is already associated with a user in this account.',
  /** [portcullis] UploadSSHPublicKey of a key the user already has (DuplicateSSHPublicKey). */
  duplicateSshPublicKey: 'The SSH public key is already associated with the specified IAM user.',

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
  /** [recorded] DeleteUser with a console password. */
  mustDeleteLoginProfileFirst: 'Cannot delete entity, must delete login profile first.',
  /** [recorded] DeleteUser with access keys. */
  mustDeleteAccessKeysFirst: 'Cannot delete entity, must delete access keys first.',
  /** [recorded] DeleteUser with an MFA device (rebuy-de/aws-nuke#281, ansible/ansible#27247). */
  mustDeleteMfaDeviceFirst: 'Cannot delete entity, must delete MFA device first.',
  /** [portcullis] DeletePolicy of a policy that is a permissions boundary. */
  policyUsedAsBoundary: 'Cannot delete a policy used as a permissions boundary.',
  /** [recorded] DeletePolicy of a policy with non-default versions. */
  policyHasVersions: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  /** [portcullis] DeleteVirtualMFADevice of a device still assigned. */
  mfaDeviceStillInUse: 'MFA device is still in use. Deactivate it before deleting it.',

  // ── LimitExceeded (409) ───────────────────────────────────────────────────────────────────
  /** [recorded] "Cannot exceed quota for PoliciesPerRole: 10" (no final period), every IAM quota alike. */
  quotaExceeded: (quota: string, limit: number) => `Cannot exceed quota for ${quota}: ${limit}`,
  /** [recorded] "Maximum policy size of 2048 bytes exceeded for user X" (no final period): the aggregate inline quota. */
  inlinePolicySizeExceeded: (maxSize: number, kind: 'user' | 'group' | 'role', name: string) => `Maximum policy size of ${maxSize} bytes exceeded for ${kind} ${name}`,
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
  /** [guide] id_tags.html: "You can't create tag keys or values that begin with the text aws:" (reserved for AWS's own tags). */
  reservedTagKey: (key: string) => `Tag keys may not begin with 'aws:', which is reserved for AWS use: '${key}'.`,
  /** [guide] id_tags.html: at most 50 tags per IAM resource. */
  tagLimit: (max: number) => `The number of tags has reached the maximum limit of ${max}.`,
  /** [recorded] AWS's validation message: "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: …; …". */
  validationErrors: (violations: string[]) => `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
  /** [portcullis] A pagination Marker this server did not issue. */
  invalidMarker: 'Invalid Marker.',
  /** [portcullis] ListAuditEvents with StartTime after EndTime. */
  startTimeAfterEndTime: 'StartTime must not be after EndTime.',
  /** [portcullis] CreateServiceSpecificCredential with CredentialAgeDays for a service without long-term API keys. */
  credentialAgeDaysNotSupported: (serviceName: string) => `CredentialAgeDays is only valid for services that support long-term API keys, not ${serviceName}.`,
  /** [portcullis] ListServiceSpecificCredentials with both AllUsers and UserName. */
  allUsersWithUserName: 'AllUsers cannot be specified together with UserName.',
  /** [portcullis] CreateOpenIDConnectProvider with a URL that is not https://. */
  oidcUrlNotHttps: 'The URL must begin with https://',
  /** [portcullis] An OIDC provider URL that does not parse. */
  oidcUrlInvalid: (url: string) => `The URL ${url} is not valid.`,
  /** [portcullis] An OIDC provider URL with a query or fragment. */
  oidcUrlHasQueryOrFragment: (url: string) => `The URL ${url} must not contain a query or a fragment.`,
  /** [portcullis] SAML metadata that does not parse. */
  samlMetadataInvalid: (detail: string) => `Could not parse metadata: ${detail}`,
  /** [portcullis] CreateServiceLinkedRole for a service without service-linked roles. */
  serviceLinkedRolesNotSupported: (principal: string) => `Invalid service principal: ${principal}. Service-linked roles are not supported for this service.`,
  /** [recorded] CreateServiceLinkedRole with a CustomSuffix the service does not allow. */
  customSuffixNotAllowed: (principal: string) => `Custom suffix is not allowed for ${principal}`,
  /** [recorded] CreateServiceLinkedRole when the role name is taken. */
  serviceLinkedRoleNameTaken: (roleName: string) => `Service role name ${roleName} has been taken in this account, please try a different suffix.`,
  /** [portcullis] GetServiceLinkedRoleDeletionStatus of a malformed task ID. */
  invalidDeletionTaskId: (taskId: string) => `Invalid deletion task ID: ${taskId}`,
  /** [recorded] CreateRole / UpdateRole… with a Path under /aws-service-role/. */
  serviceLinkedRolePathReserved: (prefix: string) => `Path prefix '${prefix}' can only be used for AWS Service linked Roles`,

  // ── UnmodifiableEntity (400) ──────────────────────────────────────────────────────────────
  /** [recorded] CreatePolicyVersion, DeletePolicy, … of an AWS managed policy. */
  awsManagedPolicyUnmodifiable: (policyArn: string) => `Policy ${policyArn} is an AWS managed policy and cannot be modified.`,
  /** [recorded] UpdateRole, PutRolePolicy, … of a service-linked role. */
  protectedRole: (roleName: string) => `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,

  // ── MalformedPolicyDocument (400) ─────────────────────────────────────────────────────────
  /** [recorded] A trust policy naming an IAM user or role that does not exist. */
  invalidPrincipal: (arn: string) => `Invalid principal in policy: "AWS":"${arn}"`,
  /** [portcullis] A session or simulation policy with an Access Analyzer ERROR, and where it is. */
  policyFinding: (details: string, at?: { line: number; column: number }) => (at ? `${details} (line ${at.line}, column ${at.column})` : details),
  /** [portcullis] SimulateCustomPolicy / SimulatePrincipalPolicy: which input policy is malformed ("PolicyInputList.1: …"). */
  simulationPolicyInvalid: (where: string, detail = 'The policy is not valid.') => `${where}: ${detail}`,

  // ── Policy simulator (InvalidInput, 400) ──────────────────────────────────────────────────
  /** [portcullis] CallerArn that is not an IAM user's. */
  callerArnNotUser: (arn: string) => `CallerArn ${arn} is not valid: it must be the ARN of an IAM user.`,
  /** [recorded] SimulateCustomPolicy with a ResourcePolicy and no CallerArn. */
  callerArnRequired: 'CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is not the ARN of an IAM user.',
  /** [portcullis] Too many action × resource combinations in one simulation. */
  simulationTooManyEvaluations: (evaluations: number, max: number) => `The simulation has ${evaluations} action and resource combinations; at most ${max} are allowed in one request.`,
  /** [portcullis] One evaluation alone would exceed the simulator's work budget. */
  simulationTooLargeForOne: 'The simulation is too large: its policies, resource ARNs and context values are too long to evaluate one action on one resource. Simulate fewer or smaller policies, or shorter values.',
  /** [portcullis] The whole simulation would exceed the simulator's work budget. */
  simulationTooLarge: (evaluations: number, characters: number) =>
    `The simulation is too large for one request (${evaluations} action and resource combinations against ${characters} characters of policy). Simulate fewer actions or resources per request.`,

  // ── Certificates and keys ─────────────────────────────────────────────────────────────────
  /** [recorded] MalformedCertificate: a body that is no PEM certificate ("certificate", "certificate chain", "private key"). */
  certificateUnparseable: (what = 'certificate') => `Unable to parse ${what}. Please ensure the ${what} is in PEM format.`,
  /** [portcullis] MalformedCertificate: a private key that is no unencrypted PEM key. */
  privateKeyUnparseable: 'Unable to parse private key. Please ensure the private key is an unencrypted PEM-encoded key.',
  /** [portcullis] MalformedCertificate: an expired certificate. */
  certificateExpired: (what = 'certificate') => `The ${what} has expired.`,
  /** [recorded] KeyPairMismatch. */
  keyPairMismatch: 'The public key certificate and the private key do not match.',
  /** [portcullis] InvalidPublicKey texts for an SSH public key that does not decode (what is wrong with it). */
  sshKeyTruncated: 'The SSH public key is truncated.',
  sshKeyNotRsa: 'The public key must be an RSA key.',
  sshKeyTooShort: (minBits: number) => `The public key must be at least ${minBits} bits long.`,
  sshKeyTypeNotSupported: (type: string) => `The public key type ${type} is not supported: use an ssh-rsa key.`,
  sshKeyNotBase64: 'The SSH public key is not valid base64.',
  sshKeyTypeMismatch: 'The key type inside the SSH public key does not match ssh-rsa.',
  sshKeyTrailingData: 'The SSH public key has trailing data.',
  sshKeyMalformed: 'The SSH public key is malformed.',
  pemPublicKeyMalformed: 'The PEM-encoded public key is malformed.',
  /** [portcullis] UnrecognizedPublicKeyEncoding. */
  sshKeyEncodingUnrecognized: 'The public key encoding is not recognized: use ssh-rsa (OpenSSH) or PEM format.',

  // ── Credential report, MFA, passwords ─────────────────────────────────────────────────────
  /** [recorded] PasswordPolicyViolation texts (CreateLoginProfile, UpdateLoginProfile, ChangePassword). */
  passwordTooLong: (max: number) => `Password should have a maximum length of ${max}`,
  passwordTooShort: (min: number) => `Password should have a minimum length of ${min}`,
  passwordCharactersNotAllowed: 'Password contains characters that are not allowed',
  passwordCharacterTypes: 'Password should have at least three of the following character types: uppercase letters, lowercase letters, numbers and symbols',
  passwordSameAsAccount: 'Password should not be the same as the account name or email address',
  passwordNeedsUppercase: 'Password should have at least one uppercase letter',
  passwordNeedsLowercase: 'Password should have at least one lowercase letter',
  passwordNeedsNumber: 'Password should have at least one number',
  passwordNeedsSymbol: 'Password should have at least one symbol',
  passwordReused: 'Password was used before and cannot be reused',
  /** [api] GetCredentialReport before GenerateCredentialReport (ReportNotPresent, 410). */
  credentialReportNotPresent: 'Credential report not present. To generate a credential report, use GenerateCredentialReport.',
  /** [api] GetCredentialReport while the report is being generated (ReportInProgress, 404). */
  credentialReportInProgress: 'Report generation in progress. Try again later.',
  /** [api] GetCredentialReport of an expired report (ReportExpired, 410). */
  credentialReportExpired: 'The credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
  /** [recorded] EnableMFADevice / ResyncMFADevice with wrong codes (InvalidAuthenticationCode). */
  invalidAuthenticationCode: 'Authentication code for device is not valid.',
  /** [recorded] AccessDenied for a wrong MFA code to GetSessionToken / AssumeRole (trailing space as AWS). */
  mfaFailed: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  /** [portcullis] ChangePassword by a caller that is no IAM user (InvalidUserType). */
  changePasswordNotIamUser: 'Only IAM users can change their own password with ChangePassword.',
  /** [portcullis] ChangePassword with a wrong old password (InvalidUserType). */
  oldPasswordIncorrect: 'The old password is incorrect.',

  // ── STS ───────────────────────────────────────────────────────────────────────────────────
  /** [recorded] AccessDenied: the caller may not assume the role (or it does not exist). */
  notAuthorizedToAssume: (callerArn: string, roleArn: string, action = 'sts:AssumeRole') => `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
  /** [recorded] AccessDenied for AssumeRoleWithWebIdentity / WithSAML refused by the trust policy. */
  notAuthorizedToPerform: (action: string) => `Not authorized to perform ${action}`,
  /** [recorded] GetSessionToken / GetFederationToken with session credentials. */
  sessionCredentialsRefused: (operation: string) => `Cannot call ${operation} with session credentials`,
  /** [recorded] AssumeRole by the root user. */
  rootMayNotAssumeRoles: 'Roles may not be assumed by root accounts.',
  /** [portcullis] SerialNumber without TokenCode or the reverse. */
  serialNumberAndTokenCodeTogether: 'SerialNumber and TokenCode must be given together.',
  /** [api] The requested DurationSeconds is over the role's MaxSessionDuration. */
  durationOverMaxSession: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  /** [api] InvalidParameterValue: a transitive tag key that is not among the session tags. */
  transitiveTagKeyNotRequested: 'The specified transitive tag key must be included in the requested tags.',
  /** [api] InvalidParameterValue: a transitive tag key that conflicts with the calling session's. */
  transitiveTagKeyConflict: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
  /** [api] InvalidParameterValue: a source identity that conflicts with the calling session's. */
  sourceIdentityConflict: "The specified source identity can't be set because it conflicts with the source identity of the calling session.",
  /** [recorded] InvalidClientTokenId. */
  invalidClientToken: 'The security token included in the request is invalid.',
  /** [recorded] ExpiredToken (no final period, as AWS). */
  expiredSecurityToken: 'The security token included in the request is expired',
  // Web identity (OIDC) tokens
  /** [portcullis] AssumeRoleWithWebIdentity with a ProviderId (OAuth 2.0 providers are not supported). */
  providerIdNotSupported: (providerId: string) => `ProviderId ${providerId} is not supported: only OpenID Connect ID tokens are accepted.`,
  /** [recorded] InvalidIdentityToken texts. */
  webIdentityTokenUnparseable: "Couldn't parse web identity token.",
  webIdentityTokenMissingIssuer: 'Missing a required claim: iss',
  noOidcProviderForIssuer: (issuer: string) => `No OpenIDConnect provider found in your account for ${issuer}`,
  webIdentityTokenExpired: 'Token expired: current date/time must be before the expiration date/time',
  noMatchingJwksKey: 'Could not find a key in the provider JWKS matching the token key ID.',
  webIdentityTokenClaimInvalid: (detail: string) => `The web identity token is not valid: ${detail}`,
  webIdentityTokenNotValidated:
    'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
  incorrectTokenAudience: 'Incorrect token audience',
  /** [recorded] IDPCommunicationError. */
  idpCommunicationError: "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
  // SAML assertions
  /** [portcullis] AssumeRoleWithSAML with a provider outside the role's account. */
  samlProviderNotInRoleAccount: (principalArn: string) => `SAML provider ${principalArn} does not exist in the role's account.`,
  /** [recorded] / [portcullis] InvalidIdentityToken and ExpiredTokenException texts for a SAML response. */
  samlResponseInvalid: (detail: string) => `Invalid SAML response: ${detail}`,
  samlMetadataExpired: 'The SAML provider metadata has expired.',
  samlResponseNotBase64: 'Invalid base64 SAMLResponse',
  samlResponseNotSuccess: 'The SAML response does not indicate success.',
  samlEncryptedAssertion: 'Encrypted SAML assertions are not supported.',
  samlAssertionCount: 'The SAML response must contain exactly one assertion.',
  samlNoSigningCertificate: 'The SAML provider metadata has no signing certificate.',
  samlSignatureInvalid: 'Invalid signature on the SAML response.',
  samlIssuerMismatch: 'Issuer in the SAML response does not match the issuer of the SAML provider.',
  samlInvalidTime: (attribute: 'NotBefore' | 'NotOnOrAfter' | 'SessionNotOnOrAfter') => `Invalid ${attribute} in the SAML assertion.`,
  samlNotYetValid: 'The SAML assertion is not yet valid.',
  samlAssertionExpired: 'Token has expired: the SAML assertion is past its NotOnOrAfter time.',
  samlSessionExpired: 'Token has expired: the SAML session is past its SessionNotOnOrAfter time.',
  samlAudience: 'Audience in the SAML assertion must be urn:amazon:webservices or https://signin.aws.amazon.com/saml.',
  samlSessionNameMissing: 'RoleSessionName is required in AuthnResponse',
  samlSessionNameInvalid: 'RoleSessionName in AuthnResponse must satisfy regular expression pattern: [\\w+=,.@-]{2,64}',
  samlSessionDurationInvalid: 'SessionDuration in AuthnResponse must be an integer from 900 to 43200.',
  /** [portcullis] Console SAML sign-in (POST /saml) and its SP-initiated form. */
  samlRecipientMismatch: (expected: string) => `The SAML assertion's Recipient must be this sign-in endpoint, ${expected}.`,
  samlAssertionReplayed: 'This SAML response has already been used to sign in. Sign in again at your identity provider.',
  samlAssertionIdMissing: 'The SAML assertion has no ID.',
  samlResponseMissing: 'The request has no SAMLResponse.',
  samlNoProviderForResponse: 'The SAML response names no SAML provider that could verify it: its Role attribute must name an IAM SAML provider whose metadata signs it.',
  samlNoRoles: 'The SAML response offers no role: its https://aws.amazon.com/SAML/Attributes/Role attribute must hold "role ARN,SAML provider ARN" pairs.',
  samlPrincipalTagInvalid: (key: string) => `The SAML PrincipalTag attribute ${key} is not a valid session tag.`,
  samlTooManySessionTags: 'A SAML response may pass at most 50 session tags.',
  /** [portcullis] The ID token's https://aws.amazon.com/tags claim (AssumeRoleWithWebIdentity). */
  webIdentityTagsClaimInvalid: 'The https://aws.amazon.com/tags claim of the ID token must be an object with principal_tags (tag key to a one-value array) and transitive_tag_keys (an array).',
  webIdentitySessionTagInvalid: (key: string) => `The ID token's session tag ${key} is not a valid session tag.`,
  webIdentityTooManySessionTags: 'An ID token may pass at most 50 session tags.',
  samlNoSingleSignOnService: (name: string) => `The SAML provider ${name} has no HTTP-Redirect or HTTP-POST SingleSignOnService in its metadata.`,
  /** [portcullis] The pending federated sign-in (role choice, OIDC callback) is gone. */
  federatedSignInExpired: 'This sign-in has expired or was already completed. Sign in again.',
  federatedRoleNotOffered: 'The role you chose was not offered for this sign-in.',
  federatedNoRoleTrusts: 'No role trusts this identity for the console: no role trust policy allows sts:AssumeRoleWithWebIdentity for this provider and token.',
  oidcProviderUnknown: 'No OpenID Connect provider of this account has that ID.',
  oidcCallbackError: (error: string) => `The identity provider refused the sign-in: ${error}`,
  oidcTokenExchangeFailed: 'The identity provider did not exchange the authorization code for an ID token.',
  oidcNonceMismatch: 'The ID token does not carry the nonce of this sign-in.',

  // ── Request signing and protocols ─────────────────────────────────────────────────────────
  /** [recorded] MissingAuthenticationToken. */
  missingAuthenticationToken: 'Request is missing Authentication Token',
  /** [recorded] SignatureDoesNotMatch. */
  signatureDoesNotMatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  /** [recorded] SignatureDoesNotMatch for a request older than the 15-minute skew. */
  signatureExpiredSkew: (signed: string, earliest: string, now: string) => `Signature expired: ${signed} is now earlier than ${earliest} (${now} - 15 min.)`,
  signatureExpired: 'Signature expired.',
  signatureNotYetCurrent: 'Signature not yet current.',
  /** [recorded] IncompleteSignature / SignatureDoesNotMatch texts for a malformed signature. */
  credentialScopeDate: 'Credential should be scoped to a valid date.',
  credentialScopeRegion: (region: string) => `Credential should be scoped to a valid region, not '${region}'.`,
  credentialScope: 'Credential should be scoped correctly.',
  malformedQueryString: 'The request has a malformed query string.',
  unsupportedAuthorizationType: (type: string) => `Unsupported authorization type: ${type}`,
  authorizationHeaderParts: (type: string) => `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${type}`,
  authorizationHeaderDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  hostNotSigned: "'Host' must be a signed header.",
  presignedParameters: 'A presigned request needs X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature.',
  amzDateFormat: 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'".',
  amzExpiresRange: 'X-Amz-Expires must be between 1 and 604800 seconds.',
  signatureVersionUnsupported: 'Only SignatureVersion 2 and 4 are supported.',
  signatureMethodUnsupported: 'SignatureMethod must be HmacSHA256 or HmacSHA1.',
  sigV2Timestamp: 'Timestamp must be an ISO 8601 time.',
  sigV2TimestampMissing: 'A SigV2 request needs Timestamp or Expires.',
  jsonRequiresSigV4: 'The JSON protocol requires Signature Version 4.',
  targetNotSigned: "'X-Amz-Target' must be a signed header.",
  /** [recorded] The Query protocol's MissingAction / InvalidAction. */
  missingAction: 'Missing Action',
  invalidQueryAction: (action: string, version: string) => `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`,
  /** [portcullis] InvalidAction of the JSON and console protocols. */
  invalidAction: (action: string) => `The action ${action} is not valid for this endpoint.`,
  /** [portcullis] InvalidQueryParameter texts. */
  queryBodyNotForm: 'The request body must be form-encoded (Content-Type: application/x-www-form-urlencoded).',
  queryParameterRepeated: (name: string) => `The parameter ${name} appears more than once in the request.`,
  queryParameterNameInvalid: (name: string) => `The parameter name ${name} is not valid.`,
  queryParameterConflict: (name: string) => `The parameter ${name} names a field another parameter of the request already sets.`,
  /** [portcullis] Body-parsing failures. */
  bodyNotJson: 'The request body is not valid JSON.',
  bodyTooLarge: 'The request body is too large.',
  bodyUnreadable: 'The request body could not be read.',
  /** [recorded] Throttling of the Query protocol. */
  rateExceeded: 'Rate exceeded',
  /** [api] CommonErrors: InternalFailure (500). */
  internalFailure: 'The request processing has failed because of an unknown error, exception or failure.',
  /** [api] CommonErrors: ServiceUnavailable (503). */
  serviceUnavailable: 'The request has failed due to a temporary failure of the server.',
  /** [organizations] ServiceException (500) of the JSON protocol. */
  serviceException: 'An internal error occurred.',
  /** [recorded] ConcurrentModification. */
  concurrentModification: 'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
  /** [portcullis] Database constraint failures that no action check caught first. */
  entityNameTaken: 'An entity with that name already exists.',
  entityStillInUse: 'The entity is still in use.',
  entityDoesNotExist: 'The entity does not exist.',

  // ── Organizations ─────────────────────────────────────────────────────────────────────────
  /** [organizations] AWSOrganizationsNotInUseException. */
  organizationsNotInUse: 'Your account is not a member of an organization.',
  /** [organizations] AccessDeniedException for a member account. */
  notManagementAccount: "You don't have permissions to access this resource. Only the management account of the organization can perform this operation.",
  /** [organizations] CreateAccountStatusNotFoundException. */
  createAccountStatusNotFound: "We can't find a create account request with the CreateAccountRequestId that you specified.",
  /** [organizations] AccountNotFoundException. */
  organizationsAccountNotFound:
    "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",

  // ── EC2 (Query API 2016-11-15) ──────────────────────────────────────────────────────────
  /** [ec2] EC2's error texts (the EC2 API Reference, "Error codes"), and [portcullis] ones worded in their style. */
  ec2: {
    missingParameter: (name: string) => `The request must contain the parameter ${name}`,
    malformedId: (id: string, prefix: string) => `Invalid id: "${id}" (expecting "${prefix}-...")`,
    dryRun: 'Request would have succeeded, but DryRun flag is set.',
    filterValueTooLong: (max: number) => `The maximum length for a filter value is ${max} characters`,
    tooManyFilterValues: (max: number) => `The maximum number of filter values specified on a single call is ${max}`,
    invalidFilter: (name: string) => `The filter '${name}' is invalid`,
    filterTooExpensive: 'The filter values of this call take too long to evaluate: use fewer wildcard values, or shorter text after each *.',
    invalidAttributeItem: (value: string, type: string) => `Invalid attribute item value "${value}" for ${type} item type.`,
    userIdOrGroup: 'A permission must name either UserId or Group, not both.',
    legacyWithAddRemove: 'OperationType, UserId and UserGroup cannot be used together with Add and Remove.',
    invalidOperationType: (value: string) => `Value (${value}) for parameter operationType is invalid. Valid values are add and remove.`,
    invalidUserId: (value: string) => `Invalid user id: "${value}"`,
    maxResultsWithIds: 'The parameter MaxResults cannot be used with explicit IDs.',
    maxResultsRange: (value: number) => `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    invalidPaginationToken: 'The pagination token is not valid.',
    notTaggableType: (type: string) => `'${type}' is not a valid taggable resource type for this operation.`,
    repeatedTagResourceType: (type: string) => `The same resource type '${type}' may not be specified more than once in tag specifications.`,
    tagKeyLength: (key: string) => `Tag keys must be between 1 and 128 characters long: '${key}'.`,
    tagKeyReserved: (key: string) => `Tag keys starting with 'aws:' are reserved for internal use: '${key}'.`,
    tagValueLength: (key: string) => `Tag values may be at most 256 characters long (key '${key}').`,
    duplicateTagKey: (key: string) => `Duplicate tag key '${key}' specified.`,
    tagLimit: (max: number) => `The maximum number of tags per resource (${max}) has been exceeded.`,
    imageNotFound: (ids: string[]) => `The image id '[${ids.join(', ')}]' does not exist`,
    snapshotNotFound: (ids: string[]) => `The snapshot '${ids.join(', ')}' does not exist.`,
    groupNotFound: (id: string) => `The security group '${id}' does not exist`,
    groupNotFoundInVpc: (name: string, vpcId: string) => `The security group '${name}' does not exist in default VPC '${vpcId}'`,
    instanceNotFound: (ids: string[]) => `The instance ID${ids.length > 1 ? 's' : ''} '${ids.join(', ')}' ${ids.length > 1 ? 'do' : 'does'} not exist`,
    volumeNotFound: (ids: string[]) => `The volume${ids.length > 1 ? 's' : ''} '${ids.join(', ')}' ${ids.length > 1 ? 'do' : 'does'} not exist.`,
    invalidGroupName: (name: string) => `Value (${name}) for parameter GroupName is invalid. Group names must be 1-255 characters from a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`,
    groupNameLikeId: 'Group names may not be in the format sg-*',
    invalidGroupDescription: (description: string) => `Value (${description}) for parameter GroupDescription is invalid. Descriptions must be 1-255 characters from a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`,
    vpcNotFound: (vpcId: string) => `The vpc ID '${vpcId}' does not exist`,
    groupReserved: (name: string) => `The security group '${name}' is reserved`,
    groupDuplicate: (name: string, vpcId: string) => `The security group '${name}' already exists for VPC '${vpcId}'`,
    groupLimit: (max: number) => `You have exceeded the number of VPC security groups allowed per region (${max}).`,
    groupCannotDelete: (id: string, name: string) => `the specified group: "${id}" name: "${name}" cannot be deleted by a user`,
    dependencyViolation: (id: string) => `resource ${id} has a dependent object`,
    ipPermissionsWithFlat: 'The parameter IpPermissions cannot be used with IpProtocol, FromPort, ToPort, CidrIp or SourceSecurityGroupName.',
    permissionDuplicate: (rule: string) => `the specified rule "${rule}" already exists`,
    rulesLimit: 'The maximum number of rules per security group has been reached.',
    ruleIdWithIpPermissions: 'The parameter SecurityGroupRuleId cannot be used with IpPermissions.',
    ruleIdNotFound: (id: string) => `The security group rule ID '${id}' does not exist`,
    permissionNotFound: 'The specified rule does not exist in this security group.',
    invalidSourceIp: (value: string) => `Invalid value '${value}' for SourceIp. It must be an IPv4 or IPv6 address.`,
    invalidProtocol: (value: string | undefined) => `Invalid value '${value}' for Protocol. Expected tcp, udp, icmp or -1.`,
    invalidRuleDescription: (field: string) => `Invalid ${field}. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`,
    malformedCidr: (cidr: string) => `CIDR block ${cidr} is malformed`,
    unknownIpProtocol: (value: string) => `Invalid value '${value}' for IP protocol. Unknown protocol.`,
    portsRequired: "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
    portRange: (from: number, to: number) => `Invalid value '${from}-${to}' for portRange. Ports must be between 0 and 65535.`,
    portOrder: (from: number, to: number) => `Invalid value '${from}-${to}' for portRange. The from port must not exceed the to port.`,
    icmpType: (value: number) => `Invalid value '${value}' for ICMP type.`,
    icmpCode: (value: number) => `Invalid value '${value}' for ICMP code.`,
    prefixListsNotSupported: 'Prefix lists are not supported.',
    invalidInstanceProfile: (value: string, field: 'arn' | 'name') => `Value (${value}) for parameter iamInstanceProfile.${field} is invalid. Invalid IAM Instance Profile ${field === 'arn' ? 'ARN' : 'name'}`,
    countNotPositive: (parameter: 'minCount' | 'maxCount', value: number) => `Value (${value}) for parameter ${parameter} is invalid. Expected: 'greater than zero'.`,
    minCountOverMax: (min: number, max: number) => `Value (${min}) for parameter minCount is invalid. Expected: 'at most maxCount (${max})'.`,
    instanceLimit: (requested: number, max: number) => `You have requested more instances (${requested}) than your current instance limit of ${max} allows for the specified instance type.`,
    invalidInstanceType: (value: string) => `Invalid value '${value}' for InstanceType.`,
    imageUnavailable: (id: string) => `The image id '[${id}]' is no longer available`,
    incorrectInstanceState: (id: string, verb: string) => `The instance '${id}' is not in a state from which it can be ${verb}.`,
    volumeSize: (size: number, max: number) => `Volume of ${size}GiB is too large/small: it must be between 1 and ${max} GiB.`,
    invalidZone: (zone: string) => `Invalid availability zone: [${zone}]`,
    volumeSmallerThanSnapshot: (size: number, snapshotId: string, snapshotSize: number) => `Volume of size ${size}GiB is smaller than snapshot '${snapshotId}', expect size >= ${snapshotSize}GiB`,
    volumeInUse: (id: string) => `Volume ${id} is currently attached to an instance`,
    notAuthorizedFor: (kind: 'image' | 'snapshot', id: string) => `Not authorized for ${kind}:${id}`,
    invalidAmiName: "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '[', ']', ' ', '.', '-', '/', ''', '@' and '_'",
    descriptionLength: 'The description must be at most 255 characters long.',
    invalidArchitecture: (value: string, valid: readonly string[]) => `Value (${value}) for parameter architecture is invalid. Valid values are ${valid.join(', ')}.`,
    deviceNamesUnique: 'The device names in the block device mapping must be unique.',
    amiNameDuplicate: (name: string, imageId: string) => `AMI name ${name} is already in use by AMI ${imageId}`,
    attributeNotModifiableHere: (attribute: string) => `The attribute '${attribute}' cannot be modified here.`,
    unknownAttribute: (attribute: string) => `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
    multipleAttributeTypes: (first: string, second: string) => `Fields for multiple attribute types specified: ${first}, ${second}`,
    addAndRemovePermissions: 'You cannot add and remove create volume permissions in the same request.',
    onlyResettable: (attribute: string, resettable: string) => `Value (${attribute}) for parameter attribute is invalid. Only ${resettable} can be reset.`,
    invalidVolumeSize: (value: number, max: number) => `Invalid value '${value}' for VolumeSize. It must be between 1 and ${max}.`,
    snapshotInUse: (snapshotId: string, imageId: string) => `The snapshot ${snapshotId} is currently in use by ${imageId}`,
    productCodesNotModifiable: 'The productCodes attribute cannot be modified.',
    tooManyPermissionChanges: (total: number, max: number) => `The request contains ${total} modifications; at most ${max} are allowed per request.`,
    encryptedSnapshotPublic: 'Encrypted snapshots cannot be made public.',
    unauthorizedOperation: (callerArn: string, action: string, resource: string) => `You are not authorized to perform this operation. User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`,
  },

  // ── The console's own API and first-run set-up (Portcullis, not AWS) ──────────────────────
  /** IAM Access Analyzer's policy checks (actions/access-analyzer). */
  accessAnalyzer: {
    /** [portcullis] ValidatePolicy: a nextToken this server did not issue. */
    invalidNextToken: 'The nextToken is not valid: use the token of the previous page.',
    /** [portcullis] CheckAccessNotGranted: an access entry with neither actions nor resources. */
    emptyAccess: 'Each access entry must list at least one action or resource.',
    /** [portcullis] An access check's document that is not a JSON object. */
    notAPolicy: 'The policy document is not a JSON object.',
    /** [portcullis] An access check's document the grammar refuses: which member, and the first error finding. */
    invalidPolicyMember: (member: string, finding: string) => `${member}: ${finding}`,
    /** [portcullis] CheckAccessNotGranted results (AWS's own wording is not recorded here). */
    accessGranted: 'The policy document grants access to perform one or more of the listed actions or resources.',
    accessNotGranted: 'The policy document does not grant access to perform the listed actions or resources.',
    /** [portcullis] CheckNoNewAccess results (AWS's own wording is not recorded here). */
    newAccess: 'The modified permissions grant new access compared to your existing policy.',
    noNewAccess: 'The modified permissions do not grant new access compared to your existing policy.',
    /** [portcullis] A REST-JSON request to a path and method Access Analyzer does not serve here. */
    unknownOperation: (method: string, path: string) => `No Access Analyzer operation is served at ${method} ${path}.`,
    /** [portcullis] CheckNoPublicAccess results (AWS's own wording is not recorded here). */
    publicAccess: 'The resource policy grants public access for the given resource type.',
    noPublicAccess: 'The resource policy does not grant public access for the given resource type.',
    /** [portcullis] CheckNoPublicAccess for a resource type this server holds none of. */
    unsupportedResourceType: (type: string) => `Resources of type ${type} are not held here: CheckNoPublicAccess checks AWS::IAM::AssumeRolePolicyDocument.`,
    /** [portcullis] A filter criterion with none of eq, neq, contains, exists. */
    emptyCriterion: 'Each filter criterion must have at least one of eq, neq, contains or exists.',
    /** [portcullis] Analyzers, archive rules and findings that do not exist, or already do. */
    analyzerNotFound: (name: string) => `Analyzer ${name} not found.`,
    analyzerExists: (name: string) => `An analyzer named ${name} already exists.`,
    archiveRuleNotFound: (name: string) => `Archive rule ${name} not found.`,
    archiveRuleExists: (name: string) => `An archive rule named ${name} already exists.`,
    findingNotFound: (id: string) => `Finding ${id} not found.`,
    resourceNotFound: (arn: string) => `Resource ${arn} is not analyzed by this analyzer.`,
    /** [portcullis] Analyzer types not served yet (internal access). */
    unsupportedAnalyzerType: (type: string) => `Analyzers of type ${type} are not supported: use ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS or ORGANIZATION_UNUSED_ACCESS.`,
    /** [portcullis] An unused access configuration given to an external access analyzer. */
    configurationNotAllowed: (type: string) => `An analyzer of type ${type} takes no unused access configuration.`,
    /** [portcullis] UpdateAnalyzer on an external access analyzer (AWS: "This action is not supported for external access analyzers"). */
    notForExternalAccess: (operation: string) => `${operation} is not supported for external access analyzers.`,
    /** [portcullis] ListFindings / GetFinding (AWS: "You must use GetFindingV2 for internal and unused access analyzers") and StartResourceScan on an unused access analyzer. */
    externalAccessOnly: (operation: string, instead?: string) => `${operation} is supported only for external access analyzers${instead ? `: use ${instead}` : ''}.`,
    /** [portcullis] GenerateFindingRecommendation for a finding other than UnusedPermission. */
    recommendationUnsupported: (findingType: string) => `Recommendations are generated for UnusedPermission findings only, not ${findingType}.`,
    /** [portcullis] GetFindingRecommendation before GenerateFindingRecommendation. */
    recommendationNotFound: (id: string) => `No recommendation was generated for finding ${id}: call GenerateFindingRecommendation first.`,
    /** [portcullis] A recommendation for a principal deleted since its finding. */
    principalGone: (arn: string) => `The principal ${arn} no longer exists.`,
    /** [portcullis] An ORGANIZATION analyzer outside the organization's management account. */
    notOrganizationManagement: 'An organization analyzer can be created only in the organization\'s management account.',
    /** [portcullis] Policy generation (StartPolicyGeneration, GetGeneratedPolicy, CancelPolicyGeneration). */
    cloudTrailDetailsRequired: 'cloudTrailDetails is required: its startTime and endTime give the period of activity to generate the policy from.',
    principalNotInAccount: (arn: string) => `The principal ${arn} is not a user or role of this account.`,
    principalNotFound: (arn: string) => `The principal ${arn} does not exist.`,
    periodStartsAfterEnd: 'The startTime of cloudTrailDetails must be before its endTime.',
    periodTooLong: (days: number) => `The period from startTime to endTime must be at most ${days} days.`,
    policyGenerationNotFound: (jobId: string) => `No policy generation with jobId ${jobId} was started in the last 7 days.`,
  },
  console: {
    notSignedIn: 'You are not signed in.',
    invalidCredentials: 'Your authentication information is incorrect. Please try again.',
    unknownAccountAlias: (alias: string) => `No account has the alias ${alias}.`,
    securityKeyResponseInvalid: 'The security key response is not valid.',
    noSecurityKeyRegistered: 'No security key is registered for this sign-in.',
    bodyNotJson: 'Send the request body as application/json.',
    invalidCsrfToken: 'The request is missing a valid CSRF token.',
    onlyRootChangesRootPassword: 'Only the root user changes the root password.',
    mustChangePassword: 'You must change your password before you continue.',
    passwordExpired: 'Your password has expired. Contact your administrator to reset it.',
    tooManySignInAttempts: (minutes: number) => `Too many sign-in attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    unknownRoute: (method: string, path: string) => `No API route for ${method} ${path}.`,
    internalFailure: 'The request failed because of an unknown error.',
    alreadySetUp: 'Portcullis is already set up: sign in instead.',
  },
} as const;
