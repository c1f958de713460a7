/**
 * createApp(deps): the server's request handler — the front door (front-door.ts), AWS's Query and
 * JSON protocols, and the Express application: the console's REST routes, REST-JSON, single
 * sign-on, the static console, error rendering. No side effects at import; main.ts wires it to a port.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import type { Db } from './db/client';
import type { Logger } from './logger';
import type { SecretBox } from './crypto/secrets';
import { AwsError, serviceUnavailable, setErrorHeaders, toAwsError } from './errors';
import { messages } from './messages';
import { isSetupRequired, setupFirstAccount, SetupInputSchema } from './setup/first-run';
import { loadSession, requireCsrf, sessionRoutes } from './auth/console-session';
import type { FailedSignInThrottle } from './auth/throttle';
import { restRouter } from './protocols/rest/rest-router';
import { switchRoleRoutes } from './auth/switch-role';
import { federatedSignInRoutes } from './auth/federated-sign-in';
import { oidcSignInRoutes } from './auth/federated-oidc';
import { relyingPartyFor, webauthnRoutes } from './auth/webauthn';
import { EffectivePolicies } from './authz/effective-policies';
import { isQueryRequest, queryEndpoint, sendError as sendQueryError } from './protocols/query/query-endpoint';
import { isJsonProtocolRequest, jsonEndpoint, sendError as sendJsonError } from './protocols/json/json-endpoint';
import { restJsonRouter } from './protocols/rest-json/rest-json-router';
import { SignedCallers } from './auth/signed-caller';
import { AuditLog } from './audit/audit';
import { migrationsDir as defaultMigrationsDir } from './paths';
import { metricsEndpoint } from './metrics-endpoint';
import { consoleStatic } from './static-console';
import { frontDoor, logUnhandled } from './front-door';

export interface AppDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  /** Honour X-Forwarded-For / -Proto from a reverse proxy. */
  trustProxy?: boolean;
  /** The built console (apps/web/dist), served with an SPA fallback when present. */
  webDistDir?: string;
  throttle?: FailedSignInThrottle;
  /** Base URL of the console, for sign-in links (PORTCULLIS_PUBLIC_URL). */
  publicUrl?: string;
  /** The clock used for authorization and records (tests inject one). */
  now?: () => Date;
  /**
   * Lets AssumeRoleWithWebIdentity fetch an OIDC issuer's discovery document and keys over
   * plain http://. For tests with a local issuer only: AWS requires https. Default false; it is
   * deliberately not read from the environment (main.ts never sets it).
   */
  oidcAllowHttpIssuers?: boolean;
  /** Receives the app's authorization cache, so main.ts can connect it to other replicas. */
  onPolicies?: (policies: EffectivePolicies) => void;
  /** Tracks open requests for a graceful shutdown (main.ts); while it drains, readiness answers 503. */
  inFlight?: InFlightRequests;
  /** prisma/migrations: readiness requires its latest migration to be recorded as applied. */
  migrationsDir?: string;
  /** PORTCULLIS_METRICS_TOKEN: /metrics requires it as a bearer token; unset, /metrics answers loopback only. */
  metricsToken?: string;
  /** PORTCULLIS_AUDIT_ASYNC_COMMIT: the audit log's group commit does not wait for the WAL flush (AuditLog, off by default). */
  auditAsyncCommit?: boolean;
}

/** How long the readiness probe waits for the database. */
const READY_TIMEOUT_MS = 1000;

/**
 * The requests the server is answering, so a shutdown can wait for them (idle()) and answer
 * those still running past its grace period with 503 ServiceUnavailable (answerRemaining())
 * instead of resetting their connections.
 */
export class InFlightRequests {
  private readonly open = new Set<{ req: IncomingMessage; res: ServerResponse }>();
  private waiters: (() => void)[] = [];
  private drainingSince: number | undefined;

  readonly track = (req: IncomingMessage, res: ServerResponse): void => {
    const entry = { req, res };
    this.open.add(entry);
    if (this.draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      this.open.delete(entry);
      if (this.open.size === 0) for (const wake of this.waiters.splice(0)) wake();
    });
  };

  get size(): number {
    return this.open.size;
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** From now on: readiness fails, and every reply asks its client to close the connection. */
  drain(): void {
    this.drainingSince ??= Date.now();
    for (const { res } of this.open) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  /** Resolves once no request is open. */
  idle(): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Answers every request still open with 503 ServiceUnavailable, in its protocol; resolves once those replies are written (or after `timeoutMs`). */
  async answerRemaining(timeoutMs = 2000): Promise<number> {
    const pending = [...this.open].filter(({ res }) => !res.headersSent);
    for (const { req, res } of pending) renderError(req, res, serviceUnavailable());
    // A request whose reply had begun cannot be answered again: its connection is closed later.
    const written = pending.map(({ res }) => (res.writableFinished ? Promise.resolve() : new Promise<void>((resolve) => res.once('close', () => resolve()))));
    await Promise.race([Promise.all(written), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    return pending.length;
  }
}

/** The console's JSON bodies (a policy document among them) fit well within this. */
const BODY_LIMIT = '1mb';

/**
 * The server's request handler; listen() serves it on a port, as Express's app.listen does. Its
 * routes are the front door's direct ones (the Query and JSON protocols on "/") and the Express app's.
 */
export type App = RequestListener & {
  listen(port: number, host: string, callback?: () => void): Server;
  readonly directRoutes: readonly string[];
  readonly express: Express;
};

export function createApp(deps: AppDeps): App {
  const { db, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, trust the one hop in front of us: req.ip is the address that proxy
  // saw (the right-most X-Forwarded-For entry), not a value the client wrote itself — aws:SourceIp
  // and the per-address limits depend on it.
  app.set('trust proxy', deps.trustProxy ? 1 : false);
  // No ETag on API answers: nobody revalidates them, and computing one hashed every body.
  app.set('etag', false);

  // Prometheus's scrapes are not logged (front-door.ts); metrics-endpoint.ts says who may scrape.
  app.get('/metrics', metricsEndpoint(deps.metricsToken));
  const policies = new EffectivePolicies(db);
  deps.onPolicies?.(policies);
  const dispatchDeps = { db, secrets: deps.secrets, policies, audit: new AuditLog(db, { asyncCommit: deps.auditAsyncCommit === true }), publicUrl: deps.publicUrl ?? 'http://127.0.0.1:8080', now: deps.now, oidcAllowHttpIssuers: deps.oidcAllowHttpIssuers === true };
  // Probes for an orchestrator, before any middleware that reads the database (sessions): they
  // return no account data. Live: the process answers. Ready: the database answers within a
  // second, every migration is applied, and the server is not shutting down.
  const migrations = deps.migrationsDir ?? defaultMigrationsDir;
  let latestMigration: Promise<string | undefined> | undefined;
  app.get('/api/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/health/ready', async (_req, res) => {
    if (deps.inFlight?.draining) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    latestMigration ??= latestMigrationName(migrations);
    const check = async () => {
      await db.$queryRaw`SELECT 1`;
      const latest = await latestMigration;
      const [row] = await db.$queryRaw<{ unfinished: number; latest: boolean }[]>`
        SELECT (SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL)::int AS unfinished,
               (${latest ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM _prisma_migrations WHERE migration_name = ${latest ?? null}::text AND finished_at IS NOT NULL AND rolled_back_at IS NULL)) AS latest`;
      return row !== undefined && row.unfinished === 0 && row.latest;
    };
    const database = await withTimeout(check(), READY_TIMEOUT_MS).then(
      (migrated) => (migrated === undefined ? 'timeout' : migrated ? 'ok' : 'migrations pending'),
      (error: unknown) => (toAwsError(error)?.code === 'ServiceUnavailable' ? 'unreachable' : 'migrations unknown'),
    );
    if (database === 'ok') res.json({ status: 'ready', database });
    else res.status(503).json({ status: 'unavailable', database });
  });

  // AWS's Query API on the root path (the SDKs' and CLI's endpoint); GET / without Action is the console.
  const signedCallers = new SignedCallers(db, deps.secrets, policies.coherence);
  policies.onInvalidate((scope) => signedCallers.invalidate(scope));
  const protocolDeps = { ...dispatchDeps, signedCallers, trustProxy: deps.trustProxy };
  // Answered by the front door, before Express (front-door.ts).
  const direct = [jsonEndpoint(protocolDeps), queryEndpoint(protocolDeps)];
  app.use(restJsonRouter(protocolDeps));

  // Console single sign-on (SAML's POST /saml, OIDC's callback): browser form posts and redirects.
  app.use(federatedSignInRoutes(dispatchDeps));
  app.use(oidcSignInRoutes(dispatchDeps));

  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use(cookieParser());
  api.use(asyncHandler(loadSession(db)));
  api.use(requireCsrf);

  api.get('/health', async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'degraded', database: 'unreachable' });
    }
  });
  api.get('/setup', async (_req, res) => {
    res.json({ setupRequired: await isSetupRequired(db) });
  });
  api.post('/setup', async (req, res) => {
    const result = await setupFirstAccount(db, SetupInputSchema.parse(req.body));
    res.status(201).json(result);
  });
  api.use(sessionRoutes({ db, secrets: deps.secrets, dispatch: dispatchDeps, relyingParty: relyingPartyFor(dispatchDeps.publicUrl), throttle: deps.throttle, secureCookies: (req) => req.secure, publicUrl: deps.publicUrl }));
  api.use(webauthnRoutes(dispatchDeps));
  api.use(switchRoleRoutes(dispatchDeps));
  api.use(restRouter(dispatchDeps));
  api.use((req, _res, next) => next(new AwsError('UnknownOperation', messages.console.unknownRoute(req.method, req.path), 404)));
  app.use('/api', api);

  if (deps.webDistDir && existsSync(path.join(deps.webDistDir, 'index.html'))) {
    app.use(consoleStatic(deps.webDistDir));
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Already answered (a shutdown answers requests still running past its grace period).
    if (res.headersSent) return;
    const aws = toAwsError(err);
    if (!aws) logUnhandled(req, err);
    renderRestError(req, res, aws ?? new AwsError('InternalFailure', messages.console.internalFailure, 500));
  });
  const handler = frontDoor({ logger, track: deps.inFlight?.track, direct, app });
  return Object.assign(handler, {
    listen: (port: number, host: string, callback?: () => void) => createServer(handler).listen(port, host, callback),
    directRoutes: direct.map((endpoint) => endpoint.route),
    express: app,
  });
}

function renderRestError(req: Request, res: Response, error: AwsError): void {
  setErrorHeaders(res, error);
  res.status(error.status).json({ error: { code: error.code, message: error.message, requestId: req.requestId } });
}

/** Answers a request with an error in the protocol it was made in (the front door's direct ones, or the console's JSON). */
function renderError(req: IncomingMessage, res: ServerResponse, error: AwsError): void {
  if (isJsonProtocolRequest(req)) sendJsonError(req, res, error);
  else if (isQueryRequest(req)) sendQueryError(req, res, 'iam', error);
  else renderRestError(req as Request, res as Response, error);
}

/** The name of the newest migration folder (they sort by their timestamp prefix). */
async function latestMigrationName(dir: string): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return names.at(-1);
}

/** The promise's value, or undefined after `ms`; a later rejection is ignored. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Express 5 forwards rejected promises from handlers, but not from plain middleware functions we wrap ourselves. */
function asyncHandler(fn: (req: Request, res: Response, next: NextFunction) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, next).catch(next);
  };
}
