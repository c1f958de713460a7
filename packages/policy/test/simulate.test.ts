/**
 * simulateCustomPolicy: IAM's SimulateCustomPolicy request and response shapes.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 */
import { describe, expect, it } from 'vitest';
import { simulateCustomPolicy, SimulationInputError } from '../src/index';

const P1 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOnly",
      "Effect": "Allow",
      "Action": ["s3:Get*", "s3:List*"],
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::secret/*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}`;

describe('simulateCustomPolicy', () => {
  it('evaluates every action × resource with IAM field names', () => {
    const out = simulateCustomPolicy({
      PolicyInputList: [P1],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ResourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::secret/b'],
      ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['false'], ContextKeyType: 'boolean' }],
    });
    expect(out.EvaluationResults.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::public/a', 'allowed'],
      ['s3:GetObject', 'arn:aws:s3:::secret/b', 'explicitDeny'],
      ['s3:PutObject', 'arn:aws:s3:::public/a', 'implicitDeny'],
      ['s3:PutObject', 'arn:aws:s3:::secret/b', 'implicitDeny'],
    ]);
    const allowed = out.EvaluationResults[0]!;
    expect(allowed.MatchedStatements).toEqual([
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 9, Column: 6 }, Sid: 'ReadOnly', StatementIndex: 0 },
    ]);
    const denied = out.EvaluationResults[1]!;
    expect(denied.MatchedStatements[0]).toMatchObject({ SourcePolicyId: 'PolicyInputList.1', StartPosition: { Line: 10, Column: 5 }, StatementIndex: 1 });
    expect(denied.MissingContextValues).toEqual([]);
    // Same account: EvalDecisionDetails is an empty map for a resource ARN, absent for "*".
    expect(allowed.EvalDecisionDetails).toEqual({});
    expect(simulateCustomPolicy({ PolicyInputList: [P1], ActionNames: ['s3:GetObject'] }).EvaluationResults[0]!.EvalDecisionDetails).toBeUndefined();
  });

  it('defaults ResourceArns to "*" and lists missing context keys of candidate statements', () => {
    const out = simulateCustomPolicy({ PolicyInputList: [P1], ActionNames: ['s3:GetObject'] });
    expect(out.EvaluationResults).toHaveLength(1);
    expect(out.EvaluationResults[0]!.EvalResourceName).toBe('*');
    // The request's resource "*" is a name, not a pattern: it does not match
    // arn:aws:s3:::secret/*, so only the Allow is a candidate and no key is missing.
    expect(out.EvaluationResults[0]!.MissingContextValues).toEqual([]);
    const secret = simulateCustomPolicy({ PolicyInputList: [P1], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::secret/x'] });
    expect(secret.EvaluationResults[0]!.MissingContextValues).toEqual(['aws:MultiFactorAuthPresent']);
    expect(secret.EvaluationResults[0]!.EvalDecision).toBe('allowed');
  });

  it('numbers policies from 1 and reports the boundary decision', () => {
    const allowEc2 = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } });
    const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } });
    const out = simulateCustomPolicy({
      PolicyInputList: [allowEc2, allowAll],
      PermissionsBoundaryPolicyInputList: [allowEc2],
      ActionNames: ['ec2:RunInstances', 's3:GetObject'],
    });
    const [ec2, s3] = out.EvaluationResults;
    expect(ec2!.EvalDecision).toBe('allowed');
    expect(ec2!.MatchedStatements.map((m) => m.SourcePolicyId)).toEqual(['PolicyInputList.1', 'PolicyInputList.2']);
    expect(ec2!.PermissionsBoundaryDecisionDetail).toEqual({ AllowedByPermissionsBoundary: true });
    expect(s3!.EvalDecision).toBe('implicitDeny');
    expect(s3!.PermissionsBoundaryDecisionDetail).toEqual({ AllowedByPermissionsBoundary: false });
  });

  it('applies a resource policy and reports cross-account details', () => {
    const bucket = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:user/bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    const identity = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const base = { ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'], ResourcePolicy: bucket, CallerArn: 'arn:aws:iam::222222222222:user/bob' };
    const same = simulateCustomPolicy({ ...base, PolicyInputList: [] });
    expect(same.EvaluationResults[0]!.EvalDecision).toBe('allowed');
    expect(same.EvaluationResults[0]!.MatchedStatements[0]!.SourcePolicyId).toBe('ResourcePolicy');
    expect(same.EvaluationResults[0]!.MatchedStatements[0]!.SourcePolicyType).toBe('Resource Policy');
    const cross = simulateCustomPolicy({ ...base, PolicyInputList: [], ResourceOwner: '111111111111' });
    expect(cross.EvaluationResults[0]!.EvalDecision).toBe('implicitDeny');
    expect(cross.EvaluationResults[0]!.EvalDecisionDetails).toEqual({ 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' });
    const both = simulateCustomPolicy({ ...base, PolicyInputList: [identity], ResourceOwner: 'arn:aws:iam::111111111111:root' });
    expect(both.EvaluationResults[0]!.EvalDecision).toBe('allowed');
  });

  it('reads typed context entries', () => {
    const p = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThanEquals: { 's3:max-keys': 10 }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] }, DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } } }],
    });
    const run = (maxKeys: string, tags: string[]) =>
      simulateCustomPolicy({
        PolicyInputList: [p],
        ActionNames: ['s3:ListBucket'],
        ContextEntries: [
          { ContextKeyName: 'S3:max-keys', ContextKeyValues: [maxKeys], ContextKeyType: 'numeric' },
          { ContextKeyName: 'aws:TagKeys', ContextKeyValues: tags, ContextKeyType: 'stringList' },
          { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2026-11-24T00:00:00Z'], ContextKeyType: 'date' },
        ],
      }).EvaluationResults[0]!.EvalDecision;
    expect(run('5', ['a'])).toBe('allowed');
    expect(run('50', ['a'])).toBe('implicitDeny');
    expect(run('5', ['a', 'c'])).toBe('implicitDeny');
  });

  it('rejects context values that do not fit their type (InvalidInput)', () => {
    const run = (ContextKeyType: 'numeric' | 'ipList' | 'boolean' | 'date', ContextKeyValues: string[]) => () =>
      simulateCustomPolicy({ PolicyInputList: [P1], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'k:x', ContextKeyValues, ContextKeyType }] });
    expect(run('numeric', ['ten'])).toThrow(/not a valid numeric/);
    expect(run('numeric', ['1', '2'])).toThrow(/takes one value/);
    expect(run('ipList', ['10.0.0.1', 'nope'])).toThrow(/not a valid ipList/);
    expect(run('boolean', ['yes'])).toThrow(SimulationInputError);
    expect(run('date', ['1700000000'])).not.toThrow();
  });

  it('rejects malformed policies with MalformedPolicyDocument', () => {
    expect(() => simulateCustomPolicy({ PolicyInputList: ['{"Version":'], ActionNames: ['s3:GetObject'] })).toThrow(SimulationInputError);
    try {
      simulateCustomPolicy({ PolicyInputList: ['{"Statement":{"Effect":"Maybe","Action":"*","Resource":"*"}}'], ActionNames: ['s3:GetObject'] });
    } catch (e) {
      expect((e as SimulationInputError).code).toBe('MalformedPolicyDocument');
    }
    expect(() => simulateCustomPolicy({ PolicyInputList: [P1], ActionNames: [] })).toThrow(/ActionNames/);
  });
});

describe('simulatePolicySet', () => {
  it('simulates stored policies with their own ids and source types (SimulatePrincipalPolicy)', async () => {
    const { compilePolicySet, simulatePolicySet } = await import('../src/index');
    const set = compilePolicySet({
      identity: [
        { id: 'arn:aws:iam::aws:policy/ReadOnlyAccess', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }) },
        { id: 'inline-deny', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' }] }) },
      ],
    });
    const out = simulatePolicySet(
      set,
      { ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::open/x', 'arn:aws:s3:::secret/x'] },
      { sourcePolicyType: (p) => (p.id.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user') },
    );
    expect(out.EvaluationResults.map((r) => [r.EvalDecision, r.MatchedStatements.map((m) => `${m.SourcePolicyType}:${m.SourcePolicyId}`)])).toEqual([
      ['allowed', ['aws-managed:arn:aws:iam::aws:policy/ReadOnlyAccess']],
      ['explicitDeny', ['user:inline-deny']],
    ]);
  });
});
