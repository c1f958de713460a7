/**
 * Tags on IAM entities: at most 50, keys unique case-insensitively (a later tag with the same
 * key in other case replaces the earlier one, as IAM does), duplicates within one request refused,
 * and no key may begin with AWS's reserved prefix `aws:` (in any case).
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

/** The first key that begins with `aws:`, in any case: AWS reserves that prefix for its own tags. */
export function reservedKey(tags: readonly Pick<Tag, 'Key'>[]): string | undefined {
  return tags.find((t) => t.Key.slice(0, 4).toLowerCase() === 'aws:')?.Key;
}

/** InvalidInput for one key twice in a request or a reserved key (STS answers the same texts as InvalidParameterValue). */
export function checkTagKeys(tags: Tag[]): void {
  if (hasDuplicateKeys(tags)) throw invalidInput(messages.duplicateTagKeys());
  const reserved = reservedKey(tags);
  if (reserved !== undefined) throw invalidInput(messages.reservedTagKey(reserved));
}

/** Adds or replaces tags; LimitExceeded past 50. */
export function mergeTags(current: unknown, added: Tag[]): Tag[] {
  checkTagKeys(added);
  const byKey = new Map(tagsOf(current).map((t) => [t.Key.toLowerCase(), t]));
  for (const tag of added) byKey.set(tag.Key.toLowerCase(), tag);
  if (byKey.size > MAX_TAGS) throw limitExceeded(messages.tagLimit(MAX_TAGS));
  return [...byKey.values()];
}

export function removeTags(current: unknown, keys: string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return tagsOf(current).filter((t) => !drop.has(t.Key.toLowerCase()));
}
