/** The password policy rules, without a database. */
import { describe, expect, it } from 'vitest';
import { checkPasswordAgainstPolicy, type PasswordPolicyRules } from './login-profiles-password-policy';

const strict: PasswordPolicyRules = { minimumPasswordLength: 10, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true };
const lenient: PasswordPolicyRules = { minimumPasswordLength: 6, requireSymbols: false, requireNumbers: false, requireUppercaseCharacters: false, requireLowercaseCharacters: false };

describe('checkPasswordAgainstPolicy', () => {
  it('applies AWS\'s default without a policy: 8 characters, 3 of 4 types, not the account name or email', () => {
    expect(checkPasswordAgainstPolicy(null, 'Abcdef1')).toBe('Password should have a minimum length of 8');
    expect(checkPasswordAgainstPolicy(null, 'abcdefgh1')).toMatch(/at least three of the following character types/);
    expect(checkPasswordAgainstPolicy(null, 'abcdefgh1.')).toBeNull();
    expect(checkPasswordAgainstPolicy(null, 'ABCDEFGH.a')).toBeNull();
    expect(checkPasswordAgainstPolicy(null, 'Admin@Example.com', { email: 'admin@example.com' })).toMatch(/account name or email/);
    expect(checkPasswordAgainstPolicy(null, 'My-Account-1', { accountName: 'my-account-1' })).toMatch(/account name or email/);
  });

  it('applies each rule of a custom policy, in AWS\'s wording', () => {
    expect(checkPasswordAgainstPolicy(strict, 'Aa1!')).toBe('Password should have a minimum length of 10');
    expect(checkPasswordAgainstPolicy(strict, 'aaaaaaaaa1!')).toBe('Password should have at least one uppercase letter');
    expect(checkPasswordAgainstPolicy(strict, 'AAAAAAAAA1!')).toBe('Password should have at least one lowercase letter');
    expect(checkPasswordAgainstPolicy(strict, 'AAAAAaaaa!!')).toBe('Password should have at least one number');
    expect(checkPasswordAgainstPolicy(strict, 'AAAAAaaaa11')).toBe('Password should have at least one symbol');
    for (const symbol of "!@#$%^&*()_+-=[]{}|'") expect(checkPasswordAgainstPolicy(strict, `AAAAAaaaa1${symbol}`), symbol).toBeNull();
    expect(checkPasswordAgainstPolicy(lenient, 'simple')).toBeNull();
    expect(checkPasswordAgainstPolicy(lenient, 'short')).toBe('Password should have a minimum length of 6');
  });

  it('refuses more than 128 characters and characters outside AWS\'s range under any policy', () => {
    expect(checkPasswordAgainstPolicy(lenient, 'a'.repeat(129))).toBe('Password should have a maximum length of 128');
    expect(checkPasswordAgainstPolicy(lenient, 'a'.repeat(128))).toBeNull();
    expect(checkPasswordAgainstPolicy(lenient, 'snowman☃')).toMatch(/not allowed/);
    expect(checkPasswordAgainstPolicy(null, 'Snowman-1☃')).toMatch(/not allowed/);
  });
});
