/**
 * Stage 4 — compiled policies + request → decision.
 *
 * Assumes compiled policies (no parsing happens here) and a request whose context was built
 * with {@link RequestContext} (lowercase keys). The hot path allocates only the result object
 * and, when a statement matches, the array of matched statements; no closures per request.
 *
 * The logic follows "Policy evaluation logic":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * 1. An explicit Deny in any applicable policy (identity, boundary, session, SCP, resource) wins.
 * 2. SCPs and RCPs (when given) must allow, at every level of the organization.
 * 3. Same account: allowed if the identity policies allow and every boundary/session layer
 *    allows; or if the resource-based policy allows the principal itself. Our choice, from the
 *    boundary and session-policy pages: a resource policy naming the exact principal ARN (IAM
 *    user or role-session ARN), a service or a federated principal grants on its own; one
 *    naming the role ARN or `*` is still limited by the boundary and session policies; one
 *    naming only the account (`123456789012` / `:root`) delegates to the account and so needs
 *    the identity allow.
 *    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 *    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 * 4. Cross account (principal account ≠ resource account): both the identity side (with its
 *    boundary/session layers) and the resource-based policy must allow; with no resource-based
 *    policy the request is denied.
 */
import {
  actionMatches,
  statementsForService,
  type CompiledPolicy,
  type CompiledPolicySet,
  type CompiledStatement,
  type PrincipalMatcher,
  type ResourceMatcher,
} from '../compile/compile';
import { globMatch, globTest } from '../compile/glob';
import { evaluateConditionEntry, MATCH, NO_MATCH, UNKNOWN, type Tri } from '../conditions/operators';
import { resolveTemplatePattern } from '../variables';
import { RequestContext, type ContextValue } from './context';
import { roleArnFromSessionArn } from '../arn/arn';

/** The principal making a request. */
export interface RequestPrincipal {
  /** Caller ARN: an IAM user, a role session (`arn:aws:sts::…:assumed-role/…`), or a root ARN. */
  arn?: string;
  /** The principal's account ID (12 digits). */
  accountId?: string;
  /** For a role session: the role's ARN (derived from `arn` when omitted; supply it for roles with a path). */
  roleArn?: string;
  /** A service principal (`ec2.amazonaws.com`), for trust and resource policies. */
  service?: string;
  /** A federated identity provider (ARN or `cognito-identity.amazonaws.com`…). */
  federated?: string;
  /** An S3 canonical user ID. */
  canonicalUser?: string;
}

/** One authorization question. */
export interface EvaluationRequest {
  /** `service:Action`; case-insensitive. */
  action: string;
  /** Resource ARN (or `*`); matched case-sensitively. */
  resource: string;
  principal?: RequestPrincipal;
  /** Condition keys. Prefer a prebuilt {@link RequestContext}; a record is normalised per call. */
  context?: RequestContext | Readonly<Record<string, ContextValue | undefined>>;
  /** Resource-based policy of the target resource (overrides the set's `resource`). */
  resourcePolicy?: CompiledPolicy;
  /** Account that owns the resource; defaults to the principal's account (same-account request). */
  resourceAccount?: string;
}

/** Final decision, with IAM's names. */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** The outcome of {@link evaluate}. */
export interface EvaluationResult {
  decision: Decision;
  /**
   * The determining statements: the matching Deny statements for `explicitDeny`, the
   * matching Allow statements for `allowed`, and for `implicitDeny` any Allow statements that
   * matched but were not enough (e.g. identity allow without boundary allow).
   */
  matchedStatements: CompiledStatement[];
  /** Present when a boundary was evaluated: did it allow the request? */
  allowedByBoundary?: boolean;
  /** Present when session policies were evaluated. */
  allowedBySession?: boolean;
  /** Present with {@link EvaluateOptions.explain}: condition keys of candidate statements not in the context. */
  missingContextKeys?: string[];
  /**
   * For denials, the policy type AWS names in its AccessDenied message: where the explicit
   * Deny was, or the first layer that did not allow ("… because no permissions boundary
   * allows the X action").
   */
  deniedBy?: DeniedBy;
}

/** Policy types as AWS's AccessDenied messages name them. */
export type DeniedBy =
  | 'identity-based policy'
  | 'resource-based policy'
  | 'permissions boundary'
  | 'session policy'
  | 'service control policy'
  | 'resource control policy';

const DENIED_BY: Record<CompiledStatement['policyKind'], DeniedBy> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
  /** Collect `missingContextKeys` (slower; for the simulator). */
  explain?: boolean;
}

const EMPTY: CompiledStatement[] = [];
const EMPTY_CONTEXT = new RequestContext();

interface SplitAction {
  service: string;
  name: string;
}

// Requests name a small set of actions over and over; remembering their lowercase split
// saves a toLowerCase and two slices per request. Bounded: cleared wholesale when full.
const actionCache = new Map<string, SplitAction>();

function splitAction(action: string): SplitAction {
  let r = actionCache.get(action);
  if (r === undefined) {
    const lower = action.toLowerCase();
    const colon = lower.indexOf(':');
    r = colon < 0 ? { service: lower, name: '' } : { service: lower.slice(0, colon), name: lower.slice(colon + 1) };
    if (actionCache.size >= 4096) actionCache.clear();
    actionCache.set(action, r);
  }
  return r;
}

// Bit flags returned by a policy scan.
const ALLOW = 1;
const DENY = 2;

/** Mutable per-call accumulator (one allocation per evaluate). */
class Acc {
  denies: CompiledStatement[] | undefined = undefined;
  allows: CompiledStatement[] | undefined = undefined;
  missing: string[] | undefined = undefined;
  /** Best principal match level among allowing resource-policy statements. */
  resourceLevel = 0;
  constructor(
    readonly service: string,
    readonly name: string,
    readonly resource: string,
    readonly ctx: RequestContext,
    readonly principal: RequestPrincipal | undefined,
    readonly roleArn: string | undefined,
    readonly explain: boolean,
    readonly hasBoundary: boolean,
  ) {}
}

/** @internal Resource/NotResource list match (three-valued). */
export function resourceListTri(list: ResourceMatcher[], resource: string, ctx: RequestContext, negate: boolean): Tri {
  let r: Tri = NO_MATCH;
  for (let k = 0; k < list.length; k++) {
    const m = list[k]!;
    if (m.glob) {
      if (globTest(m.glob, resource)) {
        r = MATCH;
        break;
      }
      continue;
    }
    const p = resolveTemplatePattern(m.tpl!, ctx);
    if (p === undefined) {
      // AWS: an unresolvable variable makes that pattern not match. Under NotResource that
      // would widen the statement, so there it is UNKNOWN instead (fails closed).
      if (negate) r = UNKNOWN;
      continue;
    }
    if (globMatch(p, resource)) {
      r = MATCH;
      break;
    }
  }
  if (!negate) return r;
  return r === MATCH ? NO_MATCH : r === UNKNOWN ? UNKNOWN : MATCH;
}

/**
 * @internal Principal match level: 0 none, 1 account only (delegation), 2 role ARN / wildcard,
 * 3 the exact principal (user or session ARN, service, federated, canonical user).
 */
export function principalLevel(m: PrincipalMatcher, p: RequestPrincipal | undefined, roleArn: string | undefined): number {
  if (!p) return m.any ? 2 : 0;
  if (p.arn !== undefined && m.arns.has(p.arn)) return 3;
  if (p.service !== undefined && m.services.has(p.service.toLowerCase())) return 3;
  if (p.federated !== undefined && m.federated.has(p.federated)) return 3;
  if (p.canonicalUser !== undefined && m.canonical.has(p.canonicalUser)) return 3;
  if (roleArn !== undefined && m.arns.has(roleArn)) return 2;
  if (m.any) return 2;
  if (p.accountId !== undefined && m.accounts.has(p.accountId)) return 1;
  return 0;
}

/** Action, resource and condition test of one statement, without the principal. */
function statementTri(s: CompiledStatement, a: Acc): Tri {
  if (s.actions) {
    let hit = false;
    for (let k = 0; k < s.actions.length; k++) {
      if (actionMatches(s.actions[k]!, a.service, a.name)) {
        hit = true;
        break;
      }
    }
    if (!hit) return NO_MATCH;
  } else if (s.notActions) {
    for (let k = 0; k < s.notActions.length; k++) if (actionMatches(s.notActions[k]!, a.service, a.name)) return NO_MATCH;
  } else return NO_MATCH;
  let r: Tri = MATCH;
  if (s.resources) r = resourceListTri(s.resources, a.resource, a.ctx, false);
  else if (s.notResources) r = resourceListTri(s.notResources, a.resource, a.ctx, true);
  if (r === NO_MATCH) return NO_MATCH;
  if (a.explain) collectMissing(s, a);
  if (s.unevaluable) r = UNKNOWN;
  const cs = s.conditions;
  for (let k = 0; k < cs.length; k++) {
    const t = evaluateConditionEntry(cs[k]!, a.ctx);
    if (t === NO_MATCH) return NO_MATCH;
    if (t === UNKNOWN) r = UNKNOWN;
  }
  return r;
}

function collectMissing(s: CompiledStatement, a: Acc): void {
  for (const k of s.conditionKeys) {
    if (a.ctx.get(k.toLowerCase()) !== undefined) continue;
    a.missing ??= [];
    if (!a.missing.includes(k)) a.missing.push(k);
  }
}

/** Scans policies for matching statements; returns ALLOW/DENY flags and records matches. */
function scan(policies: readonly CompiledPolicy[], a: Acc, isResource: boolean): number {
  let flags = 0;
  for (let pi = 0; pi < policies.length; pi++) flags |= scanPolicy(policies[pi]!, a, isResource);
  return flags;
}

/** Scans one policy (see {@link scan}). */
function scanPolicy(policy: CompiledPolicy, a: Acc, isResource: boolean): number {
  let flags = 0;
  const list = statementsForService(policy, a.service);
  for (let si = 0; si < list.length; si++) {
    const s = list[si]!;
    let level = 3;
    if (isResource) {
      level = s.principal ? principalLevel(s.principal, a.principal, a.roleArn) : 0;
      if (s.notPrincipal) {
        // AWS: a resource-policy Deny with NotPrincipal always denies a principal that has a
        // permissions boundary, whatever NotPrincipal lists.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
        level = (!s.allow && a.hasBoundary) || principalLevel(s.notPrincipal, a.principal, a.roleArn) === 0 ? 2 : 0;
      }
      if (level === 0) continue;
    }
    const t = statementTri(s, a);
    if (t === NO_MATCH) continue;
    if (!s.allow) {
      // SECURITY: a Deny applies unless something definitely did not match.
      flags |= DENY;
      (a.denies ??= []).push(s);
    } else if (t === MATCH) {
      flags |= ALLOW;
      (a.allows ??= []).push(s);
      if (isResource && level > a.resourceLevel) a.resourceLevel = level;
    }
  }
  return flags;
}

/** Scans organization levels: ALLOW only if every level allows; DENY if any level denies. */
function scanLevels(levels: readonly CompiledPolicy[][], a: Acc): number {
  let allowAll = ALLOW;
  let deny = 0;
  for (let k = 0; k < levels.length; k++) {
    const f = scan(levels[k]!, a, false);
    deny |= f & DENY;
    if ((f & ALLOW) === 0) allowAll = 0;
    a.allows = undefined;
  }
  return allowAll | deny;
}

/**
 * Evaluates one request against a compiled policy set. Pure; safe to call concurrently from
 * many requests (the only shared state is the bounded parse caches of context values).
 */
export function evaluate(set: CompiledPolicySet, req: EvaluationRequest, options?: EvaluateOptions): EvaluationResult {
  const act = splitAction(req.action);
  const c = req.context;
  const ctx = c instanceof RequestContext ? c : c === undefined ? EMPTY_CONTEXT : RequestContext.from(c);
  const principal = req.principal;
  const rp = req.resourcePolicy ?? set.resource;
  // The role behind a session ARN only matters when a resource-based policy names principals.
  const roleArn = rp && principal ? (principal.roleArn ?? (principal.arn ? roleArnFromSessionArn(principal.arn) : undefined)) : undefined;
  const a = new Acc(act.service, act.name, req.resource, ctx, principal, roleArn, options?.explain === true, set.boundary !== undefined);

  const idFlags = scan(set.identity, a, false);
  const idAllows = a.allows;
  a.allows = undefined;

  let boundaryAllows = true;
  let boundaryFlags = 0;
  if (set.boundary) {
    boundaryFlags = scan(set.boundary, a, false);
    boundaryAllows = (boundaryFlags & ALLOW) !== 0;
    a.allows = undefined;
  }
  let sessionAllows = true;
  let sessionFlags = 0;
  if (set.session) {
    sessionFlags = scan(set.session, a, false);
    sessionAllows = (sessionFlags & ALLOW) !== 0;
    a.allows = undefined;
  }
  let scpAllows = true;
  let scpFlags = 0;
  if (set.scp) {
    scpFlags = scan(set.scp, a, false);
    scpAllows = (scpFlags & ALLOW) !== 0;
    a.allows = undefined;
  }
  // Organization levels: every level must allow; a Deny anywhere is explicit.
  let orgDenial: DeniedBy | undefined = scpAllows ? undefined : 'service control policy';
  if (set.scpLevels) {
    const f = scanLevels(set.scpLevels, a);
    scpFlags |= f & DENY;
    if ((f & ALLOW) === 0) {
      scpAllows = false;
      orgDenial ??= 'service control policy';
    }
  }
  if (set.rcpLevels) {
    const f = scanLevels(set.rcpLevels, a);
    scpFlags |= f & DENY;
    if ((f & ALLOW) === 0) {
      scpAllows = false;
      orgDenial ??= 'resource control policy';
    }
  }
  let resFlags = 0;
  let resAllows: CompiledStatement[] | undefined;
  if (rp) {
    resFlags = scanPolicy(rp, a, true);
    resAllows = a.allows;
  }

  const result: EvaluationResult = { decision: 'implicitDeny', matchedStatements: EMPTY };
  if (set.boundary) result.allowedByBoundary = boundaryAllows;
  if (set.session) result.allowedBySession = sessionAllows;
  if (a.missing) result.missingContextKeys = a.missing;

  if (((idFlags | boundaryFlags | sessionFlags | scpFlags | resFlags) & DENY) !== 0) {
    result.decision = 'explicitDeny';
    result.matchedStatements = a.denies!;
    result.deniedBy = DENIED_BY[a.denies![0]!.policyKind];
    return result;
  }
  if (!scpAllows) {
    result.matchedStatements = idAllows ?? resAllows ?? EMPTY;
    result.deniedBy = orgDenial;
    return result;
  }
  const identityOk = (idFlags & ALLOW) !== 0 && boundaryAllows && sessionAllows;
  const resourceAccount = req.resourceAccount;
  // Cross-account access always needs the resource owner's grant: without a resource-based
  // policy, an identity allow alone is not enough.
  const crossAccount = resourceAccount !== undefined && principal?.accountId !== undefined && resourceAccount !== principal.accountId;
  const lvl = a.resourceLevel;
  let allowed: boolean;
  if (crossAccount) {
    allowed = identityOk && lvl > 0;
  } else {
    allowed = identityOk || lvl === 3 || (lvl === 2 && boundaryAllows && sessionAllows);
  }
  if (allowed) {
    result.decision = 'allowed';
    if (idAllows && resAllows && (identityOk || crossAccount)) result.matchedStatements = idAllows.concat(resAllows);
    else result.matchedStatements = (identityOk ? idAllows : resAllows) ?? EMPTY;
  } else {
    result.matchedStatements = idAllows ?? resAllows ?? EMPTY;
    result.deniedBy =
      (idFlags & ALLOW) === 0 ? (crossAccount && lvl === 0 && rp ? 'resource-based policy' : 'identity-based policy')
      : !boundaryAllows ? 'permissions boundary'
      : !sessionAllows ? 'session policy'
      : 'resource-based policy';
  }
  return result;
}
