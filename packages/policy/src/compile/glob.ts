/**
 * Compile stage helper — IAM wildcard patterns (`*` any run of characters, `?` one character).
 *
 * Assumes patterns are already lowercased by the caller when matching is case-insensitive
 * (actions, ignore-case operators). Matching is a linear-backtracking two-pointer scan, not a
 * RegExp, so a hostile pattern such as `a*a*a*a*b` cannot cause catastrophic backtracking.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */

/** Character kinds in a {@link GlobPattern}. */
export const LIT = 0;
/** `*`: any run of characters (including none, `:` and `/`). */
export const STAR = 1;
/** `?`: exactly one character. */
export const QMARK = 2;

/**
 * A wildcard pattern in matcher form: the text plus one kind per character, so escaped
 * characters (`${*}`) and substituted variable values can be literal `*`/`?`.
 */
export interface GlobPattern {
  text: string;
  kinds: Uint8Array;
}

/** Fast-path shapes for the common patterns. */
export const enum GlobKind {
  Any = 0,
  Exact = 1,
  Prefix = 2,
  General = 3,
}

/** A compiled wildcard matcher. */
export interface Glob {
  kind: GlobKind;
  /** Exact text (Exact), prefix (Prefix). */
  text: string;
  pattern: GlobPattern | undefined;
}

/** Builds a pattern where every `*` and `?` is a wildcard. */
export function patternFromWildcardText(text: string): GlobPattern {
  const kinds = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    kinds[i] = c === 42 ? STAR : c === 63 ? QMARK : LIT;
  }
  return { text, kinds };
}

/** Compiles a pattern into the cheapest matcher shape that implements it. */
export function compileGlob(p: GlobPattern): Glob {
  const { text, kinds } = p;
  let stars = 0;
  let qs = 0;
  let lastStar = -1;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === STAR) {
      stars++;
      lastStar = i;
    } else if (kinds[i] === QMARK) qs++;
  }
  // Every Glob has the same shape (all fields present) so matcher call sites stay monomorphic.
  if (stars === 0 && qs === 0) return { kind: GlobKind.Exact, text, pattern: undefined };
  if (qs === 0 && stars === text.length) return { kind: GlobKind.Any, text: '', pattern: undefined };
  if (qs === 0 && stars === 1 && lastStar === text.length - 1) return { kind: GlobKind.Prefix, text: text.slice(0, -1), pattern: undefined };
  return { kind: GlobKind.General, text, pattern: p };
}

/** Compiles wildcard text (every `*`/`?` special). */
export function compileWildcard(text: string): Glob {
  return compileGlob(patternFromWildcardText(text));
}

/** Tests `s` against a compiled glob. */
export function globTest(g: Glob, s: string): boolean {
  switch (g.kind) {
    case GlobKind.Any: return true;
    case GlobKind.Exact: return s === g.text;
    case GlobKind.Prefix: return hasPrefix(s, g.text);
    default: return globMatch(g.pattern!, s);
  }
}

/**
 * `s.startsWith(p)`, but compared from the end of the prefix: ARNs in one policy share long
 * beginnings (`arn:aws:s3:::bucket-`), so a mismatch shows up sooner at the end; and it
 * avoids the builtin's call overhead on the hot path.
 */
function hasPrefix(s: string, p: string): boolean {
  const n = p.length;
  if (s.length < n) return false;
  for (let i = n - 1; i >= 0; i--) if (s.charCodeAt(i) !== p.charCodeAt(i)) return false;
  return true;
}

/** Matches `s` against a pattern with literal/`*`/`?` kinds; O(len(s)·len(pattern)) worst case. */
export function globMatch(p: GlobPattern, s: string): boolean {
  const pat = p.text;
  const kinds = p.kinds;
  const pl = pat.length;
  const sl = s.length;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < sl) {
    if (pi < pl) {
      const k = kinds[pi];
      if (k === QMARK) {
        pi++;
        si++;
        continue;
      }
      if (k === STAR) {
        starP = pi++;
        starS = si;
        continue;
      }
      if (pat.charCodeAt(pi) === s.charCodeAt(si)) {
        pi++;
        si++;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP + 1;
    si = ++starS;
  }
  while (pi < pl && kinds[pi] === STAR) pi++;
  return pi === pl;
}
