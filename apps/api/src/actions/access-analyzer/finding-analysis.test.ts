import { describe, expect, it } from 'vitest';
import { parsePolicy } from '@portcullis/policy';
import { publicTrustStatements, roleAccess, sharingAccess, trustPolicyAccess } from './finding-analysis';
import { matchesFilter, type FilterableFinding } from './finding-filter';

const OWN = '111122223333';
const OTHER = '444455556666';
const zone = { accounts: [OWN] };
const doc = (...Statement: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement })).document!;
const allow = (Principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });

describe('trustPolicyAccess', () => {
  it('reports principals outside the zone, one access per principal and conditions', () => {
    const accesses = trustPolicyAccess(doc(allow({ AWS: [`arn:aws:iam::${OWN}:root`, OTHER], Service: 'ec2.amazonaws.com' }), allow({ AWS: OTHER }, { Action: 'sts:TagSession' })), zone);
    expect(accesses).toEqual([expect.objectContaining({ principal: { AWS: OTHER }, action: ['sts:AssumeRole'], isPublic: false, condition: {}, statementIndexes: [0] })]);
  });

  it('merges statements granting the same principal the same way, and names the assume actions a wildcard grants', () => {
    const [a] = trustPolicyAccess(doc(allow({ AWS: OTHER }), allow({ AWS: OTHER }, { Action: 'sts:AssumeRoleWith*' })), zone);
    expect(a!.action.sort()).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']);
    expect(a!.statementIndexes).toEqual([0, 1]);
  });

  it('keeps conditions in the access (a different ExternalId is a different finding)', () => {
    const accesses = trustPolicyAccess(doc(allow({ AWS: OTHER }, { Condition: { StringEquals: { 'sts:ExternalId': 'a' } } }), allow({ AWS: OTHER }, { Condition: { StringEquals: { 'sts:ExternalId': 'b' } } })), zone);
    expect(accesses.map((a) => a.condition)).toEqual([{ 'sts:ExternalId': 'a' }, { 'sts:ExternalId': 'b' }]);
    expect(new Set(accesses.map((a) => a.accessKey)).size).toBe(2);
  });

  it('an unconditional Deny of a principal (or everyone) removes its access; a conditional one does not', () => {
    expect(trustPolicyAccess(doc(allow({ AWS: OTHER }), { Effect: 'Deny', Principal: { AWS: OTHER }, Action: 'sts:*' }), zone)).toEqual([]);
    expect(trustPolicyAccess(doc(allow('*'), { Effect: 'Deny', Principal: '*', Action: '*' }), zone)).toEqual([]);
    expect(trustPolicyAccess(doc(allow({ AWS: OTHER }), { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), zone)).toHaveLength(1);
  });

  it('`*` confined to the zone is no finding; confined to another account, external but not public', () => {
    expect(trustPolicyAccess(doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': OWN } } })), zone)).toEqual([]);
    expect(trustPolicyAccess(doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } })), zone)).toEqual([expect.objectContaining({ principal: { AWS: '*' }, isPublic: false })]);
    expect(trustPolicyAccess(doc(allow('*', { Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } } })), zone)).toEqual([expect.objectContaining({ isPublic: true })]);
  });

  it('federated principals are external; public only for open IdPs without an audience/subject condition', () => {
    const saml = `arn:aws:iam::${OWN}:saml-provider/Corp`;
    expect(trustPolicyAccess(doc(allow({ Federated: saml }, { Action: 'sts:AssumeRoleWithSAML' })), zone)).toEqual([expect.objectContaining({ principal: { Federated: saml }, isPublic: false })]);
    expect(trustPolicyAccess(doc(allow({ Federated: 'cognito-identity.amazonaws.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' })), zone)[0]!.isPublic).toBe(true);
    const aud = { Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' } } };
    expect(trustPolicyAccess(doc(allow({ Federated: 'cognito-identity.amazonaws.com' }, { Action: 'sts:AssumeRoleWithWebIdentity', ...aud })), zone)[0]!.isPublic).toBe(false);
  });

  it('a stored document the grammar refuses grants nothing', () => {
    expect(roleAccess('{"Statement": ', zone)).toEqual([]);
  });
});

describe('publicTrustStatements', () => {
  it('lists the statements that let anyone assume the role, with their Sids', () => {
    expect(publicTrustStatements(doc(allow({ AWS: OTHER }), { Sid: 'Open', ...allow({ AWS: '*' }) }))).toEqual([{ statementIndex: 1, statementId: 'Open' }]);
    expect(publicTrustStatements(doc({ Effect: 'Allow', NotPrincipal: { AWS: OTHER }, Action: 'sts:AssumeRole' }))).toEqual([{ statementIndex: 0 }]);
    expect(publicTrustStatements(doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })))).toEqual([]);
    expect(publicTrustStatements(doc(allow('*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalAccount': OTHER } } })))).toHaveLength(1);
  });
});

describe('sharingAccess', () => {
  it('reports grantees outside the zone, `all` as public', () => {
    expect(sharingAccess('AWS::EC2::Image', [OWN, OTHER, 'all'], zone)).toEqual([
      expect.objectContaining({ principal: { AWS: OTHER }, action: ['ec2:RunInstances'], isPublic: false }),
      expect.objectContaining({ principal: { AWS: '*' }, isPublic: true }),
    ]);
    expect(sharingAccess('AWS::EC2::Snapshot', [OTHER], { accounts: [OWN, OTHER] })).toEqual([]);
  });
});

describe('matchesFilter', () => {
  const finding: FilterableFinding = { id: 'f', status: 'ACTIVE', findingType: 'ExternalAccess', resource: 'arn:aws:iam::111122223333:role/R', resourceType: 'AWS::IAM::Role', resourceOwnerAccount: OWN, isPublic: false, principal: { AWS: OTHER }, condition: { 'sts:ExternalId': 'x' }, action: ['sts:AssumeRole'] };
  it('eq, neq, contains and exists, all criteria together', () => {
    expect(matchesFilter(finding, { resourceType: { eq: ['AWS::IAM::Role', 'AWS::EC2::Image'] }, isPublic: { eq: ['false'] } })).toBe(true);
    expect(matchesFilter(finding, { resourceType: { eq: ['AWS::IAM::Role'] }, isPublic: { eq: ['true'] } })).toBe(false);
    expect(matchesFilter(finding, { 'principal.AWS': { neq: [OTHER] } })).toBe(false);
    expect(matchesFilter(finding, { resource: { contains: ['role/'] }, 'condition.sts:externalid': { exists: true }, 'principal.Federated': { exists: false } })).toBe(true);
    expect(matchesFilter(finding, { 'principal.Federated': { eq: ['x'] } })).toBe(false);
    expect(matchesFilter(finding, { findingType: { eq: ['ExternalAccess'] } })).toBe(true);
    expect(matchesFilter({ ...finding, findingType: 'UnusedPermission' }, { findingType: { neq: ['UnusedPermission'] } })).toBe(false);
  });
});
