// Managed policies: the list, one policy with its versions and attachments, creating, editing
// (new versions), attaching and deleting. Policies are linked to users, groups and roles, so
// attachment changes also invalidate those areas' cached lists (by their first key segment).
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

/** Calls one IAM action of the REST protocol: `POST /api/iam/<Action>` with AWS's input fields. */
export function callIam<T>(action: string, body: object = {}): Promise<T> {
  return api.post<T>(`/api/iam/${action}`, body);
}

export interface Tag {
  Key: string;
  Value: string;
}

/** AWS's Policy data type (ListPolicies leaves out Description and Tags). */
export interface Policy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  IsAttachable: boolean;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  Tags?: Tag[];
}

export interface PolicyVersion {
  Document?: string;
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

export interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

export interface PolicyEntities {
  PolicyGroups: { GroupName: string; GroupId: string }[];
  PolicyUsers: { UserName: string; UserId: string }[];
  PolicyRoles: { RoleName: string; RoleId: string }[];
}

export type EntityKind = 'User' | 'Group' | 'Role';

/** The console's "Type" column. */
export type PolicyTypeLabel = 'AWS managed' | 'Customer managed' | 'AWS managed - job function';

export function isAwsManaged(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}

export function policyTypeLabel(policy: Pick<Policy, 'Arn' | 'Path'>): PolicyTypeLabel {
  if (!isAwsManaged(policy.Arn)) return 'Customer managed';
  return policy.Path === '/job-function/' ? 'AWS managed - job function' : 'AWS managed';
}

/** The console's "Used as" column. */
export function policyUsedAs(policy: Pick<Policy, 'AttachmentCount' | 'PermissionsBoundaryUsageCount'>): string {
  const uses: string[] = [];
  if (policy.AttachmentCount > 0) uses.push('Permissions policy');
  if (policy.PermissionsBoundaryUsageCount > 0) uses.push('Permissions boundary');
  return uses.length ? `${uses.join(', ')} (${policy.AttachmentCount + policy.PermissionsBoundaryUsageCount})` : 'None';
}

/** Policy documents arrive as text; AWS URL-encodes them in some replies, so decode when needed. */
export function policyDocumentText(document: string | undefined): string {
  if (!document) return '';
  const text = document.trim().startsWith('%') ? decodeURIComponent(document) : document;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/** Follows Marker paging to the end (for lists the console filters on the client). */
export async function listAll<T, R extends Page>(action: string, body: object, pick: (reply: R) => T[]): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const reply: R = await callIam<R>(action, { ...body, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) });
    items.push(...pick(reply));
    marker = reply.IsTruncated ? reply.Marker : undefined;
  } while (marker);
  return items;
}

export type PolicyScope = 'All' | 'AWS' | 'Local';

export const policyKeys = {
  all: ['policies'] as const,
  list: (scope: PolicyScope) => ['policies', 'list', scope] as const,
  detail: (arn: string) => ['policies', 'detail', arn] as const,
  version: (arn: string, versionId: string) => ['policies', 'version', arn, versionId] as const,
  versions: (arn: string) => ['policies', 'versions', arn] as const,
  entities: (arn: string) => ['policies', 'entities', arn] as const,
  attached: (kind: EntityKind, name: string) => ['policies', 'attached', kind, name] as const,
};

/** Every policy the account can see (about 1,500 AWS managed ones plus its own): loaded once, filtered locally. */
export const policiesListQuery = (scope: PolicyScope = 'All') =>
  queryOptions({
    queryKey: policyKeys.list(scope),
    queryFn: () => listAll<Policy, Page & { Policies: Policy[] }>('ListPolicies', { Scope: scope }, (r) => r.Policies),
    staleTime: 30_000,
  });

export const policyQuery = (arn: string) =>
  queryOptions({
    queryKey: policyKeys.detail(arn),
    queryFn: () => callIam<{ Policy: Policy }>('GetPolicy', { PolicyArn: arn }).then((r) => r.Policy),
  });

export const policyVersionQuery = (arn: string, versionId: string) =>
  queryOptions({
    queryKey: policyKeys.version(arn, versionId),
    queryFn: () =>
      callIam<{ PolicyVersion: PolicyVersion }>('GetPolicyVersion', { PolicyArn: arn, VersionId: versionId }).then((r) => r.PolicyVersion),
    enabled: versionId !== '',
  });

export const policyVersionsQuery = (arn: string) =>
  queryOptions({
    queryKey: policyKeys.versions(arn),
    queryFn: () => listAll<PolicyVersion, Page & { Versions: PolicyVersion[] }>('ListPolicyVersions', { PolicyArn: arn }, (r) => r.Versions),
  });

export const policyEntitiesQuery = (arn: string) =>
  queryOptions({
    queryKey: policyKeys.entities(arn),
    queryFn: async (): Promise<PolicyEntities> => {
      const result: PolicyEntities = { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [] };
      let marker: string | undefined;
      do {
        const reply: PolicyEntities & Page = await callIam('ListEntitiesForPolicy', { PolicyArn: arn, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) });
        result.PolicyGroups.push(...reply.PolicyGroups);
        result.PolicyUsers.push(...reply.PolicyUsers);
        result.PolicyRoles.push(...reply.PolicyRoles);
        marker = reply.IsTruncated ? reply.Marker : undefined;
      } while (marker);
      return result;
    },
  });

/** The managed policies attached to a user, group or role. */
export const attachedPoliciesQuery = (kind: EntityKind, name: string) =>
  queryOptions({
    queryKey: policyKeys.attached(kind, name),
    queryFn: () =>
      listAll<AttachedPolicy, Page & { AttachedPolicies: AttachedPolicy[] }>(`ListAttached${kind}Policies`, { [`${kind}Name`]: name }, (r) => r.AttachedPolicies),
  });

/** Names of the users, groups and roles of the account, for "Attach" pickers. */
export const entityNamesQuery = queryOptions({
  queryKey: ['policies', 'entity-names'] as const,
  queryFn: async () => {
    const [users, groups, roles] = await Promise.all([
      listAll<{ UserName: string }, Page & { Users: { UserName: string }[] }>('ListUsers', {}, (r) => r.Users),
      listAll<{ GroupName: string }, Page & { Groups: { GroupName: string }[] }>('ListGroups', {}, (r) => r.Groups),
      listAll<{ RoleName: string }, Page & { Roles: { RoleName: string }[] }>('ListRoles', {}, (r) => r.Roles),
    ]);
    return { users: users.map((u) => u.UserName), groups: groups.map((g) => g.GroupName), roles: roles.map((r) => r.RoleName) };
  },
});

export interface CreatePolicyInput {
  PolicyName: string;
  PolicyDocument: string;
  Description?: string;
  Path?: string;
  Tags?: Tag[];
}

export const createPolicy = (input: CreatePolicyInput) => callIam<{ Policy: Policy }>('CreatePolicy', input).then((r) => r.Policy);
export const createPolicyVersion = (input: { PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }) =>
  callIam<{ PolicyVersion: PolicyVersion }>('CreatePolicyVersion', input).then((r) => r.PolicyVersion);
export const deletePolicyVersion = (input: { PolicyArn: string; VersionId: string }) => callIam<void>('DeletePolicyVersion', input);
export const setDefaultPolicyVersion = (input: { PolicyArn: string; VersionId: string }) => callIam<void>('SetDefaultPolicyVersion', input);
export const deletePolicy = (input: { PolicyArn: string }) => callIam<void>('DeletePolicy', input);
export const attachPolicy = ({ kind, name, PolicyArn }: { kind: EntityKind; name: string; PolicyArn: string }) =>
  callIam<void>(`Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn });
export const detachPolicy = ({ kind, name, PolicyArn }: { kind: EntityKind; name: string; PolicyArn: string }) =>
  callIam<void>(`Detach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn });

const ENTITY_AREAS: Record<EntityKind, string> = { User: 'users', Group: 'groups', Role: 'roles' };

/** Everything a change to a policy or its attachments can make stale. */
function invalidatePolicies(queryClient: QueryClient, kinds: EntityKind[] = []) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: policyKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['account'] }),
    ...kinds.map((kind) => queryClient.invalidateQueries({ queryKey: [ENTITY_AREAS[kind]] })),
  ]);
}

export function useCreatePolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createPolicy, onSuccess: () => invalidatePolicies(queryClient) });
}

export function useCreatePolicyVersionMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createPolicyVersion, onSuccess: () => invalidatePolicies(queryClient) });
}

export function useDeletePolicyVersionMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deletePolicyVersion, onSuccess: () => invalidatePolicies(queryClient) });
}

export function useSetDefaultPolicyVersionMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: setDefaultPolicyVersion, onSuccess: () => invalidatePolicies(queryClient) });
}

export function useDeletePolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePolicy,
    onSuccess: (_data, { PolicyArn }) => {
      queryClient.removeQueries({ queryKey: policyKeys.detail(PolicyArn) });
      return invalidatePolicies(queryClient);
    },
  });
}

export function useAttachPolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: attachPolicy, onSuccess: (_d, input) => invalidatePolicies(queryClient, [input.kind]) });
}

export function useDetachPolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: detachPolicy, onSuccess: (_d, input) => invalidatePolicies(queryClient, [input.kind]) });
}
