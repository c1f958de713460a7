/**
 * What every request passes before its route: it is counted in flight (for a graceful shutdown),
 * given its request ID (the x-amzn-requestid header AWS's SDKs read), its security headers and
 * its access-log line; then AWS's protocols on the root path answer it directly (the Query API,
 * the path of every IAM, STS and EC2 call from the SDKs and the CLI, and the JSON protocol), or
 * the Express app does (the console, its REST API, REST-JSON, single sign-on).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from './logger';
import type { SignedRequest } from './auth/signature';

declare module 'node:http' {
  interface IncomingMessage {
    /** Set by the front door for every request: the ID in x-amzn-requestid, the audit event and the log. */
    requestId: string;
    /** The logger the request's own failures go to (logUnhandled). */
    logger: Logger;
  }
}

/**
 * The security headers every response carries: helmet's, with a content security policy that
 * allows the console's data: images and does not upgrade http:// (Portcullis is often served on
 * plain http inside a network; a reverse proxy adds HSTS where it terminates TLS). Helmet is run
 * once, at start, to learn them: they do not depend on the request.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = (() => {
  const headers: [string, string][] = [];
  const recorder = { setHeader: (name: string, value: string) => headers.push([name, value]), removeHeader: () => undefined };
  const middleware = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:'] } }, strictTransportSecurity: false });
  middleware({} as never, recorder as never, () => undefined);
  return headers;
})();

/** Paths whose requests are not logged: Prometheus scrapes /metrics every few seconds. */
const UNLOGGED_PATHS = new Set(['/metrics']);

/** AWS's largest request (a 131,072-character policy document, form-encoded) fits well within this. */
const BODY_LIMIT = '1mb';

/** An AWS protocol answered on node's request and response, without Express: its router, response helpers and per-request objects were a sixth of a call's CPU. */
export interface DirectEndpoint {
  /** How the route audit lists it ("ALL /"). */
  route: string;
  accepts(req: IncomingMessage): boolean;
  /** Answers the request, its errors included, once its body (at most 1 MB) is read. */
  answer(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void>;
  /** Answers with an error in the protocol's own shape: an unreadable body, a shutdown's 503. */
  sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void;
}

export interface FrontDoorOptions {
  logger: Logger;
  /** Tracks open requests for a graceful shutdown (app.ts InFlightRequests). */
  track?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Answer the requests they accept instead of `app`. */
  direct: readonly DirectEndpoint[];
  app: RequestListener;
}

export function frontDoor({ logger, track, direct, app }: FrontDoorOptions): RequestListener {
  // body-parser's reader: the size cap, Content-Encoding and errors toAwsError knows.
  const readBody = express.raw({ type: () => true, limit: BODY_LIMIT });
  return (req, res) => {
    track?.(req, res);
    req.requestId = randomUUID();
    req.logger = logger;
    res.setHeader('x-amzn-requestid', req.requestId);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    const path = pathOf(req.url ?? '/');
    if (!UNLOGGED_PATHS.has(path)) logAccess(logger, req, res, path);
    const endpoint = direct.find((candidate) => candidate.accepts(req));
    if (!endpoint) return app(req, res);
    readBody(req as Parameters<typeof readBody>[0], res as Parameters<typeof readBody>[1], (error?: unknown) => {
      if (error) return endpoint.sendError(req, res, error);
      const body = (req as { body?: unknown }).body;
      void endpoint.answer(req, res, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
    });
  };
}

/**
 * The access log, on purpose: one JSON line per request once it is answered (ID, method, path
 * without the query, status, milliseconds) at info, 4xx at warn, 5xx at error, and a request
 * whose client left before the answer was written at warn. LOG_LEVEL=warn keeps only the failures.
 * The logger writes its lines in batches, off the request path (logger.ts).
 */
function logAccess(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string): void {
  const started = performance.now();
  res.once('close', () => {
    const statusCode = res.statusCode;
    const aborted = !res.writableFinished;
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 || aborted ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const line = { req: { id: req.requestId, method: req.method, url: path }, res: { statusCode }, responseTime: Math.round(performance.now() - started) };
    logger[level](line, aborted ? 'request aborted' : statusCode >= 500 ? 'request errored' : 'request completed');
  });
}

/** Logs a failure that is not an AWS error (a bug: the caller answers 500), with the request's ID. */
export function logUnhandled(req: IncomingMessage, error: unknown, message = 'unhandled error'): void {
  req.logger.error({ err: error, req: { id: req.requestId, method: req.method, url: pathOf(req.url ?? '/') } }, message);
}

/** A request target's path, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The path the client asked for (while Express routes a request, req.url is relative to the router: originalUrl is not). */
export function requestedPath(req: IncomingMessage): string {
  return pathOf((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/');
}

/** What a signature covers (auth/signature.ts): the method, path, raw query string, headers and body as received. */
export function signedRequestOf(req: IncomingMessage, body: Buffer): SignedRequest {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return { method: req.method ?? 'GET', path: pathOf(url), rawQuery: query === -1 ? '' : url.slice(query + 1), headers: req.headers, body };
}

/** Answers with a whole text body of the given type. */
export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * The client's address as Express's `trust proxy` 1 gives it (req.ip): behind the one trusted
 * reverse proxy, the right-most X-Forwarded-For entry (the address that proxy saw, not one the
 * client wrote itself); otherwise, or without the header, the connection's own address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const own = req.socket.remoteAddress ?? '';
  if (!trustProxy) return own;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return entries.at(-1) ?? own;
}

/** Whether the client reached us over TLS, as Express's req.secure with `trust proxy` 1: the proxy's X-Forwarded-Proto (its first value) when trusted. */
export function secureTransport(req: IncomingMessage, trustProxy: boolean): boolean {
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  if (!trustProxy) return encrypted;
  const header = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  return (proto || (encrypted ? 'https' : 'http')) === 'https';
}
