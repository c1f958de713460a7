import { describe, expect, it } from 'vitest';
import { confirmationWord } from '../../components/users-groups-delete-modal.tsx';
import { rankPolicies } from '../../components/users-groups-policy-table.tsx';
import { groupNameError } from './group-validation.ts';

describe('groupNameError', () => {
  // Each case: a name and the expected message (none when valid).
  const cases: { name: string; message?: RegExp }[] = [
    { name: 'Developers' },
    { name: 'a+b=c,d.e@f_g-h' }, // all allowed punctuation
    { name: 'x'.repeat(128) }, // the maximum
    { name: '', message: /enter a user group name/i },
    { name: 'x'.repeat(129), message: /at most 128/ },
    { name: 'two words', message: /only alphanumeric/ },
    { name: 'slash/name', message: /only alphanumeric/ },
    { name: 'naïve', message: /only alphanumeric/ },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.name.slice(0, 24)), () => {
      const error = groupNameError(c.name);
      if (c.message) expect(error).toMatch(c.message);
      else expect(error).toBeUndefined();
    });
  }
});

describe('confirmationWord', () => {
  it('asks for the name of one item and for "delete" for several', () => {
    expect(confirmationWord(['Developers'])).toBe('Developers');
    expect(confirmationWord(['a', 'b'])).toBe('delete');
  });
});

describe('rankPolicies', () => {
  const policies = ['AWSReadOnlyAccess', 'ReadOnlyAccessForX', 'ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AdministratorAccess'].map((PolicyName) => ({ PolicyName }));
  it('puts the exact name first, then names starting with the text, then the rest; drops non-matches', () => {
    expect(rankPolicies(policies, 'readonlyaccess').map((p) => p.PolicyName)).toEqual(['ReadOnlyAccess', 'ReadOnlyAccessForX', 'AmazonS3ReadOnlyAccess', 'AWSReadOnlyAccess']);
  });
  it('keeps everything in order for an empty filter', () => {
    expect(rankPolicies(policies, '  ')).toBe(policies);
  });
});
