/**
 * AWS's JSON protocol (awsJson1_1) on the root path, as the AWS Organizations client speaks it:
 * `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<Action>`, a JSON body, SigV4 scope
 * `organizations`. Replies are JSON with timestamps as epoch seconds; errors are
 * `{"__type": "<Code>Exception", "message": …}`. Only translates: dispatch() does the rest.
 */
import express, { type Request, type Response, type Router } from 'express';
import { findAction } from '../../actions/registry';
import { dispatch } from '../../dispatch';
import { AwsError, setErrorHeaders, toAwsError } from '../../errors';
import { messages } from '../../messages';
import { incompleteSignature, missingAuthentication, readSignature } from '../../auth/signature';
import type { QueryDeps } from '../query/query-endpoint';
import { logUnhandled } from '../../front-door';

/** X-Amz-Target prefixes → service. */
const SERVICE_BY_TARGET: Record<string, string> = { AWSOrganizationsV20161128: 'organizations' };

/** AWS JSON services name their errors …Exception; our codes are the Query names. */
const JSON_ERROR_NAMES: Record<string, string> = {
  AccessDenied: 'AccessDeniedException',
  ValidationError: 'InvalidInputException',
  InvalidInput: 'InvalidInputException',
  InvalidAction: 'UnknownOperationException',
};

export function isJsonProtocolRequest(req: Request): boolean {
  return req.method === 'POST' && typeof req.headers['x-amz-target'] === 'string';
}

/** Dates become epoch seconds, as the JSON protocol's default timestamp format. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]));
  return value;
}

export function jsonRouter(deps: QueryDeps): Router {
  const router = express.Router();
  const rawBody = express.raw({ type: () => true, limit: '1mb' });
  router.post('/', (req, res, next) => (isJsonProtocolRequest(req) ? rawBody(req, res, next) : next('route')), async (req, res) => {
    try {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const [prefix, actionName] = String(req.headers['x-amz-target']).split('.');
      const service = SERVICE_BY_TARGET[prefix ?? ''];
      const action = service && actionName ? findAction(service, actionName) : undefined;
      const now = deps.now?.() ?? new Date();
      const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
      const claims = readSignature({ method: req.method, path: req.path, rawQuery, headers: req.headers, body }, now);
      if (!claims) throw missingAuthentication();
      // SECURITY: the body is covered by SigV4's payload hash; the action is named by a header,
      // so that header must be signed too, or a signed request could be replayed as another
      // action with the same input. SigV2 (which signs no headers) is not a JSON-protocol form.
      if (claims.version !== 4) throw incompleteSignature(messages.jsonRequiresSigV4);
      if (!claims.signedHeaders.includes('x-amz-target')) throw incompleteSignature(messages.targetNotSigned);
      const caller = await deps.signedCallers.authenticate(
        claims,
        { sourceIp: req.ip ?? '127.0.0.1', secureTransport: req.secure, userAgent: req.get('user-agent') ?? '', service: service ?? 'unknown', region: claims.region ?? 'us-east-1' },
        now,
      );
      if (!action) throw new AwsError('InvalidAction', messages.invalidAction(String(req.headers['x-amz-target'])), 400);
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        throw new AwsError('SerializationException', messages.bodyNotJson, 400);
      }
      caller.protocol = 'json';
      const output = await dispatch(deps, { action, input, caller, requestId: req.requestId });
      res.status(200).type('application/x-amz-json-1.1').send(JSON.stringify(toJson(output ?? {})));
    } catch (error) {
      sendError(req, res, error);
    }
  });
  return router;
}

export function sendError(req: Request, res: Response, error: unknown) {
  // Already answered (a shutdown answers requests still running past its grace period).
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) logUnhandled(req, error);
  const e = aws ?? new AwsError('ServiceException', messages.serviceException, 500);
  const type = JSON_ERROR_NAMES[e.code] ?? e.code;
  setErrorHeaders(res, e);
  res.status(e.status).setHeader('x-amzn-errortype', type).type('application/x-amz-json-1.1').send(JSON.stringify({ __type: type, message: e.message }));
}
