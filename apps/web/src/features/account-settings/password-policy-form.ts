// The password policy form: its fields as the console shows them, the checks of each field
// (AWS's ranges), and the translation to UpdateAccountPasswordPolicy's input.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
import type { PasswordPolicy, UpdatePasswordPolicyInput } from '../../api/queries/account.ts';

export interface PasswordPolicyForm {
  minimumLength: string;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  expire: boolean;
  maxAge: string;
  hardExpiry: boolean;
  allowChange: boolean;
  preventReuse: boolean;
  reuseCount: string;
}

export type PasswordPolicyFormErrors = Partial<Record<'minimumLength' | 'maxAge' | 'reuseCount', string>>;

/** What the console's Custom form starts from when no policy is set. */
export const CONSOLE_DEFAULT_FORM: PasswordPolicyForm = {
  minimumLength: '8',
  requireUppercase: false,
  requireLowercase: false,
  requireNumbers: false,
  requireSymbols: false,
  expire: false,
  maxAge: '90',
  hardExpiry: false,
  allowChange: true,
  preventReuse: false,
  reuseCount: '5',
};

export function formFromPolicy(policy: PasswordPolicy | null): PasswordPolicyForm {
  if (!policy) return CONSOLE_DEFAULT_FORM;
  return {
    minimumLength: String(policy.MinimumPasswordLength),
    requireUppercase: policy.RequireUppercaseCharacters,
    requireLowercase: policy.RequireLowercaseCharacters,
    requireNumbers: policy.RequireNumbers,
    requireSymbols: policy.RequireSymbols,
    expire: Boolean(policy.MaxPasswordAge),
    maxAge: String(policy.MaxPasswordAge ?? 90),
    hardExpiry: policy.HardExpiry ?? false,
    allowChange: policy.AllowUsersToChangePassword,
    preventReuse: Boolean(policy.PasswordReusePrevention),
    reuseCount: String(policy.PasswordReusePrevention ?? 5),
  };
}

function wholeNumberIn(value: string, min: number, max: number, what: string): string | undefined {
  if (!/^\d+$/.test(value.trim())) return `Enter ${what} as a whole number from ${min} to ${max}.`;
  const n = Number(value.trim());
  if (n < min || n > max) return `${what[0]!.toUpperCase()}${what.slice(1)} must be from ${min} to ${max}.`;
  return undefined;
}

export function validatePasswordPolicyForm(form: PasswordPolicyForm): PasswordPolicyFormErrors {
  const errors: PasswordPolicyFormErrors = {};
  const length = wholeNumberIn(form.minimumLength, 6, 128, 'the minimum length');
  if (length) errors.minimumLength = length;
  if (form.expire) {
    const age = wholeNumberIn(form.maxAge, 1, 1095, 'the expiration period');
    if (age) errors.maxAge = age;
  }
  if (form.preventReuse) {
    const reuse = wholeNumberIn(form.reuseCount, 1, 24, 'the number of passwords to remember');
    if (reuse) errors.reuseCount = reuse;
  }
  return errors;
}

/** UpdateAccountPasswordPolicy's input for a valid form (every field sent: omitted ones reset). */
export function formToInput(form: PasswordPolicyForm): UpdatePasswordPolicyInput {
  return {
    MinimumPasswordLength: Number(form.minimumLength),
    RequireUppercaseCharacters: form.requireUppercase,
    RequireLowercaseCharacters: form.requireLowercase,
    RequireNumbers: form.requireNumbers,
    RequireSymbols: form.requireSymbols,
    AllowUsersToChangePassword: form.allowChange,
    ...(form.expire ? { MaxPasswordAge: Number(form.maxAge), HardExpiry: form.hardExpiry } : { HardExpiry: false }),
    ...(form.preventReuse ? { PasswordReusePrevention: Number(form.reuseCount) } : {}),
  };
}

/** The policy's rules in the console's words, for the summary panel. */
export function describePolicy(policy: PasswordPolicy): string[] {
  const rules = [`Password minimum length: ${policy.MinimumPasswordLength} characters`];
  if (policy.RequireUppercaseCharacters) rules.push('Require at least one uppercase letter from the Latin alphabet (A-Z)');
  if (policy.RequireLowercaseCharacters) rules.push('Require at least one lowercase letter from the Latin alphabet (a-z)');
  if (policy.RequireNumbers) rules.push('Require at least one number');
  if (policy.RequireSymbols) rules.push("Require at least one non-alphanumeric character (! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')");
  rules.push(policy.MaxPasswordAge ? `Password expires in ${policy.MaxPasswordAge} day(s)` : 'Password does not expire');
  if (policy.HardExpiry) rules.push('Password expiration requires administrator reset');
  rules.push(policy.AllowUsersToChangePassword ? 'Allow users to change their own password' : 'Users cannot change their own password');
  if (policy.PasswordReusePrevention) rules.push(`Remember last ${policy.PasswordReusePrevention} password(s) and prevent reuse`);
  return rules;
}

/** IAM's default policy when none is set, as the console describes it. */
export const IAM_DEFAULT_RULES = [
  'Password minimum length: 8 characters',
  'Include a minimum of three of the following mix of character types: uppercase, lowercase, numbers, and non-alphanumeric characters',
  'Must not be identical to your AWS account name or email address',
];
