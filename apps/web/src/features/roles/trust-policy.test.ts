import { describe, expect, it } from 'vitest';
import { validatePolicy } from '@portcullis/policy';
import { accountTrustPolicy, trustedEntities, validateAccountTrust, validateExternalId, validateRoleName, type AccountTrustOptions } from './trust-policy.ts';

const base: AccountTrustOptions = { account: 'this', thisAccountId: '123456789012', otherAccountId: '', requireExternalId: false, externalId: '', requireMfa: false };

describe('accountTrustPolicy', () => {
  it('trusts this account\'s root principal without conditions by default', () => {
    expect(JSON.parse(accountTrustPolicy(base))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('adds StringEquals sts:ExternalId and Bool aws:MultiFactorAuthPresent for another account', () => {
    const policy = JSON.parse(accountTrustPolicy({ ...base, account: 'another', otherAccountId: ' 111122223333 ', requireExternalId: true, externalId: 'partner-42', requireMfa: true }));
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
  });

  it('generates policies the engine accepts as trust policies', () => {
    const text = accountTrustPolicy({ ...base, requireExternalId: true, externalId: 'abc', requireMfa: true });
    expect(validatePolicy(text, { policyType: 'TRUST_POLICY' }).findings.filter((f) => f.findingType === 'ERROR')).toEqual([]);
  });
});

describe('validation', () => {
  it('checks the external ID length and characters (2–1224, [\\w+=,.@:/-])', () => {
    expect(validateExternalId('x')).toMatch(/at least 2/);
    expect(validateExternalId('a'.repeat(1225))).toMatch(/at most 1,224/);
    expect(validateExternalId('has space')).toMatch(/characters only/);
    expect(validateExternalId('ok:/+=,.@-_')).toBeUndefined();
  });

  it('checks the other account ID only when another account is chosen, and the external ID only when required', () => {
    expect(validateAccountTrust(base)).toEqual({});
    expect(validateAccountTrust({ ...base, account: 'another', otherAccountId: '123' }).otherAccountId).toMatch(/12 digits/);
    expect(validateAccountTrust({ ...base, requireExternalId: true }).externalId).toMatch(/at least 2/);
  });

  it('checks role names (1–64, [\\w+=,.@-])', () => {
    expect(validateRoleName('')).toBe('Enter a role name.');
    expect(validateRoleName('a'.repeat(65))).toMatch(/64/);
    expect(validateRoleName('bad/name')).toMatch(/characters only/);
    expect(validateRoleName('Good+Name=1,2.3@x-y_z')).toBeUndefined();
  });
});

describe('trustedEntities', () => {
  it('names accounts, services and identity providers of Allow statements', () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'], Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(trustedEntities(doc)).toEqual(['Account: 111122223333', 'Account: 444455556666', 'AWS Service: ec2', 'Identity Provider: cognito-identity.amazonaws.com']);
  });

  it('reads URL-encoded documents and ignores garbage', () => {
    expect(trustedEntities(encodeURIComponent('{"Statement":{"Effect":"Allow","Principal":"*"}}'))).toEqual(['Anyone (*)']);
    expect(trustedEntities('not json')).toEqual([]);
  });
});
