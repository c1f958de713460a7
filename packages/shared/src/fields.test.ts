import { describe, expect, it } from 'vitest';
import { AWS_ERROR_CODE_PARAM, AccountAliasSchema, ArnSchema, INVALID_ARN_MESSAGE, INVALID_PATH_MESSAGE, PathSchema, TagListSchema, UserNameSchema } from './fields';

describe('field schemas (AWS limits)', () => {
  it.each([
    ['bob', true],
    ['a'.repeat(64), true], // 64 is the maximum user name length
    ['a'.repeat(65), false],
    ['', false],
    ['with space', false],
    ['john.doe+ops=1,x@y_z-w', true], // every allowed punctuation mark
    ['no/slash', false],
  ])('user name %j valid=%s', (name, valid) => {
    expect(UserNameSchema.safeParse(name).success).toBe(valid);
  });

  it.each([
    ['/', true],
    ['/division/team/', true],
    ['/no-trailing', false],
    ['no-leading/', false],
    ['/sp ace/', false],
    ['/a//b/', false], // an empty segment
  ])('path %j valid=%s', (path, valid) => {
    expect(PathSchema.safeParse(path).success).toBe(valid);
  });

  it.each([
    ['my-company', true],
    ['ab', false], // at least 3
    ['-lead', false],
    ['trail-', false],
    ['dou--ble', false],
    ['UPPER', false],
    ['123456789012', false], // would be confused with an account ID
  ])('account alias %j valid=%s', (alias, valid) => {
    expect(AccountAliasSchema.safeParse(alias).success).toBe(valid);
  });

  it('allows at most 50 tags', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(TagListSchema.safeParse(tags(50)).success).toBe(true);
    expect(TagListSchema.safeParse(tags(51)).success).toBe(false);
  });

  it('marks an unparseable ARN and a path without its slashes as AWS errors of their own', () => {
    const arn = ArnSchema.safeParse('this-is-not-an-arn-at-all');
    expect(arn.error?.issues[0]).toMatchObject({ message: INVALID_ARN_MESSAGE, params: { [AWS_ERROR_CODE_PARAM]: 'ValidationError' } });
    expect(ArnSchema.safeParse('short').error?.issues).toHaveLength(1); // the length alone, as AWS reports it
    expect(ArnSchema.safeParse('arn:aws:iam::123456789012:policy/p').success).toBe(true);
    expect(PathSchema.safeParse('test/').error?.issues[0]).toMatchObject({ message: INVALID_PATH_MESSAGE, params: { [AWS_ERROR_CODE_PARAM]: 'ValidationError' } });
  });
});
