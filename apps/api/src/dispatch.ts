/**
 * The dispatcher: the one place that parses an action's input, authorizes the caller, runs the
 * handler in one database transaction, and writes the audit event. Both protocols call it;
 * handlers never check permissions or audit themselves.
 */
import { messages } from './messages';
import { transaction, type Db, type Tx } from './db/client';
import { Lanes } from './lanes';
import type { SecretBox } from './crypto/secrets';
import type { Caller } from './auth/caller';
import type { ActionTarget, AnyAction, PresumedRead } from './actions/action';
import { compilePolicy, evaluateTrustPolicy, type Decision } from '@portcullis/policy';
import { accessDeniedMessage, authorize } from './authz/authorize';
import type { EffectivePolicies } from './authz/effective-policies';
import type { AuditDecision, AuditLog, AuditRecord } from './audit/audit';
import { AwsError, accessDenied, isSerializationFailure, toAwsError } from './errors';
import { credentialTypeRefusal } from './authz/credential-types';
import { resourceTagsOf } from './authz/resource-tags';
import { validateAgainstModel } from './protocols/model/validate-input';
import { principalOf, type ChangeScope } from './authz/authorization-cache';
import { CHANGE_CHANNEL, changePayload } from './authz/invalidation';
import { checkQuotaAfterCreate, farBelowQuota } from './iam/quotas';
import { countAuthorization, measureRequest } from './metrics';
import { refreshFindingsAfter, touchesFindings } from './actions/access-analyzer/findings-store';

export interface DispatchDeps {
  db: Db;
  secrets: SecretBox;
  policies: EffectivePolicies;
  audit: AuditLog;
  publicUrl: string;
  /** The clock (tests inject one). */
  now?: () => Date;
  /** Accept http:// OIDC issuers in AssumeRoleWithWebIdentity (tests only; AppDeps.oidcAllowHttpIssuers). */
  oidcAllowHttpIssuers?: boolean;
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
  const actionName = action.authorizedAs ?? `${action.service}:${action.name}`;
  const now = deps.now?.() ?? new Date();
  const measured = measureRequest(action.service, action.name);
  let resource: string | undefined;
  let decision: AuditDecision = 'invalid';
  // An anonymous action (AssumeRoleWithWebIdentity…) is recorded in the account of its target
  // (the role), once known, with the federated provider as the principal.
  let auditCaller: Caller | undefined = action.anonymous ? undefined : caller;
  // A call on another account's resource (a cross-account AssumeRole, …) is recorded in both
  // accounts' logs, as CloudTrail does.
  let resourceAccount: string | undefined;
  const events = (extra: { errorCode?: string }): AuditRecord[] => {
    const event = { caller: auditCaller, action: actionName, resource, decision, requestId, protocol: caller.protocol, sourceIp: caller.sourceIp, userAgent: caller.userAgent, ...extra };
    const alsoIn = auditCaller && resourceAccount && resourceAccount !== auditCaller.accountId ? resourceAccount : undefined;
    return alsoIn ? [event, { ...event, accountId: alsoIn }] : [event];
  };
  const audit = async (extra: { errorCode?: string }) => {
    await Promise.all(events(extra).map((event) => deps.audit.write(event)));
  };
  let audited = false;
  try {
    // 1. Parse: first the constraints of AWS's own service model, answered in AWS's words (IAM
    // and STS), then the action's schema, which keeps the checks AWS makes beyond the model. The
    // console may leave out members AWS's API requires (root's own MFA device): its schema decides.
    const invalid = validateAgainstModel(action.service, action.name, request.input ?? {}, { requireMembers: caller.protocol !== 'rest' });
    if (invalid) throw invalid;
    const input = action.input.parse(request.input ?? {});
    // 2. Authorize. What the caller's kind of credential may call at all comes first (AWS's fixed
    // rules for session and federation tokens, console sessions), then the policies.
    const refusal = action.anonymous ? undefined : credentialTypeRefusal(caller, actionName);
    if (refusal) {
      decision = 'denied';
      throw refusal;
    }
    const mayPerform = (other: string, otherTarget: ActionTarget) => decisionFor(deps, caller, other, otherTarget, now);
    // A read on its presumed target (ActionDefinition.presumedTarget) is authorized before the
    // read, and read with its event in one round trip, when no other event is being committed
    // (AuditLog.quiet). When that does not settle the call, it is made the usual way below, as if
    // this had not been tried: nothing of it was stored.
    const presumed = action.readOnly && !action.anonymous && !action.noAuthorization && deps.audit.quiet ? action.presumedTarget?.(input, caller) : undefined;
    if (presumed && (await allowedWhateverTheTags(deps, caller, actionName, presumed, now))) {
      resource = presumed.resource;
      resourceAccount = presumed.resourceAccount;
      decision = 'allowed';
      const read = await readWithEvents(deps.audit, events({}), presumed.resource, (presumedRead) =>
        action.handler(input, { tx: db, caller, secrets: deps.secrets, requestId, now, publicUrl: deps.publicUrl, target: presumed, mayPerform, presumed: presumedRead }),
      );
      if (read) {
        audited = true;
        countAuthorization('allowed');
        if ('error' in read) throw read.error;
        measured();
        return read.value;
      }
      resource = resourceAccount = undefined;
      decision = 'invalid';
    }
    const target: ActionTarget = await action.target(input, caller, db, { now, oidcAllowHttpIssuers: deps.oidcAllowHttpIssuers ?? false });
    resource = target.resource;
    resourceAccount = target.resourceAccount;
    if (action.anonymous && target.resourceAccount) auditCaller = { ...caller, accountId: target.resourceAccount, arn: target.federatedPrincipal ?? caller.arn };
    // A write's work outside its transaction, started now, while it is authorized (a refused
    // call's event has the same strings). The event's new dictionary strings (a new user's ARN)
    // are stored outside the serializable transaction, where they could only add conflicts
    // (audit/audit.ts); a create far below its quota needs no count inside it (iam/quotas.ts).
    const inTransaction = !action.readOnly;
    const beforeTransaction = !inTransaction
      ? undefined
      : Promise.all([action.quota ? farBelowQuota(db, caller.accountId, action.quota) : true, deps.audit.prepare(events({}))]);
    // Awaited only if the call is allowed: a refused call leaves its outcome unread.
    beforeTransaction?.catch(() => {});
    if (action.anonymous) {
      // No identity-based policy applies: the role's trust policy alone decides, for the
      // federated principal the target verified. Fail closed if the target named neither.
      if (!trustAllowsFederated(actionName, caller, target, now)) {
        decision = 'denied';
        throw accessDenied(messages.notAuthorizedToPerform(actionName));
      }
      // Session tags from the IdP (sts:TagSession) need the trust policy's allow as well.
      for (const extra of target.alsoRequires ?? []) {
        if (!trustAllowsFederated(extra.action, caller, { ...target, context: { ...target.context, ...extra.context } }, now)) {
          decision = 'denied';
          throw accessDenied(messages.notAuthorizedToPerform(extra.action));
        }
      }
    } else if (!action.noAuthorization) {
      const checks = [{ action: actionName, target }, ...(target.alsoRequires ?? []).map(({ action: extraAction, ...extraTarget }) => ({ action: extraAction, target: extraTarget }))];
      for (const check of checks) {
        const result = await authorize(deps.policies, caller, check.action, check.target, now, () => resourceTagsOf(db, check.target.resource));
        countAuthorization(result.decision);
        if (result.decision === 'allowed') continue;
        decision = 'denied';
        // EC2 names an IAM denial UnauthorizedOperation (and says which action in its message).
        if (action.service === 'ec2') {
          throw new AwsError('UnauthorizedOperation', messages.ec2.unauthorizedOperation(caller.arn, check.action, check.target.resource), 403);
        }
        throw accessDenied(accessDeniedMessage(caller, check.action, check.target.resource, result));
      }
    }
    decision = 'allowed';
    // 3. One transaction for anything that writes; reads run on the pool directly (a read-only
    // action sees one consistent row per query, and an interactive transaction would cost two
    // extra round trips per request).
    const change = !inTransaction ? undefined : changeScopeOf(action, caller, target);
    const context = (tx: Tx) => ({ tx, caller, secrets: deps.secrets, requestId, now, publicUrl: deps.publicUrl, target, mayPerform });
    // 4. Audit. A write's event is stored in its own transaction, so a change is committed with
    // its record or not at all; reads and failures go through the audit log's group commit.
    const [quotaFarOff] = (await beforeTransaction) ?? [true];
    const notify = change && { channel: CHANGE_CHANNEL, payload: changePayload(change) };
    // Nothing follows the handler's own statements: its last one may carry the COMMIT, and the
    // event with it (db/client.ts StatementOptions.last).
    const handlerStatementsLast = !touchesFindings(actionName) && !(action.quota && !quotaFarOff);
    const written = !inTransaction
      ? { value: await action.handler(input, context(db)), eventStored: false }
      : await writeTransaction(db, action, writtenAccount(action, caller, target), async (tx) => {
          const perform = async () => {
            const result = await action.handler(input, context(tx));
            // Access Analyzer's findings about the resource the action changed, committed with it.
            if (touchesFindings(actionName)) await refreshFindingsAfter(tx, actionName, input, caller, now);
            if (action.quota && !quotaFarOff) await checkQuotaAfterCreate(tx, caller.accountId, action.quota);
            return result;
          };
          // In a direct transaction the event goes right before the COMMIT, in the same socket
          // write, and is stored only if the handler's last statement did not refuse the call.
          const storedWithCommit = deps.audit.writeBeforeCommit(tx, events({}), notify, handlerStatementsLast);
          if (storedWithCommit) {
            const value = await perform();
            const eventStored = storedWithCommit.then((rows) => rows.length > 0);
            // Awaited only once the transaction has committed.
            eventStored.catch(() => {});
            return { value, eventStored };
          }
          // Otherwise the event is sent with the handler's first statement (the transaction's
          // connection pipelines them: no round trip of its own). It is known before the handler
          // runs, and if the handler fails the transaction takes it back: the failure's event is
          // then written below. Other replicas hear of the change when it commits (and only then):
          // the NOTIFY is in the event's statement. The handler's error comes first: once its
          // statement fails, the event's fails too ("transaction is aborted"), perhaps sooner.
          const [performed, stored] = await Promise.allSettled([perform(), deps.audit.writeIn(tx, events({}), notify)]);
          if (performed.status === 'rejected') throw performed.reason;
          if (stored.status === 'rejected') throw stored.reason;
          return { value: performed.value, eventStored: true };
        });
    const output = written.value;
    // A handler that succeeded although its last statement marked the call refused (a defect)
    // leaves its event unstored: it is written below, like a read's, before the answer.
    audited = inTransaction && (await written.eventStored);
    // This replica drops the stale state before answering: the caller's next request, here,
    // already sees the change.
    if (change) deps.policies.invalidate(change);
    if (!audited) await audit({});
    measured();
    return output;
  } catch (error) {
    measured(error);
    if (audited) throw error;
    const aws = toAwsError(error);
    await audit({ errorCode: aws?.code ?? 'InternalFailure' }).catch(() => {});
    throw error;
  }
}

/**
 * The decision this dispatcher would make on the caller performing `action` on `target` — its
 * credential type's fixed rules, then its policies — without performing or auditing it
 * (ActionContext.mayPerform).
 */
async function decisionFor(deps: DispatchDeps, caller: Caller, action: string, target: ActionTarget, now: Date): Promise<Decision> {
  if (credentialTypeRefusal(caller, action)) return 'implicitDeny';
  return (await authorize(deps.policies, caller, action, target, now, () => resourceTagsOf(deps.db, target.resource))).decision;
}

/** A resource-tag loader that refuses: the decision depends on the tags (allowedWhateverTheTags). */
const TAGS_READ = Symbol('the decision reads the resource tags');

/** Does the caller's decision on `target` allow `action`, whatever the resource's tags (it reads none)? */
async function allowedWhateverTheTags(deps: DispatchDeps, caller: Caller, action: string, target: ActionTarget, now: Date): Promise<boolean> {
  if (target.alsoRequires) return false;
  try {
    return (await authorize(deps.policies, caller, action, target, now, () => Promise.reject(TAGS_READ))).decision === 'allowed';
  } catch (error) {
    if (error === TAGS_READ) return false;
    throw error;
  }
}

/**
 * A read on its presumed target: the handler, whose one read (ActionContext.presumed) is sent as
 * one statement with the call's events, stored only if it found the entity presumed
 * (AuditLog.readWithEvents). Its answer once its events are stored — or the error the handler
 * threw after that, a defect of the handler's, the call being recorded as allowed; undefined when
 * they were not stored (the entity is not as presumed, an event's string is not cached yet) and
 * the call must be made the usual way.
 */
async function readWithEvents(audit: AuditLog, records: AuditRecord[], presumedArn: string, handler: (presumed: PresumedRead) => Promise<unknown>): Promise<{ value: unknown } | { error: unknown } | undefined> {
  let stored = false;
  let reads = 0;
  const presumed: PresumedRead = {
    async read<T>(text: string, values: unknown[]) {
      if (reads++ > 0) throw new Error('a handler on its presumed target reads once');
      const read = await audit.readWithEvents<T>(text, values, presumedArn, records);
      if (!read) throw NOT_STORED;
      stored = read.stored;
      return read.rows;
    },
  };
  try {
    const value = await handler(presumed);
    return stored ? { value } : undefined;
  } catch (error) {
    return stored ? { error } : undefined;
  }
}

/** Thrown into a handler whose read on its presumed target could not carry its events. */
const NOT_STORED = new Error('the read on the presumed target did not carry its events');

/** The longest a transaction may run before it is rolled back. */
const TRANSACTION_TIMEOUT_MS = 30_000;

/** The account a write changes: the caller's, or for an anonymous action its target's (a federated AssumeRole's role). */
function writtenAccount(action: AnyAction, caller: Caller, target: ActionTarget): string {
  return action.anonymous ? (target.resourceAccount ?? caller.accountId) : caller.accountId;
}

/** Which cached authorization state a successful write makes stale (ActionDefinition.authorizationCache). */
function changeScopeOf(action: AnyAction, caller: Caller, target: ActionTarget): ChangeScope | undefined {
  const effect = action.authorizationCache ?? 'account';
  if (effect === 'unchanged') return undefined;
  const accountId = writtenAccount(action, caller, target);
  // A principal-scoped action whose target names no principal of the account (a guessed ARN, a
  // wildcard) clears the whole account: never less than it changed.
  const principalArn = effect === 'principal' ? principalOf(target.resource, accountId) : undefined;
  return principalArn ? { accountId, principalArn } : { accountId };
}

/** For `anonymous` actions: does the target's resource policy (a role's trust policy) itself allow its federated principal? */
function trustAllowsFederated(action: string, caller: Caller, target: ActionTarget, now: Date): boolean {
  if (!target.resourcePolicy || !target.federatedPrincipal || !target.resourceAccount) return false;
  const result = evaluateTrustPolicy(compilePolicy({ ...target.resourcePolicy, type: 'resource' }), {
    roleArn: target.resource,
    action,
    principal: { federated: target.federatedPrincipal, accountId: target.resourceAccount },
    context: {
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:SourceIp': caller.sourceIp,
      'aws:SecureTransport': caller.secureTransport ? 'true' : 'false',
      'aws:UserAgent': caller.userAgent,
      'aws:RequestedRegion': 'us-east-1',
      ...target.context,
    },
  });
  return result.decision === 'allowed' && result.matchedStatements.some((statement) => statement.policyKind === 'resource');
}

/** Attempts of a write transaction that PostgreSQL refused to serialize, before giving up. */
const SERIALIZATION_ATTEMPTS = 10;

/**
 * Write transactions of one account that this process runs at once; the others wait their turn.
 * Concurrent writes to one account touch the same index pages (its users' names, its usage
 * counts), which PostgreSQL's serializability checks lock page by page: at 32 concurrent
 * CreateUser/DeleteUser calls a quarter of the transactions were refused and retried (some ten
 * times, then ConcurrentModification); two at a time, one in forty, with more calls answered
 * per second (`pnpm bench:moto`). Other accounts' writes do not wait.
 */
export const WRITES_PER_ACCOUNT = 2;

const accountWrites = new Lanes(WRITES_PER_ACCOUNT);

/**
 * Runs a write transaction at SERIALIZABLE isolation, retried (with a short random backoff) when
 * PostgreSQL detects a conflict with a concurrent one. Decided once, here, for every action: a
 * handler's checks (no keys left before DeleteUser, the user exists before CreateAccessKey, a
 * quota's count) hold when it commits — READ COMMITTED let both sides of such a pair succeed.
 * An action that declares `readCommitted` (one self-contained statement) runs at READ COMMITTED,
 * beside the account's other writes.
 */
async function writeTransaction<T>(db: Db, action: AnyAction, accountId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const options = { isolationLevel: action.readCommitted ? 'ReadCommitted' : 'Serializable', timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000, direct: action.directTransaction === true } as const;
  const run = () => transaction(db, work, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await (action.readCommitted ? run() : accountWrites.run(accountId, run));
    } catch (error) {
      if (!isSerializationFailure(error)) throw error;
      if (attempt >= SERIALIZATION_ATTEMPTS) throw new AwsError('ConcurrentModification', messages.concurrentModification, 409);
      // Full jitter, growing: transactions that collided once do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt * 2)));
    }
  }
}
