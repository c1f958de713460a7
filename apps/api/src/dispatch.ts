/**
 * The dispatcher: the one place that parses an action's input, authorizes the caller, runs the
 * handler in one database transaction, and writes the audit event. Both protocols call it;
 * handlers never check permissions or audit themselves.
 */
import type { Db, Tx } from './db/client';
import type { SecretBox } from './crypto/secrets';
import type { Caller } from './auth/caller';
import type { ActionTarget, AnyAction } from './actions/action';
import { accessDeniedMessage, authorize } from './authz/authorize';
import type { EffectivePolicies } from './authz/effective-policies';
import type { AuditDecision, AuditLog } from './audit/audit';
import { AwsError, accessDenied, toAwsError } from './errors';

export interface DispatchDeps {
  db: Db;
  secrets: SecretBox;
  policies: EffectivePolicies;
  audit: AuditLog;
  publicUrl: string;
  /** The clock (tests inject one). */
  now?: () => Date;
}

export interface DispatchRequest {
  action: AnyAction;
  input: unknown;
  caller: Caller;
  requestId: string;
}

export async function dispatch(deps: DispatchDeps, request: DispatchRequest): Promise<unknown> {
  const { action, caller, requestId } = request;
  const { db } = deps;
  const actionName = `${action.service}:${action.name}`;
  const now = deps.now?.() ?? new Date();
  let resource: string | undefined;
  let decision: AuditDecision = 'invalid';
  try {
    // 1. Parse.
    const input = action.input.parse(request.input ?? {});
    // 2. Authorize.
    const target: ActionTarget = await action.target(input, caller, db);
    resource = target.resource;
    if (!action.noAuthorization) {
      const checks = [{ action: actionName, target }, ...(target.alsoRequires ?? []).map((extra) => ({ action: extra.action, target: { resource: extra.resource, context: extra.context } }))];
      for (const check of checks) {
        const result = await authorize(deps.policies, caller, check.action, check.target, now);
        if (result.decision === 'allowed') continue;
        decision = 'denied';
        // EC2 names an IAM denial UnauthorizedOperation (and says which action in its message).
        if (action.service === 'ec2') {
          throw new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ${check.action} on resource: ${check.target.resource}`, 403);
        }
        throw accessDenied(accessDeniedMessage(caller, check.action, check.target.resource, result));
      }
    }
    decision = 'allowed';
    // 3. One transaction for anything that writes; reads run on the pool directly (a read-only
    // action sees one consistent row per query, and an interactive transaction would cost two
    // extra round trips per request).
    const context = (tx: Tx) => ({ tx, caller, secrets: deps.secrets, requestId, now, publicUrl: deps.publicUrl, target });
    const output = action.readOnly
      ? await action.handler(input, context(db))
      : await db.$transaction((tx) => action.handler(input, context(tx)), { timeout: 30_000, maxWait: 10_000 });
    // Any write may change what some principal of the account may do or which credentials are
    // valid: drop the account's cached authorization state (writes are rare next to reads).
    if (!action.readOnly) deps.policies.changed(caller.accountId);
    // 4. Audit.
    await deps.audit.write({ caller, action: actionName, resource, decision, requestId, protocol: caller.protocol });
    return output;
  } catch (error) {
    const aws = toAwsError(error);
    await deps.audit.write({ caller, action: actionName, resource, decision, errorCode: aws?.code ?? 'InternalFailure', requestId, protocol: caller.protocol }).catch(() => {});
    throw error;
  }
}
