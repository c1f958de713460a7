/**
 * Tags on IAM entities: at most 50, keys unique case-insensitively (a later tag with the same
 * key in other case replaces the earlier one, as IAM does), duplicates within one request refused.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import type { Tag } from '@portcullis/shared';
import { invalidInput, limitExceeded } from '../errors';
import { tagsOf } from './shapes';

export const MAX_TAGS = 50;

export function checkNoDuplicateKeys(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
}

/** Adds or replaces tags; LimitExceeded past 50. */
export function mergeTags(current: unknown, added: Tag[]): Tag[] {
  checkNoDuplicateKeys(added);
  const byKey = new Map(tagsOf(current).map((t) => [t.Key.toLowerCase(), t]));
  for (const tag of added) byKey.set(tag.Key.toLowerCase(), tag);
  if (byKey.size > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return [...byKey.values()];
}

export function removeTags(current: unknown, keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return tagsOf(current).filter((t) => !drop.has(t.Key.toLowerCase()));
}
