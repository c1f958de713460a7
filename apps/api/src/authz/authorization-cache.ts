/**
 * A cache of authorization state — compiled policy sets, access keys, account flags — that never
 * keeps serving a state older than the last change it was told about, on any replica:
 *
 * - each entry belongs to an account and to the principals whose state it holds; a change drops
 *   the entries of its scope (the whole account, or one user's or role's);
 * - a load still running when a change in its account arrives may have read the state from
 *   before the change: it answers its own request but is not stored (without this, a load that
 *   began just before a detach stored the old policies for the whole time-to-live);
 * - while this replica cannot hear the other replicas' changes (its LISTEN connection is lost),
 *   the cache is bypassed — every request reads the database — and it is emptied when listening
 *   resumes, since changes made meanwhile were never heard;
 * - entries still expire after a few seconds, a last resort against a change nobody announced
 *   (an edit made with SQL).
 */

/** Which cached state a change invalidates: a whole account's, or one principal's in it. */
export interface ChangeScope {
  accountId: string;
  /** A user's, role's or the root user's ARN; absent = everything in the account. */
  principalArn?: string;
}

/** Whose state an entry holds. */
export interface EntryOwner {
  accountId: string;
  /** The principals (user, role or root ARNs) whose change makes the entry stale. */
  principalArns: readonly string[];
}

/**
 * Whether cached state may be trusted at all: false while the replica is not listening for the
 * others' changes. Shared by every cache of one replica.
 */
export class CacheCoherence {
  private listening = true;
  private readonly caches: { clear(): void }[] = [];

  get trusted(): boolean {
    return this.listening;
  }

  register(cache: { clear(): void }): void {
    this.caches.push(cache);
  }

  /** The invalidation bus lost its connection: changes from other replicas go unheard. */
  lost(): void {
    this.listening = false;
    for (const cache of this.caches) cache.clear();
  }

  /** Listening again: what changed meanwhile is unknown, so start from empty caches. */
  resumed(): void {
    for (const cache of this.caches) cache.clear();
    this.listening = true;
  }
}

export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Reports each lookup (metrics). */
  onLookup?: (hit: boolean) => void;
}

interface Load {
  /** Unknown before it is read (an access key's): then any change marks it stale. */
  accountId: string | undefined;
  /** A change in its account arrived while it ran: the result must not be stored. */
  stale: boolean;
}


export class AuthorizationCache<V> {
  private readonly entries = new Map<string, { value: V; owner: EntryOwner; loadedAt: number }>();
  private readonly loads = new Set<Load>();

  constructor(
    private readonly coherence: CacheCoherence,
    private readonly options: CacheOptions,
  ) {
    coherence.register(this);
  }

  /**
   * The cached value of `key` in the account, or `load()`'s — stored when nothing changed in the
   * account while it ran and it names an owner (a load that found nothing to cache returns none).
   */
  async get(key: string, accountId: string | undefined, load: () => Promise<{ value: V; owner?: EntryOwner }>): Promise<V> {
    if (this.coherence.trusted) {
      const hit = this.entries.get(key);
      if (hit && Date.now() - hit.loadedAt < this.options.ttlMs) {
        this.options.onLookup?.(true);
        return hit.value;
      }
    }
    this.options.onLookup?.(false);
    const pending: Load = { accountId, stale: !this.coherence.trusted };
    this.loads.add(pending);
    try {
      const { value, owner } = await load();
      if (owner && !pending.stale && this.coherence.trusted) {
        if (this.entries.size >= this.options.maxEntries) this.entries.clear();
        this.entries.set(key, { value, owner, loadedAt: Date.now() });
      }
      return value;
    } finally {
      this.loads.delete(pending);
    }
  }

  /**
   * Drops the entries a change of this scope makes stale, and marks the account's running loads
   * stale (which principals a load will find is known only when it is done).
   */
  invalidate(scope: ChangeScope): void {
    for (const [key, entry] of this.entries) if (affects(scope, entry.owner)) this.entries.delete(key);
    for (const pending of this.loads) if (pending.accountId === undefined || pending.accountId === scope.accountId) pending.stale = true;
  }

  /** Drops everything, running loads included. */
  clear(): void {
    this.entries.clear();
    for (const pending of this.loads) pending.stale = true;
  }
}

function affects(scope: ChangeScope, owner: EntryOwner): boolean {
  if (scope.accountId !== owner.accountId) return false;
  if (!scope.principalArn) return true;
  // IAM names are unique regardless of case: compare ARNs the same way.
  const changed = scope.principalArn.toLowerCase();
  return owner.principalArns.some((arn) => arn.toLowerCase() === changed);
}

/**
 * The principal an ARN names, for a change scoped to it: a user, a role or the root user of the
 * account; anything else (a group, a policy) has no single principal.
 */
export function principalOf(arn: string, accountId: string): string | undefined {
  const match = /^arn:aws:iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(arn);
  return match && match[1] === accountId ? arn : undefined;
}
