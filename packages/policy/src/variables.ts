/**
 * Compile stage helper — policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
 * `${*}`, `${?}`, `${$}`).
 *
 * Assumes the caller already decided that variables apply: only Version 2012-10-17 enables
 * them; under 2008-10-17 or with no Version the text is literal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { LIT, QMARK, STAR, type GlobPattern } from './compile/glob';

/** A piece of a template: literal text (whose `*`/`?` may be wildcards), an escaped character, or a variable. */
export type TemplatePart =
  | { t: 'text'; text: string }
  | { t: 'escape'; char: string }
  | { t: 'var'; key: string; lowerKey: string; defaultValue?: string };

/** A string containing policy variables, split into parts. */
export interface Template {
  parts: TemplatePart[];
  /** The variable keys referenced (lowercase). */
  keys: string[];
}

/** A malformed `${…}` found while parsing. */
export interface VariableIssue {
  message: string;
  offset: number;
}

const KEY_RE = /^[A-Za-z0-9_.:/+=@-]+$/;
// `${key}` or `${key, 'default'}`; whitespace around the comma is tolerated as AWS does.
const VAR_BODY_RE = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Splits a value into literal text, escapes and variables. Returns undefined when the value
 * has no `${` at all (the common case — callers keep the plain string).
 */
export function parseTemplate(value: string, issues?: VariableIssue[]): Template | undefined {
  if (!value.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  const keys: string[] = [];
  let i = 0;
  let textStart = 0;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    if (open < 0) break;
    const close = value.indexOf('}', open + 2);
    if (close < 0) {
      issues?.push({ message: `Unterminated policy variable starting "${value.slice(open, open + 20)}"`, offset: open });
      break;
    }
    const body = value.slice(open + 2, close);
    let part: TemplatePart | undefined;
    if (body === '*' || body === '?' || body === '$') part = { t: 'escape', char: body };
    else {
      const m = VAR_BODY_RE.exec(body);
      if (m && KEY_RE.test(m[1]!)) {
        part = { t: 'var', key: m[1]!, lowerKey: m[1]!.toLowerCase() };
        if (m[2] !== undefined) part.defaultValue = m[2];
        keys.push(part.lowerKey);
      } else {
        issues?.push({ message: `Malformed policy variable "\${${body}}"`, offset: open });
      }
    }
    if (!part) {
      // Malformed variables stay literal text (IAM would have refused the policy).
      i = close + 1;
      continue;
    }
    if (open > textStart) parts.push({ t: 'text', text: value.slice(textStart, open) });
    parts.push(part);
    i = close + 1;
    textStart = i;
  }
  if (parts.length === 0) return undefined;
  if (textStart < value.length) parts.push({ t: 'text', text: value.slice(textStart) });
  return { parts, keys };
}

/**
 * Source of values for substitution: the single value of a context key (lowercase name).
 * An object rather than a callback so the hot path passes the request context itself and
 * creates no closure per request.
 */
export interface VariableLookup {
  single(lowerKey: string): string | undefined;
}

/**
 * Substitutes variables into plain text (for Equals-style comparisons). Returns undefined
 * when a variable has no value and no default: AWS then treats the value as not matching.
 */
export function resolveTemplate(t: Template, lookup: VariableLookup, lower = false): string | undefined {
  let out = '';
  for (const p of t.parts) {
    if (p.t === 'text') out += p.text;
    else if (p.t === 'escape') out += p.char;
    else {
      const v = lookup.single(p.lowerKey) ?? p.defaultValue;
      if (v === undefined) return undefined;
      out += v;
    }
  }
  return lower ? out.toLowerCase() : out;
}

/**
 * Substitutes variables into a wildcard pattern. Literal text keeps `*`/`?` as wildcards;
 * escapes and substituted values are literal.
 * SECURITY: a principal named `*` (or with `*` in a tag) must not widen a pattern, so
 * substituted values never act as wildcards.
 */
export function resolveTemplatePattern(t: Template, lookup: VariableLookup, lower = false): GlobPattern | undefined {
  let text = '';
  const kinds: number[] = [];
  for (const p of t.parts) {
    let s: string;
    let wild = false;
    if (p.t === 'text') {
      s = p.text;
      wild = true;
    } else if (p.t === 'escape') s = p.char;
    else {
      const v = lookup.single(p.lowerKey) ?? p.defaultValue;
      if (v === undefined) return undefined;
      s = v;
    }
    if (lower) s = s.toLowerCase();
    text += s;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      kinds.push(wild && c === 42 ? STAR : wild && c === 63 ? QMARK : LIT);
    }
  }
  return { text, kinds: Uint8Array.from(kinds) };
}
