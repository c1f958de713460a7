/**
 * Verifying an OpenID Connect ID token for AssumeRoleWithWebIdentity: the IAM OIDC provider of
 * the token's issuer in the role's account, the issuer's keys (discovery document → jwks_uri,
 * fetched and cached by jose), the signature, the times, and the audience.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import type { Db } from '../../db/client';

export const invalidIdentityToken = (message: string) => new AwsError('InvalidIdentityToken', message, 400);
export const expiredToken = (message: string) => new AwsError('ExpiredTokenException', message, 400);
const idpCommunicationError = () =>
  new AwsError('IDPCommunicationError', messages.idpCommunicationError, 400);

export interface VerifiedWebIdentity {
  providerArn: string;
  /** The provider's URL as IAM names it (no scheme): the prefix of its condition keys. */
  providerUrl: string;
  issuer: string;
  subject: string;
  /** The audience the token was issued to (azp when present, as AWS uses it, else aud). */
  audience: string;
  claims: JWTPayload;
}

type Jwks = ReturnType<typeof createRemoteJWKSet>;
/** Discovery documents and key sets, by issuer and jwks_uri (jose refreshes keys itself). */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const discovery = new Map<string, { jwksUri: string; fetchedAt: number }>();
const keySets = new Map<string, Jwks>();
const MAX_CACHED = 1000;

/** The provider URL IAM stores for an issuer: without the scheme. */
function providerUrlOf(issuer: string): string {
  return issuer.replace(/^https?:\/\//i, '');
}

async function jwksFor(issuer: string, allowHttp: boolean): Promise<Jwks> {
  let entry = discovery.get(issuer);
  if (!entry || Date.now() - entry.fetchedAt > DISCOVERY_TTL_MS) {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as { jwks_uri?: unknown };
    } catch {
      throw idpCommunicationError();
    }
    if (typeof document.jwks_uri !== 'string' || !isAllowedUrl(document.jwks_uri, allowHttp)) throw idpCommunicationError();
    if (discovery.size >= MAX_CACHED) discovery.clear();
    entry = { jwksUri: document.jwks_uri, fetchedAt: Date.now() };
    discovery.set(issuer, entry);
  }
  let jwks = keySets.get(entry.jwksUri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(entry.jwksUri), { timeoutDuration: 5000 });
    if (keySets.size >= MAX_CACHED) keySets.clear();
    keySets.set(entry.jwksUri, jwks);
  }
  return jwks;
}

function isAllowedUrl(value: string, allowHttp: boolean): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  } catch {
    return false;
  }
}

/**
 * Verifies the token for a role in `accountId`. Errors as AWS names them: InvalidIdentityToken
 * (no provider, bad signature, wrong audience, malformed), ExpiredTokenException,
 * IDPCommunicationError (the issuer's keys could not be fetched).
 */
export async function verifyWebIdentityToken(db: Db, accountId: string, token: string, now: Date, allowHttp: boolean): Promise<VerifiedWebIdentity> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw invalidIdentityToken(messages.webIdentityTokenUnparseable);
  }
  const issuer = unverified.iss;
  if (typeof issuer !== 'string' || !issuer) throw invalidIdentityToken(messages.webIdentityTokenMissingIssuer);
  const url = providerUrlOf(issuer);
  const provider = await db.openIdConnectProvider.findFirst({
    where: { accountId, url: { in: [url, url.replace(/\/+$/, ''), `${url.replace(/\/+$/, '')}/`] } },
  });
  if (!provider || !isAllowedUrl(issuer, allowHttp)) throw invalidIdentityToken(messages.noOidcProviderForIssuer(issuer));
  const jwks = await jwksFor(issuer, allowHttp);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, jwks, { issuer, currentDate: now, requiredClaims: ['sub', 'aud', 'exp'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw expiredToken(messages.webIdentityTokenExpired);
    if (error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_TIMEOUT') throw idpCommunicationError();
    if (error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_NO_MATCHING_KEY') throw invalidIdentityToken(messages.noMatchingJwksKey);
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw invalidIdentityToken(messages.webIdentityTokenClaimInvalid(error.message));
    if (error instanceof joseErrors.JOSEError) throw invalidIdentityToken(messages.webIdentityTokenNotValidated);
    throw error;
  }
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  const accepted = [...audiences, ...(azp ? [azp] : [])].find((a) => provider.clientIds.includes(a));
  if (!accepted) throw invalidIdentityToken(messages.incorrectTokenAudience);
  return { providerArn: provider.arn, providerUrl: provider.url.replace(/\/+$/, ''), issuer, subject: String(claims.sub), audience: azp ?? accepted, claims };
}

/**
 * The condition keys a trust policy may test for a web identity: <provider url>:aud (azp when
 * the token has one), :oaud (then the aud), :sub, :amr, plus aws:FederatedProvider.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export function webIdentityContext(identity: VerifiedWebIdentity): Record<string, string | string[]> {
  const prefix = identity.providerUrl;
  const { claims } = identity;
  const context: Record<string, string | string[]> = {
    'aws:FederatedProvider': identity.providerArn,
    [`${prefix}:aud`]: identity.audience,
    [`${prefix}:sub`]: identity.subject,
  };
  if (typeof claims.azp === 'string') context[`${prefix}:oaud`] = typeof claims.aud === 'string' ? claims.aud : (claims.aud ?? []);
  if (Array.isArray(claims.amr)) context[`${prefix}:amr`] = claims.amr.map(String);
  else if (typeof claims.amr === 'string') context[`${prefix}:amr`] = claims.amr;
  if (typeof claims.email === 'string') context[`${prefix}:email`] = claims.email;
  return context;
}
