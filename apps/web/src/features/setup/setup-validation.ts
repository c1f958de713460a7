// Client-side checks for the first-run form, so mistakes show before a round trip. The server
// applies the same rules (and decides); these only spare the user a wasted submit.

export interface SetupFormValues {
  email: string;
  password: string;
  confirmPassword: string;
  accountId: string;
}

export type SetupFormErrors = Partial<Record<keyof SetupFormValues, string>>;

// Deliberately loose: one @, something before it, a dot in the domain, no spaces. The real
// test of an address is mail reaching it, which Portcullis does not send.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * AWS's default password rule when no account policy is set: at least 8 characters with at least
 * three of uppercase, lowercase, numbers and non-alphanumeric characters, and not the account's
 * email. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const CHARACTER_CLASSES: RegExp[] = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** How many of the four character types (upper, lower, digit, other) a password uses. */
export function characterClassCount(password: string): number {
  return CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;
}

export function validateEmail(email: string): string | undefined {
  const value = email.trim();
  if (value === '') return 'Enter the root user email address.';
  if (!EMAIL_SHAPE.test(value)) return 'Enter a valid email address, such as name@example.com.';
  return undefined;
}

export function validatePassword(password: string, email = ''): string | undefined {
  if (password === '') return 'Enter a password.';
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  if (characterClassCount(password) < 3) {
    return 'The password must contain at least three of: uppercase letters, lowercase letters, numbers, and symbols.';
  }
  if (email.trim() !== '' && password.toLowerCase() === email.trim().toLowerCase()) {
    return 'The password must not be the same as the email address.';
  }
  return undefined;
}

export function validateConfirmPassword(password: string, confirmPassword: string): string | undefined {
  if (confirmPassword === '') return 'Confirm the password.';
  if (confirmPassword !== password) return 'The passwords do not match.';
  return undefined;
}

export function validateAccountId(accountId: string): string | undefined {
  const value = accountId.trim();
  if (value === '') return undefined;
  if (!/^\d{12}$/.test(value)) return 'The account ID must be exactly 12 digits.';
  return undefined;
}

/** Every field's first problem; an empty object means the form may be submitted. */
export function validateSetupForm(values: SetupFormValues): SetupFormErrors {
  const errors: SetupFormErrors = {
    email: validateEmail(values.email),
    password: validatePassword(values.password, values.email),
    confirmPassword: validateConfirmPassword(values.password, values.confirmPassword),
    accountId: validateAccountId(values.accountId),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined));
}
