/**
 * Stage 0 — text → JSON tree with positions.
 *
 * Assumes nothing about its input: any string may arrive here. `JSON.parse` cannot be used
 * because it silently keeps the last of duplicate keys and reports no positions, while IAM
 * refuses duplicate keys and the console must point at the offending line.
 * Positions: `line` and `column` are 1-based, `offset` is a 0-based UTF-16 index.
 */

/** A point in the policy text. `line`/`column` are 1-based, `offset` is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range of the policy text (`end` is just past the last character). */
export interface Span {
  start: Position;
  end: Position;
}

/** One element of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

interface NodeBase {
  span: Span;
  path: PathSegment[];
}
/** A JSON string value. */
export interface JsonString extends NodeBase { kind: 'string'; value: string }
/** A JSON number; `raw` is the source text (IAM compares numbers as text). */
export interface JsonNumber extends NodeBase { kind: 'number'; value: number; raw: string }
/** A JSON boolean. */
export interface JsonBoolean extends NodeBase { kind: 'boolean'; value: boolean }
/** A JSON null. */
export interface JsonNull extends NodeBase { kind: 'null' }
/** A JSON array. */
export interface JsonArray extends NodeBase { kind: 'array'; items: JsonNode[] }
/** One `key: value` member of an object, with the key's own span. */
export interface JsonMember { key: string; keySpan: Span; value: JsonNode }
/** A JSON object; `members` keeps source order and duplicates. */
export interface JsonObject extends NodeBase { kind: 'object'; members: JsonMember[] }
/** Any JSON value with its position and path. */
export type JsonNode = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonArray | JsonObject;

/** A problem found while reading the JSON text. */
export interface JsonIssue {
  kind: 'syntax' | 'duplicateKey';
  message: string;
  span: Span;
  path: PathSegment[];
}

/** Result of {@link parseJson}: `root` is absent when the text is not valid JSON. */
export interface JsonParseResult {
  root?: JsonNode;
  issues: JsonIssue[];
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly pos: Position) {
    super(message);
  }
}

/**
 * Parses JSON text, recording the span and path of every node and every duplicate key.
 * Stops at the first syntax error (later positions would be guesses).
 */
export function parseJson(text: string): JsonParseResult {
  const issues: JsonIssue[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;

  const pos = (): Position => ({ line, column: i - lineStart + 1, offset: i });
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos());
  };

  function skipWs(): void {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) {
        i++;
        line++;
        lineStart = i;
      } else break;
    }
  }

  function parseString(): string {
    // Caller checked the opening quote.
    i++;
    let out = '';
    let chunkStart = i;
    while (true) {
      if (i >= n) fail('Unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('Control character in string');
      if (c === 0x5c) {
        out += text.slice(chunkStart, i);
        i++;
        const e = text[i];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(i + 1, i + 5);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail('Invalid escape in string');
        }
        i++;
        chunkStart = i;
        continue;
      }
      i++;
    }
  }

  function parseValue(path: PathSegment[], depth: number): JsonNode {
    if (depth > 64) fail('Nesting too deep');
    skipWs();
    const start = pos();
    if (i >= n) fail('Unexpected end of input');
    const c = text[i]!;
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      const seen = new Set<string>();
      skipWs();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', members, span: { start, end: pos() }, path };
      }
      while (true) {
        skipWs();
        if (text[i] !== '"') fail('Expected a string key');
        const keyStart = pos();
        const key = parseString();
        const keySpan = { start: keyStart, end: pos() };
        skipWs();
        if (text[i] !== ':') fail("Expected ':' after key");
        i++;
        const childPath = [...path, key];
        const value = parseValue(childPath, depth + 1);
        if (seen.has(key)) {
          issues.push({ kind: 'duplicateKey', message: `Duplicate key "${key}"`, span: keySpan, path: childPath });
        }
        seen.add(key);
        members.push({ key, keySpan, value });
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', members, span: { start, end: pos() }, path };
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skipWs();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, span: { start, end: pos() }, path };
      }
      while (true) {
        items.push(parseValue([...path, items.length], depth + 1));
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, span: { start, end: pos() }, path };
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') {
      const value = parseString();
      return { kind: 'string', value, span: { start, end: pos() }, path };
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) fail('Invalid number');
      const raw = r![0];
      i += raw.length;
      return { kind: 'number', value: Number(raw), raw, span: { start, end: pos() }, path };
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return { kind: 'boolean', value: true, span: { start, end: pos() }, path };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { kind: 'boolean', value: false, span: { start, end: pos() }, path };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return { kind: 'null', span: { start, end: pos() }, path };
    }
    return fail(`Unexpected character '${c}'`);
  }

  try {
    // A UTF-8 byte-order mark is tolerated, as IAM does when a file is uploaded.
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    const root = parseValue([], 0);
    skipWs();
    if (i < n) fail('Unexpected text after the JSON value');
    return { root, issues };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      issues.push({ kind: 'syntax', message: e.message, span: { start: e.pos, end: e.pos }, path: [] });
      return { issues };
    }
    throw e;
  }
}

/** Converts a plain JS value (already-parsed policy) to a JSON tree with synthetic positions. */
export function jsonFromValue(value: unknown, path: PathSegment[] = []): JsonNode {
  const p: Position = { line: 0, column: 0, offset: 0 };
  const span: Span = { start: p, end: p };
  if (typeof value === 'string') return { kind: 'string', value, span, path };
  if (typeof value === 'number') return { kind: 'number', value, raw: String(value), span, path };
  if (typeof value === 'boolean') return { kind: 'boolean', value, span, path };
  if (value === null || value === undefined) return { kind: 'null', span, path };
  if (Array.isArray(value)) return { kind: 'array', items: value.map((v, k) => jsonFromValue(v, [...path, k])), span, path };
  const members: JsonMember[] = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
    key,
    keySpan: span,
    value: jsonFromValue(v, [...path, key]),
  }));
  return { kind: 'object', members, span, path };
}
