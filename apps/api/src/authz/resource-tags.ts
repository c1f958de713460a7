/**
 * The tags of the resource an ARN names, for aws:ResourceTag/* — one lookup for every taggable
 * resource type, so that no action can forget it: the dispatcher fills in the tags of every
 * resource it authorizes (the action's own and each `alsoRequires` one) unless the action's
 * target already loaded them. A tag-based Deny guardrail therefore applies to every action on a
 * tagged resource.
 */
import type { Db } from '../db/client';
import { tagsOf } from '../iam/shapes';

type Tag = { Key: string; Value: string };

/** IAM resource types with tags, by the first segment of the ARN's resource part, and their table. */
const IAM_TABLES = {
  user: 'user',
  role: 'role',
  policy: 'managedPolicy',
  'instance-profile': 'instanceProfile',
  'server-certificate': 'serverCertificate',
  'oidc-provider': 'openIdConnectProvider',
  'saml-provider': 'samlProvider',
} as const;

/** EC2 resource types with tags: ARN type → table (looked up by ID). */
const EC2_TABLES = { image: 'image', snapshot: 'snapshot', instance: 'instance', 'security-group': 'securityGroup', volume: 'volume' } as const;

/** Does this ARN name a resource type that can carry tags? (`*` and wildcards name none.) */
export function isTaggableArn(arn: string): boolean {
  return lookupOf(arn) !== undefined;
}

function lookupOf(arn: string): ((db: Db) => Promise<{ tags: unknown } | null>) | undefined {
  if (arn.includes('*') || arn.includes('?')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, , service, , , ...rest] = parts;
  const resource = rest.join(':');
  const type = resource.slice(0, resource.indexOf('/'));
  if (service === 'iam') {
    // A virtual MFA device's serial number is its ARN.
    if (type === 'mfa') return (db) => db.mfaDevice.findUnique({ where: { serialNumber: arn }, select: { tags: true } });
    const table = IAM_TABLES[type as keyof typeof IAM_TABLES];
    if (!table) return undefined;
    // Each of these tables has a unique index on arn.
    return (db) => (db[table] as unknown as { findUnique(args: object): Promise<{ tags: unknown } | null> }).findUnique({ where: { arn }, select: { tags: true } });
  }
  if (service === 'ec2') {
    const table = EC2_TABLES[type as keyof typeof EC2_TABLES];
    if (!table) return undefined;
    const id = resource.slice(type.length + 1);
    return (db) => (db[table] as unknown as { findUnique(args: object): Promise<{ tags: unknown } | null> }).findUnique({ where: { id }, select: { tags: true } });
  }
  return undefined;
}

/** The tags of the resource `arn` names ([] when it has none, does not exist, or is not taggable). */
export async function resourceTagsOf(db: Db, arn: string): Promise<Tag[]> {
  const lookup = lookupOf(arn);
  if (!lookup) return [];
  return tagsOf((await lookup(db))?.tags);
}
