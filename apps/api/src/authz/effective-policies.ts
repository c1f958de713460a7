/**
 * The effective policies of a principal — identity policies (its own inline and attached, and
 * its groups'), its permissions boundary, and session policies — compiled with the engine and
 * cached per principal (authz/authorization-cache.ts). An action that changes permissions clears
 * the entries of the principal or account it changed (dispatch.ts), here at once and on the other
 * replicas when they hear of it (authz/invalidation.ts), so a change holds from the next request.
 */
import { compilePolicySet, type CompiledPolicySet, type PolicySource } from '@portcullis/policy';
import type { Db } from '../db/client';
import type { Caller } from '../auth/caller';
import { AuthorizationCache, CacheCoherence, type ChangeScope, type EntryOwner } from './authorization-cache';
import { authzCacheInvalidations, authzCacheLookups } from '../metrics';

const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class EffectivePolicies {
  private readonly sets: AuthorizationCache<CompiledPolicySet>;
  private readonly passwordPolicyFlags: AuthorizationCache<boolean>;
  private listeners: ((scope: ChangeScope) => void)[] = [];

  constructor(
    private readonly db: Db,
    /** Shared with the replica's other caches (the access keys'): see CacheCoherence. */
    readonly coherence: CacheCoherence = new CacheCoherence(),
  ) {
    const onLookup = (hit: boolean) => authzCacheLookups.inc({ cache: 'policies', result: hit ? 'hit' : 'miss' });
    this.sets = new AuthorizationCache(coherence, { ttlMs: CACHE_TTL_MS, maxEntries: MAX_ENTRIES, onLookup });
    this.passwordPolicyFlags = new AuthorizationCache(coherence, { ttlMs: CACHE_TTL_MS, maxEntries: MAX_ENTRIES });
  }

  /** Clears what a change of this scope makes stale, here and in the other caches (listeners). */
  invalidate(scope: ChangeScope): void {
    authzCacheInvalidations.inc({ scope: scope.principalArn ? 'principal' : 'account' });
    this.sets.invalidate(scope);
    this.passwordPolicyFlags.invalidate(scope);
    for (const listener of this.listeners) listener(scope);
  }

  /** Other caches of authorization state (e.g. access keys) that a change must clear too. */
  onInvalidate(listener: (scope: ChangeScope) => void): void {
    this.listeners.push(listener);
  }

  async forCaller(caller: Caller): Promise<CompiledPolicySet> {
    // Sessions with session policies are rare and short-lived: not cached.
    if (caller.sessionPolicies?.length || caller.kind === 'federated-user') return (await this.load(caller)).value;
    const key = `${caller.accountId}|${caller.iamUserId ?? caller.roleId ?? caller.arn}`;
    return this.sets.get(key, caller.accountId, () => this.load(caller));
  }

  /**
   * "Allow users to change their own password" in the account's password policy: users may then
   * call iam:ChangePassword on themselves and iam:GetAccountPasswordPolicy without a policy.
   */
  async usersMayChangePassword(accountId: string): Promise<boolean> {
    return this.passwordPolicyFlags.get(`${accountId}|password-policy`, accountId, async () => {
      const policy = await this.db.passwordPolicy.findUnique({ where: { accountId }, select: { allowUsersToChangePassword: true } });
      // Belongs to the account as a whole: only an account-wide change clears it.
      return { value: policy?.allowUsersToChangePassword ?? false, owner: { accountId, principalArns: [] } };
    });
  }

  /** The caller's policy set, and whose it is (the principal's ARNs as the caller and the database name it). */
  private async load(caller: Caller): Promise<{ value: CompiledPolicySet; owner?: EntryOwner }> {
    const owner = (loadedArn: string): EntryOwner => ({ accountId: caller.accountId, principalArns: [caller.arn, loadedArn, ...(caller.roleArn ? [caller.roleArn] : [])] });
    // A federated user (GetFederationToken) with no session policy has no permissions at all:
    // an empty session layer allows nothing.
    const session =
      caller.sessionPolicies?.length || caller.kind === 'federated-user'
        ? (caller.sessionPolicies ?? []).map((document, i) => ({ id: `session-${i + 1}`, document }))
        : undefined;
    if (caller.roleId) {
      const role = await this.db.role.findUnique({
        where: { id: caller.roleId },
        include: { inlinePolicies: true, attachments: { include: { policy: { include: { versions: { where: { isDefault: true } } } } } }, permissionsBoundary: { include: { versions: { where: { isDefault: true } } } } },
      });
      if (!role) return { value: { identity: [] } };
      const identity: PolicySource[] = [
        ...role.inlinePolicies.map((p) => ({ id: `role/${role.name}/inline/${p.name}`, document: p.document })),
        ...role.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
      ];
      const boundary = role.permissionsBoundary ? role.permissionsBoundary.versions.map((v) => ({ id: role.permissionsBoundary!.arn, document: v.document })) : undefined;
      return { value: compilePolicySet({ identity, boundary, session }), owner: owner(role.arn) };
    }
    if (caller.iamUserId) {
      const withDefault = { include: { policy: { include: { versions: { where: { isDefault: true } } } } } } as const;
      const user = await this.db.user.findUnique({
        where: { id: caller.iamUserId },
        include: {
          inlinePolicies: true,
          attachments: withDefault,
          permissionsBoundary: { include: { versions: { where: { isDefault: true } } } },
          memberships: { include: { group: { include: { inlinePolicies: true, attachments: withDefault } } } },
        },
      });
      if (!user) return { value: { identity: [] } };
      const identity: PolicySource[] = [
        ...user.inlinePolicies.map((p) => ({ id: `user/${user.name}/inline/${p.name}`, document: p.document })),
        ...user.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
        ...user.memberships.flatMap((m) => [
          ...m.group.inlinePolicies.map((p) => ({ id: `group/${m.group.name}/inline/${p.name}`, document: p.document })),
          ...m.group.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
        ]),
      ];
      const boundary = user.permissionsBoundary ? user.permissionsBoundary.versions.map((v) => ({ id: user.permissionsBoundary!.arn, document: v.document })) : undefined;
      return { value: compilePolicySet({ identity, boundary, session }), owner: owner(user.arn) };
    }
    return { value: { identity: [] } };
  }
}
