/**
 * AWS Query protocol input: flat form parameters → the nested input an action's schema reads.
 * IAM/STS lists are `Name.member.N` (`Tags.member.1.Key`), maps `Name.entry.N.key/value`, and
 * EC2 lists are `Name.N` (`UserId.1`, `LaunchPermission.Add.1.UserId`). An empty value for a
 * list (`Tags=`) is an empty list.
 */
import type { z } from 'zod';

/** Parameters that are protocol envelope, not action input. */
const ENVELOPE = new Set(['Action', 'Version', 'AWSAccessKeyId', 'SignatureVersion', 'SignatureMethod', 'Signature', 'Timestamp', 'Expires', 'SecurityToken']);

type Tree = { [key: string]: Tree | string };

export function decodeQueryParams(params: URLSearchParams): Record<string, unknown> {
  const root: Tree = {};
  for (const [fullKey, value] of params) {
    if (ENVELOPE.has(fullKey) || fullKey.startsWith('X-Amz-')) continue;
    const segments = fullKey.split('.').filter((s) => s !== 'member' && s !== 'entry');
    let node: Tree = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i]!;
      const next = node[seg];
      if (typeof next !== 'object') node[seg] = {};
      node = node[seg] as Tree;
    }
    node[segments[segments.length - 1]!] = value;
  }
  return normalise(root) as Record<string, unknown>;
}

/** Objects whose keys are all positive integers become arrays (in index order); `entry` maps become objects. */
function normalise(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => normalise(node[k]!));
  }
  // Maps: entry.N.key / entry.N.value pairs were folded to N → {key, value}.
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalise(node[k]!);
  return out;
}

interface ZodDefLike {
  type: string;
  innerType?: ZodLike;
  element?: ZodLike;
  shape?: Record<string, ZodLike>;
  in?: ZodLike;
  options?: ZodLike[];
}
interface ZodLike {
  _zod: { def: ZodDefLike };
}

/**
 * Query parameters are all strings: turn "true"/"false" and numbers into booleans and numbers
 * where the action's schema expects them, and "" into [] where it expects a list — guided by
 * the schema, so a tag value "true" stays a string.
 */
export function coerceToSchema(value: unknown, schema: z.ZodType): unknown {
  return coerce(value, schema as unknown as ZodLike);
}

function coerce(value: unknown, schema: ZodLike | undefined): unknown {
  if (!schema) return value;
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return coerce(value, def.innerType);
    case 'pipe':
      return coerce(value, def.in);
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'number':
    case 'int':
      return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
    case 'array':
      if (value === '') return [];
      if (value && typeof value === 'object' && !Array.isArray(value)) return value; // let the schema report it
      return Array.isArray(value) ? value.map((v) => coerce(v, def.element)) : value;
    case 'object':
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        for (const [k, s] of Object.entries(def.shape ?? {})) if (k in out) out[k] = coerce(out[k], s);
        return out;
      }
      return value;
    case 'union':
      // Try each option's coercion that changes the value's type; the schema picks.
      for (const option of def.options ?? []) {
        const c = coerce(value, option);
        if (c !== value) return c;
      }
      return value;
    default:
      return value;
  }
}
