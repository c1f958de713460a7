/**
 * GET /metrics: the registry of metrics.ts in Prometheus's text format, for an operator's
 * scraper. Not an action (no account data, no IAM principal): like /api/health it sits beside
 * the dispatcher, with its own access rule.
 *
 * SECURITY: the metrics tell how busy each action is and how many sign-ins fail, so they are not
 * public. With PORTCULLIS_METRICS_TOKEN set, every scrape must send `Authorization: Bearer
 * <token>` (Prometheus's `authorization` scrape setting), from any address. Without a token only
 * the machine itself may scrape: the connection comes from a loopback address and was not relayed
 * by a reverse proxy (a proxy on the same host connects from loopback for every client it relays,
 * so a request carrying forwarding headers is never taken for a local one).
 */
import type { Request, RequestHandler } from 'express';
import { isIP } from 'node:net';
import { secretsEqual } from './crypto/secrets';
import { registry } from './metrics';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isLoopback(address: string | undefined): boolean {
  if (!address || !isIP(address)) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  return address === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/** The direct, unproxied connection of a process on this machine. */
function isLocalRequest(req: Request): boolean {
  return isLoopback(req.socket.remoteAddress) && FORWARDING_HEADERS.every((name) => req.headers[name] === undefined);
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

export function metricsEndpoint(token: string | undefined): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (token !== undefined) {
      const sent = bearerToken(req);
      if (sent === undefined || !secretsEqual(sent, token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="portcullis-metrics"');
        res.status(401).type('text/plain').send('Send the metrics token (PORTCULLIS_METRICS_TOKEN) as Authorization: Bearer <token>.\n');
        return;
      }
    } else if (!isLocalRequest(req)) {
      res.status(403).type('text/plain').send('Metrics are served only to this machine; set PORTCULLIS_METRICS_TOKEN to scrape from elsewhere.\n');
      return;
    }
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
