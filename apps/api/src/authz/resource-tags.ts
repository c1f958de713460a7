/**
 * The tags of the resource an ARN names, for aws:ResourceTag/* (and iam:ResourceTag/*) — one
 * lookup for every taggable resource type, so that no action can forget it: the dispatcher gives
 * it to the authorization of every resource it authorizes (the action's own and each
 * `alsoRequires` one), which loads the tags whenever the decision reads them, unless the action's
 * target already loaded them. A tag-based Deny guardrail therefore applies to every action on a
 * tagged resource.
 */
import { queryRows, type Db } from '../db/client';
import { tagsOf } from '../iam/shapes';

type Tag = { Key: string; Value: string };

/** IAM resource types with tags, by the first segment of the ARN's resource part, and their table (each with a unique index on arn). */
const IAM_TABLES = {
  user: 'User',
  role: 'Role',
  policy: 'ManagedPolicy',
  'instance-profile': 'InstanceProfile',
  'server-certificate': 'ServerCertificate',
  'oidc-provider': 'OpenIdConnectProvider',
  'saml-provider': 'SamlProvider',
} as const;

/** EC2 resource types with tags: ARN type → table (looked up by ID). */
const EC2_TABLES = { image: 'Image', snapshot: 'Snapshot', instance: 'Instance', 'security-group': 'SecurityGroup', volume: 'Volume' } as const;

/** Does this ARN name a resource type that can carry tags? (`*` and wildcards name none.) */
export function isTaggableArn(arn: string): boolean {
  return lookupOf(arn) !== undefined;
}

/** The statement that reads the tags of the resource an ARN names (table names are ours, never the caller's). */
function lookupOf(arn: string): { text: string; key: string } | undefined {
  if (arn.includes('*') || arn.includes('?')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, , service, , , ...rest] = parts;
  const resource = rest.join(':');
  const type = resource.slice(0, resource.indexOf('/'));
  if (service === 'iam') {
    // A virtual MFA device's serial number is its ARN.
    if (type === 'mfa') return { text: 'SELECT "tags" FROM "MfaDevice" WHERE "serialNumber" = $1', key: arn };
    const table = IAM_TABLES[type as keyof typeof IAM_TABLES];
    return table && { text: `SELECT "tags" FROM "${table}" WHERE "arn" = $1`, key: arn };
  }
  if (service === 'ec2') {
    const table = EC2_TABLES[type as keyof typeof EC2_TABLES];
    return table && { text: `SELECT "tags" FROM "${table}" WHERE "id" = $1`, key: resource.slice(type.length + 1) };
  }
  return undefined;
}

/** The tags of the resource `arn` names ([] when it has none, does not exist, or is not taggable). */
export async function resourceTagsOf(db: Db, arn: string): Promise<Tag[]> {
  const lookup = lookupOf(arn);
  if (!lookup) return [];
  const [row] = await queryRows<{ tags: unknown }>(db, lookup.text, [lookup.key]);
  return tagsOf(row?.tags);
}
