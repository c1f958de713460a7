/**
 * A rate limit on unsigned Query requests, per source IP. Unsigned calls reach the `anonymous`
 * actions (AssumeRoleWithWebIdentity, AssumeRoleWithSAML), which fetch an issuer's keys and
 * write an audit row each: without a limit anyone could make the server do that work without
 * any credentials. A token bucket per address, kept in memory: each replica limits on its own,
 * and a restart forgets, which is fine for a rate limit.
 */
import { AwsError } from '../../errors';
import { messages } from '../../messages';

export interface RateLimit {
  /** Tokens added per second (the sustained rate). */
  perSecond: number;
  /** Bucket size (the burst allowed after a quiet spell). */
  burst: number;
}

/** 20 unsigned requests a second per address, bursts of 40: far above what one federated workload needs. */
export const DEFAULT_ANONYMOUS_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40 };

/** Beyond this many addresses, buckets that have refilled (the same as no bucket) are dropped. */
const MAX_ADDRESSES = 100_000;

/** What AWS answers when a caller exceeds a request rate (IAM, STS). */
export const throttled = () => new AwsError('Throttling', messages.rateExceeded, 400);

/**
 * The bucket an address draws from: an IPv4 address itself, an IPv6 address its /64 (one
 * customer's network gets a whole /64, so per-address buckets would not limit anyone).
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4 || !ip.includes(':')) return v4?.[1] ?? ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = DEFAULT_ANONYMOUS_RATE_LIMIT,
    /** Milliseconds from a monotonic clock (tests inject one). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? this.add(key, now);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private add(key: string, now: number) {
    if (this.buckets.size >= MAX_ADDRESSES) {
      for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
      // Still full: that many addresses are all active at once; start over rather than grow.
      if (this.buckets.size >= MAX_ADDRESSES) this.buckets.clear();
    }
    const bucket = { tokens: this.limit.burst, at: now };
    this.buckets.set(key, bucket);
    return bucket;
  }
}
