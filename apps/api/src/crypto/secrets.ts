/**
 * Secrets at rest: access-key secrets, TOTP seeds. AES-256-GCM under the master key, with a
 * random 96-bit nonce per value; the stored form is version byte ‖ nonce ‖ tag ‖ ciphertext.
 * SECURITY: the master key never leaves this module's closure and is never logged.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts and decrypts small secrets with one key. */
export interface SecretBox {
  encrypt(plaintext: string): Uint8Array<ArrayBuffer>;
  decrypt(stored: Uint8Array): string;
}

/**
 * Parses PORTCULLIS_MASTER_KEY: 64 hex digits or base64 of 32 bytes. Anything else is refused,
 * since a passphrase would give a weak key silently.
 */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const decoded = Buffer.from(trimmed, 'base64');
  if (decoded.length === 32 && /^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) return decoded;
  throw new Error('PORTCULLIS_MASTER_KEY must be 32 bytes, as 64 hex digits or base64');
}

/** A new random master key, in the base64 form parseMasterKey accepts. */
export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('master key must be 32 bytes');
  const masterKey = Buffer.from(key);
  return {
    encrypt(plaintext) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]));
    },
    decrypt(stored) {
      const buf = Buffer.from(stored);
      if (buf[0] !== VERSION) throw new Error('unknown secret format');
      const nonce = buf.subarray(1, 1 + NONCE_BYTES);
      const tag = buf.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(buf.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** SHA-256 hex of a token: how session tokens are stored (the token itself never is). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** SECURITY: constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** A random URL-safe token (session cookies, CSRF tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
