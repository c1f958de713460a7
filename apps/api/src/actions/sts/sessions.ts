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
import { newId, newSecretAccessKey } from '../../ids';
import { Prisma } from '../../db/generated/client';
import { randomToken, sha256Hex } from '../../crypto/secrets';
import { checkPolicyDocument } from '../../iam/policy-documents';
import { findPolicy } from '../../iam/lookups';
import { trustPolicyAsNow } from '../../iam/trust-principals';
import { outcomeMark, sqlRows, type Db, type Tx } from '../../db/client';
import { hasDuplicateKeys, reservedKey } from '../../iam/tags';
import { messages } from '../../messages';
import { modelCheckedString } from '../../protocols/model/model-checked';

export const SessionNameSchema = modelCheckedString();
export const SerialNumberSchema = modelCheckedString();
export const TokenCodeSchema = modelCheckedString();
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

/** Session tag keys are unique case-insensitively and do not begin with `aws:` (AWS's InvalidParameterValue). */
export function checkSessionTagKeys(tags: Tag[]): void {
  if (hasDuplicateKeys(tags)) throw invalidParameterValue(messages.duplicateTagKeys());
  const reserved = reservedKey(tags);
  if (reserved !== undefined) throw invalidParameterValue(messages.reservedTagKey(reserved));
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
  if (transitiveTagKeys.some((key) => !requested.has(key.toLowerCase()))) throw invalidParameterValue(messages.transitiveTagKeyNotRequested);
  const inheritedKeys = caller.kind === 'assumed-role' ? (caller.transitiveTagKeys ?? []) : [];
  const inherited = new Set(inheritedKeys.map((key) => key.toLowerCase()));
  if (tags.some((t) => inherited.has(t.Key.toLowerCase()))) {
    throw invalidParameterValue(messages.transitiveTagKeyConflict);
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
  if (requested !== undefined && requested !== inherited) throw invalidParameterValue(messages.sourceIdentityConflict);
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
  /**
   * For a role read earlier (AssumeRole's target): the credential is stored only if the role
   * still exists, and the error this makes is thrown if it does not. The statement is then its
   * transaction's last (db/client StatementOptions.last): a refusal marks the transaction refused,
   * and an ID issued before (a clash of random IDs) retries the transaction like one PostgreSQL
   * could not serialize.
   */
  roleGone?: () => AwsError;
}

/**
 * Mints and stores a temporary credential (in the principal's account); the secret and token are
 * returned only now. Its key ID is recorded in IssuedId (never reused, ids.ts) by the same
 * statement that stores the credential — one round trip on every AssumeRole, not two. An ID
 * issued before inserts nothing, and another is drawn.
 */
export async function issueCredentials(ctx: Pick<ActionContext, 'tx' | 'now' | 'secrets'>, input: IssueInput) {
  const secretAccessKey = newSecretAccessKey();
  const sessionToken = `IQoJ${randomToken(96)}`;
  const expiration = new Date(ctx.now.getTime() + input.durationSeconds * 1000);
  const json = (value: unknown) => Prisma.sql`${JSON.stringify(value)}::jsonb`;
  const roleExists = input.roleGone ? Prisma.sql`EXISTS (SELECT 1 FROM "Role" WHERE "id" = ${input.roleId ?? null}::text)` : Prisma.sql`true`;
  for (;;) {
    const accessKeyId = newId('temporaryAccessKey');
    // Typed parameters: in INSERT … SELECT, PostgreSQL does not take their types from the columns.
    const [row] = await sqlRows<{ inserted: number; roleExists: boolean }>(
      ctx.tx,
      Prisma.sql`
      WITH issued AS (
        INSERT INTO "IssuedId" ("id", "kind", "createdAt") SELECT ${accessKeyId}::text, 'temporaryAccessKey', ${ctx.now}::timestamp(3)
        WHERE ${roleExists}
        ON CONFLICT DO NOTHING RETURNING "id"
      ), inserted AS (
        INSERT INTO "TemporaryCredential" ("id", "accountId", "secretEncrypted", "sessionTokenHash", "kind", "principalArn", "principalId",
          "roleId", "userId", "issuedToRoot", "sessionName", "sessionPolicies", "sessionTags", "transitiveTagKeys", "sourceIdentity",
          "mfaAuthenticatedAt", "expiresAt", "createdAt")
        SELECT "id", ${accountOf(input.principalArn)}::text, ${ctx.secrets.encrypt(secretAccessKey)}::bytea, ${sha256Hex(sessionToken)}::text, ${input.kind}::text,
          ${input.principalArn}::text, ${input.principalId}::text, ${input.roleId ?? null}::text, ${input.userId ?? null}::text, ${input.issuedToRoot ?? false}::boolean,
          ${input.sessionName ?? null}::text, ${json(input.sessionPolicies ?? [])}, ${json(input.sessionTags ?? [])}, ${json(input.transitiveTagKeys ?? [])},
          ${input.sourceIdentity ?? null}::text, ${input.mfaAuthenticatedAt ?? null}::timestamp(3), ${expiration}::timestamp(3), ${ctx.now}::timestamp(3)
        FROM issued RETURNING 1
      )
      SELECT (SELECT count(*) FROM inserted)::int AS "inserted", ${roleExists} AS "roleExists", ${Prisma.raw(outcomeMark('EXISTS (SELECT 1 FROM inserted)'))} AS "mark"`,
      { last: input.roleGone !== undefined },
    );
    if (row!.inserted === 1) return { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration };
    if (!row!.roleExists) throw input.roleGone!();
    // Nothing inserted although the role exists: the ID was issued before.
    if (input.roleGone) throw Object.assign(new Error('AssumeRole: the new access key ID was issued before'), { code: '40001' });
  }
}

export async function roleByArn(db: Pick<Tx, 'role'>, arn: string) {
  return db.role.findUnique({ where: { arn } });
}

/** What issuing a role session reads of its role. */
type SessionRole = Pick<NonNullable<Awaited<ReturnType<typeof roleByArn>>>, 'id' | 'accountId' | 'name' | 'maxSessionDuration' | 'lastUsedAt'>;

interface RoleWithTrustRow extends SessionRole {
  assumeRolePolicyDocument: string;
  trustPrincipalIds: unknown;
  tags: unknown;
  /** Unique ID → current ARN of each user or role the trust policy pins that still exists. */
  pinnedArns: Record<string, string>;
}

/**
 * A role by ARN with its trust policy as it applies now (iam/trust-principals.ts): the role and
 * the current ARNs of the principals its trust policy pins, in one query (AssumeRole's only read).
 */
export async function roleWithTrustPolicy(db: Db, arn: string) {
  // A trust policy pins principals as {"<ARN as written>": "<unique ID>"}; anything else pins none.
  const [row] = await sqlRows<RoleWithTrustRow>(db, Prisma.sql`
    SELECT r."id", r."accountId", r."name", r."maxSessionDuration", r."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt", r."assumeRolePolicyDocument", r."trustPrincipalIds", r."tags",
      (SELECT coalesce(jsonb_object_agg(p."id", p."arn"), '{}'::jsonb)
       FROM jsonb_each_text(CASE jsonb_typeof(r."trustPrincipalIds") WHEN 'object' THEN r."trustPrincipalIds" ELSE '{}'::jsonb END) pin,
         LATERAL (SELECT u."id", u."arn" FROM "User" u WHERE u."id" = pin.value UNION ALL SELECT o."id", o."arn" FROM "Role" o WHERE o."id" = pin.value) p
      ) AS "pinnedArns"
    FROM "Role" r WHERE r."arn" = ${arn}`);
  if (!row) return undefined;
  const { pinnedArns, ...role } = row;
  return { ...role, trustPolicy: trustPolicyAsNow(row, new Map(Object.entries(pinnedArns))) };
}

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
  /** IssueInput.roleGone. */
  roleGone?: () => AwsError;
}

/** How often a role's last use is recorded, at most. */
const LAST_USED_INTERVAL_MS = 60_000;

/** A role session may last at most its maximum: ValidationError otherwise. */
export function checkSessionDuration(input: Pick<RoleSessionInput, 'durationSeconds' | 'maxDurationSeconds' | 'tooLongMessage'>): void {
  if (input.durationSeconds > input.maxDurationSeconds) {
    throw validationError(input.tooLongMessage ?? 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
}

/** Issues a role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) and records the role's last use. */
export async function issueRoleSession(ctx: Pick<ActionContext, 'tx' | 'now' | 'secrets'>, role: SessionRole, input: RoleSessionInput) {
  checkSessionDuration(input);
  const arn = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.sessionName}`;
  const assumedRoleId = `${role.id}:${input.sessionName}`;
  // Last use is recorded at most once a minute (AWS's is eventually consistent too): concurrent
  // sessions of one role do not all write its row (their transactions would wait on it, or, when
  // SERIALIZABLE, conflict and retry). The row read before says whether it is due, so most
  // sessions skip the statement altogether.
  const lastUseDue = new Date(ctx.now.getTime() - LAST_USED_INTERVAL_MS);
  if (!role.lastUsedAt || role.lastUsedAt < lastUseDue) {
    await sqlRows(
      ctx.tx,
      Prisma.sql`UPDATE "Role" SET "lastUsedAt" = ${ctx.now}::timestamp(3), "lastUsedRegion" = 'us-east-1'
        WHERE "id" = ${role.id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ${lastUseDue}::timestamp(3))`,
    );
  }
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
    roleGone: input.roleGone,
  });
  return { Credentials, AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn } };
}

/** A role that must exist for the handler (the target already checked it; it may have been deleted since). */
export async function existingRole(tx: Tx, arn: string, action: string) {
  const role = await roleByArn(tx, arn);
  if (!role) throw accessDenied(messages.notAuthorizedToPerform(action));
  return role;
}
