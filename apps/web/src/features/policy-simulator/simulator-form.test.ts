import { describe, expect, it } from 'vitest';
import { decisionLabel, splitList, toContextEntries, validateActions, validateContext, validateResources } from './simulator-form.ts';

describe('simulator form', () => {
  it('splits actions on commas and new lines, trimmed and without duplicates', () => {
    expect(splitList(' iam:ListUsers,\ns3:GetObject , iam:ListUsers\n\n')).toEqual(['iam:ListUsers', 's3:GetObject']);
  });

  it('requires service:Action names', () => {
    expect(validateActions('')).toMatch(/at least one action/);
    expect(validateActions('ListUsers')).toMatch(/"ListUsers" is not an action/);
    expect(validateActions('iam:List*, s3:GetObject')).toBeUndefined();
  });

  it('accepts * and ARNs as resources', () => {
    expect(validateResources('*\narn:aws:s3:::bucket/key')).toBeUndefined();
    expect(validateResources('bucket')).toMatch(/not an ARN/);
  });

  it('checks context rows and builds ContextEntries', () => {
    expect(validateContext([{ key: 'aws:SourceIp', type: 'ip', values: '' }])).toMatch(/at least one value/);
    expect(validateContext([{ key: 'aws:SourceIp', type: 'ip', values: '1.2.3.4, 5.6.7.8' }])).toMatch(/single-valued/);
    expect(toContextEntries([{ key: ' aws:TagKeys ', type: 'stringList', values: 'a, b' }])).toEqual([
      { ContextKeyName: 'aws:TagKeys', ContextKeyType: 'stringList', ContextKeyValues: ['a', 'b'] },
    ]);
  });

  it('names the three decisions', () => {
    expect(decisionLabel('allowed')).toEqual({ text: 'allowed', type: 'success' });
    expect(decisionLabel('explicitDeny').type).toBe('error');
    expect(decisionLabel('implicitDeny').text).toBe('denied (implicit deny)');
  });
});
