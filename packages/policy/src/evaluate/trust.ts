/**
 * Evaluate stage — role trust policies (sts:AssumeRole and friends).
 *
 * Assumes a compiled trust policy (a resource-based policy attached to the role). A trust
 * policy is evaluated like any resource-based policy with the role as the resource: a
 * principal named by ARN, service or federated provider is trusted by the policy alone; an
 * account principal (`"AWS": "123456789012"` or `…:root`) delegates to that account, whose
 * identity policies must then allow the call; a caller from another account always needs
 * both.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { CompiledPolicy, CompiledPolicySet } from '../compile/compile';
import { parseArn } from '../arn/arn';
import type { RequestContext, ContextValue } from './context';
import { evaluate, type EvaluationResult, type RequestPrincipal } from './evaluate';

/** Inputs for {@link evaluateTrustPolicy}. */
export interface TrustPolicyRequest {
  /** The role being assumed. */
  roleArn: string;
  /** Who asks to assume it. */
  principal: RequestPrincipal;
  /** Default `sts:AssumeRole`; also `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRoleWithSAML`, `sts:TagSession`… */
  action?: string;
  /** The caller's own policies (identity, boundary…); omit for service/federated principals. */
  callerPolicies?: CompiledPolicySet;
  context?: RequestContext | Readonly<Record<string, ContextValue | undefined>>;
}

const NO_POLICIES: CompiledPolicySet = { identity: [] };

/** Decides whether a principal may assume a role, given the role's trust policy. */
export function evaluateTrustPolicy(trustPolicy: CompiledPolicy, req: TrustPolicyRequest): EvaluationResult {
  const account = parseArn(req.roleArn)?.account;
  return evaluate(req.callerPolicies ?? NO_POLICIES, {
    action: req.action ?? 'sts:AssumeRole',
    resource: req.roleArn,
    principal: req.principal,
    context: req.context,
    resourcePolicy: trustPolicy,
    ...(account ? { resourceAccount: account } : {}),
  });
}
