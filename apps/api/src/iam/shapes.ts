/** AWS response shapes built from our rows (field names as in the IAM API Reference). */
import type { Tag } from '@portcullis/shared';

/** Tags as stored on rows (a JSON array of {Key, Value}). */
export function tagsOf(json: unknown): Tag[] {
  return Array.isArray(json) ? (json as Tag[]) : [];
}

interface UserRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  createdAt: Date;
  passwordLastUsed?: Date | null;
  tags?: unknown;
  permissionsBoundary?: { arn: string } | null;
}

export function userShape(u: UserRow, options: { tags?: boolean; passwordLastUsed?: boolean } = {}) {
  const tags = tagsOf(u.tags);
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: u.arn,
    CreateDate: u.createdAt,
    ...(options.passwordLastUsed && u.passwordLastUsed ? { PasswordLastUsed: u.passwordLastUsed } : {}),
    ...(u.permissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.permissionsBoundary.arn } } : {}),
    ...(options.tags && tags.length ? { Tags: tags } : {}),
  };
}

export function groupShape(g: { id: string; name: string; path: string; arn: string; createdAt: Date }) {
  return { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: g.createdAt };
}
