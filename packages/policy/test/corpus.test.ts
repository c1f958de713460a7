/**
 * The JSON conformance corpus: every file in test/corpus holds cases (policies, request,
 * expected decision) that any IAM-compatible engine should agree on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicySet, evaluate, type ContextValue, type Decision, type RequestPrincipal } from '../src/index';

interface CorpusCase {
  name: string;
  policies: { identity: object[]; boundary?: object[]; session?: object[]; scp?: object[]; resource?: object };
  request: { action: string; resource: string; principal?: RequestPrincipal; context?: Record<string, ContextValue>; resourceAccount?: string };
  expected: Decision;
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const { cases } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { cases: CorpusCase[] };
  describe(`corpus/${file}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
      const src = (docs: object[] | undefined, tag: string) => docs?.map((d, k) => ({ id: `${tag}${k}`, document: JSON.stringify(d) }));
      const set = compilePolicySet({
        identity: src(c.policies.identity, 'i')!,
        ...(c.policies.boundary ? { boundary: src(c.policies.boundary, 'b')! } : {}),
        ...(c.policies.session ? { session: src(c.policies.session, 's')! } : {}),
        ...(c.policies.scp ? { scp: src(c.policies.scp, 'scp')! } : {}),
        ...(c.policies.resource ? { resource: { id: 'r', document: JSON.stringify(c.policies.resource) } } : {}),
      });
      expect(evaluate(set, c.request).decision).toBe(c.expected);
    });
  });
}
