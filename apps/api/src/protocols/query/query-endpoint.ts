/**
 * AWS's Query protocol on the root path: `POST /` with a form-encoded body (or `GET /?Action=…`)
 * carrying Action and Version, signed with SigV4 (or SigV2), answered with AWS's XML. Only
 * translates: the action table, authorization, transactions and audit are dispatch()'s.
 * Parameters come only from what the signature covers (params.ts readQueryParameters), and
 * unsigned requests are rate-limited per source IP (anonymous-rate-limit.ts).
 *
 * It answers node's request and response directly, after the front door (front-door.ts) and not
 * through Express: every SDK and CLI call comes this way, and Express's router, its response
 * helpers and their per-request objects were a sixth of such a call's CPU.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAction } from '../../actions/registry';
import { anonymousCaller } from '../../actions/action';
import { dispatch, type DispatchDeps } from '../../dispatch';
import { AwsError, setErrorHeaders, toAwsError } from '../../errors';
import { messages } from '../../messages';
import { missingAuthentication, readSignature } from '../../auth/signature';
import type { SignedCallers } from '../../auth/signed-caller';
import { clientAddress, logUnhandled, requestedPath, secureTransport, sendText, signedRequestOf, type DirectEndpoint } from '../../front-door';
import { coerceToSchema, decodeQueryParams, readQueryParameters } from './params';
import { errorXml, successXml } from './xml';
import { sendWithBlob, withPlaceholder } from '../streamed-blob';
import { addressKey, RateLimiter, throttled, type RateLimit } from './anonymous-rate-limit';

/** API versions → service. */
const SERVICE_BY_VERSION: Record<string, string> = { '2010-05-08': 'iam', '2011-06-15': 'sts', '2016-11-15': 'ec2' };

/** What Express's text/xml answers carried, kept for the same bytes on the wire. */
const XML = 'text/xml; charset=utf-8';

export interface QueryDeps extends DispatchDeps {
  signedCallers: SignedCallers;
  /** Unsigned requests allowed per source IP (default DEFAULT_ANONYMOUS_RATE_LIMIT: 20/s, burst 40). */
  anonymousRateLimit?: RateLimit;
  /** Honour X-Forwarded-For / -Proto from the one reverse proxy in front (as Express's `trust proxy` 1). */
  trustProxy?: boolean;
}

/**
 * True when the request is a Query API call rather than the console's page or another protocol:
 * the root path, and a POST that is not the JSON protocol's (X-Amz-Target), or a GET naming one
 * Action in its query string.
 */
export function isQueryRequest(req: IncomingMessage): boolean {
  if (requestedPath(req) !== '/') return false;
  if (req.method === 'POST') return req.headers['x-amz-target'] === undefined;
  const url = req.url ?? '';
  return req.method === 'GET' && url.includes('?') && new URLSearchParams(url.slice(url.indexOf('?') + 1)).getAll('Action').length === 1;
}

export function queryEndpoint(deps: QueryDeps): DirectEndpoint {
  const anonymousLimit = new RateLimiter(deps.anonymousRateLimit);
  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    let service = 'iam';
    try {
      const signed = signedRequestOf(req, body);
      // Exactly the parameters the signature covers (auth/signature.ts), each named once.
      const params = readQueryParameters(signed);
      const now = deps.now?.() ?? new Date();
      const claims = readSignature(signed, now);
      const version = params.get('Version') ?? '';
      service = SERVICE_BY_VERSION[version] ?? claims?.service ?? 'iam';
      const sourceIp = clientAddress(req, deps.trustProxy === true);
      // Unsigned requests cost their sender nothing: limit them per address before any work.
      if (!claims && !anonymousLimit.take(addressKey(sourceIp))) throw throttled();
      const actionName = params.get('Action');
      if (!actionName) throw new AwsError('MissingAction', messages.missingAction, 400);
      const action = findAction(service, actionName);
      const meta = { sourceIp, secureTransport: secureTransport(req, deps.trustProxy === true), userAgent: req.headers['user-agent'] ?? '' };
      // Actions callable without credentials (AssumeRoleWithWebIdentity, AssumeRoleWithSAML)
      // arrive unsigned from the SDKs; a signed call to them is still authenticated.
      if (!claims && !action?.anonymous) throw missingAuthentication();
      const caller = claims
        ? await deps.signedCallers.authenticate(claims, { ...meta, service, region: claims.region ?? 'us-east-1' }, now)
        : anonymousCaller({ ...meta, protocol: 'query' });
      if (!action) throw new AwsError('InvalidAction', messages.invalidQueryAction(actionName, version), 400);
      const input = coerceToSchema(decodeQueryParams(params), action.input);
      const output = await dispatch(deps, { action, input, caller, requestId: req.requestId });
      // A streamed blob member (GetCredentialReport's Content) is written as it is read.
      const streamed = withPlaceholder(output);
      if (streamed) await sendWithBlob(res, XML, successXml(service, action.name, streamed.output, req.requestId), streamed.placeholder, streamed.blob);
      else sendText(res, 200, XML, successXml(service, action.name, output, req.requestId));
    } catch (error) {
      sendError(req, res, service, error);
    }
  };
  return { route: 'ALL /', accepts: isQueryRequest, answer, sendError: (req, res, error) => sendError(req, res, 'iam', error) };
}

/** Answers with an AWS error in the Query protocol's XML (an error that is not AWS's is a 500 InternalFailure, logged). */
export function sendError(req: IncomingMessage, res: ServerResponse, service: string, error: unknown): void {
  // Already answered (a shutdown answers requests still running past its grace period).
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) logUnhandled(req, error);
  const e = aws ?? new AwsError('InternalFailure', messages.internalFailure, 500);
  setErrorHeaders(res, e);
  sendText(res, e.status, XML, errorXml(service, e.code, e.message, e.status, req.requestId));
}
