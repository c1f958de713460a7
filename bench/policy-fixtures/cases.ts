/**
 * Benchmark cases for the policy engine: the same policies and requests for every engine.
 * (a) the Developers group policy; (b) a realistic principal with 10 policies / 60
 * statements with conditions; (c) 100 statements with IP conditions; (d) a ~6 KB policy.
 */

export interface BenchCase {
  key: string;
  title: string;
  /** Identity policies (objects). */
  policies: { Version: string; Statement: Record<string, unknown>[] }[];
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
  /** Expected decision (checked once per engine before timing). */
  expected: 'allowed' | 'explicitDeny' | 'implicitDeny';
}

const ACCOUNT = '111111111111';
const V = '2012-10-17';

const developers: BenchCase = {
  key: 'a',
  title: '(a) Developers group, 1 statement',
  policies: [
    {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:StopInstances', 'ec2:StartInstances', 'ec2:TerminateInstances'],
          Resource: '*',
        },
      ],
    },
  ],
  action: 'ec2:StartInstances',
  resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc`,
  context: {},
  expected: 'allowed',
};

function realistic(): BenchCase {
  const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'cloudwatch', 'kms', 'iam'];
  const verbs = ['Get', 'List', 'Describe', 'Put', 'Create', 'Delete'];
  const policies: BenchCase['policies'] = [];
  for (let p = 0; p < 10; p++) {
    const svc = services[p]!;
    const Statement: Record<string, unknown>[] = [];
    for (let s = 0; s < 6; s++) {
      const verb = verbs[s]!;
      const conds: Record<string, unknown>[] = [
        { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
        { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } },
        { Bool: { 'aws:SecureTransport': 'true' } },
        { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
        { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'cost-*'] } },
      ];
      Statement.push({
        Sid: `${svc}${verb}${s}`,
        Effect: 'Allow',
        Action: [`${svc}:${verb}*`, `${svc}:${verb}Item${s}`],
        Resource: svc === 's3' ? [`arn:aws:s3:::app-${p}-bucket/*`, 'arn:aws:s3:::home/${aws:username}/*'] : `arn:aws:${svc}:*:${ACCOUNT}:*`,
        Condition: conds[s % conds.length],
      });
    }
    policies.push({ Version: V, Statement });
  }
  // A typical guard-rail: deny everything without MFA except self-service.
  policies[9]!.Statement[5] = {
    Sid: 'DenyWithoutMFA',
    Effect: 'Deny',
    NotAction: ['iam:ChangePassword', 'iam:GetUser', 'sts:GetSessionToken'],
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  };
  return {
    key: 'b',
    title: '(b) 10 policies, 60 statements with conditions',
    policies,
    action: 'dynamodb:GetItem',
    resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`,
    context: {
      'aws:RequestedRegion': 'us-east-1',
      'aws:username': 'alice',
      'aws:PrincipalTag/team': 'red',
      'aws:ResourceTag/team': 'red',
      'aws:SourceIp': '10.1.2.3',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': '2026-11-24T12:00:00Z',
      'aws:MultiFactorAuthPresent': 'true',
      'aws:TagKeys': ['team'],
    },
    expected: 'allowed',
  };
}

function ipStatements(): BenchCase {
  const Statement: Record<string, unknown>[] = [];
  for (let k = 0; k < 100; k++) {
    // Every statement matches the action and resource, so all 100 IP conditions are evaluated
    // (the caller's address is only in the last statement's ranges).
    Statement.push({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': [`10.${k}.0.0/16`, `2001:db8:${k.toString(16)}::/48`] } },
    });
  }
  return {
    key: 'c',
    title: '(c) 100 statements with IP conditions',
    policies: [{ Version: V, Statement }],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket-99/report.csv',
    context: { 'aws:SourceIp': '10.99.4.5' },
    expected: 'allowed',
  };
}

function sixKb(): BenchCase {
  const Statement: Record<string, unknown>[] = [];
  const services = ['ec2', 's3', 'rds', 'dynamodb', 'lambda', 'sqs', 'sns', 'kms', 'logs', 'cloudformation', 'ecs', 'ecr'];
  let k = 0;
  const size = () => JSON.stringify({ Version: V, Statement }).length;
  while (size() < 5900) {
    const svc = services[k % services.length]!;
    Statement.push({
      Sid: `S${k}`,
      Effect: k % 7 === 6 ? 'Deny' : 'Allow',
      Action: [`${svc}:Describe*`, `${svc}:List*`, `${svc}:Get*`, `${svc}:Tag${k}Resource`],
      Resource: [`arn:aws:${svc}:us-east-1:${ACCOUNT}:repository/app-${k}-*`, `arn:aws:${svc}:eu-west-1:${ACCOUNT}:repository/app-${k}-*`],
      ...(k % 3 === 0 ? { Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } } : {}),
    });
    k++;
  }
  Statement.pop();
  return {
    key: 'd',
    title: `(d) ~6 KB policy (${JSON.stringify({ Version: V, Statement }).length} chars), ${Statement.length} statements`,
    policies: [{ Version: V, Statement }],
    action: 'ecr:DescribeImages',
    resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/app-11-web`,
    context: { 'aws:RequestedRegion': 'eu-west-1' },
    expected: 'allowed',
  };
}

/** All benchmark cases. */
export const cases: BenchCase[] = [developers, realistic(), ipStatements(), sixKb()];
export { ACCOUNT };
