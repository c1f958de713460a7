/**
 * Analysis helpers: the console's policy summary and Access Analyzer-style external access.
 * SUM = https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
 * EXT = https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
 */
import { describe, expect, it } from 'vitest';
import { findExternalAccess, parsePolicy, summarizePolicy } from '../src/index';
import { loadNodeCatalog } from '../node/catalog';

const doc = (statements: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements })).document!;

describe('summarizePolicy', () => {
  const catalog = loadNodeCatalog();
  const row = (statements: object[], service: string, effect = 'Allow') => summarizePolicy(doc(statements), catalog).rows.find((r) => r.service === service && r.effect === effect);
  type Row = [string, object[], string, string];
  const rows: Row[] = [
    ['SUM: service wildcard is full access', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }], 's3', 'Full access'],
    ['SUM: "*" is full access to every service', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'iam', 'Full access'],
    ['SUM: all List and Read actions', [{ Effect: 'Allow', Action: ['iam:List*', 'iam:Get*', 'iam:Generate*', 'iam:Simulate*'], Resource: '*' }], 'iam', 'Full: List, Read'],
    ['SUM: one write action is limited', [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }], 'iam', 'Limited: Write'],
    ['SUM: NotAction expands to everything else', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], 's3', 'Full access'],
  ];
  it.each(rows)('%s', (_n, statements, service, expected) => {
    expect(row(statements, service)?.accessLevel).toBe(expected);
  });
  it('NotAction leaves the excluded service out', () => {
    expect(row([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], 'iam')).toBeUndefined();
  });
  it('reports resources, conditions, Deny rows and unknown actions', () => {
    const s = summarizePolicy(
      doc([
        { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:Frobnicate'], Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
        { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
        { Effect: 'Allow', Action: 'nosuch:Thing', Resource: '*' },
      ]),
      catalog,
    );
    const ec2 = s.rows.find((r) => r.service === 'ec2')!;
    expect(ec2.actions).toEqual(['ec2:RunInstances']);
    expect(ec2.unknownActions).toEqual(['ec2:Frobnicate']);
    expect(ec2.resources).toEqual(['arn:aws:ec2:*:*:instance/*']);
    expect(ec2.conditions).toEqual(['aws:RequestedRegion']);
    expect(ec2.serviceName).toBe('Amazon EC2');
    expect(s.rows.find((r) => r.effect === 'Deny')!.service).toBe('s3');
    expect(s.rows.find((r) => r.service === 'nosuch')!.unknownActions).toEqual(['nosuch:Thing']);
    expect(s.servicesAllowed).toEqual(['ec2']);
  });
});

describe('findExternalAccess', () => {
  const zone = { accounts: ['111111111111'], organizationId: 'o-abc123' };
  const S = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
  type Row = [string, object, { principal: string; isPublic: boolean }[]];
  const rows: Row[] = [
    ['EXT: Principal "*" is public', { ...S, Principal: '*' }, [{ principal: '*', isPublic: true }]],
    ['EXT: {"AWS": "*"} is public', { ...S, Principal: { AWS: '*' } }, [{ principal: '*', isPublic: true }]],
    ['EXT: "*" confined to the organization', { ...S, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }, []],
    ['EXT: "*" confined to the account', { ...S, Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ['111111111111'] } } }, []],
    ['EXT: "*" with an IP condition is still external', { ...S, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, [{ principal: '*', isPublic: true }]],
    ['EXT: "*" with a negated account condition proves nothing', { ...S, Principal: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '999999999999' } } }, [{ principal: '*', isPublic: true }]],
    ['EXT: own account is inside', { ...S, Principal: { AWS: 'arn:aws:iam::111111111111:root' } }, []],
    ['EXT: other account', { ...S, Principal: { AWS: '222222222222' } }, [{ principal: '222222222222', isPublic: false }]],
    ['EXT: other account role', { ...S, Principal: { AWS: ['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::333333333333:role/b'] } }, [{ principal: 'arn:aws:iam::333333333333:role/b', isPublic: false }]],
    ['EXT: service principal is not external', { ...S, Principal: { Service: 'cloudtrail.amazonaws.com' } }, []],
    ['EXT: federated provider is external', { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'accounts.google.com' } }, [{ principal: 'accounts.google.com', isPublic: false }]],
    ['EXT: Allow with NotPrincipal is public', { ...S, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } }, [{ principal: '*', isPublic: true }]],
    ['EXT: Deny statements grant nothing', { ...S, Effect: 'Deny', Principal: '*' }, []],
  ];
  it.each(rows)('%s', (_n, statement, expected) => {
    expect(findExternalAccess(doc([statement]), zone).map((f) => ({ principal: f.principal, isPublic: f.isPublic }))).toEqual(expected);
  });
});
