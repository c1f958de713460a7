/**
 * Access Analyzer's custom policy checks (CheckAccessNotGranted, CheckNoNewAccess), decided by
 * reasoning over the statements' wildcard patterns — never by sampling requests.
 *
 * Where the answer is exact and where it is conservative (a FAIL means "might grant", as AWS's):
 * - Glob intersection (`*`, `?`) is exact (a product automaton walk).
 * - Glob containment is sound (a PASS is never wrong) and complete for the usual shapes; a set of
 *   patterns is only found to cover a pattern when ONE of them covers it (a union covering it is
 *   not seen), so rare unions answer FAIL.
 * - Conditions never turn a FAIL into a PASS: CheckAccessNotGranted ignores them (a conditional
 *   Allow may grant); in CheckNoNewAccess an existing statement with conditions covers a new one
 *   only if the new one carries the same conditions.
 * - Deny statements grant nothing. An existing Deny the new policy does not repeat verbatim counts
 *   as new access (the new policy may allow what it refused).
 * - Principals (resource policies): an existing statement covers a new one only if its Principal is
 *   `*` or lists every principal the new statement names; NotPrincipal never covers.
 */
import type { PolicyDocument, PolicyStatement, ValueList } from '@portcullis/policy';

const STAR = 42;
const QMARK = 63;

/**
 * Puts runs of wildcards in one canonical form (`?`s first, then at most one `*`): `*?` and `?*`
 * mean the same, and containment below compares patterns symbol by symbol.
 */
export function normalizeGlob(p: string): string {
  if (!p.includes('*') && !p.includes('?')) return p;
  return p.replace(/[*?]{2,}/g, (run) => '?'.repeat(run.replace(/\*/g, '').length) + (run.includes('*') ? '*' : ''));
}

/**
 * Patterns longer than this (IAM's ARNs stop at 2,048 characters) are not compared: containment
 * answers no and intersection yes, the conservative answers, so a hostile input costs no more.
 */
const MAX_COMPARED_LENGTH = 4096;

/**
 * Does every string matching `inner` match `outer`? Sound: true only when it is so. A dynamic
 * program where `outer`'s `*` may absorb any symbol of `inner` (literal, `?` or `*`), `?` one
 * non-`*` symbol, and a literal only the same literal; rows from the end, two at a time.
 */
export function globCovers(outer: string, inner: string): boolean {
  const b = normalizeGlob(outer);
  const a = normalizeGlob(inner);
  if (b === '*' || a === b) return true;
  if (a.length > MAX_COMPARED_LENGTH || b.length > MAX_COMPARED_LENGTH) return false;
  // Fast rejection: `outer`'s literal start must be `inner`'s literal start too.
  for (let k = 0; k < b.length; k++) {
    const bk = b.charCodeAt(k);
    if (bk === STAR || bk === QMARK) break;
    if (k >= a.length || a.charCodeAt(k) !== bk) return false;
  }
  // below[j]: does b[j..] cover a[i+1..]; row[j]: does b[j..] cover a[i..].
  let below = new Uint8Array(b.length + 1);
  let row = new Uint8Array(b.length + 1);
  below[b.length] = 1; // i = a.length: only the empty rest of `outer`, or stars, cover nothing.
  for (let j = b.length - 1; j >= 0; j--) below[j] = b.charCodeAt(j) === STAR && below[j + 1] ? 1 : 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const ai = a.charCodeAt(i);
    row[b.length] = 0;
    for (let j = b.length - 1; j >= 0; j--) {
      const bj = b.charCodeAt(j);
      if (bj === STAR) row[j] = row[j + 1] || below[j] ? 1 : 0;
      else if (ai === STAR) row[j] = 0;
      else if (bj === QMARK) row[j] = below[j + 1]!;
      else row[j] = ai !== QMARK && ai === bj ? below[j + 1]! : 0;
    }
    [below, row] = [row, below];
  }
  return below[0] === 1;
}

/** Is there a string matching both patterns? Exact: a search of the two patterns' product automaton. */
export function globsIntersect(x: string, y: string): boolean {
  if (x.length > MAX_COMPARED_LENGTH || y.length > MAX_COMPARED_LENGTH) return true;
  const seen = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  const width = y.length + 1;
  while (stack.length) {
    const [i, j] = stack.pop()!;
    if (seen.has(i * width + j)) continue;
    seen.add(i * width + j);
    if (i === x.length && j === y.length) return true;
    const xStar = i < x.length && x.charCodeAt(i) === STAR;
    const yStar = j < y.length && y.charCodeAt(j) === STAR;
    // A star may match nothing.
    if (xStar) stack.push([i + 1, j]);
    if (yStar) stack.push([i, j + 1]);
    if (i === x.length || j === y.length) continue;
    // One character both accept: a literal must agree with a literal, anything else is free.
    const xLit = !xStar && x.charCodeAt(i) !== QMARK;
    const yLit = !yStar && y.charCodeAt(j) !== QMARK;
    if (xLit && yLit && x[i] !== y[j]) continue;
    stack.push([xStar ? i : i + 1, yStar ? j : j + 1]);
  }
  return false;
}

/** What one dimension (actions or resources) of a statement matches: these patterns, or all but these. */
export interface Dimension {
  negated: boolean;
  patterns: string[];
}

const values = (list: ValueList | undefined, lower: boolean) => (list?.items ?? []).map((v) => (lower ? v.value.toLowerCase() : v.value));

/** A statement's actions (lowercased: actions are case-insensitive) and resources. A missing element counts as `missing`. */
function dimensions(s: PolicyStatement, missing: Dimension): { actions: Dimension; resources: Dimension } {
  const actions = s.action ? { negated: false, patterns: values(s.action, true) } : s.notAction ? { negated: true, patterns: values(s.notAction, true) } : missing;
  const resources = s.resource ? { negated: false, patterns: values(s.resource, false) } : s.notResource ? { negated: true, patterns: values(s.notResource, false) } : missing;
  return { actions, resources };
}

const EVERYTHING: Dimension = { negated: false, patterns: ['*'] };
const NOTHING: Dimension = { negated: false, patterns: [] };

/** Might the dimension match a string matching `pattern`? Conservative toward yes. */
export function dimensionMayMatch(d: Dimension, pattern: string): boolean {
  if (!d.negated) return d.patterns.some((p) => globsIntersect(p, pattern));
  // All but N: `pattern` escapes N unless one member of N covers it.
  return !d.patterns.some((n) => globCovers(n, pattern));
}

/** Does `outer` match everything `inner` matches? Sound (true only when it does). */
export function dimensionCovers(outer: Dimension, inner: Dimension): boolean {
  if (!inner.negated) {
    return inner.patterns.every((p) =>
      outer.negated ? outer.patterns.every((n) => !globsIntersect(n, p)) : outer.patterns.some((o) => globCovers(o, p)),
    );
  }
  // inner is "all but N_in": only `*`, or "all but N_out" with N_out ⊆ N_in, covers it.
  if (!outer.negated) return outer.patterns.some((o) => globCovers(o, '*'));
  return outer.patterns.every((n) => inner.patterns.some((m) => globCovers(m, n)));
}

export interface Reason {
  description: string;
  statementIndex: number;
  statementId?: string;
}

const allows = (s: PolicyStatement) => s.effect === 'Allow';
const reasonFor = (s: PolicyStatement, description: string): Reason => ({ description, statementIndex: s.index, ...(s.sid ? { statementId: s.sid } : {}) });

/**
 * CheckAccessNotGranted: the Allow statements that may grant one of `actions` on one of
 * `resources` (an absent list means any). Conditions are not read: a conditional Allow may grant.
 */
export function statementsGranting(doc: PolicyDocument, access: { actions?: string[]; resources?: string[] }): Reason[] {
  const actions = access.actions?.map((a) => a.toLowerCase());
  return doc.statements
    .filter(allows)
    .filter((s) => {
      const d = dimensions(s, EVERYTHING);
      const actionMatch = !actions?.length || actions.some((a) => dimensionMayMatch(d.actions, a));
      const resourceMatch = !access.resources?.length || access.resources.some((r) => dimensionMayMatch(d.resources, r));
      return actionMatch && resourceMatch;
    })
    .map((s) => reasonFor(s, `One or more of the listed actions or resources in the statement with index: ${s.index}.`));
}

/** A canonical text of a statement's conditions (operator, key, sorted values), for equality. */
export function conditionsKey(s: PolicyStatement): string {
  const blocks = (s.conditions ?? []).map((c) => `${c.operator}{${c.entries.map((e) => `${e.key}=${values(e.values, false).sort().join('|')}`).sort().join(',')}}`);
  return blocks.sort().join(';');
}

function principalCovers(outer: PolicyStatement, inner: PolicyStatement): boolean {
  if (!outer.principal && !outer.notPrincipal) return !inner.principal && !inner.notPrincipal;
  if (outer.notPrincipal || !outer.principal || inner.notPrincipal) return false;
  if (outer.principal.wildcard) return true;
  const outerSet = new Set(outer.principal.entries.flatMap((e) => e.values.items.map((v) => `${e.type}:${v.value}`)));
  if (outerSet.has('AWS:*')) return true;
  if (!inner.principal || inner.principal.wildcard) return false;
  return inner.principal.entries.every((e) => e.values.items.every((v) => outerSet.has(`${e.type}:${v.value}`)));
}

/** A canonical text of a whole statement (except its Sid), for "the same Deny". */
function statementKey(s: PolicyStatement): string {
  const d = dimensions(s, NOTHING);
  const dim = (x: Dimension) => `${x.negated ? '!' : ''}${[...x.patterns].sort().join('|')}`;
  const principal = (p: PolicyStatement['principal']) => (p ? (p.wildcard ? '*' : p.entries.flatMap((e) => e.values.items.map((v) => `${e.type}:${v.value}`)).sort().join('|')) : '');
  return [s.effect, dim(d.actions), dim(d.resources), principal(s.principal), `!${principal(s.notPrincipal)}`, conditionsKey(s)].join('#');
}

/**
 * CheckNoNewAccess: the statements of `next` that may grant what `existing` does not. Each new
 * Allow statement is split into pieces (one per action pattern × resource pattern; a NotAction or
 * NotResource is one piece), and each piece must be covered by one existing Allow statement.
 */
export function newAccessStatements(next: PolicyDocument, existing: PolicyDocument): Reason[] {
  const existingAllows = existing.statements.filter(allows).map((s) => ({ s, d: dimensions(s, NOTHING), conditions: conditionsKey(s) }));
  const reasons: Reason[] = [];
  for (const s of next.statements.filter(allows)) {
    const d = dimensions(s, EVERYTHING);
    const conditions = conditionsKey(s);
    const candidates = existingAllows.filter((e) => (e.conditions === '' || e.conditions === conditions) && principalCovers(e.s, s));
    // Which candidates cover each action piece and each resource piece; a piece pair is covered
    // when one candidate covers both. Identical candidate sets are compared once.
    const pieces = (x: Dimension): Dimension[] => (x.negated ? [x] : x.patterns.map((p) => ({ negated: false, patterns: [p] })));
    const coverers = (list: Dimension[], which: 'actions' | 'resources') =>
      new Set(list.map((piece) => candidates.map((e) => (dimensionCovers(e.d[which], piece) ? '1' : '0')).join('')));
    const actionSets = [...coverers(pieces(d.actions), 'actions')];
    const resourceSets = [...coverers(pieces(d.resources), 'resources')];
    const covered = actionSets.every((a) => resourceSets.every((r) => [...a].some((bit, k) => bit === '1' && r[k] === '1')));
    if (!covered) reasons.push(reasonFor(s, `New access in the statement with index: ${s.index}.`));
  }
  // An existing Deny the new policy drops may have refused what the new policy's Allows grant.
  const nextDenies = new Set(next.statements.filter((s) => !allows(s)).map(statementKey));
  for (const s of existing.statements.filter((x) => !allows(x))) {
    if (!nextDenies.has(statementKey(s))) reasons.push(reasonFor(s, `The existing policy's Deny statement with index: ${s.index} is not in the new policy.`));
  }
  return reasons;
}
