/** Test helpers shared by the engine's test files. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicySet, evaluate, type ContextValue, type Decision, type RequestPrincipal } from '../src/index';

/** Builds a policy text from statements. */
export function policy(statements: object[] | object, version: string | null = '2012-10-17'): string {
  const doc: Record<string, unknown> = {};
  if (version !== null) doc.Version = version;
  doc.Statement = statements;
  return JSON.stringify(doc, null, 2);
}

/** One-statement identity policy allowing `action` on `resource` with an optional condition. */
export function allow(action: string | string[], resource: string | string[] = '*', condition?: object): object {
  return { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

/** Same, with Effect Deny. */
export function deny(action: string | string[], resource: string | string[] = '*', condition?: object): object {
  return { Effect: 'Deny', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

let counter = 0;

/** Decision for identity policies (texts) and a request. */
export function decide(
  identity: string[],
  req: { action: string; resource?: string; context?: Record<string, ContextValue>; principal?: RequestPrincipal },
  extra: { boundary?: string[]; session?: string[]; resource?: string; resourceAccount?: string } = {},
): Decision {
  const id = `t${counter++}`;
  const set = compilePolicySet({
    identity: identity.map((d, k) => ({ id: `${id}.${k}`, document: d })),
    ...(extra.boundary ? { boundary: extra.boundary.map((d, k) => ({ id: `${id}.b${k}`, document: d })) } : {}),
    ...(extra.session ? { session: extra.session.map((d, k) => ({ id: `${id}.s${k}`, document: d })) } : {}),
    ...(extra.resource ? { resource: { id: `${id}.r`, document: extra.resource } } : {}),
  });
  return evaluate(set, {
    action: req.action,
    resource: req.resource ?? '*',
    ...(req.context ? { context: req.context } : {}),
    ...(req.principal ? { principal: req.principal } : {}),
    ...(extra.resourceAccount ? { resourceAccount: extra.resourceAccount } : {}),
  }).decision;
}

/** The repository root (the folder holding pnpm-workspace.yaml), from this file's location. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** AWS managed policies, stored beside the repository (CI clones `shared` next to it). */
export const managedPoliciesPath = path.resolve(repoRoot, '../shared/data/aws-managed-policies.json');
