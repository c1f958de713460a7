/**
 * Simulator — IAM's SimulateCustomPolicy, on top of compile + evaluate.
 *
 * Assumes input shaped like the IAM API (field names match it so the API server can pass a
 * request through). Policies are compiled through the shared cache, then every action ×
 * resource pair is evaluated with explanations.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
 */
import { compilePolicy, PolicyCompileError, type CompiledPolicy, type CompiledPolicySet, type CompiledStatement } from '../compile/compile';
import { isAccountId } from '../arn/arn';
import { RequestContext } from '../evaluate/context';
import { evaluate, type Decision, type RequestPrincipal } from '../evaluate/evaluate';
import { parseDate, parseIp, parseNumber } from '../conditions/values';

/** IAM's ContextKeyType values. */
export type ContextKeyType =
  | 'string' | 'stringList' | 'numeric' | 'numericList' | 'boolean' | 'booleanList'
  | 'ip' | 'ipList' | 'binary' | 'binaryList' | 'date' | 'dateList';

/** One ContextEntry of SimulateCustomPolicy. */
export interface ContextEntry {
  ContextKeyName: string;
  ContextKeyValues: string[];
  ContextKeyType: ContextKeyType;
}

/** SimulateCustomPolicy request (IAM field names). */
export interface SimulateCustomPolicyInput {
  PolicyInputList: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  /** Account ID or account ARN that owns the resources; defaults to the caller's account. */
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
}

/** IAM's Position (1-based line and column). */
export interface SimPosition {
  Line: number;
  Column: number;
}

/** IAM's Statement in MatchedStatements. */
export interface SimStatement {
  SourcePolicyId: string;
  SourcePolicyType: 'IAM Policy' | 'Resource Policy' | 'Permissions Boundary Policy' | 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'none';
  StartPosition: SimPosition;
  EndPosition: SimPosition;
  /** Not part of IAM's shape; handy for the console. */
  Sid?: string;
  StatementIndex: number;
}

/** IAM's EvaluationResult. */
export interface SimEvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: Decision;
  MatchedStatements: SimStatement[];
  MissingContextValues: string[];
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  /**
   * Cross-account simulations: the decision of each side. Same account: empty when a
   * resource ARN was simulated, absent for "*".
   */
  EvalDecisionDetails?: Record<string, Decision>;
}

/** SimulateCustomPolicy response. */
export interface SimulateCustomPolicyOutput {
  EvaluationResults: SimEvaluationResult[];
  IsTruncated: false;
}

/** An input error, with IAM's error code (`MalformedPolicyDocument` or `InvalidInput`). */
export class SimulationInputError extends Error {
  constructor(
    readonly code: 'MalformedPolicyDocument' | 'InvalidInput',
    message: string,
  ) {
    super(message);
    this.name = 'SimulationInputError';
  }
}

function compileInput(text: string, id: string, kind: CompiledPolicy['kind']): CompiledPolicy {
  try {
    return compilePolicy({ id, document: text }, kind);
  } catch (e) {
    if (e instanceof PolicyCompileError) throw new SimulationInputError('MalformedPolicyDocument', e.message);
    throw e;
  }
}

// `PolicyInputList.1`… ids, built once: the compile cache looks policies up by id, and a
// fresh string per call would be re-hashed every time.
const ids = new Map<string, string[]>();
function sourceId(list: string, k: number): string {
  let a = ids.get(list);
  if (!a) ids.set(list, (a = []));
  return (a[k] ??= `${list}.${k + 1}`);
}

function compileList(texts: string[], list: string, kind: CompiledPolicy['kind']): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  for (let k = 0; k < texts.length; k++) out.push(compileInput(texts[k]!, sourceId(list, k), kind));
  return out;
}

const SOURCE_TYPE: Record<CompiledPolicy['kind'], SimStatement['SourcePolicyType']> = {
  identity: 'IAM Policy',
  boundary: 'Permissions Boundary Policy',
  resource: 'Resource Policy',
  session: 'IAM Policy',
  scp: 'IAM Policy',
  rcp: 'IAM Policy',
};

function toSimStatement(s: CompiledStatement, type: SimStatement['SourcePolicyType']): SimStatement {
  const out: SimStatement = {
    SourcePolicyId: s.policyId,
    SourcePolicyType: type,
    StartPosition: { Line: s.span.start.line, Column: s.span.start.column },
    EndPosition: { Line: s.span.end.line, Column: s.span.end.column },
    StatementIndex: s.index,
  };
  if (s.sid !== undefined) out.Sid = s.sid;
  return out;
}

function accountOf(s: string | undefined): string | undefined {
  if (!s) return undefined;
  if (isAccountId(s)) return s;
  if (!s.startsWith('arn:')) return undefined;
  // The account is the fifth colon-separated field; found without splitting the whole ARN.
  let at = 0;
  for (let k = 0; k < 4; k++) {
    at = s.indexOf(':', at) + 1;
    if (at === 0) return undefined;
  }
  const end = s.indexOf(':', at);
  return end > at ? s.slice(at, end) : undefined;
}

function sourceTypeOf(s: CompiledStatement, set: CompiledPolicySet, options: SimulatePolicySetOptions): SimStatement['SourcePolicyType'] {
  if (!options.sourcePolicyType) return SOURCE_TYPE[s.policyKind];
  const all = [...set.identity, ...(set.boundary ?? []), ...(set.session ?? []), ...(set.scp ?? []), ...(set.resource ? [set.resource] : [])];
  const p = all.find((x) => x.id === s.policyId && x.kind === s.policyKind);
  return (p && options.sourcePolicyType(p)) ?? SOURCE_TYPE[s.policyKind];
}

function simStatements(matched: CompiledStatement[], set: CompiledPolicySet, options: SimulatePolicySetOptions): SimStatement[] {
  const out: SimStatement[] = [];
  for (let k = 0; k < matched.length; k++) out.push(toSimStatement(matched[k]!, sourceTypeOf(matched[k]!, set, options)));
  return out;
}

// IAM rejects context values that do not fit the declared ContextKeyType.
const VALUE_CHECKS: Record<string, (v: string) => boolean> = {
  numeric: (v) => !Number.isNaN(parseNumber(v)),
  boolean: (v) => v.toLowerCase() === 'true' || v.toLowerCase() === 'false',
  date: (v) => !Number.isNaN(parseDate(v)),
  ip: (v) => parseIp(v) !== undefined,
  binary: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v),
};

function contextFrom(entries: ContextEntry[] | undefined): RequestContext {
  const m = new Map<string, readonly string[]>();
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) throw new SimulationInputError('InvalidInput', 'ContextKeyName is required.');
    const list = e.ContextKeyType.endsWith('List');
    if (!list && e.ContextKeyValues.length > 1) {
      throw new SimulationInputError('InvalidInput', `Context key ${e.ContextKeyName} is of type ${e.ContextKeyType} and takes one value.`);
    }
    const check = VALUE_CHECKS[list ? e.ContextKeyType.slice(0, -4) : e.ContextKeyType];
    for (const v of e.ContextKeyValues) {
      if (check && !check(v)) throw new SimulationInputError('InvalidInput', `"${v}" is not a valid ${e.ContextKeyType} value for ${e.ContextKeyName}.`);
    }
    m.set(e.ContextKeyName.toLowerCase(), [...e.ContextKeyValues]);
  }
  return new RequestContext(m);
}

/**
 * Simulates identity policies (plus optional boundary and resource policy) for every
 * combination of ActionNames × ResourceArns, like IAM's SimulateCustomPolicy.
 * Throws {@link SimulationInputError} on malformed policies or input.
 */
export function simulateCustomPolicy(input: SimulateCustomPolicyInput): SimulateCustomPolicyOutput {
  const set: CompiledPolicySet = { identity: compileList(input.PolicyInputList, 'PolicyInputList', 'identity') };
  if (input.PermissionsBoundaryPolicyInputList && input.PermissionsBoundaryPolicyInputList.length > 0) {
    set.boundary = compileList(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
  }
  if (input.ResourcePolicy !== undefined) set.resource = compileInput(input.ResourcePolicy, 'ResourcePolicy', 'resource');
  return simulatePolicySet(set, input);
}

/** The request half of a simulation (IAM field names), for {@link simulatePolicySet}. */
export type SimulationRequestInput = Pick<SimulateCustomPolicyInput, 'ActionNames' | 'ResourceArns' | 'ResourceOwner' | 'CallerArn' | 'ContextEntries'>;

/** Options of {@link simulatePolicySet}. */
export interface SimulatePolicySetOptions {
  /**
   * SourcePolicyType to report for a policy. SimulatePrincipalPolicy reports `user`, `group`,
   * `role`, `aws-managed` or `user-managed`; the default maps identity → `IAM Policy`,
   * boundary → `Permissions Boundary Policy`, resource → `Resource Policy`.
   */
  sourcePolicyType?: (policy: CompiledPolicy) => SimStatement['SourcePolicyType'] | undefined;
}

/**
 * Simulates an already-compiled policy set (e.g. a principal's stored policies, for
 * SimulatePrincipalPolicy) with the same request fields and response shape as
 * SimulateCustomPolicy. `SourcePolicyId` is each compiled policy's id.
 */
export function simulatePolicySet(set: CompiledPolicySet, input: SimulationRequestInput, options: SimulatePolicySetOptions = {}): SimulateCustomPolicyOutput {
  if (!input.ActionNames || input.ActionNames.length === 0) throw new SimulationInputError('InvalidInput', 'ActionNames must not be empty.');
  const ctx = contextFrom(input.ContextEntries);
  const callerAccount = accountOf(input.CallerArn);
  const ownerAccount = accountOf(input.ResourceOwner);
  if (input.ResourceOwner !== undefined && !ownerAccount) throw new SimulationInputError('InvalidInput', 'ResourceOwner must be an account ID or ARN.');
  const principal: RequestPrincipal = {};
  if (input.CallerArn) principal.arn = input.CallerArn;
  // Without a CallerArn, IAM assumes the caller is in the resource owner's account.
  const principalAccount = callerAccount ?? ownerAccount;
  if (principalAccount) principal.accountId = principalAccount;
  const results: SimEvaluationResult[] = [];
  const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const r = evaluate(
        set,
        { action, resource, principal, context: ctx, ...(ownerAccount ? { resourceAccount: ownerAccount } : {}) },
        { explain: true },
      );
      const out: SimEvaluationResult = {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: r.decision,
        MatchedStatements: simStatements(r.matchedStatements, set, options),
        MissingContextValues: r.missingContextKeys ?? [],
      };
      if (r.allowedByBoundary !== undefined) out.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: r.allowedByBoundary };
      // As documented: cross-account simulations get each side's decision; same-account ones
      // get an empty map when a resource ARN was given and no map for "*".
      if (ownerAccount && principalAccount && ownerAccount !== principalAccount) {
        const idOnly = evaluate({ ...set, resource: undefined } as CompiledPolicySet, { action, resource, principal, context: ctx });
        out.EvalDecisionDetails = { 'IAM Policy': idOnly.decision, 'Resource Policy': resourceSideDecision(r.matchedStatements, r.decision) };
      } else if (resource !== '*') {
        out.EvalDecisionDetails = {};
      }
      results.push(out);
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
}

function resourceSideDecision(matched: CompiledStatement[], d: Decision): Decision {
  const res = matched.filter((s) => s.policyKind === 'resource');
  if (res.some((s) => !s.allow)) return 'explicitDeny';
  if (res.length > 0 && d !== 'explicitDeny') return 'allowed';
  return 'implicitDeny';
}
