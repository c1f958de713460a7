import { describe, expect, it } from 'vitest';
import { characterClassCount, validateSetupForm, type SetupFormValues } from './setup-validation.ts';

const valid: SetupFormValues = {
  email: 'root@example.com',
  password: 'Correct-Horse-9',
  confirmPassword: 'Correct-Horse-9',
  accountId: '',
};

describe('validateSetupForm', () => {
  // `field` is the one field expected to be in error (with `message`); `also` lists any others.
  const cases: { name: string; change: Partial<SetupFormValues>; field?: keyof SetupFormValues; message?: RegExp; also?: (keyof SetupFormValues)[] }[] = [
    { name: 'a valid form without an account ID', change: {} },
    { name: 'a valid form with a 12-digit account ID', change: { accountId: '123456789012' } },
    { name: 'surrounding spaces in the email are ignored', change: { email: '  root@example.com ' } },
    { name: 'an empty email', change: { email: '' }, field: 'email', message: /enter the root user email/i },
    { name: 'an email without @', change: { email: 'root.example.com' }, field: 'email', message: /valid email/i },
    { name: 'an email without a dot in the domain', change: { email: 'root@localhost' }, field: 'email', message: /valid email/i },
    { name: 'an email with a space', change: { email: 'ro ot@example.com' }, field: 'email', message: /valid email/i },
    { name: 'an empty password', change: { password: '', confirmPassword: '' }, field: 'password', message: /enter a password/i, also: ['confirmPassword'] },
    // 7 characters, all four classes: the length rule alone rejects it.
    { name: 'a 7-character password', change: { password: 'Ab1!xyz', confirmPassword: 'Ab1!xyz' }, field: 'password', message: /at least 8/i },
    // 8 characters, exactly the minimum, three classes.
    { name: 'an 8-character password with three classes', change: { password: 'Abcdefg1', confirmPassword: 'Abcdefg1' } },
    { name: 'only lowercase and digits', change: { password: 'abcdefgh12', confirmPassword: 'abcdefgh12' }, field: 'password', message: /three of/i },
    { name: 'only upper and lowercase', change: { password: 'ABCDefghij', confirmPassword: 'ABCDefghij' }, field: 'password', message: /three of/i },
    { name: 'lowercase, digits and a symbol', change: { password: 'abcdef1!', confirmPassword: 'abcdef1!' } },
    { name: 'a 129-character password', change: { password: `Aa1${'x'.repeat(126)}`, confirmPassword: `Aa1${'x'.repeat(126)}` }, field: 'password', message: /at most 128/i },
    { name: 'the password equals the email', change: { email: 'Root1@example.com', password: 'root1@example.com', confirmPassword: 'root1@example.com' }, field: 'password', message: /same as the email/i },
    { name: 'an empty confirmation', change: { confirmPassword: '' }, field: 'confirmPassword', message: /confirm the password/i },
    { name: 'a different confirmation', change: { confirmPassword: 'Correct-Horse-8' }, field: 'confirmPassword', message: /do not match/i },
    { name: 'an 11-digit account ID', change: { accountId: '12345678901' }, field: 'accountId', message: /exactly 12 digits/i },
    { name: 'a 13-digit account ID', change: { accountId: '1234567890123' }, field: 'accountId', message: /exactly 12 digits/i },
    { name: 'an account ID with letters', change: { accountId: '12345678901a' }, field: 'accountId', message: /exactly 12 digits/i },
  ];

  it.each(cases)('$name', ({ change, field, message, also = [] }) => {
    const errors = validateSetupForm({ ...valid, ...change });
    if (!field) {
      expect(errors).toEqual({});
      return;
    }
    expect(Object.keys(errors).sort()).toEqual([field, ...also].sort());
    expect(errors[field]).toMatch(message!);
  });
});

describe('characterClassCount', () => {
  it.each([
    ['', 0],
    ['abc', 1],
    ['abcABC', 2],
    ['abcABC123', 3],
    ['abcABC123 ', 4],
    ['ÄÖÜ', 1], // non-ASCII letters count as "non-alphanumeric", as in AWS's list of classes
  ])('%j has %i classes', (password, count) => {
    expect(characterClassCount(password)).toBe(count);
  });
});
