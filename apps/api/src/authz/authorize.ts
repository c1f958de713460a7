/**
 * The authorization question for one action: the caller's effective policies, the request
 * context built from the real request (global condition keys), and the engine's decision.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { compilePolicy, evaluate, PrefixReadTrackingContext, RequestContext, type ContextValue, type Decision, type DeniedBy } from '@portcullis/policy';
import type { Caller } from '../auth/caller';
import type { ActionTarget } from '../actions/action';
import type { EffectivePolicies } from './effective-policies';

export interface AuthorizationResult {
  decision: Decision;
  /** Which kind of policy decided a denial, for AWS's message. */
  deniedBy?: DeniedBy;
}

const PRINCIPAL_TYPE: Record<Caller['kind'], string> = { root: 'Account', user: 'User', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser' };

/** The global condition keys of a request (aws:*), plus the action's own. */
export function requestContext(caller: Caller, target: ActionTarget, now: Date): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SourceIp': caller.sourceIp,
    'aws:SecureTransport': caller.secureTransport ? 'true' : 'false',
    'aws:UserAgent': caller.userAgent,
    'aws:userid': caller.userId,
    // For a role session AWS gives the role's ARN here, not the session's.
    'aws:PrincipalArn': caller.kind === 'assumed-role' ? (caller.roleArn ?? caller.arn) : caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.kind],
    'aws:RequestedRegion': 'us-east-1',
  };
  if (caller.userName) context['aws:username'] = caller.userName;
  for (const tag of caller.principalTags ?? []) context[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  // Sessions — temporary credentials and console sign-ins — carry the MFA key, false when the
  // session was opened without MFA; long-term access keys lack it, which is why AWS's examples
  // use BoolIfExists.
  if (caller.mfaAuthenticatedAt) {
    context['aws:MultiFactorAuthPresent'] = 'true';
    context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((now.getTime() - caller.mfaAuthenticatedAt.getTime()) / 1000)));
  } else if (caller.credentialType !== 'long-term') {
    context['aws:MultiFactorAuthPresent'] = 'false';
  }
  // When the session's credentials were issued: AWS's "Revoke active sessions" denies sessions
  // with aws:TokenIssueTime before the revocation.
  if (caller.tokenIssuedAt) context['aws:TokenIssueTime'] = caller.tokenIssuedAt.toISOString();
  if (caller.sourceIdentity) context['aws:SourceIdentity'] = caller.sourceIdentity;
  if (target.requestTags) {
    for (const tag of target.requestTags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    context['aws:TagKeys'] = target.requestTags.map((t) => t.Key);
  }
  // IAM's own resources also carry their tags in iam:ResourceTag/* (AWS's managed policies test
  // it on roles for iam:PassRole).
  const iamResource = target.resource.startsWith('arn:aws:iam::');
  for (const tag of target.resourceTags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    if (iamResource) context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  if (target.resourceAccount) context['aws:ResourceAccount'] = target.resourceAccount;
  for (const [key, value] of Object.entries(target.context ?? {})) context[key] = value;
  return context;
}

/** The condition keys that carry the target resource's tags (lowercase prefixes). */
const RESOURCE_TAG_KEYS = ['aws:resourcetag/', 'iam:resourcetag/'];

/**
 * Decides whether the caller may perform `action` on the target. The root user may do anything
 * in its own account and nothing in another; everyone else is decided by the engine.
 *
 * A target without `resourceTags` gets them from `loadResourceTags` when the decision depends on
 * them: the engine first decides without them, noting whether it read a resource-tag key at all
 * (a condition, an IfExists or Null test, a policy variable), and only then are they loaded and
 * the decision made again with them. Most callers' policies never read them: one lookup fewer.
 */
export async function authorize(
  policies: EffectivePolicies,
  caller: Caller,
  action: string,
  target: ActionTarget,
  now: Date,
  loadResourceTags?: () => Promise<{ Key: string; Value: string }[]>,
): Promise<AuthorizationResult> {
  const resourceAccount = target.resourceAccount ?? caller.accountId;
  if (caller.kind === 'root') return { decision: resourceAccount === caller.accountId ? 'allowed' : 'implicitDeny' };
  const set = await policies.forCaller(caller);
  const resourcePolicy = target.resourcePolicy ? compilePolicy({ ...target.resourcePolicy, type: 'resource' }) : undefined;
  const decide = (context: RequestContext) =>
    evaluate(set, {
      action,
      resource: target.resource,
      principal: { arn: caller.arn, accountId: caller.accountId, roleArn: caller.roleArn },
      context,
      resourceAccount,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
  let result;
  if (target.resourceTags || !loadResourceTags) {
    result = decide(RequestContext.from(requestContext(caller, target, now)));
  } else {
    const context = new PrefixReadTrackingContext(RequestContext.from(requestContext(caller, target, now)), RESOURCE_TAG_KEYS);
    result = decide(context);
    if (context.readPrefix) result = decide(RequestContext.from(requestContext(caller, { ...target, resourceTags: await loadResourceTags() }, now)));
  }
  if (result.decision === 'allowed') {
    const grantedByResourcePolicy = result.matchedStatements.some((statement) => statement.policyKind === 'resource');
    if (target.resourcePolicy?.mustAllow && !grantedByResourcePolicy) return { decision: 'implicitDeny' };
    return { decision: 'allowed' };
  }
  // The password policy's "Allow users to change their own password" grants these two actions
  // to every IAM user for themselves (an explicit Deny still wins).
  if (
    result.decision === 'implicitDeny' &&
    caller.kind === 'user' &&
    ((action === 'iam:ChangePassword' && target.resource === caller.arn) || action === 'iam:GetAccountPasswordPolicy') &&
    (await policies.usersMayChangePassword(caller.accountId))
  ) {
    return { decision: 'allowed' };
  }
  // The engine names the layer AWS names in its message; a role's trust policy that does not
  // allow the caller is reported without one, as AWS does.
  const deniedBy = target.resourcePolicy && result.decision === 'implicitDeny' ? undefined : (result.deniedBy ?? 'identity-based policy');
  return { decision: result.decision, deniedBy };
}

/** AWS's AccessDenied message: "User: ARN is not authorized to perform: ACTION on resource: ARN …". */
export function accessDeniedMessage(caller: Caller, action: string, resource: string, result: AuthorizationResult): string {
  const base = `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (result.decision === 'explicitDeny') return `${base} with an explicit deny in a${result.deniedBy === 'identity-based policy' ? 'n' : ''} ${result.deniedBy ?? 'identity-based policy'}`;
  if (!result.deniedBy) return base;
  if (result.deniedBy === 'identity-based policy') return `${base} because no identity-based policy allows the ${action} action`;
  return `${base} because no ${result.deniedBy} allows the ${action} action`;
}
