// Roles: list, detail, create (with attached policies), the trust policy, inline policies,
// the permissions boundary and tags. Attached managed policies go through policies.ts, whose
// attach/detach mutations invalidate the `roles` keys too.
import { keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';
import type { ListPageRequest } from './list-page.ts';
import { callIam, listAll, type Tag } from './policies.ts';

export interface Role {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string };
  Tags?: Tag[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

export const roleKeys = {
  all: ['roles'] as const,
  list: ['roles', 'list'] as const,
  detail: (name: string) => ['roles', 'detail', name] as const,
  inline: (name: string) => ['roles', 'inline', name] as const,
  inlinePolicy: (name: string, policyName: string) => ['roles', 'inline', name, policyName] as const,
};

/** One page of the Roles list, searched (names and trust policies), sorted and counted by the server. */
export const rolesListPageQuery = (request: ListPageRequest) =>
  queryOptions({
    queryKey: ['roles', 'list-page', request] as const,
    queryFn: () => api.post<{ Roles: Role[]; TotalCount: number }>('/api/console/ListRoles', request),
    placeholderData: keepPreviousData,
  });

export const rolesListQuery = queryOptions({
  queryKey: roleKeys.list,
  queryFn: () => listAll<Role, Page & { Roles: Role[] }>('ListRoles', {}, (r) => r.Roles),
});

export const roleQuery = (name: string) =>
  queryOptions({
    queryKey: roleKeys.detail(name),
    queryFn: () => callIam<{ Role: Role }>('GetRole', { RoleName: name }).then((r) => r.Role),
  });

export const roleInlinePoliciesQuery = (name: string) =>
  queryOptions({
    queryKey: roleKeys.inline(name),
    queryFn: () => listAll<string, Page & { PolicyNames: string[] }>('ListRolePolicies', { RoleName: name }, (r) => r.PolicyNames),
  });

export const roleInlinePolicyQuery = (name: string, policyName: string) =>
  queryOptions({
    queryKey: roleKeys.inlinePolicy(name, policyName),
    queryFn: () => callIam<{ PolicyDocument: string }>('GetRolePolicy', { RoleName: name, PolicyName: policyName }).then((r) => r.PolicyDocument),
  });

export interface CreateRoleInput {
  RoleName: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
  /** Managed policies to attach once the role exists (AttachRolePolicy each). */
  policyArns: string[];
}

/**
 * CreateRole, then AttachRolePolicy for each chosen policy, as the console's wizard does. The
 * role exists once CreateRole succeeds, so a failed attachment is returned, not thrown: the
 * wizard opens the role and says which policy is missing instead of offering a retry that
 * would fail with EntityAlreadyExists.
 */
export async function createRole({ policyArns, ...input }: CreateRoleInput): Promise<{ role: Role; attachError?: unknown }> {
  const { Role: role } = await callIam<{ Role: Role }>('CreateRole', input);
  for (const PolicyArn of policyArns) {
    try {
      await callIam('AttachRolePolicy', { RoleName: role.RoleName, PolicyArn });
    } catch (attachError) {
      return { role, attachError };
    }
  }
  return { role };
}

function invalidateRoles(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: roleKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['policies'] }),
    queryClient.invalidateQueries({ queryKey: ['account'] }),
  ]);
}

function useRoleMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => invalidateRoles(queryClient) });
}

export const useCreateRoleMutation = () => useRoleMutation(createRole);
export const useDeleteRoleMutation = () => useRoleMutation((input: { RoleName: string }) => callIam<void>('DeleteRole', input));
/** A service-linked role is deleted by the service: IAM starts a deletion task. */
export const useDeleteServiceLinkedRoleMutation = () => useRoleMutation((input: { RoleName: string }) => callIam<{ DeletionTaskId: string }>('DeleteServiceLinkedRole', input));
export const useUpdateAssumeRolePolicyMutation = () =>
  useRoleMutation((input: { RoleName: string; PolicyDocument: string }) => callIam<void>('UpdateAssumeRolePolicy', input));
export const useUpdateRoleMutation = () =>
  useRoleMutation((input: { RoleName: string; Description?: string; MaxSessionDuration?: number }) => callIam<void>('UpdateRole', input));
export const usePutRolePolicyMutation = () =>
  useRoleMutation((input: { RoleName: string; PolicyName: string; PolicyDocument: string }) => callIam<void>('PutRolePolicy', input));
/**
 * The inline policy AWS's console attaches to a role to revoke its active sessions ("Revoke
 * sessions" tab): it denies everything to the role's sessions issued before a moment.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
 */
export const REVOKE_OLDER_SESSIONS_POLICY_NAME = 'AWSRevokeOlderSessions';

/** AWSRevokeOlderSessions' document: deny all to sessions whose aws:TokenIssueTime is before `issuedBefore`. */
export function revokeOlderSessionsPolicy(issuedBefore: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() } } }],
  });
}

/**
 * Revoke active sessions: PutRolePolicy of AWSRevokeOlderSessions dated now (PutRolePolicy
 * replaces the document, so revoking again moves the date, as AWS's console does). Resolves with
 * the moment written into the policy.
 */
export const useRevokeRoleSessionsMutation = () =>
  useRoleMutation(async ({ RoleName }: { RoleName: string }) => {
    const issuedBefore = new Date();
    await callIam<void>('PutRolePolicy', { RoleName, PolicyName: REVOKE_OLDER_SESSIONS_POLICY_NAME, PolicyDocument: revokeOlderSessionsPolicy(issuedBefore) });
    return issuedBefore;
  });
export const useDeleteRolePolicyMutation = () =>
  useRoleMutation((input: { RoleName: string; PolicyName: string }) => callIam<void>('DeleteRolePolicy', input));
export const usePutRolePermissionsBoundaryMutation = () =>
  useRoleMutation((input: { RoleName: string; PermissionsBoundary: string }) => callIam<void>('PutRolePermissionsBoundary', input));
export const useDeleteRolePermissionsBoundaryMutation = () =>
  useRoleMutation((input: { RoleName: string }) => callIam<void>('DeleteRolePermissionsBoundary', input));
export const useTagRoleMutation = () => useRoleMutation((input: { RoleName: string; Tags: Tag[] }) => callIam<void>('TagRole', input));
export const useUntagRoleMutation = () => useRoleMutation((input: { RoleName: string; TagKeys: string[] }) => callIam<void>('UntagRole', input));
