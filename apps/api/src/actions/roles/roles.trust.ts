/**
 * Trust policies: validated by the engine as TRUST_POLICY (2,048 characters excluding
 * whitespace), and, as IAM does, every IAM user or role named as an AWS principal must exist
 * when it is in an account this installation holds ("Invalid principal in policy").
 */
import { parsePolicy } from '@portcullis/policy';
import { malformedPolicyDocument } from '../../errors';
import { POLICY_SIZE, checkPolicyDocument } from '../../iam/policy-documents';
import type { Tx } from '../../db/client';

const ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|role)\/.+$/;

/** Returns the trust policy text unchanged, or throws MalformedPolicyDocument. */
export async function checkTrustPolicy(tx: Tx, text: string): Promise<string> {
  checkPolicyDocument(text, 'TRUST_POLICY', POLICY_SIZE.trust);
  const { document } = parsePolicy(text);
  const arns = new Set<string>();
  for (const st of document?.statements ?? []) {
    for (const spec of [st.principal, st.notPrincipal]) {
      for (const entry of spec?.entries ?? []) {
        if (entry.type !== 'AWS') continue;
        for (const item of entry.values.items) if (ENTITY_ARN.test(item.value)) arns.add(item.value);
      }
    }
  }
  for (const arn of arns) {
    const [, accountId, type] = ENTITY_ARN.exec(arn)!;
    if (!(await tx.account.findUnique({ where: { id: accountId }, select: { id: true } }))) continue;
    const where = { accountId, arn: { equals: arn, mode: 'insensitive' as const } };
    const exists = type === 'user' ? await tx.user.count({ where }) : await tx.role.count({ where });
    if (!exists) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${arn}"`);
  }
  return text;
}
