/**
 * Stage 3 — document AST → compiled matchers.
 *
 * Assumes the document parsed without grammar errors (compilePolicy throws otherwise, so a
 * half-understood policy is never evaluated). Everything the hot path needs is precomputed
 * here: lowercased action patterns split at the service prefix, fast exact/prefix/any
 * matchers, condition values parsed for their operator, and statements indexed by service
 * prefix so a request only looks at statements that can name its action.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { compileGlob, compileWildcard, globTest, patternFromWildcardText, type Glob } from './glob';
import { parsePolicy, type PolicyDocument, type PolicyStatement, type PrincipalSpec, type ValueList } from '../document/parse';
import type { Finding } from '../document/finding';
import type { Span } from '../document/json';
import { compileConditionEntry, parseOperator, type CompiledConditionEntry } from '../conditions/operators';
import { parseTemplate, type Template } from '../variables';
import { isAccountId, parseArn } from '../arn/arn';

/** Where a policy sits in the evaluation: identity, boundary, session, SCP or resource-based. */
export type PolicyKind = 'identity' | 'boundary' | 'session' | 'scp' | 'rcp' | 'resource';

/** A precompiled action pattern. */
export interface ActionMatcher {
  /** `*` alone: every action. */
  any: boolean;
  /** Lowercase service prefix when it has no wildcard. */
  service: string | undefined;
  serviceGlob: Glob | undefined;
  /** Matcher for the lowercase action name. */
  name: Glob;
}

/** A precompiled Resource/NotResource pattern (case-sensitive). */
export interface ResourceMatcher {
  glob: Glob | undefined;
  /** Set when the pattern has policy variables (2012-10-17 only). */
  tpl: Template | undefined;
}

/** A precompiled Principal/NotPrincipal element. */
export interface PrincipalMatcher {
  any: boolean;
  arns: Set<string>;
  accounts: Set<string>;
  services: Set<string>;
  federated: Set<string>;
  canonical: Set<string>;
}

/**
 * One compiled statement. Also what evaluation reports as a matched statement. Every field is
 * always present (undefined when absent) so all statements share one hidden class and the hot
 * path's property accesses stay monomorphic.
 */
export interface CompiledStatement {
  policyId: string;
  policyKind: PolicyKind;
  /** 0-based index in the policy's Statement array. */
  index: number;
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  allow: boolean;
  actions: ActionMatcher[] | undefined;
  notActions: ActionMatcher[] | undefined;
  resources: ResourceMatcher[] | undefined;
  notResources: ResourceMatcher[] | undefined;
  principal: PrincipalMatcher | undefined;
  notPrincipal: PrincipalMatcher | undefined;
  conditions: CompiledConditionEntry[];
  /** An operator could not be understood: the condition block is UNKNOWN (fails closed). */
  unevaluable: boolean;
  /** Condition keys as written, for "missing context values" reports. */
  conditionKeys: string[];
  /** Source position of the statement object (line 0 when compiled from an object). */
  span: Span;
}

/** A compiled policy. */
export interface CompiledPolicy {
  id: string;
  kind: PolicyKind;
  version?: string;
  statements: CompiledStatement[];
  /** Lowercase service prefix → statements that may match it (index order). */
  byService: Map<string, CompiledStatement[]>;
  /** Statements for services not in `byService` (wildcard service prefixes, NotAction). */
  generic: CompiledStatement[];
  document: PolicyDocument;
}

/**
 * Where a policy comes from: an id for reports, the document (JSON text, an already-parsed
 * JSON object, or a {@link PolicyDocument} AST from `parsePolicy`) and its kind.
 */
export interface PolicySource {
  id: string;
  document: string | object;
  type?: PolicyKind;
  /**
   * Optional stable name for this exact text, e.g. `${policyArn}#${versionId}`. When given,
   * the cache is keyed by it instead of the text, so callers that reload policy text from a
   * database on every request do not pay for hashing the whole document. It must change
   * whenever the text changes.
   */
  cacheKey?: string;
}

/** Thrown when a policy cannot be compiled because its text is not a valid policy. */
export class PolicyCompileError extends Error {
  constructor(
    readonly policyId: string,
    readonly findings: Finding[],
  ) {
    super(`Policy ${policyId} is malformed: ${findings.map((f) => f.findingDetails).join(' ')}`);
    this.name = 'PolicyCompileError';
  }
}

function compileAction(raw: string): ActionMatcher {
  const p = raw.toLowerCase();
  if (p === '*') return { any: true, service: undefined, serviceGlob: undefined, name: compileWildcard('*') };
  const colon = p.indexOf(':');
  if (colon < 0) {
    // Malformed (no service prefix): matches nothing. Validation reports it.
    return { any: false, service: '\u0000', serviceGlob: undefined, name: compileWildcard('\u0000') };
  }
  const svc = p.slice(0, colon);
  const wild = /[*?]/.test(svc);
  return { any: false, service: wild ? undefined : svc, serviceGlob: wild ? compileWildcard(svc) : undefined, name: compileWildcard(p.slice(colon + 1)) };
}

function compileResource(raw: string, variables: boolean): ResourceMatcher {
  const tpl = variables ? parseTemplate(raw) : undefined;
  return tpl ? { glob: undefined, tpl } : { glob: compileGlob(patternFromWildcardText(raw)), tpl: undefined };
}

function compilePrincipal(spec: PrincipalSpec): PrincipalMatcher {
  const m: PrincipalMatcher = {
    any: spec.wildcard,
    arns: new Set(),
    accounts: new Set(),
    services: new Set(),
    federated: new Set(),
    canonical: new Set(),
  };
  for (const e of spec.entries) {
    for (const { value } of e.values.items) {
      switch (e.type) {
        case 'AWS': {
          if (value === '*') m.any = true;
          else if (isAccountId(value)) m.accounts.add(value);
          else {
            const a = parseArn(value);
            // arn:aws:iam::123456789012:root names the account, like the bare account ID.
            if (a && a.service === 'iam' && a.resource === 'root') m.accounts.add(a.account);
            else m.arns.add(value);
          }
          break;
        }
        case 'Service': m.services.add(value.toLowerCase()); break;
        case 'Federated': m.federated.add(value); break;
        case 'CanonicalUser': m.canonical.add(value); break;
        default: break; // unknown principal types match nothing; validation reports them
      }
    }
  }
  return m;
}

const values = (l: ValueList | undefined): string[] | undefined => l?.items.map((i) => i.value);

function compileStatement(st: PolicyStatement, id: string, kind: PolicyKind, variables: boolean): CompiledStatement {
  const effect = st.effect === 'Deny' ? 'Deny' : 'Allow';
  const a = values(st.action);
  const na = values(st.notAction);
  const r = values(st.resource);
  const nr = values(st.notResource);
  const c: CompiledStatement = {
    policyId: id,
    policyKind: kind,
    index: st.index,
    sid: st.sid,
    effect,
    allow: effect === 'Allow',
    actions: a?.map(compileAction),
    notActions: na?.map(compileAction),
    resources: r?.map((x) => compileResource(x, variables)),
    notResources: nr?.map((x) => compileResource(x, variables)),
    principal: st.principal ? compilePrincipal(st.principal) : undefined,
    notPrincipal: st.notPrincipal ? compilePrincipal(st.notPrincipal) : undefined,
    conditions: [],
    unevaluable: false,
    conditionKeys: [],
    span: st.node.span,
  };
  for (const block of st.conditions ?? []) {
    const op = parseOperator(block.operator);
    for (const e of block.entries) {
      if (!c.conditionKeys.some((k) => k.toLowerCase() === e.key.toLowerCase())) c.conditionKeys.push(e.key);
      if (!op) continue;
      c.conditions.push(compileConditionEntry(op, e.key, e.values.items.map((i) => i.value), variables));
    }
    // SECURITY: an operator we do not know cannot be evaluated, so the statement fails closed.
    if (!op) c.unevaluable = true;
  }
  return c;
}

/** Compiles a parsed document. Throws {@link PolicyCompileError} on grammar errors. */
export function compileDocument(doc: PolicyDocument, id: string, kind: PolicyKind): CompiledPolicy {
  // Policy variables exist only in Version 2012-10-17; otherwise `${…}` is literal text.
  const variables = doc.version === '2012-10-17';
  const statements = doc.statements.map((s) => compileStatement(s, id, kind, variables));
  const byService = new Map<string, CompiledStatement[]>();
  const generic: CompiledStatement[] = [];
  const isGeneric = (s: CompiledStatement) => !s.actions || s.actions.some((m) => m.any || m.serviceGlob);
  for (const s of statements) {
    if (isGeneric(s)) continue;
    for (const m of s.actions!) if (!byService.has(m.service!)) byService.set(m.service!, []);
  }
  for (const s of statements) {
    if (isGeneric(s)) {
      generic.push(s);
      for (const list of byService.values()) list.push(s);
    } else {
      for (const [svc, list] of byService) if (s.actions!.some((m) => m.service === svc)) list.push(s);
    }
  }
  const out: CompiledPolicy = { id, kind, statements, byService, generic, document: doc };
  if (doc.version !== undefined) out.version = doc.version;
  return out;
}

// Text → kind → id → compiled. Keyed by the text itself: a Map hashes a string once and
// caches the hash on the string, so callers that keep their policy strings (the API server's
// policy store, the simulator's inputs) pay no re-hashing, and different texts can never
// collide. Outer entries are kept in LRU order. Nested maps avoid building a key string.
type PerText = Map<PolicyKind, Map<string, CompiledPolicy>>;
const cache = new Map<string, PerText>();
const objectCache = new WeakMap<object, PerText>();
let cacheLimit = 2048;
let lastKey: string | undefined;

/** Sets the maximum number of distinct policy texts kept in the compile cache (LRU). */
export function setCompileCacheLimit(n: number): void {
  cacheLimit = Math.max(0, n);
  while (cache.size > cacheLimit) cache.delete(cache.keys().next().value!);
}

/**
 * Compiles one policy (as `kind`, default `source.type` or identity), reusing a cached
 * result for the same text (or `cacheKey`), kind and id. Throws {@link PolicyCompileError}
 * when the text is not a valid policy.
 */
export function compilePolicy(source: PolicySource, kind: PolicyKind = source.type ?? 'identity'): CompiledPolicy {
  const doc = source.document;
  let m: PerText | undefined;
  if (typeof doc !== 'string') {
    m = objectCache.get(doc);
    if (!m) objectCache.set(doc, (m = new Map()));
  } else {
    const textKey = source.cacheKey !== undefined ? `\u0001${source.cacheKey}` : doc;
    m = cache.get(textKey);
    if (m) {
      // Move to the newest LRU position (skipped when it already is: the common repeat case).
      if (textKey !== lastKey) {
        cache.delete(textKey);
        cache.set(textKey, m);
        lastKey = textKey;
      }
    } else if (cacheLimit > 0) {
      cache.set(textKey, (m = new Map()));
      lastKey = textKey;
      if (cache.size > cacheLimit) cache.delete(cache.keys().next().value!);
    }
  }
  let byId = m?.get(kind);
  const hit = byId?.get(source.id);
  if (hit) return hit;
  const compiled = compileFresh(doc, source.id, kind);
  if (m) {
    if (!byId) m.set(kind, (byId = new Map()));
    byId.set(source.id, compiled);
  }
  return compiled;
}

function isPolicyDocument(d: object): d is PolicyDocument {
  return 'statements' in d && 'node' in d && Array.isArray((d as PolicyDocument).statements);
}

function compileFresh(document: string | object, id: string, kind: PolicyKind): CompiledPolicy {
  // An AST from parsePolicy is compiled as is (the caller has seen its findings).
  if (typeof document === 'object' && isPolicyDocument(document)) return compileDocument(document, id, kind);
  const parsed = parsePolicy(document);
  const errors = parsed.findings.filter((f) => f.findingType === 'ERROR');
  if (!parsed.document || errors.length > 0) throw new PolicyCompileError(id, errors);
  return compileDocument(parsed.document, id, kind);
}

/** The statements of a policy that can match a (lowercase) service prefix. */
export function statementsForService(p: CompiledPolicy, service: string): CompiledStatement[] {
  return p.byService.get(service) ?? p.generic;
}

/** Tests a lowercase `service`/`name` pair against one action matcher. */
export function actionMatches(m: ActionMatcher, service: string, name: string): boolean {
  if (m.any) return true;
  if (m.service !== undefined ? m.service !== service : !globTest(m.serviceGlob!, service)) return false;
  return globTest(m.name, name);
}

/** A set of compiled policies that apply to one principal. */
export interface CompiledPolicySet {
  identity: CompiledPolicy[];
  /** Permissions boundary; undefined means "no boundary" (not "empty boundary"). */
  boundary?: CompiledPolicy[];
  /** Session policies; undefined means "not a session with session policies". */
  session?: CompiledPolicy[];
  /** Service control policies that apply to the principal's account, as one level; undefined means none. */
  scp?: CompiledPolicy[];
  /**
   * SCPs per level of the organization (root, each OU, the account). At every level some
   * SCP must allow the action; a Deny at any level is an explicit deny.
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
   */
  scpLevels?: CompiledPolicy[][];
  /**
   * Resource control policies per level for the resource's account (same rule as SCPs,
   * applied on the resource side).
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
   */
  rcpLevels?: CompiledPolicy[][];
  /** A resource-based policy that applies to every request evaluated with this set. */
  resource?: CompiledPolicy;
}

/** Inputs for {@link compilePolicySet}. */
export interface PolicySetInput {
  identity: PolicySource[];
  boundary?: PolicySource[];
  session?: PolicySource[];
  scp?: PolicySource[];
  scpLevels?: PolicySource[][];
  rcpLevels?: PolicySource[][];
  resource?: PolicySource;
}

/** Compiles (with caching) every policy that applies to a principal. */
export function compilePolicySet(input: PolicySetInput): CompiledPolicySet {
  const set: CompiledPolicySet = { identity: input.identity.map((s) => compilePolicy(s, 'identity')) };
  if (input.boundary) set.boundary = input.boundary.map((s) => compilePolicy(s, 'boundary'));
  if (input.session) set.session = input.session.map((s) => compilePolicy(s, 'session'));
  if (input.scp) set.scp = input.scp.map((s) => compilePolicy(s, 'scp'));
  if (input.scpLevels) set.scpLevels = input.scpLevels.map((level) => level.map((s) => compilePolicy(s, 'scp')));
  if (input.rcpLevels) set.rcpLevels = input.rcpLevels.map((level) => level.map((s) => compilePolicy(s, 'rcp')));
  if (input.resource) set.resource = compilePolicy(input.resource, 'resource');
  return set;
}
