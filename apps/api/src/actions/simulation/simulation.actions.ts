/**
 * The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy,
 * GetContextKeysForPrincipalPolicy, GetContextKeysForCustomPolicy — thin over the engine's
 * simulatePolicySet and parsePolicy, with IAM's parameters, paging and errors. Read-only.
 * Bounded (issue #12): IAM's model limits, a work budget checked before evaluating, and the
 * evaluation split into slices that yield to the event loop.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import {
  compileDocument,
  compilePolicy,
  parsePolicy,
  PolicyCompileError,
  parseTemplate,
  simulatePolicySet,
  SimulationInputError,
  type CompiledPolicySet,
  type PolicyDocument,
  type PolicyType,
  type SimEvaluationResult,
  type SimStatement,
} from '@portcullis/policy';
import { ArnSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget } from '../action';
import { groupArnOrGuess, roleArnOrGuess, userArnOrGuess } from '../../iam/lookups';
import { AwsError, invalidInput, malformedPolicyDocument, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import type { Db, Tx } from '../../db/client';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker } from '../../iam/pagination';
import { checkPolicyDocument } from '../../iam/policy-documents';
import { principalPolicies, type PrincipalPolicies } from './simulation.queries';

const CONTEXT_KEY_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'] as const;

/**
 * A string with IAM's model constraints (iam service-2.json) and IAM's wording for them, as in
 * "Value at 'ActionNames.0' failed to satisfy constraint: Member must have length less than or
 * equal to 128".
 */
function modelString(min: number, max?: number, pattern?: { source: string; regex: RegExp }) {
  let schema = z.string().min(min, `Member must have length greater than or equal to ${min}`);
  if (max !== undefined) schema = schema.max(max, `Member must have length less than or equal to ${max}`);
  if (pattern) schema = schema.regex(pattern.regex, `Member must satisfy regular expression pattern: ${pattern.source}`);
  return schema;
}

/** policyDocumentType: 1–131,072 characters of tab, LF, CR and U+0020–U+00FF. */
const PolicyDocumentSchema = modelString(1, 131072, { source: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', regex: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/ });
const PolicyListSchema = z.array(PolicyDocumentSchema);
/** ActionNameType: 3–128 characters. */
const ActionNameSchema = modelString(3, 128);
/** ResourceNameType: 1–2048 characters (an ARN, or `*`). */
const ResourceNameSchema = modelString(1, 2048);
const ContextEntrySchema = z.object({
  ContextKeyName: modelString(5, 256),
  ContextKeyValues: z.array(z.string()).optional(),
  ContextKeyType: z.enum(CONTEXT_KEY_TYPES).optional(),
});

/**
 * Ours, not IAM's (which documents none): every request evaluates each action on each
 * resource, so one request may ask for at most this many evaluations.
 */
export const MAX_EVALUATIONS = 10_000;

/**
 * Ours, not IAM's: the work one simulation may do, in characters the engine may read (see
 * `simulationWork`). One evaluation is never split, so it must fit in one slice of the event
 * loop (under 20 ms of CPU at the matcher's worst); the whole request, sliced, under two seconds
 * of CPU at worst. Measured by bench/simulate-event-loop.bench.ts.
 */
export const MAX_EVALUATION_WORK = 5_000_000;
export const MAX_WORK = 500_000_000;

/** Synchronous work runs at most this long (ms) before the simulation yields to the event loop. */
const SLICE_MS = 5;

/** A function to await between units of work: it yields once SLICE_MS have passed since the last yield. */
function slicer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await nextTurn();
    since = performance.now();
  };
}

/** The parameters SimulateCustomPolicy and SimulatePrincipalPolicy share. */
const simulationInput = {
  PermissionsBoundaryPolicyInputList: PolicyListSchema.optional(),
  ActionNames: z.array(ActionNameSchema).min(1),
  ResourceArns: z.array(ResourceNameSchema).optional(),
  ResourcePolicy: PolicyDocumentSchema.optional(),
  ResourceOwner: ResourceNameSchema.optional(),
  CallerArn: ResourceNameSchema.optional(),
  ContextEntries: z.array(ContextEntrySchema).optional(),
  ResourceHandlingOption: modelString(1, 64).optional(),
  ...PagingInput,
};
type SimulationInput = z.infer<z.ZodObject<typeof simulationInput>>;

/** A policy in the simulation and how MatchedStatements names it. */
interface Source {
  id: string;
  type: SimStatement['SourcePolicyType'];
  document: string;
  /** A policy stored in the account (the simulated entity's), not text from the request. */
  stored?: boolean;
}

/** IAM's EvaluationResult (API Reference data types EvaluationResult, Statement, Position). */
interface EvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  MatchedStatements: { SourcePolicyId: string; SourcePolicyType: string; StartPosition: Position; EndPosition: Position }[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, string>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}
interface Position {
  Line: number;
  Column: number;
}
interface SimulationOutput {
  EvaluationResults: EvaluationResult[];
  IsTruncated: boolean;
  Marker?: string;
}

/** A PolicySourceArn: a user, group or role of an account (the name is after the last `/`). */
const SOURCE_ARN = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;

function parseSourceArn(arn: string): { accountId: string; kind: 'user' | 'group' | 'role'; name: string } {
  const m = SOURCE_ARN.exec(arn);
  if (!m) throw invalidInput(messages.arnNotValid(arn));
  return { accountId: m[1]!, kind: m[2] as 'user' | 'group' | 'role', name: m[3]! };
}

/**
 * The resource of SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy: the entity's
 * real ARN (with its path) when it is in the caller's account, else the ARN as given.
 */
async function sourceTarget(arn: string, accountId: string, db: Db): Promise<ActionTarget> {
  const m = SOURCE_ARN.exec(arn);
  if (!m || m[1] !== accountId) return { resource: arn, resourceAccount: m?.[1] };
  const name = m[3]!;
  const resource = m[2] === 'user' ? await userArnOrGuess(db, accountId, name) : m[2] === 'group' ? await groupArnOrGuess(db, accountId, name) : await roleArnOrGuess(db, accountId, name);
  return { resource };
}

/** Checks each input policy with the engine's validator, naming the one at fault. */
async function checkInputs(texts: string[] | undefined, listName: string, policyType: PolicyType, tick: () => Promise<void>): Promise<void> {
  for (const [k, text] of (texts ?? []).entries()) {
    try {
      checkPolicyDocument(text, policyType);
    } catch (e) {
      if (e instanceof AwsError) throw malformedPolicyDocument(messages.simulationPolicyInvalid(`${listName}.${k + 1}`, e.message));
      throw e;
    }
    await tick();
  }
}

/**
 * Parses one policy of the simulation into the engine's AST. Compiling the AST (rather than the
 * text) keeps request-supplied documents out of the engine's text-keyed compile cache.
 */
function parseSource(text: string, id: string): PolicyDocument {
  const { document, findings } = parsePolicy(text);
  if (!document || findings.length) throw malformedPolicyDocument(messages.simulationPolicyInvalid(id, findings[0]?.findingDetails));
  return document;
}

/**
 * Compiles a policy stored in the account through the engine's text-keyed compile cache: the same
 * entity simulated again (the console's simulator, a script's loop) is not parsed and compiled
 * again — large AWS managed policies cost milliseconds each. Request text never goes through it.
 */
function compileStored(text: string, id: string, kind: 'identity' | 'boundary' | 'resource'): ReturnType<typeof compilePolicy> {
  try {
    return compilePolicy({ id, document: text }, kind);
  } catch (e) {
    // Stored policies were validated when saved; say which one if that ever fails.
    if (e instanceof PolicyCompileError) throw malformedPolicyDocument(messages.simulationPolicyInvalid(id, e.findings[0]?.findingDetails));
    throw e;
  }
}

/** CallerArn, when given, must be an IAM user's ARN (IAM's rule). */
function checkCallerArn(arn: string | undefined): void {
  if (arn !== undefined && !/^arn:aws:iam::\d{12}:user\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/.test(arn)) {
    throw invalidInput(messages.callerArnNotUser(arn));
  }
}

/** `${…}` policy variables in a text: each may expand to a context value. */
const variablesIn = (text: string) => text.split('${').length - 1;

/**
 * The longest run of characters after a `*` in a pattern: after a `*`, the engine's matcher may
 * retry once per character of the string it tests, each retry re-reading at most that run.
 */
function retryRun(pattern: string): number {
  let longest = 0;
  let run = -1;
  for (const c of pattern) {
    if (c === '*') run = 0;
    else if (run >= 0) longest = Math.max(longest, ++run);
  }
  return longest;
}

/**
 * An upper bound on the work (characters read) of a simulation, from its inputs alone, before
 * anything is evaluated. Testing a pattern p against a string s reads at most
 * |p| + |s|·(retryRun(p) + 2) characters; a policy variable adds up to the longest context value
 * to its pattern. So one evaluation of action a on resource r costs at most
 *   P + C·N + V·L + Wa·|a| + Wr·|r| + Wc·X
 * where P is the policies' length, C their condition values' length and N the number of context
 * values (each may be compared with every condition value), V the variables and L the longest
 * context value, Wa/Wr/Wc the patterns' summed weights (retryRun + 2 + their variables' L) for
 * actions, resources and condition values, and X the characters of the context, caller and
 * owner. A cross-account simulation evaluates twice. Statement counts alone would not bound it:
 * one statement may hold any number of patterns, and a pattern's cost grows with the string it
 * is tested against.
 */
export function simulationWork(texts: string[], documents: PolicyDocument[], input: SimulationInput, callerArn: string | undefined, resources: string[]): { total: number; largest: number } {
  const values = (input.ContextEntries ?? []).flatMap((e) => e.ContextKeyValues ?? []);
  const longestValue = Math.max(0, ...values.map((v) => v.length));
  const weight = (items: { value: string }[] | undefined) => (items ?? []).reduce((sum, i) => sum + retryRun(i.value) + 2 + variablesIn(i.value) * longestValue, 0);
  let policyChars = 0;
  let variables = 0;
  for (const text of texts) {
    policyChars += text.length;
    variables += variablesIn(text);
  }
  let actionWeight = 0;
  let resourceWeight = 0;
  let conditionWeight = 0;
  let conditionChars = 0;
  for (const statement of documents.flatMap((d) => d.statements)) {
    actionWeight += weight(statement.action?.items) + weight(statement.notAction?.items);
    resourceWeight += weight(statement.resource?.items) + weight(statement.notResource?.items);
    for (const condition of statement.conditions ?? []) {
      for (const entry of condition.entries) {
        conditionWeight += weight(entry.values.items);
        conditionChars += entry.values.items.reduce((n, i) => n + i.value.length, 0);
      }
    }
  }
  const context =
    (callerArn?.length ?? 0) +
    (input.ResourceOwner?.length ?? 0) +
    (input.ContextEntries ?? []).reduce((sum, e) => sum + e.ContextKeyName.length + (e.ContextKeyValues ?? []).reduce((n, v) => n + v.length, 0), 0);
  const sides = input.ResourceOwner !== undefined ? 2 : 1;
  const fixed = policyChars + conditionChars * values.length + variables * longestValue + conditionWeight * context;
  const sumLength = (xs: string[]) => xs.reduce((n, x) => n + x.length, 0);
  const maxLength = (xs: string[]) => Math.max(...xs.map((x) => x.length));
  const actions = input.ActionNames;
  const total = actions.length * resources.length * fixed + actionWeight * resources.length * sumLength(actions) + resourceWeight * actions.length * sumLength(resources);
  const largest = fixed + actionWeight * maxLength(actions) + resourceWeight * maxLength(resources);
  return { total: sides * total, largest: sides * largest };
}

/**
 * Runs the engine over `identity` (+ boundary, resource policy) and returns one page of
 * EvaluationResults in IAM's shape, matched statements named after their source policies.
 * Refuses simulations over the work limits, and yields to the event loop between slices.
 */
async function runSimulation(identity: Source[], boundary: Source[] | undefined, input: SimulationInput, callerArn: string | undefined, tick: () => Promise<void>): Promise<SimulationOutput> {
  checkCallerArn(callerArn);
  if (input.ResourcePolicy !== undefined && !callerArn) {
    throw invalidInput(messages.callerArnRequired);
  }
  await checkInputs(input.ResourcePolicy === undefined ? undefined : [input.ResourcePolicy], 'ResourcePolicy', 'RESOURCE_POLICY', tick);
  const start = Number(decodeMarker(input.Marker)?.[0] ?? 0);
  if (!Number.isInteger(start) || start < 0) throw invalidInput(messages.invalidMarker);
  const resources = input.ResourceArns?.length ? input.ResourceArns : ['*'];
  const evaluations = input.ActionNames.length * resources.length;
  if (evaluations > MAX_EVALUATIONS) {
    throw invalidInput(messages.simulationTooManyEvaluations(evaluations, MAX_EVALUATIONS));
  }

  // Parse and compile each policy once, each step in its own slice (IAM's ids: PolicyInputList.N …).
  const texts: string[] = [];
  const documents: PolicyDocument[] = [];
  const prepare = async (text: string, id: string, kind: 'identity' | 'boundary' | 'resource', stored = false) => {
    let compiled;
    if (stored) {
      compiled = compileStored(text, id, kind);
    } else {
      const document = parseSource(text, id);
      await tick();
      compiled = compileDocument(document, id, kind);
    }
    texts.push(text);
    documents.push(compiled.document);
    await tick();
    return compiled;
  };
  const set: CompiledPolicySet = { identity: [] };
  for (const [k, source] of identity.entries()) set.identity.push(await prepare(source.document, `PolicyInputList.${k + 1}`, 'identity', source.stored));
  if (boundary) {
    set.boundary = [];
    for (const [k, source] of boundary.entries()) set.boundary.push(await prepare(source.document, `PermissionsBoundaryPolicyInputList.${k + 1}`, 'boundary', source.stored));
  }
  if (input.ResourcePolicy !== undefined) set.resource = await prepare(input.ResourcePolicy, 'ResourcePolicy', 'resource');

  const work = simulationWork(texts, documents, input, callerArn, resources);
  if (work.largest > MAX_EVALUATION_WORK) {
    throw invalidInput(messages.simulationTooLargeForOne);
  }
  if (work.total > MAX_WORK) {
    throw invalidInput(messages.simulationTooLarge(evaluations, texts.reduce((n, t) => n + t.length, 0)));
  }

  // One action on one resource at a time, yielding between slices.
  const contextEntries = input.ContextEntries?.map((e) => ({ ContextKeyName: e.ContextKeyName, ContextKeyValues: e.ContextKeyValues ?? [], ContextKeyType: e.ContextKeyType ?? 'string' }));
  const results: SimEvaluationResult[] = [];
  try {
    for (const action of input.ActionNames) {
      for (const resource of input.ResourceArns?.length ? input.ResourceArns : [undefined]) {
        const request = { ActionNames: [action], ResourceArns: resource === undefined ? undefined : [resource], ResourceOwner: input.ResourceOwner, CallerArn: callerArn, ContextEntries: contextEntries };
        results.push(...simulatePolicySet(set, request).EvaluationResults);
        await tick();
      }
    }
  } catch (e) {
    if (e instanceof SimulationInputError) throw new AwsError(e.code, e.message, 400);
    throw e;
  }
  const sourceOf = (id: string): Pick<Source, 'id' | 'type'> | undefined => {
    const m = /^(PolicyInputList|PermissionsBoundaryPolicyInputList)\.(\d+)$/.exec(id);
    if (!m) return undefined;
    return (m[1] === 'PolicyInputList' ? identity : boundary)?.[Number(m[2]) - 1];
  };
  const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const slice = results.slice(start, start + limit);
  const IsTruncated = start + limit < results.length;
  return {
    EvaluationResults: slice.map((r) => ({
      EvalActionName: r.EvalActionName,
      EvalResourceName: r.EvalResourceName,
      EvalDecision: r.EvalDecision,
      MatchedStatements: r.MatchedStatements.map((s) => {
        const source = sourceOf(s.SourcePolicyId);
        return {
          SourcePolicyId: source?.id ?? s.SourcePolicyId,
          SourcePolicyType: source?.type ?? s.SourcePolicyType,
          StartPosition: s.StartPosition,
          EndPosition: s.EndPosition,
        };
      }),
      MissingContextValues: r.MissingContextValues,
      ...(r.EvalDecisionDetails ? { EvalDecisionDetails: r.EvalDecisionDetails } : {}),
      ...(r.PermissionsBoundaryDecisionDetail ? { PermissionsBoundaryDecisionDetail: r.PermissionsBoundaryDecisionDetail } : {}),
    })),
    IsTruncated,
    ...(IsTruncated ? { Marker: encodeMarker([String(start + limit)]) } : {}),
  };
}

/** Custom input policies are named as IAM names them: PolicyInputList.N, PermissionsBoundaryPolicyInputList.N. */
function inputSources(texts: string[] | undefined, listName: string, type: SimStatement['SourcePolicyType']): Source[] {
  return (texts ?? []).map((document, k) => ({ id: `${listName}.${k + 1}`, type, document }));
}

function entitySources(policies: PrincipalPolicies): { identity: Source[]; boundary?: Source[] } {
  const stored = (p: Source): Source => ({ ...p, stored: true });
  return { identity: policies.identity.map(stored), boundary: policies.boundary ? [stored(policies.boundary)] : undefined };
}

/**
 * The context keys the policies use, in order of first use and named as first written:
 * condition keys, and the policy variables (`${aws:username}`) of 2012-10-17 policies.
 */
async function contextKeysOf(texts: string[], tick: () => Promise<void>): Promise<string[]> {
  const keys = new Map<string, string>();
  const add = (key: string) => {
    if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  };
  const addVariables = (value: string) => {
    for (const part of parseTemplate(value)?.parts ?? []) if (part.t === 'var') add(part.key);
  };
  for (const [k, text] of texts.entries()) {
    const document = parseSource(text, `PolicyInputList.${k + 1}`);
    const variables = document.version === '2012-10-17';
    for (const st of document.statements) {
      if (variables) for (const item of [...(st.resource?.items ?? []), ...(st.notResource?.items ?? [])]) addVariables(item.value);
      for (const condition of st.conditions ?? []) {
        for (const entry of condition.entries) {
          add(entry.key);
          if (variables) for (const item of entry.values.items) addVariables(item.value);
        }
      }
    }
    await tick();
  }
  return [...keys.values()];
}

export const simulateCustomPolicyAction = defineAction({
  name: 'SimulateCustomPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyInputList: PolicyListSchema, ...simulationInput }),
  target: () => ({ resource: '*' }),
  async handler(input) {
    const tick = slicer();
    await checkInputs(input.PolicyInputList, 'PolicyInputList', 'IDENTITY_POLICY', tick);
    await checkInputs(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'IDENTITY_POLICY', tick);
    const identity = inputSources(input.PolicyInputList, 'PolicyInputList', 'IAM Policy');
    const boundary = input.PermissionsBoundaryPolicyInputList?.length
      ? inputSources(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'Permissions Boundary Policy')
      : undefined;
    return runSimulation(identity, boundary, input, input.CallerArn, tick);
  },
});

export const simulatePrincipalPolicy = defineAction({
  name: 'SimulatePrincipalPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicySourceArn: ArnSchema, PolicyInputList: PolicyListSchema.optional(), ...simulationInput }),
  target: (input, caller, db) => sourceTarget(input.PolicySourceArn, caller.accountId, db),
  async handler(input, { tx, caller }) {
    const source = parseSourceArn(input.PolicySourceArn);
    const tick = slicer();
    await checkInputs(input.PolicyInputList, 'PolicyInputList', 'IDENTITY_POLICY', tick);
    await checkInputs(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'IDENTITY_POLICY', tick);
    const policies = await loadPrincipal(tx, caller.accountId, source);
    const entity = entitySources(policies);
    // The extra policies come first so that their IDs (PolicyInputList.N) are IAM's.
    const identity = [...inputSources(input.PolicyInputList, 'PolicyInputList', 'IAM Policy'), ...entity.identity];
    // A boundary in the request replaces the entity's own.
    const boundary = input.PermissionsBoundaryPolicyInputList?.length
      ? inputSources(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'Permissions Boundary Policy')
      : entity.boundary;
    // The simulated caller defaults to the user whose policies these are.
    const callerArn = input.CallerArn ?? (source.kind === 'user' ? policies.arn : undefined);
    return runSimulation(identity, boundary, input, callerArn, tick);
  },
});

/** The entity of a PolicySourceArn: only the caller's own account's entities can be simulated. */
async function loadPrincipal(tx: Tx, accountId: string, source: ReturnType<typeof parseSourceArn>): Promise<PrincipalPolicies> {
  if (source.accountId !== accountId) throw noSuchEntity(messages.entityNotFound(source.kind, source.name));
  return principalPolicies(tx, accountId, source.kind, source.name);
}

export const getContextKeysForCustomPolicy = defineAction({
  name: 'GetContextKeysForCustomPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyInputList: PolicyListSchema }),
  target: () => ({ resource: '*' }),
  async handler(input) {
    return { ContextKeyNames: await contextKeysOf(input.PolicyInputList, slicer()) };
  },
});

export const getContextKeysForPrincipalPolicy = defineAction({
  name: 'GetContextKeysForPrincipalPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicySourceArn: ArnSchema, PolicyInputList: PolicyListSchema.optional() }),
  target: (input, caller, db) => sourceTarget(input.PolicySourceArn, caller.accountId, db),
  async handler(input, { tx, caller }) {
    const source = parseSourceArn(input.PolicySourceArn);
    const tick = slicer();
    const extra = await contextKeysOf(input.PolicyInputList ?? [], tick);
    const entity = await loadPrincipal(tx, caller.accountId, source);
    const own = await contextKeysOf(entity.identity.map((p) => p.document), tick);
    const seen = new Set<string>();
    const ContextKeyNames = [...own, ...extra].filter((k) => !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()));
    return { ContextKeyNames };
  },
});

export const simulationActions = [simulatePrincipalPolicy, simulateCustomPolicyAction, getContextKeysForPrincipalPolicy, getContextKeysForCustomPolicy];
