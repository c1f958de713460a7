/**
 * Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, Tag/Untag/ListPolicyTags,
 * plus the versions (policies.versions.ts) and attachments (policies.attachments.ts) — with the
 * IAM API Reference's parameters, limits and errors. AWS-managed policies (accountId null,
 * arn:aws:iam::aws:policy/…) are visible to every account and read-only.
 */
import { z } from 'zod';
import { PathPrefixSchema, PathSchema, PolicyDocumentTextSchema, PolicyNameSchema, TagListSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { deleteConflict, entityAlreadyExists } from '../../errors';
import { issueId } from '../../ids';
import { policyArn } from '../../iam/arns';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { listPoliciesPage, lockAccount, lockPolicy, policyUsage } from './policies.queries';
import { BooleanInput, PolicyArnSchema, checkManagedPolicyDocument, ownPolicyByArn, policyByArn, policyShape } from './policies.shared';
import { policyVersionActions } from './policies.versions';
import { policyAttachmentActions } from './policies.attachments';
import { messages } from '../../messages';

export const createPolicy = defineAction({
  name: 'CreatePolicy',
  service: 'iam',
  quota: 'LocalPolicy',
  authorizationCache: 'unchanged',
  input: z.object({
    PolicyName: PolicyNameSchema,
    Path: PathSchema.optional(),
    PolicyDocument: PolicyDocumentTextSchema,
    Description: z.string().max(1000).optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({ resource: policyArn(caller.accountId, input.Path ?? '/', input.PolicyName), requestTags: input.Tags }),
  async handler(input, { tx, caller, now }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags ?? []);
    checkManagedPolicyDocument(input.PolicyDocument);
    await lockAccount(tx, accountId);
    if ((await tx.managedPolicy.count({ where: { accountId, name: { equals: input.PolicyName, mode: 'insensitive' } } })) > 0) {
      throw entityAlreadyExists(messages.policyAlreadyExists(input.PolicyName));
    }
    const policy = await tx.managedPolicy.create({
      data: {
        id: await issueId(tx, 'managedPolicy'),
        accountId,
        name: input.PolicyName,
        path,
        arn: policyArn(accountId, path, input.PolicyName),
        description: input.Description ?? null,
        defaultVersionId: 'v1',
        nextVersionNumber: 2,
        tags: input.Tags ?? [],
        createdAt: now,
        updatedAt: now,
        versions: { create: { versionId: 'v1', document: input.PolicyDocument, isDefault: true, createdAt: now } },
      },
    });
    // AWS's CreatePolicy reply leaves out Description (GetPolicy has it).
    const { Description: _description, ...created } = policyShape(policy, { attachmentCount: 0, boundaryCount: 0 }, { details: true });
    return { Policy: created };
  },
});

export const getPolicy = defineAction({
  name: 'GetPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyArn: PolicyArnSchema }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await policyByArn(tx, caller.accountId, input.PolicyArn);
    // GetPolicy always carries Tags, an empty list when there are none (AWS's answer).
    const shown = policyShape(policy, await policyUsage(tx, caller.accountId, policy.id), { details: true });
    return { Policy: { ...shown, Tags: shown.Tags ?? [] } };
  },
});

export const listPolicies = defineAction({
  name: 'ListPolicies',
  service: 'iam',
  readOnly: true,
  input: z.object({
    Scope: z.enum(['All', 'AWS', 'Local']).optional(),
    OnlyAttached: BooleanInput.optional(),
    PathPrefix: PathPrefixSchema.optional(),
    PolicyUsageFilter: z.enum(['PermissionsPolicy', 'PermissionsBoundary']).optional(),
    ...PagingInput,
  }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await listPoliciesPage(tx, caller.accountId, {
      scope: input.Scope ?? 'All',
      onlyAttached: input.OnlyAttached ?? false,
      usage: input.PolicyUsageFilter,
      pathPrefix: input.PathPrefix,
      after: decodeMarker(input.Marker),
      limit: limit + 1,
    });
    const { items, ...paging } = page(rows, limit, (p) => [p.name.toLowerCase(), p.id]);
    return { Policies: items.map((p) => policyShape(p, p)), ...paging };
  },
});

export const deletePolicy = defineAction({
  name: 'DeletePolicy',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({ PolicyArn: PolicyArnSchema }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await ownPolicyByArn(tx, caller.accountId, input.PolicyArn);
    // Serializes with CreatePolicyVersion, whose new version must not slip in between check and delete.
    await lockPolicy(tx, policy.id);
    const usage = await policyUsage(tx, caller.accountId, policy.id);
    if (usage.attachmentCount) throw deleteConflict(messages.policyAttachedToEntities);
    if (usage.boundaryCount) throw deleteConflict(messages.policyUsedAsBoundary);
    if ((await tx.policyVersion.count({ where: { policyId: policy.id } })) > 1) {
      throw deleteConflict(messages.policyHasVersions);
    }
    await tx.policyVersion.deleteMany({ where: { policyId: policy.id } });
    await tx.managedPolicy.delete({ where: { id: policy.id } });
    return {};
  },
});

export const [tagPolicy, untagPolicy, listPolicyTags] = defineTagActions({
  entity: 'Policy',
  nameField: 'PolicyArn',
  nameSchema: PolicyArnSchema,
  target: (arn, _caller, _db, extra) => ({ resource: arn, ...extra }),
  // AWS-managed policies can be read but not tagged (UnmodifiableEntity).
  find: ownPolicyByArn,
  findToList: policyByArn,
  update: (tx, id, tags) => tx.managedPolicy.update({ where: { id }, data: { tags } }),
});

export const policiesActions = [createPolicy, getPolicy, listPolicies, deletePolicy, tagPolicy, untagPolicy, listPolicyTags, ...policyVersionActions, ...policyAttachmentActions];
