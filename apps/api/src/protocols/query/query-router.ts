/**
 * AWS's Query protocol on the root path: `POST /` with a form-encoded body (or `GET /?Action=…`)
 * carrying Action and Version, signed with SigV4 (or SigV2), answered with AWS's XML. Only
 * translates: the action table, authorization, transactions and audit are dispatch()'s.
 * Parameters come only from what the signature covers (params.ts readQueryParameters), and
 * unsigned requests are rate-limited per source IP (anonymous-rate-limit.ts).
 */
import express, { type Request, type Response, type Router } from 'express';
import { findAction } from '../../actions/registry';
import { anonymousCaller } from '../../actions/action';
import { dispatch, type DispatchDeps } from '../../dispatch';
import { AwsError, setErrorHeaders, toAwsError } from '../../errors';
import { messages } from '../../messages';
import { missingAuthentication, readSignature } from '../../auth/signature';
import type { SignedCallers } from '../../auth/signed-caller';
import { coerceToSchema, decodeQueryParams, readQueryParameters } from './params';
import { errorXml, successXml } from './xml';
import { sendWithBlob, withPlaceholder } from '../streamed-blob';
import { addressKey, RateLimiter, throttled, type RateLimit } from './anonymous-rate-limit';

/** API versions → service. */
const SERVICE_BY_VERSION: Record<string, string> = { '2010-05-08': 'iam', '2011-06-15': 'sts', '2016-11-15': 'ec2' };

export interface QueryDeps extends DispatchDeps {
  signedCallers: SignedCallers;
  /** Unsigned requests allowed per source IP (default DEFAULT_ANONYMOUS_RATE_LIMIT: 20/s, burst 40). */
  anonymousRateLimit?: RateLimit;
}

/** True when a request to `/` is a Query API call rather than the console's page. */
export function isQueryRequest(req: Request): boolean {
  if (req.method === 'POST') return true;
  return req.method === 'GET' && typeof req.query.Action === 'string';
}

export function queryRouter(deps: QueryDeps): Router {
  const router = express.Router();
  const rawBody = express.raw({ type: () => true, limit: '1mb' });
  const anonymousLimit = new RateLimiter(deps.anonymousRateLimit);
  router.all('/', (req, res, next) => (isQueryRequest(req) ? rawBody(req, res, next) : next('route')), async (req, res) => {
    let service = 'iam';
    try {
      const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signed = { method: req.method, path: req.path, rawQuery, headers: req.headers, body };
      // Exactly the parameters the signature covers (auth/signature.ts), each named once.
      const params = readQueryParameters(signed);
      const now = deps.now?.() ?? new Date();
      const claims = readSignature(signed, now);
      const version = params.get('Version') ?? '';
      service = SERVICE_BY_VERSION[version] ?? claims?.service ?? 'iam';
      // Unsigned requests cost their sender nothing: limit them per address before any work.
      if (!claims && !anonymousLimit.take(addressKey(req.ip ?? ''))) throw throttled();
      const actionName = params.get('Action');
      if (!actionName) throw new AwsError('MissingAction', messages.missingAction, 400);
      const action = findAction(service, actionName);
      const meta = { sourceIp: req.ip ?? '127.0.0.1', secureTransport: req.secure, userAgent: req.get('user-agent') ?? '' };
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
      if (streamed) await sendWithBlob(res, 'text/xml', successXml(service, action.name, streamed.output, req.requestId), streamed.placeholder, streamed.blob);
      else res.status(200).type('text/xml').send(successXml(service, action.name, output, req.requestId));
    } catch (error) {
      sendError(req, res, service, error);
    }
  });
  return router;
}

export function sendError(req: Request, res: Response, service: string, error: unknown) {
  // Already answered (a shutdown answers requests still running past its grace period).
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) req.log.error({ err: error }, 'unhandled error');
  const e = aws ?? new AwsError('InternalFailure', messages.internalFailure, 500);
  setErrorHeaders(res, e);
  res.status(e.status).type('text/xml').send(errorXml(service, e.code, e.message, e.status, req.requestId));
}
