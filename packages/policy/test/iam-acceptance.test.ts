/**
 * IAM's own acceptance check (MalformedPolicyDocument) against IAM's recorded replies, AWS's
 * documented examples and AWS's managed policies — and how it differs from Access Analyzer.
 *
 * The refused/accepted tables are IAM's replies to CreatePolicy as recorded against AWS in
 * getmoto/moto tests/test_iam/test_iam_policies.py; the trust-policy texts are cited in
 * src/acceptance/iam-acceptance.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkIamAcceptance, IAM_MESSAGES, policySize, validatePolicy } from '../src/index';

const managed = (doc: unknown) => checkIamAcceptance(typeof doc === 'string' ? doc : JSON.stringify(doc), { type: 'identity', managed: true });
const inline = (doc: unknown) => checkIamAcceptance(typeof doc === 'string' ? doc : JSON.stringify(doc), { type: 'identity' });
const trust = (doc: unknown) => checkIamAcceptance(typeof doc === 'string' ? doc : JSON.stringify(doc), { type: 'trust' });

const V = '2012-10-17';
const B = 'arn:aws:s3:::example_bucket';
const st = (s: object) => ({ Version: V, Statement: s });
const allow = (extra: object = {}) => st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: B, ...extra });

// [document, IAM's message] — CreatePolicy.
const REFUSED: [unknown, string][] = [
  ['This is not a json document', 'Syntax errors in policy.'],
  [{ Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } }, 'Policy document must be version 2012-10-17 or greater.'],
  [{ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } }, 'Policy document must be version 2012-10-17 or greater.'],
  [{ Version: '2013-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } }, 'Syntax errors in policy.'],
  [{ Version: V }, 'Syntax errors in policy.'],
  [{ Version: V, Statement: ['afd'] }, 'Syntax errors in policy.'],
  [{ ...allow(), 'Extra field': 'value' }, 'Syntax errors in policy.'],
  [allow({ 'Extra field': 'value' }), 'Syntax errors in policy.'],
  [{ Version: V, Id: ['cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee'], Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } }, 'Syntax errors in policy.'],
  [{ Version: V, Id: {}, Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } }, 'Syntax errors in policy.'],
  [st({ Effect: 'invalid', Action: 's3:ListBucket', Resource: B }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', Action: 'invalid', Resource: B }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  [st({ Effect: 'Allow', NotAction: '', Resource: B }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  [st({ Effect: 'Allow', Action: 'a a:ListBucket', Resource: B }), 'Vendor a a is not valid'],
  [st({ Effect: 'Allow', Action: 's3:List:Bucket', Resource: B }), 'Actions/Condition can contain only one colon.'],
  [st([{ Effect: 'Allow', Action: 's3s:ListBucket', Resource: B }, { Effect: 'Allow', Action: 's:3s:ListBucket', Resource: B }]), 'Actions/Condition can contain only one colon.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'invalid resource' }), 'Resource invalid resource must be in ARN format or "*".'],
  [
    st([
      { Sid: 'EnableDisableHongKong', Effect: 'Allow', Action: ['account:EnableRegion', 'account:DisableRegion'], Resource: '', Condition: { StringEquals: { 'account:TargetRegion': 'ap-east-1' } } },
      { Sid: 'ViewConsole', Effect: 'Allow', Action: ['aws-portal:ViewAccount', 'account:ListRegions'], Resource: '' },
    ]),
    'Resource  must be in ARN format or "*".',
  ],
  [st({ Effect: 'Allow', Action: 's:3:ListBucket', Resource: 'sdfsadf' }), 'Resource sdfsadf must be in ARN format or "*".'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: ['adf'] }), 'Resource adf must be in ARN format or "*".'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '' }), 'Resource  must be in ARN format or "*".'],
  [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
  [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:cadfsdf' }), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".'],
  [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'aws:s3:::example_bucket' }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] }), 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'],
  [{ Version: V, Statement: [] }, 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket' }), 'Policy statement must contain resources.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [] }), 'Policy statement must contain resources.'],
  [st({ Effect: 'Allow', Action: 'invalid' }), 'Policy statement must contain resources.'],
  [st({ Effect: 'Allow', Resource: B }), 'Policy statement must contain actions.'],
  [st({ Action: 's3:ListBucket', Resource: B }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow' }), 'Policy statement must contain actions.'],
  [st({ Effect: 'Allow', Action: [], Resource: B }), 'Policy statement must contain actions.'],
  [st([{ Effect: 'Deny' }, { Effect: 'Allow', Action: 's3:ListBucket', Resource: B }]), 'Policy statement must contain actions.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: { a: B } }), 'Syntax errors in policy.'],
  [st({ Effect: 'Deny', Action: 's3:ListBucket', Resource: ['adfdf', {}] }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: B, NotResource: [] }), 'Syntax errors in policy.'],
  [st({ Effect: 'Deny', Action: [[]], Resource: B }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', NotAction: 's3s:ListBucket', Action: [], Resource: B }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', Action: {}, Resource: B }), 'Syntax errors in policy.'],
  [allow({ Condition: [] }), 'Syntax errors in policy.'],
  [allow({ Condition: 'a' }), 'Syntax errors in policy.'],
  [allow({ Condition: { a: 'b' } }), 'Syntax errors in policy.'],
  [allow({ Condition: { DateGreaterThan: 'b' } }), 'Syntax errors in policy.'],
  [allow({ Condition: { DateGreaterThan: [] } }), 'Syntax errors in policy.'],
  [allow({ Condition: { DateGreaterThan: { a: {} } } }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', Resource: B, Condition: { DateGreaterThan: { a: {} } } }), 'Syntax errors in policy.'],
  [allow({ Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
  [allow({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }), 'Syntax errors in policy.'],
  [allow({ Condition: [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } }] }), 'Syntax errors in policy.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:iam:us-east-1::example_bucket' }), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:us-east-1::example_bucket' }), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.'],
  [st({ Sid: {}, Effect: 'Allow', Action: 's3:ListBucket', Resource: B }), 'Syntax errors in policy.'],
  [st({ Sid: [], Effect: 'Allow', Action: 's3:ListBucket', Resource: B }), 'Syntax errors in policy.'],
  [st([{ Sid: 'sdf', Effect: 'Allow', Action: 's3:ListBucket', Resource: B }, { Sid: 'sdf', Effect: 'Allow' }]), 'Statement IDs (SID) in a single policy must be unique.'],
  [{ Statement: [{ Sid: 'sdf', Effect: 'Allow', Action: 's3:ListBucket', Resource: B }, { Sid: 'sdf', Effect: 'Allow' }] }, 'Policy document must be version 2012-10-17 or greater.'],
  [st({ Effect: 'Allow', NotAction: 's3:ListBucket', Action: 'iam:dsf', Resource: B }), 'Syntax errors in policy.'],
  [allow({ NotResource: '*' }), 'Syntax errors in policy.'],
  [st({ Effect: 'denY', Action: 's3:ListBucket', Resource: B }), 'The policy failed legacy parsing'],
  [allow({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
  [{ Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B, Condition: { DateGreaterThan: { a: 'sdfdsf' } } } }, 'Policy document must be version 2012-10-17 or greater.'],
  [{ Statement: { Effect: 'denY', Action: 's3:ListBucket', Resource: B } }, 'Policy document must be version 2012-10-17 or greater.'],
  [st({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }), 'The policy failed legacy parsing'],
  [st({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }), 'The policy failed legacy parsing'],
  [st([{ Sid: 'sdf', Effect: 'aLLow', Action: 's3:ListBucket', Resource: B }, { Sid: 'sdf', Effect: 'Allow' }]), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }), 'The policy failed legacy parsing'],
  [allow({ Condition: { DateLessThanEquals: { a: '234-13' } } }), 'The policy failed legacy parsing'],
  [allow({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } }), 'The policy failed legacy parsing'],
  [allow({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } }), 'The policy failed legacy parsing'],
  [allow({ Condition: { DateLessThan: { a: '9223372036854775808' } } }), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:error:s3:::example_bucket', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
  [st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws::fdsasf' }), 'The policy failed legacy parsing'],
];

// Accepted by CreatePolicy.
const ACCEPTED: unknown[] = [
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [B] }),
  st({ Effect: 'Allow', Action: 'iam: asdf safdsf af ', Resource: B }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [B, '*'] }),
  st({ Effect: 'Allow', Action: '*', Resource: B }),
  st([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: B }]),
  st({ Effect: 'Allow', Action: 'service-prefix:action-name', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' } } }),
  st({ Effect: 'Allow', Action: 'fsx:ListBucket', Resource: B }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:iam:::user/example_bucket' }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s33:::example_bucket' }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:fdsasf' }),
  allow({ Condition: {} }),
  allow({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } } }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:cloudwatch:us-east-1::example_bucket' }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:ec2:us-east-1::example_bucket' }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:invalid-service:::example_bucket' }),
  st({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:invalid-service:us-east-1::example_bucket' }),
  allow({ Condition: { DateGreaterThan: {} } }),
  allow({ Condition: { DateGreaterThan: { a: [] } } }),
  allow({ Condition: { a: {} } }),
  st({ Sid: 'dsfsdfsdfsdfsdfsadfsd', Effect: 'Allow', Action: 's3:ListBucket', Resource: B }),
  st({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: B }),
  st({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] }),
  { Version: V, Id: 'sdfsdfsdf', Statement: { Effect: 'Allow', NotAction: 's3:ListBucket', Resource: B } },
  st({ Effect: 'Allow', Action: 'aaaaaadsfdsafsadfsadfaaaaa:ListBucket', Resource: B }),
  st({ Effect: 'Allow', Action: 's3-s:ListBucket', Resource: B }),
  st({ Effect: 'Allow', Action: 's3.s:ListBucket', Resource: B }),
  st({ Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' }),
  st([{ Sid: 'sdf', Effect: 'Allow', Action: 's3:ListBucket', Resource: B }, { Effect: 'Allow', Action: 's3:ListBucket', Resource: B }]),
  allow({ Condition: { DateGreaterThan: { a: '01T' } } }),
  allow({ Condition: { x: {}, y: {} } }),
  allow({ Condition: { StringEqualsIfExists: { a: 'asf' } } }),
  allow({ Condition: { 'ForAnyValue:StringEqualsIfExists': { a: 'asf' } } }),
  allow({ Condition: { DateLessThanEquals: { a: '2019-07-01T13:20:15Z' } } }),
  allow({ Condition: { DateLessThanEquals: { a: '2016-12-13T21:20:37.593194+00:00' } } }),
  allow({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+23' } } }),
  allow({ Condition: { DateLessThan: { a: '-292275054' } } }),
  st([
    { Sid: '', Effect: 'Allow', Action: 'rds:*', Resource: ['arn:aws:rds:region:*:*'] },
    { Sid: '', Effect: 'Allow', Action: ['rds:Describe*'], Resource: ['*'] },
  ]),
];

// AWS's documented examples (IAM User Guide, "Example IAM identity-based policies").
const DOCUMENTED: [string, unknown][] = [
  [
    'reference_policies_examples_aws_my-sec-creds-self-manage (excerpt)',
    st([
      { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
      { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
      { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ]),
  ],
  [
    'reference_policies_examples_dynamodb_specific-table',
    st([
      { Sid: 'ListAndDescribe', Effect: 'Allow', Action: ['dynamodb:List*', 'dynamodb:DescribeReservedCapacity*', 'dynamodb:DescribeLimits', 'dynamodb:DescribeTimeToLive'], Resource: '*' },
      { Sid: 'SpecificTable', Effect: 'Allow', Action: ['dynamodb:BatchGet*', 'dynamodb:Get*', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:Update*', 'dynamodb:PutItem'], Resource: 'arn:aws:dynamodb:*:*:table/MyTable' },
    ]),
  ],
  [
    'reference_policies_examples_ec2_tag-owner',
    st([{ Effect: 'Allow', Action: ['ec2:AttachVolume', 'ec2:DetachVolume'], Resource: 'arn:aws:ec2:*:*:volume/*', Condition: { StringEquals: { 'ec2:ResourceTag/VolumeUser': '${aws:username}' } } }]),
  ],
  [
    'reference_policies_examples_s3_cognito-bucket',
    st([
      { Sid: 'ListYourObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:aws:s3:::bucket-name'], Condition: { StringLike: { 's3:prefix': ['cognito/application-name/${cognito-identity.amazonaws.com:sub}'] } } },
    ]),
  ],
  [
    'reference_policies_examples_aws-dates',
    st({ Effect: 'Allow', Action: 'service-prefix:action-name', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } } }),
  ],
  [
    'reference_policies_examples_iam_tag-key-value (ForAllValues on aws:TagKeys)',
    st([
      { Sid: 'AddTag', Effect: 'Allow', Action: ['iam:TagUser', 'iam:TagRole'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/CostCenter': ['A-123', 'B-456'] }, 'ForAllValues:StringEquals': { 'aws:TagKeys': 'CostCenter' } } },
    ]),
  ],
];

describe('checkIamAcceptance: identity policies (CreatePolicy)', () => {
  it.each(REFUSED.map(([d, m], k) => [k, d, m] as const))('#%i is refused with IAM\'s text', (_k, doc, message) => {
    expect(managed(doc)).toEqual({ ok: false, message });
  });

  it.each(ACCEPTED.map((d, k) => [k, d] as const))('#%i is accepted', (_k, doc) => {
    expect(managed(doc)).toEqual({ ok: true });
  });

  it.each(DOCUMENTED)('accepts AWS\'s documented example %s', (_name, doc) => {
    expect(managed(doc)).toEqual({ ok: true });
    expect(inline(doc)).toEqual({ ok: true });
  });

  it('refuses a Principal in an identity policy, managed or inline', () => {
    for (const p of [{ Principal: '*' }, { Principal: { AWS: 'arn:aws:iam::123456789012:root' } }, { NotPrincipal: { AWS: '123456789012' } }]) {
      expect(managed(allow(p))).toEqual({ ok: false, message: IAM_MESSAGES.principalInIdentity });
      expect(inline(allow(p))).toEqual({ ok: false, message: 'Policy document should not specify a principal.' });
    }
  });

  it('requires Version 2012-10-17 only of managed policies', () => {
    const noVersion = { Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: B } };
    expect(managed(noVersion)).toEqual({ ok: false, message: IAM_MESSAGES.version });
    expect(inline(noVersion)).toEqual({ ok: true });
    expect(inline({ ...noVersion, Version: '2008-10-17' })).toEqual({ ok: true });
    expect(inline({ ...noVersion, Version: '2012-10-18' })).toEqual({ ok: false, message: IAM_MESSAGES.syntax });
  });

  it('refuses Sids that are not alphanumeric', () => {
    expect(managed(allow({ Sid: 'autogenerated-id' }))).toEqual({
      ok: false,
      message: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    });
  });

  it('does not check condition keys, services or action names (Access Analyzer does)', () => {
    const cases = [
      allow({ Condition: { StringEquals: { 'aws:NoSuchKey': 'x' } } }),
      allow({ Condition: { Bool: { 'nosuchservice:Key': 'maybe' } } }),
      st({ Effect: 'Allow', Action: 'nosuchservice:NoSuchAction', Resource: '*' }),
      allow({ Condition: { NullIfExists: { 'aws:TagKeys': 'true' } } }),
      allow({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } }),
    ];
    for (const doc of cases) expect(managed(doc)).toEqual({ ok: true });
    // …while Access Analyzer reports an ERROR for some of what IAM stores.
    const analyzer = (doc: unknown) => validatePolicy(JSON.stringify(doc), { policyType: 'IDENTITY_POLICY' }).findings.filter((f) => f.findingType === 'ERROR');
    expect(analyzer(allow({ Condition: { NullIfExists: { 'aws:TagKeys': 'true' } } }))).not.toHaveLength(0);
    expect(analyzer(st({ Effect: 'Allow', Action: 'iam: asdf safdsf af ', Resource: B }))).not.toHaveLength(0);
    expect(analyzer(allow({ Condition: { a: {} } }))).not.toHaveLength(0);
  });

  it('refuses what the engine could not compile (duplicate keys), with the syntax text', () => {
    expect(managed(`{"Version":"${V}","Statement":{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}}`)).toEqual({ ok: false, message: IAM_MESSAGES.syntax });
  });
});

describe('checkIamAcceptance: role trust policies (CreateRole, UpdateAssumeRolePolicy)', () => {
  const principal = { Service: 'ec2.amazonaws.com' };

  it('accepts AWS\'s documented trust policies, with any Version', () => {
    // id_roles_create_for-service, id_roles_create_for-user, id_roles_create_for-idp_oidc.
    expect(trust(st({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }))).toEqual({ ok: true });
    expect(trust({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] })).toEqual({ ok: true });
    expect(trust({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] })).toEqual({ ok: true });
    expect(
      trust(
        st([
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/*' } },
          },
        ]),
      ),
    ).toEqual({ ok: true });
    expect(trust(st({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }))).toEqual({ ok: true });
  });

  it('refuses text that is not JSON with "This policy contains invalid Json"', () => {
    expect(trust('assume-role-policy.json')).toEqual({ ok: false, message: 'This policy contains invalid Json' });
    expect(trust('{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Principal":"*","Effect":"Allow",}]}')).toEqual({ ok: false, message: IAM_MESSAGES.invalidJson });
  });

  it('refuses a Resource with "Has prohibited field Resource"', () => {
    expect(trust(st({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Resource: '*' }))).toEqual({ ok: false, message: 'Has prohibited field Resource' });
  });

  it('refuses a statement without a principal', () => {
    expect(trust(st({ Effect: 'Allow', Action: 'sts:AssumeRole' }))).toEqual({ ok: false, message: IAM_MESSAGES.noPrincipal });
  });

  it('refuses actions other than STS role assumption', () => {
    expect(trust(st({ Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 's3:GetObject'] }))).toEqual({ ok: false, message: 'AssumeRole policy may only specify STS AssumeRole actions.' });
  });

  it('refuses AWS principals that are neither "*", an account ID nor an ARN', () => {
    expect(trust(st({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'sts:AssumeRole' }))).toEqual({ ok: false, message: 'Invalid principal in policy: "AWS":"bob"' });
  });

  it('applies the common grammar too', () => {
    expect(trust(st({ Effect: 'Allow', Principal: principal }))).toEqual({ ok: false, message: IAM_MESSAGES.actions });
    expect(trust(st({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Foo: 1 }))).toEqual({ ok: false, message: IAM_MESSAGES.syntax });
  });
});

describe('checkIamAcceptance: AWS managed policies', () => {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/seed/aws-managed-policies.json');
  const { policies } = JSON.parse(readFileSync(file, 'utf8')) as { policies: { name: string; document: unknown }[] };
  const texts = policies.map((p) => ({ name: p.name, text: typeof p.document === 'string' ? p.document : JSON.stringify(p.document, null, 2) }));

  it('covers the corpus, most of it within the customer managed-policy size quota', () => {
    expect(texts.filter((p) => policySize(p.text) <= 6144).length).toBeGreaterThan(1000);
  });

  // Size is a quota (LimitExceeded), not part of acceptance: the larger ones pass too.
  it('accepts every AWS managed policy (AWS stored them all)', () => {
    const refused = texts.map((p) => ({ name: p.name, result: managed(p.text) })).filter((r) => !r.result.ok);
    expect(refused).toEqual([]);
  });
});
