/**
 * Robustness: no input makes the document, validation or compile stages throw (errors are
 * data), and context-key extraction follows GetContextKeysForCustomPolicy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, contextKeysOf, parsePolicy, PolicyCompileError, validatePolicy } from '../src/index';

const policyish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('*', 's3:GetObject', 'arn:aws:s3:::b/${aws:username}', 'Allow', 'Deny', '2012-10-17', '${', 'StringEquals', 'aws:SourceIp', '10.0.0.0/8'),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('Version', 'Statement', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition', 'Sid', 'AWS', 'StringLike', 'ForAllValues:StringEquals', 'NullIfExists', 'x'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('robustness', () => {
  it('validatePolicy and parsePolicy never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const policyType of ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'TRUST_POLICY', 'SERVICE_CONTROL_POLICY'] as const) {
          const r = validatePolicy(text, { policyType });
          expect(Array.isArray(r.findings)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('validation and compilation never throw on arbitrary policy-shaped JSON', () => {
    fc.assert(
      fc.property(policyish, (value) => {
        const text = JSON.stringify(value) ?? 'null';
        validatePolicy(text, { policyType: 'IDENTITY_POLICY' });
        validatePolicy(text, { policyType: 'RESOURCE_POLICY' });
        try {
          compilePolicy({ id: 'fuzz', document: text });
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyCompileError);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('lists context keys from conditions and variables (2012-10-17 only)', () => {
    const doc = (version: string) =>
      parsePolicy(
        JSON.stringify({
          Version: version,
          Statement: [
            { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/${*}', Condition: { StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' }, Bool: { 'aws:SecureTransport': 'true' } } },
            { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'AWS:SecureTransport': 'x' } } },
          ],
        }),
      ).document!;
    expect(contextKeysOf(doc('2012-10-17'))).toEqual(['aws:username', 's3:prefix', 'aws:PrincipalTag/team', 'aws:SecureTransport']);
    expect(contextKeysOf(doc('2008-10-17'))).toEqual(['s3:prefix', 'aws:SecureTransport']);
  });
});
