/**
 * Configuration from the environment, read once at start-up (README.md lists every variable).
 * Nothing else reads process.env.
 */
import { z } from 'zod';

const accountIdSchema = z.string().regex(/^\d{12}$/, 'must be 12 digits');
const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  PORTCULLIS_DATA_DIR: z.string().default('.data'),
  PORTCULLIS_MASTER_KEY: z.string().optional(),
  PORTCULLIS_ROOT_EMAIL: z.string().email().optional(),
  PORTCULLIS_ROOT_PASSWORD: z.string().optional(),
  PORTCULLIS_ACCOUNT_ID: accountIdSchema.optional(),
  PORTCULLIS_ROOT_ACCESS_KEY_ID: z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'must be AKIA followed by 16 upper-case letters or digits').optional(),
  PORTCULLIS_ROOT_SECRET_ACCESS_KEY: z.string().regex(/^[A-Za-z0-9/+]{40}$/, 'must be 40 characters of A-Z a-z 0-9 / +').optional(),
  PORTCULLIS_PUBLIC_URL: z.string().url().optional(),
  PORTCULLIS_TRUST_PROXY: booleanish.default(false),
  /** Days to keep audit events (Access Advisor reads 400 days of them). */
  PORTCULLIS_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
  /** Reads' audit events committed without waiting for the WAL flush (audit/audit.ts AuditLog: lost on a PostgreSQL crash). */
  PORTCULLIS_AUDIT_ASYNC_COMMIT: booleanish.default(false),
  /** On SIGTERM/SIGINT: seconds open requests get to finish before they are answered 503 ServiceUnavailable. */
  PORTCULLIS_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Bearer token /metrics requires; unset, /metrics is served to loopback connections only. */
  PORTCULLIS_METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 printable characters without spaces').optional(),
  /** Per-account quotas (AWS's defaults when unset): an operator may raise them. */
  PORTCULLIS_QUOTA_USERS_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  PORTCULLIS_QUOTA_GROUPS_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  PORTCULLIS_QUOTA_ROLES_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  PORTCULLIS_QUOTA_POLICIES_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  PORTCULLIS_QUOTA_INSTANCE_PROFILES_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof EnvSchema>;

/** Parses the environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (Boolean(config.PORTCULLIS_ROOT_ACCESS_KEY_ID) !== Boolean(config.PORTCULLIS_ROOT_SECRET_ACCESS_KEY)) {
    throw new Error('invalid configuration:\n  PORTCULLIS_ROOT_ACCESS_KEY_ID and PORTCULLIS_ROOT_SECRET_ACCESS_KEY go together');
  }
  if (Boolean(config.PORTCULLIS_ROOT_EMAIL) !== Boolean(config.PORTCULLIS_ROOT_PASSWORD)) {
    throw new Error('invalid configuration:\n  PORTCULLIS_ROOT_EMAIL and PORTCULLIS_ROOT_PASSWORD go together');
  }
  return config;
}
