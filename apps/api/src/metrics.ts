/**
 * The server's Prometheus metrics: one registry, the metric objects the rest of the code counts
 * with, and prom-client's default process metrics (CPU, memory, event-loop lag, handles). Served
 * at GET /metrics (app.ts) in Prometheus's text format; docs/operations.md lists every metric.
 *
 * Names follow Prometheus's conventions (https://prometheus.io/docs/practices/naming/): the
 * `portcullis_` prefix, base units (seconds), `_total` on counters. Labels hold only bounded
 * values (action names, fixed outcomes) — never account IDs, principals or resources.
 */
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { toAwsError } from './errors';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export type RequestOutcome = 'success' | 'client_error' | 'server_error' | 'throttled';

/** Every dispatched action (both protocols and the console), by how it ended. */
export const requestsTotal = new Counter({
  name: 'portcullis_requests_total',
  help: 'Actions dispatched, by service, action and outcome (success, client_error, server_error, throttled).',
  labelNames: ['service', 'action', 'outcome'] as const,
  registers: [registry],
});

export const requestDuration = new Histogram({
  name: 'portcullis_request_duration_seconds',
  help: 'Time from parsing to the stored audit event of each dispatched action, by service and action.',
  labelNames: ['service', 'action'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** One per policy check (an action that also requires another action counts each check). */
export const authorizationDecisions = new Counter({
  name: 'portcullis_authorization_decisions_total',
  help: 'Authorization decisions of the policy engine: allow, explicit_deny, implicit_deny.',
  labelNames: ['decision'] as const,
  registers: [registry],
});

/** Counted by the authorization caches (compiled policies per principal; access keys). */
export const authzCacheLookups = new Counter({
  name: 'portcullis_authz_cache_lookups_total',
  help: 'Lookups in the authorization caches, by cache (policies, access_keys) and result (hit, miss).',
  labelNames: ['cache', 'result'] as const,
  registers: [registry],
});

export const authzCacheInvalidations = new Counter({
  name: 'portcullis_authz_cache_invalidations_total',
  help: 'Invalidations of the authorization caches, by scope (account, principal, all).',
  labelNames: ['scope'] as const,
  registers: [registry],
});

/** Kept by the audit log's group commit (audit/audit.ts): events waiting for their INSERT. */
export const auditQueueDepth = new Gauge({
  name: 'portcullis_audit_queue_depth',
  help: 'Audit events of reads and failed requests not yet stored by the group commit, the INSERT in flight included (writes store theirs in their own transaction).',
  registers: [registry],
});

export const signInFailures = new Counter({
  name: 'portcullis_console_sign_in_failures_total',
  help: 'Failed console sign-ins, by reason (invalid_credentials, invalid_mfa_code, throttled).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

// The database pools of this process (main.ts has one), read at scrape time.
const pools = new Set<pg.Pool>();

/** Reports `pool` in the database pool gauges until it is ended. */
export function watchDatabasePool(pool: pg.Pool): void {
  pools.add(pool);
}

function poolGauge(name: string, help: string, read: (pool: pg.Pool) => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      let sum = 0;
      for (const pool of pools) {
        if (pool.ended) pools.delete(pool);
        else sum += read(pool);
      }
      this.set(sum);
    },
  });
}

poolGauge('portcullis_db_pool_connections', 'Open connections of the database pool (busy and idle).', (pool) => pool.totalCount);
poolGauge('portcullis_db_pool_idle_connections', 'Idle connections of the database pool.', (pool) => pool.idleCount);
poolGauge('portcullis_db_pool_waiting_requests', 'Queries waiting for a connection because the pool is at its maximum.', (pool) => pool.waitingCount);
poolGauge('portcullis_db_pool_max_connections', 'The maximum size of the database pool.', (pool) => pool.options.max ?? 10);

/** AWS's codes for a request refused because of its rate (CommonErrors), and our sign-in throttle's. */
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

export function outcomeOf(error: unknown): RequestOutcome {
  if (error === undefined) return 'success';
  const aws = toAwsError(error);
  if (!aws) return 'server_error';
  if (aws.status === 429 || THROTTLING_CODES.has(aws.code)) return 'throttled';
  return aws.status >= 500 ? 'server_error' : 'client_error';
}

/**
 * Starts measuring one dispatched action; call the result once, with the error if it failed.
 * Counted in the dispatcher, so a request refused before it (a bad signature) is not an action's.
 */
export function measureRequest(service: string, action: string): (error?: unknown) => void {
  const stop = requestDuration.startTimer({ service, action });
  let done = false;
  return (error) => {
    if (done) return;
    done = true;
    stop();
    requestsTotal.inc({ service, action, outcome: outcomeOf(error) });
  };
}

const DECISION_LABELS = { allowed: 'allow', explicitDeny: 'explicit_deny', implicitDeny: 'implicit_deny' } as const;

export function countAuthorization(decision: keyof typeof DECISION_LABELS): void {
  authorizationDecisions.inc({ decision: DECISION_LABELS[decision] });
}
