/**
 * STS: GetCallerIdentity, GetSessionToken, AssumeRole, GetFederationToken. Temporary
 * credentials are ASIA… keys with a session token, stored server-side (secret encrypted, token
 * hashed), usable with SigV4 and SigV2 until they expire.
 * https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
 */
import { z } from 'zod';
import { TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionContext } from '../action';
import { accessDenied, validationError } from '../../errors';
import { messages } from '../../messages';
import { mfaFailed, verifyMfaCode } from '../../iam/mfa-codes';
import { tagsOf } from '../../iam/shapes';
import {
  accountOf,
  checkSessionDuration,
  checkSessionTagKeys,
  issueCredentials,
  issueRoleSession,
  packedPolicySize,
  PolicyArnsSchema,
  roleSessionSourceIdentity,
  roleSessionTags,
  roleWithTrustPolicy,
  SerialNumberSchema,
  SessionNameSchema,
  sessionPolicies,
  SessionPolicySchema,
  TokenCodeSchema,
} from './sessions';
import { assumeRoleWithSaml, assumeRoleWithWebIdentity } from './federation.actions';

async function checkMfa(ctx: ActionContext, serialNumber: string | undefined, tokenCode: string | undefined): Promise<Date | undefined> {
  if (!serialNumber && !tokenCode) return undefined;
  if (!serialNumber || !tokenCode) throw validationError(messages.serialNumberAndTokenCodeTogether);
  if (!(await verifyMfaCode(ctx.tx, ctx.caller, serialNumber, tokenCode, ctx.now, ctx.secrets))) throw mfaFailed();
  return ctx.now;
}

export const getCallerIdentity = defineAction({
  name: 'GetCallerIdentity',
  service: 'sts',
  readOnly: true,
  // AWS: "No permissions are required to perform this operation."
  noAuthorization: true,
  input: z.object({}),
  target: (_input, caller) => ({ resource: caller.arn }),
  handler: async (_input, { caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),
});

export const getSessionToken = defineAction({
  name: 'GetSessionToken',
  service: 'sts',
  authorizationCache: 'unchanged',
  // AWS: no permissions are required; only long-term credentials may call it.
  noAuthorization: true,
  input: z.object({ DurationSeconds: z.number().int().min(900).max(129600).optional(), SerialNumber: SerialNumberSchema.optional(), TokenCode: TokenCodeSchema.optional() }),
  target: (_input, caller) => ({ resource: caller.arn }),
  async handler(input, ctx) {
    const { caller } = ctx;
    if (caller.temporary) throw accessDenied(messages.sessionCredentialsRefused('GetSessionToken'));
    const max = caller.kind === 'root' ? 3600 : 129600;
    const duration = Math.min(input.DurationSeconds ?? (caller.kind === 'root' ? 3600 : 43200), max);
    const mfaAuthenticatedAt = await checkMfa(ctx, input.SerialNumber, input.TokenCode);
    return {
      Credentials: await issueCredentials(ctx, {
        kind: 'session',
        principalArn: caller.arn,
        principalId: caller.userId,
        durationSeconds: duration,
        userId: caller.iamUserId ?? null,
        issuedToRoot: caller.kind === 'root',
        mfaAuthenticatedAt,
      }),
    };
  },
});

/** arn:<partition>:iam::<12-digit account>:role/<path><name>. */
const ROLE_ARN_RE = /^arn:[\w-]+:iam::\d{12}:role\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

const AssumeRoleInput = z.object({
  // AWS's arnType (20–2048 characters): a malformed one is refused by the target, in STS's words.
  RoleArn: z.string().min(20).max(2048),
  RoleSessionName: SessionNameSchema,
  DurationSeconds: z.number().int().min(900).max(43200).optional(),
  Policy: SessionPolicySchema.optional(),
  PolicyArns: PolicyArnsSchema.optional(),
  ExternalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:/-]*$/).optional(),
  SerialNumber: SerialNumberSchema.optional(),
  TokenCode: TokenCodeSchema.optional(),
  Tags: TagListSchema.optional(),
  TransitiveTagKeys: z.array(z.string().min(1).max(128)).max(50).optional(),
  SourceIdentity: z.string().min(2).max(64).regex(/^[\w+=,.@-]*$/).optional(),
});

export const assumeRole = defineAction({
  name: 'AssumeRole',
  service: 'sts',
  authorizationCache: 'unchanged',
  // The credential is one INSERT, stored only while its role exists: READ COMMITTED suffices,
  // in a transaction of our own whose COMMIT goes with that statement and the audit event (one
  // round trip, one disk flush). Nobody can use the credential before the reply hands out its
  // secret, which happens only once it is committed.
  readCommitted: true,
  directTransaction: true,
  input: AssumeRoleInput,
  async target(input, caller, db) {
    // A RoleArn that is no IAM role ARN at all: ValidationError "<arn> is invalid". A well-formed
    // ARN of a role that does not exist stays AccessDenied below, as in AWS.
    if (!ROLE_ARN_RE.test(input.RoleArn)) throw validationError(messages.roleArnInvalid(input.RoleArn));
    // AWS: "Roles may not be assumed by root accounts."
    if (caller.kind === 'root') throw accessDenied(messages.rootMayNotAssumeRoles);
    const session = roleSessionTags(caller, input.Tags, input.TransitiveTagKeys);
    const sourceIdentity = roleSessionSourceIdentity(caller, input.SourceIdentity);
    const role = await roleWithTrustPolicy(db, input.RoleArn);
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': input.RoleSessionName };
    if (input.ExternalId) context['sts:ExternalId'] = input.ExternalId;
    if (sourceIdentity) context['sts:SourceIdentity'] = sourceIdentity;
    if (input.TransitiveTagKeys) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
    // With SerialNumber + TokenCode the request is MFA-authenticated (trust policies test
    // aws:MultiFactorAuthPresent); the handler verifies the code before issuing anything, so a
    // wrong code fails the whole call.
    if (input.SerialNumber && input.TokenCode) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = '0';
    }
    // An unknown role: AWS answers AccessDenied rather than revealing that it does not exist.
    if (!role) throw accessDenied(messages.notAuthorizedToAssume(caller.arn, input.RoleArn));
    // The role's trust policy (with the principals it names as they are now: a deleted one no
    // longer matches anybody) is the resource policy the dispatcher evaluates with the caller's.
    const target = {
      resource: input.RoleArn,
      resourceAccount: accountOf(input.RoleArn),
      resourcePolicy: { id: `${input.RoleArn}#trust`, document: role.trustPolicy, mustAllow: true },
      resourceTags: tagsOf(role.tags),
      requestTags: input.Tags,
      context,
    };
    // Passing session tags or a source identity is a permission of its own, which the role's
    // trust policy must grant just as it grants sts:AssumeRole.
    const alsoRequires = [
      ...(input.Tags?.length ? [{ action: 'sts:TagSession', ...target }] : []),
      ...(sourceIdentity ? [{ action: 'sts:SetSourceIdentity', ...target }] : []),
    ];
    return { ...target, alsoRequires, session, sourceIdentity, role };
  },
  async handler(input, ctx) {
    const { caller, tx, target } = ctx;
    // The role as the target read it (no second read): the session is stored only if the role
    // still exists then (roleGone).
    const { role } = target;
    // Role chaining (a role session assuming a role) is capped at one hour.
    const chained = caller.kind === 'assumed-role';
    const duration = {
      durationSeconds: input.DurationSeconds ?? 3600,
      maxDurationSeconds: chained ? 3600 : role.maxSessionDuration,
      tooLongMessage: chained ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.` : undefined,
    };
    checkSessionDuration(duration);
    const documents = await sessionPolicies(tx, caller.accountId, input.Policy, input.PolicyArns);
    // The MFA code last, once nothing else refuses the call: a refused call must not use it up.
    const mfaAuthenticatedAt = (await checkMfa(ctx, input.SerialNumber, input.TokenCode)) ?? (chained ? caller.mfaAuthenticatedAt : undefined);
    const { tags: sessionTags, transitiveTagKeys } = target.session;
    const session = await issueRoleSession(ctx, role, {
      sessionName: input.RoleSessionName,
      ...duration,
      sessionPolicies: documents,
      sessionTags,
      transitiveTagKeys,
      sourceIdentity: target.sourceIdentity,
      mfaAuthenticatedAt,
      roleGone: () => accessDenied(messages.notAuthorizedToAssume(caller.arn, input.RoleArn)),
    });
    return {
      ...session,
      // AWS sends the packed size only when there is something packed (session policies or tags).
      ...(documents.length || sessionTags.length ? { PackedPolicySize: packedPolicySize(documents, sessionTags) } : {}),
      ...(target.sourceIdentity ? { SourceIdentity: target.sourceIdentity } : {}),
    };
  },
});

export const getFederationToken = defineAction({
  name: 'GetFederationToken',
  service: 'sts',
  authorizationCache: 'unchanged',
  input: z.object({
    Name: z.string().min(2).max(32).regex(/^[\w+=,.@-]+$/),
    Policy: SessionPolicySchema.optional(),
    PolicyArns: PolicyArnsSchema.optional(),
    DurationSeconds: z.number().int().min(900).max(129600).optional(),
    Tags: TagListSchema.optional(),
  }),
  target(input, caller) {
    checkSessionTagKeys(input.Tags ?? []);
    const target = { resource: `arn:aws:sts::${caller.accountId}:federated-user/${input.Name}`, requestTags: input.Tags };
    // "In addition to the action that matches the API operation", passing session tags needs
    // sts:TagSession (here from the caller's own policies: there is no trust policy).
    return { ...target, alsoRequires: input.Tags?.length ? [{ action: 'sts:TagSession', ...target }] : [] };
  },
  async handler(input, ctx) {
    const { caller, tx } = ctx;
    if (caller.temporary) throw accessDenied(messages.sessionCredentialsRefused('GetFederationToken'));
    const max = caller.kind === 'root' ? 3600 : 129600;
    const duration = Math.min(input.DurationSeconds ?? 43200, max);
    const documents = await sessionPolicies(tx, caller.accountId, input.Policy, input.PolicyArns);
    const arn = `arn:aws:sts::${caller.accountId}:federated-user/${input.Name}`;
    const federatedUserId = `${caller.accountId}:${input.Name}`;
    const Credentials = await issueCredentials(ctx, {
      kind: 'federated-user',
      principalArn: arn,
      principalId: federatedUserId,
      durationSeconds: duration,
      userId: caller.iamUserId ?? null,
      issuedToRoot: caller.kind === 'root',
      sessionName: input.Name,
      sessionPolicies: documents,
      sessionTags: input.Tags,
    });
    return { Credentials, FederatedUser: { FederatedUserId: federatedUserId, Arn: arn }, PackedPolicySize: packedPolicySize(documents, input.Tags) };
  },
});

export const stsActions = [getCallerIdentity, getSessionToken, assumeRole, getFederationToken, assumeRoleWithWebIdentity, assumeRoleWithSaml];
