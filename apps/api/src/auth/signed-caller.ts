/**
 * Who signed a request: the access key (long-term AKIA… or temporary ASIA… with its session
 * token) named in the signature, checked against its secret, turned into a Caller.
 * Last use is recorded at most every 5 minutes per key, as AWS does, so a busy key does not
 * cost a write per request.
 */
import { messages } from '../messages';
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { secretsEqual, sha256Hex } from '../crypto/secrets';
import { AwsError } from '../errors';
import { tagsOf } from '../iam/shapes';
import type { Caller } from './caller';
import { callerFromTemporaryCredential, invalidClientToken, loadTemporaryCredential, type CallerBase } from './temporary-caller';
import { signatureMismatch, type SignatureClaims } from './signature';
import { AuthorizationCache, type CacheCoherence, type ChangeScope } from '../authz/authorization-cache';
import { authzCacheLookups } from '../metrics';

const LAST_USED_EVERY_MS = 5 * 60 * 1000;
/**
 * Active long-term keys are cached (authz/authorization-cache.ts): a change to a key or its user
 * clears the entry on every replica (invalidate); a change nobody announced (SQL) is seen within
 * this time.
 */
const KEY_CACHE_MS = 5_000;
const MAX_CACHED_KEYS = 10_000;

type KeyRow = { id: string; accountId: string; status: string; secret: string; user: { id: string; arn: string; name: string; tags: unknown } | null };

export interface RequestMeta {
  sourceIp: string;
  secureTransport: boolean;
  userAgent: string;
  /** The service being called (for last-used records). */
  service: string;
  region: string;
}

export class SignedCallers {
  private lastUsedWrites = new Map<string, number>();
  private readonly keys: AuthorizationCache<KeyRow | null>;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    coherence: CacheCoherence,
  ) {
    const onLookup = (hit: boolean) => authzCacheLookups.inc({ cache: 'access_keys', result: hit ? 'hit' : 'miss' });
    this.keys = new AuthorizationCache(coherence, { ttlMs: KEY_CACHE_MS, maxEntries: MAX_CACHED_KEYS, onLookup });
  }

  async authenticate(claims: SignatureClaims, meta: RequestMeta, now: Date): Promise<Caller> {
    const base = { sourceIp: meta.sourceIp, secureTransport: meta.secureTransport, userAgent: meta.userAgent, accessKeyId: claims.accessKeyId, protocol: 'query' as const };
    if (claims.accessKeyId.startsWith('ASIA')) return this.temporary(claims, base, now);
    const key = await this.longTermKey(claims.accessKeyId);
    if (!key || key.status !== 'Active') throw invalidClientToken();
    if (claims.sessionToken) throw invalidClientToken();
    if (!claims.verify(key.secret)) throw signatureMismatch();
    await this.recordUse(key.id, meta, now);
    if (!key.user) return { kind: 'root', accountId: key.accountId, arn: `arn:aws:iam::${key.accountId}:root`, userId: key.accountId, credentialType: 'long-term', ...base };
    return {
      kind: 'user',
      credentialType: 'long-term',
      accountId: key.accountId,
      arn: key.user.arn,
      userId: key.user.id,
      userName: key.user.name,
      iamUserId: key.user.id,
      principalTags: tagsOf(key.user.tags),
      ...base,
    };
  }

  /** Clears the cached keys a change makes stale: its user's (or root's), or the account's. */
  invalidate(scope: ChangeScope): void {
    this.keys.invalidate(scope);
  }

  private async longTermKey(id: string): Promise<KeyRow | null> {
    return this.keys.get(id, undefined, async () => {
      const key = await this.db.accessKey.findUnique({ where: { id }, include: { user: { select: { id: true, arn: true, name: true, tags: true } } } });
      const row = key ? { id: key.id, accountId: key.accountId, status: key.status, secret: this.secrets.decrypt(key.secretEncrypted), user: key.user } : null;
      // SECURITY: only active keys are cached: a flood of random key IDs cannot evict real ones,
      // and a key that is reactivated works at once.
      if (row?.status !== 'Active') return { value: row };
      return { value: row, owner: { accountId: row.accountId, principalArns: [row.user?.arn ?? `arn:aws:iam::${row.accountId}:root`] } };
    });
  }

  private async temporary(claims: SignatureClaims, base: CallerBase, now: Date): Promise<Caller> {
    const cred = await loadTemporaryCredential(this.db, claims.accessKeyId);
    // SECURITY: the session token is compared by its SHA-256 in constant time.
    if (!cred || !claims.sessionToken || !secretsEqual(sha256Hex(claims.sessionToken), cred.sessionTokenHash)) throw invalidClientToken();
    if (cred.expiresAt <= now) throw new AwsError('ExpiredToken', messages.expiredSecurityToken, 403);
    if (!claims.verify(this.secrets.decrypt(cred.secretEncrypted))) throw signatureMismatch();
    return callerFromTemporaryCredential(cred, base);
  }


  private async recordUse(accessKeyId: string, meta: RequestMeta, now: Date): Promise<void> {
    const last = this.lastUsedWrites.get(accessKeyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWrites.set(accessKeyId, now.getTime());
    if (this.lastUsedWrites.size > 100_000) this.lastUsedWrites.clear();
    await this.db.accessKey.update({ where: { id: accessKeyId }, data: { lastUsedAt: now, lastUsedService: meta.service, lastUsedRegion: meta.region } });
  }
}
