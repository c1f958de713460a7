/**
 * Security #12, finding 2: session tags and source identity (AssumeRole, GetFederationToken)
 * through the real AWS SDK. Passing tags needs sts:TagSession — for AssumeRole in the role's trust
 * policy, like sts:AssumeRole — and a source identity needs sts:SetSourceIdentity; in a role
 * chain only the calling session's transitive tags pass on (never its role's tags), stay
 * transitive and cannot be overridden, and the source identity cannot be changed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetFederationTokenCommand, type Tag } from '@aws-sdk/client-sts';
import { ListGroupsCommand, ListPoliciesCommand, ListRolesCommand, ListUsersCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { startSdkServer, type Credentials, type SdkServer } from '../sdk-server';

const A = '111122223333';
let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer(A);
});
afterAll(async () => server?.close());

const trust = (principal: string, actions: string[], condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...(condition ? { Condition: condition } : {}) }],
});
const allowIf = (action: string, tagKey: string, value: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringEquals: { [`aws:PrincipalTag/${tagKey}`]: value } } }],
});
/** A role whose permissions reveal the session's principal tags: each call is allowed only for one tag value. */
const PROBE = [allowIf('iam:ListUsers', 'Team', 'blue'), allowIf('iam:ListRoles', 'Dept', 'eng'), allowIf('iam:ListGroups', 'Proj', 'x'), allowIf('iam:ListPolicies', 'Team', 'red')];
const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const session = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
});
const assume = (who: Credentials, RoleArn: string, extra: { Tags?: Tag[]; TransitiveTagKeys?: string[]; SourceIdentity?: string } = {}) =>
  server.sts(who).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'probe', ...extra }));
/** Which of the probe's calls the session may make: its principal tags, seen through policies. */
async function probe(who: Credentials) {
  const ok = (p: Promise<unknown>) => p.then(() => true, (e: { name?: string }) => (e.name === 'AccessDenied' ? false : Promise.reject(e)));
  const iam = server.iam(who);
  return {
    teamBlue: await ok(iam.send(new ListUsersCommand({}))),
    teamRed: await ok(iam.send(new ListPoliciesCommand({}))),
    deptEng: await ok(iam.send(new ListRolesCommand({}))),
    projX: await ok(iam.send(new ListGroupsCommand({}))),
  };
}

describe('AssumeRole with session tags', () => {
  it('needs sts:TagSession in the trust policy, even for a caller allowed everything', async () => {
    const user = await server.fixtures.user(A, 'tagger', [ADMIN]);
    const roleArn = await server.fixtures.role(A, 'NoTagSession', trust(user.arn, ['sts:AssumeRole']), PROBE);
    await expect(assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'blue' }] })).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${user.arn} is not authorized to perform: sts:TagSession on resource: ${roleArn}`,
    });
    // Without tags the same trust policy is enough.
    await expect(assume(user, roleArn)).resolves.toBeDefined();
  });

  it('is decided by the trust policy’s conditions on the requested tags, and the session carries them', async () => {
    const user = await server.fixtures.user(A, 'tagger-2');
    const roleArn = await server.fixtures.role(A, 'TagSessionBlue', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:TagSession', Condition: { StringEquals: { 'aws:RequestTag/Team': 'blue' } } },
      ],
    }, PROBE);
    await expect(assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'red' }] })).rejects.toMatchObject({ name: 'AccessDenied' });
    const out = await assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'blue' }] });
    expect(await probe(session(out.Credentials))).toEqual({ teamBlue: true, teamRed: false, deptEng: false, projX: false });
  });

  it('a session tag overrides the role’s own tag of the same key, whatever its case', async () => {
    const user = await server.fixtures.user(A, 'tagger-3');
    const roleArn = await server.fixtures.role(A, 'TaggedRed', trust(user.arn, ['sts:AssumeRole', 'sts:TagSession']), PROBE);
    await server.iam(server.root).send(new TagRoleCommand({ RoleName: 'TaggedRed', Tags: [{ Key: 'Team', Value: 'red' }] }));
    expect(await probe(session((await assume(user, roleArn)).Credentials))).toMatchObject({ teamRed: true, teamBlue: false });
    const tagged = await assume(user, roleArn, { Tags: [{ Key: 'team', Value: 'blue' }] });
    expect(await probe(session(tagged.Credentials))).toMatchObject({ teamRed: false, teamBlue: true });
  });

  it('refuses duplicate keys (case-insensitively) and transitive keys that are not among the tags', async () => {
    const user = await server.fixtures.user(A, 'tagger-4');
    const roleArn = await server.fixtures.role(A, 'Strict', trust(user.arn, ['sts:AssumeRole', 'sts:TagSession']));
    await expect(assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'a' }], TransitiveTagKeys: ['Dept'] })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'The specified transitive tag key must be included in the requested tags.',
    });
    await expect(assume(user, roleArn, { TransitiveTagKeys: ['Team'] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    // A transitive key matches its tag case-insensitively.
    await expect(assume(user, roleArn, { Tags: [{ Key: 'Team', Value: 'a' }], TransitiveTagKeys: ['TEAM'] })).resolves.toBeDefined();
  });
});

describe('Role chaining with session tags', () => {
  it('passes on only the transitive session tags, still transitive; never the role’s own tags', async () => {
    const user = await server.fixtures.user(A, 'chainer');
    const first = await server.fixtures.role(A, 'ChainFirst', trust(user.arn, ['sts:AssumeRole', 'sts:TagSession']), PROBE);
    // The first role's own tag Dept=eng applies to its sessions only.
    await server.iam(server.root).send(new TagRoleCommand({ RoleName: 'ChainFirst', Tags: [{ Key: 'Dept', Value: 'eng' }] }));
    const second = await server.fixtures.role(A, 'ChainSecond', trust(first, ['sts:AssumeRole']), PROBE);
    // The second role's own Team=red tag loses to the inherited transitive Team=blue session tag.
    await server.iam(server.root).send(new TagRoleCommand({ RoleName: 'ChainSecond', Tags: [{ Key: 'Team', Value: 'red' }] }));
    const third = await server.fixtures.role(A, 'ChainThird', trust(second, ['sts:AssumeRole']), PROBE);

    const s1 = session((await assume(user, first, { Tags: [{ Key: 'Team', Value: 'blue' }, { Key: 'Proj', Value: 'x' }], TransitiveTagKeys: ['Team'] })).Credentials);
    expect(await probe(s1)).toEqual({ teamBlue: true, teamRed: false, deptEng: true, projX: true });
    const s2 = session((await assume(s1, second)).Credentials);
    expect(await probe(s2)).toEqual({ teamBlue: true, teamRed: false, deptEng: false, projX: false });
    const s3 = session((await assume(s2, third)).Credentials);
    expect(await probe(s3)).toEqual({ teamBlue: true, teamRed: false, deptEng: false, projX: false });
  });

  it('refuses a tag that would override a transitive tag of the calling session', async () => {
    const user = await server.fixtures.user(A, 'chainer-2');
    const first = await server.fixtures.role(A, 'OverrideFirst', trust(user.arn, ['sts:AssumeRole', 'sts:TagSession']));
    const second = await server.fixtures.role(A, 'OverrideSecond', trust(first, ['sts:AssumeRole', 'sts:TagSession']), PROBE);
    const s1 = session((await assume(user, first, { Tags: [{ Key: 'Team', Value: 'blue' }, { Key: 'Proj', Value: 'y' }], TransitiveTagKeys: ['Team'] })).Credentials);
    for (const Key of ['Team', 'team']) {
      await expect(assume(s1, second, { Tags: [{ Key, Value: 'red' }] })).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
      });
    }
    // A key that was not transitive may be set anew.
    const s2 = session((await assume(s1, second, { Tags: [{ Key: 'Proj', Value: 'x' }] })).Credentials);
    expect(await probe(s2)).toEqual({ teamBlue: true, teamRed: false, deptEng: false, projX: true });
  });
});

describe('AssumeRole with a source identity', () => {
  it('needs sts:SetSourceIdentity in the trust policy', async () => {
    const user = await server.fixtures.user(A, 'sourcer', [ADMIN]);
    const plain = await server.fixtures.role(A, 'NoSourceIdentity', trust(user.arn, ['sts:AssumeRole']));
    await expect(assume(user, plain, { SourceIdentity: 'alice' })).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${user.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${plain}`,
    });
    const only = await server.fixtures.role(A, 'OnlyAlice', trust(user.arn, ['sts:AssumeRole', 'sts:SetSourceIdentity'], { StringEquals: { 'sts:SourceIdentity': 'alice' } }));
    await expect(assume(user, only, { SourceIdentity: 'bob' })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await assume(user, only, { SourceIdentity: 'alice' })).SourceIdentity).toBe('alice');
  });

  it('stays with every chained session and cannot be changed', async () => {
    const user = await server.fixtures.user(A, 'sourcer-2');
    const first = await server.fixtures.role(A, 'SourceFirst', trust(user.arn, ['sts:AssumeRole', 'sts:SetSourceIdentity']));
    const second = await server.fixtures.role(A, 'SourceSecond', trust(first, ['sts:AssumeRole', 'sts:SetSourceIdentity']));
    const noSet = await server.fixtures.role(A, 'SourceNoSet', trust(first, ['sts:AssumeRole']));
    const s1 = session((await assume(user, first, { SourceIdentity: 'alice' })).Credentials);
    await expect(assume(s1, second, { SourceIdentity: 'mallory' })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect((await assume(s1, second)).SourceIdentity).toBe('alice');
    // The inherited source identity is set on the new session too: its trust policy must allow that.
    await expect(assume(s1, noSet)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('GetFederationToken with session tags', () => {
  it('needs sts:TagSession from the caller’s policies and refuses duplicate keys', async () => {
    const fed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }] };
    const user = await server.fixtures.user(A, 'federator', [fed]);
    const Tags = [{ Key: 'Team', Value: 'blue' }];
    await expect(server.sts(user).send(new GetFederationTokenCommand({ Name: 'fed', Tags }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${user.arn} is not authorized to perform: sts:TagSession on resource: arn:aws:sts::${A}:federated-user/fed because no identity-based policy allows the sts:TagSession action`,
    });
    await expect(server.sts(user).send(new GetFederationTokenCommand({ Name: 'fed' }))).resolves.toBeDefined();
    const tagger = await server.fixtures.user(A, 'federator-2', [fed, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:TagSession', Resource: '*' }] }]);
    await expect(server.sts(tagger).send(new GetFederationTokenCommand({ Name: 'fed', Tags }))).resolves.toBeDefined();
    await expect(server.sts(tagger).send(new GetFederationTokenCommand({ Name: 'fed', Tags: [...Tags, { Key: 'TEAM', Value: 'x' }] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
  });
});
