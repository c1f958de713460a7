/**
 * The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy,
 * GetContextKeysForPrincipalPolicy, GetContextKeysForCustomPolicy — thin over the engine's
 * simulateCustomPolicy and parsePolicy, with IAM's parameters, paging and errors. Read-only.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
import { z } from 'zod';
import { parsePolicy, parseTemplate, simulateCustomPolicy, SimulationInputError, type PolicyType, type SimEvaluationResult, type SimStatement } from '@portcullis/policy';
import { ArnSchema, PolicyDocumentTextSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget } from '../action';
import { groupArnOrGuess, roleArnOrGuess, userArnOrGuess } from '../../iam/lookups';
import { AwsError, invalidInput, malformedPolicyDocument, noSuchEntity } from '../../errors';
import type { Db, Tx } from '../../db/client';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker } from '../../iam/pagination';
import { checkPolicyDocument } from '../../iam/policy-documents';
import { principalPolicies, type PrincipalPolicies } from './simulation.queries';

const CONTEXT_KEY_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'] as const;

const PolicyListSchema = z.array(PolicyDocumentTextSchema);
/** ActionNames: `service:Action`, 3–128 characters each. */
const ActionNameSchema = z.string().min(3).max(128);
/** ResourceArns: ARNs of 1–2048 characters, or `*`. */
const ResourceArnSchema = z.string().min(1).max(2048);
const ContextEntrySchema = z.object({
  ContextKeyName: z.string().min(5).max(256),
  ContextKeyValues: z.array(z.string()).optional(),
  ContextKeyType: z.enum(CONTEXT_KEY_TYPES).optional(),
});

/**
 * Ours, not IAM's (which documents none): every request evaluates each action on each
 * resource, so one request may ask for at most this many evaluations.
 */
export const MAX_EVALUATIONS = 10_000;

/** The parameters SimulateCustomPolicy and SimulatePrincipalPolicy share. */
const simulationInput = {
  PermissionsBoundaryPolicyInputList: PolicyListSchema.optional(),
  ActionNames: z.array(ActionNameSchema).min(1),
  ResourceArns: z.array(ResourceArnSchema).optional(),
  ResourcePolicy: PolicyDocumentTextSchema.optional(),
  ResourceOwner: z.string().min(1).max(2048).optional(),
  CallerArn: z.string().min(1).max(2048).optional(),
  ContextEntries: z.array(ContextEntrySchema).optional(),
  ResourceHandlingOption: z.string().min(1).max(64).optional(),
  ...PagingInput,
};
type SimulationInput = z.infer<z.ZodObject<typeof simulationInput>>;

/** A policy in the simulation and how MatchedStatements names it. */
interface Source {
  id: string;
  type: SimStatement['SourcePolicyType'];
  document: string;
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
  if (!m) throw invalidInput(`ARN ${arn} is not valid.`);
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
function checkInputs(texts: string[] | undefined, listName: string, policyType: PolicyType): void {
  (texts ?? []).forEach((text, k) => {
    try {
      checkPolicyDocument(text, policyType);
    } catch (e) {
      if (e instanceof AwsError) throw malformedPolicyDocument(`${listName}.${k + 1}: ${e.message}`);
      throw e;
    }
  });
}

/** CallerArn, when given, must be an IAM user's ARN (IAM's rule). */
function checkCallerArn(arn: string | undefined): void {
  if (arn !== undefined && !/^arn:aws:iam::\d{12}:user\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/.test(arn)) {
    throw invalidInput(`CallerArn ${arn} is not valid: it must be the ARN of an IAM user.`);
  }
}

/**
 * Runs the engine over `identity` (+ boundary, resource policy) and returns one page of
 * EvaluationResults in IAM's shape, matched statements named after their source policies.
 */
function runSimulation(identity: Source[], boundary: Source[] | undefined, input: SimulationInput, callerArn: string | undefined): SimulationOutput {
  checkCallerArn(callerArn);
  if (input.ResourcePolicy !== undefined && !callerArn) {
    throw invalidInput('CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is not the ARN of an IAM user.');
  }
  if (input.ResourcePolicy !== undefined) checkInputs([input.ResourcePolicy], 'ResourcePolicy', 'RESOURCE_POLICY');
  const start = Number(decodeMarker(input.Marker)?.[0] ?? 0);
  if (!Number.isInteger(start) || start < 0) throw invalidInput('Invalid Marker.');
  const evaluations = input.ActionNames.length * Math.max(1, input.ResourceArns?.length ?? 0);
  if (evaluations > MAX_EVALUATIONS) {
    throw invalidInput(`The simulation has ${evaluations} action and resource combinations; at most ${MAX_EVALUATIONS} are allowed in one request.`);
  }
  let results: SimEvaluationResult[];
  try {
    results = simulateCustomPolicy({
      PolicyInputList: identity.map((s) => s.document),
      PermissionsBoundaryPolicyInputList: boundary?.map((s) => s.document),
      ActionNames: input.ActionNames,
      ResourceArns: input.ResourceArns,
      ResourcePolicy: input.ResourcePolicy,
      ResourceOwner: input.ResourceOwner,
      CallerArn: callerArn,
      ContextEntries: input.ContextEntries?.map((e) => ({ ContextKeyName: e.ContextKeyName, ContextKeyValues: e.ContextKeyValues ?? [], ContextKeyType: e.ContextKeyType ?? 'string' })),
    }).EvaluationResults;
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
  return { identity: policies.identity, boundary: policies.boundary ? [policies.boundary] : undefined };
}

/**
 * The context keys the policies use, in order of first use and named as first written:
 * condition keys, and the policy variables (`${aws:username}`) of 2012-10-17 policies.
 */
function contextKeysOf(texts: string[]): string[] {
  const keys = new Map<string, string>();
  const add = (key: string) => {
    if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  };
  const addVariables = (value: string) => {
    for (const part of parseTemplate(value)?.parts ?? []) if (part.t === 'var') add(part.key);
  };
  texts.forEach((text, k) => {
    const { document, findings } = parsePolicy(text);
    if (!document || findings.length) throw malformedPolicyDocument(`PolicyInputList.${k + 1}: ${findings[0]?.findingDetails ?? 'The policy is not valid.'}`);
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
  });
  return [...keys.values()];
}

export const simulateCustomPolicyAction = defineAction({
  name: 'SimulateCustomPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyInputList: PolicyListSchema, ...simulationInput }),
  target: () => ({ resource: '*' }),
  async handler(input) {
    checkInputs(input.PolicyInputList, 'PolicyInputList', 'IDENTITY_POLICY');
    checkInputs(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'IDENTITY_POLICY');
    const identity = inputSources(input.PolicyInputList, 'PolicyInputList', 'IAM Policy');
    const boundary = input.PermissionsBoundaryPolicyInputList?.length
      ? inputSources(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'Permissions Boundary Policy')
      : undefined;
    return runSimulation(identity, boundary, input, input.CallerArn);
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
    checkInputs(input.PolicyInputList, 'PolicyInputList', 'IDENTITY_POLICY');
    checkInputs(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'IDENTITY_POLICY');
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
    return runSimulation(identity, boundary, input, callerArn);
  },
});

/** The entity of a PolicySourceArn: only the caller's own account's entities can be simulated. */
async function loadPrincipal(tx: Tx, accountId: string, source: ReturnType<typeof parseSourceArn>): Promise<PrincipalPolicies> {
  if (source.accountId !== accountId) throw noSuchEntity(`The ${source.kind} with name ${source.name} cannot be found.`);
  return principalPolicies(tx, accountId, source.kind, source.name);
}

export const getContextKeysForCustomPolicy = defineAction({
  name: 'GetContextKeysForCustomPolicy',
  service: 'iam',
  readOnly: true,
  input: z.object({ PolicyInputList: PolicyListSchema }),
  target: () => ({ resource: '*' }),
  async handler(input) {
    return { ContextKeyNames: contextKeysOf(input.PolicyInputList) };
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
    const extra = contextKeysOf(input.PolicyInputList ?? []);
    const entity = await loadPrincipal(tx, caller.accountId, source);
    const own = contextKeysOf(entity.identity.map((p) => p.document));
    const seen = new Set<string>();
    const ContextKeyNames = [...own, ...extra].filter((k) => !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()));
    return { ContextKeyNames };
  },
});

export const simulationActions = [simulatePrincipalPolicy, simulateCustomPolicyAction, getContextKeysForPrincipalPolicy, getContextKeysForCustomPolicy];
