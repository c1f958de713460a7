/**
 * @portcullis/policy — the AWS IAM policy language: parse, validate, compile, evaluate,
 * simulate. Pure TypeScript without I/O; runs in Node and in the browser.
 *
 * Stages: text → `document/` (JSON with positions → AST) → `validate/` (findings) →
 * `compile/` (matchers, cached) → `evaluate/` (decision) → `simulate/` (IAM's simulator API).
 * `validate/` is Access Analyzer (the editor, ValidatePolicy); `acceptance/` is what IAM itself
 * stores or refuses (MalformedPolicyDocument, with IAM's texts).
 */
export { parseJson, type JsonNode, type Position, type Span, type PathSegment } from './document/json';
export {
  parsePolicy,
  type ParsedPolicy,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalSpec,
  type ConditionSpec,
  type ConditionEntry,
  type ValueList,
  type ValueItem,
} from './document/parse';
export type { Finding, FindingType, FindingLocation } from './document/finding';
export { contextKeysOf } from './document/context-keys';
export { validatePolicy, type PolicyType, type ValidatePolicyOptions, type ValidatePolicyResult } from './validate/validate';
export {
  catalogAction,
  catalogConditionKey,
  expandActionPattern,
  type Catalog,
  type CatalogService,
  type CatalogAction,
  type CatalogConditionKey,
  type ConditionKeyType,
} from './catalog/catalog';
export { parseArn, roleArnFromSessionArn, type Arn } from './arn/arn';
export { OPERATORS, parseOperator, type OperatorDef, type ParsedOperator } from './conditions/operators';
export { parseTemplate, type Template } from './variables';
export {
  compilePolicy,
  compilePolicySet,
  compileDocument,
  setCompileCacheLimit,
  PolicyCompileError,
  type CompiledPolicy,
  type CompiledPolicySet,
  type CompiledStatement,
  type PolicySource,
  type PolicySetInput,
  type PolicyKind,
} from './compile/compile';
export { compileWildcard, globTest, type Glob } from './compile/glob';
export { RequestContext, PrefixReadTrackingContext, createRequestContext, type ContextValue } from './evaluate/context';
export {
  evaluate,
  type EvaluationRequest,
  type EvaluationResult,
  type EvaluateOptions,
  type Decision,
  type DeniedBy,
  type RequestPrincipal,
} from './evaluate/evaluate';
export { evaluateTrustPolicy, type TrustPolicyRequest } from './evaluate/trust';
export {
  simulateCustomPolicy,
  simulatePolicySet,
  SimulationInputError,
  type SimulationRequestInput,
  type SimulatePolicySetOptions,
  type SimulateCustomPolicyInput,
  type SimulateCustomPolicyOutput,
  type SimEvaluationResult,
  type SimStatement,
  type ContextEntry,
  type ContextKeyType,
} from './simulate/simulate';
export { explain, type Explanation, type StatementExplanation, type ConditionExplanation, type MatchOutcome } from './explain';
export { policySize } from './validate/validate';
export { summarizePolicy, ACCESS_LEVELS, type PolicySummary, type PolicySummaryRow, type AccessLevel } from './analyze/summary';
export { findExternalAccess, type ExternalAccessFinding, type ZoneOfTrust } from './analyze/external-access';
export { checkIamAcceptance, IAM_MESSAGES, type IamAcceptance, type IamAcceptanceOptions } from './acceptance/iam-acceptance';
