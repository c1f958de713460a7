/**
 * Console sign-in through an OpenID Connect provider registered in IAM (beyond AWS, whose console
 * takes SAML only): the authorization-code flow with PKCE — discovery, the redirect to the
 * provider (one of its IAM client IDs as client_id), the callback, the code exchanged for an ID
 * token — then the ID token verified by AssumeRoleWithWebIdentity's own verifier, the roles whose
 * trust policies allow it offered as SAML's are, and the sign-in itself AssumeRoleWithWebIdentity
 * through dispatch() (audited in the role's account). State, nonce and PKCE verifier stay
 * server-side under the browser's one-time pending token.
 * https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * https://datatracker.ietf.org/doc/html/rfc7636
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import cookieParser from 'cookie-parser';
import { compilePolicy, evaluateTrustPolicy } from '@portcullis/policy';
import { anonymousCaller } from '../actions/action';
import { assumeRoleWithWebIdentity } from '../actions/sts/federation.actions';
import { sessionTagContext, verifyWebIdentityToken, webIdentityContext, webIdentitySessionTags, type VerifiedWebIdentity } from '../actions/sts/oidc';
import { dispatch, type DispatchDeps } from '../dispatch';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { randomToken, secretsEqual } from '../crypto/secrets';
import { accountIdFor, roleChoicePage, safeRedirect, sendErrorPage, startFederatedSession, startPending, takePending } from './federated-sign-in';

interface PendingAuthorization {
  accountId: string;
  providerArn: string;
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirect: string;
}

interface PendingRoleChoice {
  providerArn: string;
  idToken: string;
  sessionName: string;
  roles: { roleArn: string }[];
  formToken: string;
  redirect: string;
}

const oidcError = (message: string, code = 'InvalidIdentityToken') => new AwsError(code, message, 400);
const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** A role session name from the token's claims (email, preferred_username, then sub), as STS accepts it. */
export function sessionNameFromClaims(identity: VerifiedWebIdentity): string {
  const { claims } = identity;
  for (const value of [claims.email, claims.preferred_username, identity.subject]) {
    if (typeof value !== 'string') continue;
    const name = value.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
    if (name.length >= 2) return name;
  }
  return 'oidc-user';
}

async function fetchJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function allowedUrl(value: unknown, allowHttp: boolean): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  } catch {
    return false;
  }
}

export function oidcSignInRoutes(deps: DispatchDeps): Router {
  const { db } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const cookies = cookieParser();
  const clock = () => deps.now?.() ?? new Date();
  const allowHttp = deps.oidcAllowHttpIssuers === true;
  const redirectUri = `${deps.publicUrl.replace(/\/+$/, '')}/oidc/callback`;

  // Start: discovery, then the authorization request with PKCE (S256), state and nonce.
  router.get('/oidc/login', cookies, async (req, res) => {
    try {
      const account = typeof req.query.account === 'string' ? req.query.account : '';
      const providerId = typeof req.query.provider === 'string' ? req.query.provider : '';
      const accountId = account ? await accountIdFor(db, account) : undefined;
      const provider = accountId && providerId ? await db.openIdConnectProvider.findFirst({ where: { id: providerId, accountId } }) : null;
      if (!provider || provider.clientIds.length === 0) throw new AwsError('NoSuchEntity', messages.oidcProviderUnknown, 404);
      const clientId = typeof req.query.client === 'string' && provider.clientIds.includes(req.query.client) ? req.query.client : provider.clientIds[0]!;
      const issuer = `${allowHttp ? 'http' : 'https'}://${provider.url.replace(/\/+$/, '')}`;
      let discovery: Record<string, unknown>;
      try {
        discovery = await fetchJson(`${issuer}/.well-known/openid-configuration`);
      } catch {
        throw new AwsError('IDPCommunicationError', messages.idpCommunicationError, 400);
      }
      if (!allowedUrl(discovery.authorization_endpoint, allowHttp) || !allowedUrl(discovery.token_endpoint, allowHttp)) {
        throw new AwsError('IDPCommunicationError', messages.idpCommunicationError, 400);
      }
      const pending: PendingAuthorization = {
        accountId: provider.accountId,
        providerArn: provider.arn,
        issuer,
        clientId,
        tokenEndpoint: discovery.token_endpoint,
        state: randomToken(),
        nonce: randomToken(),
        codeVerifier: randomToken(48),
        redirect: safeRedirect(typeof req.query.redirect === 'string' ? req.query.redirect : undefined),
      };
      await startPending(db, req, res, 'oidc-auth', pending, clock());
      const url = new URL(discovery.authorization_endpoint);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('scope', 'openid email profile');
      url.searchParams.set('state', pending.state);
      url.searchParams.set('nonce', pending.nonce);
      url.searchParams.set('code_challenge', base64url(createHash('sha256').update(pending.codeVerifier).digest()));
      url.searchParams.set('code_challenge_method', 'S256');
      res.redirect(302, url.toString());
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  /** AssumeRoleWithWebIdentity through the dispatcher, then the console session as the role. */
  async function signInAs(req: Request, res: Response, roleArn: string, idToken: string, sessionName: string, providerArn: string, redirect: string) {
    const output = (await dispatch(deps, {
      action: assumeRoleWithWebIdentity,
      input: { RoleArn: roleArn, RoleSessionName: sessionName, WebIdentityToken: idToken, DurationSeconds: 3600 },
      caller: anonymousCaller({ sourceIp: req.ip ?? '127.0.0.1', secureTransport: req.secure, userAgent: req.get('user-agent') ?? '', protocol: 'rest' }),
      requestId: req.requestId,
    })) as { Credentials: { AccessKeyId: string; Expiration: Date } };
    await startFederatedSession(db, req, res, { accountId: roleArn.split(':')[4]!, credentialId: output.Credentials.AccessKeyId, expiresAt: output.Credentials.Expiration, providerArn });
    res.redirect(303, redirect);
  }

  // The provider's redirect back: state checked, code exchanged (with the PKCE verifier), the ID
  // token verified as AssumeRoleWithWebIdentity verifies it, its nonce checked, the roles offered.
  router.get('/oidc/callback', cookies, async (req, res) => {
    try {
      const now = clock();
      const pending = await takePending<PendingAuthorization>(db, req, res, 'oidc-auth', now);
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      if (!secretsEqual(state, pending.state)) throw new AwsError('FederatedSignInExpired', messages.federatedSignInExpired, 400);
      if (typeof req.query.error === 'string') throw oidcError(messages.oidcCallbackError(req.query.error.slice(0, 200)), 'AccessDenied');
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      let idToken: unknown;
      try {
        const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: pending.clientId, code_verifier: pending.codeVerifier });
        ({ id_token: idToken } = await fetchJson(pending.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body }));
      } catch {
        throw oidcError(messages.oidcTokenExchangeFailed, 'IDPCommunicationError');
      }
      if (typeof idToken !== 'string') throw oidcError(messages.oidcTokenExchangeFailed, 'IDPCommunicationError');
      const identity = await verifyWebIdentityToken(db, pending.accountId, idToken, now, allowHttp);
      if (identity.providerArn !== pending.providerArn) throw oidcError(messages.noOidcProviderForIssuer(identity.issuer));
      // SECURITY: the token answers this authorization request, not one replayed from elsewhere.
      if (typeof identity.claims.nonce !== 'string' || !secretsEqual(identity.claims.nonce, pending.nonce)) throw oidcError(messages.oidcNonceMismatch);
      const sessionName = sessionNameFromClaims(identity);
      const roles = await trustingRoles(pending.accountId, identity, sessionName, req, now);
      if (roles.length === 0) throw new AwsError('AccessDenied', messages.federatedNoRoleTrusts, 403);
      if (roles.length === 1) return await signInAs(req, res, roles[0]!.roleArn, idToken, sessionName, identity.providerArn, pending.redirect);
      const choice: PendingRoleChoice = { providerArn: identity.providerArn, idToken, sessionName, roles, formToken: randomToken(), redirect: pending.redirect };
      await startPending(db, req, res, 'oidc-roles', choice, now);
      res.type('html').send(await roleChoicePage(db, roles, '/oidc/select', choice.formToken, `Sign in through ${identity.providerUrl}`));
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  router.post('/oidc/select', form, cookies, async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const pending = await takePending<PendingRoleChoice>(db, req, res, 'oidc-roles', clock());
      if (typeof body.formToken !== 'string' || !secretsEqual(body.formToken, pending.formToken)) throw new AwsError('FederatedSignInExpired', messages.federatedSignInExpired, 400);
      const role = /^\d{1,3}$/.test(String(body.roleIndex)) ? pending.roles[Number(body.roleIndex)] : undefined;
      if (!role) throw new AwsError('InvalidInput', messages.federatedRoleNotOffered, 400);
      await signInAs(req, res, role.roleArn, pending.idToken, pending.sessionName, pending.providerArn, pending.redirect);
    } catch (error) {
      sendErrorPage(req, res, error);
    }
  });

  /**
   * The roles of the account whose trust policy allows sts:AssumeRoleWithWebIdentity for this
   * provider and token — evaluated by the engine with the keys AssumeRoleWithWebIdentity uses —
   * and, when the token passes session tags (its https://aws.amazon.com/tags claim),
   * sts:TagSession for them. What is offered is only a menu: dispatch() decides the sign-in again.
   */
  async function trustingRoles(accountId: string, identity: VerifiedWebIdentity, sessionName: string, req: Request, now: Date) {
    const { tags, transitiveTagKeys } = webIdentitySessionTags(identity);
    const candidates = await db.role.findMany({ where: { accountId, assumeRolePolicyDocument: { contains: 'AssumeRoleWithWebIdentity' } }, select: { arn: true, assumeRolePolicyDocument: true }, orderBy: { name: 'asc' }, take: 1000 });
    const context = {
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:SourceIp': req.ip ?? '127.0.0.1',
      'aws:SecureTransport': req.secure ? 'true' : 'false',
      'aws:UserAgent': req.get('user-agent') ?? '',
      'aws:RequestedRegion': 'us-east-1',
      ...webIdentityContext(identity),
      'sts:RoleSessionName': sessionName,
      ...sessionTagContext(tags, transitiveTagKeys),
    };
    const actions = ['sts:AssumeRoleWithWebIdentity', ...(tags.length ? ['sts:TagSession'] : [])];
    return candidates
      .filter((role) => {
        try {
          const policy = compilePolicy({ id: `${role.arn}#trust`, document: role.assumeRolePolicyDocument, type: 'resource' });
          const principal = { federated: identity.providerArn, accountId };
          return actions.every((action) => evaluateTrustPolicy(policy, { roleArn: role.arn, action, principal, context }).decision === 'allowed');
        } catch {
          return false;
        }
      })
      .map((role) => ({ roleArn: role.arn }));
  }

  return router;
}
