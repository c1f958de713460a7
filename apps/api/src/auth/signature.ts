/**
 * Server-side verification of AWS request signatures — Signature Version 4 (Authorization
 * header and presigned query strings) and Signature Version 2 (query signing) — with
 * node:crypto. No maintained library does this on the server (STACK.md).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * https://docs.aws.amazon.com/general/latest/gr/signature-version-2.html
 *
 * SECURITY: the payload hash is computed from the raw body here, never taken from the client's
 * x-amz-content-sha256 header; signatures are compared in constant time; the request time must
 * be within AWS's 15-minute skew. What a signature covers is exactly what the protocols read:
 * - SigV4 (header): the query string and the body (by our hash of it).
 * - SigV4 presigned: the query string, and the body by its hash; `UNSIGNED-PAYLOAD` (what
 *   botocore's presigner signs) is accepted only for an empty body, so no parameter can ride
 *   along unsigned.
 * - SigV2: the query string and a form-encoded body (`requestParameters`), the only parameters
 *   the Query protocol reads.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../errors';
import { messages } from '../messages';

/** AWS allows requests whose time is within 15 minutes of the server's. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** What the verifier needs of an HTTP request. */
export interface SignedRequest {
  method: string;
  /** The path without the query string, as sent (still percent-encoded). */
  path: string;
  /** The raw query string (without `?`), as sent. */
  rawQuery: string;
  /** Header values by lowercase name. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The claims of a signature, before it is checked against the secret. */
export interface SignatureClaims {
  version: 4 | 2;
  accessKeyId: string;
  /** The service named in the SigV4 scope (iam, sts, ec2…); undefined for SigV2. */
  service?: string;
  region?: string;
  sessionToken?: string;
  /** SigV4: the headers the signature covers (lowercase); SigV2 covers none. */
  signedHeaders: string[];
  /** Checks the signature with the key's secret (constant time). */
  verify(secret: string): boolean;
}

export const missingAuthentication = () => new AwsError('MissingAuthenticationToken', messages.missingAuthenticationToken, 403);
export const incompleteSignature = (message: string) => new AwsError('IncompleteSignature', message, 400);
export const signatureMismatch = (message: string = messages.signatureDoesNotMatch) =>
  new AwsError('SignatureDoesNotMatch', message, 403);

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as AWS requires (encodeURIComponent plus !'()*). */
export function awsUriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function header(req: Pick<SignedRequest, 'headers'>, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parses `a=1&b=2` into decoded pairs, keeping duplicates and order. */
function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery.split('&').filter(Boolean).map((part) => {
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    return [decode(k), decode(v)];
  });
}

/** Is the body form-encoded (`application/x-www-form-urlencoded`, any parameters such as charset)? */
export function isFormEncoded(req: Pick<SignedRequest, 'headers'>): boolean {
  const type = header(req, 'content-type') ?? '';
  return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * A Query request's parameters, in order, duplicates kept: the query string's, then the body's
 * when it is form-encoded — the pairs SigV2 signs. A body of any other type carries none.
 */
export function requestParameters(req: Pick<SignedRequest, 'rawQuery' | 'headers' | 'body'>): [string, string][] {
  const pairs = queryPairs(req.rawQuery);
  return isFormEncoded(req) ? [...pairs, ...queryPairs(req.body.toString('utf8'))] : pairs;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    throw incompleteSignature(messages.malformedQueryString);
  }
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [awsUriEncode(k), awsUriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Each path segment normalised and encoded once (non-S3 services encode the path twice over the raw one; for `/` both agree). */
function canonicalPath(path: string): string {
  if (!path || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => awsUriEncode(awsUriEncode(decode(segment))))
    .join('/');
}

/** 20261124T101500Z → Date */
function parseAmzDate(text: string | undefined): Date | undefined {
  const m = text && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function checkSkew(time: Date, now: Date): void {
  if (Math.abs(now.getTime() - time.getTime()) > MAX_SKEW_MS) {
    throw signatureMismatch(messages.signatureExpiredSkew(formatAmzDate(time), formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS)), formatAmzDate(now)));
  }
}

const formatAmzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function constantTimeHexEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Reads the signature claims of a request, or returns undefined when it carries none (an
 * anonymous request). Throws IncompleteSignature for a malformed one and SignatureDoesNotMatch
 * for a request outside the allowed clock skew.
 */
export function readSignature(req: SignedRequest, now: Date): SignatureClaims | undefined {
  const authorization = header(req, 'authorization');
  if (authorization?.startsWith('AWS4-HMAC-SHA256')) return fromAuthorizationHeader(req, authorization, now);
  if (authorization) throw incompleteSignature(messages.unsupportedAuthorizationType(authorization.split(' ')[0]!));
  const pairs = queryPairs(req.rawQuery);
  const params = new Map(pairs);
  if (params.has('X-Amz-Signature') || params.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') return fromPresignedQuery(req, pairs, now);
  // SigV2 parameters arrive in the query string (GET) or in the form body (POST).
  const v2Pairs = requestParameters(req);
  const v2 = new Map(v2Pairs);
  if (v2.has('Signature') && v2.has('AWSAccessKeyId')) return fromSigV2(req, v2Pairs, now);
  return undefined;
}

function fromAuthorizationHeader(req: SignedRequest, authorization: string, now: Date): SignatureClaims {
  const fields = new Map<string, string>();
  for (const part of authorization.slice('AWS4-HMAC-SHA256'.length).split(',')) {
    const i = part.indexOf('=');
    if (i > 0) fields.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeadersText = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeadersText || !signature) {
    throw incompleteSignature(messages.authorizationHeaderParts(authorization.split(' ')[0]!));
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') throw incompleteSignature(messages.credentialScopeRegion(scope[2] ?? ''));
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  const amzDate = header(req, 'x-amz-date');
  const time = parseAmzDate(amzDate) ?? (header(req, 'date') ? new Date(header(req, 'date')!) : undefined);
  if (!time || Number.isNaN(time.getTime())) throw incompleteSignature(messages.authorizationHeaderDate);
  checkSkew(time, now);
  if (formatAmzDate(time).slice(0, 8) !== scopeDate) throw signatureMismatch(messages.credentialScopeDate);
  const signedHeaders = signedHeadersText.split(';');
  if (!signedHeaders.includes('host')) throw incompleteSignature(messages.hostNotSigned);
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.path),
    canonicalQuery(queryPairs(req.rawQuery)),
    canonicalHeaders,
    signedHeadersText,
    sha256Hex(req.body),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate ?? formatAmzDate(time), `${scopeDate}/${region}/${service}/aws4_request`, sha256Hex(canonicalRequest)].join('\n');
  return {
    version: 4,
    accessKeyId,
    service,
    region,
    sessionToken: header(req, 'x-amz-security-token'),
    signedHeaders,
    verify: (secret) => sigV4Matches(secret, scopeDate, region, service, stringToSign, signature),
  };
}

function fromPresignedQuery(req: SignedRequest, pairs: [string, string][], now: Date): SignatureClaims {
  const params = new Map(pairs);
  const credential = params.get('X-Amz-Credential');
  const amzDate = params.get('X-Amz-Date');
  const signedHeadersText = params.get('X-Amz-SignedHeaders');
  const signature = params.get('X-Amz-Signature');
  const expires = Number(params.get('X-Amz-Expires') ?? '900');
  if (!credential || !amzDate || !signedHeadersText || !signature) throw incompleteSignature(messages.presignedParameters);
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') throw incompleteSignature(messages.credentialScope);
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  const time = parseAmzDate(amzDate);
  if (!time) throw incompleteSignature(messages.amzDateFormat);
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) throw incompleteSignature(messages.amzExpiresRange);
  if (now.getTime() > time.getTime() + expires * 1000) throw signatureMismatch(messages.signatureExpired);
  if (time.getTime() - now.getTime() > MAX_SKEW_MS) throw signatureMismatch(messages.signatureNotYetCurrent);
  const signedHeaders = signedHeadersText.split(';');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const withoutSignature = pairs.filter(([k]) => k !== 'X-Amz-Signature');
  const build = (payloadHash: string) => {
    const canonicalRequest = [req.method.toUpperCase(), canonicalPath(req.path), canonicalQuery(withoutSignature), canonicalHeaders, signedHeadersText, payloadHash].join('\n');
    return ['AWS4-HMAC-SHA256', amzDate, `${scopeDate}/${region}/${service}/aws4_request`, sha256Hex(canonicalRequest)].join('\n');
  };
  return {
    version: 4,
    accessKeyId,
    service,
    region,
    sessionToken: params.get('X-Amz-Security-Token'),
    signedHeaders,
    verify(secret) {
      // Presigners sign the body's hash (the SDKs: an empty body's) or UNSIGNED-PAYLOAD
      // (botocore). SECURITY: UNSIGNED-PAYLOAD covers no body, so it only stands for an empty one.
      return (
        sigV4Matches(secret, scopeDate, region, service, build(sha256Hex(req.body)), signature) ||
        (req.body.length === 0 && sigV4Matches(secret, scopeDate, region, service, build('UNSIGNED-PAYLOAD'), signature))
      );
    },
  };
}

/**
 * Whether `signature` is the SigV4 signature of `stringToSign` with the key derived from the
 * secret for the scope's day, region and service. As the SDKs do, a derived key is kept rather
 * than derived with four more HMACs for every request; only keys that verified a signature are
 * kept (adding one takes the secret), at most SIGNING_KEYS_KEPT, all dropped when full.
 */
function sigV4Matches(secret: string, date: string, region: string, service: string, stringToSign: string, signature: string): boolean {
  const keyName = `${date}/${region}/${service}/${secret}`;
  const kept = signingKeys.get(keyName);
  const kSigning = kept ?? hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const matches = constantTimeHexEqual(createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex'), signature);
  if (matches && !kept) {
    if (signingKeys.size >= SIGNING_KEYS_KEPT) signingKeys.clear();
    signingKeys.set(keyName, kSigning);
  }
  return matches;
}

const signingKeys = new Map<string, Buffer>();
const SIGNING_KEYS_KEPT = 10_000;

function fromSigV2(req: SignedRequest, pairs: [string, string][], now: Date): SignatureClaims {
  const params = new Map(pairs);
  if (params.get('SignatureVersion') !== '2') throw incompleteSignature(messages.signatureVersionUnsupported);
  const method = params.get('SignatureMethod');
  if (method !== 'HmacSHA256' && method !== 'HmacSHA1') throw incompleteSignature(messages.signatureMethodUnsupported);
  const timestamp = params.get('Timestamp');
  const expires = params.get('Expires');
  if (timestamp) {
    const time = new Date(timestamp);
    if (Number.isNaN(time.getTime())) throw incompleteSignature(messages.sigV2Timestamp);
    checkSkew(time, now);
  } else if (expires) {
    const time = new Date(expires);
    if (Number.isNaN(time.getTime()) || time.getTime() < now.getTime()) throw signatureMismatch(messages.signatureExpired);
  } else {
    throw incompleteSignature(messages.sigV2TimestampMissing);
  }
  const host = (header(req, 'host') ?? '').toLowerCase();
  const stringToSign = [req.method.toUpperCase(), host, req.path || '/', canonicalQuery(pairs.filter(([k]) => k !== 'Signature'))].join('\n');
  const signature = params.get('Signature')!;
  return {
    version: 2,
    accessKeyId: params.get('AWSAccessKeyId')!,
    sessionToken: params.get('SecurityToken'),
    signedHeaders: [],
    verify(secret) {
      const expected = createHmac(method === 'HmacSHA256' ? 'sha256' : 'sha1', secret).update(stringToSign, 'utf8').digest('base64');
      return constantTimeHexEqual(expected, signature);
    },
  };
}
