/**
 * What every request passes before its route: it is counted in flight (for a graceful shutdown),
 * given its request ID (the x-amzn-requestid header AWS's SDKs read), its security headers and
 * its access-log line; then AWS's Query API answers it (protocols/query/query-endpoint.ts, the
 * path of every SDK and CLI call) or the Express app does (the console, its REST API, the other
 * protocols).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import helmet from 'helmet';
import type { Logger } from './logger';

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

export interface FrontDoorOptions {
  logger: Logger;
  /** Tracks open requests for a graceful shutdown (app.ts InFlightRequests). */
  track?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Answers the requests it accepts instead of `app` (the Query API). */
  direct: { accepts: (req: IncomingMessage) => boolean; handle: RequestListener };
  app: RequestListener;
}

export function frontDoor({ logger, track, direct, app }: FrontDoorOptions): RequestListener {
  return (req, res) => {
    track?.(req, res);
    req.requestId = randomUUID();
    req.logger = logger;
    res.setHeader('x-amzn-requestid', req.requestId);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    const path = pathOf(req.url ?? '/');
    if (!UNLOGGED_PATHS.has(path)) logAccess(logger, req, res, path);
    if (direct.accepts(req)) direct.handle(req, res);
    else app(req, res);
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
