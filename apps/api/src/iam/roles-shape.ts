/**
 * AWS's Role shape (IAM API Reference, Role data type), shared by the roles and
 * instance-profiles areas. The trust policy goes out as plain text: the Query protocol
 * URL-encodes it in XML as AWS does.
 */
import { tagsOf } from './shapes';

export interface RoleRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  assumeRolePolicyDocument: string;
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
