/**
 * Property tests (fast-check) of evaluation invariants that follow from the AWS evaluation
 * logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicySet, evaluate, explain, RequestContext, type Decision } from '../src/index';
import { ACTIONS, ACTION_PATTERNS, CONDITIONS, RESOURCES, RESOURCE_PATTERNS } from './generators';

const statementArb = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
    actions: fc.array(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
    notAction: fc.constantFrom(false, false, false, false, true),
    resources: fc.array(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
    notResource: fc.constantFrom(false, false, false, false, true),
    conditions: fc.array(fc.constantFrom(...CONDITIONS), { maxLength: 2 }),
  })
  .map((r) => {
    const st: Record<string, unknown> = { Effect: r.Effect };
    st[r.notAction ? 'NotAction' : 'Action'] = r.actions;
    st[r.notResource ? 'NotResource' : 'Resource'] = r.resources;
    if (r.conditions.length) {
      const c: Record<string, Record<string, string[]>> = {};
      for (const [op, key, values] of r.conditions) (c[op] ??= {})[key] = values;
      st.Condition = c;
    }
    return st;
  });
const policyArb = fc.array(statementArb, { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
const contextArb = fc.record(
  {
    'aws:username': fc.constantFrom('alice', 'bob'),
    'aws:PrincipalTag/team': fc.constantFrom('red', 'blue'),
    'aws:MultiFactorAuthAge': fc.constantFrom('60', '7200', 'x'),
    'aws:CurrentTime': fc.constantFrom('2026-01-01T00:00:00Z', '2024-05-05T00:00:00Z', 'bad'),
    'aws:SecureTransport': fc.constantFrom('true', 'false'),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '203.0.113.9', '2001:db8::7', 'nope'),
    'aws:TagKeys': fc.constantFrom(['a'], ['a', 'secret'], [] as string[]),
  },
  { requiredKeys: [] },
);
const requestArb = fc.record({ action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom(...RESOURCES), context: contextArb });

type Doc = { Version: string; Statement: Record<string, unknown>[] };
let n = 0;
function decide(identity: Doc[], req: { action: string; resource: string; context: Record<string, string | string[]> }, boundary?: Doc[]): Decision {
  const id = `prop${n++}`;
  const set = compilePolicySet({
    identity: identity.map((d, k) => ({ id: `${id}.${k}`, document: d })),
    ...(boundary ? { boundary: boundary.map((d, k) => ({ id: `${id}.b${k}`, document: d })) } : {}),
  });
  return evaluate(set, { ...req, context: RequestContext.from(req.context) }).decision;
}

const RUNS = { numRuns: 400 };

describe('evaluation invariants', () => {
  it('adding a Deny statement never turns a denial into an allow', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 3 }), statementArb, requestArb, (ps, extra, req) => {
        const before = decide(ps, req);
        const after = decide([...ps, { Version: '2012-10-17', Statement: [{ ...extra, Effect: 'Deny' }] }], req);
        if (before !== 'allowed') expect(after).not.toBe('allowed');
        if (before === 'explicitDeny') expect(after).toBe('explicitDeny');
      }),
      RUNS,
    );
  });
  it('statement order and policy order never change a decision', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 3 }), requestArb, (ps, req) => {
        const reversed = ps.map((p) => ({ ...p, Statement: [...p.Statement].reverse() })).reverse();
        expect(decide(reversed, req)).toBe(decide(ps, req));
      }),
      RUNS,
    );
  });
  it('a permissions boundary never widens access', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 2 }), policyArb, requestArb, (ps, b, req) => {
        if (decide(ps, req, [b]) === 'allowed') expect(decide(ps, req)).toBe('allowed');
      }),
      RUNS,
    );
  });
  it('session policies never widen access', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 2 }), policyArb, requestArb, (ps, sp, req) => {
        const set = compilePolicySet({ identity: ps.map((d, k) => ({ id: `sess${n}.${k}`, document: d })), session: [{ id: `sess${n++}.s`, document: sp }] });
        if (evaluate(set, { ...req, context: RequestContext.from(req.context) }).decision === 'allowed') expect(decide(ps, req)).toBe('allowed');
      }),
      RUNS,
    );
  });
  it('adding an Allow never turns an allow into a denial', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 2 }), statementArb, requestArb, (ps, extra, req) => {
        if (decide(ps, req) === 'allowed') {
          expect(decide([...ps, { Version: '2012-10-17', Statement: [{ ...extra, Effect: 'Allow' }] }], req)).toBe('allowed');
        }
      }),
      RUNS,
    );
  });
  it('explain agrees with the decision', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 1, maxLength: 3 }), requestArb, (ps, req) => {
        const set = compilePolicySet({ identity: ps.map((d, k) => ({ id: `ex${n}.${k}`, document: d })) });
        n++;
        const x = explain(set, { ...req, context: RequestContext.from(req.context) });
        const denies = x.statements.some((s) => s.effect === 'Deny' && s.applies);
        const allows = x.statements.some((s) => s.effect === 'Allow' && s.applies);
        expect(x.result.decision).toBe(denies ? 'explicitDeny' : allows ? 'allowed' : 'implicitDeny');
      }),
      RUNS,
    );
  });
  it('the compiled cache returns the same decision as a fresh compile', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (p, req) => {
        const text = JSON.stringify(p);
        const a = evaluate(compilePolicySet({ identity: [{ id: 'same', document: text }] }), req).decision;
        const b = evaluate(compilePolicySet({ identity: [{ id: 'same', document: text }] }), req).decision;
        const c = decide([p], req);
        expect(a).toBe(b);
        expect(a).toBe(c);
      }),
      RUNS,
    );
  });
});
