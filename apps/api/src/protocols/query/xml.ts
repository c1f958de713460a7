/**
 * AWS Query protocol output: an action's JSON output as AWS's XML — IAM/STS
 * `<XResponse xmlns=…><XResult>…</XResult><ResponseMetadata><RequestId>…`, the result derived
 * from the operation's output shape in AWS's model (model/query-output.ts: its resultWrapper,
 * even when empty, and only its members; no result element for an operation without output);
 * EC2 `<XResponse xmlns=…><requestId>…` with lowerCamel names and `<item>` lists; errors as
 * `<ErrorResponse>` (IAM/STS) or `<Response><Errors>` (EC2). Built with fast-xml-parser.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { queryResult, type XmlNode } from '../model/query-output';

export const NAMESPACES: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  portcullis: 'https://iam.amazonaws.com/doc/2010-05-08/',
};

/**
 * For outputs outside the models (EC2, Portcullis's own actions): map-typed outputs, which the
 * Query protocol writes as `<entry><key/><value/></entry>` lists.
 */
const MAP_FIELDS = new Set(['SummaryMap']);

/** Fields whose policy documents AWS returns URL-encoded in XML. */
const URL_ENCODED_FIELDS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, processEntities: true });

function toXmlValue(value: unknown, key: string, listItem: 'member' | 'item', camel: boolean): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return URL_ENCODED_FIELDS.has(key) ? encodeURIComponent(value) : value;
  if (MAP_FIELDS.has(key) && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: k, value: toXmlValue(v, k, listItem, camel) ?? '' }));
    return entries.length ? { entry: entries } : '';
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => toXmlValue(v, key, listItem, camel)).filter((v): v is XmlNode => v !== undefined);
    return items.length ? { [listItem]: items } : '';
  }
  const out: Record<string, XmlNode> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const x = toXmlValue(v, k, listItem, camel);
    if (x !== undefined) out[camel ? lowerCamel(k) : k] = x;
  }
  return out;
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function successXml(service: string, action: string, output: unknown, requestId: string): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (service === 'ec2') {
    const body = (toXmlValue(output ?? {}, action, 'item', true) || {}) as Record<string, XmlNode>;
    return declaration + builder.build({ [`${action}Response`]: { '@_xmlns': NAMESPACES.ec2, requestId, ...body } });
  }
  const result = queryResult(service, action, output) ?? genericResult(action, output);
  return (
    declaration +
    builder.build({
      [`${action}Response`]: {
        '@_xmlns': NAMESPACES[service] ?? NAMESPACES.iam,
        ...(result.wrapper ? { [result.wrapper]: result.body } : {}),
        ResponseMetadata: { RequestId: requestId },
      },
    })
  );
}

/** An action outside the models: its output as it is, wrapped in `<XResult>` unless empty. */
function genericResult(action: string, output: unknown): { wrapper?: string; body: XmlNode } {
  const body = toXmlValue(output ?? {}, action, 'member', false) ?? '';
  const empty = body === '' || Object.keys(body as object).length === 0;
  return empty ? { body } : { wrapper: `${action}Result`, body };
}

export function errorXml(service: string, code: string, message: string, status: number, requestId: string): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (service === 'ec2') {
    return declaration + builder.build({ Response: { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId } });
  }
  return (
    declaration +
    builder.build({
      ErrorResponse: {
        '@_xmlns': NAMESPACES[service] ?? NAMESPACES.iam,
        Error: { Type: status >= 500 ? 'Receiver' : 'Sender', Code: code, Message: message },
        RequestId: requestId,
      },
    })
  );
}
