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

/** The ID token claim that passes session tags, AWS's namespace for them. */
export const WEB_IDENTITY_TAGS_CLAIM = 'https://aws.amazon.com/tags';
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * The session tags an ID token passes in its `https://aws.amazon.com/tags` claim:
 * `principal_tags` (key → a one-value array, as AWS takes them) and `transitive_tag_keys` (keys
 * it sets). Passing tags needs sts:TagSession in the role's trust policy. A malformed claim is
 * InvalidIdentityToken, as a SAML assertion's bad PrincipalTag attribute is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp
 */
export function webIdentitySessionTags(identity: VerifiedWebIdentity): { tags: { Key: string; Value: string }[]; transitiveTagKeys: string[] } {
  const claim = identity.claims[WEB_IDENTITY_TAGS_CLAIM];
  if (claim === undefined) return { tags: [], transitiveTagKeys: [] };
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw invalidIdentityToken(messages.webIdentityTagsClaimInvalid);
  const { principal_tags: principalTags = {}, transitive_tag_keys: transitive = [] } = claim as Record<string, unknown>;
  if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags)) throw invalidIdentityToken(messages.webIdentityTagsClaimInvalid);
  const tags: { Key: string; Value: string }[] = [];
  const keys = new Set<string>();
  for (const [key, values] of Object.entries(principalTags)) {
    const value: unknown = Array.isArray(values) && values.length === 1 ? values[0] : undefined;
    if (typeof value !== 'string' || !TAG_KEY.test(key) || !TAG_VALUE.test(value) || key.toLowerCase().startsWith('aws:') || keys.has(key.toLowerCase())) {
      throw invalidIdentityToken(messages.webIdentitySessionTagInvalid(key));
    }
    keys.add(key.toLowerCase());
    tags.push({ Key: key, Value: value });
  }
  if (tags.length > 50) throw invalidIdentityToken(messages.webIdentityTooManySessionTags);
  if (!Array.isArray(transitive)) throw invalidIdentityToken(messages.webIdentityTagsClaimInvalid);
  for (const key of transitive) if (typeof key !== 'string' || !keys.has(key.toLowerCase())) throw invalidIdentityToken(messages.webIdentitySessionTagInvalid(String(key)));
  return { tags, transitiveTagKeys: transitive as string[] };
}

/** The request keys of passing session tags (none without tags): trust policies test them for sts:TagSession and the assume action alike. */
export function sessionTagContext(tags: { Key: string; Value: string }[], transitiveTagKeys: string[]): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  return {
    ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])),
    'aws:TagKeys': tags.map((t) => t.Key),
    ...(transitiveTagKeys.length ? { 'sts:TransitiveTagKeys': transitiveTagKeys } : {}),
  };
}
