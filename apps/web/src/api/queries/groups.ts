// User groups: the list, one group with its members, creating (with members and policies),
// deleting (the console removes members and policies first, as AWS's does), membership changes,
// and the inline policies of users and groups (same API shape for both kinds).
// Keys start with 'groups' / 'users' so policies.ts's attachment mutations invalidate them too.
import { keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../client.ts';
import type { ListPageRequest } from './list-page.ts';
import { callIam, listAll, policyKeys, type AttachedPolicy } from './policies.ts';

/** AWS's Group data type. */
export interface Group {
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
}

/** The users of GetGroup (AWS's User data type, as listed). */
export interface GroupMember {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  PasswordLastUsed?: string;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/** Managed policies per group: a fixed AWS quota (reference_iam-quotas). */
export const MAX_POLICIES_PER_GROUP = 10;

export const groupKeys = {
  all: ['groups'] as const,
  list: ['groups', 'list'] as const,
  detail: (name: string) => ['groups', 'detail', name] as const,
  forUser: (userName: string) => ['users', 'groups-for-user', userName] as const,
};

export type InlineKind = 'User' | 'Group';
const AREA: Record<InlineKind, 'users' | 'groups'> = { User: 'users', Group: 'groups' };

export const inlineKeys = {
  list: (kind: InlineKind, name: string) => [AREA[kind], 'inline', name] as const,
  document: (kind: InlineKind, name: string, policyName: string) => [AREA[kind], 'inline', name, policyName] as const,
};

/** Every group of the account (at most 300–500, so loaded whole and filtered locally). */
export const groupsListQuery = queryOptions({
  queryKey: groupKeys.list,
  queryFn: () => listAll<Group, Page & { Groups: Group[] }>('ListGroups', {}, (r) => r.Groups),
});

/** A row of the console's ListGroups view: the group with its member and permission counts. */
export interface GroupListRow extends Group {
  UserCount: number;
  /** Managed policies attached plus inline policies. */
  PolicyCount: number;
}

/** One page of the User groups list, searched, sorted and counted by the server (one request per page). */
export const groupsListPageQuery = (request: ListPageRequest) =>
  queryOptions({
    queryKey: ['groups', 'list-page', request] as const,
    queryFn: () => api.post<{ Groups: GroupListRow[]; TotalCount: number }>('/api/console/ListGroups', request),
    placeholderData: keepPreviousData,
  });

/** One group and all of its members. */
export const groupQuery = (name: string) =>
  queryOptions({
    queryKey: groupKeys.detail(name),
    queryFn: async () => {
      let group: Group | undefined;
      const users: GroupMember[] = [];
      let marker: string | undefined;
      do {
        const reply: Page & { Group: Group; Users: GroupMember[] } = await callIam('GetGroup', {
          GroupName: name,
          MaxItems: 1000,
          ...(marker ? { Marker: marker } : {}),
        });
        group = reply.Group;
        users.push(...reply.Users);
        marker = reply.IsTruncated ? reply.Marker : undefined;
      } while (marker);
      return { group: group!, users };
    },
  });

/** The groups a user belongs to (at most 10). */
export const groupsForUserQuery = (userName: string) =>
  queryOptions({
    queryKey: groupKeys.forUser(userName),
    queryFn: () => listAll<Group, Page & { Groups: Group[] }>('ListGroupsForUser', { UserName: userName }, (r) => r.Groups),
  });

/** Names of a user's or group's inline policies. */
export const inlinePoliciesQuery = (kind: InlineKind, name: string) =>
  queryOptions({
    queryKey: inlineKeys.list(kind, name),
    queryFn: () => listAll<string, Page & { PolicyNames: string[] }>(`List${kind}Policies`, { [`${kind}Name`]: name }, (r) => r.PolicyNames),
  });

export const inlinePolicyQuery = (kind: InlineKind, name: string, policyName: string) =>
  queryOptions({
    queryKey: inlineKeys.document(kind, name, policyName),
    queryFn: () =>
      callIam<{ PolicyDocument: string }>(`Get${kind}Policy`, { [`${kind}Name`]: name, PolicyName: policyName }).then((r) => r.PolicyDocument),
    enabled: policyName !== '',
  });

export const createGroup = (input: { GroupName: string; Path?: string }) => callIam<{ Group: Group }>('CreateGroup', input).then((r) => r.Group);
export const addUserToGroup = (input: { GroupName: string; UserName: string }) => callIam<void>('AddUserToGroup', input);
export const removeUserFromGroup = (input: { GroupName: string; UserName: string }) => callIam<void>('RemoveUserFromGroup', input);
export const putInlinePolicy = ({ kind, name, PolicyName, PolicyDocument }: { kind: InlineKind; name: string; PolicyName: string; PolicyDocument: string }) =>
  callIam<void>(`Put${kind}Policy`, { [`${kind}Name`]: name, PolicyName, PolicyDocument });
export const deleteInlinePolicy = ({ kind, name, PolicyName }: { kind: InlineKind; name: string; PolicyName: string }) =>
  callIam<void>(`Delete${kind}Policy`, { [`${kind}Name`]: name, PolicyName });

/** What "Create group" sends: the group, then its members and its managed policies. */
export interface CreateGroupRequest {
  GroupName: string;
  userNames: string[];
  policyArns: string[];
}

/**
 * CreateGroup, then AddUserToGroup and AttachGroupPolicy for each choice. The group exists once
 * the first call succeeds; a later failure is reported with the group's name so the person can
 * finish on its page.
 */
export async function createGroupWithMembers({ GroupName, userNames, policyArns }: CreateGroupRequest): Promise<Group> {
  const group = await createGroup({ GroupName });
  for (const UserName of userNames) await addUserToGroup({ GroupName, UserName });
  for (const PolicyArn of policyArns) await callIam<void>('AttachGroupPolicy', { GroupName, PolicyArn });
  return group;
}

/** Deletes a group the way the console does: members, managed and inline policies first, then the group. */
export async function deleteGroupCascade(GroupName: string): Promise<void> {
  const members = await groupMembers(GroupName);
  for (const UserName of members) await removeUserFromGroup({ GroupName, UserName });
  const attached = await listAll<AttachedPolicy, Page & { AttachedPolicies: AttachedPolicy[] }>('ListAttachedGroupPolicies', { GroupName }, (r) => r.AttachedPolicies);
  for (const { PolicyArn } of attached) await callIam<void>('DetachGroupPolicy', { GroupName, PolicyArn });
  const inline = await listAll<string, Page & { PolicyNames: string[] }>('ListGroupPolicies', { GroupName }, (r) => r.PolicyNames);
  for (const PolicyName of inline) await deleteInlinePolicy({ kind: 'Group', name: GroupName, PolicyName });
  await callIam<void>('DeleteGroup', { GroupName });
}

async function groupMembers(GroupName: string): Promise<string[]> {
  try {
    return await listAll<GroupMember, Page & { Users: GroupMember[] }>('GetGroup', { GroupName }, (r) => r.Users).then((users) => users.map((u) => u.UserName));
  } catch (error) {
    if (isApiError(error, 'NoSuchEntity')) return [];
    throw error;
  }
}

/** Groups and users are linked: a membership or policy change makes both areas' lists stale. */
export function invalidateIdentities(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: groupKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['users'] }),
    queryClient.invalidateQueries({ queryKey: policyKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['account'] }),
  ]);
}

export function useCreateGroupMutation() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createGroupWithMembers, onSettled: () => invalidateIdentities(queryClient) });
}

export function useDeleteGroupsMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (names: string[]) => {
      for (const name of names) await deleteGroupCascade(name);
    },
    onSettled: (_d, _e, names) => {
      for (const name of names) queryClient.removeQueries({ queryKey: groupKeys.detail(name) });
      return invalidateIdentities(queryClient);
    },
  });
}

/** Adds several users to one group, or one user to several groups. */
export function useAddMembershipsMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (pairs: { GroupName: string; UserName: string }[]) => {
      for (const pair of pairs) await addUserToGroup(pair);
    },
    onSettled: () => invalidateIdentities(queryClient),
  });
}

export function useRemoveMembershipsMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (pairs: { GroupName: string; UserName: string }[]) => {
      for (const pair of pairs) await removeUserFromGroup(pair);
    },
    onSettled: () => invalidateIdentities(queryClient),
  });
}

export function usePutInlinePolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putInlinePolicy,
    onSuccess: (_d, input) => queryClient.invalidateQueries({ queryKey: [AREA[input.kind]] }),
  });
}

export function useDeleteInlinePolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteInlinePolicy,
    onSuccess: (_d, input) => queryClient.invalidateQueries({ queryKey: [AREA[input.kind]] }),
  });
}

/** Attaches or detaches several managed policies of one user or group. */
export function useAttachManyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, name, arns, detach = false }: { kind: InlineKind; name: string; arns: string[]; detach?: boolean }) => {
      for (const PolicyArn of arns) await callIam<void>(`${detach ? 'Detach' : 'Attach'}${kind}Policy`, { [`${kind}Name`]: name, PolicyArn });
    },
    onSettled: () => invalidateIdentities(queryClient),
  });
}
