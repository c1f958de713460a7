import { describe, expect, it } from 'vitest';
import { accountIdError, permissionDiff, sharingFromGrants, sharingSummary } from './permissions.ts';

describe('sharingFromGrants', () => {
  it('reads the group all as public and lists the accounts', () => {
    expect(sharingFromGrants([{ group: 'all' }, { userId: '111122223333' }])).toEqual({ isPublic: true, accounts: ['111122223333'] });
    expect(sharingFromGrants([])).toEqual({ isPublic: false, accounts: [] });
  });
});

describe('permissionDiff', () => {
  const cases: { name: string; current: [boolean, string[]]; edited: [boolean, string[]]; Add: object[]; Remove: object[] }[] = [
    { name: 'nothing changed', current: [false, ['111122223333']], edited: [false, ['111122223333']], Add: [], Remove: [] },
    { name: 'making it public adds the group all', current: [false, []], edited: [true, []], Add: [{ Group: 'all' }], Remove: [] },
    { name: 'making it private removes the group all and keeps accounts', current: [true, ['111122223333']], edited: [false, ['111122223333']], Add: [], Remove: [{ Group: 'all' }] },
    { name: 'a new account is added', current: [false, []], edited: [false, ['111122223333']], Add: [{ UserId: '111122223333' }], Remove: [] },
    { name: 'a removed account is removed', current: [false, ['111122223333', '444455556666']], edited: [false, ['444455556666']], Add: [], Remove: [{ UserId: '111122223333' }] },
    {
      name: 'public, one in and one out at once',
      current: [false, ['111122223333']],
      edited: [true, ['444455556666']],
      Add: [{ Group: 'all' }, { UserId: '444455556666' }],
      Remove: [{ UserId: '111122223333' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const diff = permissionDiff({ isPublic: c.current[0], accounts: c.current[1] }, { isPublic: c.edited[0], accounts: c.edited[1] });
      expect(diff).toEqual({ Add: c.Add, Remove: c.Remove });
    });
  }
});

describe('accountIdError', () => {
  it('accepts exactly 12 digits', () => {
    expect(accountIdError('111122223333', [])).toBeUndefined();
    expect(accountIdError(' 111122223333 ', [])).toBeUndefined();
  });
  it.each(['', '11112222333', '1111222233334', '11112222333a', '1111-2222-3333'])('refuses %j', (value) => {
    expect(accountIdError(value, [])).toBeDefined();
  });
  it('refuses duplicates and the owner', () => {
    expect(accountIdError('111122223333', ['111122223333'])).toBe('This account ID is already in the list.');
    expect(accountIdError('123456789012', [], '123456789012')).toMatch(/owner/);
  });
});

it('sharingSummary says what is shared', () => {
  expect(sharingSummary({ isPublic: true, accounts: [] })).toBe('Public');
  expect(sharingSummary({ isPublic: false, accounts: [] })).toBe('Private');
  expect(sharingSummary({ isPublic: false, accounts: ['1', '2'] })).toBe('Private, shared with 2 accounts');
});
