/**
 * Policy documents the API accepts. Two different questions, both the engine's:
 * - What IAM stores (CreatePolicy, CreatePolicyVersion, Put{User,Group,Role}Policy, CreateRole,
 *   UpdateAssumeRolePolicy): the engine's checkIamAcceptance, which refuses with IAM's own
 *   MalformedPolicyDocument texts and accepts what IAM accepts — including documents Access
 *   Analyzer reports as errors (unknown condition keys, say).
 * - Documents that are only read, never stored (simulation inputs, STS session policies): the
 *   engine's validatePolicy (Access Analyzer's findings), refusing the first ERROR.
 */
import { checkIamAcceptance, policySize, validatePolicy, type PolicyType } from '@portcullis/policy';
import { limitExceeded, malformedPolicyDocument } from '../errors';
import { messages } from '../messages';

/** AWS's size quotas, in characters excluding whitespace (reference_iam-quotas). */
export const POLICY_SIZE = {
  managed: 6144,
  inlineUser: 2048,
  inlineGroup: 5120,
  inlineRole: 10240,
  trust: 2048,
} as const;

/** Which stored IAM document: a managed policy version, an inline policy, a role trust policy. */
export type StoredPolicyKind = 'managed' | 'inline' | 'trust';

/**
 * Throws MalformedPolicyDocument, with IAM's text, unless IAM would store the document as that
 * kind of policy. A trust policy over its quota is LimitExceeded ("Cannot exceed quota for
 * ACLSizePerRole: 2048", as kubeflow/dashboard#29 records); managed and inline sizes are checked
 * by their actions (the inline quota is per user, group or role, over all its inline policies).
 * Returns the text unchanged.
 */
export function checkIamPolicyDocument(text: string, kind: StoredPolicyKind): string {
  if (kind === 'trust' && policySize(text) > POLICY_SIZE.trust) throw limitExceeded(messages.quotaExceeded('ACLSizePerRole', POLICY_SIZE.trust));
  const verdict = checkIamAcceptance(text, kind === 'trust' ? { type: 'trust' } : { type: 'identity', managed: kind === 'managed' });
  if (!verdict.ok) throw malformedPolicyDocument(verdict.message);
  return text;
}

/**
 * A document that is only read, never stored (simulation inputs, STS session policies):
 * MalformedPolicyDocument for the first Access Analyzer ERROR, naming where it is. Returns the
 * text unchanged.
 */
export function checkPolicyDocument(text: string, policyType: PolicyType): string {
  const { findings } = validatePolicy(text, { policyType });
  const error = findings.find((f) => f.findingType === 'ERROR');
  if (error) {
    const where = error.locations[0]?.span?.start;
    throw malformedPolicyDocument(messages.policyFinding(error.findingDetails, where));
  }
  return text;
}
