/**
 * Validation: one row per rule, with the expected issue code, severity and location.
 * AA   = https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * GRAM = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * QUOT = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { managedPoliciesPath } from './helpers';
import { parsePolicy, validatePolicy, type Finding, type PolicyType } from '../src/index';
import { policySize } from '../src/validate/validate';
import { loadNodeCatalog } from '../node/catalog';

const codes = (text: string, policyType: PolicyType = 'IDENTITY_POLICY', catalog = false) =>
  validatePolicy(text, { policyType, ...(catalog ? { catalog: loadNodeCatalog() } : {}) }).findings.map((f) => `${f.findingType}:${f.issueCode}`);

const doc = (statement: object, extra: object = { Version: '2012-10-17' }) => JSON.stringify({ ...extra, Statement: [statement] }, null, 2);
const S = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

type Row = [name: string, text: string, policyType: PolicyType, expected: string, catalog?: boolean];
const rows: Row[] = [
  ['GRAM: malformed JSON', '{"Version": "2012-10-17", "Statement": [', 'IDENTITY_POLICY', 'ERROR:JSON_SYNTAX_ERROR'],
  ['GRAM: duplicate key', '{"Version":"2012-10-17","Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', 'IDENTITY_POLICY', 'ERROR:DUPLICATE_KEY'],
  ['GRAM: unknown top-level element', JSON.stringify({ Version: '2012-10-17', Statement: [S], Foo: 1 }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['GRAM: element names are case-sensitive', JSON.stringify({ version: '2012-10-17', Statement: [S] }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['GRAM: unknown statement element', doc({ ...S, Actions: 'x' }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['GRAM: root must be an object', '[]', 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['GRAM: Statement of the wrong type', JSON.stringify({ Version: '2012-10-17', Statement: 'x' }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['GRAM: Action of the wrong type', doc({ ...S, Action: 5 }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_ELEMENT'],
  ['AA: missing Statement', JSON.stringify({ Version: '2012-10-17' }), 'IDENTITY_POLICY', 'ERROR:MISSING_STATEMENT'],
  ['AA: invalid Version', doc(S, { Version: '2012-10-18' }), 'IDENTITY_POLICY', 'ERROR:INVALID_VERSION'],
  ['AA: missing Effect', doc({ Action: '*', Resource: '*' }), 'IDENTITY_POLICY', 'ERROR:MISSING_EFFECT'],
  ['AA: invalid Effect', doc({ ...S, Effect: 'allow' }), 'IDENTITY_POLICY', 'ERROR:INVALID_EFFECT'],
  ['AA: Action and NotAction', doc({ ...S, NotAction: 'iam:*' }), 'IDENTITY_POLICY', 'ERROR:UNSUPPORTED_ELEMENT_COMBINATION'],
  ['AA: neither Action nor NotAction', doc({ Effect: 'Allow', Resource: '*' }), 'IDENTITY_POLICY', 'ERROR:MISSING_ACTION'],
  ['AA: Resource and NotResource', doc({ ...S, NotResource: 'arn:aws:s3:::b' }), 'IDENTITY_POLICY', 'ERROR:UNSUPPORTED_ELEMENT_COMBINATION'],
  ['AA: identity policy needs Resource', doc({ Effect: 'Allow', Action: '*' }), 'IDENTITY_POLICY', 'ERROR:MISSING_RESOURCE'],
  ['AA: trust policy needs no Resource', doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'TRUST_POLICY', ''],
  ['AA: trust policy forbids Resource', doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), 'TRUST_POLICY', 'ERROR:UNSUPPORTED_RESOURCE_IN_TRUST_POLICY'],
  ['AA: Principal in an identity policy', doc({ ...S, Principal: '*' }), 'IDENTITY_POLICY', 'ERROR:UNSUPPORTED_PRINCIPAL'],
  ['AA: Principal in an SCP', doc({ ...S, Principal: '*' }), 'SERVICE_CONTROL_POLICY', 'ERROR:UNSUPPORTED_PRINCIPAL'],
  ['AA: resource policy without Principal', doc(S), 'RESOURCE_POLICY', 'ERROR:MISSING_PRINCIPAL'],
  ['AA: trust policy without Principal', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'TRUST_POLICY', 'ERROR:MISSING_PRINCIPAL'],
  ['AA: Principal and NotPrincipal', doc({ ...S, Principal: '*', NotPrincipal: { AWS: '123456789012' } }), 'RESOURCE_POLICY', 'ERROR:UNSUPPORTED_ELEMENT_COMBINATION'],
  ['AA: unknown principal type', doc({ ...S, Principal: { User: 'x' } }), 'RESOURCE_POLICY', 'ERROR:INVALID_PRINCIPAL_KEY'],
  ['AA: bad AWS principal', doc({ ...S, Principal: { AWS: 'alice' } }), 'RESOURCE_POLICY', 'ERROR:INVALID_PRINCIPAL_FORMAT'],
  ['AA: wildcard inside a principal ARN', doc({ ...S, Principal: { AWS: 'arn:aws:iam::111111111111:user/*' } }), 'RESOURCE_POLICY', 'ERROR:INVALID_PRINCIPAL_FORMAT'],
  ['AA: Principal string other than *', doc({ ...S, Principal: 'alice' }), 'RESOURCE_POLICY', 'ERROR:INVALID_PRINCIPAL_FORMAT'],
  ['AA: Sid with a hyphen (IAM)', doc({ ...S, Sid: 'Allow-Read' }), 'IDENTITY_POLICY', 'ERROR:INVALID_SID'],
  ['AA: Sid with spaces is fine in a resource policy', doc({ ...S, Principal: '*', Sid: 'Allow read' }), 'RESOURCE_POLICY', ''],
  ['AA: duplicate Sid', JSON.stringify({ Version: '2012-10-17', Statement: [{ ...S, Sid: 'A' }, { ...S, Sid: 'A' }] }), 'IDENTITY_POLICY', 'ERROR:UNIQUE_SIDS_REQUIRED'],
  ['AA: unknown condition operator', doc({ ...S, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'IDENTITY_POLICY', 'ERROR:INVALID_OPERATOR'],
  ['AA: Null with IfExists', doc({ ...S, Condition: { NullIfExists: { 'aws:username': 'true' } } }), 'IDENTITY_POLICY', 'ERROR:NULL_WITH_IF_EXISTS'],
  ['AA: Null with a set qualifier', doc({ ...S, Condition: { 'ForAllValues:Null': { 'aws:TagKeys': 'true' } } }), 'IDENTITY_POLICY', 'ERROR:NULL_WITH_SET_OPERATOR'],
  ['AA: condition keys differing only in case', doc({ ...S, Condition: { StringEquals: { 'aws:username': 'a', 'aws:UserName': 'b' } } }), 'IDENTITY_POLICY', 'ERROR:DUPLICATE_KEYS_WITH_DIFFERENT_CASE'],
  ['AA: OIDC provider condition keys are valid', doc({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:default:app' } } }), 'TRUST_POLICY', ''],
  ['AA: condition key without prefix', doc({ ...S, Condition: { StringEquals: { username: 'a' } } }), 'IDENTITY_POLICY', 'ERROR:INVALID_CONDITION_KEY_FORMAT'],
  ['AA: malformed policy variable', doc({ ...S, Resource: 'arn:aws:s3:::b/${aws:username' }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_VARIABLE'],
  ['AA: malformed variable default', doc({ ...S, Resource: "arn:aws:s3:::b/${aws:username, guest}" }), 'IDENTITY_POLICY', 'ERROR:INVALID_POLICY_VARIABLE'],
  ['AA: resource not an ARN', doc({ ...S, Resource: 'bucket/*' }), 'IDENTITY_POLICY', 'ERROR:INVALID_ARN'],
  ['AA: ARN with too few segments', doc({ ...S, Resource: 'arn:aws:s3' }), 'IDENTITY_POLICY', 'ERROR:INVALID_ARN'],
  ['AA: unknown partition', doc({ ...S, Resource: 'arn:aws-moon:s3:::b' }), 'IDENTITY_POLICY', 'ERROR:INVALID_PARTITION'],
  ['AA: wildcard ARN is fine', doc({ ...S, Resource: 'arn:aws:s3:::*' }), 'IDENTITY_POLICY', ''],
  ['AA: action without service', doc({ ...S, Action: 'GetObject' }), 'IDENTITY_POLICY', 'ERROR:INVALID_ACTION_FORMAT'],
  ['AA: action with bad characters', doc({ ...S, Action: 's3:Get Object' }), 'IDENTITY_POLICY', 'ERROR:INVALID_ACTION_FORMAT'],
  ['QUOT: character outside the allowed set', doc({ ...S, Sid: 'Caf\u00e9' }).replace('Caf\u00e9', 'Caf\u2603'), 'IDENTITY_POLICY', 'ERROR:INVALID_CHARACTER'],
  // Advice
  ['AA: Allow with NotAction', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'IDENTITY_POLICY', 'SECURITY_WARNING:ALLOW_WITH_NOT_ACTION'],
  ['AA: Allow with NotResource', doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::b' }), 'IDENTITY_POLICY', 'SECURITY_WARNING:ALLOW_WITH_NOT_RESOURCE'],
  ['AA: PassRole on *', doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }), 'IDENTITY_POLICY', 'SECURITY_WARNING:PASS_ROLE_WITH_STAR_IN_RESOURCE'],
  ['AA: iam:* on * includes PassRole', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), 'IDENTITY_POLICY', 'SECURITY_WARNING:PASS_ROLE_WITH_STAR_IN_RESOURCE'],
  ['AA: Allow with NotPrincipal', doc({ ...S, NotPrincipal: { AWS: '123456789012' } }), 'RESOURCE_POLICY', 'SECURITY_WARNING:ALLOW_WITH_NOT_PRINCIPAL'],
  ['AA: missing Version', JSON.stringify({ Statement: [S] }), 'IDENTITY_POLICY', 'WARNING:MISSING_VERSION'],
  ['VARS: variable under 2008-10-17', doc({ ...S, Resource: 'arn:aws:s3:::b/${aws:username}' }, { Version: '2008-10-17' }), 'IDENTITY_POLICY', 'WARNING:POLICY_VARIABLE_IN_LEGACY_VERSION'],
  ['VARS: variable before the resource part of an ARN', doc({ ...S, Resource: 'arn:aws:s3:::b', Action: 'ec2:*' }).replace('arn:aws:s3:::b', 'arn:aws:ec2:${aws:RequestedRegion}:1:instance/*'), 'IDENTITY_POLICY', 'WARNING:VARIABLE_OUTSIDE_RESOURCE_PART'],
  ['AA: wildcard in StringEquals', doc({ ...S, Condition: { StringEquals: { 's3:prefix': 'home/*' } } }), 'IDENTITY_POLICY', 'WARNING:WILDCARD_WITHOUT_LIKE_OPERATOR'],
  ['AA: unreadable date', doc({ ...S, Condition: { DateLessThan: { 'aws:CurrentTime': 'soon' } } }), 'IDENTITY_POLICY', 'WARNING:DATA_TYPE_MISMATCH'],
  ['AA: unreadable IP', doc({ ...S, Condition: { IpAddress: { 'aws:SourceIp': '1.2.3' } } }), 'IDENTITY_POLICY', 'WARNING:DATA_TYPE_MISMATCH'],
  ['AA: variable in a numeric operator', doc({ ...S, Condition: { NumericEquals: { 's3:max-keys': '${aws:username}' } } }), 'IDENTITY_POLICY', 'WARNING:INVALID_VARIABLE_FOR_OPERATOR'],
  ['AA: operator case differs', doc({ ...S, Condition: { stringequals: { 'aws:username': 'a' } } }), 'IDENTITY_POLICY', 'WARNING:OPERATOR_CASE'],
  ['AA: empty Action array', doc({ ...S, Action: [] }), 'IDENTITY_POLICY', 'SUGGESTION:EMPTY_ARRAY_ACTION'],
  ['AA: empty Resource array', doc({ ...S, Resource: [] }), 'IDENTITY_POLICY', 'SUGGESTION:EMPTY_ARRAY_RESOURCE'],
  ['AA: empty Condition', doc({ ...S, Condition: {} }), 'IDENTITY_POLICY', 'SUGGESTION:EMPTY_OBJECT_CONDITION'],
  ['AA: repeated action', doc({ ...S, Action: ['s3:GetObject', 's3:getobject'] }), 'IDENTITY_POLICY', 'SUGGESTION:REDUNDANT_ACTION'],
  ['AA: action covered by a wildcard', doc({ ...S, Action: ['s3:Get*', 's3:GetObject'] }), 'IDENTITY_POLICY', 'SUGGESTION:REDUNDANT_ACTION'],
  ['AA: repeated resource', doc({ ...S, Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b'] }), 'IDENTITY_POLICY', 'SUGGESTION:REDUNDANT_RESOURCE'],
  ['AA: unknown action (catalog)', doc({ ...S, Action: 's3:GetObjekt' }), 'IDENTITY_POLICY', 'WARNING:INVALID_ACTION', true],
  ['AA: wildcard matching no action (catalog)', doc({ ...S, Action: 's3:Frobnicate*' }), 'IDENTITY_POLICY', 'WARNING:INVALID_ACTION', true],
  ['AA: unknown service (catalog)', doc({ ...S, Action: 'nosuchservice:Get' }), 'IDENTITY_POLICY', 'WARNING:INVALID_SERVICE', true],
  ['AA: known action (catalog)', doc({ ...S, Action: 'iam:CreateUser' }), 'IDENTITY_POLICY', '', true],
  ['AA: unknown global condition key (catalog)', doc({ ...S, Condition: { StringEquals: { 'aws:UserNam': 'a' } } }), 'IDENTITY_POLICY', 'WARNING:INVALID_GLOBAL_CONDITION_KEY', true],
  ['AA: unknown service condition key (catalog)', doc({ ...S, Condition: { StringEquals: { 's3:prefixx': 'a' } } }), 'IDENTITY_POLICY', 'WARNING:INVALID_SERVICE_CONDITION_KEY', true],
  ['AA: tag keys match by prefix (catalog)', doc({ ...S, Condition: { StringEquals: { 'aws:ResourceTag/team': 'a', 's3:ExistingObjectTag/x': 'b' } } }), 'IDENTITY_POLICY', '', true],
  ['AA: unknown prefix is not judged (catalog)', doc({ ...S, Condition: { StringEquals: { 'accounts.google.com:aud': 'a' } } }), 'IDENTITY_POLICY', '', true],
  ['AA: operator does not suit the key type (catalog)', doc({ ...S, Condition: { NumericEquals: { 'aws:SourceIp': '1' } } }), 'IDENTITY_POLICY', 'WARNING:DATA_TYPE_MISMATCH', true],
  ['AA: ForAllValues with a single-valued key (catalog)', doc({ ...S, Condition: { 'ForAllValues:StringEquals': { 'aws:username': 'a' } } }), 'IDENTITY_POLICY', 'SECURITY_WARNING:FORALLVALUES_WITH_SINGLE_VALUED_KEY', true],
  ['AA: multivalued key without qualifier (catalog)', doc({ ...S, Condition: { StringEquals: { 'aws:TagKeys': 'a' } } }), 'IDENTITY_POLICY', 'WARNING:MISSING_QUALIFIER', true],
  ['AA: multivalued key with qualifier is fine (catalog)', doc({ ...S, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } } }), 'IDENTITY_POLICY', '', true],
  ['AA: catalog checks are skipped without a catalog', doc({ ...S, Action: 's3:GetObjekt' }), 'IDENTITY_POLICY', ''],
];

describe('validatePolicy — one finding per rule', () => {
  it.each(rows)('%s', (_name, text, type, expected, catalog) => {
    const got = codes(text, type, catalog);
    if (expected === '') expect(got.filter((c) => !c.startsWith('SECURITY_WARNING') && !c.startsWith('SUGGESTION'))).toEqual([]);
    else expect(got).toContain(expected);
  });
});

describe('validatePolicy — locations', () => {
  const find = (text: string, code: string, type: PolicyType = 'IDENTITY_POLICY'): Finding => {
    const f = validatePolicy(text, { policyType: type }).findings.find((x) => x.issueCode === code);
    expect(f, code).toBeDefined();
    return f!;
  };
  it('points at the offending Effect value with line and column', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Permit",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
    const f = find(text, 'INVALID_EFFECT');
    expect(f.locations[0]!.path).toEqual(['Statement', 0, 'Effect']);
    expect(f.locations[0]!.span).toEqual({ start: { line: 5, column: 17, offset: 68 }, end: { line: 5, column: 25, offset: 76 } });
  });
  it('points at the second of duplicate keys', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Version": "2012-10-17",\n  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}\n}';
    const f = find(text, 'DUPLICATE_KEY');
    expect(f.locations[0]!.span!.start).toEqual({ line: 3, column: 3, offset: 31 });
  });
  it('reports where JSON breaks', () => {
    const f = find('{\n  "Version": "2012-10-17",\n  "Statement": [}\n}', 'JSON_SYNTAX_ERROR');
    expect(f.locations[0]!.span!.start.line).toBe(3);
    expect(f.locations[0]!.span!.start.column).toBe(17);
  });
  it('points at an action inside an array', () => {
    const text = doc({ ...S, Action: ['s3:GetObject', 'GetObject'] });
    const f = find(text, 'INVALID_ACTION_FORMAT');
    expect(f.locations[0]!.path).toEqual(['Statement', 0, 'Action', 1]);
    expect(text.slice(f.locations[0]!.span!.start.offset, f.locations[0]!.span!.end.offset)).toBe('"GetObject"');
  });
  it('points at a condition operator key', () => {
    const text = doc({ ...S, Condition: { StringEqualz: { 'aws:username': 'a' } } });
    const f = find(text, 'INVALID_OPERATOR');
    expect(text.slice(f.locations[0]!.span!.start.offset, f.locations[0]!.span!.end.offset)).toBe('"StringEqualz"');
  });
  it('reports the statement for a missing Principal', () => {
    const f = find(doc(S), 'MISSING_PRINCIPAL', 'RESOURCE_POLICY');
    expect(f.locations[0]!.path).toEqual(['Statement', 0]);
    expect(f.locations[0]!.span!.start).toEqual({ line: 4, column: 5, offset: 50 });
  });
  it('locates a bad character', () => {
    const f = find('{"Version":"2012-10-17","Statement":{"Sid":"\u2603","Effect":"Allow","Action":"*","Resource":"*"}}', 'INVALID_CHARACTER');
    expect(f.locations[0]!.span!.start).toEqual({ line: 1, column: 45, offset: 44 });
  });
  it('enforces the size limit without counting whitespace', () => {
    const big = doc({ ...S, Resource: Array.from({ length: 400 }, (_, k) => `arn:aws:s3:::bucket-${k}`) });
    expect(policySize(big)).toBeGreaterThan(6144);
    expect(codes(big)).toContain('ERROR:POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
    expect(codes(big.replace(/ /g, '        '), 'IDENTITY_POLICY')).toContain('ERROR:POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
    expect(validatePolicy(big, { policyType: 'IDENTITY_POLICY', maxSize: 20_000 }).findings.some((f) => f.issueCode.startsWith('POLICY_SIZE'))).toBe(false);
    expect(validatePolicy(big, { policyType: 'RESOURCE_POLICY', maxSize: 100 }).findings.some((f) => f.issueCode === 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA')).toBe(true);
  });
  it('reports every problem, not just the first', () => {
    const f = validatePolicy(doc({ Effect: 'Permit', Action: 'x', Resource: 'y' }), { policyType: 'IDENTITY_POLICY' }).findings;
    expect(f.filter((x) => x.findingType === 'ERROR').map((x) => x.issueCode).sort()).toEqual(['INVALID_ACTION_FORMAT', 'INVALID_ARN', 'INVALID_EFFECT']);
  });
  it('parsePolicy exposes the AST', () => {
    const p = parsePolicy(doc({ ...S, Sid: 'A', Condition: { StringEquals: { 'aws:username': ['a', 1] } } }));
    expect(p.findings).toEqual([]);
    const st = p.document!.statements[0]!;
    expect(st.sid).toBe('A');
    expect(st.conditions![0]!.entries[0]!.values.items.map((i) => i.value)).toEqual(['a', '1']);
  });
});

describe('AWS managed policies', () => {
  // Hard requirement: every AWS managed policy within the 6,144-character quota validates
  // with no ERROR (IAM stores them, so we must accept them).
  const data = JSON.parse(readFileSync(managedPoliciesPath, 'utf8')) as { policies: { name: string; document: object }[] };
  it(`has no ERROR finding for any of the ${data.policies.length} policies within quota`, () => {
    const catalog = loadNodeCatalog();
    let checked = 0;
    const errors: string[] = [];
    for (const p of data.policies) {
      const text = JSON.stringify(p.document, null, 2);
      if (policySize(text) > 6144) continue;
      checked++;
      for (const f of validatePolicy(text, { policyType: 'IDENTITY_POLICY', catalog }).findings) {
        if (f.findingType === 'ERROR') errors.push(`${p.name}: ${f.issueCode} ${f.findingDetails}`);
      }
    }
    expect(checked).toBeGreaterThan(1400);
    expect(errors).toEqual([]);
  });
});
