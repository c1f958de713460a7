/**
 * sts:GetAccessKeyInfo (STS API Reference): the account an access key ID belongs to. AWS answers
 * for any key ID — the caller's own, another account's, active, inactive or deleted — and says
 * nothing about the key's state; the caller needs sts:GetAccessKeyInfo (no resource: `*`).
 *
 * A key this installation issued (AKIA… in AccessKey, ASIA… in TemporaryCredential) answers its
 * account. Any other key ID is answered as AWS answers it: AWS's key IDs carry the account in
 * their first ten base32 characters after the four-letter prefix (bits 1–40 of the decoded
 * bytes, as AWS's own keys show — AKIAIOSFODNN7EXAMPLE answers 581039954779). A key ID without
 * that layout names no account: InvalidClientTokenId, AWS's answer for a key it does not know.
 */
import { z } from 'zod';
import { defineAction } from '../action';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** The model's accessKeyIdType: 16–128 word characters. */
const AccessKeyIdSchema = modelCheckedString();

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ENCODED = /^[A-Z0-9]{4}([A-Z2-7]{10})/;

/** The account an AWS-format access key ID encodes, or undefined when it has not that layout. */
export function accountEncodedInKeyId(accessKeyId: string): string | undefined {
  const m = ENCODED.exec(accessKeyId);
  if (!m) return undefined;
  let bits = 0n;
  for (const c of m[1]!) bits = (bits << 5n) | BigInt(BASE32.indexOf(c));
  // 10 characters = 50 bits; AWS decodes the first 48 (6 bytes) and keeps bits 7–46 of them.
  const first48 = bits >> 2n;
  const account = (first48 & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

export const getAccessKeyInfo = defineAction({
  name: 'GetAccessKeyInfo',
  service: 'sts',
  readOnly: true,
  input: z.object({ AccessKeyId: AccessKeyIdSchema }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx }) {
    const id = input.AccessKeyId;
    const issued =
      (await tx.accessKey.findUnique({ where: { id }, select: { accountId: true } })) ??
      (await tx.temporaryCredential.findUnique({ where: { id }, select: { accountId: true } }));
    const account = issued?.accountId ?? accountEncodedInKeyId(id);
    if (!account) throw new AwsError('InvalidClientTokenId', messages.invalidClientToken, 403);
    return { Account: account };
  },
});

export const accessKeyInfoActions = [getAccessKeyInfo];
