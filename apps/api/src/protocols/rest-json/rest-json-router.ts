/**
 * AWS's REST-JSON protocol, as IAM Access Analyzer's client speaks it: each operation at the
 * method and URI of AWS's model (`POST /policy/validation`), a JSON body plus querystring
 * members, SigV4 scope `access-analyzer`. Replies are JSON; errors carry `x-amzn-ErrorType` and
 * `{"message": …}` with the model's status code. Only translates: dispatch() does the rest.
 * Every operation of the model is routed, `{label}`s of its URI becoming input members; those not
 * implemented yet answer UnknownOperationException (404), and a GET is taken only when signed.
 */
import express, { type Request, type Response, type Router } from 'express';
import { findAction } from '../../actions/registry';
import { dispatch } from '../../dispatch';
import { AwsError, setErrorHeaders, toAwsError } from '../../errors';
import { messages } from '../../messages';
import { incompleteSignature, missingAuthentication, readSignature } from '../../auth/signature';
import { serviceModel, type Operation } from '../model/service-model';
import type { QueryDeps } from '../query/query-endpoint';
import { logUnhandled } from '../../front-door';

/** The action-table service of the Access Analyzer model's operations (its IAM prefix). */
const SERVICE = 'access-analyzer';

/** Our error codes → Access Analyzer's names (its model gives each one's HTTP status). */
const ERROR_NAMES: Record<string, string> = {
  AccessDenied: 'AccessDeniedException',
  ValidationError: 'ValidationException',
  InvalidInput: 'ValidationException',
  MalformedInput: 'ValidationException',
  InvalidParameter: 'InvalidParameterException',
  Throttling: 'ThrottlingException',
  ServiceUnavailable: 'InternalServerException',
};

/** An operation's route: its method, and its URI as a pattern whose groups are the `{label}` members. */
interface Route {
  method: string;
  pattern: RegExp;
  /** Each group's input member (from the model's `location: uri` members). */
  labels: string[];
  op: Operation;
}

/** The model's operations as routes; literal URIs first, so `/analyzer` never loses to a template. */
function operationRoutes(): Route[] {
  const model = serviceModel('accessanalyzer');
  const routes: Route[] = [];
  for (const [name, op] of Object.entries(model.operations)) {
    if (!op.http) continue;
    const uri = op.http.requestUri.split('?')[0]!;
    const labels: string[] = [];
    const source = uri.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, label: string) => {
      const greedy = label.endsWith('+');
      labels.push(greedy ? label.slice(0, -1) : label);
      return greedy ? '(.+)' : '([^/]+)';
    });
    routes.push({ method: op.http.method, pattern: new RegExp(`^${source}$`), labels, op: { ...op, name } });
  }
  return routes.sort((a, b) => a.labels.length - b.labels.length);
}

/** The model's uri members of an operation's input: URI label → input member. */
function uriMembers(op: Operation): Map<string, string> {
  const model = serviceModel('accessanalyzer');
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  return new Map(Object.entries(input?.members ?? {}).filter(([, ref]) => ref.location === 'uri').map(([member, ref]) => [ref.locationName ?? member, member]));
}

/** The model's querystring members of an operation's input: locationName → member and type. */
function queryMembers(op: Operation): { from: string; to: string; numeric: boolean }[] {
  const model = serviceModel('accessanalyzer');
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  return Object.entries(input?.members ?? {})
    .filter(([, ref]) => ref.location === 'querystring')
    .map(([member, ref]) => ({ from: ref.locationName ?? member, to: member, numeric: model.shapes[ref.shape]?.type === 'integer' }));
}

function toJson(value: unknown): unknown {
  // Access Analyzer's one timestamp shape is `timestampFormat: iso8601`.
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]));
  return value;
}

export function restJsonRouter(deps: QueryDeps): Router {
  const router = express.Router();
  const routes = operationRoutes();
  const match = (req: Request) => {
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (m) return { route, values: m.slice(1) };
    }
    return undefined;
  };
  const rawBody = express.raw({ type: () => true, limit: '1mb' });
  // A GET of one of these paths may be a console page a browser asks for: only a signed one is
  // the API's.
  const looksSigned = (req: Request) => typeof req.headers.authorization === 'string' || typeof req.query['X-Amz-Signature'] === 'string';
  const isOperation = (req: Request) => match(req) !== undefined && (req.method !== 'GET' || looksSigned(req));
  router.use((req, res, next) => (isOperation(req) ? rawBody(req, res, next) : next('router')));
  router.use(async (req, res) => {
    try {
      const { route, values } = match(req)!;
      const op = route.op;
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const now = deps.now?.() ?? new Date();
      const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
      const claims = readSignature({ method: req.method, path: req.path, rawQuery, headers: req.headers, body }, now);
      if (!claims) throw missingAuthentication();
      // The operation is named by the method and path, which SigV4 always signs.
      if (claims.version !== 4) throw incompleteSignature(messages.jsonRequiresSigV4);
      const caller = await deps.signedCallers.authenticate(
        claims,
        { sourceIp: req.ip ?? '127.0.0.1', secureTransport: req.secure, userAgent: req.get('user-agent') ?? '', service: SERVICE, region: claims.region ?? 'us-east-1' },
        now,
      );
      const action = findAction(SERVICE, op.name);
      if (!action) throw new AwsError('UnknownOperationException', messages.accessAnalyzer.unknownOperation(req.method, req.path), 404);
      let input: Record<string, unknown>;
      try {
        const parsed: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        input = parsed as Record<string, unknown>;
      } catch {
        throw new AwsError('ValidationError', messages.bodyNotJson, 400);
      }
      const members = uriMembers(op);
      route.labels.forEach((label, i) => {
        let value = values[i]!;
        try {
          value = decodeURIComponent(value);
        } catch {
          // An undecodable label is passed as sent: the input's validation refuses it.
        }
        input[members.get(label) ?? label] = value;
      });
      const query = new URLSearchParams(rawQuery);
      for (const member of queryMembers(op)) {
        const value = query.get(member.from);
        if (value !== null) input[member.to] = member.numeric && /^-?\d+$/.test(value) ? Number(value) : value;
      }
      // The audit log's protocol names AWS's JSON family (awsJson and REST-JSON alike).
      caller.protocol = 'json';
      const output = await dispatch(deps, { action, input, caller, requestId: req.requestId });
      res.status(200).type('application/json').send(JSON.stringify(toJson(output ?? {})));
    } catch (error) {
      sendError(req, res, error);
    }
  });
  return router;
}

export function sendError(req: Request, res: Response, error: unknown) {
  if (res.headersSent) return;
  const aws = toAwsError(error);
  if (!aws) logUnhandled(req, error);
  const e = aws ?? new AwsError('InternalServerException', messages.serviceException, 500);
  const type = ERROR_NAMES[e.code] ?? e.code;
  const status = serviceModel('accessanalyzer').shapes[type]?.error?.httpStatusCode ?? e.status;
  setErrorHeaders(res, e);
  // ResourceNotFound/Conflict name the resource (AnalyzerError.fields); a ValidationException its reason.
  const extra = { ...(type === 'ValidationException' ? { reason: 'other' } : {}), ...((e as { fields?: Record<string, string> }).fields ?? {}) };
  res.status(status).setHeader('x-amzn-errortype', type).type('application/json').send(JSON.stringify({ message: e.message, ...extra }));
}
