/**
 * What the EC2 areas (images, snapshots, instances, security-groups) share: ARNs, EC2's error
 * codes and messages, ID formats, the Query API's list/filter field shapes, DryRun, and the
 * launch / create-volume permission changes (AWS's EC2 API Reference and moto's mirror of it).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { compileWildcard, globTest, type Glob } from '@portcullis/policy';
import { AwsError } from '../errors';
import { messages } from '../messages';

/** Portcullis serves one region. */
export const EC2_REGION = 'us-east-1';

export type Ec2ResourceType = 'image' | 'snapshot' | 'instance' | 'security-group' | 'security-group-rule' | 'volume';

/**
 * EC2 resource ARNs as the Service Authorization Reference gives them: AMIs and snapshots have
 * no account in their ARN (`arn:aws:ec2:REGION::image/ami-…`), since they can be shared; the
 * rest name the owner's account.
 */
export const ec2Arn = (accountId: string, type: Ec2ResourceType, id: string) =>
  `arn:aws:ec2:${EC2_REGION}:${type === 'image' || type === 'snapshot' ? '' : accountId}:${type}/${id}`;

/** An EC2 error: EC2 answers client errors with HTTP 400 and a dotted code. */
export const ec2Error = (code: string, message: string, status = 400) => new AwsError(code, message, status);

export const missingParameter = (name: string) => ec2Error('MissingParameter', messages.ec2.missingParameter(name));
export const invalidParameterValue = (message: string) => ec2Error('InvalidParameterValue', message);
export const invalidParameterCombination = (message: string) => ec2Error('InvalidParameterCombination', message);

/** EC2 IDs: the prefix and 8 (older) or 17 lowercase hex digits. */
const ID_PATTERN = /^[0-9a-f]{8}([0-9a-f]{9})?$/;

const MALFORMED_CODE: Record<string, string> = {
  ami: 'InvalidAMIID.Malformed',
  snap: 'InvalidSnapshotID.Malformed',
  i: 'InvalidInstanceID.Malformed',
  sg: 'InvalidGroupId.Malformed',
  vol: 'InvalidVolumeID.Malformed',
  sgr: 'InvalidSecurityGroupRuleId.Malformed',
};

export function isEc2Id(prefix: string, id: string): boolean {
  return id.startsWith(`${prefix}-`) && ID_PATTERN.test(id.slice(prefix.length + 1));
}

/** Throws EC2's `Invalid…ID.Malformed` unless every ID has the prefix's format. */
export function checkIds(prefix: 'ami' | 'snap' | 'i' | 'sg' | 'vol' | 'sgr', ids: string[]): void {
  for (const id of ids) {
    if (!isEc2Id(prefix, id)) throw ec2Error(MALFORMED_CODE[prefix]!, messages.ec2.malformedId(id, prefix));
  }
}

/** A new reservation ID (r-…), as RunInstances returns. */
export const newReservationId = () => `r-${randomBytes(9).toString('hex').slice(0, 17)}`;

/** DryRun: after authorization, report success without doing anything (EC2's 412 DryRunOperation). */
export function checkDryRun(input: { DryRun?: boolean }): void {
  if (input.DryRun) throw ec2Error('DryRunOperation', messages.ec2.dryRun, 412);
}

export const DryRunInput = { DryRun: z.boolean().optional() };

/** A Query API list (`ImageId.1`, `ImageId.2`): an array of strings. */
export const StringList = (max = 1000) => z.array(z.string().max(1024)).max(max);

/**
 * EC2's filter limits: at most 200 filter values on one call, each at most 255 characters. EC2
 * answers both with FilterLimitExceeded (400), not a validation error, so the schema throws
 * that error itself. A filter without values still counts as one: it is a filter to evaluate.
 */
export const MAX_FILTER_VALUES = 200;
export const MAX_FILTER_VALUE_LENGTH = 255;

const filterLimitExceeded = (message: string) => ec2Error('FilterLimitExceeded', message);

function checkFilterLimits(filters: { Value?: string[] }[] | undefined): void {
  let count = 0;
  for (const f of filters ?? []) {
    const values = f.Value ?? [];
    count += Math.max(1, values.length);
    if (values.some((v) => v.length > MAX_FILTER_VALUE_LENGTH)) throw filterLimitExceeded(messages.ec2.filterValueTooLong(MAX_FILTER_VALUE_LENGTH));
  }
  if (count > MAX_FILTER_VALUES) throw filterLimitExceeded(messages.ec2.tooManyFilterValues(MAX_FILTER_VALUES));
}

/** `Filter.N.Name` + `Filter.N.Value.M`. */
export const FilterInput = {
  Filter: z
    .array(z.object({ Name: z.string().min(1).max(255), Value: z.array(z.string()).optional() }))
    .optional()
    .superRefine((filters) => checkFilterLimits(filters)),
};
export type Filters = { Name: string; Value?: string[] }[] | undefined;

/**
 * Ours, not EC2's: the most matching work (in characters read, see `matchCost`) the filters of
 * one call may do. A wildcard value such as `*aaaa…b` reads a value up to |value| × |pattern|
 * times over; 200 of them against every tag of every row must not hold the event loop that
 * serves every account: at the matcher's worst this budget is about 50 ms of CPU, while ordinary
 * values (`*prod*`, `web-*`) against some 10,000 rows stay well inside it.
 */
export const MAX_FILTER_WORK = 15_000_000;

/** One filter value, compiled once per request with the policy engine's (non-RegExp) matcher. */
interface CompiledValue {
  glob: Glob;
  length: number;
  /** Characters one retry may re-read: the longest run after a `*` (0 for exact and prefix values). */
  retry: number;
}

function compileValue(pattern: string): CompiledValue {
  let retry = 0;
  let run = -1;
  for (const c of pattern) {
    if (c === '*') run = 0;
    else if (run >= 0) retry = Math.max(retry, ++run);
  }
  return { glob: compileWildcard(pattern), length: pattern.length, retry };
}

/**
 * An upper bound on the characters the engine's matcher reads to test `value`: both strings
 * once, plus — after each `*` — at most one retry per character of the value, each re-reading at
 * most the run up to the next `*`.
 */
const matchCost = (p: CompiledValue, value: string) => p.length + value.length * (p.retry + 2);

/**
 * Applies EC2 filters to rows: each filter's name must be known (else InvalidParameterValue, as
 * EC2 answers), a row passes a filter if any of its values matches, and all filters must pass.
 * A tag filter `tag:<key>` matches tags when the row has them. Matching is EC2's: `*` any run,
 * `?` one character, case-sensitive; values without wildcards are looked up in a set.
 */
export function applyFilters<T>(rows: T[], filters: Filters, fields: Record<string, (row: T) => string | string[] | undefined>, tags?: (row: T) => { Key: string; Value: string }[]): T[] {
  if (!filters?.length) return rows;
  for (const f of filters) {
    const known = f.Name in fields || (tags && (f.Name.startsWith('tag:') || f.Name === 'tag-key' || f.Name === 'tag-value'));
    if (!known) throw invalidParameterValue(messages.ec2.invalidFilter(f.Name));
  }
  const compiled = filters.map((f) => {
    const wanted = f.Value ?? [];
    const isWild = (w: string) => w.includes('*') || w.includes('?');
    return { name: f.Name, exact: new Set(wanted.filter((w) => !isWild(w))), wild: wanted.filter(isWild).map(compileValue) };
  });
  let work = 0;
  const matches = (f: (typeof compiled)[number], value: string): boolean => {
    if (f.exact.has(value)) return true;
    for (const p of f.wild) {
      work += matchCost(p, value);
      if (work > MAX_FILTER_WORK) throw filterLimitExceeded(messages.ec2.filterTooExpensive);
      if (globTest(p.glob, value)) return true;
    }
    return false;
  };
  return rows.filter((row) =>
    compiled.every((f) => {
      let values: string[];
      if (f.name in fields) {
        const v = fields[f.name]!(row);
        values = v === undefined ? [] : Array.isArray(v) ? v : [v];
      } else {
        const rowTags = tags!(row);
        values =
          f.name === 'tag-key' ? rowTags.map((t) => t.Key)
          : f.name === 'tag-value' ? rowTags.map((t) => t.Value)
          : rowTags.filter((t) => t.Key === f.name.slice(4)).map((t) => t.Value);
      }
      return values.some((v) => matches(f, v));
    }),
  );
}

/** EC2's tag list element. */
export function ec2Tags(json: unknown): { key: string; value: string }[] {
  return Array.isArray(json) ? (json as { Key: string; Value: string }[]).map((t) => ({ key: t.Key, value: t.Value })) : [];
}
export function plainTags(json: unknown): { Key: string; Value: string }[] {
  return Array.isArray(json) ? (json as { Key: string; Value: string }[]) : [];
}

// ---------------------------------------------------------------------------------------------
// Launch permissions (AMIs) and create-volume permissions (snapshots): the same grammar.
// ---------------------------------------------------------------------------------------------

/** One grant: `{ UserId }` (a 12-digit account) or `{ Group: 'all' }` (public). */
export const PermissionItem = z.object({ UserId: z.string().max(1024).optional(), Group: z.string().max(1024).optional() });
export const PermissionModifications = z.object({ Add: z.array(PermissionItem).max(1000).optional(), Remove: z.array(PermissionItem).max(1000).optional() });

export interface PermissionChanges {
  /** Grantees to add: 12-digit account IDs and/or `all`. */
  add: string[];
  remove: string[];
}

export interface PermissionRequest {
  /** The structured form (`LaunchPermission.Add.1.UserId`). */
  modifications?: { Add?: { UserId?: string; Group?: string }[]; Remove?: { UserId?: string; Group?: string }[] };
  /** The older form: `OperationType=add|remove`, `UserId.N`, `UserGroup.N`. */
  operationType?: string;
  userIds?: string[];
  userGroups?: string[];
}

/** EC2's answer for a bad grant (moto mirrors it): InvalidAMIAttributeItemValue. */
const badItem = (value: string, type: 'userId' | 'UserGroup') => ec2Error('InvalidAMIAttributeItemValue', messages.ec2.invalidAttributeItem(value, type));

/**
 * Validates a permission change completely before anything is written (all-or-nothing): every
 * UserId exactly 12 digits, every group exactly `all`, each item naming one of the two.
 */
export function parsePermissionChanges(request: PermissionRequest): PermissionChanges {
  const add: string[] = [];
  const remove: string[] = [];
  const item = (i: { UserId?: string; Group?: string }, into: string[]) => {
    if (i.UserId !== undefined && i.Group !== undefined) throw invalidParameterCombination(messages.ec2.userIdOrGroup);
    if (i.UserId !== undefined) {
      if (!/^\d{12}$/.test(i.UserId)) throw badItem(i.UserId, 'userId');
      into.push(i.UserId);
    } else if (i.Group !== undefined) {
      if (i.Group !== 'all') throw badItem(i.Group, 'UserGroup');
      into.push('all');
    } else {
      throw missingParameter('UserId or Group');
    }
  };
  for (const i of request.modifications?.Add ?? []) item(i, add);
  for (const i of request.modifications?.Remove ?? []) item(i, remove);
  const legacy = (request.userIds?.length ?? 0) + (request.userGroups?.length ?? 0) > 0;
  if (request.operationType !== undefined || legacy) {
    if (request.modifications && ((request.modifications.Add?.length ?? 0) > 0 || (request.modifications.Remove?.length ?? 0) > 0)) {
      throw invalidParameterCombination(messages.ec2.legacyWithAddRemove);
    }
    if (request.operationType === undefined) throw missingParameter('OperationType');
    if (request.operationType !== 'add' && request.operationType !== 'remove') throw invalidParameterValue(messages.ec2.invalidOperationType(request.operationType));
    if (!legacy) throw missingParameter('UserId or UserGroup');
    const into = request.operationType === 'add' ? add : remove;
    for (const u of request.userIds ?? []) item({ UserId: u }, into);
    for (const g of request.userGroups ?? []) item({ Group: g }, into);
  }
  return { add: [...new Set(add)], remove: [...new Set(remove)] };
}

/** The grants as EC2 lists them: the public group first, then accounts in order. */
export function permissionList(grantees: string[]): ({ group: string } | { userId: string })[] {
  const sorted = [...grantees].sort();
  return [...(sorted.includes('all') ? [{ group: 'all' }] : []), ...sorted.filter((g) => g !== 'all').map((userId) => ({ userId }))];
}

/** `self` → the caller's account; 12-digit IDs as they are; anything else InvalidUserID.Malformed. */
export function resolveAccountList(values: string[] | undefined, self: string, allowed: string[] = []): string[] | undefined {
  if (!values?.length) return undefined;
  return values.map((v) => {
    if (v === 'self') return self;
    if (/^\d{12}$/.test(v) || allowed.includes(v)) return v;
    throw ec2Error('InvalidUserID.Malformed', messages.ec2.invalidUserId(v));
  });
}

/** `MaxResults` (5–1000) and `NextToken`, as EC2's Describe calls take them. */
export const Ec2PagingInput = { MaxResults: z.number().int().optional(), NextToken: z.string().max(2048).optional() };

/**
 * One page of an already filtered, stably ordered list. EC2 refuses MaxResults together with
 * explicit IDs, and MaxResults outside 5–1000; the token is the offset of the next item.
 */
export function ec2Page<T>(items: T[], input: { MaxResults?: number; NextToken?: string }, idsGiven: boolean): { items: T[]; nextToken?: string } {
  if (input.MaxResults !== undefined) {
    if (idsGiven) throw invalidParameterCombination(messages.ec2.maxResultsWithIds);
    if (input.MaxResults < 5 || input.MaxResults > 1000) throw invalidParameterValue(messages.ec2.maxResultsRange(input.MaxResults));
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const offset = (parsed as { o?: unknown } | undefined)?.o;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw ec2Error('InvalidPaginationToken', messages.ec2.invalidPaginationToken);
    start = offset;
  }
  const limit = input.MaxResults ?? 1000;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(JSON.stringify({ o: start + limit })).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

/** `TagSpecification.N.ResourceType` + `TagSpecification.N.Tag.M.Key/Value`, on EC2's create calls. */
export const TagSpecificationInput = {
  TagSpecification: z
    .array(
      z.object({
        ResourceType: z.string().max(64).optional(),
        Tag: z.array(z.object({ Key: z.string().max(1024).optional(), Value: z.string().max(1024).optional() })).max(1000).optional(),
      }),
    )
    .max(20)
    .optional(),
};
type TagSpecifications = { ResourceType?: string; Tag?: { Key?: string; Value?: string }[] }[] | undefined;

/** EC2's tag limits: 50 per resource, keys 1–128 (not `aws:`), values ≤256. */
export const MAX_EC2_TAGS = 50;

/** Every tag in the request, unvalidated, for aws:RequestTag/* and aws:TagKeys at authorization. */
export function requestTagsOf(specs: TagSpecifications): { Key: string; Value: string }[] {
  return (specs ?? []).flatMap((s) => (s.Tag ?? []).filter((t) => t.Key !== undefined).map((t) => ({ Key: t.Key!, Value: t.Value ?? '' })));
}

/**
 * The validated tags for `resourceType`. Resource types the call does not create are refused;
 * `ignoredTypes` are accepted and dropped (RunInstances' volume tags: volumes are not modelled).
 */
export function tagsFor(specs: TagSpecifications, resourceType: string, ignoredTypes: string[] = []): { Key: string; Value: string }[] {
  const out: { Key: string; Value: string }[] = [];
  const seenTypes = new Set<string>();
  for (const spec of specs ?? []) {
    if (spec.ResourceType === undefined) throw missingParameter('TagSpecification.ResourceType');
    if (spec.ResourceType !== resourceType && !ignoredTypes.includes(spec.ResourceType)) {
      throw invalidParameterValue(messages.ec2.notTaggableType(spec.ResourceType));
    }
    if (seenTypes.has(spec.ResourceType)) throw invalidParameterValue(messages.ec2.repeatedTagResourceType(spec.ResourceType));
    seenTypes.add(spec.ResourceType);
    const keys = new Set<string>();
    for (const t of spec.Tag ?? []) {
      if (t.Key === undefined || t.Key.length < 1 || t.Key.length > 128) throw invalidParameterValue(messages.ec2.tagKeyLength(t.Key ?? ''));
      if (t.Key.toLowerCase().startsWith('aws:')) throw invalidParameterValue(messages.ec2.tagKeyReserved(t.Key));
      if ((t.Value ?? '').length > 256) throw invalidParameterValue(messages.ec2.tagValueLength(t.Key));
      if (keys.has(t.Key)) throw invalidParameterValue(messages.ec2.duplicateTagKey(t.Key));
      keys.add(t.Key);
      if (spec.ResourceType === resourceType) out.push({ Key: t.Key, Value: t.Value ?? '' });
    }
    if (keys.size > MAX_EC2_TAGS) throw ec2Error('TagLimitExceeded', messages.ec2.tagLimit(MAX_EC2_TAGS));
  }
  return out;
}
