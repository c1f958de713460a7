/** The roles area's database calls. */
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import type { RoleRow } from '../../iam/roles-shape';
import { entityByName } from '../../iam/lookups';

/**
 * One page of an account's roles in AWS's order (by name, case-insensitively), from the marker
 * on: a keyset query on (accountId, lower(name), id).
 */
export function listRolesPage(tx: Tx, accountId: string, options: { pathPrefix?: string; after?: string[]; limit: number }): Promise<RoleRow[]> {
  const conditions = [Prisma.sql`"accountId" = ${accountId}`];
  if (options.pathPrefix && options.pathPrefix !== '/') conditions.push(Prisma.sql`"path" LIKE ${escapeLike(options.pathPrefix) + '%'}`);
  if (options.after) conditions.push(Prisma.sql`(lower("name"), "id") > (${options.after[0] ?? ''}, ${options.after[1] ?? ''})`);
  return tx.$queryRaw<RoleRow[]>`
    SELECT "id", "name", "path", "arn", "createdAt", "assumeRolePolicyDocument", "trustPrincipalIds", "description", "maxSessionDuration" FROM "Role"
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY lower("name"), "id"
    LIMIT ${options.limit}`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What still hangs off a role and blocks DeleteRole (AWS's DeleteConflict). */
export async function roleDependents(tx: Tx, roleId: string) {
  const attachments = await tx.policyAttachment.count({ where: { roleId } });
  const inlinePolicies = await tx.inlinePolicy.count({ where: { roleId } });
  const instanceProfiles = await tx.instanceProfileRole.count({ where: { roleId } });
  return { attachments, inlinePolicies, instanceProfiles };
}

export function countRoles(tx: Tx, accountId: string): Promise<number> {
  return tx.role.count({ where: { accountId } });
}

export async function roleNameTaken(tx: Tx, accountId: string, name: string): Promise<boolean> {
  return (await entityByName(tx, 'Role', accountId, name)) !== undefined;
}
