/**
 * Account settings: the password policy (Get/Update/DeleteAccountPasswordPolicy), the account
 * alias (Create/Delete/ListAccountAliases), GetAccountSummary, GetAccountAuthorizationDetails,
 * and the credential report (Generate/GetCredentialReport).
 */
import { z } from 'zod';
import { AccountAliasSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { AwsError, entityAlreadyExists, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker } from '../../iam/pagination';
import { POLICY_SIZE } from '../../iam/policy-documents';
import { accountQuota } from '../../iam/quotas';
import { accountSummaryCounts, entityRefsPage, groupDetails, policyDetails, roleDetails, userDetails, type EntityKind } from './account.queries';
import { REPORT_TTL_MS, reportContent, startCredentialReport, storedReport } from './account.credential-report';

/** A boolean parameter: JSON true/false, or the Query API's "true"/"false". */
const BooleanInput = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
/** An integer parameter in a range: a JSON number, or the Query API's digits. */
const intInRange = (min: number, max: number) =>
  z.union([z.number(), z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number)]).pipe(z.number().int().min(min).max(max));

/** UpdateAccountPasswordPolicy's default minimum length when the parameter is omitted (API reference). */
export const API_DEFAULT_MINIMUM_PASSWORD_LENGTH = 6;

/** reference_iam-quotas, as GetAccountSummary reports them (the per-account ones from iam/quotas.ts). */
const FIXED_QUOTAS = {
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AccessKeysPerUserQuota: 2,
  SigningCertificatesPerUserQuota: 2,
  PolicySizeQuota: POLICY_SIZE.managed,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  UserPolicySizeQuota: POLICY_SIZE.inlineUser,
  GroupPolicySizeQuota: POLICY_SIZE.inlineGroup,
  RolePolicySizeQuota: POLICY_SIZE.inlineRole,
  AssumeRolePolicySizeQuota: POLICY_SIZE.trust,
  GlobalEndpointTokenVersion: 1,
} as const;

const noPasswordPolicy = (accountId: string) => noSuchEntity(messages.passwordPolicyNotFound(accountId));

export const getAccountPasswordPolicy = defineAction({
  name: 'GetAccountPasswordPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller }) {
    const policy = await tx.passwordPolicy.findUnique({ where: { accountId: caller.accountId } });
    if (!policy) throw noPasswordPolicy(caller.accountId);
    return {
      PasswordPolicy: {
        MinimumPasswordLength: policy.minimumPasswordLength,
        RequireSymbols: policy.requireSymbols,
        RequireNumbers: policy.requireNumbers,
        RequireUppercaseCharacters: policy.requireUppercaseCharacters,
        RequireLowercaseCharacters: policy.requireLowercaseCharacters,
        AllowUsersToChangePassword: policy.allowUsersToChangePassword,
        ExpirePasswords: Boolean(policy.maxPasswordAge),
        ...(policy.maxPasswordAge ? { MaxPasswordAge: policy.maxPasswordAge } : {}),
        ...(policy.passwordReusePrevention ? { PasswordReusePrevention: policy.passwordReusePrevention } : {}),
        HardExpiry: policy.hardExpiry,
      },
    };
  },
});

export const updateAccountPasswordPolicy = defineAction({
  name: 'UpdateAccountPasswordPolicy',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({
    MinimumPasswordLength: intInRange(6, 128).optional(),
    RequireSymbols: BooleanInput.optional(),
    RequireNumbers: BooleanInput.optional(),
    RequireUppercaseCharacters: BooleanInput.optional(),
    RequireLowercaseCharacters: BooleanInput.optional(),
    AllowUsersToChangePassword: BooleanInput.optional(),
    MaxPasswordAge: intInRange(1, 1095).optional(),
    PasswordReusePrevention: intInRange(1, 24).optional(),
    HardExpiry: BooleanInput.optional(),
  }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    // AWS: a parameter left out is reset to its default, not kept.
    const data = {
      minimumPasswordLength: input.MinimumPasswordLength ?? API_DEFAULT_MINIMUM_PASSWORD_LENGTH,
      requireSymbols: input.RequireSymbols ?? false,
      requireNumbers: input.RequireNumbers ?? false,
      requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      maxPasswordAge: input.MaxPasswordAge ?? null,
      passwordReusePrevention: input.PasswordReusePrevention ?? null,
      hardExpiry: input.HardExpiry ?? false,
    };
    await tx.passwordPolicy.upsert({ where: { accountId: caller.accountId }, create: { accountId: caller.accountId, ...data }, update: data });
    return {};
  },
});

export const deleteAccountPasswordPolicy = defineAction({
  name: 'DeleteAccountPasswordPolicy',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller }) {
    const { count } = await tx.passwordPolicy.deleteMany({ where: { accountId: caller.accountId } });
    if (count === 0) throw noPasswordPolicy(caller.accountId);
    return {};
  },
});

export const createAccountAlias = defineAction({
  name: 'CreateAccountAlias',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ AccountAlias: AccountAliasSchema }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const holder = await tx.account.findUnique({ where: { alias: input.AccountAlias }, select: { id: true } });
    if (holder && holder.id !== caller.accountId) throw entityAlreadyExists(messages.accountAliasAlreadyExists(input.AccountAlias));
    // One alias per account: a new one replaces the previous (the old sign-in URL stops working).
    if (!holder) await tx.account.update({ where: { id: caller.accountId }, data: { alias: input.AccountAlias } });
    return {};
  },
});

export const deleteAccountAlias = defineAction({
  name: 'DeleteAccountAlias',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ AccountAlias: AccountAliasSchema }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const { count } = await tx.account.updateMany({ where: { id: caller.accountId, alias: input.AccountAlias }, data: { alias: null } });
    if (count === 0) throw noSuchEntity(messages.accountAliasNotFound(input.AccountAlias));
    return {};
  },
});

export const listAccountAliases = defineAction({
  name: 'ListAccountAliases',
  service: 'iam',
  readOnly: true,
  input: z.object({ ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const after = decodeMarker(input.Marker);
    const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { alias: true } });
    // At most one alias: never truncated, so nothing follows any marker.
    const aliases = account.alias && !after ? [account.alias] : [];
    return { AccountAliases: aliases, IsTruncated: false };
  },
});

export const getAccountSummary = defineAction({
  name: 'GetAccountSummary',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller }) {
    const { usage: u, rootMfa, rootKeys, rootCertificates } = await accountSummaryCounts(tx, caller.accountId);
    return {
      SummaryMap: {
        Users: u.User,
        Groups: u.Group,
        Roles: u.Role,
        Policies: u.LocalPolicy,
        InstanceProfiles: u.InstanceProfile,
        ServerCertificates: u.ServerCertificate,
        Providers: u.OidcProvider + u.SamlProvider,
        MFADevices: u.MfaDevice,
        MFADevicesInUse: u.MfaDeviceInUse,
        AccountMFAEnabled: rootMfa > 0 ? 1 : 0,
        AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
        AccountSigningCertificatesPresent: rootCertificates > 0 ? 1 : 0,
        PolicyVersionsInUse: u.PolicyAttachment,
        UsersQuota: accountQuota('User'),
        GroupsQuota: accountQuota('Group'),
        RolesQuota: accountQuota('Role'),
        PoliciesQuota: accountQuota('LocalPolicy'),
        InstanceProfilesQuota: accountQuota('InstanceProfile'),
        ...FIXED_QUOTAS,
      },
    };
  },
});

const ENTITY_KINDS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

export const getAccountAuthorizationDetails = defineAction({
  name: 'GetAccountAuthorizationDetails',
  service: 'iam',
  readOnly: true,
  input: z.object({ Filter: z.array(z.enum(ENTITY_KINDS)).max(5).optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const kinds = new Set<EntityKind>(input.Filter?.length ? input.Filter : ENTITY_KINDS);
    const after = decodeMarker(input.Marker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const { refs: pageRefs, isTruncated } = await entityRefsPage(tx, caller.accountId, kinds, after, limit);
    const idsOf = (...wanted: EntityKind[]) => pageRefs.filter((r) => wanted.includes(r.kind)).map((r) => r.id);
    const [users, groups, roles, policies] = await Promise.all([
      userDetails(tx, idsOf('User')),
      groupDetails(tx, idsOf('Group')),
      roleDetails(tx, idsOf('Role')),
      policyDetails(tx, caller.accountId, idsOf('LocalManagedPolicy', 'AWSManagedPolicy')),
    ]);
    return {
      UserDetailList: users,
      GroupDetailList: groups,
      RoleDetailList: roles,
      Policies: policies,
      IsTruncated: isTruncated,
      ...(isTruncated ? { Marker: encodeMarker(pageRefs[pageRefs.length - 1]!.key) } : {}),
    };
  },
});

/** How long GenerateCredentialReport waits for its job: a small account's report is ready when it answers. */
const GENERATE_WAIT_MS = 2000;

export const generateCredentialReport = defineAction({
  name: 'GenerateCredentialReport',
  service: 'iam',
  // No transaction: the report is made in the background in short statements of its own (its
  // IAM access level is Read; it changes no one's permissions or credentials).
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller, now }) {
    const { state, job } = await startCredentialReport(tx, caller.accountId, now);
    if (state === 'STARTED') {
      await Promise.race([job, new Promise((resolve) => setTimeout(resolve, GENERATE_WAIT_MS).unref())]);
      return { State: state, Description: 'No report exists. Starting a new report generation task' };
    }
    return { State: state };
  },
});

export const getCredentialReport = defineAction({
  name: 'GetCredentialReport',
  service: 'iam',
  readOnly: true,
  input: z.object({}),
  target: () => ({ resource: '*' }),
  async handler(_input, { tx, caller, now }) {
    const report = await storedReport(tx, caller.accountId);
    if (report?.state === 'INPROGRESS') throw new AwsError('ReportInProgress', messages.credentialReportInProgress, 404);
    if (report?.state !== 'COMPLETE') throw new AwsError('ReportNotPresent', messages.credentialReportNotPresent, 410);
    if (now.getTime() - report.generatedAt.getTime() >= REPORT_TTL_MS) throw new AwsError('ReportExpired', messages.credentialReportExpired, 410);
    // Streamed: the protocols send the CSV's base64 as they read its pages (protocols/streamed-blob.ts).
    return { Content: reportContent(tx, caller.accountId, report.jobId), ReportFormat: 'text/csv', GeneratedTime: report.generatedAt };
  },
});

export const accountActions: AnyAction[] = [
  getAccountPasswordPolicy,
  updateAccountPasswordPolicy,
  deleteAccountPasswordPolicy,
  createAccountAlias,
  deleteAccountAlias,
  listAccountAliases,
  getAccountSummary,
  getAccountAuthorizationDetails,
  generateCredentialReport,
  getCredentialReport,
];
