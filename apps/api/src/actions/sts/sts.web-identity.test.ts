/**
 * AssumeRoleWithWebIdentity over the Query API, unsigned, against a real server and database,
 * with a real OIDC issuer (discovery + JWKS on a local http server) and real RS256 tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';
import { randomUUID } from 'node:crypto';
import { startOidcIssuer, type OidcIssuer } from './federation-test-fixtures';

const A = '111122223333';
const B = '444455556666';
let server: SdkServer;
let idp: OidcIssuer;
let providerArn: string;

const trust = (federated: string, condition?: object, action: string | string[] = 'sts:AssumeRoleWithWebIdentity') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: action, ...(condition ? { Condition: condition } : {}) }],
});

/** An unsigned Query call, as the SDKs send AssumeRoleWithWebIdentity. */
async function call(params: Record<string, string>) {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', ...params });
  const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const text = await res.text();
  const pick = (tag: string) => text.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
  return { status: res.status, text, code: pick('Code'), message: pick('Message'), pick };
}

async function createProvider(accountId: string, url: string, clientIds: string[]) {
  const arn = `arn:aws:iam::${accountId}:oidc-provider/${url}`;
  await server.database.db.openIdConnectProvider.create({ data: { id: randomUUID(), accountId, url, arn, clientIds, thumbprints: [] } });
  return arn;
}

beforeAll(async () => {
  server = await startSdkServer(A, { oidcAllowHttpIssuers: true });
  await server.fixtures.account(B);
  idp = await startOidcIssuer();
  providerArn = await createProvider(A, idp.url, ['my-app', 'other-app']);
});
afterAll(async () => {
  await idp?.close();
  await server?.close();
});

describe('AssumeRoleWithWebIdentity', () => {
  it('issues a role session for a valid token; the credentials work like AssumeRole', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRole', trust(providerArn, { StringEquals: { [`${idp.url}:aud`]: 'my-app' } }), [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] },
    ]);
    const token = await idp.token({ sub: 'user-123', aud: 'my-app' });
    const out = await call({ RoleArn: roleArn, RoleSessionName: 'web-session', WebIdentityToken: token, DurationSeconds: '900' });
    expect(out.status, out.text).toBe(200);
    expect(out.pick('SubjectFromWebIdentityToken')).toBe('user-123');
    expect(out.pick('Arn')).toBe(`arn:aws:sts::${A}:assumed-role/WebRole/web-session`);
    expect(out.pick('AssumedRoleId')).toMatch(/^AROA[A-Z2-7]{17}:web-session$/);
    expect(out.pick('Provider')).toBe(idp.issuer);
    expect(out.pick('Audience')).toBe('my-app');
    expect(out.pick('PackedPolicySize')).toBe('0');
    const credentials = { accessKeyId: out.pick('AccessKeyId')!, secretAccessKey: out.pick('SecretAccessKey')!, sessionToken: out.pick('SessionToken')! };
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    const me = await server.sts(credentials).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: A, Arn: `arn:aws:sts::${A}:assumed-role/WebRole/web-session` });
    await server.iam(credentials).send(new ListUsersCommand({}));
    // The event is recorded in the role's account, with the provider as the principal.
    const events = await server.database.db.auditEvent.findMany({ where: { action: 'sts:AssumeRoleWithWebIdentity', decision: 'allowed' } });
    expect(events).toEqual([expect.objectContaining({ accountId: A, principalArn: providerArn, resource: roleArn })]);
  });

  it('refuses a token for another audience', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleAud', trust(providerArn));
    const out = await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: await idp.token({ sub: 'u', aud: 'someone-else' }) });
    expect(out).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message: 'Incorrect token audience' });
  });

  it('refuses an expired token with ExpiredTokenException', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleExp', trust(providerArn));
    const out = await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: await idp.token({ sub: 'u', aud: 'my-app' }, { expiresInSeconds: -120 }) });
    expect(out).toMatchObject({ status: 400, code: 'ExpiredTokenException' });
  });

  it('refuses a token signed with another key', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleSig', trust(providerArn));
    const out = await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: await idp.token({ sub: 'u', aud: 'my-app' }, { wrongKey: true }) });
    expect(out).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    // A token whose payload was altered after signing fails too.
    const [h, , s] = (await idp.token({ sub: 'u', aud: 'my-app' })).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: idp.issuer, sub: 'admin', aud: 'my-app', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.${s}`;
    expect(await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: forged })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    // Garbage is InvalidIdentityToken, not a 500.
    expect(await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: 'not-a-jwt' })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
  });

  it('needs an OIDC provider for the issuer in the role account', async () => {
    const roleArn = await server.fixtures.role(B, 'WebRoleB', trust(providerArn));
    const out = await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: await idp.token({ sub: 'u', aud: 'my-app' }) });
    expect(out).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message: `No OpenIDConnect provider found in your account for ${idp.issuer}` });
  });

  it('refuses when the trust policy does not name the provider, or an unknown role', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleOther', trust(`arn:aws:iam::${A}:oidc-provider/accounts.example.com`));
    const token = await idp.token({ sub: 'u', aud: 'my-app' });
    expect(await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: token })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    });
    // A trust policy that allows only sts:AssumeRole for the provider is not enough either.
    const assumeOnly = await server.fixtures.role(A, 'WebRoleAssumeOnly', trust(providerArn, undefined, 'sts:AssumeRole'));
    expect(await call({ RoleArn: assumeOnly, RoleSessionName: 's1', WebIdentityToken: token })).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await call({ RoleArn: `arn:aws:iam::${A}:role/nope`, RoleSessionName: 's1', WebIdentityToken: token })).toMatchObject({ status: 403, code: 'AccessDenied' });
    const denied = await server.database.db.auditEvent.findMany({ where: { action: 'sts:AssumeRoleWithWebIdentity', resource: roleArn } });
    expect(denied).toEqual([expect.objectContaining({ decision: 'denied', errorCode: 'AccessDenied', accountId: A })]);
  });

  it('honours a condition on <provider>:sub', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleSub', trust(providerArn, { StringEquals: { [`${idp.url}:sub`]: 'repo:acme/app:ref:refs/heads/main' } }));
    const good = await call({ RoleArn: roleArn, RoleSessionName: 'ci', WebIdentityToken: await idp.token({ sub: 'repo:acme/app:ref:refs/heads/main', aud: 'my-app' }) });
    expect(good.status, good.text).toBe(200);
    const bad = await call({ RoleArn: roleArn, RoleSessionName: 'ci', WebIdentityToken: await idp.token({ sub: 'repo:acme/app:ref:refs/heads/feature', aud: 'my-app' }) });
    expect(bad).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('passes the session tags of the https://aws.amazon.com/tags claim when the trust policy allows sts:TagSession', async () => {
    const tagged = await server.fixtures.role(A, 'WebRoleTagged', trust(providerArn, { StringEquals: { 'aws:RequestTag/Project': 'Automation' } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']));
    const untagged = await server.fixtures.role(A, 'WebRoleUntagged', trust(providerArn));
    const claim = { principal_tags: { Project: ['Automation'], CostCenter: ['987654'] }, transitive_tag_keys: ['Project'] };
    const token = await idp.token({ sub: 'tagged-user', aud: 'my-app', 'https://aws.amazon.com/tags': claim });
    const out = await call({ RoleArn: tagged, RoleSessionName: 'tagged', WebIdentityToken: token });
    expect(out.status, out.text).toBe(200);
    expect(Number(out.pick('PackedPolicySize'))).toBeGreaterThan(0);
    const session = await server.database.db.temporaryCredential.findUnique({ where: { id: out.pick('AccessKeyId')! } });
    expect(session).toMatchObject({ sessionTags: [{ Key: 'Project', Value: 'Automation' }, { Key: 'CostCenter', Value: '987654' }], transitiveTagKeys: ['Project'] });
    // Without sts:TagSession in the trust policy, a token passing tags is refused.
    expect(await call({ RoleArn: untagged, RoleSessionName: 'tagged', WebIdentityToken: token })).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:TagSession' });
    // A tag value that is not one string, or a transitive key the token does not set: InvalidIdentityToken.
    for (const bad of [{ principal_tags: { Project: ['a', 'b'] } }, { principal_tags: { Project: 'Automation' } }, { principal_tags: { Project: ['a'] }, transitive_tag_keys: ['Team'] }]) {
      const refused = await call({ RoleArn: tagged, RoleSessionName: 'tagged', WebIdentityToken: await idp.token({ sub: 'u', aud: 'my-app', 'https://aws.amazon.com/tags': bad }) });
      expect(refused, JSON.stringify(bad)).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    }
  });

  it('checks DurationSeconds against the role and refuses ProviderId', async () => {
    const roleArn = await server.fixtures.role(A, 'WebRoleDur', trust(providerArn));
    const token = await idp.token({ sub: 'u', aud: 'other-app' });
    expect(await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: token, DurationSeconds: '7200' })).toMatchObject({ status: 400, code: 'ValidationError' });
    expect(await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: token, ProviderId: 'www.amazon.com' })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    const ok = await call({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: token, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) });
    expect(ok.status, ok.text).toBe(200);
    expect(Number(ok.pick('PackedPolicySize'))).toBeGreaterThan(0);
  });

  it('refuses an http:// issuer unless the app option allows it', async () => {
    const strict = await startSdkServer('121212121212');
    try {
      await strict.database.db.openIdConnectProvider.create({
        data: { id: randomUUID(), accountId: '121212121212', url: idp.url, arn: `arn:aws:iam::121212121212:oidc-provider/${idp.url}`, clientIds: ['my-app'], thumbprints: [] },
      });
      const roleArn = await strict.fixtures.role('121212121212', 'R', trust(`arn:aws:iam::121212121212:oidc-provider/${idp.url}`));
      const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: await idp.token({ sub: 'u', aud: 'my-app' }) });
      const res = await fetch(`${strict.endpoint}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>InvalidIdentityToken</Code>');
    } finally {
      await strict.close();
    }
  });

  it('still requires a signature for other actions', async () => {
    const body = new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' });
    const res = await fetch(`${server.endpoint}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('MissingAuthenticationToken');
  });
});
