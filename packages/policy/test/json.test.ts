/** The position-recording JSON reader (document stage). */
import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/index';

describe('parseJson', () => {
  it.each([
    // [text, ok] — standard JSON (RFC 8259) grammar
    ['{}', true],
    ['[1, -2.5e3, true, false, null, "x"]', true],
    ['{"a": "\\u00e9\\n\\t\\"\\\\/"}', true],
    ['\ufeff{"bom": 1}', true],
    ['{"a": 1,}', false],
    ['{a: 1}', false],
    ["{'a': 1}", false],
    ['{"a": 01}', false],
    ['{"a": "unterminated}', false],
    ['{"a": "tab\there"}', false],
    ['{"a": 1} x', false],
    ['', false],
    ['{"a": tru}', false],
    ['{"a": "\\x"}', false],
  ])('%j → ok=%s', (text, ok) => {
    const r = parseJson(text);
    expect(r.root !== undefined && r.issues.every((i) => i.kind !== 'syntax')).toBe(ok);
  });

  it('decodes escapes and keeps number source text', () => {
    const r = parseJson('{"s": "a\\u0041\\n", "n": 1.50}');
    const root = r.root!;
    if (root.kind !== 'object') throw new Error('object expected');
    const [s, n] = root.members;
    expect(s!.value).toMatchObject({ kind: 'string', value: 'aA\n' });
    expect(n!.value).toMatchObject({ kind: 'number', value: 1.5, raw: '1.50' });
  });

  it('records paths and 1-based line/column spans', () => {
    const r = parseJson('{\n  "a": [\n    1,\n    {"b": true}\n  ]\n}');
    const root = r.root!;
    if (root.kind !== 'object') throw new Error('object expected');
    const arr = root.members[0]!.value;
    if (arr.kind !== 'array') throw new Error('array expected');
    const obj = arr.items[1]!;
    expect(obj.path).toEqual(['a', 1]);
    expect(obj.span.start).toEqual({ line: 4, column: 5, offset: 22 });
    if (obj.kind !== 'object') throw new Error('object expected');
    expect(obj.members[0]!.value.path).toEqual(['a', 1, 'b']);
  });

  it('reports every duplicate key without failing the parse', () => {
    const r = parseJson('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}');
    expect(r.root).toBeDefined();
    expect(r.issues.map((i) => [i.kind, i.path])).toEqual([
      ['duplicateKey', ['b', 'c']],
      ['duplicateKey', ['a']],
    ]);
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(parseJson(deep).issues[0]!.kind).toBe('syntax');
  });
});
