/**
 * Stage 1 — JSON tree → policy document AST.
 *
 * Assumes only that the text was valid JSON (or reports why not). Checks the grammar of the
 * IAM JSON policy language: which elements exist, where, and of which JSON type; anything it
 * cannot place is reported as an ERROR finding and left out of the AST, so later stages only
 * see well-typed elements. Policy-type-specific rules (Principal required or forbidden, etc.)
 * live in `validate/`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 *
 * Issue codes follow the IAM Access Analyzer policy check reference where it has one:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 * JSON_SYNTAX_ERROR (malformed JSON), DUPLICATE_KEY (ours: a key repeated in one object),
 * INVALID_POLICY_ELEMENT (unknown/misplaced/mistyped element), MISSING_STATEMENT,
 * MISSING_EFFECT, INVALID_EFFECT, INVALID_VERSION.
 */
import { finding, type Finding } from './finding';
import { jsonFromValue, parseJson, type JsonNode, type JsonObject, type Span } from './json';

/** One scalar value of a list element (Action, Resource, a condition value…) with its node. */
export interface ValueItem {
  value: string;
  node: JsonNode;
}

/** A string-or-array element normalised to a list. `isArray` remembers the source form. */
export interface ValueList {
  items: ValueItem[];
  node: JsonNode;
  isArray: boolean;
}

/** A Principal/NotPrincipal element: `"*"` or a map of principal type → values. */
export interface PrincipalSpec {
  /** True for the bare string `"*"`. */
  wildcard: boolean;
  entries: { type: string; keySpan: Span; values: ValueList }[];
  node: JsonNode;
}

/** One `key: values` entry under a condition operator. */
export interface ConditionEntry {
  key: string;
  keySpan: Span;
  values: ValueList;
}

/** One condition operator block, e.g. `"StringEquals": { … }`. */
export interface ConditionSpec {
  operator: string;
  operatorSpan: Span;
  entries: ConditionEntry[];
  node: JsonNode;
}

/** One statement of a policy. Absent fields were absent (or unusable) in the source. */
export interface PolicyStatement {
  /** 0-based position in the Statement array. */
  index: number;
  sid?: string;
  effect?: string;
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  conditions?: ConditionSpec[];
  node: JsonObject;
}

/** A parsed policy document (document stage AST). */
export interface PolicyDocument {
  version?: string;
  id?: string;
  statements: PolicyStatement[];
  /** False when Statement was a single object rather than an array. */
  statementIsArray: boolean;
  node: JsonObject;
}

/** Result of {@link parsePolicy}. `document` is present whenever the root was a JSON object. */
export interface ParsedPolicy {
  document?: PolicyDocument;
  /** Grammar problems; every one has findingType ERROR. */
  findings: Finding[];
  /** The JSON tree, for callers that need positions of arbitrary nodes. */
  json?: JsonNode;
}

const TOP_LEVEL = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = [
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
];

const at = (node: JsonNode) => ({ path: node.path, span: node.span });

/**
 * Parses policy text (or an already-parsed object) into the document AST, reporting grammar
 * errors as findings. Never throws.
 */
export function parsePolicy(input: string | object): ParsedPolicy {
  const findings: Finding[] = [];
  let root: JsonNode | undefined;
  if (typeof input === 'string') {
    const r = parseJson(input);
    for (const issue of r.issues) {
      if (issue.kind === 'syntax') {
        findings.push(finding('ERROR', 'JSON_SYNTAX_ERROR', `The policy is not valid JSON: ${issue.message}.`, issue));
      } else {
        // IAM rejects duplicate keys instead of keeping the last one as JSON.parse would.
        findings.push(finding('ERROR', 'DUPLICATE_KEY', `${issue.message}: each key may appear only once in an object.`, issue));
      }
    }
    root = r.root;
  } else {
    root = jsonFromValue(input);
  }
  if (!root) return { findings };
  if (root.kind !== 'object') {
    findings.push(finding('ERROR', 'INVALID_POLICY_ELEMENT', 'A policy must be a JSON object.', at(root)));
    return { findings, json: root };
  }

  const doc: PolicyDocument = { statements: [], statementIsArray: true, node: root };
  let statementNode: JsonNode | undefined;
  for (const m of root.members) {
    if (!TOP_LEVEL.includes(m.key)) {
      findings.push(unknownElement(m.key, m.value, TOP_LEVEL, 'the top level of a policy'));
      continue;
    }
    if (m.key === 'Version') {
      if (m.value.kind !== 'string') {
        findings.push(finding('ERROR', 'INVALID_VERSION', 'Version must be the string "2012-10-17" or "2008-10-17".', at(m.value)));
      } else if (m.value.value !== '2012-10-17' && m.value.value !== '2008-10-17') {
        findings.push(finding('ERROR', 'INVALID_VERSION', `Version "${m.value.value}" is not supported: use "2012-10-17".`, at(m.value)));
      } else doc.version = m.value.value;
    } else if (m.key === 'Id') {
      if (m.value.kind !== 'string') findings.push(typeError('Id', 'a string', m.value));
      else doc.id = m.value.value;
    } else {
      statementNode = m.value;
    }
  }

  if (!statementNode) {
    findings.push(finding('ERROR', 'MISSING_STATEMENT', 'A policy must contain a Statement element.', { path: [], span: root.span }));
  } else if (statementNode.kind === 'object') {
    doc.statementIsArray = false;
    doc.statements.push(parseStatement(statementNode, 0, findings));
  } else if (statementNode.kind === 'array') {
    if (statementNode.items.length === 0) {
      findings.push(finding('ERROR', 'MISSING_STATEMENT', 'The Statement array is empty.', at(statementNode)));
    }
    statementNode.items.forEach((s, k) => {
      if (s.kind !== 'object') findings.push(typeError('Each statement', 'an object', s));
      else doc.statements.push(parseStatement(s, k, findings));
    });
  } else {
    findings.push(typeError('Statement', 'an object or an array of objects', statementNode));
  }
  return { document: doc, findings, json: root };
}

function unknownElement(key: string, node: JsonNode, allowed: string[], where: string): Finding {
  const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
  const hint = near ? ` Element names are case-sensitive: did you mean "${near}"?` : ` Allowed: ${allowed.join(', ')}.`;
  return finding('ERROR', 'INVALID_POLICY_ELEMENT', `"${key}" is not a valid element at ${where}.${hint}`, { path: node.path, span: node.span });
}

function typeError(what: string, expected: string, node: JsonNode): Finding {
  return finding('ERROR', 'INVALID_POLICY_ELEMENT', `${what} must be ${expected}.`, at(node));
}

function scalarText(node: JsonNode): string | undefined {
  switch (node.kind) {
    case 'string': return node.value;
    // IAM keeps condition values as text; a JSON number or boolean is read as its source text.
    case 'number': return node.raw;
    case 'boolean': return node.value ? 'true' : 'false';
    default: return undefined;
  }
}

/** Reads a string-or-array-of-strings element. `allowScalars` admits numbers/booleans (conditions). */
function parseValueList(name: string, node: JsonNode, findings: Finding[], allowScalars: boolean): ValueList | undefined {
  const one = (n: JsonNode): ValueItem | undefined => {
    const v = n.kind === 'string' ? n.value : allowScalars ? scalarText(n) : undefined;
    if (v === undefined) {
      findings.push(typeError(`Each value of ${name}`, allowScalars ? 'a string, number or boolean' : 'a string', n));
      return undefined;
    }
    return { value: v, node: n };
  };
  if (node.kind === 'array') {
    const items: ValueItem[] = [];
    for (const n of node.items) {
      const it = one(n);
      if (it) items.push(it);
    }
    return { items, node, isArray: true };
  }
  const it = one(node);
  return it ? { items: [it], node, isArray: false } : undefined;
}

function parsePrincipal(name: string, node: JsonNode, findings: Finding[]): PrincipalSpec | undefined {
  if (node.kind === 'string') {
    if (node.value !== '*') {
      findings.push(finding('ERROR', 'INVALID_PRINCIPAL_FORMAT', `${name} must be "*" or an object such as {"AWS": "arn:…"}.`, at(node)));
      return undefined;
    }
    return { wildcard: true, entries: [], node };
  }
  if (node.kind !== 'object') {
    findings.push(typeError(name, '"*" or an object', node));
    return undefined;
  }
  const spec: PrincipalSpec = { wildcard: false, entries: [], node };
  for (const m of node.members) {
    const values = parseValueList(`${name}.${m.key}`, m.value, findings, false);
    if (values) spec.entries.push({ type: m.key, keySpan: m.keySpan, values });
  }
  return spec;
}

function parseConditions(node: JsonNode, findings: Finding[]): ConditionSpec[] | undefined {
  if (node.kind !== 'object') {
    findings.push(typeError('Condition', 'an object of operator blocks', node));
    return undefined;
  }
  const out: ConditionSpec[] = [];
  for (const op of node.members) {
    if (op.value.kind !== 'object') {
      findings.push(typeError(`Condition operator ${op.key}`, 'an object of condition keys', op.value));
      continue;
    }
    const spec: ConditionSpec = { operator: op.key, operatorSpan: op.keySpan, entries: [], node: op.value };
    for (const k of op.value.members) {
      const values = parseValueList(`condition key ${k.key}`, k.value, findings, true);
      if (values) spec.entries.push({ key: k.key, keySpan: k.keySpan, values });
    }
    out.push(spec);
  }
  return out;
}

function parseStatement(node: JsonObject, index: number, findings: Finding[]): PolicyStatement {
  const st: PolicyStatement = { index, node };
  for (const m of node.members) {
    const v = m.value;
    switch (m.key) {
      case 'Sid':
        if (v.kind !== 'string') findings.push(typeError('Sid', 'a string', v));
        else st.sid = v.value;
        break;
      case 'Effect':
        if (v.kind !== 'string') findings.push(typeError('Effect', 'the string "Allow" or "Deny"', v));
        else if (v.value !== 'Allow' && v.value !== 'Deny') {
          // IAM's Effect values are case-sensitive.
          findings.push(finding('ERROR', 'INVALID_EFFECT', `Effect must be "Allow" or "Deny", not "${v.value}".`, at(v)));
        } else st.effect = v.value;
        break;
      case 'Principal':
        st.principal = parsePrincipal('Principal', v, findings);
        break;
      case 'NotPrincipal':
        st.notPrincipal = parsePrincipal('NotPrincipal', v, findings);
        break;
      case 'Action':
        st.action = parseValueList('Action', v, findings, false);
        break;
      case 'NotAction':
        st.notAction = parseValueList('NotAction', v, findings, false);
        break;
      case 'Resource':
        st.resource = parseValueList('Resource', v, findings, false);
        break;
      case 'NotResource':
        st.notResource = parseValueList('NotResource', v, findings, false);
        break;
      case 'Condition':
        st.conditions = parseConditions(v, findings);
        break;
      default:
        findings.push(unknownElement(m.key, v, STATEMENT_ELEMENTS, 'statement level'));
    }
  }
  if (!node.members.some((m) => m.key === 'Effect')) {
    findings.push(finding('ERROR', 'MISSING_EFFECT', 'Each statement must have an Effect of "Allow" or "Deny".', at(node)));
  }
  return st;
}
