/**
 * Policy engine benchmark: decisions per second, side by side in one process, for our
 * compiled `evaluate`, our `simulateCustomPolicy`, @cloud-copilot/iam-simulate (validated
 * `runSimulation` and unvalidated `runUnsafeSimulation`) and Cedar's wasm authorizer (on an
 * equivalent Cedar policy for case (a)). Ratios are against iam-simulate's fast mode.
 *
 * Run: `pnpm bench:policy` (= `tsx bench/policy.bench.ts`). Options: BENCH_MS (window per
 * measurement, default 500), BENCH_ROUNDS (interleaved rounds, best kept; default 3),
 * BENCH_ONLY=a,b (cases).
 * The peers are devDependencies of packages/policy and are loaded from there; iam-simulate is
 * AGPL-licensed and used only here and in tests.
 */
import { createRequire } from 'node:module';
import { compilePolicySet, evaluate, RequestContext, simulateCustomPolicy } from '../packages/policy/src/index';
import { ACCOUNT, cases, type BenchCase } from './policy-fixtures/cases';

const requirePeer = createRequire(new URL('../packages/policy/package.json', import.meta.url));
// Typed locally: the peer is installed under packages/policy, not where this file resolves types.
type PeerResult = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
interface IamSimulate {
  runUnsafeSimulation(simulation: unknown, options: object): PeerResult;
  runSimulation(simulation: unknown, options: object): Promise<{ resultType: 'error'; errors: unknown } | { resultType: 'single' | 'wildcard'; overallResult: PeerResult }>;
}
const iamSimulate = requirePeer('@cloud-copilot/iam-simulate') as IamSimulate;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cedar = requirePeer('@cedar-policy/cedar-wasm/nodejs') as any;

const WINDOW_MS = Number(process.env.BENCH_MS ?? 500);
const WARMUP_MS = Math.max(100, WINDOW_MS / 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY?.split(',');

let sink = 0;

/** Runs `fn` in batches for a fixed time window after a warm-up; returns calls per second. */
function measureSync(fn: () => unknown): number {
  const run = (ms: number) => {
    let n = 0;
    let batch = 16;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < batch; i++) if (fn()) sink++;
      n += batch;
      now = performance.now();
      if (batch < 4096) batch *= 2;
    }
    return (n * 1000) / (now - start);
  };
  run(WARMUP_MS);
  return run(WINDOW_MS);
}

async function measureAsync(fn: () => Promise<unknown>): Promise<number> {
  const run = async (ms: number) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < 8; i++) if (await fn()) sink++;
      n += 8;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  await run(WARMUP_MS);
  return run(WINDOW_MS);
}

const PEER = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' } as const;

function peerSimulation(c: BenchCase) {
  return {
    identityPolicies: c.policies.map((policy, k) => ({ name: `p${k}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: c.context,
    },
  };
}

function cedarFor(c: BenchCase): (() => boolean) | undefined {
  if (c.key !== 'a') return undefined;
  // Equivalent Cedar policy: the group may perform the five EC2 actions on any resource.
  const actions = ['DescribeInstances', 'RunInstances', 'StopInstances', 'StartInstances', 'TerminateInstances'];
  const policy = `permit(principal in Group::"Developers", action in [${actions.map((a) => `Action::"ec2:${a}"`).join(', ')}], resource);`;
  const parsed = cedar.preparsePolicySet('devs', { staticPolicies: policy });
  if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed));
  const call = {
    principal: { type: 'User', id: 'alice' },
    action: { type: 'Action', id: c.action },
    resource: { type: 'Instance', id: c.resource },
    context: {},
    preparsedPolicySetId: 'devs',
    entities: [{ uid: { type: 'User', id: 'alice' }, attrs: {}, parents: [{ type: 'Group', id: 'Developers' }] }],
  };
  return () => {
    const r = cedar.statefulIsAuthorized(call);
    return r.type === 'success' && r.response.decision === 'allow';
  };
}

interface Row {
  case: string;
  engine: string;
  perSec: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  console.log(`Node ${process.version}; ${ROUNDS} interleaved rounds of ${WINDOW_MS} ms per engine (+${WARMUP_MS} ms warm-up), best round kept\n`);
  for (const c of cases) {
    if (only && !only.includes(c.key)) continue;
    const texts = c.policies.map((p) => JSON.stringify(p, null, 2));
    const set = compilePolicySet({ identity: texts.map((document, k) => ({ id: `p${k}`, document })) });
    const ctx = RequestContext.from(c.context);
    const req = { action: c.action, resource: c.resource, context: ctx, principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT } };
    const simInput = {
      PolicyInputList: texts,
      ActionNames: [c.action],
      ResourceArns: [c.resource],
      CallerArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      ContextEntries: Object.entries(c.context).map(([ContextKeyName, v]) => ({
        ContextKeyName,
        ContextKeyValues: Array.isArray(v) ? v : [v],
        ContextKeyType: (Array.isArray(v) ? 'stringList' : 'string') as 'string' | 'stringList',
      })),
    };
    const sim = peerSimulation(c);

    // Sanity: every engine must reach the expected decision before it is timed.
    const ours = evaluate(set, req).decision;
    const simulated = simulateCustomPolicy(simInput).EvaluationResults[0]!.EvalDecision;
    const fast = PEER[iamSimulate.runUnsafeSimulation(sim, {})];
    const validated = await iamSimulate.runSimulation(sim, {});
    const validatedDecision = validated.resultType === 'error' ? `error ${JSON.stringify(validated.errors).slice(0, 200)}` : PEER[validated.overallResult];
    for (const [engine, d] of [['evaluate', ours], ['simulateCustomPolicy', simulated], ['iam-simulate fast', fast], ['iam-simulate validated', validatedDecision]] as const) {
      if (d !== c.expected) console.warn(`  ! ${c.key} ${engine}: ${d}, expected ${c.expected}`);
    }

    const engines: { engine: string; sync?: () => unknown; async?: () => Promise<unknown>; once?: boolean }[] = [
      { engine: 'ours: compiled evaluate', sync: () => evaluate(set, req).decision === 'allowed' },
      { engine: 'ours: simulateCustomPolicy', sync: () => simulateCustomPolicy(simInput).EvaluationResults.length },
      { engine: 'iam-simulate fast (runUnsafeSimulation)', sync: () => iamSimulate.runUnsafeSimulation(sim, {}) === 'Allowed' },
      { engine: 'iam-simulate validated (runSimulation)', async: async () => (await iamSimulate.runSimulation(sim, {})).resultType },
    ];
    const cedarFn = cedarFor(c);
    if (cedarFn) {
      if (!cedarFn()) console.warn('  ! cedar: deny, expected allow');
      // Measured in one round only: on Node 20.20 a second timed loop over statefulIsAuthorized
      // regularly hits a V8 deoptimizer fatal error ("unreachable code" in
      // DoComputeBuiltinContinuation) inside the wasm bindings.
      engines.push({ engine: 'cedar-wasm (preparsed, stateful)', sync: cedarFn, once: true });
    }
    // Interleaved rounds, best round kept: other load on the machine only ever slows a
    // window down, so the best window is the closest estimate of one core's throughput.
    const best = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const e of engines) {
        if (e.once && round > 0) continue;
        if (process.env.BENCH_TRACE) console.error(`trace: ${c.key} round ${round} ${e.engine}`);
        const perSec = e.sync ? measureSync(e.sync) : await measureAsync(e.async!);
        best.set(e.engine, Math.max(best.get(e.engine) ?? 0, perSec));
      }
    }
    for (const e of engines) rows.push({ case: c.title, engine: e.engine, perSec: best.get(e.engine)! });
    printCase(rows.filter((r) => r.case === c.title));
  }
  printSummary(rows);
  if (sink < 0) console.log(sink);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function printCase(rows: Row[]): void {
  const base = rows.find((r) => r.engine.startsWith('iam-simulate fast'))!.perSec;
  console.log(rows[0]!.case);
  for (const r of rows) console.log(`  ${r.engine.padEnd(42)} ${fmt(r.perSec).padStart(12)} /s   ${(r.perSec / base).toFixed(2).padStart(8)}×`);
  console.log('');
}

function printSummary(rows: Row[]): void {
  const table = [...new Set(rows.map((r) => r.case))].map((c) => {
    const rs = rows.filter((r) => r.case === c);
    const base = rs.find((r) => r.engine.startsWith('iam-simulate fast'))!.perSec;
    const get = (prefix: string) => rs.find((r) => r.engine.startsWith(prefix))?.perSec;
    const cell = (v: number | undefined) => (v === undefined ? '—' : `${fmt(v)} (${(v / base).toFixed(1)}×)`);
    return {
      case: c,
      'compiled evaluate': cell(get('ours: compiled')),
      simulateCustomPolicy: cell(get('ours: simulate')),
      'iam-simulate fast': cell(base),
      'iam-simulate validated': cell(get('iam-simulate validated')),
      'cedar-wasm': cell(get('cedar')),
    };
  });
  console.log('Decisions per second (ratio vs iam-simulate fast mode):');
  console.table(table);
  const a = rows.find((r) => r.case.startsWith('(a)') && r.engine.startsWith('ours: compiled'));
  if (a) console.log(`Target (a) ≥ 1,000,000/s through the compiled API: ${a.perSec >= 1e6 ? 'met' : 'NOT met'} (${fmt(a.perSec)}/s)`);
  const worst = Math.min(
    ...[...new Set(rows.map((r) => r.case))].map((c) => {
      const rs = rows.filter((r) => r.case === c);
      return rs.find((r) => r.engine.startsWith('ours: compiled'))!.perSec / rs.find((r) => r.engine.startsWith('iam-simulate fast'))!.perSec;
    }),
  );
  console.log(`Target ≥ 20× iam-simulate fast on every case (compiled evaluate): ${worst >= 20 ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)}×)`);
}

await main();
