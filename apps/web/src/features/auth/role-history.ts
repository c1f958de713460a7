// What AWS's console keeps in the browser about switched roles: the display name and colour
// chosen on the Switch role form, and the last five roles switched to (the "Role history" of
// the user menu). Kept in localStorage per signed-in user, so two people sharing a browser do
// not see each other's roles.
import { useMemo, useSyncExternalStore } from 'react';

/** AWS's fixed palette for a switched role's label (the values its switchrole link accepts). */
export const ROLE_COLORS = [
  { id: 'none', label: 'None', value: null },
  { id: 'red', label: 'Red', value: '#f2b0a9' },
  { id: 'orange', label: 'Orange', value: '#fbc8aa' },
  { id: 'yellow', label: 'Yellow', value: '#efda95' },
  { id: 'green', label: 'Green', value: '#b7ca9d' },
  { id: 'blue', label: 'Blue', value: '#83d4e8' },
] as const;

export type RoleColorId = (typeof ROLE_COLORS)[number]['id'];

/** How many roles the history keeps, as AWS's console does. */
export const ROLE_HISTORY_SIZE = 5;

/** AWS limits the display name to 64 characters. */
export const DISPLAY_NAME_MAX = 64;

export interface RoleHistoryEntry {
  /** The account as entered (ID or alias): what a one-click switch sends again. */
  account: string;
  /** The account ID the role is in, as the server resolved it. */
  accountId: string;
  /** The role name as entered, with its path if it has one. */
  roleName: string;
  displayName: string;
  color: RoleColorId;
}

const storageKey = (principalArn: string) => `portcullis.roleHistory:${principalArn}`;

/** A colour ID from a form value or a switchrole link's `color` (a name or AWS's hex value). */
export function parseRoleColor(value: string | null | undefined): RoleColorId {
  if (!value) return 'none';
  const v = value.trim().toLowerCase().replace(/^#/, '');
  const found = ROLE_COLORS.find((c) => c.id === v || (c.value !== null && c.value.slice(1) === v));
  return found?.id ?? 'none';
}

export function roleColorValue(id: RoleColorId): string | null {
  return ROLE_COLORS.find((c) => c.id === id)?.value ?? null;
}

/** The role's name without its path (the name in the role session's ARN). */
export function bareRoleName(roleName: string): string {
  return roleName.slice(roleName.lastIndexOf('/') + 1);
}

export function displayNameError(value: string): string | undefined {
  return value.length > DISPLAY_NAME_MAX ? `The display name can be at most ${DISPLAY_NAME_MAX} characters.` : undefined;
}

/** The label the console shows for a role: "DisplayName @ account". */
export function roleLabel(entry: Pick<RoleHistoryEntry, 'displayName' | 'roleName' | 'accountId'>): string {
  return `${entry.displayName || bareRoleName(entry.roleName)} @ ${entry.accountId}`;
}

function isEntry(value: unknown): value is RoleHistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return ['account', 'accountId', 'roleName', 'displayName', 'color'].every((k) => typeof e[k] === 'string');
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: no history, nothing breaks
  }
}

export function readRoleHistory(principalArn: string): RoleHistoryEntry[] {
  try {
    const parsed = JSON.parse(storage()?.getItem(storageKey(principalArn)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isEntry).map((e) => ({ ...e, color: parseRoleColor(e.color) })).slice(0, ROLE_HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}

/** Whether two entries name the same role (its path aside: the session ARN has none). */
export const sameRole = (a: Pick<RoleHistoryEntry, 'accountId' | 'roleName'>, b: Pick<RoleHistoryEntry, 'accountId' | 'roleName'>) =>
  a.accountId === b.accountId && bareRoleName(a.roleName).toLowerCase() === bareRoleName(b.roleName).toLowerCase();

/** The history with `entry` first (replacing an earlier switch to the same role), at most five. */
export function withRole(history: readonly RoleHistoryEntry[], entry: RoleHistoryEntry): RoleHistoryEntry[] {
  return [entry, ...history.filter((e) => !sameRole(e, entry))].slice(0, ROLE_HISTORY_SIZE);
}

export function rememberRole(principalArn: string, entry: RoleHistoryEntry): RoleHistoryEntry[] {
  const next = withRole(readRoleHistory(principalArn), entry);
  try {
    storage()?.setItem(storageKey(principalArn), JSON.stringify(next));
  } catch {
    // quota or disabled storage: the switch itself worked
  }
  listeners.forEach((listener) => listener());
  return next;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab's switch shows here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith('portcullis.roleHistory:')) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

/** The signed-in user's role history, kept current as roles are switched to. */
export function useRoleHistory(principalArn: string | undefined): RoleHistoryEntry[] {
  const key = principalArn ? storageKey(principalArn) : null;
  // The raw stored text is the snapshot (a stable string), parsed below.
  const raw = useSyncExternalStore(subscribe, () => (key ? (storage()?.getItem(key) ?? '') : ''));
  return useMemo(() => (principalArn && raw ? readRoleHistory(principalArn) : []), [principalArn, raw]);
}

/** The history entry of the role the console now acts as, if it was switched to from this browser. */
export function activeRoleEntry(history: readonly RoleHistoryEntry[], role: { accountId: string; roleName: string } | undefined): RoleHistoryEntry | undefined {
  return role ? history.find((e) => sameRole(e, role)) : undefined;
}
