import { describe, expect, it } from 'vitest';
import { parsePolicy, type PolicyDocument } from '@portcullis/policy';
import { globCovers, globsIntersect, newAccessStatements, normalizeGlob, statementsGranting } from './access-checks';

const doc = (...Statement: object[]): PolicyDocument => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement })).document!;

/** Every string over `alphabet` up to `max` characters. */
function strings(alphabet: string, max: number): string[] {
  const out = [''];
  for (let n = 0, level = ['']; n < max; n++) {
    level = level.flatMap((s) => [...alphabet].map((c) => s + c));
    out.push(...level);
  }
  return out;
}
const matches = (pattern: string, s: string) => new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(s);

describe('glob containment and intersection', () => {
  it('normalizes runs of wildcards', () => {
    expect(normalizeGlob('a*?*b')).toBe('a?*b');
    expect(normalizeGlob('**')).toBe('*');
  });

  it.each([
    ['*', 'anything', true],
    ['iam:*', 'iam:get*', true],
    ['iam:get*', 'iam:*', false],
    ['iam:get*', 'iam:getuser', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/*', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
    ['a*', 'a?*', true],
    ['*?', '?*', true],
    ['?*', '*?', true],
    ['a?c', 'abc', true],
    ['abc', 'a?c', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(globCovers(outer, inner)).toBe(expected);
  });

  it('containment is sound and intersection exact against every string up to 5 characters', () => {
    const patterns = ['*', '?', 'a*', '*a', 'a?', '?a', '*a*', 'a*b', 'ab', 'a?*', '*?', '??', 'b*a', '*ab*', 'a', ''];
    const universe = strings('abc', 5);
    for (const outer of patterns) {
      for (const inner of patterns) {
        const innerStrings = universe.filter((s) => matches(inner, s));
        if (globCovers(outer, inner)) expect(innerStrings.every((s) => matches(outer, s)), `${outer} ⊇ ${inner}`).toBe(true);
        // Patterns of at most 3 symbols meet, if at all, on a string of at most 5 characters.
        expect(globsIntersect(outer, inner), `${outer} ∩ ${inner}`).toBe(innerStrings.some((s) => matches(outer, s)));
      }
    }
  });
});

describe('CheckAccessNotGranted', () => {
  it('fails on an Allow whose patterns can match, passes otherwise; Deny grants nothing', () => {
    const policy = doc(
      { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    );
    expect(statementsGranting(policy, { actions: ['s3:GetObject'] })).toEqual([{ description: expect.any(String), statementIndex: 0, statementId: 'Read' }]);
    expect(statementsGranting(policy, { actions: ['S3:GETOBJECT'], resources: ['arn:aws:s3:::other/*'] })).toEqual([]);
    expect(statementsGranting(policy, { actions: ['s3:DeleteObject'] })).toEqual([]);
    expect(statementsGranting(policy, { resources: ['arn:aws:s3:::bucket/key'] })).toHaveLength(1);
  });

  it('reads NotAction as everything but its patterns, and conditions do not make a FAIL a PASS', () => {
    const policy = doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    expect(statementsGranting(policy, { actions: ['iam:CreateUser'] })).toEqual([]);
    expect(statementsGranting(policy, { actions: ['ec2:RunInstances'] })).toHaveLength(1);
  });
});

describe('CheckNoNewAccess', () => {
  const existing = doc(
    { Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' },
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  );

  it('passes when every new Allow is covered by an existing one', () => {
    expect(newAccessStatements(doc({ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeImages'], Resource: 'arn:aws:s3:::b/*' }), existing)).toEqual([]);
    // Narrower and denied: still nothing new.
    expect(newAccessStatements(doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }), existing)).toEqual([]);
  });

  it('fails on the new statements that grant more, naming them', () => {
    const next = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'More', Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    expect(newAccessStatements(next, existing)).toEqual([{ description: 'New access in the statement with index: 1.', statementIndex: 1, statementId: 'More' }]);
  });

  it('counts a condition dropped, a NotAction, and a Deny removed as new access', () => {
    const noCondition = doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/a' });
    expect(newAccessStatements(noCondition, existing)).toHaveLength(1);
    const sameCondition = doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/a', Condition: { Bool: { 'aws:SecureTransport': 'true' } } });
    expect(newAccessStatements(sameCondition, existing)).toEqual([]);
    expect(newAccessStatements(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), existing)).toHaveLength(1);
    expect(newAccessStatements(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), doc({ Effect: 'Allow', NotAction: 'iam:Get*', Resource: '*' }))).toEqual([]);
    const guarded = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    expect(newAccessStatements(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), guarded)).toHaveLength(1);
  });

  it('decides two 6 KB policies in well under 50 ms', () => {
    const statement = (i: number, prefix: string) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: [`${prefix}:Get*`, `${prefix}:List*`, `${prefix}:Describe*`],
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:s3:::bucket-${i}/logs/?/*`],
    });
    const text = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const nextText = text(Array.from({ length: 40 }, (_, i) => statement(i, 's3')));
    const oldText = text(Array.from({ length: 40 }, (_, i) => ({ ...statement(i, 's3'), Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3:Put*'] })));
    expect(Math.min(nextText.length, oldText.length)).toBeGreaterThan(6000);
    const check = () => newAccessStatements(parsePolicy(nextText).document!, parsePolicy(oldText).document!);
    expect(check()).toEqual([]); // also warms the JIT up, as a running server is
    const started = performance.now();
    check();
    expect(performance.now() - started).toBeLessThan(50);
  });
});
