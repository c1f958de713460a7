/**
 * SSH public keys as UploadSSHPublicKey accepts them: an RSA key of at least 2048 bits, in
 * OpenSSH format (`ssh-rsa AAAA… comment`, RFC 4253 §6.6) or PEM. Parsed with node:crypto; the
 * fingerprint is AWS's: the MD5 of the key's SSH wire form as colon-separated hex.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { AwsError } from '../../errors';
import { messages } from '../../messages';

/** AWS's minimum modulus length for CodeCommit keys. */
export const MIN_RSA_BITS = 2048;

export const invalidPublicKey = (message: string) => new AwsError('InvalidPublicKey', message, 400);
export const unrecognizedEncoding = (message: string) => new AwsError('UnrecognizedPublicKeyEncoding', message, 400);

export interface ParsedSshKey {
  key: KeyObject;
  /** The SSH wire form (string "ssh-rsa", mpint e, mpint n). */
  blob: Buffer;
  fingerprint: string;
}

/** Reads one SSH length-prefixed string from the blob at `offset`. */
function readString(blob: Buffer, offset: number): { value: Buffer; next: number } {
  if (offset + 4 > blob.length) throw invalidPublicKey(messages.sshKeyTruncated);
  const length = blob.readUInt32BE(offset);
  const end = offset + 4 + length;
  if (end > blob.length) throw invalidPublicKey(messages.sshKeyTruncated);
  return { value: blob.subarray(offset + 4, end), next: end };
}

function sshString(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** An unsigned big-endian integer as an SSH mpint (a leading zero byte when the top bit is set). */
function mpint(value: Buffer): Buffer {
  let v = value;
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return sshString(v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

/** The SSH wire form of an RSA public key. */
function rsaBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))]);
}

function checkRsa(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') throw invalidPublicKey(messages.sshKeyNotRsa);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw invalidPublicKey(messages.sshKeyTooShort(MIN_RSA_BITS));
}

function fromOpenSsh(type: string, base64: string): KeyObject {
  if (type !== 'ssh-rsa') throw invalidPublicKey(messages.sshKeyTypeNotSupported(type));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalidPublicKey(messages.sshKeyNotBase64);
  const blob = Buffer.from(base64, 'base64');
  const name = readString(blob, 0);
  if (name.value.toString('latin1') !== 'ssh-rsa') throw invalidPublicKey(messages.sshKeyTypeMismatch);
  const e = readString(blob, name.next);
  const n = readString(blob, e.next);
  if (n.next !== blob.length) throw invalidPublicKey(messages.sshKeyTrailingData);
  try {
    return createPublicKey({ key: { kty: 'RSA', e: e.value.toString('base64url'), n: n.value.toString('base64url') }, format: 'jwk' });
  } catch {
    throw invalidPublicKey(messages.sshKeyMalformed);
  }
}

function fromPem(text: string): KeyObject {
  try {
    const key = createPublicKey(text);
    if (key.type !== 'public') throw new Error('not a public key');
    return key;
  } catch {
    throw invalidPublicKey(messages.pemPublicKeyMalformed);
  }
}

/** Parses and checks a key body: InvalidPublicKey or UnrecognizedPublicKeyEncoding when it cannot be used. */
export function parseSshPublicKey(body: string): ParsedSshKey {
  const text = body.trim();
  let key: KeyObject;
  const openSsh = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+)\s+(\S+)(?:\s+.*)?$/s.exec(text);
  if (openSsh) key = fromOpenSsh(openSsh[1]!, openSsh[2]!);
  else if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) key = fromPem(text);
  else throw unrecognizedEncoding(messages.sshKeyEncodingUnrecognized);
  checkRsa(key);
  const blob = rsaBlob(key);
  return { key, blob, fingerprint: md5Fingerprint(blob) };
}

/** AWS's Fingerprint: MD5 of the SSH wire form, two hex digits per byte joined by colons. */
export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** The key in the encoding GetSSHPublicKey asks for. */
export function encodeSshPublicKey(body: string, encoding: 'SSH' | 'PEM'): string {
  const { key, blob } = parseSshPublicKey(body);
  if (encoding === 'PEM') return key.export({ format: 'pem', type: 'spki' }).toString();
  return `ssh-rsa ${blob.toString('base64')}`;
}
