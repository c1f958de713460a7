/**
 * Condition stage — the operator registry and the evaluation of one condition entry.
 *
 * Assumes operator names and values come from the document AST (strings). Each operator is a
 * registry entry (family, negation, whether variables and wildcards apply, a value compiler
 * and a comparison), so validation, compilation and evaluation share one definition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * Results are three-valued: MATCH, NO_MATCH and UNKNOWN (something could not be evaluated:
 * an unreadable number, date or IP, or an unresolved variable under a negated operator —
 * see {@link UNRESOLVED}).
 * SECURITY: UNKNOWN fails closed — an Allow statement applies only when everything is MATCH,
 * a Deny statement applies unless something is NO_MATCH. So an unreadable value never grants
 * access and never lifts a Deny.
 */
import { compileGlob, globMatch, globTest, patternFromWildcardText, type Glob, type GlobPattern } from '../compile/glob';
import type { RequestContext } from '../evaluate/context';
import { parseTemplate, resolveTemplate, resolveTemplatePattern, type Template } from '../variables';
import { ipInNet, parseDate, parseDateCached, parseIp, parseIpCached, parseNumber, type IpNet } from './values';
import { splitArn } from '../arn/arn';

/** Three-valued match result. */
export const NO_MATCH = 0;
/** The condition (or element) matches. */
export const MATCH = 1;
/** Could not be evaluated; fails closed (see module comment). */
export const UNKNOWN = 2;
/**
 * Internal result of a value comparison whose policy variable has no value (and no default).
 * AWS: the value then does not match. Under a negated operator that would widen the
 * statement (StringNotEquals "${missing}" would hold for everything), so there it becomes
 * UNKNOWN instead. Principle: an unresolved variable never widens a statement.
 */
export const UNRESOLVED = 3;
/** One of {@link NO_MATCH}, {@link MATCH}, {@link UNKNOWN}. */
export type Tri = 0 | 1 | 2;
/** A comparison result: a {@link Tri} or {@link UNRESOLVED}. */
export type TestResult = Tri | 3;

/** Operator families, as in the AWS operator table. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** A policy value compiled for its operator. `tpl` is set when it contains policy variables. */
export interface CompiledValue {
  raw: string;
  tpl?: Template | undefined;
  /** Family-specific precomputed form. */
  str?: string | undefined;
  glob?: Glob | undefined;
  num?: number | undefined;
  ip?: IpNet | undefined;
  arn?: (Glob | undefined)[] | undefined;
}

/** Gives every compiled value the same shape (monomorphic property access on the hot path). */
function uniform(v: CompiledValue): CompiledValue {
  return { raw: v.raw, tpl: v.tpl, str: v.str, glob: v.glob, num: v.num, ip: v.ip, arn: v.arn };
}

/** A registry entry. */
export interface OperatorDef {
  /** Canonical AWS name, e.g. `StringNotEqualsIgnoreCase`. */
  name: string;
  family: OperatorFamily;
  /** Not-operators (StringNotEquals, NotIpAddress, ArnNotLike…): true when the key is missing. */
  negated: boolean;
  /** Policy variables are substituted in values (String, ARN and Bool families). */
  variables: boolean;
  /** Compiles one policy value (already known to be text). */
  compile(raw: string, tpl: Template | undefined): CompiledValue;
  /** Positive comparison of one policy value with one context value (negation is applied outside). */
  test(v: CompiledValue, ctx: string, rc: RequestContext): TestResult;
}

function stringOp(name: string, negated: boolean, mode: 'eq' | 'ci' | 'like'): OperatorDef {
  return {
    name,
    family: 'string',
    negated,
    variables: true,
    compile(raw, tpl) {
      if (tpl) return { raw, tpl };
      if (mode === 'ci') return { raw, str: raw.toLowerCase() };
      if (mode === 'like') return { raw, glob: compileGlob(patternFromWildcardText(raw)) };
      return { raw, str: raw };
    },
    test(v, ctx, rc) {
      if (mode === 'like') {
        if (v.glob) return globTest(v.glob, ctx) ? MATCH : NO_MATCH;
        const p = resolveTemplatePattern(v.tpl!, rc);
        return p === undefined ? UNRESOLVED : globMatch(p, ctx) ? MATCH : NO_MATCH;
      }
      let s = v.str;
      if (s === undefined) {
        s = resolveTemplate(v.tpl!, rc, mode === 'ci');
        if (s === undefined) return UNRESOLVED;
      }
      if (mode === 'ci') return s === ctx.toLowerCase() ? MATCH : NO_MATCH;
      return s === ctx ? MATCH : NO_MATCH;
    },
  };
}

function numericOp(name: string, negated: boolean, cmp: (a: number, b: number) => boolean): OperatorDef {
  return {
    name,
    family: 'numeric',
    negated,
    variables: false,
    compile: (raw) => ({ raw, num: parseNumber(raw) }),
    test(v, ctx) {
      const c = parseNumber(ctx);
      if (Number.isNaN(c) || Number.isNaN(v.num!)) return UNKNOWN;
      return cmp(c, v.num!) ? MATCH : NO_MATCH;
    },
  };
}

function dateOp(name: string, negated: boolean, cmp: (a: number, b: number) => boolean): OperatorDef {
  return {
    name,
    family: 'date',
    negated,
    variables: false,
    compile: (raw) => ({ raw, num: parseDate(raw) }),
    test(v, ctx) {
      const c = parseDateCached(ctx);
      if (Number.isNaN(c) || Number.isNaN(v.num!)) return UNKNOWN;
      return cmp(c, v.num!) ? MATCH : NO_MATCH;
    },
  };
}

function arnOp(name: string, negated: boolean): OperatorDef {
  const segGlobs = (s: string): (Glob | undefined)[] | undefined =>
    splitArn(s)?.map((seg) => compileGlob(patternFromWildcardText(seg)));
  const testSegs = (globs: (Glob | undefined)[], ctx: string): Tri => {
    const segs = splitArn(ctx);
    if (!segs) return NO_MATCH;
    for (let k = 0; k < 6; k++) if (!globTest(globs[k]!, segs[k]!)) return NO_MATCH;
    return MATCH;
  };
  return {
    name,
    family: 'arn',
    negated,
    variables: true,
    compile(raw, tpl) {
      if (tpl) return { raw, tpl };
      const arn = segGlobs(raw);
      if (arn) return { raw, arn };
      // A value without colons (e.g. "*") is a whole-string pattern; a colon-separated value
      // with fewer than six segments is not an ARN and matches nothing.
      return raw.includes(':') ? { raw } : { raw, glob: compileGlob(patternFromWildcardText(raw)) };
    },
    test(v, ctx, rc) {
      if (v.arn) return testSegs(v.arn, ctx);
      if (v.glob) return globTest(v.glob, ctx) ? MATCH : NO_MATCH;
      if (!v.tpl) return NO_MATCH;
      const p = resolveTemplatePattern(v.tpl, rc);
      if (p === undefined) return UNRESOLVED;
      return matchArnPattern(p, ctx) ? MATCH : NO_MATCH;
    },
  };
}

/** Segment-wise ARN match of a resolved pattern (wildcards never cross the first five colons). */
function matchArnPattern(p: GlobPattern, ctx: string): boolean {
  const segs = splitArn(ctx);
  const cuts: number[] = [];
  for (let i = 0; i < p.text.length && cuts.length < 5; i++) if (p.text[i] === ':' && p.kinds[i] === 0) cuts.push(i);
  if (cuts.length < 5 || !segs) return globMatch(p, ctx);
  let start = 0;
  for (let k = 0; k < 6; k++) {
    const end = k < 5 ? cuts[k]! : p.text.length;
    const sub: GlobPattern = { text: p.text.slice(start, end), kinds: p.kinds.subarray(start, end) };
    if (!globMatch(sub, segs[k]!)) return false;
    start = end + 1;
  }
  return true;
}

const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;
const eq = (a: number, b: number) => a === b;

const DEFS: OperatorDef[] = [
  stringOp('StringEquals', false, 'eq'),
  stringOp('StringNotEquals', true, 'eq'),
  stringOp('StringEqualsIgnoreCase', false, 'ci'),
  stringOp('StringNotEqualsIgnoreCase', true, 'ci'),
  stringOp('StringLike', false, 'like'),
  stringOp('StringNotLike', true, 'like'),
  numericOp('NumericEquals', false, eq),
  numericOp('NumericNotEquals', true, eq),
  numericOp('NumericLessThan', false, lt),
  numericOp('NumericLessThanEquals', false, le),
  numericOp('NumericGreaterThan', false, gt),
  numericOp('NumericGreaterThanEquals', false, ge),
  dateOp('DateEquals', false, eq),
  dateOp('DateNotEquals', true, eq),
  dateOp('DateLessThan', false, lt),
  dateOp('DateLessThanEquals', false, le),
  dateOp('DateGreaterThan', false, gt),
  dateOp('DateGreaterThanEquals', false, ge),
  {
    name: 'Bool',
    family: 'bool',
    negated: false,
    variables: true,
    compile: (raw, tpl) => (tpl ? { raw, tpl } : { raw, str: raw.toLowerCase() }),
    test(v, ctx, rc) {
      const s = v.str ?? resolveTemplate(v.tpl!, rc, true);
      if (s === undefined) return UNRESOLVED;
      const c = ctx.toLowerCase();
      // Only "true"/"false" are booleans; anything else cannot be evaluated.
      if ((s !== 'true' && s !== 'false') || (c !== 'true' && c !== 'false')) return UNKNOWN;
      return s === c ? MATCH : NO_MATCH;
    },
  },
  {
    name: 'BinaryEquals',
    family: 'binary',
    negated: false,
    variables: false,
    compile: (raw) => ({ raw, str: raw }),
    test: (v, ctx) => (v.str === ctx ? MATCH : NO_MATCH),
  },
  ...(['IpAddress', 'NotIpAddress'] as const).map(
    (name): OperatorDef => ({
      name,
      family: 'ip',
      negated: name === 'NotIpAddress',
      variables: false,
      compile: (raw) => {
        const ip = parseIp(raw);
        return ip ? { raw, ip } : { raw };
      },
      test(v, ctx) {
        const c = parseIpCached(ctx);
        if (!c || !v.ip) return UNKNOWN;
        return ipInNet(v.ip, c) ? MATCH : NO_MATCH;
      },
    }),
  ),
  arnOp('ArnEquals', false),
  arnOp('ArnLike', false),
  arnOp('ArnNotEquals', true),
  arnOp('ArnNotLike', true),
  {
    name: 'Null',
    family: 'null',
    negated: false,
    variables: false,
    compile: (raw) => ({ raw, str: raw.toLowerCase() }),
    test: () => UNKNOWN, // handled specially in evaluateConditionEntry
  },
];

/** The registry: lowercase operator name → definition. */
export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

/** Set-operator qualifier of a condition operator. */
export const enum Qualifier {
  None = 0,
  ForAnyValue = 1,
  ForAllValues = 2,
}

/** A condition operator name split into qualifier, base operator and IfExists. */
export interface ParsedOperator {
  def: OperatorDef;
  qualifier: Qualifier;
  ifExists: boolean;
  /** True when the name's case differs from AWS's spelling (IAM rejects that). */
  caseMismatch: boolean;
}

/**
 * Parses an operator name such as `ForAllValues:StringLikeIfExists`. Returns undefined for
 * unknown operators and for `NullIfExists` (IAM rejects IfExists on Null).
 */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier = Qualifier.None;
  let canonical = '';
  const lower = name.toLowerCase();
  if (lower.startsWith('forallvalues:')) {
    qualifier = Qualifier.ForAllValues;
    rest = name.slice(13);
    canonical = 'ForAllValues:';
  } else if (lower.startsWith('foranyvalue:')) {
    qualifier = Qualifier.ForAnyValue;
    rest = name.slice(12);
    canonical = 'ForAnyValue:';
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
  const def = OPERATORS.get(rest.toLowerCase());
  if (!def || (def.family === 'null' && (ifExists || qualifier !== Qualifier.None))) return undefined;
  canonical += def.name + (ifExists ? 'IfExists' : '');
  return { def, qualifier, ifExists, caseMismatch: canonical !== name };
}

/** A compiled `key: values` entry under one operator. */
export interface CompiledConditionEntry {
  op: ParsedOperator;
  /** Lowercase key name (keys are case-insensitive). */
  key: string;
  /** Key as written, for reports. */
  rawKey: string;
  values: CompiledValue[];
}

/**
 * Compiles one entry. `variables` is false under Version 2008-10-17 / no Version, where
 * `${…}` is literal text.
 */
export function compileConditionEntry(op: ParsedOperator, rawKey: string, rawValues: string[], variables: boolean): CompiledConditionEntry {
  const values = rawValues.map((raw) => {
    const tpl = variables && op.def.variables ? parseTemplate(raw) : undefined;
    return uniform(op.def.compile(raw, tpl));
  });
  return { op, key: rawKey.toLowerCase(), rawKey, values };
}


/** OR over policy values of the positive comparison. */
function anyValue(e: CompiledConditionEntry, ctx: string, rc: RequestContext): Tri {
  let r: Tri = NO_MATCH;
  const vs = e.values;
  const test = e.op.def.test;
  for (let k = 0; k < vs.length; k++) {
    const t = test(vs[k]!, ctx, rc);
    if (t === MATCH) return MATCH;
    if (t === UNKNOWN || (t === UNRESOLVED && e.op.def.negated)) r = UNKNOWN;
  }
  return r;
}

const not = (t: Tri): Tri => (t === UNKNOWN ? UNKNOWN : t === MATCH ? NO_MATCH : MATCH);

/**
 * Evaluates one condition entry against the request context.
 * - Missing key (or empty set): IfExists → MATCH; ForAllValues → MATCH; ForAnyValue → NO_MATCH;
 *   negated operator → MATCH; otherwise NO_MATCH.
 * - No qualifier: positive operators match if any context value matches any policy value;
 *   negated operators match if no context value matches any policy value.
 * - ForAnyValue: some context value satisfies the (possibly negated) operator; ForAllValues: every one does.
 * - Null: `true` matches an absent key, `false` a present one.
 */
export function evaluateConditionEntry(e: CompiledConditionEntry, rc: RequestContext): Tri {
  const cv = rc.get(e.key);
  const def = e.op.def;
  const present = cv !== undefined && cv.length > 0;
  if (def.family === 'null') {
    let r: Tri = NO_MATCH;
    for (const v of e.values) {
      if (v.str === 'true') {
        if (!present) return MATCH;
      } else if (v.str === 'false') {
        if (present) return MATCH;
      } else r = UNKNOWN;
    }
    return r;
  }
  if (!present) {
    if (e.op.ifExists || e.op.qualifier === Qualifier.ForAllValues) return MATCH;
    if (e.op.qualifier === Qualifier.ForAnyValue) return NO_MATCH;
    return def.negated ? MATCH : NO_MATCH;
  }
  const negated = def.negated;
  const q = e.op.qualifier;
  if (cv.length === 1) {
    const t = anyValue(e, cv[0]!, rc);
    return negated ? not(t) : t;
  }
  // any-of (ForAnyValue, or a plain positive operator) vs all-of (ForAllValues, or a plain negated operator).
  const all = q === Qualifier.ForAllValues || (q === Qualifier.None && negated);
  let r: Tri = all ? MATCH : NO_MATCH;
  for (let k = 0; k < cv.length; k++) {
    let t = anyValue(e, cv[k]!, rc);
    if (negated) t = not(t);
    if (all) {
      if (t === NO_MATCH) return NO_MATCH;
      if (t === UNKNOWN) r = UNKNOWN;
    } else {
      if (t === MATCH) return MATCH;
      if (t === UNKNOWN) r = UNKNOWN;
    }
  }
  return r;
}
