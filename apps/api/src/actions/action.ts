/**
 * What an action is: the one definition each operation has, served by both protocols (the
 * console's REST routes and AWS's Query API). The dispatcher does everything around the
 * handler — parse, authorize, transaction, audit — so handlers only do the work.
 */
import type { z } from 'zod';
import type { Db, Tx } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import type { QuotaKind } from '../iam/quotas';
import type { Caller } from '../auth/caller';
import type { Decision } from '@portcullis/policy';

/** What a handler may use besides its input. */
export interface ActionContext {
  /** The transaction the whole action runs in. */
  tx: Tx;
  caller: Caller;
  secrets: SecretBox;
  /** The request's ID (for reports and events). */
  requestId: string;
  /** The instant the request is evaluated at (one clock for the whole action). */
  now: Date;
  /** Base URL of the console (sign-in links). */
  publicUrl: string;
  /**
   * Would the dispatcher let the caller perform `action` on `target`? The dispatcher's own check
   * (credential type, then the caller's effective policies through the same engine and caches),
   * for views that tell the caller what it may do (console/console-permissions.actions.ts).
   */
  mayPerform: (action: string, target: ActionTarget) => Promise<Decision>;
  /**
   * The target is `presumedTarget`'s, not loaded: the handler reads the entity itself, with this
   * read. A call whose read did not find the entity presumed is made again the usual way, its
   * answer discarded.
   */
  presumed?: PresumedRead;
}

/**
 * The one read of a handler on its presumed target (ActionDefinition.presumedTarget): `read`, one
 * SELECT whose rows carry the entity's "arn", is sent as one statement with the call's audit
 * events, which it stores only if it finds the entity under the presumed ARN (AuditLog.readWithEvents).
 */
export interface PresumedRead {
  read<T>(text: string, values: unknown[]): Promise<T[]>;
}

/** Facts the authorizer needs about the target, computed from the validated input. */
export interface ActionTarget {
  /** The resource ARN the action is authorized against (`*` when it has none). */
  resource: string;
  /** The account that owns the resource (defaults to the caller's). */
  resourceAccount?: string;
  /** Tags in the request (aws:RequestTag/*, aws:TagKeys). */
  requestTags?: { Key: string; Value: string }[];
  /**
   * The resource's own resource-based policy, evaluated with the caller's policies (a role's
   * trust policy for sts:AssumeRole). Absent: identity-based policies alone decide.
   */
  resourcePolicy?: {
    id: string;
    document: string;
    /**
     * A role's trust policy must itself allow the request: unlike other resource-based
     * policies, an identity-based allow alone never lets a principal assume a role.
     */
    mustAllow?: boolean;
  };
  /** Tags on the target resource (aws:ResourceTag/*). */
  resourceTags?: { Key: string; Value: string }[];
  /** Extra condition keys (e.g. iam:PolicyARN, iam:PermissionsBoundary). */
  context?: Record<string, string | string[]>;
  /**
   * Further permissions the action needs, each authorized like the main one (its resource's
   * tags included) — e.g. iam:PassRole on the role that AddRoleToInstanceProfile hands to EC2,
   * iam:UpdateUser on a user's new ARN, sts:TagSession under the role's trust policy.
   */
  alsoRequires?: ({ action: string } & Omit<ActionTarget, 'alsoRequires' | 'federatedPrincipal'>)[];
  /**
   * For `anonymous` actions: the federated principal (an OIDC or SAML provider ARN) the
   * resource policy (the role's trust policy) is evaluated for, instead of the caller.
   */
  federatedPrincipal?: string;
}

/** What `target` may use besides its input: the request's clock and the app's options. */
export interface TargetEnv {
  now: Date;
  /** Accept http:// OIDC issuers (tests only; see AppDeps.oidcAllowHttpIssuers). */
  oidcAllowHttpIssuers: boolean;
}

export interface ActionDefinition<Input = unknown, Output = unknown, Target extends ActionTarget = ActionTarget> {
  /** The AWS action name, e.g. `CreateUser`. */
  name: string;
  /** The service prefix: the IAM action authorized is `${service}:${name}`. */
  service: 'iam' | 'sts' | 'ec2' | 'organizations' | 'access-analyzer' | 'portcullis';
  /**
   * The IAM action authorized and audited, when AWS's is not `${service}:${name}` (Access
   * Analyzer's ListFindingsV2 and GetFindingV2 are authorized as ListFindings and GetFinding).
   */
  authorizedAs?: string;
  /** The input as AWS names its fields (UserName, Path, Tags…). */
  input: z.ZodType<Input>;
  /**
   * The target of the action for authorization, from the parsed input and the caller. It may
   * read (not write) the database: an existing user's ARN includes its path.
   */
  target: (input: Input, caller: Caller, db: Db, env: TargetEnv) => Target | Promise<Target>;
  /**
   * For a read-only action whose target `target` loads from the database: the target as the
   * entity almost always is, known without reading it (a user at the default path /) — what
   * `target` returns when the entity is as presumed, its loaded row and tags aside; undefined when
   * there is no such guess. When the caller may perform the action on it whatever the resource's
   * tags, the dispatcher authorizes the call on it before the read, and runs the handler, whose
   * read (`ctx.presumed`) also stores the audit event when it finds the entity presumed: one
   * statement and one round trip for the read and its durable record, instead of the target's
   * read, then the event's.
   */
  presumedTarget?: (input: Input, caller: Caller) => Target | undefined;
  /**
   * Does the work. `ctx.target` is what `target` returned: a read-only action uses the entity
   * its target already loaded instead of reading it again (a write re-reads inside its
   * transaction).
   */
  handler: (input: Input, ctx: ActionContext & { target: Target }) => Promise<Output>;
  /**
   * Read-only actions run on the pool without a transaction (one consistent row per query) and
   * never invalidate authorization caches; their event goes through the audit log's group commit.
   */
  readOnly?: boolean;
  /**
   * A write that needs no serializability: its change is one statement that is correct on its own
   * (AssumeRole's credential, stored only while its role exists). Its transaction is READ
   * COMMITTED and does not queue behind the account's other writes (WRITES_PER_ACCOUNT); its
   * event still commits with its change. It must not change cached authorization state.
   */
  readCommitted?: boolean;
  /**
   * The handler reaches the database only through queryRows and sqlRows on its usual paths: its
   * transaction runs on a connection directly, without Prisma's interactive transaction (db/client
   * `transaction`'s `direct`: about 0.4 ms less CPU per write, more than the statements cost). A
   * path that does use Prisma's client on `tx` still works, run again in Prisma's transaction.
   */
  directTransaction?: boolean;
  /**
   * What a successful call changes of the authorization state replicas cache — principals'
   * policies, group memberships, boundaries, access keys, the user tags a key's caller carries,
   * the password policy (authz/authorization-cache.ts). Every write action says it:
   * - 'account' (the default, and the safe answer): anything in the caller's account;
   * - 'principal': only the user's, role's or root user's that `target.resource` names;
   * - 'unchanged': nothing cached — it creates a new entity, issues temporary credentials (never
   *   cached), or changes what is read fresh on each use (trust policies, resource tags, EC2
   *   permissions, sign-in credentials).
   */
  authorizationCache?: 'account' | 'principal' | 'unchanged';
  /** Creates one entity of this kind in the caller's account: the dispatcher enforces the account's quota (iam/quotas.ts). */
  quota?: QuotaKind;
  /** Actions every authenticated caller may perform without a policy (sts:GetCallerIdentity). */
  noAuthorization?: boolean;
  /**
   * Callable without AWS credentials (sts:AssumeRoleWithWebIdentity / WithSAML): the Query
   * router dispatches an unsigned request with an anonymous caller (a signed one still works),
   * and the dispatcher evaluates no identity-based policy — only the target's resource policy
   * (the role's trust policy) for `target.federatedPrincipal`, which must allow the request.
   */
  anonymous?: boolean;
}

/**
 * The caller of an unsigned request to an `anonymous` action: no account and no principal
 * (empty strings). Only `anonymous` actions ever see it; they must not read it.
 */
export function anonymousCaller(meta: Pick<Caller, 'sourceIp' | 'secureTransport' | 'userAgent' | 'protocol'>): Caller {
  return { kind: 'federated-user', accountId: '', arn: '', userId: '', credentialType: 'anonymous', ...meta };
}

/** Declares an action, inferring its input type from the schema. */
export function defineAction<S extends z.ZodType, Output, Target extends ActionTarget = ActionTarget>(
  definition: Omit<ActionDefinition<z.infer<S>, Output, Target>, 'input'> & { input: S },
): ActionDefinition<z.infer<S>, Output, Target> {
  return definition as ActionDefinition<z.infer<S>, Output, Target>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = ActionDefinition<any, any, any>;
