/**
 * Tag<Entity>, Untag<Entity> and List<Entity>Tags, written once for every taggable IAM entity
 * (users, roles, instance profiles, managed policies). Each area supplies how to name, find,
 * target and update its entity; the actions' names, inputs, authorization and replies are the
 * same shape everywhere, as in the IAM API Reference.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import { z } from 'zod';
import { TagKeySchema, TagListSchema, type Tag } from '@portcullis/shared';
import { defineAction, type ActionTarget } from '../actions/action';
import { invalidInput } from '../errors';
import { messages } from '../messages';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker, page } from './pagination';
import { tagsOf } from './shapes';
import { mergeTags, removeTags } from './tags';
import type { Caller } from '../auth/caller';
import type { Db, Tx } from '../db/client';

/** A row that carries tags. */
interface Tagged {
  id: string;
  tags: unknown;
}


export interface TagActionsSpec<K extends string, S extends z.ZodType<string>> {
  /** The entity in the action names: `User` → TagUser, UntagUser, ListUserTags. */
  entity: string;
  /** The input field naming the entity (`UserName`, `PolicyArn`…). */
  nameField: K;
  nameSchema: S;
  /** The authorization target; `extra` holds the request tags or the aws:TagKeys context. */
  target: (name: z.infer<S>, caller: Caller, db: Db, extra: Omit<ActionTarget, 'resource'>) => ActionTarget | Promise<ActionTarget>;
  /** The entity to tag or untag (NoSuchEntity, or another AWS error, when it cannot be). */
  find: (tx: Tx, accountId: string, name: z.infer<S>) => Promise<Tagged>;
  /** The entity whose tags are listed, when reading is allowed more widely than tagging. */
  findToList?: (tx: Tx, accountId: string, name: z.infer<S>) => Promise<Tagged>;
  update: (tx: Tx, id: string, tags: Tag[]) => Promise<unknown>;
}

/** Where a List<Entity>Tags page starts: a marker must hold a non-negative offset. */
function markerStart(marker: string | undefined): number {
  const start = Number(decodeMarker(marker)?.[0] ?? 0);
  if (!Number.isInteger(start) || start < 0) throw invalidInput(messages.invalidMarker);
  return start;
}

/** The three tag actions of one entity, in the order Tag, Untag, List. */
export function defineTagActions<K extends string, S extends z.ZodType<string>>(spec: TagActionsSpec<K, S>) {
  const { entity, nameField, nameSchema, target, find, update } = spec;
  const findToList = spec.findToList ?? find;
  type Named = { [P in K]: z.infer<S> };
  // The key is computed, so TypeScript cannot see it in the object's type; the schema is a real
  // ZodObject either way (the Query protocol coerces fields through its shape).
  const withName = <T extends z.ZodRawShape, O>(shape: T) => z.object({ [nameField]: nameSchema, ...shape }) as unknown as z.ZodType<Named & O>;

  const tag = defineAction({
    name: `Tag${entity}`,
    service: 'iam',
    // A user's tags travel with its cached access keys (aws:PrincipalTag); other tags are read on use.
    authorizationCache: entity === 'User' ? 'principal' : 'unchanged',
    input: withName<{ Tags: typeof TagListSchema }, { Tags: Tag[] }>({ Tags: TagListSchema.min(1) }),
    target: (input, caller, db) => target(input[nameField], caller, db, { requestTags: input.Tags }),
    async handler(input, { tx, caller }) {
      const row = await find(tx, caller.accountId, input[nameField]);
      await update(tx, row.id, mergeTags(row.tags, input.Tags));
      return {};
    },
  });

  const untag = defineAction({
    name: `Untag${entity}`,
    service: 'iam',
    authorizationCache: entity === 'User' ? 'principal' : 'unchanged',
    input: withName<{ TagKeys: z.ZodArray<typeof TagKeySchema> }, { TagKeys: string[] }>({ TagKeys: z.array(TagKeySchema).min(1).max(50) }),
    target: (input, caller, db) => target(input[nameField], caller, db, { context: { 'aws:TagKeys': input.TagKeys } }),
    async handler(input, { tx, caller }) {
      const row = await find(tx, caller.accountId, input[nameField]);
      await update(tx, row.id, removeTags(row.tags, input.TagKeys));
      return {};
    },
  });

  const list = defineAction({
    name: `List${entity}Tags`,
    service: 'iam',
    readOnly: true,
    input: withName<typeof PagingInput, { Marker?: string; MaxItems?: number }>({ ...PagingInput }),
    target: (input, caller, db) => target(input[nameField], caller, db, {}),
    async handler(input, { tx, caller }) {
      const row = await findToList(tx, caller.accountId, input[nameField]);
      const tags = tagsOf(row.tags);
      const start = markerStart(input.Marker);
      const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      const { items, IsTruncated } = page(tags.slice(start, start + limit + 1), limit, () => []);
      return { Tags: items, IsTruncated, ...(IsTruncated ? { Marker: encodeMarker([String(start + limit)]) } : {}) };
    },
  });

  return [tag, untag, list] as const;
}
