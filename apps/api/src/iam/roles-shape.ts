/**
 * AWS's Role shape (IAM API Reference, Role data type), shared by the roles and
 * instance-profiles areas. The trust policy goes out as plain text: the Query protocol
 * URL-encodes it in XML as AWS does.
 */
import { tagsOf } from './shapes';
import { resolveTrustPolicies } from './trust-principals';
import type { Db, Tx } from '../db/client';

export interface RoleRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  assumeRolePolicyDocument: string;
  /** The unique IDs the trust policy's principals were pinned to (iam/trust-principals.ts). */
  trustPrincipalIds?: unknown;
  description: string | null;
  maxSessionDuration: number;
  tags?: unknown;
  permissionsBoundary?: { arn: string } | null;
  lastUsedAt?: Date | null;
  lastUsedRegion?: string | null;
}

/**
 * `details` adds what CreateRole and GetRole return and ListRoles leaves out (PermissionsBoundary,
 * Tags); `lastUsed` adds GetRole's RoleLastUsed (an empty object when the role was never used).
 */
export function roleShape(r: RoleRow, options: { details?: boolean; lastUsed?: boolean } = {}) {
  const tags = tagsOf(r.tags);
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: r.createdAt,
    AssumeRolePolicyDocument: r.assumeRolePolicyDocument,
    ...(r.description !== null ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...(options.details && r.permissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary.arn } } : {}),
    ...(options.details && tags.length ? { Tags: tags } : {}),
    ...(options.lastUsed
      ? { RoleLastUsed: r.lastUsedAt ? { LastUsedDate: r.lastUsedAt, ...(r.lastUsedRegion ? { Region: r.lastUsedRegion } : {}) } : {} }
      : {}),
  };
}

/**
 * The rows with their trust policies as AWS shows them: a principal that was deleted (or
 * replaced by a new one of the same name) appears as its unique ID. Every action that returns a
 * Role passes its rows through here before roleShape.
 */
export async function withTrustAsShown<R extends RoleRow>(db: Pick<Tx | Db, 'user' | 'role' | 'account'>, rows: R[]): Promise<R[]> {
  const documents = await resolveTrustPolicies(db, rows);
  return rows.map((r, i) => ({ ...r, assumeRolePolicyDocument: documents[i]! }));
}
