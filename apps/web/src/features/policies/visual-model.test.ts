import { describe, expect, it } from 'vitest';
import { blocksToJson, blocksToPolicy, emptyBlock, policyToBlocks, summarizePolicy, type VisualBlock } from './visual-model.ts';

const block = (patch: Partial<VisualBlock>): VisualBlock => ({ ...emptyBlock(), ...patch });

describe('blocksToPolicy (visual editor → JSON)', () => {
  it('writes one statement per block with the service prefix on each action and * for all resources', () => {
    expect(blocksToPolicy([block({ service: 's3', actions: ['GetObject', 'ListBucket'] })])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
    });
  });

  it('writes a single action and a single ARN as strings, and Deny when switched', () => {
    const policy = blocksToPolicy([block({ effect: 'Deny', service: 'iam', actions: ['DeleteUser'], allResources: false, resources: ['arn:aws:iam::123456789012:user/bob', ' '] })]);
    expect(policy.Statement).toEqual([{ Effect: 'Deny', Action: 'iam:DeleteUser', Resource: 'arn:aws:iam::123456789012:user/bob' }]);
  });

  it('groups conditions by operator (ANDed) and keeps values as lists (ORed)', () => {
    const policy = blocksToPolicy([
      block({
        service: 'ec2',
        actions: ['*'],
        conditions: [
          { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
          { operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.0.0/16'] },
          { operator: 'StringEquals', key: '', values: ['ignored'] },
        ],
      }),
    ]);
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'ec2:*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
    });
  });

  it('leaves out blocks without a service or actions', () => {
    expect(blocksToPolicy([emptyBlock(), block({ service: 'iam' })]).Statement).toEqual([]);
  });
});

describe('policyToBlocks (JSON → visual editor)', () => {
  it('round-trips what the visual editor writes', () => {
    const blocks = [
      block({ sid: 'Read', service: 's3', actions: ['GetObject'], allResources: false, resources: ['arn:aws:s3:::b/*'] }),
      block({ effect: 'Deny', service: 'iam', actions: ['*'], conditions: [{ operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['false'] }] }),
    ];
    expect(policyToBlocks(blocksToJson(blocks))).toEqual(blocks);
  });

  it('accepts a single statement object and string values', () => {
    expect(policyToBlocks('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}}')).toEqual([
      block({ service: 'iam', actions: ['ListUsers'] }),
    ]);
  });

  it.each([
    ['invalid JSON', '{"Version":'],
    ['NotAction', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}'],
    ['a Principal', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}'],
    ['two services in one statement', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","iam:ListUsers"],"Resource":"*"}]}'],
    ['Action "*"', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'],
    ['an Id element', '{"Version":"2012-10-17","Id":"x","Statement":[]}'],
  ])('says "JSON only" (null) for %s', (_name, text) => {
    expect(policyToBlocks(text)).toBeNull();
  });
});

describe('summarizePolicy', () => {
  it('lists service, access level, resource and condition per statement', () => {
    const rows = summarizePolicy(
      blocksToJson([
        block({ service: 'iam', actions: ['ListUsers', 'CreateUser'] }),
        block({ service: 's3', actions: ['*'], conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }] }),
      ]),
    );
    expect(rows).toEqual([
      { effect: 'Allow', service: 'iam', accessLevel: 'Limited: List, Write', resource: 'All resources', condition: 'None' },
      { effect: 'Allow', service: 's3', accessLevel: 'Full access', resource: 'All resources', condition: 'aws:SecureTransport (Bool)' },
    ]);
  });
});
