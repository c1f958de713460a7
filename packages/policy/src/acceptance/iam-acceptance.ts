/**
 * What IAM itself accepts: the MalformedPolicyDocument check of CreatePolicy,
 * CreatePolicyVersion, Put{User,Group,Role}Policy, CreateRole and UpdateAssumeRolePolicy.
 *
 * This is NOT Access Analyzer (`validate/`): IAM stores documents Access Analyzer reports as
 * errors (unknown condition keys, unknown services and actions of a valid shape, wildcards it
 * dislikes, IfExists on Null…) and refuses others with fixed texts, one problem at a time, in a
 * fixed order. The order and the texts below follow IAM's replies as recorded against AWS by
 * moto's policy-validation tests (getmoto/moto tests/test_iam/test_iam_policies.py, whose
 * expected messages were captured from real IAM) and the public reports cited at each rule.
 * Size quotas are not checked here (they are LimitExceeded, not MalformedPolicyDocument).
 *
 * Stages, in IAM's order:
 *  1. JSON and grammar ("Syntax errors in policy."; a trust policy that is not JSON:
 *     "This policy contains invalid Json").
 *  2. Principal in an identity policy; Version of a managed policy.
 *  3. "Legacy parsing": exact-case Effect, Date condition values, ARN shape.
 *  4. Sids, Action presence, Resource presence, ARN format, action prefixes.
 *  5. Trust policies: no Resource, a Principal, only STS role-assumption actions.
 *
 * Whatever is accepted here also parses without grammar errors in `document/parse.ts` (checked
 * last), so an accepted document always compiles.
 */
import { parseJson, type JsonNode, type JsonObject } from '../document/json';
import { parsePolicy } from '../document/parse';
import { splitArn } from '../arn/arn';

/** Which IAM document: an identity policy (managed or inline) or a role trust policy. */
export interface IamAcceptanceOptions {
  type: 'identity' | 'trust';
  /**
   * A managed policy (CreatePolicy, CreatePolicyVersion; so also permissions boundaries):
   * Version must be 2012-10-17. Inline policies and trust policies may omit it or use 2008-10-17.
   */
  managed?: boolean;
}

/** IAM's verdict: accepted, or refused with its MalformedPolicyDocument message. */
export type IamAcceptance = { ok: true } | { ok: false; message: string };

/** IAM's MalformedPolicyDocument texts. */
export const IAM_MESSAGES = {
  // moto test table ("This is not a json document", {"Version":"2012-10-17"} …); aws-samples/
  // amazon-ecs-firelens-examples#50 (trailing comma, CreatePolicy); 99designs/iamy#74 ("null").
  syntax: 'Syntax errors in policy.',
  // CreateRole with text that is not JSON: AWSCookbook/Security#2; localstack/localstack#8453
  // (AWS-validated snapshot of a trailing comma in AssumeRolePolicyDocument).
  invalidJson: 'This policy contains invalid Json',
  // terraform-provider-aws#10419 (PutGroupPolicy), hashicorp/terraform#13449 (PutRolePolicy).
  principalInIdentity: 'Policy document should not specify a principal.',
  // moto test table: no Version and "2008-10-17" in CreatePolicy.
  version: 'Policy document must be version 2012-10-17 or greater.',
  // moto test table ("denY", Date values, "arn:aws:s3::example_bucket"); torchserve-eks#3.
  legacy: 'The policy failed legacy parsing',
  // cfn-lint#708/#1376 and Wolox/carthage_cache#22 (IAM via CloudFormation and the console).
  sidFormat: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  // moto test table.
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  // moto test table.
  actions: 'Policy statement must contain actions.',
  // moto test table; trussworks/terraform-aws-s3-anti-virus#28 (PutRolePolicy);
  // terraform-aws-modules/terraform-aws-iam#603 (CreatePolicy).
  resources: 'Policy statement must contain resources.',
  // moto test table.
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorQualified: 'Resource vendor must be fully qualified and cannot contain regexes.',
  // CreateRole: kubernetes-sigs/external-dns#3085, hashicorp/terraform#34231 (no final period).
  prohibitedResource: 'Has prohibited field Resource',
  // CreateRole without Principal: terraform-aws-modules/terraform-aws-iam#47.
  noPrincipal: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  // LocalStack's IAM provider (localstack/services/iam/provider.py, snapshot-tested against AWS).
  stsOnly: 'AssumeRole policy may only specify STS AssumeRole actions.',
} as const;

const VALID_VERSIONS = ['2008-10-17', '2012-10-17'];
// IAM's grammar. moto also admits a top-level "Conditions"; the engine's grammar does not (so
// it could not compile such a document), and neither do we.
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
// The resource types of the iam service in IAM's message (moto's list); `root` and `*` are
// named by IAM's newer text (LocalStack's provider). `contextProvider/` is not in the message
// but AWS's own managed policies use it (so IAM accepts it).
const IAM_ACCEPTED_TYPES = ['contextProvider/'];
const IAM_RESOURCE_TYPES = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/',
  'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
// S3 resources that do carry a region (LocalStack's provider admits access points; AWS's managed
// policies use access grants; the others are S3's regional resource types in the Service
// Authorization Reference). Buckets and objects have none.
const S3_REGIONAL_TYPES = ['accesspoint/', 'access-grants/', 'job/', 'storage-lens/', 'storage-lens-group/', 'async-request/'];
// STS actions a trust policy may allow (LocalStack's list, plus sts:SetContext, which AWS
// documents for trust policies of roles used with trusted identity propagation).
const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']);

class Refused extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}
const refuse = (message: string): never => {
  throw new Refused(message);
};
const syntax = (ok: boolean): void => {
  if (!ok) refuse(IAM_MESSAGES.syntax);
};

/** Python's str.partition. */
function partition(s: string, sep: string): [string, string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
}

/** Python's int() on text, as IAM's legacy parser reads numbers; undefined when it is not one. */
function integer(s: string): bigint | undefined {
  const t = s.trim();
  return /^[+-]?\d+(_\d+)*$/.test(t) ? BigInt(t.replace(/_/g, '')) : undefined;
}
const inRange = (s: string, lo: bigint, hi: bigint): boolean => {
  const n = integer(s);
  return n !== undefined && n >= lo && n <= hi;
};

function member(obj: JsonObject, key: string): JsonNode | undefined {
  return obj.members.find((m) => m.key === key)?.value;
}

/** Strings of a string-or-array element (already checked to be one). */
function strings(node: JsonNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'string') return [node.value];
  if (node.kind === 'array') return node.items.map((i) => (i.kind === 'string' ? i.value : ''));
  return [];
}

const isStringList = (n: JsonNode): boolean => n.kind === 'string' || (n.kind === 'array' && n.items.every((i) => i.kind === 'string'));
const isScalar = (n: JsonNode): boolean => n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean';
const scalarText = (n: JsonNode): string => (n.kind === 'string' ? n.value : n.kind === 'number' ? n.raw : n.kind === 'boolean' ? String(n.value) : '');

/** One prefix (ForAnyValue:/ForAllValues:) and one IfExists suffix removed, as IAM reads operators. */
function baseOperator(op: string): string {
  let s = op;
  for (const p of ['ForAnyValue:', 'ForAllValues:']) {
    if (s.startsWith(p)) {
      s = s.slice(p.length);
      break;
    }
  }
  return s.endsWith('IfExists') ? s.slice(0, -'IfExists'.length) : s;
}

/**
 * Decides whether IAM accepts a policy document, and if not, returns its MalformedPolicyDocument
 * message. Never throws.
 */
export function checkIamAcceptance(text: string, options: IamAcceptanceOptions): IamAcceptance {
  try {
    check(text, options);
    return { ok: true };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, message: e.text };
    throw e;
  }
}

function check(text: string, options: IamAcceptanceOptions): void {
  const trust = options.type === 'trust';
  const json = parseJson(text);
  if (!json.root) refuse(trust ? IAM_MESSAGES.invalidJson : IAM_MESSAGES.syntax);
  // Duplicate keys: IAM's reply is not recorded; the engine cannot evaluate such a document.
  syntax(json.issues.length === 0);
  const root = json.root!;

  // 1. Grammar.
  syntax(root.kind === 'object');
  const doc = root as JsonObject;
  syntax(doc.members.every((m) => TOP_LEVEL.has(m.key)));
  const version = member(doc, 'Version');
  syntax(!version || (version.kind === 'string' && VALID_VERSIONS.includes(version.value)));
  const id = member(doc, 'Id');
  syntax(!id || id.kind === 'string');
  const stNode = member(doc, 'Statement');
  syntax(!!stNode && (stNode.kind === 'object' || (stNode.kind === 'array' && stNode.items.length > 0)));
  const statements = (stNode!.kind === 'array' ? stNode!.items : [stNode!]) as JsonNode[];
  syntax(statements.every((s) => s.kind === 'object'));
  const sts = statements as JsonObject[];
  for (const st of sts) checkStatementGrammar(st);

  // 2. Principal in an identity policy; the Version of a managed policy.
  if (!trust && sts.some((st) => member(st, 'Principal') || member(st, 'NotPrincipal'))) refuse(IAM_MESSAGES.principalInIdentity);
  if (!trust && options.managed && !(version?.kind === 'string' && version.value === '2012-10-17')) refuse(IAM_MESSAGES.version);

  // 3. Legacy parsing: Effect exactly "Allow"/"Deny", Date values, then ARN shapes.
  for (const st of sts) {
    const effect = member(st, 'Effect') as JsonNode & { kind: 'string' };
    if (effect.value !== 'Allow' && effect.value !== 'Deny') refuse(IAM_MESSAGES.legacy);
    const cond = member(st, 'Condition');
    for (const op of cond?.kind === 'object' ? cond.members : []) {
      if (!baseOperator(op.key).startsWith('Date') || op.value.kind !== 'object') continue;
      for (const k of op.value.members) {
        const values = k.value.kind === 'array' ? k.value.items : [k.value];
        for (const v of values) if (!legacyDate(scalarText(v))) refuse(IAM_MESSAGES.legacy);
      }
    }
  }
  // The ARN format error to report later (the last one found, as IAM reports it), when any.
  let resourceError = '';
  if (!trust) {
    for (const key of ['Resource', 'NotResource']) {
      for (const st of sts) {
        const node = member(st, key);
        if (!node) continue;
        const list = strings(node);
        // IAM checks a list's entries in reverse lexicographic order (moto's recording).
        for (const r of node.kind === 'array' ? [...list].sort().reverse() : list) {
          const err = resourceFormatError(r);
          if (err) resourceError = err;
        }
        if (resourceError === '') {
          for (const r of list) {
            if (r === '*') continue;
            const colons = r.split(':').length - 1;
            if (colons < 5 && r.includes('::')) refuse(IAM_MESSAGES.legacy);
            if ((r.split(':')[2] ?? '') === '') refuse(IAM_MESSAGES.legacy);
          }
        }
      }
    }
  }

  // 4. Sids, actions, resources, ARN formats, action prefixes.
  const sids = new Set<string>();
  for (const st of sts) {
    const sid = member(st, 'Sid');
    if (sid?.kind === 'string' && !/^[0-9A-Za-z]*$/.test(sid.value)) refuse(IAM_MESSAGES.sidFormat);
  }
  for (const st of sts) {
    const sid = member(st, 'Sid');
    if (sid?.kind !== 'string' || sid.value === '') continue;
    if (sids.has(sid.value)) refuse(IAM_MESSAGES.sidUnique);
    sids.add(sid.value);
  }
  for (const st of sts) {
    const a = member(st, 'Action') ?? member(st, 'NotAction');
    if (!a || (a.kind === 'array' && a.items.length === 0)) refuse(IAM_MESSAGES.actions);
  }
  if (!trust) {
    for (const st of sts) {
      const r = member(st, 'Resource') ?? member(st, 'NotResource');
      if (!r || (r.kind === 'array' && r.items.length === 0)) refuse(IAM_MESSAGES.resources);
    }
    if (resourceError) refuse(resourceError);
  } else {
    for (const st of sts) {
      if (member(st, 'Resource')) refuse(IAM_MESSAGES.prohibitedResource);
      // Not recorded; by analogy with the Resource text.
      if (member(st, 'NotResource')) refuse('Has prohibited field NotResource');
    }
    for (const st of sts) {
      if (!member(st, 'Principal') && !member(st, 'NotPrincipal')) refuse(IAM_MESSAGES.noPrincipal);
    }
  }
  for (const key of ['Action', 'NotAction']) {
    for (const st of sts) for (const a of strings(member(st, key))) checkActionPrefix(a);
  }

  // 5. Trust policies: role-assumption actions, AWS principals of a valid form.
  if (trust) {
    for (const st of sts) {
      for (const a of strings(member(st, 'Action'))) {
        if (a !== '*' && !TRUST_ACTIONS.has(a.toLowerCase())) refuse(IAM_MESSAGES.stsOnly);
      }
    }
    for (const st of sts) {
      for (const key of ['Principal', 'NotPrincipal']) {
        const p = member(st, key);
        if (p?.kind !== 'object') continue;
        for (const m of p.members) {
          // The form of IAM's reply for a principal it cannot resolve (issues
          // hashicorp/terraform-provider-aws#8905, aws-actions/configure-aws-credentials#332).
          // An unknown principal type: IAM's text is not recorded; refused in the same form.
          if (!PRINCIPAL_TYPES.includes(m.key)) refuse(`Invalid principal in policy: "${m.key}":"${strings(m.value)[0] ?? ''}"`);
          if (m.key !== 'AWS') continue;
          for (const v of strings(m.value)) {
            const valid = v === '*' || /^\d{12}$/.test(v) || (v.startsWith('arn:') && splitArn(v) !== undefined && !/[*?]/.test(v));
            if (!valid) refuse(`Invalid principal in policy: "AWS":"${v}"`);
          }
        }
      }
    }
  }

  // The engine's grammar must accept whatever IAM does (so a stored document always compiles).
  syntax(!parsePolicy(text).findings.some((f) => f.findingType === 'ERROR'));
}

function checkStatementGrammar(st: JsonObject): void {
  syntax(st.members.every((m) => STATEMENT_ELEMENTS.has(m.key)));
  const has = (k: string) => member(st, k) !== undefined;
  syntax(!(has('Resource') && has('NotResource')));
  syntax(!(has('Action') && has('NotAction')));
  // Not recorded; the same rule as for the other pairs.
  syntax(!(has('Principal') && has('NotPrincipal')));
  const effect = member(st, 'Effect');
  syntax(effect?.kind === 'string' && ['allow', 'deny'].includes(effect.value.toLowerCase()));
  for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const n = member(st, k);
    syntax(!n || isStringList(n));
  }
  for (const k of ['Principal', 'NotPrincipal']) {
    const n = member(st, k);
    if (!n) continue;
    syntax((n.kind === 'string' && n.value === '*') || (n.kind === 'object' && n.members.every((m) => isStringList(m.value))));
  }
  const sid = member(st, 'Sid');
  syntax(!sid || sid.kind === 'string');
  const cond = member(st, 'Condition');
  if (cond) {
    syntax(cond.kind === 'object');
    for (const op of (cond as JsonObject).members) {
      syntax(op.value.kind === 'object');
      const block = op.value as JsonObject;
      // Condition values: a scalar or a list of scalars (IAM reads numbers and booleans as text).
      syntax(block.members.every((k) => isScalar(k.value) || (k.value.kind === 'array' && k.value.items.every(isScalar))));
      // An operator IAM does not know is accepted only with nothing under it (moto's recording).
      syntax(OPERATORS.has(baseOperator(op.key)) || block.members.length === 0);
    }
  }
}

/** IAM's legacy reading of a Date condition value: ISO 8601 or epoch seconds (moto's recording). */
function legacyDate(value: string): boolean {
  if (value.toLowerCase().includes('t') || value.includes('-')) return legacyIsoDate(value.toLowerCase());
  return inRange(value, 0n, 9223372036854775807n);
}

function legacyIsoDate(dt: string): boolean {
  const [datePart, , timePart] = partition(dt, 't');
  const negative = datePart.startsWith('-');
  const dateParts = (negative ? datePart.slice(1) : datePart).split('-');
  const year = negative ? `-${dateParts[0]}` : dateParts[0]!;
  if (!inRange(year, -292275054n, 292278993n)) return false;
  if (dateParts.length > 1 && !inRange(dateParts[1]!, 1n, 12n)) return false;
  if (dateParts.length > 2 && !inRange(dateParts[2]!, 1n, 31n)) return false;
  if (dateParts.length >= 4) return false;
  const timeParts = timePart.split(':');
  if (timeParts[0] !== '' && !inRange(timeParts[0]!, 0n, 23n)) return false;
  if (timeParts.length > 1 && !inRange(timeParts[1]!, 0n, 59n)) return false;
  if (timeParts.length > 2) {
    const t = timeParts[2]!;
    let seconds: string;
    if (t.includes('z')) {
      const [before, , after] = partition(t, 'z');
      if (after !== '') return false;
      seconds = before;
    } else if (t.includes('+')) {
      const [before, , zone] = partition(t, '+');
      seconds = before;
      const [hh, colon, mm] = partition(zone, ':');
      if (hh.length !== 2 || !inRange(hh, 0n, 23n)) return false;
      if (colon === ':' && (mm.length !== 2 || !inRange(mm, 0n, 59n))) return false;
    } else {
      seconds = t;
    }
    const [whole, dot, fraction] = partition(seconds, '.');
    if (!inRange(whole, 0n, 59n)) return false;
    if (dot === '.' && !inRange(fraction, 0n, 999999999n)) return false;
  }
  return true;
}

/** IAM's check of one Resource/NotResource entry's ARN format: its message, or '' (moto's recording). */
function resourceFormatError(resource: string): string {
  if (resource === '*') return '';
  let p = partition(resource, ':');
  if (p[1] === '') return `Resource ${resource} must be in ARN format or "*".`;
  p = partition(p[2], ':');
  const part = p[0];
  if (part !== '*' && !PARTITIONS.has(part)) {
    const rest = p[2].split(':');
    const arn1 = rest[0] !== '' || rest.length > 1 ? rest[0] : '*';
    const arn2 = rest.length > 1 ? rest[1] : '*';
    const arn3 = rest.length > 2 ? rest[2] : '*';
    const arn4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${part}" is not valid for resource "arn:${part}:${arn1}:${arn2}:${arn3}:${arn4}".`;
  }
  if (p[1] !== ':') return IAM_MESSAGES.vendorQualified;
  p = partition(p[2], ':');
  const service = p[0];
  const afterService = p[2];
  p = partition(afterService, ':'); // region
  p = partition(p[2], ':'); // account
  const resourceId = p[2];
  const hasRegion = !afterService.startsWith(':');
  if (service === 'iam' && hasRegion) return `IAM resource ${resource} cannot contain region information.`;
  if (service === 's3' && hasRegion && !S3_REGIONAL_TYPES.some((t) => resourceId.startsWith(t))) return `Resource ${resource} can not contain region information.`;
  const iamType = (t: string) => resourceId.startsWith(t);
  if (service === 'iam' && resourceId !== 'root' && resourceId !== '*' && !IAM_RESOURCE_TYPES.some(iamType) && !IAM_ACCEPTED_TYPES.some(iamType)) {
    return `IAM resource path must either be "*", root, or start with ${IAM_RESOURCE_TYPES.join(', ')}.`;
  }
  return '';
}

/** IAM's check of an action's "vendor:name" shape (moto's recording). */
function checkActionPrefix(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') refuse(IAM_MESSAGES.vendorPrefix);
  if (parts.length > 2) refuse(IAM_MESSAGES.oneColon);
  const vendor = parts[0]!;
  if (vendor !== '*' && /[^a-zA-Z0-9\-.]/.test(vendor)) refuse(`Vendor ${vendor} is not valid`);
}
