/**
 * STS: GetCallerIdentity, GetSessionToken, AssumeRole, GetFederationToken. Temporary
 * credentials are ASIA… keys with a session token, stored server-side (secret encrypted, token
 * hashed), usable with SigV4 and SigV2 until they expire.
 * https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
 */
import { z } from 'zod';
import { ArnSchema, PolicyDocumentTextSchema, TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionContext } from '../action';
import { accessDenied, validationError } from '../../errors';
import { issueId, newSecretAccessKey } from '../../ids';
import { randomToken, sha256Hex } from '../../crypto/secrets';
import { checkPolicyDocument } from '../../iam/policy-documents';
import { findPolicy } from '../../iam/lookups';
import { mfaFailed, verifyMfaCode } from '../../iam/mfa-codes';
import { checkNoDuplicateKeys } from '../../iam/tags';
import type { Caller } from '../../auth/caller';
import type { Tx } from '../../db/client';

const SessionNameSchema = z.string().min(2).max(64).regex(/^[\w+=,.@-]+$/, 'must satisfy regular expression pattern: [\\w+=,.@-]*');
const SerialNumberSchema = z.string().min(9).max(256).regex(/^[\w+=/:,.@-]+$/);
const TokenCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const PolicyArnsSchema = z.array(z.object({ arn: ArnSchema })).max(10, 'at most 10 managed session policies');
/** Session policies: inline ≤ 2,048 characters (AWS's packed limit is stricter; this bounds the text). */
const SessionPolicySchema = PolicyDocumentTextSchema.max(2048);

/** Resolves session policies (inline text + managed ARNs) into documents, validated. */
async function sessionPolicies(tx: Tx, accountId: string, policy: string | undefined, arns: { arn: string }[] | undefined): Promise<string[]> {
  const documents: string[] = [];
  if (policy) documents.push(checkPolicyDocument(policy, 'IDENTITY_POLICY'));
  for (const { arn } of arns ?? []) {
    const managed = await findPolicy(tx, accountId, arn);
    const version = await tx.policyVersion.findFirstOrThrow({ where: { policyId: managed.id, isDefault: true } });
    documents.push(version.document);
  }
  return documents;
}

/** AWS reports how full the packed session policies and tags are, as a percentage. */
function packedPolicySize(documents: string[], tags: { Key: string; Value: string }[] = []): number {
  const size = documents.reduce((n, d) => n + d.replace(/\s/g, '').length, 0) + tags.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  return Math.min(100, Math.ceil((size / 2048) * 100));
}

interface IssueInput {
  kind: 'assumed-role' | 'federated-user' | 'session';
  principalArn: string;
  principalId: string;
  durationSeconds: number;
  roleId?: string;
  userId?: string | null;
  sessionName?: string;
  sessionPolicies?: string[];
  sessionTags?: { Key: string; Value: string }[];
  sourceIdentity?: string;
  mfaAuthenticatedAt?: Date;
}

/** Mints and stores a temporary credential; the secret and token are returned only now. */
async function issueCredentials(ctx: ActionContext, input: IssueInput) {
  const accessKeyId = await issueId(ctx.tx, 'temporaryAccessKey');
  const secretAccessKey = newSecretAccessKey();
  const sessionToken = `IQoJ${randomToken(96)}`;
  const expiration = new Date(ctx.now.getTime() + input.durationSeconds * 1000);
  await ctx.tx.temporaryCredential.create({
    data: {
      id: accessKeyId,
      accountId: ctx.caller.accountId === accountOf(input.principalArn) ? ctx.caller.accountId : accountOf(input.principalArn),
      secretEncrypted: ctx.secrets.encrypt(secretAccessKey),
      sessionTokenHash: sha256Hex(sessionToken),
      kind: input.kind,
      principalArn: input.principalArn,
      principalId: input.principalId,
      roleId: input.roleId ?? null,
      userId: input.userId ?? null,
      sessionName: input.sessionName ?? null,
      sessionPolicies: input.sessionPolicies ?? [],
      sessionTags: input.sessionTags ?? [],
      sourceIdentity: input.sourceIdentity ?? null,
      mfaAuthenticatedAt: input.mfaAuthenticatedAt ?? null,
      expiresAt: expiration,
      createdAt: ctx.now,
    },
  });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration };
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

async function checkMfa(ctx: ActionContext, serialNumber: string | undefined, tokenCode: string | undefined): Promise<Date | undefined> {
  if (!serialNumber && !tokenCode) return undefined;
  if (!serialNumber || !tokenCode) throw validationError('SerialNumber and TokenCode must be given together.');
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
  // AWS: no permissions are required; only long-term credentials may call it.
  noAuthorization: true,
  input: z.object({ DurationSeconds: z.number().int().min(900).max(129600).optional(), SerialNumber: SerialNumberSchema.optional(), TokenCode: TokenCodeSchema.optional() }),
  target: (_input, caller) => ({ resource: caller.arn }),
  async handler(input, ctx) {
    const { caller } = ctx;
    if (caller.temporary) throw accessDenied('Cannot call GetSessionToken with session credentials');
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
        mfaAuthenticatedAt,
      }),
    };
  },
});

const AssumeRoleInput = z.object({
  RoleArn: ArnSchema,
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

async function roleByArn(db: Pick<Tx, 'role'>, arn: string) {
  return db.role.findUnique({ where: { arn } });
}

export const assumeRole = defineAction({
  name: 'AssumeRole',
  service: 'sts',
  input: AssumeRoleInput,
  async target(input, caller, db) {
    // AWS: "Roles may not be assumed by root accounts."
    if (caller.kind === 'root') throw accessDenied('Roles may not be assumed by root accounts.');
    const role = await roleByArn(db, input.RoleArn);
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': input.RoleSessionName };
    if (input.ExternalId) context['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity) context['sts:SourceIdentity'] = input.SourceIdentity;
    if (input.TransitiveTagKeys) context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
    // With SerialNumber + TokenCode the request is MFA-authenticated (trust policies test
    // aws:MultiFactorAuthPresent); the handler verifies the code before issuing anything, so a
    // wrong code fails the whole call.
    if (input.SerialNumber && input.TokenCode) {
      context['aws:MultiFactorAuthPresent'] = 'true';
      context['aws:MultiFactorAuthAge'] = '0';
    }
    // An unknown role: AWS answers AccessDenied rather than revealing that it does not exist.
    if (!role) throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    // The role's trust policy is the resource policy the dispatcher evaluates with the caller's.
    const trust = role.assumeRolePolicyDocument;
    return {
      resource: input.RoleArn,
      resourceAccount: accountOf(input.RoleArn),
      resourcePolicy: { id: `${input.RoleArn}#trust`, document: trust, mustAllow: true },
      requestTags: input.Tags,
      context,
    };
  },
  async handler(input, ctx) {
    const { caller, tx } = ctx;
    const role = await roleByArn(tx, input.RoleArn);
    if (!role) throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    checkNoDuplicateKeys(input.Tags ?? []);
    // Role chaining (a role session assuming a role) is capped at one hour.
    const chained = caller.kind === 'assumed-role';
    const max = chained ? 3600 : role.maxSessionDuration;
    const duration = input.DurationSeconds ?? 3600;
    if (duration > max) {
      throw validationError(
        chained
          ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
          : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
      );
    }
    const mfaAuthenticatedAt = (await checkMfa(ctx, input.SerialNumber, input.TokenCode)) ?? (chained ? caller.mfaAuthenticatedAt : undefined);
    const documents = await sessionPolicies(tx, caller.accountId, input.Policy, input.PolicyArns);
    const sessionTags = [...(chained ? transitiveTags(caller) : []), ...(input.Tags ?? [])];
    const arn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.RoleSessionName}`;
    const assumedRoleId = `${role.id}:${input.RoleSessionName}`;
    await tx.role.update({ where: { id: role.id }, data: { lastUsedAt: ctx.now, lastUsedRegion: 'us-east-1' } });
    const Credentials = await issueCredentials(ctx, {
      kind: 'assumed-role',
      principalArn: arn,
      principalId: assumedRoleId,
      durationSeconds: duration,
      roleId: role.id,
      sessionName: input.RoleSessionName,
      sessionPolicies: documents,
      sessionTags,
      sourceIdentity: input.SourceIdentity,
      mfaAuthenticatedAt,
    });
    return {
      Credentials,
      AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
      PackedPolicySize: packedPolicySize(documents, sessionTags),
      ...(input.SourceIdentity ? { SourceIdentity: input.SourceIdentity } : {}),
    };
  },
});

/** Tags a chained session inherits (simplified: all of the caller's session tags). */
function transitiveTags(caller: Caller) {
  return caller.principalTags ?? [];
}

export const getFederationToken = defineAction({
  name: 'GetFederationToken',
  service: 'sts',
  input: z.object({
    Name: z.string().min(2).max(32).regex(/^[\w+=,.@-]+$/),
    Policy: SessionPolicySchema.optional(),
    PolicyArns: PolicyArnsSchema.optional(),
    DurationSeconds: z.number().int().min(900).max(129600).optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({ resource: `arn:aws:sts::${caller.accountId}:federated-user/${input.Name}`, requestTags: input.Tags }),
  async handler(input, ctx) {
    const { caller, tx } = ctx;
    if (caller.temporary) throw accessDenied('Cannot call GetFederationToken with session credentials');
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
      sessionName: input.Name,
      sessionPolicies: documents,
      sessionTags: input.Tags,
    });
    return { Credentials, FederatedUser: { FederatedUserId: federatedUserId, Arn: arn }, PackedPolicySize: packedPolicySize(documents, input.Tags) };
  },
});

export const stsActions = [getCallerIdentity, getSessionToken, assumeRole, getFederationToken];
