import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { customPasswordError } from './add-users-validation.ts';
import { accessKeyCsv, consoleSignInUrl, gitCredentialsCsv, credentialsCsv, generatePassword, PASSWORD_SYMBOLS, signInEmailHref } from './credentials.ts';

describe('credentialsCsv', () => {
  it('writes exactly the classic header, then one row per user with empty cells for what is missing', () => {
    const csv = credentialsCsv([
      { userName: 'alice', password: 'Pw-1aaaaaaa', accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'secret/1', consoleLoginLink: 'http://x/signin?account=123456789012' },
      { userName: 'bob', accessKeyId: 'AKIABBBBBBBBBBBBBBBB', secretAccessKey: 'secret2', consoleLoginLink: 'http://x/signin?account=123456789012' },
      { userName: 'carol', password: 'Pw-3ccccccc', consoleLoginLink: 'http://x/signin?account=123456789012' },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('User name,Password,Access key ID,Secret access key,Console login link');
    expect(lines[1]).toBe('alice,Pw-1aaaaaaa,AKIAAAAAAAAAAAAAAAAA,secret/1,http://x/signin?account=123456789012');
    expect(lines[2]).toBe('bob,,AKIABBBBBBBBBBBBBBBB,secret2,http://x/signin?account=123456789012');
    expect(lines[3]).toBe('carol,Pw-3ccccccc,,,http://x/signin?account=123456789012');
    expect(lines).toHaveLength(4);
  });

  it('quotes commas and doubles quotes, so passwords survive a round trip', () => {
    const password = 'a,b"c\'d';
    const csv = credentialsCsv([{ userName: 'x,y', password, consoleLoginLink: 'l' }]);
    expect(csv.split('\r\n')[1]).toBe('"x,y","a,b""c\'d",,,l');
    const parsed = Papa.parse<string[]>(csv).data;
    expect(parsed[1]).toEqual(['x,y', password, '', '', 'l']);
  });
});

describe('accessKeyCsv', () => {
  it('writes the two-column header of <user>_accessKeys.csv', () => {
    expect(accessKeyCsv('AKIAAAAAAAAAAAAAAAAA', 'abc+/def')).toBe('Access key ID,Secret access key\r\nAKIAAAAAAAAAAAAAAAAA,abc+/def');
  });
});

describe('gitCredentialsCsv', () => {
  it('writes the user name and password of an HTTPS Git credential under AWS\'s header', () => {
    expect(gitCredentialsCsv('alice-at-123456789012', 'a+b/c=')).toBe('User Name,Password\r\nalice-at-123456789012,a+b/c=');
  });
});

describe('generatePassword', () => {
  it('makes 20 characters with an uppercase letter, a lowercase letter, a digit and a symbol', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect([...password].some((c) => PASSWORD_SYMBOLS.includes(c))).toBe(true);
      expect(customPasswordError(password)).toBeUndefined();
    }
  });

  it('honours a longer minimum and differs between calls', () => {
    expect(generatePassword(32)).toHaveLength(32);
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

describe('sign-in links', () => {
  it('points IAM users at this instance with the account filled in, and the email never holds a password', () => {
    const url = consoleSignInUrl('https://iam.example.com', '123456789012');
    expect(url).toBe('https://iam.example.com/signin?account=123456789012');
    const href = signInEmailHref('alice', url);
    expect(href.startsWith('mailto:?subject=')).toBe(true);
    const body = decodeURIComponent(href.split('&body=')[1]!);
    expect(body).toContain('User name: alice');
    expect(body).toContain(url);
    expect(body.toLowerCase()).not.toContain('password:');
  });
});
