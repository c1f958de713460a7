/**
 * Console sign-in through an OpenID Connect provider registered in IAM: the authorization-code
 * flow with PKCE against a real OpenID Provider (oidc-provider, its own login and consent pages),
 * the ID token verified as AssumeRoleWithWebIdentity does, the trusting roles offered, the
 * console session as the role, and refusals as clear 4xx pages.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { App } from '../src/app';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './test-database';
import { rootClient, type ConsoleClient } from './console-client';
import { signInThrough, startOidcProvider, type LocalOidcProvider } from './oidc-idp';

const ACCOUNT = '161803398874';
const PUBLIC_URL = 'https://console.test';
const CALLBACK = `${PUBLIC_URL}/oidc/callback`;
const CLIENT_ID = 'portcullis-console';
let database: TestDatabase;
let app: App;
let root: ConsoleClient;
let op: LocalOidcProvider;
let providerId: string;
let providerArn: string;

const TAGS_CLAIM = 'https://aws.amazon.com/tags';
/** The session tags the provider puts in some logins' ID tokens (AWS's claim for them). */
const TOKEN_TAGS: Record<string, Record<string, unknown>> = {
  carol: { [TAGS_CLAIM]: { principal_tags: { Team: ['Platform'], CostCenter: ['4711'] }, transitive_tag_keys: ['Team'] } },
  dave: { [TAGS_CLAIM]: { principal_tags: { Team: ['Platform', 'Payments'] } } },
};

const trust = (subject: string, options: { tagSession?: boolean; condition?: Record<string, string> } = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithWebIdentity', ...(options.tagSession ? ['sts:TagSession'] : [])],
        Condition: { StringEquals: { [`${op.url}:aud`]: CLIENT_ID, [`${op.url}:sub`]: subject, ...options.condition } },
      },
    ],
  });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), publicUrl: PUBLIC_URL, oidcAllowHttpIssuers: true });
  root = await rootClient(app, ACCOUNT);
  op = await startOidcProvider(CLIENT_ID, CALLBACK, { idTokenClaims: (login) => TOKEN_TAGS[login] ?? {} });
  // IAM takes only https:// issuers: the local http:// one is stored directly (the app allows http issuers in tests).
  providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${op.url}`;
  providerId = randomUUID();
  await database.db.openIdConnectProvider.create({ data: { id: providerId, accountId: ACCOUNT, url: op.url, arn: providerArn, clientIds: [CLIENT_ID], thumbprints: [] } });
  await root.ok('iam', 'CreateRole', { RoleName: 'Developers', AssumeRolePolicyDocument: trust('alice') });
  await root.ok('iam', 'PutRolePolicy', { RoleName: 'Developers', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }) });
  await root.ok('iam', 'CreateRole', { RoleName: 'Operators', AssumeRolePolicyDocument: trust('bob') });
  await root.ok('iam', 'CreateRole', { RoleName: 'OnCall', AssumeRolePolicyDocument: trust('bob') });
  // carol's token passes session tags: only the roles whose trust policy allows sts:TagSession
  // for them (and tests them) are offered.
  await root.ok('iam', 'CreateRole', { RoleName: 'PlatformTeam', AssumeRolePolicyDocument: trust('carol', { tagSession: true, condition: { 'aws:RequestTag/Team': 'Platform' } }) });
  await root.ok('iam', 'CreateRole', { RoleName: 'PaymentsTeam', AssumeRolePolicyDocument: trust('carol', { tagSession: true, condition: { 'aws:RequestTag/Team': 'Payments' } }) });
  await root.ok('iam', 'CreateRole', { RoleName: 'NoTags', AssumeRolePolicyDocument: trust('carol') });
  await root.ok('iam', 'CreateRole', { RoleName: 'DaveRole', AssumeRolePolicyDocument: trust('dave', { tagSession: true }) });
});
afterAll(async () => {
  await op?.close();
  await database?.drop();
});

/** Starts the sign-in in `agent`'s browser and signs in at the provider: the callback URL. */
async function authorize(agent: ReturnType<typeof request.agent>, login: string): Promise<URL> {
  const start = await agent.get(`/oidc/login?account=${ACCOUNT}&provider=${providerId}&redirect=/roles`);
  expect(start.status, start.text).toBe(302);
  const authorization = new URL(start.headers.location!);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('client_id')).toBe(CLIENT_ID);
  const back = await signInThrough(authorization.toString(), login);
  expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
  return back;
}

function expectRefusal(res: request.Response, status: number, text: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.text).toContain(text);
  expect(res.text).not.toMatch(/at .*\.ts:\d+/);
}

describe('OIDC console sign-in', () => {
  it('offers the sign-in on the sign-in page', async () => {
    const res = await request(app).get(`/api/federation/providers?account=${ACCOUNT}`);
    expect(res.body.providers).toEqual([{ type: 'oidc', name: op.url, href: `/oidc/login?account=${ACCOUNT}&provider=${providerId}` }]);
  });

  it('signs in as the one role whose trust policy allows the token, audited in the role account', async () => {
    const agent = request.agent(app);
    const back = await authorize(agent, 'alice');
    const res = await agent.get(`/oidc/callback${back.search}`);
    expect(res.status, res.text).toBe(303);
    expect(res.headers.location).toBe('/roles');
    const session = await agent.get('/api/session');
    expect(session.body.principal).toMatchObject({ type: 'federated', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Developers/alice` });
    expect(session.body.federated.label).toBe(`Federated user: Developers/alice @ ${ACCOUNT}`);
    expect((await agent.post('/api/iam/ListRoles').set('x-csrf-token', session.body.csrfToken).send({})).status).toBe(200);
    const event = await database.db.auditEvent.findFirst({ where: { accountId: ACCOUNT, action: 'sts:AssumeRoleWithWebIdentity', decision: 'allowed', resource: `arn:aws:iam::${ACCOUNT}:role/Developers` } });
    expect(event).toMatchObject({ principalArn: providerArn, protocol: 'rest' });
    // The callback completes once.
    expectRefusal(await agent.get(`/oidc/callback${back.search}`), 400, 'This sign-in has expired or was already completed');
  });

  it('offers the role choice when several roles trust the token', async () => {
    const agent = request.agent(app);
    const back = await authorize(agent, 'bob');
    const res = await agent.get(`/oidc/callback${back.search}`);
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('Select a role');
    expect(res.text).toContain('OnCall');
    expect(res.text).toContain('Operators');
    expect(res.text).not.toContain('Developers');
    const formToken = /name="formToken" value="([^"]+)"/.exec(res.text)?.[1];
    const chosen = await agent.post('/oidc/select').type('form').send({ formToken, roleIndex: '1' });
    expect(chosen.status, chosen.text).toBe(303);
    expect((await agent.get('/api/session')).body.federated.label).toBe(`Federated user: Operators/bob @ ${ACCOUNT}`);
  });

  it('refuses a user no role trusts, a callback in another browser, and a forged state', async () => {
    const agent = request.agent(app);
    expectRefusal(await agent.get(`/oidc/callback${(await authorize(agent, 'mallory')).search}`), 403, 'No role trusts this identity');
    const other = request.agent(app);
    const back = await authorize(other, 'alice');
    expectRefusal(await request(app).get(`/oidc/callback${back.search}`), 400, 'expired or was already completed');
    const third = request.agent(app);
    const again = await authorize(third, 'alice');
    again.searchParams.set('state', 'forged');
    expectRefusal(await third.get(`/oidc/callback${again.search}`), 400, 'expired or was already completed');
  });

  it("passes the token's session tags (https://aws.amazon.com/tags) to the one role whose trust policy allows sts:TagSession for them", async () => {
    const agent = request.agent(app);
    const res = await agent.get(`/oidc/callback${(await authorize(agent, 'carol')).search}`);
    expect(res.status, res.text).toBe(303);
    const session = await agent.get('/api/session');
    expect(session.body.principal.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/PlatformTeam/carol`);
    const credential = await database.db.temporaryCredential.findFirst({ where: { sessionName: 'carol' }, orderBy: { createdAt: 'desc' } });
    expect(credential).toMatchObject({ sessionTags: [{ Key: 'Team', Value: 'Platform' }, { Key: 'CostCenter', Value: '4711' }], transitiveTagKeys: ['Team'] });
  });

  it('refuses a token whose session tag has several values, as AssumeRoleWithWebIdentity does', async () => {
    const agent = request.agent(app);
    expectRefusal(await agent.get(`/oidc/callback${(await authorize(agent, 'dave')).search}`), 400, 'session tag Team is not a valid session tag.');
  });

  it('refuses an expired ID token', async () => {
    // The same server two hours later (its clock injected): the provider's one-hour ID token has expired.
    const later = createApp({ db: database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), publicUrl: PUBLIC_URL, oidcAllowHttpIssuers: true, now: () => new Date(Date.now() + 2 * 3600_000) });
    const agent = request.agent(later);
    const start = await agent.get(`/oidc/login?account=${ACCOUNT}&provider=${providerId}`);
    const back = await signInThrough(start.headers.location!, 'alice');
    expectRefusal(await agent.get(`/oidc/callback${back.search}`), 400, 'Token expired');
  });

  it('refuses an unknown provider', async () => {
    expectRefusal(await request(app).get(`/oidc/login?account=${ACCOUNT}&provider=nope`), 404, 'No OpenID Connect provider of this account has that ID.');
  });
});
