/**
 * Trust policies: validated by the engine as TRUST_POLICY (2,048 characters excluding
 * whitespace); every IAM user or role named as an AWS principal must exist when it is in an
 * account this installation holds ("Invalid principal in policy"), and is pinned to its unique
 * ID (iam/trust-principals.ts).
 */
import { checkIamPolicyDocument } from '../../iam/policy-documents';
import { pinTrustPrincipals, type TrustPrincipalIds } from '../../iam/trust-principals';
import type { Tx } from '../../db/client';

/** The trust policy text unchanged and the unique IDs of the principals it names, or MalformedPolicyDocument. */
export async function checkTrustPolicy(tx: Tx, text: string): Promise<{ document: string; trustPrincipalIds: TrustPrincipalIds }> {
  checkIamPolicyDocument(text, 'trust');
  return { document: text, trustPrincipalIds: await pinTrustPrincipals(tx, text) };
}
