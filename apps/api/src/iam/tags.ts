/**
 * Tags on IAM entities: at most 50, keys unique case-insensitively (a later tag with the same
 * key in other case replaces the earlier one, as IAM does), duplicates within one request refused.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import type { Tag } from '@portcullis/shared';
import { invalidInput, limitExceeded } from '../errors';
import { tagsOf } from './shapes';
import { messages } from '../messages';

export const MAX_TAGS = 50;

/** Does the list name one key twice, in any case (IAM's and STS's tag keys are case insensitive)? */
export function hasDuplicateKeys(tags: readonly Pick<Tag, 'Key'>[]): boolean {
  return new Set(tags.map((t) => t.Key.toLowerCase())).size < tags.length;
}

/** InvalidInput for one key twice in a request (STS answers the same text as InvalidParameterValue). */
export function checkNoDuplicateKeys(tags: Tag[]): void {
  if (hasDuplicateKeys(tags)) throw invalidInput(messages.duplicateTagKeys());
}

/** Adds or replaces tags; LimitExceeded past 50. */
export function mergeTags(current: unknown, added: Tag[]): Tag[] {
  checkNoDuplicateKeys(added);
  const byKey = new Map(tagsOf(current).map((t) => [t.Key.toLowerCase(), t]));
  for (const tag of added) byKey.set(tag.Key.toLowerCase(), tag);
  if (byKey.size > MAX_TAGS) throw limitExceeded(messages.tagLimit(MAX_TAGS));
  return [...byKey.values()];
}

export function removeTags(current: unknown, keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return tagsOf(current).filter((t) => !drop.has(t.Key.toLowerCase()));
}
