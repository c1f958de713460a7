/**
 * Every policy document the API stores goes through the engine's validatePolicy: an ERROR
 * finding refuses it with MalformedPolicyDocument naming the first error and where it is.
 */
import { validatePolicy, type PolicyType } from '@portcullis/policy';
import { malformedPolicyDocument } from '../errors';

/** AWS's size quotas, in characters excluding whitespace (reference_iam-quotas). */
export const POLICY_SIZE = {
  managed: 6144,
  inlineUser: 2048,
  inlineGroup: 5120,
  inlineRole: 10240,
  trust: 2048,
} as const;

/** Throws MalformedPolicyDocument for the first ERROR finding. Returns the text unchanged. */
export function checkPolicyDocument(text: string, policyType: PolicyType, maxSize?: number): string {
  const { findings } = validatePolicy(text, { policyType, maxSize });
  const error = findings.find((f) => f.findingType === 'ERROR');
  if (error) {
    const where = error.locations[0]?.span?.start;
    const at = where ? ` (line ${where.line}, column ${where.column})` : '';
    throw malformedPolicyDocument(`${error.findingDetails}${at}`);
  }
  return text;
}
