/**
 * AWS Query protocol input: flat form parameters → the nested input an action's schema reads.
 * IAM/STS lists are `Name.member.N` (`Tags.member.1.Key`), maps `Name.entry.N.key/value`, and
 * EC2 lists are `Name.N` (`UserId.1`, `LaunchPermission.Add.1.UserId`). An empty value for a
 * list (`Tags=`) is an empty list.
 */
import type { z } from 'zod';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import { isFormEncoded, requestParameters, type SignedRequest } from '../../auth/signature';

/** Parameters that are protocol envelope, not action input. */
const ENVELOPE = new Set(['Action', 'Version', 'AWSAccessKeyId', 'SignatureVersion', 'SignatureMethod', 'Signature', 'Timestamp', 'Expires', 'SecurityToken']);

/** IAM's and STS's documented error for a query that does not follow AWS's rules (400). */
const invalidQueryParameter = (message: string) => new AwsError('InvalidQueryParameter', message, 400);

/**
 * The parameters of a Query request, as a map: exactly the pairs its signature covers (see
 * auth/signature.ts), read by the same parser that checks the signature.
 * SECURITY: a parameter named twice is refused rather than letting one value win — SigV4 and
 * SigV2 sort the parameters they sign, so which duplicate comes last is not covered. A
 * non-empty body that is not form-encoded is refused rather than ignored: only form bodies
 * carry parameters, and flipping an unsigned Content-Type must not silently drop signed ones.
 */
export function readQueryParameters(req: Pick<SignedRequest, 'rawQuery' | 'headers' | 'body'>): Map<string, string> {
  if (req.body.length > 0 && !isFormEncoded(req)) {
    throw invalidQueryParameter(messages.queryBodyNotForm);
  }
  const params = new Map<string, string>();
  for (const [name, value] of requestParameters(req)) {
    if (params.has(name)) throw invalidQueryParameter(messages.queryParameterRepeated(name));
    params.set(name, value);
  }
  return params;
}

type Tree = { [key: string]: Tree | string };

/**
 * Flat parameters → nested input. Two names that land on the same field (`PolicyArn` and
 * `PolicyArn.member`, `Tags=` and `Tags.member.1.Key`) are refused like duplicates. Nodes have
 * no prototype, and `__proto__` is refused, so no name can reach Object.prototype.
 */
export function decodeQueryParams(params: Iterable<[string, string]>): Record<string, unknown> {
  const root: Tree = Object.create(null) as Tree;
  for (const [fullKey, value] of params) {
    if (ENVELOPE.has(fullKey) || fullKey.startsWith('X-Amz-')) continue;
    const segments = fullKey.split('.').filter((s) => s !== 'member' && s !== 'entry');
    if (segments.length === 0 || segments.includes('__proto__')) throw invalidQueryParameter(messages.queryParameterNameInvalid(fullKey));
    const conflict = () => invalidQueryParameter(messages.queryParameterConflict(fullKey));
    let node: Tree = root;
    for (const seg of segments.slice(0, -1)) {
      const next = node[seg];
      if (typeof next === 'string') throw conflict();
      node = next ?? (node[seg] = Object.create(null) as Tree);
    }
    const last = segments[segments.length - 1]!;
    if (node[last] !== undefined) throw conflict();
    node[last] = value;
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
