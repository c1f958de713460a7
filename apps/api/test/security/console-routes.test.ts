/**
 * Security issue #12, findings 13 and 17. Every route the app serves either runs its work
 * through dispatch() — so the caller's policies decide (an explicit Deny included) and the audit
 * log records it — or is on the allow-list below with its reason. A new route that is on
 * neither list fails this test. Then: the password change and security-key registration
 * options, which used to bypass the dispatcher.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { App } from '../../src/app';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { createApp } from '../../src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../../src/crypto/secrets';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { rootClient, signIn, type ConsoleClient } from '../console-client';

/** Routes that do not go through dispatch(), each with the reason it need not. */
const NOT_DISPATCHED: Record<string, string> = {
  'GET /api/health': 'liveness probe: reads nothing of any account',
  'GET /api/health/live': 'liveness probe: answers without touching the database',
  'GET /metrics': 'operator scrape (Prometheus): counters only, no account data; a bearer token (PORTCULLIS_METRICS_TOKEN) or loopback without proxy headers — tested in test/metrics.test.ts',
  'GET /api/health/ready': 'readiness probe: SELECT 1 and the migrations table, no account data',
  'GET /api/setup': 'first run: says only whether any account exists yet',
  'POST /api/setup': 'first run: creates the first account and root user, refused once one exists; nobody to authorize yet',
  'GET /api/session': "the caller's own session (principal, CSRF token): no account data",
  'POST /api/session': 'sign-in, password step: authenticates (throttled); there is no caller to authorize yet',
  'POST /api/session/mfa': 'sign-in, MFA step: authenticates the sealed pending sign-in (throttled)',
  'POST /api/session/webauthn-options': "sign-in, MFA step: a security-key challenge for the sealed pending sign-in's own keys",
  'DELETE /api/session': "sign-out: ends the caller's own session",
  'POST /api/session/switch-back': "drops the assumed role from the caller's own session: grants nothing",
  'GET /.*/': "the console's single page (static HTML, no data)",
  'GET /saml/metadata.xml': "this service provider's SAML metadata (entity ID, ACS URL): no account data",
  'POST /saml':
    "SAML sign-in endpoint: verifies the IdP's Response (the STS verifier) and records its assertion ID against replay; the sign-in itself is sts:AssumeRoleWithSAML through dispatch(), decided by the role's trust policy, audited in the role's account — there is no caller with policies before it",
  'POST /saml/select': "SAML role choice: takes the browser's one-time pending sign-in; the sign-in is sts:AssumeRoleWithSAML through dispatch()",
  'GET /saml/login': "SP-initiated SAML: redirects to the provider's SingleSignOnService with an AuthnRequest; signs nobody in",
  'GET /oidc/login': "OIDC sign-in start: discovery and the redirect to the provider (PKCE, state, nonce kept server-side); signs nobody in",
  'GET /oidc/callback':
    "OIDC callback: the code exchanged, the ID token verified (AssumeRoleWithWebIdentity's verifier); the sign-in itself is sts:AssumeRoleWithWebIdentity through dispatch(), decided by the role's trust policy, audited in the role's account",
  'POST /oidc/select': "OIDC role choice: takes the browser's one-time pending sign-in; the sign-in is sts:AssumeRoleWithWebIdentity through dispatch()",
  'GET /api/federation/providers': 'sign-in page: names the identity providers of the account typed (as its sign-in links), nothing else; no caller yet',
};

const ACCOUNT = '135792468013';
const PASSWORD = 'Console-Routes-Pass-1!';
const DENY_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*' },
  ],
});

let database: TestDatabase;
let app: App;
let server: Server;
let endpoint: string;
let root: ConsoleClient;
/** A user whose policies allow everything and explicitly deny everything. */
let denied: ConsoleClient;
let deniedKey: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  database = await createTestDatabase();
  // With a built console, so its page route is listed too.
  const webDistDir = mkdtempSync(path.join(tmpdir(), 'portcullis-web-'));
  writeFileSync(path.join(webDistDir, 'index.html'), '<!doctype html><title>Portcullis</title>');
  app = createApp({ db: database.db, secrets: createSecretBox(parseMasterKey(newMasterKey())), logger: createLogger('silent'), webDistDir });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await rootClient(app, ACCOUNT);
  await createConsoleUser('denied', { policy: DENY_ALL });
  const { AccessKey } = await root.ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>('iam', 'CreateAccessKey', { UserName: 'denied' });
  deniedKey = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  denied = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'denied', password: PASSWORD });
  await root.ok('iam', 'CreateRole', {
    RoleName: 'switch-target',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
  });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await database?.drop();
});

async function createConsoleUser(name: string, options: { policy?: string; resetRequired?: boolean } = {}): Promise<void> {
  await root.ok('iam', 'CreateUser', { UserName: name });
  await root.ok('iam', 'CreateLoginProfile', { UserName: name, Password: PASSWORD, PasswordResetRequired: options.resetRequired ?? false });
  if (options.policy) await root.ok('iam', 'PutUserPolicy', { UserName: name, PolicyName: 'policy', PolicyDocument: options.policy });
}

const post = (client: ConsoleClient, url: string, body: object) => client.agent.post(url).set('x-csrf-token', client.csrfToken).send(body);

interface Refusal {
  status: number;
  code: string;
  message: string;
}
const restRefusal = (r: request.Response): Refusal => ({ status: r.status, code: r.body.error?.code, message: r.body.error?.message });
const sdkRefusal = (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }): Refusal => ({ status: error.$metadata?.httpStatusCode ?? 0, code: error.name, message: error.message });

/** How each dispatching route is called by the denied user: the reply must be a refusal. */
const DISPATCHED: Record<string, () => Promise<Refusal>> = {
  'ALL /': async () => {
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials: deniedKey, maxAttempts: 1 });
    return sdkRefusal(await iam.send(new ListUsersCommand({})).then(() => ({ name: 'allowed', message: '' }), (e: Error) => e));
  },
  'POST /': async () => {
    const organizations = new OrganizationsClient({ endpoint, region: 'us-east-1', credentials: deniedKey, maxAttempts: 1 });
    return sdkRefusal(await organizations.send(new ListAccountsCommand({})).then(() => ({ name: 'allowed', message: '' }), (e: Error) => e));
  },
  'POST /api/:service/:action': async () => restRefusal(await denied.call('iam', 'ListUsers')),
  'POST /api/session/change-password': async () => restRefusal(await post(denied, '/api/session/change-password', { oldPassword: PASSWORD, newPassword: 'Changed-Pass-2!' })),
  'POST /api/session/switch-role': async () => restRefusal(await post(denied, '/api/session/switch-role', { account: ACCOUNT, roleName: 'switch-target' })),
  'POST /api/mfa/webauthn/registration-options': async () => restRefusal(await post(denied, '/api/mfa/webauthn/registration-options', {})),
  'POST /api/mfa/webauthn/registration': async () =>
    restRefusal(await post(denied, '/api/mfa/webauthn/registration', { DeviceName: 'key', registrationToken: 'token', response: { id: 'id', rawId: 'id', type: 'public-key', response: {} } })),
};

// App 5 (router 2) internals: a layer is a route, a mounted router, or a middleware function.
interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | RegExp;
  slash?: boolean;
}

/** Every route of a router stack as "METHOD /path", mounted routers walked with their mount path. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const route = layer.route;
      return Object.keys(route.methods).map((method) => `${method === '_all' ? 'ALL' : method.toUpperCase()} ${prefix}${String(route.path)}`);
    }
    const mount = layer.slash ? '' : String(layer.rawPath ?? '');
    if (layer.handle.stack) return routesOf(layer.handle.stack, prefix + mount);
    // A function mounted under a path of its own answers requests there: a route in disguise.
    return mount && mount !== '/' ? [`USE ${prefix}${mount}`] : [];
  });
}

describe('every route', () => {
  it('is listed: dispatched (with a deny probe below) or allowed without dispatch, for a stated reason', () => {
    // The Query API is answered by the front door, before Express (front-door.ts); the rest are Express's.
    const routes = [...app.directRoutes, ...routesOf((app.express as unknown as { router: { stack: Layer[] } }).router.stack)];
    expect(routes).toContain('POST /api/:service/:action');
    const unlisted = routes.filter((route) => !(route in NOT_DISPATCHED) && !(route in DISPATCHED));
    expect(unlisted, 'routes that must go through dispatch() (add a deny probe to DISPATCHED) or be justified in NOT_DISPATCHED').toEqual([]);
    const stale = [...Object.keys(NOT_DISPATCHED), ...Object.keys(DISPATCHED)].filter((route) => !routes.includes(route));
    expect(stale, 'listed routes the app no longer has').toEqual([]);
  });

  it.each(Object.keys(DISPATCHED))('%s refuses a caller whose policies explicitly deny it', async (route) => {
    const refusal = await DISPATCHED[route]!();
    expect(refusal.status, JSON.stringify(refusal)).toBe(403);
    expect(refusal.code).toMatch(/^AccessDenied(Exception)?$/);
    expect(refusal.message).toContain('with an explicit deny');
  });
});

describe('POST /api/session/change-password (finding 13)', () => {
  it('is iam:ChangePassword through the dispatcher: an explicit Deny refuses it, the password stays, and the refusal is audited', async () => {
    const res = await post(denied, '/api/session/change-password', { oldPassword: PASSWORD, newPassword: 'Changed-Pass-3!' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/denied is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${ACCOUNT}:user/denied with an explicit deny in an identity-based policy`);
    await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'denied', password: PASSWORD });
    const event = await database.db.auditEvent.findFirst({ where: { action: 'iam:ChangePassword', principalArn: `arn:aws:iam::${ACCOUNT}:user/denied`, decision: 'denied' } });
    expect(event).toMatchObject({ resource: `arn:aws:iam::${ACCOUNT}:user/denied`, errorCode: 'AccessDenied', protocol: 'rest' });
  });

  it('stays open to a session that must change its password (and only it), then lets it continue', async () => {
    await createConsoleUser('newcomer', { resetRequired: true });
    // What AWS's console attaches when a new user must reset a password it may not change.
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'newcomer', PolicyArn: 'arn:aws:iam::aws:policy/IAMUserChangePassword' });
    await root.ok('iam', 'PutUserPolicy', { UserName: 'newcomer', PolicyName: 'rest', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:EnableMFADevice', 'sts:AssumeRole'], Resource: '*' }] }) });
    const newcomer = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'newcomer', password: PASSWORD });
    for (const res of [
      await newcomer.call('iam', 'GetUser'),
      await post(newcomer, '/api/mfa/webauthn/registration-options', {}),
      await post(newcomer, '/api/session/switch-role', { account: ACCOUNT, roleName: 'switch-target' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('PasswordResetRequired');
    }
    const changed = await post(newcomer, '/api/session/change-password', { oldPassword: PASSWORD, newPassword: 'Newcomer-Pass-2!' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    await newcomer.ok('iam', 'GetUser');
    await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'newcomer', password: 'Newcomer-Pass-2!' });
    expect(await database.db.auditEvent.count({ where: { action: 'iam:ChangePassword', principalArn: `arn:aws:iam::${ACCOUNT}:user/newcomer`, decision: 'allowed' } })).toBe(1);
  });

  it('needs iam:ChangePassword like the API: without it the user is refused, as in AWS', async () => {
    await createConsoleUser('unprivileged', { resetRequired: true });
    const user = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'unprivileged', password: PASSWORD });
    const res = await post(user, '/api/session/change-password', { oldPassword: PASSWORD, newPassword: 'Unprivileged-Pass-2!' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
    await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'unprivileged', password: PASSWORD });
  });

  it('changes the root password, audited as iam:ChangePassword by the root user', async () => {
    const bad = await post(root, '/api/session/change-password', { oldPassword: 'Not-The-Password-1!', newPassword: 'Root-Changed-Pass-2!' });
    expect(restRefusal(bad)).toEqual({ status: 400, code: 'InvalidUserType', message: 'The old password is incorrect.' });
    const res = await post(root, '/api/session/change-password', { oldPassword: 'Root-Password-1', newPassword: 'Root-Changed-Pass-2!' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await signIn(app, { kind: 'root', email: `root-${ACCOUNT}@example.com`, password: 'Root-Changed-Pass-2!' });
    const events = await database.db.auditEvent.findMany({ where: { action: 'iam:ChangePassword', principalArn: `arn:aws:iam::${ACCOUNT}:root` }, select: { decision: true, errorCode: true } });
    expect(events).toEqual(expect.arrayContaining([{ decision: 'allowed', errorCode: null }, { decision: 'allowed', errorCode: 'InvalidUserType' }]));
  });
});

describe('POST /api/mfa/webauthn/registration-options (finding 17)', () => {
  const VICTIM_CREDENTIAL = 'victim-security-key-credential-id';

  beforeAll(async () => {
    await createConsoleUser('victim');
    const victim = await database.db.user.findFirstOrThrow({ where: { name: 'victim' } });
    await database.db.mfaDevice.create({ data: { serialNumber: `arn:aws:iam::${ACCOUNT}:u2f/user/victim/key-1`, accountId: ACCOUNT, userId: victim.id, name: 'key-1', type: 'fido', credentialId: VICTIM_CREDENTIAL, enabledAt: new Date() } });
  });

  it('tells a caller without iam:EnableMFADevice on the user nothing: the same AccessDenied for a real and an unknown user', async () => {
    await createConsoleUser('nosy', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }) });
    const nosy = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'nosy', password: PASSWORD });
    const real = await post(nosy, '/api/mfa/webauthn/registration-options', { UserName: 'victim' });
    const unknown = await post(nosy, '/api/mfa/webauthn/registration-options', { UserName: 'ghost' });
    const victimId = (await database.db.user.findFirstOrThrow({ where: { name: 'victim' } })).id;
    for (const [res, name] of [[real, 'victim'], [unknown, 'ghost']] as const) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AccessDenied');
      expect(res.body.error.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/nosy is not authorized to perform: iam:EnableMFADevice on resource: arn:aws:iam::${ACCOUNT}:user/${name} because no identity-based policy allows the iam:EnableMFADevice action`);
      expect(res.text).not.toContain(VICTIM_CREDENTIAL);
      expect(res.text).not.toContain(Buffer.from(`${ACCOUNT}:${victimId}`).toString('base64url'));
    }
    expect(await database.db.auditEvent.count({ where: { action: 'iam:EnableMFADevice', principalArn: `arn:aws:iam::${ACCOUNT}:user/nosy`, decision: 'denied' } })).toBe(2);
  });

  it('gives a caller allowed iam:EnableMFADevice on the user its options, excluding the keys it has', async () => {
    await createConsoleUser('mfa-admin', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:EnableMFADevice', Resource: `arn:aws:iam::${ACCOUNT}:user/*` }] }) });
    const admin = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'mfa-admin', password: PASSWORD });
    const res = await post(admin, '/api/mfa/webauthn/registration-options', { UserName: 'victim' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.options.user.name).toBe('victim');
    expect(res.body.options.excludeCredentials).toEqual([expect.objectContaining({ id: VICTIM_CREDENTIAL })]);
    expect(res.body.registrationToken).toEqual(expect.any(String));
    // Allowed to act on any user, it may learn that one does not exist, as EnableMFADevice says.
    const unknown = await post(admin, '/api/mfa/webauthn/registration-options', { UserName: 'ghost' });
    expect(restRefusal(unknown)).toEqual({ status: 404, code: 'NoSuchEntity', message: 'The user with name ghost cannot be found.' });
  });
});
