/**
 * Stage 2 — validation: document AST → findings (IAM Access Analyzer's ValidatePolicy).
 *
 * Assumes only what `parsePolicy` produced: elements present in the AST are of the right
 * JSON type; anything else was already reported by the document stage. Each rule below
 * reports a finding with a path and, when the policy came from text, a span; validation never
 * stops at the first problem. The catalog is optional: without one, catalog checks are skipped.
 *
 * Severities: ERROR is Access Analyzer's error (the console editor blocks saving on it); the rest
 * are advice. Whether IAM itself stores a document is a different question, answered by
 * `acceptance/` (checkIamAcceptance): IAM stores some documents reported here as errors and
 * refuses with its own texts. Issue codes follow Access Analyzer's policy check reference where it
 * has a matching check; codes marked "ours" are Portcullis names for checks it lacks.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { catalogConditionKey, type Catalog } from '../catalog/catalog';
import { finding, type Finding } from '../document/finding';
import type { JsonNode, Span } from '../document/json';
import { parsePolicy, type PolicyDocument, type PolicyStatement, type ValueList } from '../document/parse';
import { parseOperator, Qualifier } from '../conditions/operators';
import { parseDate, parseIp, parseNumber } from '../conditions/values';
import { parseTemplate, type VariableIssue } from '../variables';
import { compileWildcard, globTest } from '../compile/glob';
import { splitArn } from '../arn/arn';

/** Access Analyzer policy types. */
export type PolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'TRUST_POLICY';

/** Options of {@link validatePolicy}. */
export interface ValidatePolicyOptions {
  policyType: PolicyType;
  /** Services/actions/condition keys; without it the catalog checks are skipped. */
  catalog?: Catalog;
  /**
   * Size limit in non-whitespace characters. Defaults to 6,144 for identity policies (the
   * managed-policy quota); other types are only checked when the caller gives a limit
   * (inline user 2,048, role 10,240, trust policy 2,048 by default, SCP 5,120…).
   */
  maxSize?: number;
}

/** Result of {@link validatePolicy}. */
export interface ValidatePolicyResult {
  findings: Finding[];
}

const at = (node: JsonNode) => ({ path: node.path, span: node.span });
const keyAt = (node: JsonNode, span: Span) => ({ path: node.path, span });

/** Characters IAM accepts in a policy document (tab, LF, CR, and U+0020–U+00FF). */
const BAD_CHAR_RE = /[^\u0009\u000A\u000D\u0020-\u00FF]/g;
const ACTION_RE = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;
const SID_IAM_RE = /^[A-Za-z0-9]*$/;
// Prefix: a service, `aws`, or an identity provider (`oidc.eks.us-east-1.amazonaws.com/id/ABC`).
const CONDITION_KEY_RE = /^[^\s:]+:\S+$/;
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const PASS_ROLE = { service: 'iam', name: 'passrole' };

/** Counts characters that are not JSON whitespace (IAM does not count whitespace toward quotas). */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}

/**
 * Validates a policy like Access Analyzer's ValidatePolicy (plus IAM's own storage rules),
 * returning every finding. Never throws.
 */
export function validatePolicy(text: string, options: ValidatePolicyOptions): ValidatePolicyResult {
  const findings: Finding[] = [];
  const type = options.policyType;

  const maxSize = options.maxSize ?? (type === 'IDENTITY_POLICY' ? 6144 : undefined);
  if (maxSize !== undefined) {
    const size = policySize(text);
    if (size > maxSize) {
      const code =
        type === 'IDENTITY_POLICY' ? 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'
        : type === 'RESOURCE_POLICY' || type === 'TRUST_POLICY' ? 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA'
        : 'POLICY_SIZE_EXCEEDS_SCP_QUOTA';
      findings.push(finding('ERROR', code, `The policy is ${size} characters long (whitespace excluded); the limit is ${maxSize}.`, { path: [] }));
    }
  }
  checkCharacters(text, findings);

  const parsed = parsePolicy(text);
  findings.push(...parsed.findings);
  if (parsed.document) checkDocument(parsed.document, options, findings);
  return { findings };
}

function checkCharacters(text: string, findings: Finding[]): void {
  BAD_CHAR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = BAD_CHAR_RE.exec(text)) && count < 5) {
    count++;
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const column = m.index - before.lastIndexOf('\n');
    const p = { line, column, offset: m.index };
    const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    // Ours: IAM rejects characters outside tab/LF/CR/U+0020–U+00FF with MalformedPolicyDocument.
    findings.push(
      finding('ERROR', 'INVALID_CHARACTER', `Character U+${code} is not allowed in a policy (only tab, line feed, carriage return and U+0020–U+00FF).`, {
        path: [],
        span: { start: p, end: { ...p, column: column + m[0].length, offset: m.index + m[0].length } },
      }),
    );
  }
}

function checkDocument(doc: PolicyDocument, options: ValidatePolicyOptions, findings: Finding[]): void {
  const type = options.policyType;
  const variables = doc.version === '2012-10-17';
  if (doc.version === undefined) {
    findings.push(
      finding('WARNING', 'MISSING_VERSION', 'No Version: IAM assumes 2008-10-17, where policy variables are literal text. Add "Version": "2012-10-17".', {
        path: [],
        span: doc.node.span,
      }),
    );
  }
  const sids = new Map<string, PolicyStatement>();
  for (const st of doc.statements) {
    if (st.sid !== undefined) {
      const sidNode = st.node.members.find((m) => m.key === 'Sid')!.value;
      // IAM (identity, trust) and Organizations restrict Sids to ASCII letters and digits.
      if (type !== 'RESOURCE_POLICY' && !SID_IAM_RE.test(st.sid)) {
        findings.push(finding('ERROR', 'INVALID_SID', `Sid "${st.sid}" may contain only letters A–Z, a–z and digits 0–9.`, at(sidNode)));
      }
      if (st.sid !== '' && sids.has(st.sid)) {
        findings.push(finding('ERROR', 'UNIQUE_SIDS_REQUIRED', `Sid "${st.sid}" is used by more than one statement; Sids must be unique within a policy.`, at(sidNode)));
      } else sids.set(st.sid, st);
    }
    checkStatement(st, options, variables, findings);
  }
}

function elementNode(st: PolicyStatement, key: string): JsonNode | undefined {
  return st.node.members.find((m) => m.key === key)?.value;
}

function checkStatement(st: PolicyStatement, options: ValidatePolicyOptions, variables: boolean, findings: Finding[]): void {
  const type = options.policyType;
  const node = st.node;
  const has = (k: string) => node.members.some((m) => m.key === k);

  // Action / NotAction: exactly one.
  if (has('Action') && has('NotAction')) {
    findings.push(finding('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION', 'A statement cannot have both Action and NotAction.', at(elementNode(st, 'NotAction')!)));
  } else if (!has('Action') && !has('NotAction')) {
    findings.push(finding('ERROR', 'MISSING_ACTION', 'A statement must have Action or NotAction.', at(node)));
  }
  // Resource / NotResource.
  if (has('Resource') && has('NotResource')) {
    findings.push(finding('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION', 'A statement cannot have both Resource and NotResource.', at(elementNode(st, 'NotResource')!)));
  } else if (!has('Resource') && !has('NotResource') && (type === 'IDENTITY_POLICY' || type === 'RESOURCE_POLICY')) {
    findings.push(finding('ERROR', 'MISSING_RESOURCE', 'A statement must have Resource or NotResource.', at(node)));
  }
  // Principal / NotPrincipal depend on the policy type.
  const hasP = has('Principal');
  const hasNP = has('NotPrincipal');
  if (type === 'IDENTITY_POLICY' || type === 'SERVICE_CONTROL_POLICY') {
    for (const k of ['Principal', 'NotPrincipal']) {
      if (has(k)) {
        findings.push(
          finding('ERROR', 'UNSUPPORTED_PRINCIPAL', `${k} is not allowed in ${type === 'IDENTITY_POLICY' ? 'an identity-based' : 'a service control'} policy: the principal is whoever the policy is attached to.`, at(elementNode(st, k)!)),
        );
      }
    }
  } else {
    if (hasP && hasNP) {
      findings.push(finding('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION', 'A statement cannot have both Principal and NotPrincipal.', at(elementNode(st, 'NotPrincipal')!)));
    } else if (!hasP && !hasNP) {
      findings.push(finding('ERROR', 'MISSING_PRINCIPAL', `A statement in a ${type === 'TRUST_POLICY' ? 'trust' : 'resource-based'} policy must have Principal or NotPrincipal.`, at(node)));
    }
    for (const spec of [st.principal, st.notPrincipal]) {
      if (!spec) continue;
      for (const e of spec.entries) {
        if (!PRINCIPAL_TYPES.includes(e.type)) {
          findings.push(finding('ERROR', 'INVALID_PRINCIPAL_KEY', `"${e.type}" is not a principal type; use AWS, Service, Federated or CanonicalUser.`, keyAt(e.values.node, e.keySpan)));
        }
        if (e.type === 'AWS') {
          for (const it of e.values.items) {
            const v = it.value;
            if (v !== '*' && !/^\d{12}$/.test(v) && !(v.startsWith('arn:') && splitArn(v))) {
              findings.push(finding('ERROR', 'INVALID_PRINCIPAL_FORMAT', `AWS principal "${v}" must be "*", a 12-digit account ID or an ARN.`, at(it.node)));
            } else if (v !== '*' && /[*?]/.test(v)) {
              // IAM matches principals exactly: "*" alone is the only wildcard allowed.
              findings.push(finding('ERROR', 'INVALID_PRINCIPAL_FORMAT', `AWS principal "${v}" cannot contain wildcards; use "*" with a condition on aws:PrincipalArn instead.`, at(it.node)));
            }
          }
        }
        if (e.values.items.length === 0) findings.push(finding('SUGGESTION', 'EMPTY_ARRAY_PRINCIPAL', `The ${e.type} principal list is empty.`, at(e.values.node)));
      }
      if (!spec.wildcard && spec.entries.length === 0) findings.push(finding('SUGGESTION', 'EMPTY_OBJECT_PRINCIPAL', 'The principal object is empty: it matches nobody.', at(spec.node)));
    }
    if (st.effect === 'Allow' && st.notPrincipal) {
      findings.push(finding('SECURITY_WARNING', 'ALLOW_WITH_NOT_PRINCIPAL', 'Allow with NotPrincipal grants access to every principal except those listed, including anonymous users.', at(st.notPrincipal.node)));
    }
  }
  if (type === 'TRUST_POLICY') {
    for (const k of ['Resource', 'NotResource']) {
      // IAM rejects role trust policies with a Resource element ("Has prohibited field Resource").
      if (has(k)) findings.push(finding('ERROR', 'UNSUPPORTED_RESOURCE_IN_TRUST_POLICY', `${k} is not allowed in a role trust policy: the resource is the role itself.`, at(elementNode(st, k)!)));
    }
    for (const it of st.action?.items ?? []) {
      if (!/^(sts:|\*$)/i.test(it.value)) {
        findings.push(finding('WARNING', 'UNSUPPORTED_ACTION_IN_TRUST_POLICY', `Trust policies control sts: actions (AssumeRole, TagSession…); "${it.value}" has no effect here.`, at(it.node)));
      }
    }
  }

  for (const [name, list] of [['Action', st.action], ['NotAction', st.notAction]] as const) {
    if (list) checkActions(name, list, options.catalog, findings);
  }
  for (const [name, list] of [['Resource', st.resource], ['NotResource', st.notResource]] as const) {
    if (list) checkResources(name, list, variables, findings);
  }

  if (st.effect === 'Allow' && st.notAction) {
    findings.push(finding('SECURITY_WARNING', 'ALLOW_WITH_NOT_ACTION', 'Allow with NotAction grants every action except those listed, including actions of services added later.', at(st.notAction.node)));
  }
  if (st.effect === 'Allow' && st.notResource) {
    findings.push(finding('SECURITY_WARNING', 'ALLOW_WITH_NOT_RESOURCE', 'Allow with NotResource grants access to every resource except those listed.', at(st.notResource.node)));
  }
  if (st.effect === 'Allow' && st.action && st.action.items.some((a) => actionPatternMatches(a.value, PASS_ROLE))) {
    const star = st.resource?.items.find((r) => r.value === '*');
    if (star) {
      findings.push(
        finding('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 'iam:PassRole on Resource "*" lets the principal pass any role, including more privileged ones, to a service.', at(star.node)),
      );
    } else if (st.notResource) {
      findings.push(finding('SECURITY_WARNING', 'PASS_ROLE_WITH_NOT_RESOURCE', 'iam:PassRole with NotResource lets the principal pass almost any role to a service.', at(st.notResource.node)));
    }
  }
  checkConditions(st, variables, options.catalog, findings);
}

function actionPatternMatches(pattern: string, a: { service: string; name: string }): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  const colon = p.indexOf(':');
  if (colon < 0) return false;
  return globTest(compileWildcard(p.slice(0, colon)), a.service) && globTest(compileWildcard(p.slice(colon + 1)), a.name);
}

function checkActions(name: string, list: ValueList, catalog: Catalog | undefined, findings: Finding[]): void {
  if (list.items.length === 0) {
    findings.push(finding('SUGGESTION', `EMPTY_ARRAY_${name === 'Action' ? 'ACTION' : 'NOT_ACTION'}`, `The ${name} array is empty: the statement matches no action.`, at(list.node)));
  }
  const seen = new Set<string>();
  // Wildcard patterns of the list, compiled once, to spot actions they already cover.
  const wild = list.items
    .filter((o) => /[*?]/.test(o.value) && (o.value === '*' || ACTION_RE.test(o.value)))
    .map((o) => {
      const lower = o.value.toLowerCase();
      if (lower === '*') return { lower };
      const [s, a] = lower.split(':') as [string, string];
      return { lower, svc: compileWildcard(s), name: compileWildcard(a) };
    });
  for (const it of list.items) {
    const v = it.value;
    const lower = v.toLowerCase();
    if (seen.has(lower)) {
      findings.push(finding('SUGGESTION', 'REDUNDANT_ACTION', `"${v}" is listed more than once in ${name}.`, at(it.node)));
      continue;
    }
    seen.add(lower);
    if (v === '*') continue;
    if (!ACTION_RE.test(v)) {
      findings.push(
        finding('ERROR', 'INVALID_ACTION_FORMAT', `"${v}" is not an action: use "*" or "service:Action" (letters, digits and the wildcards * and ?).`, at(it.node)),
      );
      continue;
    }
    const [svc, act] = lower.split(':') as [string, string];
    if (!/[*?]/.test(v) && wild.some((w) => w.lower !== lower && (w.svc === undefined || (globTest(w.svc, svc) && globTest(w.name!, act))))) {
      findings.push(finding('SUGGESTION', 'REDUNDANT_ACTION', `"${v}" is already covered by a wildcard in the same ${name} list.`, at(it.node)));
    }
    if (!catalog || /[*?]/.test(svc)) continue;
    const service = catalog.services[svc];
    if (!service) {
      findings.push(finding('WARNING', 'INVALID_SERVICE', `Service prefix "${svc}" is not a known AWS service.`, at(it.node)));
      continue;
    }
    if (/[*?]/.test(act)) {
      const g = compileWildcard(act);
      if (!Object.keys(service.actions).some((k) => globTest(g, k))) {
        findings.push(finding('WARNING', 'INVALID_ACTION', `"${v}" matches no action of service "${svc}".`, at(it.node)));
      }
    } else if (!service.actions[act]) {
      findings.push(finding('WARNING', 'INVALID_ACTION', `"${v}" is not an action of service "${svc}".`, at(it.node)));
    }
  }
}

function checkResources(name: string, list: ValueList, variables: boolean, findings: Finding[]): void {
  if (list.items.length === 0) {
    findings.push(finding('SUGGESTION', `EMPTY_ARRAY_${name === 'Resource' ? 'RESOURCE' : 'NOT_RESOURCE'}`, `The ${name} array is empty: the statement matches no resource.`, at(list.node)));
  }
  const seen = new Set<string>();
  for (const it of list.items) {
    const v = it.value;
    if (seen.has(v)) {
      findings.push(finding('SUGGESTION', 'REDUNDANT_RESOURCE', `"${v}" is listed more than once in ${name}.`, at(it.node)));
      continue;
    }
    seen.add(v);
    checkVariables(v, it.node, variables, findings);
    if (v === '*') continue;
    const seg = splitArn(v);
    if (variables && seg && seg.slice(0, 5).some((x) => x.includes('${'))) {
      findings.push(
        finding('WARNING', 'VARIABLE_OUTSIDE_RESOURCE_PART', `"${v}" uses a policy variable before the resource part of the ARN; AWS supports variables only after the fifth colon.`, at(it.node)),
      );
    }
    if (!v.startsWith('arn:') || !seg) {
      findings.push(
        finding('ERROR', 'INVALID_ARN', `"${v}" is not a valid resource: use "*" or an ARN "arn:partition:service:region:account:resource".`, at(it.node)),
      );
      continue;
    }
    const partition = seg[1]!;
    if (!/[*?$]/.test(partition) && !PARTITIONS.has(partition)) {
      findings.push(finding('ERROR', 'INVALID_PARTITION', `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov…).`, at(it.node)));
    }
    if (seg[2] === '') findings.push(finding('WARNING', 'MISSING_ARN_FIELD', `The ARN "${v}" has no service.`, at(it.node)));
    if (seg[5] === '') findings.push(finding('WARNING', 'MISSING_ARN_FIELD', `The ARN "${v}" has no resource part.`, at(it.node)));
  }
}

function checkVariables(value: string, node: JsonNode, variables: boolean, findings: Finding[]): void {
  if (!value.includes('${')) return;
  if (!variables) {
    findings.push(
      finding('WARNING', 'POLICY_VARIABLE_IN_LEGACY_VERSION', `"${value}" contains "\${", which is literal text unless the policy has "Version": "2012-10-17".`, at(node)),
    );
    return;
  }
  const issues: VariableIssue[] = [];
  parseTemplate(value, issues);
  for (const i of issues) findings.push(finding('ERROR', 'INVALID_POLICY_VARIABLE', `${i.message}: use \${key} or \${key, 'default'}.`, at(node)));
}

function checkConditions(st: PolicyStatement, variables: boolean, catalog: Catalog | undefined, findings: Finding[]): void {
  const condNode = elementNode(st, 'Condition');
  if (condNode && condNode.kind === 'object' && condNode.members.length === 0) {
    findings.push(finding('SUGGESTION', 'EMPTY_OBJECT_CONDITION', 'The Condition object is empty.', at(condNode)));
  }
  for (const block of st.conditions ?? []) {
    const op = parseOperator(block.operator);
    const opAt = keyAt(block.node, block.operatorSpan);
    if (!op) {
      const lower = block.operator.toLowerCase();
      if (/^null(ifexists)$/i.test(lower.replace(/^for(all|any)values?:/, '')) || lower.endsWith('null')) {
        findings.push(
          finding('ERROR', lower.endsWith('ifexists') ? 'NULL_WITH_IF_EXISTS' : 'NULL_WITH_SET_OPERATOR', `"${block.operator}" is not allowed: Null takes no IfExists suffix and no ForAllValues/ForAnyValue prefix.`, opAt),
        );
      } else {
        findings.push(finding('ERROR', 'INVALID_OPERATOR', `"${block.operator}" is not a condition operator.`, opAt));
      }
      continue;
    }
    if (op.caseMismatch) {
      findings.push(finding('WARNING', 'OPERATOR_CASE', `Condition operators are written "${canonicalName(op)}"; "${block.operator}" differs in case.`, opAt));
    }
    if (block.entries.length === 0) findings.push(finding('SUGGESTION', 'EMPTY_OBJECT_CONDITION', `The ${block.operator} block is empty.`, at(block.node)));
    const seenKeys = new Map<string, string>();
    for (const e of block.entries) {
      const lowerKey = e.key.toLowerCase();
      const eAt = keyAt(e.values.node, e.keySpan);
      const prev = seenKeys.get(lowerKey);
      if (prev !== undefined && prev !== e.key) {
        findings.push(finding('ERROR', 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', `Condition keys "${prev}" and "${e.key}" differ only in case; keys are case-insensitive, so IAM rejects the block.`, eAt));
      }
      seenKeys.set(lowerKey, e.key);
      if (!CONDITION_KEY_RE.test(e.key)) {
        findings.push(finding('ERROR', 'INVALID_CONDITION_KEY_FORMAT', `"${e.key}" is not a condition key: use "prefix:name" such as "aws:SourceIp".`, eAt));
      }
      if (e.values.items.length === 0) findings.push(finding('SUGGESTION', 'EMPTY_ARRAY_CONDITION', `Condition key "${e.key}" has no values.`, at(e.values.node)));
      if (op.def.family === 'bool' && e.values.items.length > 1) {
        findings.push(finding('WARNING', 'INVALID_CONDITION_MULTIPLE_BOOLEAN', `Bool condition "${e.key}" lists several values; a boolean key has one.`, at(e.values.node)));
      }
      for (const it of e.values.items) checkConditionValue(op.def.family, op.def.name, op.qualifier, it.value, it.node, variables, findings);
      if (catalog) checkConditionKeyInCatalog(catalog, op, e.key, eAt, findings);
    }
  }
}

// Which operator families suit each catalog key type (String operators also work on ARNs).
const FAMILIES_FOR_TYPE: Record<string, string[]> = {
  string: ['string', 'arn'],
  arn: ['arn', 'string'],
  numeric: ['numeric'],
  date: ['date', 'numeric'],
  bool: ['bool'],
  ipaddress: ['ip'],
  binary: ['binary'],
};

function checkConditionKeyInCatalog(catalog: Catalog, op: NonNullable<ReturnType<typeof parseOperator>>, key: string, keyLoc: { path: (string | number)[]; span: Span }, findings: Finding[]): void {
  const entry = catalogConditionKey(catalog, key);
  if (entry === null) return;
  if (entry === undefined) {
    const global = key.toLowerCase().startsWith('aws:');
    findings.push(
      finding('WARNING', global ? 'INVALID_GLOBAL_CONDITION_KEY' : 'INVALID_SERVICE_CONDITION_KEY', `"${key}" is not a known ${global ? 'global' : 'service'} condition key; a key absent from every request never matches.`, keyLoc),
    );
    return;
  }
  const type = entry.type?.toLowerCase();
  if (!type || op.def.family === 'null') return;
  const multi = type.startsWith('arrayof');
  const base = multi ? type.slice(7) : type;
  const families = FAMILIES_FOR_TYPE[base];
  if (families && !families.includes(op.def.family)) {
    findings.push(finding('WARNING', 'DATA_TYPE_MISMATCH', `"${entry.name}" is of type ${entry.type}; ${op.def.name} compares ${op.def.family} values.`, keyLoc));
  }
  if (!multi && op.qualifier === Qualifier.ForAllValues) {
    // ForAllValues on a single-valued key is true when the key is absent: often an unintended grant.
    findings.push(finding('SECURITY_WARNING', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', `"${entry.name}" is single-valued: ForAllValues also matches when the key is missing. Use a plain operator.`, keyLoc));
  } else if (!multi && op.qualifier === Qualifier.ForAnyValue) {
    findings.push(finding('WARNING', 'FORANYVALUE_WITH_SINGLE_VALUED_KEY', `"${entry.name}" is single-valued: drop the ForAnyValue qualifier.`, keyLoc));
  } else if (multi && op.qualifier === Qualifier.None) {
    findings.push(finding('WARNING', 'MISSING_QUALIFIER', `"${entry.name}" is multivalued: use ForAllValues: or ForAnyValue: to say how its values combine.`, keyLoc));
  }
}

function canonicalName(op: ReturnType<typeof parseOperator> & object): string {
  const prefix = op.qualifier === Qualifier.ForAllValues ? 'ForAllValues:' : op.qualifier === Qualifier.ForAnyValue ? 'ForAnyValue:' : '';
  return `${prefix}${op.def.name}${op.ifExists ? 'IfExists' : ''}`;
}

function checkConditionValue(
  family: string,
  opName: string,
  _q: Qualifier,
  v: string,
  node: JsonNode,
  variables: boolean,
  findings: Finding[],
): void {
  const hasVar = v.includes('${');
  if (family === 'string' || family === 'arn' || family === 'bool') {
    checkVariables(v, node, variables, findings);
    if (family === 'string' && !opName.includes('Like') && /[*?]/.test(v.replace(/\$\{[*?]\}/g, ''))) {
      findings.push(finding('WARNING', 'WILDCARD_WITHOUT_LIKE_OPERATOR', `"${v}" contains a wildcard, but ${opName} compares literally; use StringLike.`, at(node)));
    }
    if (family === 'bool' && !hasVar && v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false') {
      findings.push(finding('WARNING', 'DATA_TYPE_MISMATCH', `Bool expects "true" or "false", not "${v}"; the condition can never match.`, at(node)));
    }
    return;
  }
  if (hasVar) {
    // Variables are substituted only in String, ARN and Bool conditions.
    findings.push(finding('WARNING', 'INVALID_VARIABLE_FOR_OPERATOR', `${opName} does not support policy variables; "${v}" is compared literally and cannot be read.`, at(node)));
    return;
  }
  const bad =
    (family === 'numeric' && Number.isNaN(parseNumber(v))) ||
    (family === 'date' && Number.isNaN(parseDate(v))) ||
    (family === 'ip' && parseIp(v) === undefined) ||
    (family === 'null' && v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false') ||
    (family === 'binary' && !/^[A-Za-z0-9+/]*={0,2}$/.test(v));
  if (bad) {
    const expected: Record<string, string> = {
      numeric: 'a number',
      date: 'an ISO 8601 date or epoch seconds',
      ip: 'an IPv4/IPv6 address or CIDR range',
      null: '"true" or "false"',
      binary: 'base64 text',
    };
    // AWS accepts the text but the condition can never be evaluated; our engine fails closed.
    findings.push(finding('WARNING', 'DATA_TYPE_MISMATCH', `${opName} expects ${expected[family]}, not "${v}".`, at(node)));
  }
}
