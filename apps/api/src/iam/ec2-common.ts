/**
 * What the EC2 areas (images, snapshots, instances, security-groups) share: ARNs, EC2's error
 * codes and messages, ID formats, the Query API's list/filter field shapes, DryRun, and the
 * launch / create-volume permission changes (AWS's EC2 API Reference and moto's mirror of it).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AwsError } from '../errors';

/** Portcullis serves one region. */
export const EC2_REGION = 'us-east-1';

export type Ec2ResourceType = 'image' | 'snapshot' | 'instance' | 'security-group' | 'security-group-rule' | 'volume';

/**
 * An EC2 resource ARN: `arn:aws:ec2:us-east-1:<owner account>:image/ami-…`. (AWS's own image
 * and snapshot ARNs leave the account empty — `arn:aws:ec2:us-east-1::image/ami-…`; Portcullis
 * names the owner so policies can tell accounts apart. One place to change it.)
 */
export const ec2Arn = (accountId: string, type: Ec2ResourceType, id: string) => `arn:aws:ec2:${EC2_REGION}:${accountId}:${type}/${id}`;

/** An EC2 error: EC2 answers client errors with HTTP 400 and a dotted code. */
export const ec2Error = (code: string, message: string, status = 400) => new AwsError(code, message, status);

export const missingParameter = (name: string) => ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
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
    if (!isEc2Id(prefix, id)) throw ec2Error(MALFORMED_CODE[prefix]!, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  }
}

/** A new reservation ID (r-…), as RunInstances returns. */
export const newReservationId = () => `r-${randomBytes(9).toString('hex').slice(0, 17)}`;

/** DryRun: after authorization, report success without doing anything (EC2's 412 DryRunOperation). */
export function checkDryRun(input: { DryRun?: boolean }): void {
  if (input.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}

export const DryRunInput = { DryRun: z.boolean().optional() };

/** A Query API list (`ImageId.1`, `ImageId.2`): an array of strings. */
export const StringList = (max = 1000) => z.array(z.string().max(1024)).max(max);

/** `Filter.N.Name` + `Filter.N.Value.M`. */
export const FilterInput = {
  Filter: z
    .array(z.object({ Name: z.string().min(1).max(255), Value: z.array(z.string().max(1024)).max(200).optional() }))
    .max(50)
    .optional(),
};
export type Filters = { Name: string; Value?: string[] }[] | undefined;

/** Matches EC2's filter wildcards: `*` any run, `?` one character (case-sensitive). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(value);
}

/**
 * Applies EC2 filters to rows: each filter's name must be known (else InvalidParameterValue, as
 * EC2 answers), a row passes a filter if any of its values matches, and all filters must pass.
 * A tag filter `tag:<key>` matches tags when the row has them.
 */
export function applyFilters<T>(rows: T[], filters: Filters, fields: Record<string, (row: T) => string | string[] | undefined>, tags?: (row: T) => { Key: string; Value: string }[]): T[] {
  if (!filters?.length) return rows;
  for (const f of filters) {
    const known = f.Name in fields || (tags && (f.Name.startsWith('tag:') || f.Name === 'tag-key' || f.Name === 'tag-value'));
    if (!known) throw invalidParameterValue(`The filter '${f.Name}' is invalid`);
  }
  return rows.filter((row) =>
    filters.every((f) => {
      const wanted = f.Value ?? [];
      let values: string[];
      if (f.Name in fields) {
        const v = fields[f.Name]!(row);
        values = v === undefined ? [] : Array.isArray(v) ? v : [v];
      } else {
        const rowTags = tags!(row);
        values =
          f.Name === 'tag-key' ? rowTags.map((t) => t.Key)
          : f.Name === 'tag-value' ? rowTags.map((t) => t.Value)
          : rowTags.filter((t) => t.Key === f.Name.slice(4)).map((t) => t.Value);
      }
      return wanted.some((w) => values.some((v) => wildcardMatch(w, v)));
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
const badItem = (value: string, type: 'userId' | 'UserGroup') => ec2Error('InvalidAMIAttributeItemValue', `Invalid attribute item value "${value}" for ${type} item type.`);

/**
 * Validates a permission change completely before anything is written (all-or-nothing): every
 * UserId exactly 12 digits, every group exactly `all`, each item naming one of the two.
 */
export function parsePermissionChanges(request: PermissionRequest): PermissionChanges {
  const add: string[] = [];
  const remove: string[] = [];
  const item = (i: { UserId?: string; Group?: string }, into: string[]) => {
    if (i.UserId !== undefined && i.Group !== undefined) throw invalidParameterCombination('A permission must name either UserId or Group, not both.');
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
      throw invalidParameterCombination('OperationType, UserId and UserGroup cannot be used together with Add and Remove.');
    }
    if (request.operationType === undefined) throw missingParameter('OperationType');
    if (request.operationType !== 'add' && request.operationType !== 'remove') throw invalidParameterValue(`Value (${request.operationType}) for parameter operationType is invalid. Valid values are add and remove.`);
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
    throw ec2Error('InvalidUserID.Malformed', `Invalid user id: "${v}"`);
  });
}
