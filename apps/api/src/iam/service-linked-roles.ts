/**
 * Service-linked roles (IAM User Guide, "Using service-linked roles"): roles that an AWS service
 * owns. AWS creates them at `/aws-service-role/<service principal>/`, and only the service may
 * change them: IAM refuses DeleteRole, UpdateAssumeRolePolicy, Attach/DetachRolePolicy,
 * Put/DeleteRolePolicy and PutRolePermissionsBoundary on them with UnmodifiableEntity, while the
 * description stays editable. The path is the mark (the schema has no other), so CreateRole may
 * not use it.
 * Shared here because the roles, policies and inline-policies areas all apply the check, and
 * action areas do not import each other.
 */
import { AwsError, invalidInput } from '../errors';
import { messages } from '../messages';

/** Every service-linked role's path starts with this, followed by the service principal. */
export const SERVICE_LINKED_ROLE_PATH_PREFIX = '/aws-service-role/';

/** Whether a role is service-linked (its path is `/aws-service-role/<principal>/`). */
export function isServiceLinkedRole(role: { path: string }): boolean {
  return role.path.startsWith(SERVICE_LINKED_ROLE_PATH_PREFIX) && role.path.length > SERVICE_LINKED_ROLE_PATH_PREFIX.length;
}

/** The service principal a service-linked role's path names, or undefined for any other role. */
export function linkedServicePrincipal(role: { path: string }): string | undefined {
  return isServiceLinkedRole(role) ? role.path.slice(SERVICE_LINKED_ROLE_PATH_PREFIX.length, -1) : undefined;
}

/**
 * SECURITY: the path is what marks a role as service-linked, so CreateRole may not use it.
 * AWS's answer: InvalidInput "Path prefix '/aws-service-role/' can only be used for AWS Service
 * linked Roles" (seen by tilfin/aws-iam-policy-tool#9).
 */
export function checkRolePathNotReserved(path: string): void {
  if (path.startsWith(SERVICE_LINKED_ROLE_PATH_PREFIX)) throw invalidInput(messages.serviceLinkedRolePathReserved(SERVICE_LINKED_ROLE_PATH_PREFIX));
}

/** AWS's refusal, with AWS's exact message (HTTP 400). */
export const unmodifiableEntity = (roleName: string) =>
  new AwsError('UnmodifiableEntity', messages.protectedRole(roleName), 400);

/**
 * SECURITY: the one check behind "only the linked service may change a service-linked role".
 * Throws UnmodifiableEntity when `entity` is a service-linked role; users and groups (kind other
 * than Role) are never protected. Call it after finding the entity, before changing anything.
 */
export function checkModifiableByCustomer(kind: 'User' | 'Group' | 'Role', entity: { name: string; path: string }): void {
  if (kind === 'Role' && isServiceLinkedRole(entity)) throw unmodifiableEntity(entity.name);
}
