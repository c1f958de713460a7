import { describe, expect, it } from 'vitest';
import type { Policy } from '../api/queries/policies.ts';
import { matchRank, rankPolicies } from './policies-picker-table.tsx';

const policy = (PolicyName: string) => ({ PolicyName, Arn: `arn:aws:iam::aws:policy/${PolicyName}` }) as Policy;

describe('policy search ranking', () => {
  it('ranks exact, then prefix, then word start, then anywhere in the name', () => {
    expect(matchRank('ReadOnlyAccess', 'readonlyaccess')).toBe(0);
    expect(matchRank('ReadOnlyAccessForAudit', 'ReadOnlyAccess')).toBe(1);
    expect(matchRank('AmazonS3ReadOnlyAccess', 'ReadOnlyAccess')).toBe(2);
    expect(matchRank('team-readonly', 'readonly')).toBe(2);
    expect(matchRank('AmazonS3ReadOnlyAccess', 'eadOnly')).toBe(3);
    expect(matchRank('AdministratorAccess', 'ReadOnly')).toBeUndefined();
  });

  it('puts the exact name first among hundreds that contain it', () => {
    const names = [...Array.from({ length: 200 }, (_, i) => `Aws${i}ReadOnlyAccess`), 'ReadOnlyAccessLegacy', 'ReadOnlyAccess', 'AdministratorAccess'];
    const ranked = rankPolicies(names.map(policy), 'ReadOnlyAccess').map((p) => p.PolicyName);
    expect(ranked.slice(0, 2)).toEqual(['ReadOnlyAccess', 'ReadOnlyAccessLegacy']);
    expect(ranked).toHaveLength(202);
    expect(rankPolicies(['b', 'a'].map(policy), ' ').map((p) => p.PolicyName)).toEqual(['a', 'b']);
  });
});
