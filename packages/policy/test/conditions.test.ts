/**
 * Table-driven semantics of condition operators. Each row is one condition block, a request
 * context and the expected three-valued result: M (matches), N (does not), U (cannot be
 * evaluated → fails closed: an Allow does not apply, a Deny does).
 * OPS  = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * MULTI = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * LOGIC = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
import { describe, expect, it } from 'vitest';
import { allow, decide, deny, policy } from './helpers';

type Row = [name: string, condition: Record<string, Record<string, unknown>>, context: Record<string, string | string[]>, expected: 'M' | 'N' | 'U'];

const rows: Row[] = [
  // String
  ['OPS: StringEquals exact', { StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, 'M'],
  ['OPS: StringEquals is case-sensitive', { StringEquals: { 'aws:username': 'Alice' } }, { 'aws:username': 'alice' }, 'N'],
  ['OPS: StringEquals does not expand wildcards', { StringEquals: { 'aws:username': 'a*' } }, { 'aws:username': 'alice' }, 'N'],
  ['OPS: StringEquals missing key → no match', { StringEquals: { 'aws:username': 'alice' } }, {}, 'N'],
  ['OPS: StringNotEquals different value', { StringNotEquals: { 'aws:username': 'bob' } }, { 'aws:username': 'alice' }, 'M'],
  ['OPS: StringNotEquals same value', { StringNotEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, 'N'],
  ['OPS: StringNotEquals missing key → match (negated)', { StringNotEquals: { 'aws:username': 'alice' } }, {}, 'M'],
  ['OPS: StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }, 'M'],
  ['OPS: StringNotEqualsIgnoreCase same but case', { StringNotEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }, 'N'],
  ['OPS: StringNotEqualsIgnoreCase missing → match', { StringNotEqualsIgnoreCase: { 'aws:username': 'x' } }, {}, 'M'],
  ['OPS: StringLike *', { StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/a/b' }, 'M'],
  ['OPS: StringLike ?', { StringLike: { 's3:prefix': 'ab?' } }, { 's3:prefix': 'abc' }, 'M'],
  ['OPS: StringLike is case-sensitive', { StringLike: { 's3:prefix': 'HOME/*' } }, { 's3:prefix': 'home/x' }, 'N'],
  ['OPS: StringNotLike matching value', { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/x' }, 'N'],
  ['OPS: StringNotLike other value', { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'tmp/x' }, 'M'],
  ['OPS: StringNotLike missing → match', { StringNotLike: { 's3:prefix': 'home/*' } }, {}, 'M'],
  ['LOGIC: values are ORed', { StringEquals: { 'aws:username': ['bob', 'alice'] } }, { 'aws:username': 'alice' }, 'M'],
  ['LOGIC: keys are ANDed (one fails)', { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } }, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'blue' }, 'N'],
  ['LOGIC: keys are ANDed (both hold)', { StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' } }, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' }, 'M'],
  ['LOGIC: operators are ANDed', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'alice', 'aws:SecureTransport': 'false' }, 'N'],
  ['LOGIC: StringNotEquals with several values = none of them', { StringNotEquals: { 'aws:username': ['bob', 'alice'] } }, { 'aws:username': 'alice' }, 'N'],
  ['OPS: condition key names are case-insensitive', { StringEquals: { 'AWS:UserName': 'alice' } }, { 'aws:username': 'alice' }, 'M'],
  ['OPS: context key names are case-insensitive', { StringEquals: { 'aws:username': 'alice' } }, { 'AWS:USERNAME': 'alice' }, 'M'],
  ['OPS: numbers in JSON are compared as text', { StringEquals: { 's3:max-keys': 10 } }, { 's3:max-keys': '10' }, 'M'],
  // IfExists
  ['OPS: StringEqualsIfExists missing → match', { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }, {}, 'M'],
  ['OPS: StringEqualsIfExists present, different', { StringEqualsIfExists: { 'ec2:InstanceType': 't3.micro' } }, { 'ec2:InstanceType': 'm5.large' }, 'N'],
  ['OPS: BoolIfExists missing → match', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, 'M'],
  ['OPS: NumericLessThanIfExists missing → match', { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, {}, 'M'],
  ['OPS: StringNotEqualsIfExists present, equal', { StringNotEqualsIfExists: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, 'N'],
  // Numeric
  ['OPS: NumericEquals', { NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.0' }, 'M'],
  ['OPS: NumericNotEquals', { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }, 'M'],
  ['OPS: NumericNotEquals missing → match', { NumericNotEquals: { 's3:max-keys': '10' } }, {}, 'M'],
  ['OPS: NumericLessThan', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }, 'M'],
  ['OPS: NumericLessThan equal', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, 'N'],
  ['OPS: NumericLessThanEquals', { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, 'M'],
  ['OPS: NumericGreaterThan', { NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.5' }, 'M'],
  ['OPS: NumericGreaterThanEquals', { NumericGreaterThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }, 'N'],
  ['OPS: numeric values in JSON number form', { NumericLessThan: { 's3:max-keys': 100 } }, { 's3:max-keys': '5' }, 'M'],
  ['OPS: unreadable number in context → unknown', { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, 'U'],
  ['OPS: unreadable number in policy → unknown', { NumericLessThan: { 's3:max-keys': 'ten' } }, { 's3:max-keys': '1' }, 'U'],
  ['OPS: NumericNotEquals with unreadable context → unknown', { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'x' }, 'U'],
  // Date
  ['OPS: DateLessThan ISO', { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-24T12:00:00Z' }, 'M'],
  ['OPS: DateGreaterThan ISO', { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-24T12:00:00Z' }, 'N'],
  ['OPS: DateEquals date only = midnight UTC', { DateEquals: { 'aws:CurrentTime': '2026-11-24' } }, { 'aws:CurrentTime': '2026-11-24T00:00:00Z' }, 'M'],
  ['OPS: DateNotEquals', { DateNotEquals: { 'aws:CurrentTime': '2026-11-24' } }, { 'aws:CurrentTime': '2026-11-25T00:00:00Z' }, 'M'],
  ['OPS: DateLessThanEquals equal', { DateLessThanEquals: { 'aws:CurrentTime': '2026-11-24T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-24T00:00:00Z' }, 'M'],
  ['OPS: DateGreaterThanEquals with offset', { DateGreaterThanEquals: { 'aws:CurrentTime': '2026-11-24T01:00:00+01:00' } }, { 'aws:CurrentTime': '2026-11-24T00:00:00Z' }, 'M'],
  ['OPS: Date epoch seconds in the policy', { DateLessThan: { 'aws:CurrentTime': '1900000000' } }, { 'aws:CurrentTime': '2026-11-24T00:00:00Z' }, 'M'],
  ['OPS: Date epoch seconds in the context', { DateLessThan: { 'aws:EpochTime': '2030-01-01T00:00:00Z' } }, { 'aws:EpochTime': '1764000000' }, 'M'],
  ['OPS: Date epoch vs epoch', { DateGreaterThan: { 'aws:EpochTime': 1700000000 } }, { 'aws:EpochTime': '1764000000' }, 'M'],
  ['OPS: fractional seconds', { DateLessThan: { 'aws:CurrentTime': '2026-11-24T00:00:00.500Z' } }, { 'aws:CurrentTime': '2026-11-24T00:00:00.250Z' }, 'M'],
  ['OPS: unreadable date → unknown', { DateLessThan: { 'aws:CurrentTime': '2030-01-01' } }, { 'aws:CurrentTime': 'yesterday' }, 'U'],
  ['OPS: impossible date → unknown', { DateLessThan: { 'aws:CurrentTime': '2030-02-30' } }, { 'aws:CurrentTime': '2026-01-01' }, 'U'],
  // Bool
  ['OPS: Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, 'M'],
  ['OPS: Bool is case-insensitive', { Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'True' }, 'M'],
  ['OPS: Bool false vs true', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, 'N'],
  ['OPS: Bool JSON boolean', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' }, 'M'],
  ['OPS: Bool missing key → no match', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, 'N'],
  ['OPS: Bool unreadable context → unknown', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'yes' }, 'U'],
  // Binary
  ['OPS: BinaryEquals base64', { BinaryEquals: { 'aws:Key': 'QmluYXJ5VmFsdWU=' } }, { 'aws:Key': 'QmluYXJ5VmFsdWU=' }, 'M'],
  ['OPS: BinaryEquals different', { BinaryEquals: { 'aws:Key': 'QmluYXJ5VmFsdWU=' } }, { 'aws:Key': 'b3RoZXI=' }, 'N'],
  // IP
  ['OPS: IpAddress CIDR v4', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.77' }, 'M'],
  ['OPS: IpAddress outside v4', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }, 'N'],
  ['OPS: IpAddress bare IP is /32', { IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.5' }, 'M'],
  ['OPS: IpAddress bare IP is not a range', { IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, { 'aws:SourceIp': '203.0.113.6' }, 'N'],
  ['OPS: IpAddress /0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '8.8.8.8' }, 'M'],
  ['OPS: IpAddress IPv6 range', { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, 'M'],
  ['OPS: IpAddress IPv6 outside', { IpAddress: { 'aws:SourceIp': '2001:db8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5679::1' }, 'N'],
  ['OPS: IpAddress bare IPv6 is /128', { IpAddress: { 'aws:SourceIp': '2001:db8::1' } }, { 'aws:SourceIp': '2001:db8:0:0:0:0:0:1' }, 'M'],
  ['OPS: IPv4 range vs IPv6 address', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '2001:db8::1' }, 'N'],
  ['OPS: IPv4-mapped IPv6 matches an IPv4 range', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:10.1.2.3' }, 'M'],
  ['OPS: values ORed across families', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }, { 'aws:SourceIp': '2001:db8::5' }, 'M'],
  ['OPS: NotIpAddress outside', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '11.0.0.1' }, 'M'],
  ['OPS: NotIpAddress inside', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.0.0.1' }, 'N'],
  ['OPS: NotIpAddress missing → match', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, 'M'],
  ['OPS: unreadable IP in context → unknown', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.0.0.256' }, 'U'],
  ['OPS: unreadable CIDR in policy → unknown', { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }, { 'aws:SourceIp': '10.0.0.1' }, 'U'],
  ['OPS: NotIpAddress unreadable → unknown', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': 'nope' }, 'U'],
  // ARN
  ['OPS: ArnEquals exact', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, 'M'],
  ['OPS: ArnEquals behaves like ArnLike', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } }, { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:123456789012:t' }, 'M'],
  ['OPS: ArnLike wildcard stays in its segment', { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:topic' } }, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, 'N'],
  ['OPS: ArnLike resource segment may contain colons', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:log-group:*' } }, { 'aws:SourceArn': 'arn:aws:logs:us-east-1:1:log-group:g:log-stream:s' }, 'M'],
  ['OPS: ArnLike account mismatch', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket/*' } }, { 'aws:SourceArn': 'arn:aws:s3:::other/x' }, 'N'],
  ['OPS: ArnLike context not an ARN', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'bucket' }, 'N'],
  ['OPS: ArnNotEquals different', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::a' } }, { 'aws:SourceArn': 'arn:aws:s3:::b' }, 'M'],
  ['OPS: ArnNotLike matching', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::a*' } }, { 'aws:SourceArn': 'arn:aws:s3:::abc' }, 'N'],
  ['OPS: ArnNotLike missing → match', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::a*' } }, {}, 'M'],
  ['OPS: ArnLike with variable', { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:user/${aws:username}' } }, { 'aws:SourceArn': 'arn:aws:iam::1:user/alice', 'aws:username': 'alice' }, 'M'],
  // Null
  ['OPS: Null true, key absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, 'M'],
  ['OPS: Null true, key present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, 'N'],
  ['OPS: Null false, key present', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': 'x' }, 'M'],
  ['OPS: Null false, key absent', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, 'N'],
  ['OPS: Null with a JSON boolean', { Null: { 'aws:TokenIssueTime': true } }, {}, 'M'],
  // Set operators
  ['MULTI: ForAllValues every value allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'b'] }, 'M'],
  ['MULTI: ForAllValues one value not allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'c'] }, 'N'],
  ['MULTI: ForAllValues missing key → match', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'M'],
  ['MULTI: ForAllValues empty set → match', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': [] }, 'M'],
  ['MULTI: ForAnyValue one value matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['x', 'a'] }, 'M'],
  ['MULTI: ForAnyValue none matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['x', 'y'] }, 'N'],
  ['MULTI: ForAnyValue missing key → no match', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, 'N'],
  ['MULTI: ForAnyValue empty set → no match', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': [] }, 'N'],
  ['MULTI: ForAllValues:StringNotEquals none of the values listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'b'] }, 'M'],
  ['MULTI: ForAllValues:StringNotEquals one listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, { 'aws:TagKeys': ['a', 'secret'] }, 'N'],
  ['MULTI: ForAnyValue:StringNotEquals some value not listed', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a', 'b'] }, 'M'],
  ['MULTI: ForAnyValue:StringNotEquals all listed', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'b'] }, 'N'],
  ['MULTI: ForAnyValue:StringNotEquals missing → no match', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, {}, 'N'],
  ['MULTI: ForAllValues:StringLike', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team-*'] } }, { 'aws:TagKeys': ['team-a', 'team-b'] }, 'M'],
  ['MULTI: ForAnyValue:StringEqualsIfExists missing → match', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {}, 'M'],
  ['MULTI: plain operator on multivalued context = any value', { StringEquals: { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['x', 'a'] }, 'M'],
  ['MULTI: plain negated operator on multivalued context = no value', { StringNotEquals: { 'aws:TagKeys': 'a' } }, { 'aws:TagKeys': ['x', 'a'] }, 'N'],
  ['MULTI: qualifier names are case-insensitive', { 'forallvalues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['a'] }, 'M'],
  // Unknown operators fail closed
  ['OPS: unknown operator → unknown', { StringEqualz: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, 'U'],
  ['OPS: NullIfExists is not an operator → unknown', { NullIfExists: { 'aws:username': 'true' } }, {}, 'U'],
];

describe('condition operators', () => {
  it.each(rows)('%s', (_name, condition, context, expected) => {
    const allowed = decide([policy([allow('s3:GetObject', '*', condition)])], { action: 's3:GetObject', context });
    const denied = decide([policy([allow('*'), deny('s3:GetObject', '*', condition)])], { action: 's3:GetObject', context });
    // M: Allow applies, Deny applies. N: neither. U: Allow does not apply, Deny does (fail closed).
    expect({ allow: allowed, deny: denied }).toEqual({
      allow: expected === 'M' ? 'allowed' : 'implicitDeny',
      deny: expected === 'N' ? 'allowed' : 'explicitDeny',
    });
  });
});
