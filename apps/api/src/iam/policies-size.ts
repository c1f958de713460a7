/**
 * Policy sizes as IAM counts them for its quotas: characters excluding whitespace
 * (reference_iam-quotas). The same count as the engine's validatePolicy size check, which is
 * not exported: the API needs it for AWS's LimitExceeded replies (managed policy size, and the
 * aggregate size of an entity's inline policies) instead of MalformedPolicyDocument.
 */

/** Characters that are not JSON whitespace (space, tab, LF, CR). */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}

/** A managed policy ARN of this account or AWS's: `arn:aws:iam::<account|aws>:policy/<path><name>`. */
export const POLICY_ARN_RE = /^arn:aws:iam::(\d{12}|aws):policy\/([\u0021-\u007E]*\/)?[\w+=,.@-]+$/;
