/**
 * Document stage helper — the context keys a policy refers to (IAM's
 * GetContextKeysForCustomPolicy / GetContextKeysForPrincipalPolicy).
 *
 * Assumes a parsed document. Keys come from Condition blocks and from policy variables
 * (only under Version 2012-10-17, where variables exist); escapes like `${*}` are not keys.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html
 */
import type { PolicyDocument } from './parse';
import { parseTemplate } from '../variables';

/**
 * Lists the context keys used by one or more policy documents, deduplicated
 * case-insensitively (first spelling wins), in order of appearance.
 */
export function contextKeysOf(docs: PolicyDocument | PolicyDocument[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (k: string) => {
    const lower = k.toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      out.push(k);
    }
  };
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const variables = doc.version === '2012-10-17';
    const fromValue = (v: string) => {
      if (!variables) return;
      for (const p of parseTemplate(v)?.parts ?? []) if (p.t === 'var') add(p.key);
    };
    for (const st of doc.statements) {
      for (const list of [st.resource, st.notResource]) for (const it of list?.items ?? []) fromValue(it.value);
      for (const block of st.conditions ?? []) {
        for (const e of block.entries) {
          add(e.key);
          for (const it of e.values.items) fromValue(it.value);
        }
      }
    }
  }
  return out;
}
