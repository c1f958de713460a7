/**
 * Console single sign-on through the identity providers IAM models: SAML 2.0 as AWS's sign-in
 * endpoint does it (POST /saml, the role choice, the SP metadata, SP-initiated AuthnRequests),
 * and OpenID Connect's authorization-code flow with PKCE (federated-oidc.ts).
 *
 * The sign-in itself is AssumeRoleWithSAML / AssumeRoleWithWebIdentity run by dispatch(): the
 * same verifier and target as the STS API, the role's trust policy decides, and the event is in
 * the role's account's audit log. These routes only carry the browser between the steps — the
 * verified response kept server-side under a one-time token bound to this browser (an HttpOnly
 * cookie), minutes long — and open the console session as the role session, as Switch role does.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-saml.html
 */
import { deflateRawSync } from 'node:zlib';
import { randomUUID, sign } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import express, { type Request, type Response, type Router } from 'express';
import cookieParser from 'cookie-parser';
import type { Db } from '../db/client';
import { anonymousCaller } from '../actions/action';
import { consoleSignInWithSaml } from '../actions/sts/federation.actions';
import { samlRolePairs, unverifiedSamlProviderArns, verifySamlAssertion, type VerifiedSamlAssertion } from '../actions/sts/saml';
import { invalidIdentityToken } from '../actions/sts/oidc';
import { dispatch, type DispatchDeps } from '../dispatch';
import { AwsError, toAwsError } from '../errors';
import { messages } from '../messages';
import { randomToken, secretsEqual, sha256Hex } from '../crypto/secrets';
import { parseSamlMetadata } from '../iam/identity-providers';
import { SESSION_COOKIE } from './console-session';
import { loadSpSigningKey, type SpSigningKey } from './federated-sp-key';
import { logUnhandled } from '../front-door';

/** The cookie that binds a pending federated sign-in (role choice, OIDC callback) to this browser. */
export const PENDING_COOKIE = 'portcullis_federation';
/** How long a pending sign-in waits for its next step. */
export const PENDING_TTL_MS = 5 * 60 * 1000;
/** The SAML entity ID of this service provider: AWS's, so IdP configurations made for AWS work. */
export const SP_ENTITY_ID = 'urn:amazon:webservices';
/** Clock skew allowed on assertion times (as the verifier allows). */
const SKEW_MS = 5 * 60 * 1000;
/** A Response naming more SAML providers than this is not tried against each. */
const MAX_PROVIDERS_TRIED = 5;

export const samlAcsUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/saml`;

/** A role the sign-in offers, with its account (for the role choice). */
export interface OfferedRole {
  roleArn: string;
  principalArn: string;
}

export interface PendingSamlSignIn {
  providerArn: string;
  samlResponse: string;
  roles: OfferedRole[];
  /** SECURITY: also in the role-choice form; the cookie alone does not complete a sign-in. */
  formToken: string;
  relayState?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of the sign-in flow: plain HTML (no script), AWS's sign-in look in a few lines of CSS. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Amazon Ember",Helvetica,Arial,sans-serif;background:#f2f3f3;margin:0;color:#16191f}main{max-width:640px;margin:48px auto;background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 4px #0002}h1{font-size:22px}fieldset{border:1px solid #d5dbdb;border-radius:4px;margin:0 0 16px;padding:8px 16px}legend{font-weight:bold}label{display:block;padding:6px 0}button{background:#ff9900;border:0;border-radius:4px;padding:8px 20px;font-weight:bold;cursor:pointer}.error{border-left:4px solid #d13212;padding-left:12px}code{color:#545b64}</style>
</head><body><main>${body}</main></body></html>`;
}

/** Answers a failed sign-in step with a clear page: the error's status (4xx), code and message, no stack. */
export function sendErrorPage(req: Request, res: Response, error: unknown): void {
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) logUnhandled(req, error, 'federated sign-in failed');
  const status = aws?.status ?? 500;
  const code = aws?.code ?? 'InternalFailure';
  const message = aws?.message ?? messages.console.internalFailure;
  res
    .status(status)
    .type('html')
    .send(
      page(
        'Sign-in failed',
        `<h1>Your sign-in could not be completed</h1><p class="error" role="alert" data-code="${escapeHtml(code)}">${escapeHtml(message)}</p><p><code>${escapeHtml(code)}</code> · request ${escapeHtml(req.requestId ?? '')}</p><p><a href="/">Back to sign-in</a></p>`,
      ),
    );
}

/** Where to go after signing in: RelayState when it is a path of this console, else its home. */
export function safeRedirect(relayState: string | undefined): string {
  if (!relayState || !relayState.startsWith('/') || relayState.startsWith('//') || /[\\\s]/.test(relayState)) return '/';
  return relayState;
}

/** Stores a pending sign-in step and binds it to this browser with a one-time cookie token. */
export async function startPending(db: Db, req: Request, res: Response, kind: string, data: object, now: Date): Promise<void> {
  const token = randomToken();
  // Expired steps are swept as new ones start (they are never read once expired).
  await db.pendingFederatedSignIn.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.pendingFederatedSignIn.create({ data: { id: sha256Hex(token), kind, data: data as never, expiresAt: new Date(now.getTime() + PENDING_TTL_MS) } });
  res.cookie(PENDING_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: PENDING_TTL_MS });
}

/**
 * Takes the browser's pending sign-in step of `kind`: read and deleted in one statement, so it
 * completes at most once. Expired, unknown, or of another kind: FederatedSignInExpired.
 */
export async function takePending<T>(db: Db, req: Request, res: Response, kind: string, now: Date): Promise<T> {
  const token = req.cookies?.[PENDING_COOKIE] as string | undefined;
  res.clearCookie(PENDING_COOKIE, { path: '/' });
  const expired = () => new AwsError('FederatedSignInExpired', messages.federatedSignInExpired, 400);
  if (!token) throw expired();
  const [row] = await db.$queryRaw<{ kind: string; data: unknown; expiresAt: Date }[]>`DELETE FROM "PendingFederatedSignIn" WHERE id = ${sha256Hex(token)} RETURNING kind, data, "expiresAt"`;
  if (!row || row.kind !== kind || row.expiresAt <= now) throw expired();
  return row.data as T;
}

/**
 * Opens the console session of a federated sign-in: the role session's credential, ending when
 * it does (the SessionDuration the IdP asked for). The same session Switch role produces, with
 * the provider recorded so that it never falls back to a user (console-session.ts).
 */
export async function startFederatedSession(db: Db, req: Request, res: Response, session: { accountId: string; credentialId: string; expiresAt: Date; providerArn: string }): Promise<void> {
  const token = randomToken();
  await db.consoleSession.create({
    data: {
      id: sha256Hex(token),
      accountId: session.accountId,
      userId: null,
      csrfToken: randomToken(),
      temporaryCredentialId: session.credentialId,
      federatedProvider: session.providerArn,
      sourceIp: req.ip ?? 'unknown',
      userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
      expiresAt: session.expiresAt,
    },
  });
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: session.expiresAt });
}

const callerOf = (req: Request) => anonymousCaller({ sourceIp: req.ip ?? '127.0.0.1', secureTransport: req.secure, userAgent: req.get('user-agent') ?? '', protocol: 'rest' });

/** AWS's "Select a role" page: the offered roles as radio buttons grouped by account, and Sign in. */
export async function roleChoicePage(db: Db, roles: { roleArn: string }[], action: string, formToken: string, heading: string): Promise<string> {
  const accounts = [...new Set(roles.map((r) => r.roleArn.split(':')[4] ?? ''))].sort();
  const aliases = new Map((await db.account.findMany({ where: { id: { in: accounts } }, select: { id: true, alias: true } })).map((a) => [a.id, a.alias]));
  const groups = accounts
    .map((account) => {
      const alias = aliases.get(account);
      const items = roles
        .map((role, index) => ({ role, index }))
        .filter(({ role }) => role.roleArn.split(':')[4] === account)
        .map(({ role, index }) => {
          const name = role.roleArn.slice(role.roleArn.indexOf(':role/') + ':role/'.length);
          return `<label><input type="radio" name="roleIndex" value="${index}" required${index === 0 ? ' checked' : ''}> ${escapeHtml(name.split('/').pop() ?? name)} <code>${escapeHtml(role.roleArn)}</code></label>`;
        })
        .join('');
      return `<fieldset><legend>Account: ${escapeHtml(alias ? `${alias} (${account})` : account)}</legend>${items}</fieldset>`;
    })
    .join('');
  return page(
    'Select a role',
    `<h1>${escapeHtml(heading)}</h1><p>Select a role:</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="formToken" value="${escapeHtml(formToken)}">${groups}<button type="submit">Sign in</button></form>`,
  );
}

/** This service provider's SAML metadata: what an IdP imports (AWS serves its own at signin.aws.amazon.com/static/saml-metadata.xml). `certificate`: the AuthnRequest signing certificate, DER in base64. */
export function spMetadata(acsUrl: string, certificate: string): string {
  const attribute = (name: string, friendly: string, required: boolean) =>
    `<md:RequestedAttribute isRequired="${required}" Name="${name}" FriendlyName="${friendly}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${SP_ENTITY_ID}">
  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:AssertionConsumerService index="1" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeHtml(acsUrl)}"/>
    <md:AttributeConsumingService index="1">
      <md:ServiceName xml:lang="en">Portcullis console</md:ServiceName>
      ${attribute('https://aws.amazon.com/SAML/Attributes/Role', 'Role', true)}
      ${attribute('https://aws.amazon.com/SAML/Attributes/RoleSessionName', 'RoleSessionName', true)}
      ${attribute('https://aws.amazon.com/SAML/Attributes/SessionDuration', 'SessionDuration', false)}
    </md:AttributeConsumingService>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** The account an IdP sign-in starts for: by 12-digit ID or alias, as the sign-in page takes it. */
export async function accountIdFor(db: Db, account: string): Promise<string | undefined> {
  const text = account.trim().toLowerCase();
  if (/^\d{12}$/.test(text)) return (await db.account.findUnique({ where: { id: text }, select: { id: true } }))?.id;
  return (await db.account.findUnique({ where: { alias: text }, select: { id: true } }))?.id;
}

export function federatedSignInRoutes(deps: DispatchDeps): Router {
  const { db } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '1mb' });
  const acsUrl = samlAcsUrl(deps.publicUrl);
  const clock = () => deps.now?.() ?? new Date();
  // Cookies are read by these routes only (no path-mounted middleware: every route is listed).
  const cookies = cookieParser();

  // The SP signing key, read (or made) once per router; a failed read is tried again next time.
  let signingKey: Promise<SpSigningKey> | undefined;
  const spSigningKey = () => {
    signingKey ??= loadSpSigningKey(db, deps.secrets, SP_ENTITY_ID, clock()).catch((error: unknown) => {
      signingKey = undefined;
      throw error;
    });
    return signingKey;
  };

  router.get('/saml/metadata.xml', async (req, res) => {
    try {
      res.type('application/samlmetadata+xml').send(spMetadata(acsUrl, (await spSigningKey()).certificate));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  /** Runs the console's AssumeRoleWithSAML through the dispatcher and opens the session. */
  async function signInAs(req: Request, res: Response, role: OfferedRole, samlResponse: string, relayState: string | undefined) {
    const output = (await dispatch(deps, {
      action: consoleSignInWithSaml(acsUrl),
      input: { RoleArn: role.roleArn, PrincipalArn: role.principalArn, SAMLAssertion: samlResponse },
      caller: callerOf(req),
      requestId: req.requestId,
    })) as { Credentials: { AccessKeyId: string; Expiration: Date }; RoleAccount: string };
    await startFederatedSession(db, req, res, { accountId: output.RoleAccount, credentialId: output.Credentials.AccessKeyId, expiresAt: output.Credentials.Expiration, providerArn: role.principalArn });
    res.redirect(303, safeRedirect(relayState));
  }

  // AWS's sign-in endpoint: the IdP posts its Response here (IdP- or SP-initiated alike).
  router.post('/saml', form, cookies, async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const samlResponse = typeof body.SAMLResponse === 'string' ? body.SAMLResponse : '';
      const relayState = typeof body.RelayState === 'string' ? body.RelayState.slice(0, 2048) : undefined;
      if (!samlResponse) throw invalidIdentityToken(messages.samlResponseMissing);
      const now = clock();
      // The provider is the one the Role attribute names whose certificates verify the response;
      // nothing else of the unverified XML is read.
      let verified: { assertion: VerifiedSamlAssertion; providerArn: string } | undefined;
      let failure: unknown;
      for (const arn of unverifiedSamlProviderArns(samlResponse).slice(0, MAX_PROVIDERS_TRIED)) {
        const provider = await db.samlProvider.findUnique({ where: { arn } });
        if (!provider) continue;
        try {
          verified = { assertion: verifySamlAssertion(samlResponse, provider, now, { recipients: [acsUrl] }), providerArn: provider.arn };
          break;
        } catch (error) {
          failure ??= error;
        }
      }
      if (!verified) throw failure ?? invalidIdentityToken(messages.samlNoProviderForResponse);
      const { assertion, providerArn } = verified;
      // SECURITY: each assertion signs in once. Its ID (with its issuer) is kept until it expires;
      // a second POST of the same Response — from history, a proxy log — is refused.
      const expiresAt = new Date((assertion.notOnOrAfter?.getTime() ?? now.getTime() + 60 * 60 * 1000) + SKEW_MS);
      await db.usedSamlAssertion.deleteMany({ where: { expiresAt: { lt: now } } });
      const { count } = await db.usedSamlAssertion.createMany({ data: [{ id: sha256Hex(`${assertion.issuer}\n${assertion.assertionId}`), expiresAt }], skipDuplicates: true });
      if (count === 0) throw invalidIdentityToken(messages.samlAssertionReplayed);
      const seen = new Set<string>();
      const roles = samlRolePairs(assertion).filter((p) => p.principalArn === providerArn && !seen.has(p.roleArn) && seen.add(p.roleArn));
      if (roles.length === 0) throw invalidIdentityToken(messages.samlNoRoles);
      if (roles.length === 1) return await signInAs(req, res, roles[0]!, samlResponse, relayState);
      const pending: PendingSamlSignIn = { providerArn, samlResponse, roles, formToken: randomToken(), relayState };
      await startPending(db, req, res, 'saml-roles', pending, now);
      res.type('html').send(await roleChoicePage(db, roles, '/saml/select', pending.formToken, 'Amazon Web Services Sign-In'));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  // The role choice: the pending Response (once), the chosen role among those it offered.
  router.post('/saml/select', form, cookies, async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const pending = await takePending<PendingSamlSignIn>(db, req, res, 'saml-roles', clock());
      if (typeof body.formToken !== 'string' || !secretsEqual(body.formToken, pending.formToken)) throw new AwsError('FederatedSignInExpired', messages.federatedSignInExpired, 400);
      const role = pending.roles[Number(body.roleIndex)];
      if (!/^\d{1,3}$/.test(String(body.roleIndex)) || !role) throw new AwsError('InvalidInput', messages.federatedRoleNotOffered, 400);
      await signInAs(req, res, role, pending.samlResponse, pending.relayState);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  // SP-initiated: an AuthnRequest to the IdP's SingleSignOnService (from its IAM metadata).
  router.get('/saml/login', async (req, res) => {
    try {
      const account = typeof req.query.account === 'string' ? req.query.account : '';
      const name = typeof req.query.provider === 'string' ? req.query.provider : '';
      const accountId = account ? await accountIdFor(db, account) : undefined;
      const provider = accountId && name ? await db.samlProvider.findUnique({ where: { accountId_name: { accountId, name } } }) : null;
      if (!provider) throw new AwsError('NoSuchEntity', messages.samlProviderNotFound(`arn:aws:iam::${accountId ?? account}:saml-provider/${name}`), 404);
      const services = parseSamlMetadata(provider.metadataDocument).singleSignOnServices;
      const redirect = services.find((s) => s.binding === 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect' && /^https?:\/\//.test(s.location));
      const post = services.find((s) => s.binding === 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' && /^https?:\/\//.test(s.location));
      const destination = redirect ?? post;
      if (!destination) throw new AwsError('InvalidInput', messages.samlNoSingleSignOnService(provider.name), 400);
      const request = authnRequest(destination.location, acsUrl, clock());
      const relayState = safeRedirect(typeof req.query.redirect === 'string' ? req.query.redirect : undefined);
      const key = await spSigningKey();
      if (redirect) {
        res.redirect(302, signedRedirectUrl(redirect.location, request, relayState, key));
        return;
      }
      // HTTP-POST binding: a form the person submits (the console's pages run no inline script).
      res.type('html').send(
        page(
          'Continue to your identity provider',
          `<h1>Continue to ${escapeHtml(provider.name)}</h1><form method="post" action="${escapeHtml(post!.location)}"><input type="hidden" name="SAMLRequest" value="${Buffer.from(signedAuthnRequest(request, key)).toString('base64')}"><input type="hidden" name="RelayState" value="${escapeHtml(relayState)}"><button type="submit">Continue</button></form>`,
        ),
      );
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  // What the sign-in page offers for the account typed: its SAML (and OIDC) providers' names.
  router.get('/api/federation/providers', async (req, res) => {
    const account = typeof req.query.account === 'string' ? req.query.account.slice(0, 63) : '';
    const accountId = account ? await accountIdFor(db, account) : undefined;
    if (!accountId) {
      res.json({ providers: [] });
      return;
    }
    const [saml, oidc] = await Promise.all([
      db.samlProvider.findMany({ where: { accountId }, select: { name: true, metadataDocument: true }, orderBy: { name: 'asc' } }),
      db.openIdConnectProvider.findMany({ where: { accountId }, select: { id: true, url: true, clientIds: true }, orderBy: { url: 'asc' } }),
    ]);
    const providers = [
      ...saml
        .filter((p) => {
          try {
            return parseSamlMetadata(p.metadataDocument).singleSignOnServices.some((s) => /^https?:\/\//.test(s.location));
          } catch {
            return false;
          }
        })
        .map((p) => ({ type: 'saml', name: p.name, href: `/saml/login?account=${encodeURIComponent(accountId)}&provider=${encodeURIComponent(p.name)}` })),
      ...oidc.filter((p) => p.clientIds.length > 0).map((p) => ({ type: 'oidc', name: p.url, href: `/oidc/login?account=${encodeURIComponent(accountId)}&provider=${encodeURIComponent(p.id)}` })),
    ];
    res.json({ providers });
  });

  return router;
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/**
 * The HTTP-Redirect binding's URL for `request`, signed as the binding signs (the request itself
 * carries no XML signature): RSA-SHA256 over `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as
 * they appear URL-encoded in the query, then `Signature` appended.
 */
function signedRedirectUrl(location: string, request: string, relayState: string, key: SpSigningKey): string {
  const query = [
    ['SAMLRequest', deflateRawSync(Buffer.from(request)).toString('base64')],
    ['RelayState', relayState],
    ['SigAlg', RSA_SHA256],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value!)}`)
    .join('&');
  const signature = sign('sha256', Buffer.from(query), key.privateKey).toString('base64');
  return `${location}${location.includes('?') ? '&' : '?'}${query}&Signature=${encodeURIComponent(signature)}`;
}

/** The HTTP-POST binding's AuthnRequest: an enveloped XML signature after its Issuer, with the certificate. */
function signedAuthnRequest(request: string, key: SpSigningKey): string {
  const signed = new SignedXml({ privateKey: key.privateKey.export({ type: 'pkcs8', format: 'pem' }), publicCert: `-----BEGIN CERTIFICATE-----\n${key.certificate}\n-----END CERTIFICATE-----`, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#', signatureAlgorithm: RSA_SHA256 });
  signed.addReference({
    xpath: "/*[local-name(.)='AuthnRequest']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signed.computeSignature(request, { location: { reference: "/*[local-name(.)='AuthnRequest']/*[local-name(.)='Issuer']", action: 'after' } });
  return signed.getSignedXml();
}

/** A SAML 2.0 AuthnRequest (signed by the binding that sends it). */
function authnRequest(destination: string, acsUrl: string, now: Date): string {
  return (
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID().replace(/-/g, '')}" Version="2.0" ` +
    `IssueInstant="${now.toISOString()}" Destination="${escapeHtml(destination)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="${escapeHtml(acsUrl)}">` +
    `<saml:Issuer>${SP_ENTITY_ID}</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" AllowCreate="true"/></samlp:AuthnRequest>`
  );
}
