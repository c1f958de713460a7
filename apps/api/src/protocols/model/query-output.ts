/**
 * An operation's result as the AWS Query protocol writes it, derived from the service model by
 * walking the operation's output shape: exactly the members the shape declares, in the model's
 * order, named by `locationName` where the model gives one; lists as `<member>`, maps as
 * `<entry><key/><value/></entry>`, timestamps ISO 8601 to the second (as IAM and STS send them),
 * booleans lower-case, blobs base64, policy documents URL-encoded. Members a handler returns that
 * the shape does not declare are dropped. The result is a fast-xml-parser builder tree.
 */
import { serviceModel, type Operation, type ServiceModel, type ShapeRef } from './service-model';

export type XmlNode = string | XmlNode[] | { [key: string]: XmlNode };

export interface QueryResult {
  /** The element the result is wrapped in (`CreateUserResult`); absent when the operation has no output. */
  wrapper?: string;
  /** The wrapper's content ('' when empty: `<UpdateRoleResult></UpdateRoleResult>`). */
  body: XmlNode;
}

/** Policy documents, which AWS returns URL-encoded in XML (the SDKs decode them). */
const URL_ENCODED_SHAPES = new Set(['policyDocumentType']);

/** The operation `name` of a model-driven service, or undefined (service or operation not modelled). */
export function queryOperation(service: string, name: string): { model: ServiceModel; operation: Operation } | undefined {
  if (service !== 'iam' && service !== 'sts') return undefined;
  const model = serviceModel(service);
  const operation = model.operations[name];
  return operation ? { model, operation } : undefined;
}

/**
 * The result of `operation` for a handler's `output`: its resultWrapper and the output shape's
 * members, or undefined when the operation is not in the service's model.
 */
export function queryResult(service: string, operationName: string, output: unknown): QueryResult | undefined {
  const found = queryOperation(service, operationName);
  if (!found) return undefined;
  const { model, operation } = found;
  if (!operation.output) return { body: '' };
  const wrapper = operation.output.resultWrapper ?? `${operationName}Result`;
  return { wrapper, body: serialize(model, operation.output, output ?? {}) ?? '' };
}

function serialize(model: ServiceModel, ref: ShapeRef, value: unknown): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`Shape ${ref.shape} is missing from the model`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return undefined;
      const record = value as Record<string, unknown>;
      const out: Record<string, XmlNode> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const node = serialize(model, member, record[name] ?? alwaysSent(model, shape.required ?? [], name, member));
        if (node !== undefined) out[member.locationName ?? name] = node;
      }
      return Object.keys(out).length ? out : '';
    }
    case 'list': {
      if (!Array.isArray(value) || !shape.member) return undefined;
      const items = value.map((item) => serialize(model, shape.member!, item)).filter((item): item is XmlNode => item !== undefined);
      return items.length ? { [shape.member.locationName ?? 'member']: items } : '';
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value) || !shape.key || !shape.value) return undefined;
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ [keyName]: k, [valueName]: serialize(model, shape.value!, v) ?? '' }));
      return entries.length ? { entry: entries } : '';
    }
    case 'timestamp':
      return timestamp(value);
    case 'boolean':
      return String(value === true || value === 'true');
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
    case 'string': {
      const text = String(value);
      return URL_ENCODED_SHAPES.has(ref.shape) ? encodeURIComponent(text) : text;
    }
    default:
      return String(value);
  }
}

/**
 * What AWS sends for a member a handler left out: a required list is an empty list, and a
 * paginated result always says whether it is truncated. Anything else stays absent.
 */
function alwaysSent(model: ServiceModel, required: string[], name: string, member: ShapeRef): unknown {
  const type = model.shapes[member.shape]?.type;
  if (type === 'list' && required.includes(name)) return [];
  if (name === 'IsTruncated' && type === 'boolean') return false;
  return undefined;
}

/** ISO 8601 in UTC to the second, as IAM and STS write timestamps (2012-05-08T23:34:01Z). */
function timestamp(value: unknown): string | undefined {
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
