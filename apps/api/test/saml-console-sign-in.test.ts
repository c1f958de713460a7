/**
 * Console single sign-on with SAML 2.0, as AWS's sign-in endpoint: a real IdP (samlify in IdP
 * mode, its metadata registered with CreateSAMLProvider) posts its Response to POST /saml; the
 * role choice; the console session as the role; each refusal a clear 4xx page.
 */
import { X509Certificate } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { App } from '../src/app';
import { createApp } from '../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../src/crypto/secrets';
import { createLogger } from '../src/logger';
import { createTestDatabase, type TestDatabase } from './test-database';
import { rootClient, type ConsoleClient } from './console-client';
import { samlIdp, type SamlIdp } from './saml-idp';

const ACCOUNT = '314159265358';
const PUBLIC_URL = 'https://console.test';
const ACS = `${PUBLIC_URL}/saml`;
let database: TestDatabase;
let app: App;
let root: ConsoleClient;
let idp: SamlIdp;
let providerArn: string;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const trust = (extra: string[] = []) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithSAML', ...extra], Condition: { StringEquals: { 'SAML:aud': ACS } } }],
  });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), publicUrl: PUBLIC_URL });
  root = await rootClient(app, ACCOUNT);
  await root.ok('iam', 'CreateAccountAlias', { AccountAlias: 'pi-corp' });
  const metadata = await request(app).get('/saml/metadata.xml');
  idp = samlIdp(metadata.text, { ssoUrl: 'https://idp.test/sso' });
  providerArn = (await root.ok<{ SAMLProviderArn: string }>('iam', 'CreateSAMLProvider', { Name: 'CorpIdP', SAMLMetadataDocument: idp.metadata })).SAMLProviderArn;
  await root.ok('iam', 'CreateRole', { RoleName: 'Admins', AssumeRolePolicyDocument: trust(['sts:TagSession']), MaxSessionDuration: 7200 });
  await root.ok('iam', 'PutRolePolicy', { RoleName: 'Admins', PolicyName: 'list', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }) });
  await root.ok('iam', 'CreateRole', { RoleName: 'ReadOnly', AssumeRolePolicyDocument: trust() });
});
afterAll(async () => database?.drop());

const both = () => [`${roleArn('Admins')},${providerArn}`, `${providerArn},${roleArn('ReadOnly')}`];
const post = (agent: ReturnType<typeof request.agent>, samlResponse: string, relayState?: string) =>
  agent.post('/saml').type('form').send({ SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) });

const cookiesOf = (res: request.Response) => [res.headers['set-cookie'] ?? []].flat().join(';');

/** The refusal page: a 4xx HTML page with the message, never a stack trace. */
function expectRefusal(res: request.Response, status: number, text: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.text).toContain('Your sign-in could not be completed');
  expect(res.text).toContain(text);
  expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  expect(cookiesOf(res)).not.toContain('portcullis_session=');
}

describe('SP metadata', () => {
  it('is served at a stable URL with our entity ID and ACS URL', async () => {
    const res = await request(app).get('/saml/metadata.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/samlmetadata\+xml/);
    expect(res.text).toContain('entityID="urn:amazon:webservices"');
    expect(res.text).toContain(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ACS}"`);
    // AuthnRequests are signed, with the certificate published here (the same one every time).
    expect(res.text).toContain('AuthnRequestsSigned="true"');
    const certificate = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(res.text)?.[1];
    expect(new X509Certificate(Buffer.from(certificate!, 'base64')).subject).toBe('CN=urn:amazon:webservices');
    expect((await request(app).get('/saml/metadata.xml')).text).toBe(res.text);
  });
});

describe('IdP-initiated POST /saml', () => {
  it('signs in as the one role offered, with SessionDuration, session tags, and an audit event in the role account', async () => {
    const agent = request.agent(app);
    const samlResponse = await idp.response({
      roles: [`${roleArn('Admins')},${providerArn}`],
      sessionName: 'alice@example.com',
      sessionDuration: 900,
      attributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department': ['Engineering'], 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys': ['Department'] },
    });
    const res = await post(agent, samlResponse, '/roles');
    expect(res.status, res.text).toBe(303);
    expect(res.headers.location).toBe('/roles');
    const session = await agent.get('/api/session');
    expect(session.status).toBe(200);
    expect(session.body.principal).toMatchObject({ type: 'federated', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admins/alice@example.com` });
    expect(session.body.federated).toEqual({ providerArn, label: `Federated user: Admins/alice@example.com @ ${ACCOUNT}` });
    expect(session.body.switchedRole).toMatchObject({ roleName: 'Admins', sessionName: 'alice@example.com' });
    // SessionDuration: the console session (and its role session) last 15 minutes.
    const expiresIn = new Date(session.body.switchedRole.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(800_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    const credential = await database.db.temporaryCredential.findFirstOrThrow({ where: { principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admins/alice@example.com` } });
    expect(credential.sessionTags).toEqual([{ Key: 'Department', Value: 'Engineering' }]);
    expect(credential.transitiveTagKeys).toEqual(['Department']);
    // The console acts as the role: its policy lists, nothing more.
    const csrf = session.body.csrfToken as string;
    expect((await agent.post('/api/iam/ListRoles').set('x-csrf-token', csrf).send({})).status).toBe(200);
    const denied = await agent.post('/api/iam/CreateUser').set('x-csrf-token', csrf).send({ UserName: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('assumed-role/Admins/alice@example.com is not authorized');
    // A federated session has no user to switch back to.
    expect((await agent.post('/api/session/switch-back').set('x-csrf-token', csrf).send({})).status).toBe(403);
    const event = await database.db.auditEvent.findFirst({ where: { accountId: ACCOUNT, action: 'sts:AssumeRoleWithSAML', decision: 'allowed', resource: roleArn('Admins') } });
    expect(event).toMatchObject({ principalArn: providerArn, protocol: 'rest' });
    // Sign-out ends the session.
    expect((await agent.delete('/api/session').set('x-csrf-token', csrf)).status).toBe(204);
    expect((await agent.get('/api/session')).status).toBe(401);
  });

  it('shows the role choice for several roles, then signs in as the chosen one, once', async () => {
    const agent = request.agent(app);
    const res = await post(agent, await idp.response({ roles: both(), sessionName: 'bob' }));
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('Select a role');
    expect(res.text).toContain(`Account: pi-corp (${ACCOUNT})`);
    expect(res.text).toContain('value="0"');
    expect(res.text).toContain('ReadOnly');
    expect(cookiesOf(res)).not.toContain('portcullis_session=');
    const formToken = /name="formToken" value="([^"]+)"/.exec(res.text)?.[1];
    // Without the form's token the pending sign-in is refused (and spent).
    const chosen = await agent.post('/saml/select').type('form').send({ formToken, roleIndex: '1' });
    expect(chosen.status, chosen.text).toBe(303);
    const session = await agent.get('/api/session');
    expect(session.body.federated.label).toBe(`Federated user: ReadOnly/bob @ ${ACCOUNT}`);
    // The pending choice completes once.
    expectRefusal(await agent.post('/saml/select').type('form').send({ formToken, roleIndex: '0' }), 400, 'This sign-in has expired or was already completed');
  });

  it('binds the role choice to the browser and its form: another browser, or a wrong form token, is refused', async () => {
    const agent = request.agent(app);
    const res = await post(agent, await idp.response({ roles: both(), sessionName: 'carol' }));
    const formToken = /name="formToken" value="([^"]+)"/.exec(res.text)?.[1];
    expectRefusal(await request(app).post('/saml/select').type('form').send({ formToken, roleIndex: '0' }), 400, 'expired or was already completed');
    expectRefusal(await agent.post('/saml/select').type('form').send({ formToken: 'forged', roleIndex: '0' }), 400, 'expired or was already completed');
  });

  it('refuses a replayed assertion', async () => {
    const samlResponse = await idp.response({ roles: [`${roleArn('ReadOnly')},${providerArn}`], sessionName: 'dave' });
    expect((await post(request.agent(app), samlResponse)).status).toBe(303);
    expectRefusal(await post(request.agent(app), samlResponse), 400, 'This SAML response has already been used to sign in.');
  });

  it('refuses a bad signature, a wrong audience or recipient, and an expired assertion', async () => {
    const roles = [`${roleArn('ReadOnly')},${providerArn}`];
    expectRefusal(await post(request.agent(app), await idp.response({ roles, forged: true })), 400, 'Invalid signature on the SAML response.');
    expectRefusal(await post(request.agent(app), await idp.response({ roles, audience: 'https://other-sp.test' })), 400, 'Audience in the SAML assertion must be');
    expectRefusal(await post(request.agent(app), await idp.response({ roles, recipient: 'https://signin.aws.amazon.com/saml' })), 400, `Recipient must be this sign-in endpoint, ${ACS}`);
    expectRefusal(await post(request.agent(app), await idp.response({ roles, notBeforeSeconds: -3600, notOnOrAfterSeconds: -600 })), 400, 'Token has expired');
    expectRefusal(await post(request.agent(app), 'bm90IHhtbA=='), 400, 'Invalid base64 SAMLResponse');
    expectRefusal(await request.agent(app).post('/saml').type('form').send({}), 400, 'The request has no SAMLResponse.');
  });

  it('refuses a role whose trust policy does not allow the provider, and audits the denial in the role account', async () => {
    await root.ok('iam', 'CreateRole', {
      RoleName: 'Untrusting',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
    });
    expectRefusal(await post(request.agent(app), await idp.response({ roles: [`${roleArn('Untrusting')},${providerArn}`] })), 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
    expect(await database.db.auditEvent.count({ where: { accountId: ACCOUNT, action: 'sts:AssumeRoleWithSAML', decision: 'denied', resource: roleArn('Untrusting') } })).toBe(1);
  });

  it('needs sts:TagSession in the trust policy to pass PrincipalTag attributes', async () => {
    const res = await post(request.agent(app), await idp.response({ roles: [`${roleArn('ReadOnly')},${providerArn}`], attributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team': ['a'] } }));
    expectRefusal(res, 403, 'sts:TagSession');
  });
});

describe('SP-initiated sign-in', () => {
  it('lists the account’s providers for the sign-in page, by ID or alias', async () => {
    for (const account of [ACCOUNT, 'pi-corp']) {
      const res = await request(app).get(`/api/federation/providers?account=${account}`);
      expect(res.body.providers).toEqual([{ type: 'saml', name: 'CorpIdP', href: `/saml/login?account=${ACCOUNT}&provider=CorpIdP` }]);
    }
    expect((await request(app).get('/api/federation/providers?account=000000000000')).body.providers).toEqual([]);
  });

  it('redirects to the IdP’s SingleSignOnService with an AuthnRequest for our ACS URL', async () => {
    const res = await request(app).get(`/saml/login?account=pi-corp&provider=CorpIdP&redirect=/users`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe('https://idp.test/sso');
    expect(location.searchParams.get('RelayState')).toBe('/users');
    const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    expect(xml).toContain(`AssertionConsumerServiceURL="${ACS}"`);
    expect(xml).toContain('<saml:Issuer>urn:amazon:webservices</saml:Issuer>');
    // The IdP, wanting signed requests, verifies it with the certificate of our metadata.
    expect(location.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(await idp.loginRequest(location.toString())).toMatchObject({ issuer: 'urn:amazon:webservices', id: /^_[0-9a-f]{32}$/, relayState: '/users' });
    // A request changed on the way (here its RelayState) fails that verification.
    const tampered = location.toString().replace('RelayState=%2Fusers', 'RelayState=%2Froles');
    await expect(idp.loginRequest(tampered)).rejects.toThrow('ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION');
    expectRefusal(await request(app).get('/saml/login?account=pi-corp&provider=Nope'), 404, 'Manifest not found');
  });

  it('posts a signed AuthnRequest to an IdP that takes the HTTP-POST binding only', async () => {
    const postIdp = samlIdp((await request(app).get('/saml/metadata.xml')).text, { entityId: 'https://post-idp.test/saml', ssoUrl: 'https://post-idp.test/sso', ssoBinding: 'HTTP-POST' });
    await root.ok('iam', 'CreateSAMLProvider', { Name: 'PostIdP', SAMLMetadataDocument: postIdp.metadata });
    const res = await request(app).get('/saml/login?account=pi-corp&provider=PostIdP');
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('action="https://post-idp.test/sso"');
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(res.text)![1]!;
    expect(await postIdp.postLoginRequest(samlRequest)).toMatchObject({ issuer: 'urn:amazon:webservices', id: /^_[0-9a-f]{32}$/ });
    const xml = Buffer.from(samlRequest, 'base64').toString('utf8');
    const tampered = Buffer.from(xml.replace(ACS, 'https://evil.test/saml')).toString('base64');
    await expect(postIdp.postLoginRequest(tampered)).rejects.toThrow(/SIGNATURE/);
    await root.ok('iam', 'DeleteSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/PostIdP` });
  });
});
