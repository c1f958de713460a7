/** What the policies area's actions share: finding a policy by ARN, its AWS shape, AWS-managed guards. */
import { z } from 'zod';
import { ArnSchema } from '@portcullis/shared';
import { AwsError, invalidInput, limitExceeded, noSuchEntity } from '../../errors';
import { POLICY_SIZE, checkIamPolicyDocument } from '../../iam/policy-documents';
import { findPolicy } from '../../iam/lookups';
import { messages } from '../../messages';
import { tagsOf } from '../../iam/shapes';
import { POLICY_ARN_RE, policySize } from '../../iam/policies-size';
import type { Tx } from '../../db/client';
import { modelCheckedString } from '../../protocols/model/model-checked';

export const PolicyArnSchema = ArnSchema;
/** A policy version ID: `v1`, `v2`… (the API's pattern allows a `.suffix`). */
export const VersionIdSchema = modelCheckedString();

/** Customer managed policies per account (reference_iam-quotas; adjustable to 5000 in AWS). */
export const MAX_POLICIES_PER_ACCOUNT = 1500;
/** Versions a managed policy can keep. */
export const MAX_POLICY_VERSIONS = 5;
/** Managed policies attached to one user, group or role. */
export const MAX_ATTACHED_POLICIES = 10;

/**
 * The managed policy the ARN names, visible to the account; InvalidInput for an ARN that is not
 * a policy's (one that is no ARN at all is refused by ArnSchema), NoSuchEntity "Policy … was not
 * found." (Attach*Policy passes messages.policyNotAttachable) when it does not exist.
 */
export async function policyByArn(tx: Tx, accountId: string, arn: string, notFound: (arn: string) => string = messages.policyNotFound) {
  if (!POLICY_ARN_RE.test(arn)) throw invalidInput(messages.arnNotValid(arn));
  return findPolicy(tx, accountId, arn, notFound);
}

/** policyByArn's refusal for an ARN a statement found no visible policy for (no lookup of its own). */
export function noSuchPolicy(arn: string, notFound: (arn: string) => string = messages.policyNotFound): AwsError {
  return POLICY_ARN_RE.test(arn) ? noSuchEntity(notFound(arn)) : invalidInput(messages.arnNotValid(arn));
}

/** AWS-managed policies are read-only for every account. */
export function assertCustomerManaged(policy: { accountId: string | null; arn: string }): void {
  if (policy.accountId === null) throw new AwsError('UnmodifiableEntity', messages.awsManagedPolicyUnmodifiable(policy.arn), 400);
}

/** A customer managed policy of the account (for writes): NoSuchEntity / UnmodifiableEntity otherwise. */
export async function ownPolicyByArn(tx: Tx, accountId: string, arn: string, notFound?: (arn: string) => string) {
  const policy = await policyByArn(tx, accountId, arn, notFound);
  assertCustomerManaged(policy);
  return policy;
}

interface PolicyRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  defaultVersionId: string;
  isAttachable: boolean;
  createdAt: Date;
  updatedAt: Date;
  description?: string | null;
  tags?: unknown;
}

/** AWS's Policy data type. Description and Tags appear in CreatePolicy and GetPolicy, not in ListPolicies. */
export function policyShape(p: PolicyRow, usage: { attachmentCount: number; boundaryCount: number }, options: { details?: boolean } = {}) {
  const tags = tagsOf(p.tags);
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: usage.attachmentCount,
    PermissionsBoundaryUsageCount: usage.boundaryCount,
    IsAttachable: p.isAttachable,
    ...(options.details && p.description ? { Description: p.description } : {}),
    CreateDate: p.createdAt,
    UpdateDate: p.updatedAt,
    ...(options.details && tags.length ? { Tags: tags } : {}),
  };
}

/** A boolean parameter (the Query protocol turns "true"/"false" into booleans from the schema). */
export const BooleanInput = z.boolean();

/** Validates a managed policy document: AWS's size quota first (LimitExceeded), then the grammar. */
export function checkManagedPolicyDocument(text: string): string {
  if (policySize(text) > POLICY_SIZE.managed) throw limitExceeded(messages.quotaExceeded('PolicySize', POLICY_SIZE.managed));
  return checkIamPolicyDocument(text, 'managed');
}

