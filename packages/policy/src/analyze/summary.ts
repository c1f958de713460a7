/**
 * Analysis — the console's policy summary (Service / Access level / Resource / Request
 * condition), as shown on IAM's "Review policy" page and a policy's Permissions tab; also
 * answers "which services does this policy grant" (ListPoliciesGrantingServiceAccess).
 *
 * Assumes a parsed document and a catalog (without one there is nothing to expand wildcards
 * against, so every pattern is reported as an unknown action of its service).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
 */
import type { Catalog } from '../catalog/catalog';
import type { PolicyDocument } from '../document/parse';
import { compileWildcard, globTest, type Glob } from '../compile/glob';

/** Access levels in the order the console lists them. */
export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
/** One of {@link ACCESS_LEVELS}. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** One row of the summary: one service under one effect. */
export interface PolicySummaryRow {
  effect: 'Allow' | 'Deny';
  /** Service prefix, e.g. `ec2`. */
  service: string;
  serviceName?: string;
  /** Console text: "Full access", "Full: List, Read", "Limited: Write", "Full: List Limited: Write". */
  accessLevel: string;
  levels: { level: AccessLevel; granted: number; total: number }[];
  /** Canonical action names (`ec2:RunInstances`), sorted. */
  actions: string[];
  /** Patterns that named this service but matched no catalog action. */
  unknownActions: string[];
  /** Resource patterns ("*" = all resources); NotResource patterns are prefixed with "NOT ". */
  resources: string[];
  /** Condition keys that restrict the row; empty means none. */
  conditions: string[];
}

/** The summary of a policy. */
export interface PolicySummary {
  rows: PolicySummaryRow[];
  /** Service prefixes the policy allows at least one action of (for ListPoliciesGrantingServiceAccess). */
  servicesAllowed: string[];
}

function levelOf(raw: string | undefined): AccessLevel | undefined {
  const first = raw?.split(',')[0]?.trim();
  return (ACCESS_LEVELS as readonly string[]).includes(first ?? '') ? (first as AccessLevel) : undefined;
}

interface Pattern {
  raw: string;
  service: Glob;
  name: Glob;
}

function patternOf(raw: string): Pattern | undefined {
  const p = raw.toLowerCase();
  if (p === '*') return { raw, service: compileWildcard('*'), name: compileWildcard('*') };
  const colon = p.indexOf(':');
  if (colon < 0) return undefined;
  return { raw, service: compileWildcard(p.slice(0, colon)), name: compileWildcard(p.slice(colon + 1)) };
}

interface Acc {
  actions: Set<string>;
  unknown: Set<string>;
  resources: Set<string>;
  conditions: Set<string>;
}

/**
 * Summarizes a policy per service and effect, expanding action wildcards and NotAction
 * against the catalog.
 */
export function summarizePolicy(doc: PolicyDocument, catalog: Catalog): PolicySummary {
  const groups = new Map<string, Acc>();
  const get = (effect: string, service: string): Acc => {
    const k = `${effect}\u0000${service}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { actions: new Set(), unknown: new Set(), resources: new Set(), conditions: new Set() }));
    return g;
  };
  const services = Object.keys(catalog.services);
  for (const st of doc.statements) {
    const effect = st.effect ?? 'Allow';
    const resources = st.resource?.items.map((i) => i.value) ?? st.notResource?.items.map((i) => `NOT ${i.value}`) ?? ['*'];
    const conditions = (st.conditions ?? []).flatMap((c) => c.entries.map((e) => e.key));
    const touched = new Map<string, { actions: string[]; unknown: string[] }>();
    const touch = (svc: string) => {
      let t = touched.get(svc);
      if (!t) touched.set(svc, (t = { actions: [], unknown: [] }));
      return t;
    };
    if (st.action) {
      for (const it of st.action.items) {
        const p = patternOf(it.value);
        if (!p) continue;
        const svcs = services.filter((s) => globTest(p.service, s));
        if (svcs.length === 0 && !/[*?]/.test(it.value.split(':')[0]!)) {
          touch(it.value.split(':')[0]!.toLowerCase()).unknown.push(it.value);
          continue;
        }
        for (const s of svcs) {
          const t = touch(s);
          let hit = false;
          for (const [k, a] of Object.entries(catalog.services[s]!.actions)) {
            if (globTest(p.name, k)) {
              t.actions.push(`${s}:${a.name}`);
              hit = true;
            }
          }
          if (!hit && !/[*?]/.test(it.value.split(':')[0]!)) t.unknown.push(it.value);
        }
      }
    } else if (st.notAction) {
      const excluded = st.notAction.items.map((i) => patternOf(i.value)).filter((p): p is Pattern => p !== undefined);
      for (const s of services) {
        for (const [k, a] of Object.entries(catalog.services[s]!.actions)) {
          if (!excluded.some((p) => globTest(p.service, s) && globTest(p.name, k))) touch(s).actions.push(`${s}:${a.name}`);
        }
      }
    }
    for (const [svc, t] of touched) {
      if (t.actions.length === 0 && t.unknown.length === 0) continue;
      const g = get(effect, svc);
      for (const a of t.actions) g.actions.add(a);
      for (const u of t.unknown) g.unknown.add(u);
      for (const r of resources) g.resources.add(r);
      for (const c of conditions) g.conditions.add(c);
    }
  }

  const rows: PolicySummaryRow[] = [];
  for (const [k, g] of groups) {
    const [effect, service] = k.split('\u0000') as ['Allow' | 'Deny', string];
    const svc = catalog.services[service];
    const levels = ACCESS_LEVELS.map((level) => {
      let total = 0;
      let granted = 0;
      for (const [name, a] of Object.entries(svc?.actions ?? {})) {
        if (levelOf(a.accessLevel) !== level) continue;
        total++;
        if (g.actions.has(`${service}:${svc!.actions[name]!.name}`)) granted++;
      }
      return { level, granted, total };
    }).filter((l) => l.total > 0);
    const full = levels.filter((l) => l.granted === l.total && l.total > 0).map((l) => l.level);
    const limited = levels.filter((l) => l.granted > 0 && l.granted < l.total).map((l) => l.level);
    let accessLevel: string;
    if (levels.length > 0 && full.length === levels.length) accessLevel = 'Full access';
    else {
      const parts: string[] = [];
      if (full.length) parts.push(`Full: ${full.join(', ')}`);
      if (limited.length) parts.push(`Limited: ${limited.join(', ')}`);
      accessLevel = parts.join(' ') || 'None';
    }
    const row: PolicySummaryRow = {
      effect,
      service,
      accessLevel,
      levels,
      actions: [...g.actions].sort(),
      unknownActions: [...g.unknown].sort(),
      resources: [...g.resources],
      conditions: [...g.conditions],
    };
    if (svc?.name) row.serviceName = svc.name;
    rows.push(row);
  }
  rows.sort((a, b) => (a.effect === b.effect ? (a.serviceName ?? a.service).localeCompare(b.serviceName ?? b.service) : a.effect === 'Allow' ? -1 : 1));
  const servicesAllowed = [...new Set(rows.filter((r) => r.effect === 'Allow' && r.actions.length > 0).map((r) => r.service))].sort();
  return { rows, servicesAllowed };
}
