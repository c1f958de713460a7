/**
 * Marker/MaxItems paging of List* calls (MaxItems 1–1000, default 100; IsTruncated and Marker
 * in the reply). The marker is opaque to clients: base64url of the sort key of the last item
 * returned, so pages stay stable while entities are added or removed.
 */
import { z } from 'zod';
import { MarkerSchema, MaxItemsSchema } from '@portcullis/shared';
import { AwsError } from '../errors';
import { messages } from '../messages';

export const PagingInput = { Marker: MarkerSchema.optional(), MaxItems: MaxItemsSchema.optional() };
export const DEFAULT_MAX_ITEMS = 100;

export function encodeMarker(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeMarker(marker: string | undefined): string[] | undefined {
  if (marker === undefined) return undefined;
  try {
    const key = z.array(z.string()).parse(JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')));
    return key;
  } catch {
    throw new AwsError('InvalidInput', messages.invalidMarker, 400);
  }
}

/** Given up to limit+1 rows, the page and its marker. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): { items: T[]; IsTruncated: boolean; Marker?: string } {
  if (rows.length <= limit) return { items: rows, IsTruncated: false };
  const items = rows.slice(0, limit);
  return { items, IsTruncated: true, Marker: encodeMarker(keyOf(items[items.length - 1]!)) };
}
