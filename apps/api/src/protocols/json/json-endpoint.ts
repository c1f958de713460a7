/**
 * AWS's JSON protocol (awsJson1_1) on the root path, as the AWS Organizations client speaks it:
 * `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<Action>`, a JSON body, SigV4 scope
 * `organizations`. Replies are JSON with timestamps as epoch seconds; errors are
 * `{"__type": "<Code>Exception", "message": …}`. Only translates: dispatch() does the rest.
 * Answered by the front door directly, like the Query API (front-door.ts DirectEndpoint).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAction } from '../../actions/registry';
import { dispatch } from '../../dispatch';
import { AwsError, setErrorHeaders, toAwsError } from '../../errors';
import { messages } from '../../messages';
import { incompleteSignature, missingAuthentication, readSignature } from '../../auth/signature';
import type { QueryDeps } from '../query/query-endpoint';
import { clientAddress, logUnhandled, requestedPath, secureTransport, sendText, signedRequestOf, type DirectEndpoint } from '../../front-door';

/** X-Amz-Target prefixes → service. */
const SERVICE_BY_TARGET: Record<string, string> = { AWSOrganizationsV20161128: 'organizations' };

/**
 * AWS JSON services name their errors …Exception; our codes are the Query names. Credential
 * errors take the names AWS's JSON services answer (an unknown key is UnrecognizedClientException).
 */
const JSON_ERROR_NAMES: Record<string, string> = {
  AccessDenied: 'AccessDeniedException',
  ValidationError: 'InvalidInputException',
  InvalidInput: 'InvalidInputException',
  InvalidAction: 'UnknownOperationException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  IncompleteSignature: 'IncompleteSignatureException',
  ExpiredToken: 'ExpiredTokenException',
};

/** What Express's answers carried (res.send adds the charset), kept for the same bytes on the wire. */
const JSON_1_1 = 'application/x-amz-json-1.1; charset=utf-8';

/** A POST to the root path naming its action in X-Amz-Target. */
export function isJsonProtocolRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && typeof req.headers['x-amz-target'] === 'string' && requestedPath(req) === '/';
}

/** Dates become epoch seconds, as the JSON protocol's default timestamp format. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]));
  return value;
}

export function jsonEndpoint(deps: QueryDeps): DirectEndpoint {
  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    try {
      const [prefix, actionName] = String(req.headers['x-amz-target']).split('.');
      const service = SERVICE_BY_TARGET[prefix ?? ''];
      const action = service && actionName ? findAction(service, actionName) : undefined;
      const now = deps.now?.() ?? new Date();
      const claims = readSignature(signedRequestOf(req, body), now);
      if (!claims) throw missingAuthentication();
      // SECURITY: the body is covered by SigV4's payload hash; the action is named by a header,
      // so that header must be signed too, or a signed request could be replayed as another
      // action with the same input. SigV2 (which signs no headers) is not a JSON-protocol form.
      if (claims.version !== 4) throw incompleteSignature(messages.jsonRequiresSigV4);
      if (!claims.signedHeaders.includes('x-amz-target')) throw incompleteSignature(messages.targetNotSigned);
      const trustProxy = deps.trustProxy === true;
      const caller = await deps.signedCallers.authenticate(
        claims,
        { sourceIp: clientAddress(req, trustProxy), secureTransport: secureTransport(req, trustProxy), userAgent: req.headers['user-agent'] ?? '', service: service ?? 'unknown', region: claims.region ?? 'us-east-1' },
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
      sendText(res, 200, JSON_1_1, JSON.stringify(toJson(output ?? {})));
    } catch (error) {
      sendError(req, res, error);
    }
  };
  return { route: 'POST /', accepts: isJsonProtocolRequest, answer, sendError };
}

/** Answers with an AWS error in the JSON protocol's shape (`__type`, `message`, x-amzn-errortype). */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  // Already answered (a shutdown answers requests still running past its grace period).
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) logUnhandled(req, error);
  const e = aws ?? new AwsError('ServiceException', messages.serviceException, 500);
  const type = JSON_ERROR_NAMES[e.code] ?? e.code;
  setErrorHeaders(res, e);
  res.setHeader('x-amzn-errortype', type);
  sendText(res, e.status, JSON_1_1, JSON.stringify({ __type: type, message: e.message }));
}
