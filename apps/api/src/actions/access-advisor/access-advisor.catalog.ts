/**
 * Which AWS services (and, for the services IAM tracks at action level, which actions) a set of
 * permissions policies allows — the list Access Advisor reports on. Pure once the catalog is
 * loaded; the policy text is parsed by the engine (`parsePolicy`).
 *
 * AWS's rule: "the report includes a list of AWS services that the resource can access" using
 * permissions policies only — no boundaries, SCPs or resource policies — and a service is listed
 * when some Allow statement grants at least one of its actions. Deny statements do not remove a
 * service from the list (the console shows a denied service as allowed-then-denied in the policy
 * summary; last accessed lists it).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
import { compileWildcard, globTest, parsePolicy, type Glob } from '@portcullis/policy';
import { loadNodeCatalog } from '@portcullis/policy/node-catalog';

/** One service of the catalog: display name and its actions (lowercase → AWS spelling). */
export interface AdvisorService {
  namespace: string;
  name: string;
  actions: Map<string, string>;
}

/**
 * Services whose actions IAM reports at action level (ACTION_LEVEL jobs). AWS tracks the
 * management actions of Amazon S3, Amazon EC2, IAM and AWS Lambda; for IAM and EC2 every action
 * is a management action, and they are the services Portcullis serves. S3 and Lambda are left
 * out: telling their management actions from their data actions (s3:GetObject,
 * lambda:InvokeFunction are not tracked) needs AWS's own list, and Portcullis never sees either.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-action-last-accessed.html
 */
export const TRACKED_SERVICES: ReadonlySet<string> = new Set(['iam', 'ec2']);

let cached: Map<string, AdvisorService> | undefined;

/** AWS's service names without the trailing abbreviation ("AWS Identity and Access Management (IAM)"). */
function displayName(name: string | undefined, namespace: string): string {
  return (name ?? namespace).replace(/\s+\([A-Za-z0-9 .-]+\)$/, '');
}

/** Every AWS service that has actions, from the engine's catalog (read once). */
export function advisorCatalog(): Map<string, AdvisorService> {
  if (cached) return cached;
  const services = new Map<string, AdvisorService>();
  for (const [namespace, service] of Object.entries(loadNodeCatalog().services)) {
    const actions = new Map(Object.entries(service.actions).map(([key, action]) => [key, action.name]));
    if (actions.size) services.set(namespace, { namespace, name: displayName(service.name, namespace), actions });
  }
  cached = services;
  return cached;
}

interface Pattern {
  service: Glob;
  name: Glob;
}

const NOTHING = compileWildcard('\u0000');

/** An action pattern (`service:Name*`), matched case-insensitively as the engine does. */
function pattern(text: string): Pattern {
  const lower = text.toLowerCase();
  if (lower === '*') return { service: compileWildcard('*'), name: compileWildcard('*') };
  const colon = lower.indexOf(':');
  // A pattern with no prefix matches nothing (the validator reports it).
  if (colon < 0) return { service: NOTHING, name: NOTHING };
  return { service: compileWildcard(lower.slice(0, colon)), name: compileWildcard(lower.slice(colon + 1)) };
}

/** What one policy document allows: namespace → allowed action names (lowercase). */
export type PolicyGrants = Map<string, Set<string>>;

const grantsCache = new Map<string, PolicyGrants>();
const GRANTS_CACHE_LIMIT = 2_000;

/**
 * The services and actions the Allow statements of a policy document grant. Conditions and
 * resources are not considered (AWS lists a service the policy can grant at all). Unreadable
 * documents grant nothing.
 */
export function policyGrants(document: string): PolicyGrants {
  const hit = grantsCache.get(document);
  if (hit) return hit;
  const grants: PolicyGrants = new Map();
  const parsed = parsePolicy(document).document;
  const catalog = advisorCatalog();
  const grant = (service: AdvisorService, action: string) => {
    let set = grants.get(service.namespace);
    if (!set) grants.set(service.namespace, (set = new Set()));
    set.add(action);
  };
  for (const statement of parsed?.statements ?? []) {
    if (statement.effect !== 'Allow') continue;
    if (statement.action) {
      for (const p of statement.action.items.map((i) => pattern(i.value))) {
        for (const service of catalog.values()) {
          if (!globTest(p.service, service.namespace)) continue;
          for (const action of service.actions.keys()) if (globTest(p.name, action)) grant(service, action);
        }
      }
    } else if (statement.notAction) {
      const excluded = statement.notAction.items.map((i) => pattern(i.value));
      for (const service of catalog.values()) {
        const applicable = excluded.filter((p) => globTest(p.service, service.namespace));
        for (const action of service.actions.keys()) if (!applicable.some((p) => globTest(p.name, action))) grant(service, action);
      }
    }
  }
  if (grantsCache.size >= GRANTS_CACHE_LIMIT) grantsCache.clear();
  grantsCache.set(document, grants);
  return grants;
}
