/**
 * Failed sign-in throttling. AWS has no lockout; we slow repeated failures down instead: each
 * key (an account/user, a source IP) waits 2^(failures-3) × 250 ms after its third failure in
 * a 15-minute window, capped at 8 s. Kept in memory: a restart forgets it, which is acceptable
 * for a delay (not a lockout); several replicas each apply their own delay.
 */
const WINDOW_MS = 15 * 60 * 1000;
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 8000;
const MAX_KEYS = 100_000;

export class FailedSignInThrottle {
  private failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}

  /** How long the next attempt for these keys must wait. */
  delayFor(keys: string[]): number {
    const now = Date.now();
    let worst = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.since > WINDOW_MS) continue;
      const over = entry.count - FREE_FAILURES;
      if (over >= 0) worst = Math.max(worst, Math.min(MAX_DELAY_MS, 250 * 2 ** over));
    }
    return worst;
  }

  async wait(keys: string[]): Promise<void> {
    const ms = this.delayFor(keys);
    if (ms > 0) await this.sleep(ms);
  }

  fail(keys: string[]): void {
    const now = Date.now();
    if (this.failures.size > MAX_KEYS) this.failures.clear();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.since > WINDOW_MS) this.failures.set(key, { count: 1, since: now });
      else entry.count++;
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
