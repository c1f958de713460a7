/**
 * Table-driven semantics of evaluation: one case per line, each naming the rule and the AWS
 * page it comes from.
 * EVAL  = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * ACT   = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * RES   = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * NACT  = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 * NRES  = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 * VARS  = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * XACCT = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * PB    = https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * SESS  = https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
import { describe, expect, it } from 'vitest';
import { allow, decide, deny, policy } from './helpers';
import { compilePolicy, compilePolicySet, evaluate, evaluateTrustPolicy, PrefixReadTrackingContext, RequestContext, type Decision } from '../src/index';

const B = 'arn:aws:s3:::bucket';
type Case = [name: string, statements: object[], action: string, resource: string, expected: Decision, context?: Record<string, string | string[]>, version?: string | null];

const cases: Case[] = [
  ['EVAL: no matching statement → implicit deny', [allow('ec2:*')], 's3:GetObject', '*', 'implicitDeny'],
  ['EVAL: matching Allow → allowed', [allow('s3:GetObject')], 's3:GetObject', '*', 'allowed'],
  ['EVAL: explicit Deny beats Allow', [allow('s3:*'), deny('s3:GetObject')], 's3:GetObject', '*', 'explicitDeny'],
  ['EVAL: Deny of another action does not matter', [allow('s3:*'), deny('s3:PutObject')], 's3:GetObject', '*', 'allowed'],
  ['ACT: action names are case-insensitive', [allow('S3:getobject')], 's3:GetObject', '*', 'allowed'],
  ['ACT: request action case does not matter', [allow('s3:GetObject')], 'S3:GETOBJECT', '*', 'allowed'],
  ['ACT: * matches a run of characters', [allow('s3:Get*')], 's3:GetObjectAcl', '*', 'allowed'],
  ['ACT: * matches the empty run', [allow('s3:GetObject*')], 's3:GetObject', '*', 'allowed'],
  ['ACT: ? matches exactly one character', [allow('s3:GetObjec?')], 's3:GetObject', '*', 'allowed'],
  ['ACT: ? does not match zero characters', [allow('s3:GetObject?')], 's3:GetObject', '*', 'implicitDeny'],
  ['ACT: "*" alone matches every action', [allow('*')], 'iam:CreateUser', '*', 'allowed'],
  ['ACT: service prefix must match', [allow('s3:*')], 'ec2:RunInstances', '*', 'implicitDeny'],
  ['ACT: wildcard in the service prefix', [allow('s*:Get*')], 'sqs:GetQueueUrl', '*', 'allowed'],
  ['ACT: wildcard does not cross into a different prefix', [allow('s3:*')], 's3x:GetObject', '*', 'implicitDeny'],
  ['ACT: list of actions is ORed', [allow(['ec2:Describe*', 's3:GetObject'])], 's3:GetObject', '*', 'allowed'],
  ['NACT: Allow NotAction allows everything else', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], 's3:GetObject', '*', 'allowed'],
  ['NACT: Allow NotAction does not allow the listed action', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], 'iam:CreateUser', '*', 'implicitDeny'],
  ['NACT: Deny NotAction denies everything else', [allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }], 'ec2:RunInstances', '*', 'explicitDeny'],
  ['NACT: Deny NotAction spares the listed action', [allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }], 's3:GetObject', '*', 'allowed'],
  ['RES: resource ARN exact match', [allow('s3:GetObject', `${B}/a.txt`)], 's3:GetObject', `${B}/a.txt`, 'allowed'],
  ['RES: resource matching is case-sensitive', [allow('s3:GetObject', `${B}/A.txt`)], 's3:GetObject', `${B}/a.txt`, 'implicitDeny'],
  ['RES: * in resource spans "/"', [allow('s3:GetObject', `${B}/*`)], 's3:GetObject', `${B}/x/y/z`, 'allowed'],
  ['RES: * in resource spans ":"', [allow('ec2:RunInstances', 'arn:aws:ec2:*')], 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'allowed'],
  ['RES: ? matches one character', [allow('s3:GetObject', `${B}/a?.txt`)], 's3:GetObject', `${B}/ab.txt`, 'allowed'],
  ['RES: prefix mismatch', [allow('s3:GetObject', `${B}/home/*`)], 's3:GetObject', `${B}/other/x`, 'implicitDeny'],
  ['RES: "*" matches any resource', [allow('s3:GetObject', '*')], 's3:GetObject', `${B}/x`, 'allowed'],
  ['NRES: Allow NotResource allows other resources', [{ Effect: 'Allow', Action: 's3:*', NotResource: `${B}/secret/*` }], 's3:GetObject', `${B}/public/x`, 'allowed'],
  ['NRES: Allow NotResource excludes listed resources', [{ Effect: 'Allow', Action: 's3:*', NotResource: `${B}/secret/*` }], 's3:GetObject', `${B}/secret/x`, 'implicitDeny'],
  ['NRES: Deny NotResource denies everything else', [allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${B}/ok/*` }], 's3:GetObject', `${B}/no/x`, 'explicitDeny'],
  ['VARS: ${aws:username} in Resource', [allow('s3:GetObject', `${B}/home/\${aws:username}/*`)], 's3:GetObject', `${B}/home/alice/f`, 'allowed', { 'aws:username': 'alice' }],
  ['VARS: ${aws:username} other user', [allow('s3:GetObject', `${B}/home/\${aws:username}/*`)], 's3:GetObject', `${B}/home/bob/f`, 'implicitDeny', { 'aws:username': 'alice' }],
  ['VARS: missing variable → no match', [allow('s3:GetObject', `${B}/home/\${aws:username}/*`)], 's3:GetObject', `${B}/home//f`, 'implicitDeny'],
  ['VARS: default value used when key missing', [allow('s3:GetObject', `${B}/home/\${aws:username, 'guest'}/*`)], 's3:GetObject', `${B}/home/guest/f`, 'allowed'],
  ['VARS: variable key names are case-insensitive', [allow('s3:GetObject', `${B}/\${AWS:UserName}`)], 's3:GetObject', `${B}/alice`, 'allowed', { 'aws:username': 'alice' }],
  ['VARS: ${*} is a literal asterisk', [allow('s3:GetObject', `${B}/\${*}`)], 's3:GetObject', `${B}/*`, 'allowed'],
  ['VARS: ${*} does not act as a wildcard', [allow('s3:GetObject', `${B}/\${*}`)], 's3:GetObject', `${B}/abc`, 'implicitDeny'],
  ['VARS: ${?} and ${$} are literal', [allow('s3:GetObject', `${B}/\${?}\${$}`)], 's3:GetObject', `${B}/?$`, 'allowed'],
  ['VARS: substituted value with * is literal (SECURITY)', [allow('s3:GetObject', `${B}/\${aws:username}`)], 's3:GetObject', `${B}/anything`, 'implicitDeny', { 'aws:username': '*' }],
  ['VARS: PrincipalTag variable', [allow('s3:GetObject', `${B}/\${aws:PrincipalTag/team}/*`)], 's3:GetObject', `${B}/red/x`, 'allowed', { 'aws:PrincipalTag/team': 'red' }],
  ['VARS: 2008-10-17 treats ${…} literally', [allow('s3:GetObject', `${B}/\${aws:username}`)], 's3:GetObject', `${B}/\${aws:username}`, 'allowed', { 'aws:username': 'alice' }, '2008-10-17'],
  ['VARS: 2008-10-17 does not substitute', [allow('s3:GetObject', `${B}/\${aws:username}`)], 's3:GetObject', `${B}/alice`, 'implicitDeny', { 'aws:username': 'alice' }, '2008-10-17'],
  ['VARS: no Version treats ${…} literally', [allow('s3:GetObject', `${B}/\${aws:username}`)], 's3:GetObject', `${B}/alice`, 'implicitDeny', { 'aws:username': 'alice' }, null],
  ['VARS: variable in a condition value', [allow('s3:ListBucket', B, { StringLike: { 's3:prefix': 'home/${aws:username}/*' } })], 's3:ListBucket', B, 'allowed', { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }],
  ['VARS: variable in a condition, other user', [allow('s3:ListBucket', B, { StringLike: { 's3:prefix': 'home/${aws:username}/*' } })], 's3:ListBucket', B, 'implicitDeny', { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }],
  ['VARS: unresolved variable in Allow condition fails closed', [allow('s3:ListBucket', B, { StringNotEquals: { 's3:prefix': '${aws:username}' } })], 's3:ListBucket', B, 'implicitDeny', { 's3:prefix': 'x' }],
  ['VARS: unresolved variable in Deny negated condition still denies (fail closed)', [allow('*'), deny('s3:ListBucket', B, { StringNotEquals: { 's3:prefix': '${aws:username}' } })], 's3:ListBucket', B, 'explicitDeny', { 's3:prefix': 'x' }],
  ['VARS: unresolved variable in a positive condition does not match (Allow)', [allow('s3:ListBucket', B, { StringEquals: { 's3:prefix': '${aws:username}' } })], 's3:ListBucket', B, 'implicitDeny', { 's3:prefix': 'x' }],
  ['VARS: unresolved variable in a positive condition does not match (Deny)', [allow('*'), deny('s3:ListBucket', B, { StringEquals: { 's3:prefix': '${aws:username}' } })], 's3:ListBucket', B, 'allowed', { 's3:prefix': 'x' }],
  ['VARS: other values of the key still match', [allow('s3:ListBucket', B, { StringEquals: { 's3:prefix': ['${aws:username}', 'x'] } })], 's3:ListBucket', B, 'allowed', { 's3:prefix': 'x' }],
  ['VARS: unresolved variable under NotResource fails closed (Allow)', [{ Effect: 'Allow', Action: 's3:*', NotResource: `${B}/\${aws:username}/*` }], 's3:GetObject', `${B}/other/x`, 'implicitDeny'],
  ['VARS: unresolved variable under NotResource fails closed (Deny)', [allow('*'), { Effect: 'Deny', Action: 's3:*', NotResource: `${B}/\${aws:username}/*` }], 's3:GetObject', `${B}/other/x`, 'explicitDeny'],
  ['VARS: Bool value may be a variable', [allow('s3:GetObject', '*', { Bool: { 'aws:SecureTransport': '${aws:MultiFactorAuthPresent}' } })], 's3:GetObject', '*', 'allowed', { 'aws:SecureTransport': 'true', 'aws:MultiFactorAuthPresent': 'true' }],
  ['VARS: numeric operators do not substitute (fails closed)', [allow('s3:GetObject', '*', { NumericEquals: { 's3:max-keys': '${aws:username}' } })], 's3:GetObject', '*', 'implicitDeny', { 's3:max-keys': '10', 'aws:username': '10' }],
];

describe('evaluate — actions, resources, variables', () => {
  it.each(cases)('%s', (_name, statements, action, resource, expected, context, version) => {
    const text = policy(statements, version === undefined ? '2012-10-17' : version);
    expect(decide([text], { action, resource, ...(context ? { context } : {}) })).toBe(expected);
  });
});

describe('evaluate — policy combination', () => {
  const S3ALL = policy([allow('s3:*')]);
  const GET = policy([allow('s3:GetObject')]);
  const DENY_GET = policy([deny('s3:GetObject')]);
  const user = { arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' };
  const session = { arn: 'arn:aws:sts::111111111111:assumed-role/Dev/s1', accountId: '111111111111' };
  const rp = (principal: object | string, effect = 'Allow', action = 's3:GetObject') =>
    policy([{ Effect: effect, Principal: principal, Action: action, Resource: `${B}/*` }]);
  type C = [string, string[], Parameters<typeof decide>[2], Decision, object?];
  const rows: C[] = [
    ['EVAL: allows from several identity policies are ORed', [DENY_GET.replace('Deny', 'Allow'), policy([allow('s3:PutObject')])], {}, 'allowed'],
    ['EVAL: Deny in a second identity policy wins', [S3ALL, DENY_GET], {}, 'explicitDeny'],
    ['PB: boundary allows → identity allow stands', [S3ALL], { boundary: [GET] }, 'allowed'],
    ['PB: boundary does not allow → implicit deny', [S3ALL], { boundary: [policy([allow('ec2:*')])] }, 'implicitDeny'],
    ['PB: boundary alone grants nothing', [], { boundary: [S3ALL] }, 'implicitDeny'],
    ['PB: Deny in a boundary is an explicit deny', [S3ALL], { boundary: [policy([allow('*'), deny('s3:GetObject')])] }, 'explicitDeny'],
    ['PB: an empty boundary list denies everything', [S3ALL], { boundary: [] }, 'implicitDeny'],
    ['SESS: session policy intersects', [S3ALL], { session: [policy([allow('ec2:*')])] }, 'implicitDeny'],
    ['SESS: session policy that allows keeps the identity allow', [S3ALL], { session: [GET] }, 'allowed'],
    ['SESS: session policy alone grants nothing', [], { session: [S3ALL] }, 'implicitDeny'],
    ['EVAL: same-account resource policy naming the user grants alone', [], { resource: rp({ AWS: user.arn }), resourceAccount: '111111111111' }, 'allowed', user],
    ['PB: resource policy naming the user is not limited by the boundary', [], { resource: rp({ AWS: user.arn }), boundary: [policy([allow('ec2:*')])] }, 'allowed', user],
    ['EVAL: resource policy naming the account needs identity allow', [], { resource: rp({ AWS: '111111111111' }) }, 'implicitDeny', user],
    ['EVAL: account-root principal is the same as the account ID', [], { resource: rp({ AWS: 'arn:aws:iam::111111111111:root' }) }, 'implicitDeny', user],
    ['EVAL: account principal + identity allow → allowed', [GET], { resource: rp({ AWS: '111111111111' }) }, 'allowed', user],
    ['EVAL: Principal "*" grants same-account access alone', [], { resource: rp('*') }, 'allowed', user],
    ['EVAL: resource policy for another user does not grant', [], { resource: rp({ AWS: 'arn:aws:iam::111111111111:user/bob' }) }, 'implicitDeny', user],
    ['EVAL: Deny in the resource policy wins over identity allow', [S3ALL], { resource: rp('*', 'Deny') }, 'explicitDeny', user],
    ['SESS: role ARN in resource policy covers its sessions', [], { resource: rp({ AWS: 'arn:aws:iam::111111111111:role/Dev' }) }, 'allowed', session],
    ['SESS: role-ARN grant is limited by session policies', [], { resource: rp({ AWS: 'arn:aws:iam::111111111111:role/Dev' }), session: [policy([allow('ec2:*')])] }, 'implicitDeny', session],
    ['SESS: session-ARN grant is not limited by session policies', [], { resource: rp({ AWS: session.arn }), session: [policy([allow('ec2:*')])] }, 'allowed', session],
    ['XACCT: cross-account needs the resource policy', [GET], { resourceAccount: '222222222222', resource: policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 's3:*', Resource: '*' }]) }, 'implicitDeny', user],
    ['XACCT: cross-account with both sides allowing', [GET], { resourceAccount: '222222222222', resource: rp({ AWS: '111111111111' }) }, 'allowed', user],
    ['XACCT: cross-account with only the resource policy', [], { resourceAccount: '222222222222', resource: rp({ AWS: user.arn }) }, 'implicitDeny', user],
    ['XACCT: cross-account with only the identity policy (no resource policy)', [GET], { resourceAccount: '222222222222' }, 'implicitDeny', user],
    ['XACCT: same account without a resource policy needs only the identity policy', [GET], { resourceAccount: '111111111111' }, 'allowed', user],
    ['PB: resource-policy Deny with NotPrincipal always denies a principal with a boundary', [S3ALL], { resource: policy([{ Effect: 'Deny', NotPrincipal: { AWS: user.arn }, Action: 's3:*', Resource: '*' }]), boundary: [S3ALL] }, 'explicitDeny', user],
    ['PB: … and spares the listed principal without a boundary', [S3ALL], { resource: policy([{ Effect: 'Deny', NotPrincipal: { AWS: user.arn }, Action: 's3:*', Resource: '*' }]) }, 'allowed', user],
    ['XACCT: boundary applies to the identity side cross-account', [GET], { resourceAccount: '222222222222', resource: rp({ AWS: user.arn }), boundary: [policy([allow('ec2:*')])] }, 'implicitDeny', user],
  ];
  it.each(rows)('%s', (_n, identity, extra, expected, principal) => {
    expect(decide(identity, { action: 's3:GetObject', resource: `${B}/k`, ...(principal ? { principal } : {}) }, extra)).toBe(expected);
  });
});

describe('evaluateTrustPolicy — AssumeRole', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  const role = 'arn:aws:iam::111111111111:role/Target';
  const trust = (p: object | string, extra: object = {}) =>
    compilePolicy({ id: 'trust', document: policy([{ Effect: 'Allow', Principal: p, Action: 'sts:AssumeRole', ...extra }]) }, 'resource');
  const alice = { arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' };
  const mallory = { arn: 'arn:aws:iam::999999999999:user/mallory', accountId: '999999999999' };
  const callerAllows = (policies: string[]) => ({ identity: policies.map((d, k) => compilePolicy({ id: `c${k}`, document: d })) });
  const ASSUME = policy([allow('sts:AssumeRole', role)]);
  type T = [string, ReturnType<typeof trust>, Parameters<typeof evaluateTrustPolicy>[1], Decision];
  const rows: T[] = [
    ['Principal "*" trusts anyone (same account)', trust('*'), { roleArn: role, principal: alice }, 'allowed'],
    ['Service principal', trust({ Service: 'ec2.amazonaws.com' }), { roleArn: role, principal: { service: 'ec2.amazonaws.com' } }, 'allowed'],
    ['Other service principal', trust({ Service: 'ec2.amazonaws.com' }), { roleArn: role, principal: { service: 'lambda.amazonaws.com' } }, 'implicitDeny'],
    ['Federated principal', trust({ Federated: 'cognito-identity.amazonaws.com' }), { roleArn: role, principal: { federated: 'cognito-identity.amazonaws.com' }, action: 'sts:AssumeRoleWithWebIdentity' }, 'implicitDeny'],
    ['Federated principal with its action', compilePolicy({ id: 'f', document: policy([{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }]) }, 'resource'), { roleArn: role, principal: { federated: 'cognito-identity.amazonaws.com' }, action: 'sts:AssumeRoleWithWebIdentity' }, 'allowed'],
    ['User ARN trusted, same account, no identity policy needed', trust({ AWS: alice.arn }), { roleArn: role, principal: alice }, 'allowed'],
    ['Account trusted: the user still needs an identity allow', trust({ AWS: '111111111111' }), { roleArn: role, principal: alice }, 'implicitDeny'],
    ['Account trusted + identity allow', trust({ AWS: '111111111111' }), { roleArn: role, principal: alice, callerPolicies: callerAllows([ASSUME]) }, 'allowed'],
    ['Cross-account trusted account without identity allow', trust({ AWS: '999999999999' }), { roleArn: role, principal: mallory }, 'implicitDeny'],
    ['Cross-account trusted account with identity allow', trust({ AWS: '999999999999' }), { roleArn: role, principal: mallory, callerPolicies: callerAllows([ASSUME]) }, 'allowed'],
    ['Cross-account untrusted even with identity allow', trust({ AWS: '111111111111' }), { roleArn: role, principal: mallory, callerPolicies: callerAllows([ASSUME]) }, 'implicitDeny'],
    ['Trust condition must hold', trust({ AWS: alice.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { roleArn: role, principal: alice }, 'implicitDeny'],
    ['Trust condition holds', trust({ AWS: alice.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), { roleArn: role, principal: alice, context: { 'aws:MultiFactorAuthPresent': true } }, 'allowed'],
    ['NotPrincipal with Deny spares the listed principal', compilePolicy({ id: 'np', document: policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }]) }, 'resource'), { roleArn: role, principal: alice }, 'allowed'],
    ['NotPrincipal with Deny denies the others', compilePolicy({ id: 'np', document: policy([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', NotPrincipal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }]) }, 'resource'), { roleArn: role, principal: { arn: 'arn:aws:iam::111111111111:user/bob', accountId: '111111111111' } }, 'explicitDeny'],
  ];
  it.each(rows)('%s', (_n, t, req, expected) => {
    expect(evaluateTrustPolicy(t, req).decision).toBe(expected);
  });
});

describe('explain', () => {
  it('reports per-statement outcomes consistent with the decision', async () => {
    const { explain, compilePolicySet } = await import('../src/index');
    const set = compilePolicySet({
      identity: [
        {
          id: 'p',
          document: policy([
            { Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: `${B}/*` },
            { Sid: 'NoMfa', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
            { Sid: 'Other', Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
          ]),
        },
      ],
    });
    const x = explain(set, { action: 's3:GetObject', resource: `${B}/k`, context: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(x.result.decision).toBe('allowed');
    expect(x.statements.map((s) => [s.sid, s.action, s.resource, s.applies])).toEqual([
      ['Read', true, 'match', true],
      ['NoMfa', true, 'match', false],
      ['Other', false, 'match', false],
    ]);
    expect(x.statements[1]!.conditions).toEqual([
      { operator: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', policyValues: ['false'], requestValues: ['true'], outcome: 'noMatch' },
    ]);
  });
});

describe('compile cache', () => {
  it('reuses compiled policies by text and by cacheKey', async () => {
    const { compilePolicy } = await import('../src/index');
    const text = policy([allow('s3:GetObject')]);
    const a = compilePolicy({ id: 'x', document: text });
    expect(compilePolicy({ id: 'x', document: String(text) })).toBe(a);
    expect(compilePolicy({ id: 'y', document: text })).not.toBe(a);
    const k1 = compilePolicy({ id: 'x', document: text, cacheKey: 'arn:aws:iam::1:policy/p#v1' });
    expect(compilePolicy({ id: 'x', document: 'ignored when the key is known', cacheKey: 'arn:aws:iam::1:policy/p#v1' })).toBe(k1);
    expect(compilePolicy({ id: 'x', document: policy([deny('s3:GetObject')]), cacheKey: 'arn:aws:iam::1:policy/p#v2' }).statements[0]!.effect).toBe('Deny');
  });
  it('compiles JSON objects and parsePolicy ASTs too', async () => {
    const { compilePolicy, parsePolicy, evaluate } = await import('../src/index');
    const obj = { Version: '2012-10-17', Statement: [allow('s3:GetObject')] };
    const fromObject = compilePolicy({ id: 'o', document: obj });
    expect(compilePolicy({ id: 'o', document: obj })).toBe(fromObject);
    const fromAst = compilePolicy({ id: 'a', document: parsePolicy(JSON.stringify(obj)).document! });
    for (const p of [fromObject, fromAst]) expect(evaluate({ identity: [p] }, { action: 's3:GetObject', resource: '*' }).decision).toBe('allowed');
  });
});

describe('organization policies', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
  const FULL = policy([allow('*')]);
  const ONLY_EC2 = policy([allow('ec2:*')]);
  const DENY_IAM = policy([allow('*'), deny('iam:*')]);
  const run = async (levels: string[][], action: string, kind: 'scpLevels' | 'rcpLevels' = 'scpLevels') => {
    const { compilePolicySet, evaluate } = await import('../src/index');
    const set = compilePolicySet({
      identity: [{ id: 'admin', document: FULL }],
      [kind]: levels.map((l, i) => l.map((d, k) => ({ id: `${kind}${i}.${k}`, document: d }))),
    });
    return evaluate(set, { action, resource: '*' }).decision;
  };
  type Row = [string, string[][], string, Decision, ('scpLevels' | 'rcpLevels')?];
  const rows: Row[] = [
    ['SCP: every level allows', [[FULL], [FULL], [ONLY_EC2]], 'ec2:RunInstances', 'allowed'],
    ['SCP: one level does not allow → implicit deny', [[FULL], [ONLY_EC2], [FULL]], 's3:GetObject', 'implicitDeny'],
    ['SCP: any policy at a level may allow', [[FULL], [ONLY_EC2, policy([allow('s3:*')])]], 's3:GetObject', 'allowed'],
    ['SCP: a Deny at any level is explicit', [[DENY_IAM], [FULL]], 'iam:CreateUser', 'explicitDeny'],
    ['SCP: no SCP at a level allows nothing', [[FULL], []], 'ec2:RunInstances', 'implicitDeny'],
    ['RCP: same rule on the resource side', [[FULL], [ONLY_EC2]], 's3:GetObject', 'implicitDeny', 'rcpLevels'],
  ];
  it.each(rows)('%s', async (_n, levels, action, expected, kind) => {
    expect(await run(levels, action, kind)).toBe(expected);
  });
});

describe('deniedBy (AccessDenied message source)', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
  const user = { arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' };
  const run = async (identity: string[], extra: { boundary?: string[]; session?: string[]; resource?: string; scp?: string[]; resourceAccount?: string }) => {
    const { compilePolicySet, evaluate } = await import('../src/index');
    const src = (d: string[] | undefined, t: string) => d?.map((document, k) => ({ id: `${t}${k}`, document }));
    const set = compilePolicySet({
      identity: src(identity, 'i')!,
      ...(extra.boundary ? { boundary: src(extra.boundary, 'b')! } : {}),
      ...(extra.session ? { session: src(extra.session, 's')! } : {}),
      ...(extra.scp ? { scp: src(extra.scp, 'scp')! } : {}),
      ...(extra.resource ? { resource: { id: 'r', document: extra.resource } } : {}),
    });
    const r = evaluate(set, { action: 's3:GetObject', resource: `${B}/k`, principal: user, ...(extra.resourceAccount ? { resourceAccount: extra.resourceAccount } : {}) });
    return [r.decision, r.deniedBy];
  };
  const ALL = policy([allow('*')]);
  const EC2 = policy([allow('ec2:*')]);
  type Row = [string, string[], Parameters<typeof run>[1], [Decision, string | undefined]];
  const rows: Row[] = [
    ['no identity allow', [EC2], {}, ['implicitDeny', 'identity-based policy']],
    ['explicit deny in identity policy', [policy([deny('s3:*')])], {}, ['explicitDeny', 'identity-based policy']],
    ['boundary does not allow', [ALL], { boundary: [EC2] }, ['implicitDeny', 'permissions boundary']],
    ['explicit deny in boundary', [ALL], { boundary: [policy([allow('*'), deny('s3:*')])] }, ['explicitDeny', 'permissions boundary']],
    ['session policy does not allow', [ALL], { session: [EC2] }, ['implicitDeny', 'session policy']],
    ['SCP does not allow', [ALL], { scp: [EC2] }, ['implicitDeny', 'service control policy']],
    ['explicit deny in resource policy', [ALL], { resource: policy([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }]) }, ['explicitDeny', 'resource-based policy']],
    ['cross-account without resource grant', [ALL], { resourceAccount: '222222222222', resource: policy([{ Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 's3:*', Resource: '*' }]) }, ['implicitDeny', 'resource-based policy']],
    ['allowed has no deniedBy', [ALL], {}, ['allowed', undefined]],
  ];
  it.each(rows)('%s', async (_n, identity, extra, expected) => {
    expect(await run(identity, extra)).toEqual(expected);
  });
});

describe('PrefixReadTrackingContext: did the decision read a key under a prefix?', () => {
  const TAGS = ['aws:resourcetag/'];
  const readsTags = (statements: object[], context: Record<string, string> = {}) => {
    const set = compilePolicySet({ identity: [{ id: `tracking-${JSON.stringify(statements)}`, document: policy(statements) }] });
    const tracked = new PrefixReadTrackingContext(RequestContext.from(context), TAGS);
    evaluate(set, { action: 'iam:GetUser', resource: 'arn:aws:iam::123456789012:user/alice', context: tracked });
    return tracked.readPrefix;
  };
  it('no condition, and conditions on other keys: not read', () => {
    expect(readsTags([allow('*')])).toBe(false);
    expect(readsTags([allow('*'), deny('*', '*', { StringEquals: { 'aws:PrincipalTag/team': 'red' } })])).toBe(false);
  });
  it('a condition on a resource tag (any case), present or not: read', () => {
    expect(readsTags([allow('*'), deny('*', '*', { StringEquals: { 'aws:ResourceTag/protected': 'true' } })])).toBe(true);
    expect(readsTags([allow('*', '*', { StringEqualsIfExists: { 'AWS:RESOURCETAG/Team': 'red' } })])).toBe(true);
    expect(readsTags([allow('*', '*', { Null: { 'aws:ResourceTag/team': 'false' } })])).toBe(true);
  });
  it('a policy variable naming a resource tag: read', () => {
    expect(readsTags([allow('iam:GetUser', 'arn:aws:iam::123456789012:user/${aws:ResourceTag/owner}')])).toBe(true);
  });
  it('a statement whose action or resource does not match never reads its conditions', () => {
    expect(readsTags([allow('*'), deny('s3:*', '*', { StringEquals: { 'aws:ResourceTag/protected': 'true' } })])).toBe(false);
    expect(readsTags([allow('*'), deny('*', 'arn:aws:iam::123456789012:role/*', { StringEquals: { 'aws:ResourceTag/protected': 'true' } })])).toBe(false);
  });
  it('the tracked context gives the same values as the one it wraps', () => {
    const tracked = new PrefixReadTrackingContext(RequestContext.from({ 'aws:username': 'alice', 'aws:ResourceTag/team': 'red' }), TAGS);
    expect(tracked.single('aws:username')).toBe('alice');
    expect(tracked.readPrefix).toBe(false);
    expect(tracked.get('aws:resourcetag/team')).toEqual(['red']);
    expect(tracked.readPrefix).toBe(true);
  });
});
