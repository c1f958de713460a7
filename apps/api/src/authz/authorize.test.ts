/**
 * authorize() loads the target resource's tags only for decisions that read them, and gives IAM
 * resources' tags under iam:ResourceTag/* as well as aws:ResourceTag/*. (Every action's tag-based
 * guardrail, end to end through the API: test/security/context-keys.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { compilePolicySet } from '@portcullis/policy';
import { authorize } from './authorize';
import type { Caller } from '../auth/caller';
import type { EffectivePolicies } from './effective-policies';

const ACCOUNT = '123456789012';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const IMAGE_ARN = `arn:aws:ec2:us-east-1:${ACCOUNT}:image/ami-12345678`;
const caller: Caller = { kind: 'user', accountId: ACCOUNT, arn: USER_ARN, userId: 'AIDAEXAMPLE', userName: 'alice', iamUserId: 'u1', credentialType: 'long-term', sourceIp: '127.0.0.1', secureTransport: true, userAgent: 'test', protocol: 'query' };
const root: Caller = { ...caller, kind: 'root', arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, userName: undefined, iamUserId: undefined };
const NOW = new Date('2026-12-05T00:00:00Z');

/** The caller's effective policies, as EffectivePolicies would give them (it reads the database). */
const policiesOf = (...statements: object[]) =>
  ({
    forCaller: async () => compilePolicySet({ identity: [{ id: `test-${JSON.stringify(statements)}`, document: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }] }),
    usersMayChangePassword: async () => false,
  }) as unknown as EffectivePolicies;
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const denyTagged = (key: string) => ({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: 'true' } } });

/** A tag loader that counts its calls. */
function tagsLoader(tags: { Key: string; Value: string }[]) {
  const loader = async () => {
    loader.calls++;
    return tags;
  };
  loader.calls = 0;
  return loader;
}

describe('authorize: resource tags', () => {
  it('a decision that reads no resource tag does not load them', async () => {
    const load = tagsLoader([{ Key: 'protected', Value: 'true' }]);
    const result = await authorize(policiesOf(ALLOW_ALL, { ...denyTagged('aws:PrincipalTag/x') }), caller, 'iam:GetRole', { resource: ROLE_ARN }, NOW, load);
    expect(result.decision).toBe('allowed');
    expect(load.calls).toBe(0);
  });

  it('a Deny on aws:ResourceTag loads them once and applies to the tagged resource only', async () => {
    const policies = policiesOf(ALLOW_ALL, denyTagged('aws:ResourceTag/protected'));
    const tagged = tagsLoader([{ Key: 'protected', Value: 'true' }]);
    expect((await authorize(policies, caller, 'iam:GetRole', { resource: ROLE_ARN }, NOW, tagged)).decision).toBe('explicitDeny');
    expect(tagged.calls).toBe(1);
    const twin = tagsLoader([{ Key: 'protected', Value: 'false' }]);
    expect((await authorize(policies, caller, 'iam:GetRole', { resource: ROLE_ARN }, NOW, twin)).decision).toBe('allowed');
    expect(twin.calls).toBe(1);
  });

  it('an Allow that needs a resource tag (a policy variable) allows only with it', async () => {
    const policies = policiesOf({ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${ACCOUNT}:role/\${aws:ResourceTag/name}` });
    expect((await authorize(policies, caller, 'iam:GetRole', { resource: ROLE_ARN }, NOW, tagsLoader([{ Key: 'name', Value: 'deploy' }]))).decision).toBe('allowed');
    expect((await authorize(policies, caller, 'iam:GetRole', { resource: ROLE_ARN }, NOW, tagsLoader([{ Key: 'name', Value: 'other' }]))).decision).toBe('implicitDeny');
  });

  it("iam:ResourceTag carries an IAM resource's tags; other services' resources have only aws:ResourceTag", async () => {
    const policies = policiesOf(ALLOW_ALL, denyTagged('iam:ResourceTag/protected'));
    const tags = [{ Key: 'protected', Value: 'true' }];
    expect((await authorize(policies, caller, 'iam:PassRole', { resource: ROLE_ARN }, NOW, tagsLoader(tags))).decision).toBe('explicitDeny');
    expect((await authorize(policies, caller, 'ec2:DescribeImageAttribute', { resource: IMAGE_ARN }, NOW, tagsLoader(tags))).decision).toBe('allowed');
    expect((await authorize(policiesOf(ALLOW_ALL, denyTagged('aws:ResourceTag/protected')), caller, 'ec2:DescribeImageAttribute', { resource: IMAGE_ARN }, NOW, tagsLoader(tags))).decision).toBe('explicitDeny');
  });

  it('tags the target already loaded are used as they are', async () => {
    const load = tagsLoader([]);
    const target = { resource: ROLE_ARN, resourceTags: [{ Key: 'protected', Value: 'true' }] };
    expect((await authorize(policiesOf(ALLOW_ALL, denyTagged('aws:ResourceTag/protected')), caller, 'iam:GetRole', target, NOW, load)).decision).toBe('explicitDeny');
    expect(load.calls).toBe(0);
  });

  it('the root user is not evaluated against policies: nothing is loaded', async () => {
    const load = tagsLoader([{ Key: 'protected', Value: 'true' }]);
    expect((await authorize(policiesOf(denyTagged('aws:ResourceTag/protected')), root, 'iam:GetRole', { resource: ROLE_ARN }, NOW, load)).decision).toBe('allowed');
    expect(load.calls).toBe(0);
  });
});
