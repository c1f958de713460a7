/**
 * Sign-in throttling, shared by every replica through PostgreSQL (table SignInAttempt).
 * SECURITY: an attempt is counted BEFORE its password (or MFA code) is checked, by one atomic
 * UPSERT, so guesses sent in parallel cannot get past the limit. Two keys per attempt:
 * - the user (account ID + lower-case name, the root email, or the MFA step's principal): a few
 *   attempts per window; the attempt that reaches the limit blocks the key, and every attempt
 *   after a block ends (still within the window) doubles the block, up to a maximum;
 * - the source address (IPv4, or an IPv6 /64): many more attempts, so one user does not lock
 *   out an office behind one address, while one client cannot try many users quickly.
 * A success clears the user's key and gives the address its attempt back: what stays counted
 * is failures and attempts in flight. AWS itself has no lockout; this is our defence.
 * A row is remembered at most windowMs + maxBlockMs after its last counted attempt (75 minutes
 * with the defaults); db/retention.ts deletes rows long quiet.
 */
import { isIPv6 } from 'node:net';
import { Prisma } from '../db/generated/client';
import type { Db } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';

export interface ThrottleLimit {
  /** Attempts allowed per window; the one that reaches this number blocks the key. */
  attempts: number;
  windowMs: number;
  /** The first block; each later one doubles, up to maxBlockMs. */
  blockMs: number;
  maxBlockMs: number;
}

export interface ThrottleLimits {
  user: ThrottleLimit;
  ip: ThrottleLimit;
}

const MINUTE = 60_000;
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  user: { attempts: 5, windowMs: 15 * MINUTE, blockMs: 5 * MINUTE, maxBlockMs: 60 * MINUTE },
  ip: { attempts: 100, windowMs: 15 * MINUTE, blockMs: 1 * MINUTE, maxBlockMs: 15 * MINUTE },
};

/** The keys of one attempt: who is signing in, and from where. */
export interface SignInKeys {
  user: string;
  ip: string;
}

/** The per-address key: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its /64 (one host's usual share). */
export function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return `ip:${v4[1]}`;
  if (!isIPv6(ip)) return `ip:${ip}`;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `ip:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The database's clock, as the UTC timestamp Prisma stores: one clock for every replica. */
const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
const millis = (ms: number) => Prisma.sql`(${ms}::bigint * interval '1 millisecond')`;

export class FailedSignInThrottle {
  private readonly limits: ThrottleLimits;

  constructor(limits: Partial<ThrottleLimits> = {}) {
    this.limits = { ...DEFAULT_THROTTLE_LIMITS, ...limits };
  }

  /**
   * Counts an attempt for its address, then its user. Throws Throttling (429) — counting
   * nothing for a blocked key — when either is blocked.
   */
  async attempt(db: Db, keys: SignInKeys): Promise<void> {
    if (!(await this.count(db, keys.ip, this.limits.ip))) throw await this.refusal(db, keys.ip);
    if (!(await this.count(db, keys.user, this.limits.user))) {
      // Retrying a blocked user must not use up the address's allowance.
      await this.refund(db, keys.ip, this.limits.ip);
      throw await this.refusal(db, keys.user);
    }
  }

  /** A successful sign-in: the user's count starts again, and the address gets its attempt back. */
  async succeed(db: Db, keys: SignInKeys): Promise<void> {
    await db.signInAttempt.deleteMany({ where: { key: keys.user } });
    await this.refund(db, keys.ip, this.limits.ip);
  }

  /**
   * One atomic UPSERT: starts a new window when the last one is over (a window lasts windowMs
   * from its start or from the end of its last block), else adds the attempt; the attempt that
   * reaches the limit, and each one after it, blocks the key for blockMs × 2^(attempts − limit).
   * A blocked key is left as it is and no row is returned: false.
   */
  private async count(db: Db, key: string, limit: ThrottleLimit): Promise<boolean> {
    const blockAt = (attempts: Prisma.Sql) =>
      Prisma.sql`CASE WHEN ${attempts} >= ${limit.attempts}::int THEN ${NOW} + interval '1 millisecond' * LEAST(${limit.maxBlockMs}::bigint, ${limit.blockMs}::bigint * power(2, LEAST(${attempts} - ${limit.attempts}::int, 30))::bigint) END`;
    const windowOver = Prisma.sql`GREATEST(a."windowStart", COALESCE(a."blockedUntil", a."windowStart")) + ${millis(limit.windowMs)} <= ${NOW}`;
    const rows = await db.$queryRaw<unknown[]>`
      INSERT INTO "SignInAttempt" AS a ("key", "windowStart", "attempts", "blockedUntil", "updatedAt")
      VALUES (${key}, ${NOW}, 1, ${blockAt(Prisma.sql`1`)}, ${NOW})
      ON CONFLICT ("key") DO UPDATE SET
        "windowStart" = CASE WHEN ${windowOver} THEN ${NOW} ELSE a."windowStart" END,
        "attempts" = CASE WHEN ${windowOver} THEN 1 ELSE a."attempts" + 1 END,
        "blockedUntil" = CASE WHEN ${windowOver} THEN ${blockAt(Prisma.sql`1`)} ELSE COALESCE(${blockAt(Prisma.sql`a."attempts" + 1`)}, a."blockedUntil") END,
        "updatedAt" = ${NOW}
      WHERE a."blockedUntil" IS NULL OR a."blockedUntil" <= ${NOW}
      RETURNING 1 AS "counted"`;
    return rows.length === 1;
  }

  /** Takes one attempt back (it succeeded, or was never tried); unblocks the key once under the limit. */
  private async refund(db: Db, key: string, limit: ThrottleLimit): Promise<void> {
    await db.$executeRaw`
      UPDATE "SignInAttempt" SET
        "attempts" = GREATEST("attempts" - 1, 0),
        "blockedUntil" = CASE WHEN "attempts" - 1 < ${limit.attempts}::int THEN NULL ELSE "blockedUntil" END
      WHERE "key" = ${key}`;
  }

  /** The refusal of a blocked key, saying when to try again (the console shows the message). */
  private async refusal(db: Db, key: string): Promise<AwsError> {
    const [row] = await db.$queryRaw<{ seconds: number | null }[]>`
      SELECT ceil(extract(epoch FROM ("blockedUntil" - ${NOW})))::int AS "seconds" FROM "SignInAttempt" WHERE "key" = ${key}`;
    const minutes = Math.max(1, Math.ceil((row?.seconds ?? 60) / 60));
    return new AwsError('Throttling', messages.console.tooManySignInAttempts(minutes), 429);
  }
}
