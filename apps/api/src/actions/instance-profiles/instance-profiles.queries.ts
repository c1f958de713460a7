/** The instance-profiles area's database calls. */
import { Prisma } from '../../db/generated/client';
import type { Db, Tx } from '../../db/client';
import { entityByName } from '../../iam/lookups';

/** The role fields an instance profile's Roles list shows (AWS's Role shape, no tags). */
const roleFields = {
  id: true,
  name: true,
  path: true,
  arn: true,
  createdAt: true,
  assumeRolePolicyDocument: true,
  // Shown as AWS shows it (iam/roles-shape.ts withTrustAsShown): a deleted principal as its unique ID.
  trustPrincipalIds: true,
  description: true,
  maxSessionDuration: true,
} as const;

/** An instance profile with its role, for AWS's InstanceProfile shape. */
export const withRoles = { roles: { include: { role: { select: roleFields } } } } as const;

export async function findInstanceProfile(db: Tx | Db, accountId: string, name: string) {
  const found = await entityByName(db, 'InstanceProfile', accountId, name);
  return found ? db.instanceProfile.findUnique({ where: { id: found.id }, include: withRoles }) : null;
}

export async function instanceProfileNameTaken(tx: Tx, accountId: string, name: string): Promise<boolean> {
  return (await entityByName(tx, 'InstanceProfile', accountId, name)) !== undefined;
}

export function countInstanceProfiles(tx: Tx, accountId: string): Promise<number> {
  return tx.instanceProfile.count({ where: { accountId } });
}

/**
 * The IDs of one page of instance profiles in AWS's order (by name, case-insensitively), from
 * the marker on: a keyset query on (lower(name), id). `roleId` restricts it to one role's.
 */
export async function listInstanceProfilesPage(
  tx: Tx,
  accountId: string,
  options: { pathPrefix?: string; roleId?: string; after?: string[]; limit: number },
) {
  const conditions = [Prisma.sql`p."accountId" = ${accountId}`];
  if (options.pathPrefix && options.pathPrefix !== '/') conditions.push(Prisma.sql`p."path" LIKE ${escapeLike(options.pathPrefix) + '%'}`);
  if (options.roleId) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "InstanceProfileRole" r WHERE r."instanceProfileId" = p."id" AND r."roleId" = ${options.roleId})`);
  if (options.after) conditions.push(Prisma.sql`(lower(p."name"), p."id") > (${options.after[0] ?? ''}, ${options.after[1] ?? ''})`);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "InstanceProfile" p
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower(p."name"), p."id"
    LIMIT ${options.limit}`;
  const ids = rows.map((r) => r.id);
  const profiles = await tx.instanceProfile.findMany({ where: { id: { in: ids } }, include: withRoles });
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
