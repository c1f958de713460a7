// Validation of the AWS accounts forms: a new member account, and a member account's root password.

export interface AddAccountForm {
  name: string;
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** CreateAccount's rules: a name of 1–50 printable ASCII characters, an email of 6–64 characters. */
export function validateAddAccountForm(form: AddAccountForm): Partial<Record<keyof AddAccountForm, string>> {
  const errors: Partial<Record<keyof AddAccountForm, string>> = {};
  if (!form.name.trim()) errors.name = 'Enter an AWS account name.';
  else if (form.name.length > 50) errors.name = 'The AWS account name can have up to 50 characters.';
  else if (!/^[\u0020-\u007E]+$/.test(form.name)) errors.name = 'The AWS account name can contain only printable ASCII characters.';
  const email = form.email.trim();
  if (!email) errors.email = 'Enter the email address of the account\'s owner.';
  else if (email.length < 6 || email.length > 64) errors.email = 'The email address must have from 6 to 64 characters.';
  else if (!EMAIL.test(email)) errors.email = 'Enter a valid email address.';
  return errors;
}

export interface RootPasswordForm {
  password: string;
  confirm: string;
}

/** The character classes of AWS's default password rule present in a password. */
export function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** AWS's default root password rule: at least 8 characters and three of the four character classes. */
export function validateRootPasswordForm(form: RootPasswordForm): Partial<Record<keyof RootPasswordForm, string>> {
  const errors: Partial<Record<keyof RootPasswordForm, string>> = {};
  if (form.password.length < 8) errors.password = 'The password must have at least 8 characters.';
  else if (form.password.length > 128) errors.password = 'The password can have up to 128 characters.';
  else if (characterClasses(form.password) < 3) errors.password = 'The password must contain at least three of: uppercase letters, lowercase letters, numbers, symbols.';
  if (!form.confirm) errors.confirm = 'Confirm the password.';
  else if (form.confirm !== form.password) errors.confirm = 'The passwords do not match.';
  return errors;
}
