/**
 * The policy editor's change preview (issue #17): before a new version of a managed policy is
 * saved, what it adds and removes against the version in effect (access-analyzer/access-change.ts)
 * and who is affected — the users, groups and roles it is attached to.
 *
 * Authorized and audited as `iam:GetPolicyVersion` on the policy (it reads the default version),
 * with `iam:ListEntitiesForPolicy` for the principals it names, so IAMReadOnlyAccess may preview
 * and a caller who may not read the policy learns nothing. The proposed document is checked as
 * CreatePolicyVersion would check it (size, grammar), with the same errors.
 */
import { z } from 'zod';
import { parsePolicy } from '@portcullis/policy';
import { loadNodeCatalog } from '@portcullis/policy/node-catalog';
import { defineAction } from '../action';
import { compareAccess } from '../access-analyzer/access-change';
import { PolicyArnSchema, checkManagedPolicyDocument, policyByArn } from '../policies/policies.shared';

/** The most attached principals of each kind the preview names (the counts are always whole). */
const MAX_NAMED = 50;

export const policyChangeView = defineAction({
  name: 'GetPolicyVersion',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyArn: PolicyArnSchema, PolicyDocument: z.string().min(1).max(131_072) }),
  target: (input) => ({ resource: input.PolicyArn, alsoRequires: [{ action: 'iam:ListEntitiesForPolicy', resource: input.PolicyArn }] }),
  async handler(input, { tx, caller }) {
    const proposed = parsePolicy(checkManagedPolicyDocument(input.PolicyDocument)).document!;
    const policy = await policyByArn(tx, caller.accountId, input.PolicyArn);
    const [current, attachments] = await Promise.all([
      tx.policyVersion.findUnique({ where: { policyId_versionId: { policyId: policy.id, versionId: policy.defaultVersionId } }, select: { document: true } }),
      // Attachments of this account only: an AWS managed policy is attached in many accounts.
      tx.policyAttachment.findMany({
        where: { policyId: policy.id, accountId: caller.accountId },
        select: { user: { select: { name: true } }, group: { select: { name: true } }, role: { select: { name: true } } },
      }),
    ]);
    const change = compareAccess(current ? parsePolicy(current.document).document : undefined, proposed, loadNodeCatalog());
    const names = (pick: (a: (typeof attachments)[number]) => { name: string } | null) => attachments.map(pick).filter((e) => e !== null).map((e) => e.name).sort((a, b) => a.localeCompare(b));
    const named = (list: string[]) => ({ Names: list.slice(0, MAX_NAMED), Count: list.length });
    return {
      DefaultVersionId: policy.defaultVersionId,
      Added: change.added,
      Removed: change.removed,
      AttachedTo: { Users: named(names((a) => a.user)), Groups: named(names((a) => a.group)), Roles: named(names((a) => a.role)) },
    };
  },
});
