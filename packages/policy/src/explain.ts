/**
 * Explain — why each statement did or did not apply to a request (for the console's policy
 * simulator and for audit logs).
 *
 * Assumes a compiled policy set (same inputs as `evaluate`). This is the slow path: it walks
 * every statement of every policy, not just the ones indexed for the action's service, and
 * allocates a report per statement. The decision itself always comes from `evaluate`, so
 * the explanation can never disagree with enforcement.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { actionMatches, type CompiledPolicy, type CompiledPolicySet, type CompiledStatement } from './compile/compile';
import { evaluateConditionEntry, MATCH, NO_MATCH, UNKNOWN, Qualifier, type Tri } from './conditions/operators';
import { RequestContext } from './evaluate/context';
import { evaluate, principalLevel, resourceListTri, type EvaluationRequest, type EvaluationResult } from './evaluate/evaluate';
import { roleArnFromSessionArn } from './arn/arn';

/** Three-valued outcome as text. */
export type MatchOutcome = 'match' | 'noMatch' | 'unknown';

/** One condition entry of a statement, with the request values it was compared with. */
export interface ConditionExplanation {
  operator: string;
  key: string;
  policyValues: string[];
  /** Request values; undefined when the key was absent. */
  requestValues: readonly string[] | undefined;
  outcome: MatchOutcome;
}

/** How one statement fared. */
export interface StatementExplanation {
  policyId: string;
  policyKind: CompiledStatement['policyKind'];
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action: boolean;
  resource: MatchOutcome;
  /** Only for resource-based policies. */
  principal?: boolean;
  conditions: ConditionExplanation[];
  /** Whether the statement applied (Allow: all matched; Deny: nothing definitely failed). */
  applies: boolean;
}

/** The decision plus a per-statement account. */
export interface Explanation {
  result: EvaluationResult;
  statements: StatementExplanation[];
}

const OUT: Record<Tri, MatchOutcome> = { 0: 'noMatch', 1: 'match', 2: 'unknown' };

function resourceOutcome(s: CompiledStatement, resource: string, ctx: RequestContext): Tri {
  if (s.resources) return resourceListTri(s.resources, resource, ctx, false);
  if (s.notResources) return resourceListTri(s.notResources, resource, ctx, true);
  return MATCH;
}

function operatorName(e: CompiledStatement['conditions'][number]): string {
  const q = e.op.qualifier === Qualifier.ForAllValues ? 'ForAllValues:' : e.op.qualifier === Qualifier.ForAnyValue ? 'ForAnyValue:' : '';
  return `${q}${e.op.def.name}${e.op.ifExists ? 'IfExists' : ''}`;
}

/**
 * Evaluates a request and explains every statement. Use for simulators and debugging, not
 * for enforcement (use {@link evaluate}).
 */
export function explain(set: CompiledPolicySet, req: EvaluationRequest): Explanation {
  const ctx = req.context instanceof RequestContext ? req.context : RequestContext.from(req.context);
  const result = evaluate(set, { ...req, context: ctx }, { explain: true });
  const lower = req.action.toLowerCase();
  const colon = lower.indexOf(':');
  const service = colon < 0 ? lower : lower.slice(0, colon);
  const name = colon < 0 ? '' : lower.slice(colon + 1);
  const policies: CompiledPolicy[] = [
    ...set.identity,
    ...(set.boundary ?? []),
    ...(set.session ?? []),
    ...(set.scp ?? []),
    ...(set.scpLevels ?? []).flat(),
    ...(set.rcpLevels ?? []).flat(),
  ];
  const rp = req.resourcePolicy ?? set.resource;
  if (rp) policies.push(rp);
  const roleArn = req.principal?.roleArn ?? (req.principal?.arn ? roleArnFromSessionArn(req.principal.arn) : undefined);
  const statements: StatementExplanation[] = [];
  for (const p of policies) {
    for (const s of p.statements) {
      const action = s.actions
        ? s.actions.some((m) => actionMatches(m, service, name))
        : s.notActions
          ? !s.notActions.some((m) => actionMatches(m, service, name))
          : false;
      const resource = resourceOutcome(s, req.resource, ctx);
      const conditions = s.conditions.map((e) => ({
        operator: operatorName(e),
        key: e.rawKey,
        policyValues: e.values.map((v) => v.raw),
        requestValues: ctx.get(e.key),
        outcome: OUT[evaluateConditionEntry(e, ctx)],
      }));
      const parts: Tri[] = [action ? MATCH : NO_MATCH, resource];
      for (const c of conditions) parts.push(c.outcome === 'match' ? MATCH : c.outcome === 'noMatch' ? NO_MATCH : UNKNOWN);
      if (s.unevaluable) parts.push(UNKNOWN);
      const x: StatementExplanation = { policyId: s.policyId, policyKind: s.policyKind, index: s.index, effect: s.effect, action, resource: OUT[resource], conditions, applies: false };
      if (s.sid !== undefined) x.sid = s.sid;
      if (p.kind === 'resource') {
        const level = s.notPrincipal
          ? (!s.allow && set.boundary !== undefined) || principalLevel(s.notPrincipal, req.principal, roleArn) === 0
            ? 2
            : 0
          : s.principal
            ? principalLevel(s.principal, req.principal, roleArn)
            : 0;
        x.principal = level > 0;
        if (level === 0) parts.push(NO_MATCH);
      }
      const all = parts.includes(NO_MATCH) ? NO_MATCH : parts.includes(UNKNOWN) ? UNKNOWN : MATCH;
      // Same rule as evaluation: an Allow needs everything to match, a Deny applies unless
      // something definitely did not.
      x.applies = s.allow ? all === MATCH : all !== NO_MATCH;
      statements.push(x);
    }
  }
  return { result, statements };
}
