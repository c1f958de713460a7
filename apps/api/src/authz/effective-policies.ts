/**
 * The effective policies of a principal — identity policies (its own inline and attached, and
 * its groups'), its permissions boundary, and session policies — compiled with the engine and
 * cached per principal. Any action that changes permissions in an account clears that account's
 * entries (dispatch.ts), so a change is visible to the very next request.
 *
 * Several replicas: each clears its own cache on its own writes; see README "Scaling" — entries
 * also expire after CACHE_TTL_MS so another replica's change is seen within that time at most.
 */
import { compilePolicySet, type CompiledPolicySet, type PolicySource } from '@portcullis/policy';
import type { Db } from '../db/client';
import type { Caller } from '../auth/caller';

const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  set: CompiledPolicySet;
  loadedAt: number;
}

export class EffectivePolicies {
  private cache = new Map<string, Entry>();
  private listeners: ((accountId: string) => void)[] = [];
  private flags = new Map<string, { value: boolean; loadedAt: number }>();

  constructor(private readonly db: Db) {}

  /** Also tell other replicas about each change made here (set by main.ts). */
  publish: ((accountId: string) => void) | undefined;

  /** A change made by this replica: clear the account's entries here and tell the others. */
  changed(accountId: string): void {
    this.invalidateAccount(accountId);
    this.publish?.(accountId);
  }

  /** Clears the cached policy sets of every principal of an account (and tells listeners). */
  invalidateAccount(accountId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${accountId}|`)) this.cache.delete(key);
    this.flags.delete(`${accountId}|password-policy`);
    for (const listener of this.listeners) listener(accountId);
  }

  /** Other caches of authorization state (e.g. access keys) that a change must clear too. */
  onInvalidate(listener: (accountId: string) => void): void {
    this.listeners.push(listener);
  }

  async forCaller(caller: Caller): Promise<CompiledPolicySet> {
    // Sessions with session policies are rare and short-lived: not cached.
    if (caller.sessionPolicies?.length || caller.kind === 'federated-user') return this.load(caller);
    const key = `${caller.accountId}|${caller.iamUserId ?? caller.roleId ?? caller.arn}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.loadedAt < CACHE_TTL_MS) return hit.set;
    const set = await this.load(caller);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { set, loadedAt: Date.now() });
    return set;
  }

  /**
   * "Allow users to change their own password" in the account's password policy: users may then
   * call iam:ChangePassword on themselves and iam:GetAccountPasswordPolicy without a policy.
   */
  async usersMayChangePassword(accountId: string): Promise<boolean> {
    const key = `${accountId}|password-policy`;
    const hit = this.flags.get(key);
    if (hit && Date.now() - hit.loadedAt < CACHE_TTL_MS) return hit.value;
    const policy = await this.db.passwordPolicy.findUnique({ where: { accountId }, select: { allowUsersToChangePassword: true } });
    const value = policy?.allowUsersToChangePassword ?? false;
    this.flags.set(key, { value, loadedAt: Date.now() });
    return value;
  }

  private async load(caller: Caller): Promise<CompiledPolicySet> {
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
      if (!role) return { identity: [] };
      const identity: PolicySource[] = [
        ...role.inlinePolicies.map((p) => ({ id: `role/${role.name}/inline/${p.name}`, document: p.document })),
        ...role.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
      ];
      const boundary = role.permissionsBoundary ? role.permissionsBoundary.versions.map((v) => ({ id: role.permissionsBoundary!.arn, document: v.document })) : undefined;
      return compilePolicySet({ identity, boundary, session });
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
      if (!user) return { identity: [] };
      const identity: PolicySource[] = [
        ...user.inlinePolicies.map((p) => ({ id: `user/${user.name}/inline/${p.name}`, document: p.document })),
        ...user.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
        ...user.memberships.flatMap((m) => [
          ...m.group.inlinePolicies.map((p) => ({ id: `group/${m.group.name}/inline/${p.name}`, document: p.document })),
          ...m.group.attachments.flatMap((a) => a.policy.versions.map((v) => ({ id: a.policy.arn, document: v.document }))),
        ]),
      ];
      const boundary = user.permissionsBoundary ? user.permissionsBoundary.versions.map((v) => ({ id: user.permissionsBoundary!.arn, document: v.document })) : undefined;
      return compilePolicySet({ identity, boundary, session });
    }
    return { identity: [] };
  }
}
