/**
 * Managed policy versions: CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion. At most 5 versions, exactly one the default;
 * version numbers are never reused (v1, v3, v5… after deletes).
 */
import { z } from 'zod';
import { PolicyDocumentTextSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { deleteConflict, limitExceeded, noSuchEntity } from '../../errors';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker, page } from '../../iam/pagination';
import { lockPolicy } from './policies.queries';
import { BooleanInput, MAX_POLICY_VERSIONS, PolicyArnSchema, VersionIdSchema, checkManagedPolicyDocument, ownPolicyByArn, policyByArn } from './policies.shared';
import type { Tx } from '../../db/client';
import { messages } from '../../messages';

function versionShape(v: { versionId: string; isDefault: boolean; createdAt: Date; document?: string }, withDocument = false) {
  return { ...(withDocument ? { Document: v.document } : {}), VersionId: v.versionId, IsDefaultVersion: v.isDefault, CreateDate: v.createdAt };
}

async function findVersion(tx: Tx, policy: { id: string; arn: string }, versionId: string) {
  const version = await tx.policyVersion.findUnique({ where: { policyId_versionId: { policyId: policy.id, versionId } } });
  if (!version) throw noSuchEntity(messages.policyVersionNotFound(policy.arn, versionId));
  return version;
}

/** Makes one version the default, in the versions and on the policy. */
async function setDefault(tx: Tx, policyId: string, versionId: string): Promise<void> {
  await tx.policyVersion.updateMany({ where: { policyId, isDefault: true, NOT: { versionId } }, data: { isDefault: false } });
  await tx.policyVersion.update({ where: { policyId_versionId: { policyId, versionId } }, data: { isDefault: true } });
  await tx.managedPolicy.update({ where: { id: policyId }, data: { defaultVersionId: versionId } });
}

export const createPolicyVersion = defineAction({
  name: 'CreatePolicyVersion',
  service: 'iam',
  authorizationCache: 'account',
  // With SetAsDefault the policy's permissions change for everyone it is attached to.
  input: z.object({ PolicyArn: PolicyArnSchema, PolicyDocument: PolicyDocumentTextSchema, SetAsDefault: BooleanInput.optional() }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller, now }) {
    const found = await ownPolicyByArn(tx, caller.accountId, input.PolicyArn);
    checkManagedPolicyDocument(input.PolicyDocument);
    await lockPolicy(tx, found.id);
    const policy = await tx.managedPolicy.findUniqueOrThrow({ where: { id: found.id } });
    if ((await tx.policyVersion.count({ where: { policyId: policy.id } })) >= MAX_POLICY_VERSIONS) {
      throw limitExceeded(messages.policyVersionLimit(MAX_POLICY_VERSIONS));
    }
    const versionId = `v${policy.nextVersionNumber}`;
    await tx.policyVersion.create({ data: { policyId: policy.id, versionId, document: input.PolicyDocument, isDefault: false, createdAt: now } });
    await tx.managedPolicy.update({ where: { id: policy.id }, data: { nextVersionNumber: policy.nextVersionNumber + 1, updatedAt: now } });
    if (input.SetAsDefault) await setDefault(tx, policy.id, versionId);
    return { PolicyVersion: versionShape({ versionId, isDefault: input.SetAsDefault ?? false, createdAt: now }) };
  },
});

export const getPolicyVersion = defineAction({
  name: 'GetPolicyVersion',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyArn: PolicyArnSchema, VersionId: VersionIdSchema }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await policyByArn(tx, caller.accountId, input.PolicyArn, (arn) => messages.policyVersionNotFound(arn, input.VersionId));
    return { PolicyVersion: versionShape(await findVersion(tx, policy, input.VersionId), true) };
  },
});

export const listPolicyVersions = defineAction({
  name: 'ListPolicyVersions',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyArn: PolicyArnSchema, ...PagingInput }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await policyByArn(tx, caller.accountId, input.PolicyArn);
    const versions = await tx.policyVersion.findMany({ where: { policyId: policy.id }, select: { versionId: true, isDefault: true, createdAt: true } });
    // Newest first, as AWS lists them.
    const number = (v: { versionId: string }) => Number(/^v(\d+)/.exec(v.versionId)?.[1] ?? 0);
    versions.sort((a, b) => number(b) - number(a) || b.createdAt.getTime() - a.createdAt.getTime());
    const start = Number(decodeMarker(input.Marker)?.[0] ?? 0) || 0;
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const { items, IsTruncated } = page(versions.slice(start, start + limit + 1), limit, () => []);
    return { Versions: items.map((v) => versionShape(v)), IsTruncated, ...(IsTruncated ? { Marker: encodeMarker([String(start + limit)]) } : {}) };
  },
});

export const deletePolicyVersion = defineAction({
  name: 'DeletePolicyVersion',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ PolicyArn: PolicyArnSchema, VersionId: VersionIdSchema }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await ownPolicyByArn(tx, caller.accountId, input.PolicyArn, (arn) => messages.policyVersionNotFound(arn, input.VersionId));
    await lockPolicy(tx, policy.id);
    const version = await findVersion(tx, policy, input.VersionId);
    if (version.isDefault) throw deleteConflict(messages.cannotDeleteDefaultVersion);
    await tx.policyVersion.delete({ where: { policyId_versionId: { policyId: policy.id, versionId: version.versionId } } });
    return {};
  },
});

export const setDefaultPolicyVersion = defineAction({
  name: 'SetDefaultPolicyVersion',
  service: 'iam',
  authorizationCache: 'account',
  input: z.object({ PolicyArn: PolicyArnSchema, VersionId: VersionIdSchema }),
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, { tx, caller }) {
    const policy = await ownPolicyByArn(tx, caller.accountId, input.PolicyArn, (arn) => messages.policyVersionNotFound(arn, input.VersionId));
    await lockPolicy(tx, policy.id);
    const version = await findVersion(tx, policy, input.VersionId);
    if (!version.isDefault) await setDefault(tx, policy.id, version.versionId);
    return {};
  },
});

export const policyVersionActions = [createPolicyVersion, getPolicyVersion, listPolicyVersions, deletePolicyVersion, setDefaultPolicyVersion];
