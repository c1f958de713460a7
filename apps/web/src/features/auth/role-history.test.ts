import { afterEach, describe, expect, it } from 'vitest';
import { activeRoleEntry, parseRoleColor, readRoleHistory, rememberRole, roleLabel, withRole, type RoleHistoryEntry } from './role-history.ts';

const USER = 'arn:aws:iam::123456789012:user/alice';
const entry = (roleName: string, extra: Partial<RoleHistoryEntry> = {}): RoleHistoryEntry => ({
  account: '123456789012',
  accountId: '123456789012',
  roleName,
  displayName: roleName,
  color: 'none',
  ...extra,
});

describe('role history', () => {
  afterEach(() => localStorage.clear());

  it('keeps the last five roles, the latest first, each once', () => {
    let history: RoleHistoryEntry[] = [];
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']) history = withRole(history, entry(name));
    expect(history.map((e) => e.roleName)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
    history = withRole(history, entry('r3', { displayName: 'Third', color: 'red' }));
    expect(history.map((e) => e.roleName)).toEqual(['r3', 'r6', 'r5', 'r4', 'r2']);
    expect(history[0]).toMatchObject({ displayName: 'Third', color: 'red' });
  });

  it('is kept per signed-in user in the browser', () => {
    rememberRole(USER, entry('Admin', { displayName: 'Prod admin', color: 'green' }));
    expect(readRoleHistory(USER)).toEqual([entry('Admin', { displayName: 'Prod admin', color: 'green' })]);
    expect(readRoleHistory('arn:aws:iam::123456789012:user/bob')).toEqual([]);
    localStorage.setItem(`portcullis.roleHistory:${USER}`, 'not json');
    expect(readRoleHistory(USER)).toEqual([]);
  });

  it('finds the entry of the role in use, whatever path the form named', () => {
    const history = [entry('ops/Admin', { displayName: 'Ops' })];
    expect(activeRoleEntry(history, { accountId: '123456789012', roleName: 'Admin' })?.displayName).toBe('Ops');
    expect(activeRoleEntry(history, { accountId: '210987654321', roleName: 'Admin' })).toBeUndefined();
  });

  it('labels a role "DisplayName @ account" and reads AWS link colours', () => {
    expect(roleLabel(entry('Admin', { displayName: 'Prod admin' }))).toBe('Prod admin @ 123456789012');
    expect(roleLabel(entry('ops/Admin', { displayName: '' }))).toBe('Admin @ 123456789012');
    expect(parseRoleColor('efda95')).toBe('yellow');
    expect(parseRoleColor('Blue')).toBe('blue');
    expect(parseRoleColor('#123456')).toBe('none');
    expect(parseRoleColor(null)).toBe('none');
  });
});
