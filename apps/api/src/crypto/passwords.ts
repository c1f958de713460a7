/**
 * Password hashing with argon2id (@node-rs/argon2, OWASP's recommended parameters) and the
 * strength rule for root passwords.
 */
import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import). */
const ARGON2ID = 2;

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** SECURITY: argon2's verify compares in constant time. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the user does not exist, so a failed
 * sign-in takes the same time whether or not the name exists. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

/**
 * AWS's default rule when no custom password policy is set: at least 8 characters and at least
 * three of uppercase, lowercase, numbers and symbols (id_credentials_passwords_account-policy).
 * Returns the reason a password is refused, or null.
 */
export function weakPasswordReason(password: string, context: { email?: string } = {}): string | null {
  if (password.length < 8) return 'Password must be at least 8 characters long.';
  if (password.length > 128) return 'Password must be at most 128 characters long.';
  if (!/^[\u0009\u000A\u000D\u0020-\u00FF]+$/.test(password)) return 'Password contains characters that are not allowed.';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'Password must contain at least three of: uppercase letters, lowercase letters, numbers and symbols.';
  if (context.email && password.toLowerCase() === context.email.toLowerCase()) return 'Password must not be the email address.';
  return null;
}
