/**
 * What the STS actions share: input schemas, session policies, and minting temporary
 * credentials — in particular a role session, which AssumeRole, AssumeRoleWithWebIdentity and
 * AssumeRoleWithSAML all issue the same way.
 */
import { z } from 'zod';
import { ArnSchema, PolicyDocumentTextSchema, type Tag } from '@portcullis/shared';
import type { ActionContext } from '../action';
import type { Caller } from '../../auth/caller';
import { AwsError, accessDenied, validationError } from '../../errors';
import { issueId, newSecretAccessKey } from '../../ids';
import { randomToken, sha256Hex } from '../../crypto/secrets';
import { checkPolicyDocument } from '../../iam/policy-documents';
import { findPolicy } from '../../iam/lookups';
import type { Tx } from '../../db/client';
import { hasDuplicateKeys } from '../../iam/tags';
import { messages } from '../../messages';

export const SessionNameSchema = z.string().min(2).max(64).regex(/^[\w+=,.@-]+$/, 'must satisfy regular expression pattern: [\\w+=,.@-]*');
export const SerialNumberSchema = z.string().min(9).max(256).regex(/^[\w+=/:,.@-]+$/);
export const TokenCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
export const PolicyArnsSchema = z.array(z.object({ arn: ArnSchema })).max(10, 'at most 10 managed session policies');
/** Session policies: inline ≤ 2,048 characters (AWS's packed limit is stricter; this bounds the text). */
export const SessionPolicySchema = PolicyDocumentTextSchema.max(2048);

/** Resolves session policies (inline text + managed ARNs) into documents, validated. */
export async function sessionPolicies(tx: Tx, accountId: string, policy: string | undefined, arns: { arn: string }[] | undefined): Promise<string[]> {
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
export function packedPolicySize(documents: string[], tags: { Key: string; Value: string }[] = []): number {
  const size = documents.reduce((n, d) => n + d.replace(/\s/g, '').length, 0) + tags.reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  return Math.min(100, Math.ceil((size / 2048) * 100));
}

export const accountOf = (arn: string) => arn.split(':')[4] ?? '';

const invalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', message, 400);

/** Session tag keys are unique case-insensitively (AWS's InvalidParameterValue). */
export function checkSessionTagKeys(tags: Tag[]): void {
  if (hasDuplicateKeys(tags)) throw invalidParameterValue(messages.duplicateTagKeys());
}

/**
 * The tags of a new role session (AssumeRole) and which of them are transitive: the calling
 * session's transitive tags, still transitive, then the requested ones. Nothing else passes on —
 * not the calling role's own tags, nor its non-transitive session tags — and a request may not
 * set a key the calling session passes on, nor mark transitive a key it does not set.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
 */
export function roleSessionTags(caller: Caller, tags: Tag[] = [], transitiveTagKeys: string[] = []): { tags: Tag[]; transitiveTagKeys: string[] } {
  checkSessionTagKeys(tags);
  const requested = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (transitiveTagKeys.some((key) => !requested.has(key.toLowerCase()))) throw invalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  const inheritedKeys = caller.kind === 'assumed-role' ? (caller.transitiveTagKeys ?? []) : [];
  const inherited = new Set(inheritedKeys.map((key) => key.toLowerCase()));
  if (tags.some((t) => inherited.has(t.Key.toLowerCase()))) {
    throw invalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
  }
  // A transitive key is a session tag of the calling session, whose value wins over its role's
  // tag of the same key in principalTags: the value found there is the session tag's.
  const inheritedTags = (caller.principalTags ?? []).filter((t) => inherited.has(t.Key.toLowerCase()));
  return { tags: [...inheritedTags, ...tags], transitiveTagKeys: [...inheritedKeys, ...transitiveTagKeys] };
}

/**
 * A role session's source identity: once set, it stays for every session chained from it and
 * cannot be changed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
export function roleSessionSourceIdentity(caller: Caller, requested: string | undefined): string | undefined {
  const inherited = caller.kind === 'assumed-role' ? caller.sourceIdentity : undefined;
  if (!inherited) return requested;
  if (requested !== undefined && requested !== inherited) throw invalidParameterValue("The specified source identity can't be set because it conflicts with the source identity of the calling session.");
  return inherited;
}

interface IssueInput {
  kind: 'assumed-role' | 'federated-user' | 'session';
  principalArn: string;
  principalId: string;
  durationSeconds: number;
  roleId?: string;
  userId?: string | null;
  /** Issued to the account's root user (it has no userId; anything else without one is refused). */
  issuedToRoot?: boolean;
  sessionName?: string;
  sessionPolicies?: string[];
  sessionTags?: { Key: string; Value: string }[];
  /** Session tag keys that pass on to a chained role session (role sessions only). */
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  mfaAuthenticatedAt?: Date;
}

/** Mints and stores a temporary credential (in the principal's account); the secret and token are returned only now. */
export async function issueCredentials(ctx: Pick<ActionContext, 'tx' | 'now' | 'secrets'>, input: IssueInput) {
  const accessKeyId = await issueId(ctx.tx, 'temporaryAccessKey');
  const secretAccessKey = newSecretAccessKey();
  const sessionToken = `IQoJ${randomToken(96)}`;
  const expiration = new Date(ctx.now.getTime() + input.durationSeconds * 1000);
  await ctx.tx.temporaryCredential.create({
    data: {
      id: accessKeyId,
      accountId: accountOf(input.principalArn),
      secretEncrypted: ctx.secrets.encrypt(secretAccessKey),
      sessionTokenHash: sha256Hex(sessionToken),
      kind: input.kind,
      principalArn: input.principalArn,
      principalId: input.principalId,
      roleId: input.roleId ?? null,
      userId: input.userId ?? null,
      issuedToRoot: input.issuedToRoot ?? false,
      sessionName: input.sessionName ?? null,
      sessionPolicies: input.sessionPolicies ?? [],
      sessionTags: input.sessionTags ?? [],
      transitiveTagKeys: input.transitiveTagKeys ?? [],
      sourceIdentity: input.sourceIdentity ?? null,
      mfaAuthenticatedAt: input.mfaAuthenticatedAt ?? null,
      expiresAt: expiration,
      createdAt: ctx.now,
    },
  });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration };
}

export async function roleByArn(db: Pick<Tx, 'role'>, arn: string) {
  return db.role.findUnique({ where: { arn } });
}

type Role = NonNullable<Awaited<ReturnType<typeof roleByArn>>>;

export interface RoleSessionInput {
  sessionName: string;
  durationSeconds: number;
  /** The session's longest allowed duration (the role's MaxSessionDuration, or 1 hour when chained). */
  maxDurationSeconds: number;
  /** Said when DurationSeconds exceeds the maximum. */
  tooLongMessage?: string;
  sessionPolicies: string[];
  sessionTags?: { Key: string; Value: string }[];
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  mfaAuthenticatedAt?: Date;
}

/** Issues a role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) and records the role's last use. */
export async function issueRoleSession(ctx: Pick<ActionContext, 'tx' | 'now' | 'secrets'>, role: Role, input: RoleSessionInput) {
  if (input.durationSeconds > input.maxDurationSeconds) {
    throw validationError(input.tooLongMessage ?? 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const arn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.sessionName}`;
  const assumedRoleId = `${role.id}:${input.sessionName}`;
  // Last use is recorded at most once a minute (AWS's is eventually consistent too): concurrent
  // sessions of one role do not all write its row, which would make their SERIALIZABLE
  // transactions conflict and retry.
  await ctx.tx.role.updateMany({
    where: { id: role.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(ctx.now.getTime() - 60_000) } }] },
    data: { lastUsedAt: ctx.now, lastUsedRegion: 'us-east-1' },
  });
  const Credentials = await issueCredentials(ctx, {
    kind: 'assumed-role',
    principalArn: arn,
    principalId: assumedRoleId,
    durationSeconds: input.durationSeconds,
    roleId: role.id,
    sessionName: input.sessionName,
    sessionPolicies: input.sessionPolicies,
    sessionTags: input.sessionTags ?? [],
    transitiveTagKeys: input.transitiveTagKeys ?? [],
    sourceIdentity: input.sourceIdentity,
    mfaAuthenticatedAt: input.mfaAuthenticatedAt,
  });
  return { Credentials, AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn } };
}

/** A role that must exist for the handler (the target already checked it; it may have been deleted since). */
export async function existingRole(tx: Tx, arn: string, action: string) {
  const role = await roleByArn(tx, arn);
  if (!role) throw accessDenied(`Not authorized to perform ${action}`);
  return role;
}
