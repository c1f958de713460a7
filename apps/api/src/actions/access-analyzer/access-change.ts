/**
 * The change preview of the policy editor: which actions, on which resources, a new version of a
 * policy grants or denies that the current one does not, and the reverse — by reasoning over the
 * two documents with the same pattern logic as CheckNoNewAccess (access-checks.ts), never by
 * sampling requests.
 *
 * Each statement is read as (effect, action, resource pattern, conditions) grants: action
 * patterns (Action, or the catalog's actions outside NotAction) are expanded against AWS's
 * action catalog; a pattern that names no catalog action is kept as written. For each effect and
 * action, a grant of the new version is *added* when no grant of the current version covers its
 * resource pattern (an unconditional grant, or one with the same conditions), and a grant of the
 * current version is *removed* when no grant of the new version covers it. Exactness is that of
 * `globCovers`: an added row is "may be new" when only a union of patterns covers it. Rows are
 * grouped by service and resources so "every S3 action on *" is one line, not hundreds.
 */
import { compileWildcard, globTest, type Catalog, type PolicyDocument, type PolicyStatement, type ValueList } from '@portcullis/policy';
import { conditionsKey, globCovers } from './access-checks';

export interface AccessChangeRow {
  effect: 'Allow' | 'Deny';
  /** Service prefix (`s3`), or the pattern's own prefix for an action the catalog does not know. */
  service: string;
  serviceName?: string;
  /** Canonical action names (`s3:GetObject`), sorted; at most MAX_ACTIONS_PER_ROW. */
  actions: string[];
  /** How many actions the row holds in all (more than `actions` lists when it was cut). */
  actionCount: number;
  /** True when the row holds every action of its service. */
  allActions: boolean;
  /** Resource patterns; a NotResource reads `NOT a, b`. */
  resources: string[];
  /** The grants carry conditions (their text, canonical): they apply only when the conditions hold. */
  conditions: string;
}

export interface AccessChange {
  added: AccessChangeRow[];
  removed: AccessChangeRow[];
}

/** A row names at most this many actions (the count says how many it holds). */
export const MAX_ACTIONS_PER_ROW = 100;
/** At most this many rows per side (a row per service of AWS's catalog fits). */
export const MAX_ROWS = 1000;

/** One resource entry of a statement, shared by every action the statement names. */
interface Grant {
  resource: string;
  /** Whether `resource` is a NotResource list (compared verbatim, not as a pattern). */
  negated: boolean;
  conditions: string;
}

/** Grants by `Effect|service:action` (lowercase action). */
type Grants = Map<string, Grant[]>;

const values = (list: ValueList | undefined) => (list?.items ?? []).map((v) => v.value);

const allActionsCache = new WeakMap<Catalog, string[]>();

/** Every action of the catalog, as lowercase `service:action`. */
function allActions(catalog: Catalog): string[] {
  let all = allActionsCache.get(catalog);
  if (!all) {
    all = Object.entries(catalog.services).flatMap(([svc, s]) => Object.keys(s.actions).map((a) => `${svc}:${a}`));
    allActionsCache.set(catalog, all);
  }
  return all;
}

/** The catalog's lowercase action keys matching an action pattern; the pattern itself when none does. */
function expand(catalog: Catalog, pattern: string): string[] {
  const p = pattern.toLowerCase();
  if (p === '*') return allActions(catalog);
  const colon = p.indexOf(':');
  if (colon < 0) return [p];
  const servicePattern = p.slice(0, colon);
  const service = catalog.services[servicePattern];
  const glob = compileWildcard(p.slice(colon + 1));
  const out: string[] = [];
  if (service) {
    for (const a of Object.keys(service.actions)) if (globTest(glob, a)) out.push(`${servicePattern}:${a}`);
  } else if (servicePattern.includes('*') || servicePattern.includes('?')) {
    const serviceGlob = compileWildcard(servicePattern);
    for (const [svc, s] of Object.entries(catalog.services)) {
      if (!globTest(serviceGlob, svc)) continue;
      for (const a of Object.keys(s.actions)) if (globTest(glob, a)) out.push(`${svc}:${a}`);
    }
  }
  return out.length ? out : [p];
}

/** Every catalog action outside the NotAction patterns. */
function expandNot(catalog: Catalog, patterns: string[]): string[] {
  const excluded = new Set(patterns.flatMap((p) => expand(catalog, p)));
  return allActions(catalog).filter((a) => !excluded.has(a));
}

function effectOf(s: PolicyStatement): 'Allow' | 'Deny' | undefined {
  return s.effect === 'Allow' || s.effect === 'Deny' ? s.effect : undefined;
}

function grantsOf(doc: PolicyDocument | undefined, catalog: Catalog): Grants {
  const grants: Grants = new Map();
  for (const s of doc?.statements ?? []) {
    const effect = effectOf(s);
    if (!effect) continue;
    const actions = s.action ? new Set(values(s.action).flatMap((p) => expand(catalog, p))) : s.notAction ? expandNot(catalog, values(s.notAction)) : [];
    const conditions = conditionsKey(s);
    const resources: Grant[] = s.resource
      ? values(s.resource).map((resource) => ({ resource, negated: false, conditions }))
      : s.notResource
        ? [{ resource: `NOT ${values(s.notResource).join(', ')}`, negated: true, conditions }]
        : [{ resource: '*', negated: false, conditions }];
    for (const action of actions) {
      const key = `${effect}|${action}`;
      const list = grants.get(key);
      if (list) list.push(...resources);
      else grants.set(key, [...resources]);
    }
  }
  return grants;
}

/** Does `outer` apply wherever `inner` does (same effect and action assumed)? */
function covers(outer: Grant, inner: Grant): boolean {
  if (outer.conditions !== '' && outer.conditions !== inner.conditions) return false;
  if (outer.negated || inner.negated) return outer.resource === inner.resource || (!outer.negated && outer.resource === '*');
  return globCovers(outer.resource, inner.resource);
}

/**
 * The grants of `from` that no grant of `against` (same effect and action) covers. Grants are
 * shared by all the actions of their statement, so each pair is compared once (memo).
 */
function uncovered(from: Grants, against: Grants): { key: string; grant: Grant }[] {
  const memo = new Map<Grant, Map<Grant, boolean>>();
  const coversOnce = (outer: Grant, inner: Grant) => {
    let row = memo.get(outer);
    if (!row) memo.set(outer, (row = new Map()));
    let answer = row.get(inner);
    if (answer === undefined) row.set(inner, (answer = covers(outer, inner)));
    return answer;
  };
  const out: { key: string; grant: Grant }[] = [];
  for (const [key, list] of from) {
    const others = against.get(key) ?? [];
    for (const grant of list) if (!others.some((o) => coversOnce(o, grant))) out.push({ key, grant });
  }
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Grants grouped into rows: one per effect, service, conditions and set of resources. */
function rows(grants: { key: string; grant: Grant }[], catalog: Catalog): AccessChangeRow[] {
  // Resources of each (effect, action, conditions), then actions sharing the same resources.
  const perAction = new Map<string, { key: string; conditions: string; resources: Set<string> }>();
  for (const { key, grant } of grants) {
    const k = `${key}|${grant.conditions}`;
    let entry = perAction.get(k);
    if (!entry) perAction.set(k, (entry = { key, conditions: grant.conditions, resources: new Set() }));
    entry.resources.add(grant.resource);
  }
  const grouped = new Map<string, { effect: 'Allow' | 'Deny'; service: string; conditions: string; resources: string[]; actions: string[] }>();
  for (const e of perAction.values()) {
    const bar = e.key.indexOf('|');
    const effect = e.key.slice(0, bar) as 'Allow' | 'Deny';
    const action = e.key.slice(bar + 1);
    const service = action.slice(0, Math.max(0, action.indexOf(':'))) || action;
    const resources = [...e.resources].sort(byText);
    const k = `${effect}|${service}|${e.conditions}|${resources.join('\n')}`;
    let group = grouped.get(k);
    if (!group) grouped.set(k, (group = { effect, service, conditions: e.conditions, resources, actions: [] }));
    group.actions.push(canonical(catalog, action));
  }
  return [...grouped.values()]
    .map(({ actions, ...row }) => {
      const total = Object.keys(catalog.services[row.service]?.actions ?? {}).length;
      const sorted = actions.sort(byText);
      const serviceName = catalog.services[row.service]?.name;
      return {
        effect: row.effect,
        service: row.service,
        ...(serviceName ? { serviceName } : {}),
        actions: sorted.slice(0, MAX_ACTIONS_PER_ROW),
        actionCount: sorted.length,
        allActions: total > 0 && sorted.length === total,
        resources: row.resources,
        conditions: row.conditions,
      };
    })
    .sort((a, b) => byText(a.effect, b.effect) || byText(a.service, b.service) || byText(a.resources.join(), b.resources.join()))
    .slice(0, MAX_ROWS);
}

/** `s3:getobject` as AWS spells it (`s3:GetObject`); unknown actions as written. */
function canonical(catalog: Catalog, action: string): string {
  const colon = action.indexOf(':');
  const name = catalog.services[action.slice(0, colon)]?.actions[action.slice(colon + 1)]?.name;
  return name ? `${action.slice(0, colon)}:${name}` : action;
}

/** What `next` grants or denies that `current` does not (added), and the reverse (removed). */
export function compareAccess(current: PolicyDocument | undefined, next: PolicyDocument, catalog: Catalog): AccessChange {
  const before = grantsOf(current, catalog);
  const after = grantsOf(next, catalog);
  return { added: rows(uncovered(after, before), catalog), removed: rows(uncovered(before, after), catalog) };
}
