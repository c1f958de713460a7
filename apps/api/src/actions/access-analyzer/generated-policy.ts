/**
 * The policy of a policy generation, from the access a principal used (each action with the
 * resources it acted on, as the audit log recorded them). Pure: the actions' AWS spelling and
 * the services they belong to come from the engine's catalog.
 *
 * AWS's shape: one Allow statement per service and set of resources, actions sorted. Without
 * `includeResourcePlaceholders` AWS grants every action on `*`; with it, AWS writes ARN
 * placeholders (`arn:aws:s3:::${BucketName}`) for the resources CloudTrail does not name. Our log
 * names the resource of each event, so with it we write the real ARNs instead, and `*` for the
 * actions that have no resource. `includeServiceLevelTemplate` adds a second policy allowing
 * every action of each service used (AWS builds it from service last accessed information,
 * which here is the same audit log).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html
 */
import type { Catalog } from '@portcullis/policy';

/** One action used in the period and the resources it acted on (`*`: none recorded). */
export interface UsedAccess {
  action: string;
  resources: string[];
}

export interface GeneratedPolicyOptions {
  includeResourcePlaceholders?: boolean;
  includeServiceLevelTemplate?: boolean;
}

interface Statement {
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

/**
 * The access rows in the catalog's spelling, merged per action; actions of no AWS service (the
 * product's own, `portcullis:*`) are left out — no AWS policy can grant them.
 */
export function knownAccess(catalog: Catalog, rows: { action: string; resource: string | null }[]): UsedAccess[] {
  const byAction = new Map<string, Set<string>>();
  for (const row of rows) {
    const colon = row.action.indexOf(':');
    const namespace = row.action.slice(0, colon).toLowerCase();
    const known = colon > 0 ? catalog.services[namespace]?.actions[row.action.slice(colon + 1).toLowerCase()] : undefined;
    if (!known) continue;
    const action = `${namespace}:${known.name}`;
    let resources = byAction.get(action);
    if (!resources) byAction.set(action, (resources = new Set()));
    resources.add(row.resource?.startsWith('arn:') ? row.resource : '*');
  }
  return [...byAction].sort(([a], [b]) => a.localeCompare(b)).map(([action, resources]) => ({ action, resources: resources.has('*') ? ['*'] : [...resources].sort() }));
}

const serviceOf = (action: string) => action.slice(0, action.indexOf(':'));
const policyText = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

/** The statements granting `access`: per service, the actions that share one set of resources. */
function actionLevelStatements(access: UsedAccess[], withResources: boolean): Statement[] {
  const groups = new Map<string, { actions: string[]; resources: string[] }>();
  for (const { action, resources } of access) {
    const granted = withResources ? resources : ['*'];
    const key = `${serviceOf(action)}\n${granted.join('\n')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { actions: [], resources: granted }));
    group.actions.push(action);
  }
  return [...groups.values()].map((g) => ({ Effect: 'Allow', Action: g.actions, Resource: g.resources.length === 1 ? g.resources[0]! : g.resources }));
}

/** The generated policies (policy documents as JSON text); none when nothing was used. */
export function generatedPolicies(access: UsedAccess[], options: GeneratedPolicyOptions = {}): string[] {
  if (!access.length) return [];
  const policies = [policyText(actionLevelStatements(access, options.includeResourcePlaceholders === true))];
  if (options.includeServiceLevelTemplate) {
    const services = [...new Set(access.map((a) => serviceOf(a.action)))];
    policies.push(policyText([{ Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: '*' }]));
  }
  return policies;
}
