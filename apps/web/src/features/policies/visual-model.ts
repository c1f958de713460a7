// The visual editor's model and its two translations: permission blocks → policy JSON, and
// policy JSON → permission blocks for the documents the visual editor can show faithfully (one
// service per statement, Action and Resource lists, plain conditions). Anything else — NotAction,
// NotResource, Principal, several services in one statement — is "JSON only", never rewritten.
import { accessLevelOf, ACCESS_LEVELS, type AccessLevel } from './service-catalog.ts';

export interface VisualCondition {
  /** Operator, e.g. `StringEquals`, `Bool`, `IpAddress` (qualifiers such as `ForAnyValue:` included). */
  operator: string;
  key: string;
  values: string[];
}

/** One "permission block" of the visual editor: one service, one statement. */
export interface VisualBlock {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The service prefix, e.g. `iam`; empty until chosen. */
  service: string;
  /** Action names without the prefix; `*` means all actions of the service. */
  actions: string[];
  /** True for "All resources" (`*`). */
  allResources: boolean;
  resources: string[];
  conditions: VisualCondition[];
}

export const emptyBlock = (): VisualBlock => ({ effect: 'Allow', service: '', actions: [], allResources: true, resources: [], conditions: [] });

const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);

/** The policy document of the blocks (blocks without a service or actions are left out). */
export function blocksToPolicy(blocks: VisualBlock[]): { Version: string; Statement: Record<string, unknown>[] } {
  const statements = blocks
    .filter((block) => block.service !== '' && block.actions.length > 0)
    .map((block) => {
      const statement: Record<string, unknown> = {};
      if (block.sid) statement.Sid = block.sid;
      statement.Effect = block.effect;
      statement.Action = one(block.actions.map((action) => `${block.service}:${action}`));
      const resources = block.resources.map((arn) => arn.trim()).filter((arn) => arn !== '');
      statement.Resource = block.allResources || resources.length === 0 ? '*' : one(resources);
      const conditions = block.conditions.filter((c) => c.operator.trim() !== '' && c.key.trim() !== '' && c.values.length > 0);
      if (conditions.length > 0) {
        const condition: Record<string, Record<string, string | string[]>> = {};
        for (const c of conditions) {
          const byKey = (condition[c.operator.trim()] ??= {});
          byKey[c.key.trim()] = one(c.values);
        }
        statement.Condition = condition;
      }
      return statement;
    });
  return { Version: '2012-10-17', Statement: statements };
}

export function blocksToJson(blocks: VisualBlock[]): string {
  return JSON.stringify(blocksToPolicy(blocks), null, 2);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

/**
 * The blocks of a policy document, or null when the visual editor cannot show it faithfully
 * (the console then says "This policy can only be edited in JSON").
 */
export function policyToBlocks(text: string): VisualBlock[] | null {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(document) || Object.keys(document).some((key) => key !== 'Version' && key !== 'Statement')) return null;
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const blocks: VisualBlock[] = [];
  for (const statement of statements) {
    if (!isObject(statement) || Object.keys(statement).some((key) => !STATEMENT_KEYS.has(key))) return null;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return null;
    if (statement.Sid !== undefined && typeof statement.Sid !== 'string') return null;
    const actions = stringList(statement.Action);
    const resources = stringList(statement.Resource);
    if (!actions || !resources) return null;
    const prefixes = new Set(actions.map((action) => action.split(':')[0]?.toLowerCase()));
    if (prefixes.size !== 1 || actions.some((action) => action.split(':').length !== 2)) return null;
    const service = [...prefixes][0]!;
    if (service === '*' || service === '') return null;
    const conditions: VisualCondition[] = [];
    if (statement.Condition !== undefined) {
      if (!isObject(statement.Condition)) return null;
      for (const [operator, entries] of Object.entries(statement.Condition)) {
        if (!isObject(entries)) return null;
        for (const [key, value] of Object.entries(entries)) {
          const values = stringList(value);
          if (!values) return null;
          conditions.push({ operator, key, values });
        }
      }
    }
    const allResources = resources.length === 1 && resources[0] === '*';
    blocks.push({
      ...(statement.Sid ? { sid: statement.Sid } : {}),
      effect: statement.Effect,
      service,
      actions: actions.map((action) => action.slice(action.indexOf(':') + 1)),
      allResources,
      resources: allResources ? [] : resources,
      conditions,
    });
  }
  return blocks;
}

/** One row of the review step's summary (Service / Access level / Resource / Request condition). */
export interface SummaryRow {
  effect: string;
  service: string;
  accessLevel: string;
  resource: string;
  condition: string;
}

const list = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** A readable summary of a policy's statements, one row per statement and service. */
export function summarizePolicy(text: string): SummaryRow[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(document)) return [];
  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isObject);
  const rows: SummaryRow[] = [];
  for (const statement of statements) {
    const notAction = statement.Action === undefined && statement.NotAction !== undefined;
    const actions = list(notAction ? statement.NotAction : statement.Action);
    const byService = new Map<string, string[]>();
    for (const action of actions) {
      const [service = '*', name = '*'] = action.split(':');
      byService.set(service, [...(byService.get(service) ?? []), name]);
    }
    const resource = statement.Resource !== undefined ? list(statement.Resource).join(', ') : `Not ${list(statement.NotResource).join(', ')}`;
    const condition = isObject(statement.Condition)
      ? Object.entries(statement.Condition)
          .flatMap(([operator, entries]) => (isObject(entries) ? Object.keys(entries).map((key) => `${key} (${operator})`) : []))
          .join(', ')
      : 'None';
    for (const [service, names] of byService) {
      const levels = new Set<AccessLevel | 'All'>();
      for (const name of names) {
        if (name.includes('*')) levels.add('All');
        else {
          const level = accessLevelOf(service, name);
          if (level) levels.add(level);
        }
      }
      const accessLevel = levels.has('All')
        ? names.length === 1 && names[0] === '*'
          ? 'Full access'
          : `Limited: ${names.join(', ')}`
        : `Limited: ${ACCESS_LEVELS.filter((level) => levels.has(level)).join(', ') || names.join(', ')}`;
      rows.push({
        effect: String(statement.Effect ?? ''),
        service: notAction ? `All services except ${service}` : service,
        accessLevel,
        resource: resource === '*' ? 'All resources' : resource,
        condition: condition || 'None',
      });
    }
  }
  return rows;
}
