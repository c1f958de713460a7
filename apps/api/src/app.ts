/**
 * createApp(deps): the Express application — middleware, the console's REST routes, the static
 * console, error rendering. No side effects at import; main.ts wires it to a port.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Db } from './db/client';
import type { Logger } from './logger';
import type { SecretBox } from './crypto/secrets';
import { AwsError, toAwsError } from './errors';
import { isSetupRequired, setupFirstAccount, SetupInputSchema } from './setup/first-run';
import { loadSession, requireCsrf, sessionRoutes } from './auth/console-session';
import type { FailedSignInThrottle } from './auth/throttle';
import { restRouter } from './protocols/rest/rest-router';
import { switchRoleRoutes } from './auth/switch-role';
import { relyingPartyFor, webauthnRoutes } from './auth/webauthn';
import { EffectivePolicies } from './authz/effective-policies';
import { queryRouter } from './protocols/query/query-router';
import { jsonRouter } from './protocols/json/json-router';
import { SignedCallers } from './auth/signed-caller';
import { AuditLog } from './audit/audit';

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
}

/** AWS's largest request (a 131,072-character policy document, form-encoded) fits well within this. */
const BODY_LIMIT = '1mb';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      requestId: string;
    }
  }
}

export function createApp(deps: AppDeps): Express {
  const { db, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, trust the one hop in front of us: req.ip is the address that proxy
  // saw (the right-most X-Forwarded-For entry), not a value the client wrote itself — aws:SourceIp
  // and the per-address limits depend on it.
  app.set('trust proxy', deps.trustProxy ? 1 : false);

  // Every response carries a request ID, in the header AWS's SDKs read.
  app.use((req, res, next) => {
    req.requestId = randomUUID();
    res.setHeader('x-amzn-requestid', req.requestId);
    next();
  });
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as Request).requestId,
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:'] } },
      strictTransportSecurity: false,
    }),
  );

  const policies = new EffectivePolicies(db);
  deps.onPolicies?.(policies);
  const dispatchDeps = { db, secrets: deps.secrets, policies, audit: new AuditLog(db), publicUrl: deps.publicUrl ?? 'http://127.0.0.1:8080', now: deps.now, oidcAllowHttpIssuers: deps.oidcAllowHttpIssuers === true };
  // AWS's Query API on the root path (the SDKs' and CLI's endpoint); GET / without Action is the console.
  const signedCallers = new SignedCallers(db, deps.secrets);
  policies.onInvalidate((accountId) => signedCallers.invalidateAccount(accountId));
  app.use(jsonRouter({ ...dispatchDeps, signedCallers }));
  app.use(queryRouter({ ...dispatchDeps, signedCallers }));

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
  api.use((req, _res, next) => next(new AwsError('UnknownOperation', `No API route for ${req.method} ${req.path}.`, 404)));
  app.use('/api', api);

  if (deps.webDistDir && existsSync(path.join(deps.webDistDir, 'index.html'))) {
    const indexHtml = path.join(deps.webDistDir, 'index.html');
    app.use(express.static(deps.webDistDir, { index: false, maxAge: '1h' }));
    // Deep links: every other GET is the console's single page.
    app.get(/.*/, (_req, res) => res.sendFile(indexHtml));
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const aws = toAwsError(err);
    if (!aws) req.log.error({ err }, 'unhandled error');
    const error = aws ?? new AwsError('InternalFailure', 'The request failed because of an unknown error.', 500);
    res.status(error.status).json({ error: { code: error.code, message: error.message, requestId: req.requestId } });
  });
  return app;
}

/** Express 5 forwards rejected promises from handlers, but not from plain middleware functions we wrap ourselves. */
function asyncHandler(fn: (req: Request, res: Response, next: NextFunction) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, next).catch(next);
  };
}
