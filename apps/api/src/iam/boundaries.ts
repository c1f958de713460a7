/**
 * Permissions boundaries of users and roles: the boundary must be a managed policy the account
 * can see (its own or AWS's).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import { invalidInput } from '../errors';
import { messages } from '../messages';
import { findPolicy } from './lookups';
import type { Tx } from '../db/client';

/** The ID of the managed policy named as a boundary (InvalidInput, NoSuchEntity otherwise). */
export async function boundaryPolicyId(tx: Tx, accountId: string, arn: string): Promise<string> {
  if (!/^arn:aws:iam::(\d{12}|aws):policy\//.test(arn)) throw invalidInput(messages.arnNotValid(arn));
  return (await findPolicy(tx, accountId, arn)).id;
}
