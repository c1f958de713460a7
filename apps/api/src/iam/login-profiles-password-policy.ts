/**
 * The account password policy applied to IAM users' console passwords: the custom policy when
 * the account has one, AWS's default otherwise, and "Prevent password reuse" against the
 * user's password history. Shared by the login-profiles and account areas and by the console's
 * own password change.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
import type { Tx } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { hashPassword, verifyPassword } from '../crypto/passwords';

/** The fields of a PasswordPolicy row the checks read. */
export interface PasswordPolicyRules {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  passwordReusePrevention?: number | null;
}

/** What a password must not equal under AWS's default policy. */
export interface PasswordContext {
  /** The account's name. */
  accountName?: string;
  /** The root user's email address. */
  email?: string;
}

/** AWS's default when no custom policy is set: 8 characters, three of the four character types. */
export const DEFAULT_MINIMUM_PASSWORD_LENGTH = 8;
/** The longest password IAM accepts. */
export const MAXIMUM_PASSWORD_LENGTH = 128;
/** How many previous passwords are kept: the largest PasswordReusePrevention. */
export const PASSWORD_HISTORY_DEPTH = 24;

/** The nonalphanumeric characters the policy's "Require symbols" counts (IAM User Guide). */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");
const ALLOWED = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

const hasUppercase = (p: string) => /[A-Z]/.test(p);
const hasLowercase = (p: string) => /[a-z]/.test(p);
const hasNumber = (p: string) => /[0-9]/.test(p);
const hasSymbol = (p: string) => [...p].some((c) => SYMBOLS.has(c));
const hasNonAlphanumeric = (p: string) => /[^A-Za-z0-9]/.test(p);

/**
 * Why the password is refused under the policy (or AWS's default when `policy` is null), in
 * AWS's PasswordPolicyViolation wording, or null when it is acceptable. Reuse is checked
 * separately (passwordWasReused) since it needs the database.
 */
export function checkPasswordAgainstPolicy(policy: PasswordPolicyRules | null, password: string, context: PasswordContext = {}): string | null {
  if (password.length > MAXIMUM_PASSWORD_LENGTH) return messages.passwordTooLong(MAXIMUM_PASSWORD_LENGTH);
  if (!ALLOWED.test(password)) return messages.passwordCharactersNotAllowed;
  if (!policy) {
    if (password.length < DEFAULT_MINIMUM_PASSWORD_LENGTH) return messages.passwordTooShort(DEFAULT_MINIMUM_PASSWORD_LENGTH);
    const types = [hasUppercase, hasLowercase, hasNumber, hasNonAlphanumeric].filter((test) => test(password)).length;
    if (types < 3) return messages.passwordCharacterTypes;
    const lower = password.toLowerCase();
    if ((context.accountName && lower === context.accountName.toLowerCase()) || (context.email && lower === context.email.toLowerCase())) {
      return messages.passwordSameAsAccount;
    }
    return null;
  }
  if (password.length < policy.minimumPasswordLength) return messages.passwordTooShort(policy.minimumPasswordLength);
  if (policy.requireUppercaseCharacters && !hasUppercase(password)) return messages.passwordNeedsUppercase;
  if (policy.requireLowercaseCharacters && !hasLowercase(password)) return messages.passwordNeedsLowercase;
  if (policy.requireNumbers && !hasNumber(password)) return messages.passwordNeedsNumber;
  if (policy.requireSymbols && !hasSymbol(password)) return messages.passwordNeedsSymbol;
  return null;
}

export const passwordPolicyViolation = (message: string) => new AwsError('PasswordPolicyViolation', message, 400);

/** The reuse message AWS gives when PasswordReusePrevention refuses a password. */
export const PASSWORD_REUSED_MESSAGE = messages.passwordReused;

/**
 * True when the password equals one of the user's last `passwordReusePrevention` passwords
 * (the current one included). Each stored argon2id hash is verified in turn.
 */
export async function passwordWasReused(tx: Tx, policy: PasswordPolicyRules | null, userId: string, password: string): Promise<boolean> {
  const depth = policy?.passwordReusePrevention ?? 0;
  if (depth <= 0) return false;
  const history = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: depth, select: { passwordHash: true } });
  for (const row of history) if (await verifyPassword(row.passwordHash, password)) return true;
  return false;
}

/**
 * Checks a new password for an IAM user against the account's policy (and reuse prevention),
 * throwing PasswordPolicyViolation; returns the argon2id hash to store.
 */
export async function acceptNewUserPassword(tx: Tx, accountId: string, userId: string, password: string): Promise<string> {
  const policy = await tx.passwordPolicy.findUnique({ where: { accountId } });
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { name: true, rootEmail: true } });
  const violation = checkPasswordAgainstPolicy(policy, password, { accountName: account.name, email: account.rootEmail });
  if (violation) throw passwordPolicyViolation(violation);
  if (await passwordWasReused(tx, policy, userId, password)) throw passwordPolicyViolation(PASSWORD_REUSED_MESSAGE);
  return hashPassword(password);
}

/** Records a user's new password hash in its history, keeping the last PASSWORD_HISTORY_DEPTH. */
export async function recordPasswordHistory(tx: Tx, accountId: string, userId: string, passwordHash: string): Promise<void> {
  await tx.passwordHistory.create({ data: { accountId, userId, passwordHash } });
  const keep = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: PASSWORD_HISTORY_DEPTH, select: { id: true } });
  await tx.passwordHistory.deleteMany({ where: { userId, id: { notIn: keep.map((r) => r.id) } } });
}
