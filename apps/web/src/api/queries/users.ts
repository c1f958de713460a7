// Users: one page of the list (server-side Marker paging: an account can hold 100,000 users),
// one user, tags, the permissions boundary, and deleting a user the console's way (everything
// that blocks DeleteUser is removed first).
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../client.ts';
import type { ListPageRequest } from './list-page.ts';
import { invalidateIdentities } from './groups.ts';
import { callIam, listAll, type AttachedPolicy, type Tag } from './policies.ts';

/** AWS's User data type. */
export interface User {
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  PasswordLastUsed?: string;
  PermissionsBoundary?: { PermissionsBoundaryType: 'Policy'; PermissionsBoundaryArn: string };
  Tags?: Tag[];
}

export interface AccessKeyMetadata {
  UserName?: string;
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
}

export interface LoginProfile {
  UserName: string;
  CreateDate: string;
  PasswordResetRequired: boolean;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

export interface UsersPage {
  Users: User[];
  IsTruncated?: boolean;
  Marker?: string;
}

export const userKeys = {
  all: ['users'] as const,
  page: (marker: string | undefined, pageSize: number) => ['users', 'page', marker ?? '', pageSize] as const,
  firstThousand: ['users', 'first-thousand'] as const,
  detail: (name: string) => ['users', 'detail', name] as const,
  tags: (name: string) => ['users', 'tags', name] as const,
  accessKeys: (name: string) => ['users', 'access-keys', name] as const,
  accessKeyLastUsed: (id: string) => ['users', 'access-key-last-used', id] as const,
  loginProfile: (name: string) => ['users', 'login-profile', name] as const,
  deletionBlockers: (name: string) => ['users', 'deletion-blockers', name] as const,
};

/** One page of ListUsers, starting at `marker`. */
export const usersPageQuery = (marker: string | undefined, pageSize: number) =>
  queryOptions({
    queryKey: userKeys.page(marker, pageSize),
    queryFn: () => callIam<UsersPage>('ListUsers', { MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) }),
    placeholderData: keepPreviousData,
  });

/** A row of the console's ListUsers view: the user and what the Users page shows of it. */
export interface UserListRow extends User {
  GroupNames: string[];
  PasswordCreateDate?: string;
  ActiveAccessKeys: { AccessKeyId: string; CreateDate: string; LastUsedDate?: string }[];
  MfaDeviceTypes: ('Virtual' | 'Security key')[];
  /** The latest of the password's and the access keys' last use. */
  LastActivity?: string;
}

export interface UsersList {
  Users: UserListRow[];
  /** Users matching the search in the whole account. */
  TotalCount: number;
}

/** One page of the Users list, searched, sorted and counted by the server (one request per page). */
export const usersListQuery = (request: ListPageRequest) =>
  queryOptions({
    queryKey: ['users', 'list', request] as const,
    queryFn: () => api.post<UsersList>('/api/console/ListUsers', request),
    placeholderData: keepPreviousData,
  });

/** The first 1,000 users: what pickers (group members, "copy from user") offer, filtered locally. */
export const usersForPickerQuery = queryOptions({
  queryKey: userKeys.firstThousand,
  queryFn: () => callIam<UsersPage>('ListUsers', { MaxItems: 1000 }),
});

export const userQuery = (name: string) =>
  queryOptions({
    queryKey: userKeys.detail(name),
    queryFn: () => callIam<{ User: User }>('GetUser', { UserName: name }).then((r) => r.User),
  });

export const userTagsQuery = (name: string) =>
  queryOptions({
    queryKey: userKeys.tags(name),
    queryFn: () => listAll<Tag, Page & { Tags: Tag[] }>('ListUserTags', { UserName: name }, (r) => r.Tags),
  });

export const accessKeysQuery = (name: string) =>
  queryOptions({
    queryKey: userKeys.accessKeys(name),
    queryFn: () => listAll<AccessKeyMetadata, Page & { AccessKeyMetadata: AccessKeyMetadata[] }>('ListAccessKeys', { UserName: name }, (r) => r.AccessKeyMetadata),
  });

export interface AccessKeyLastUsed {
  LastUsedDate?: string;
  ServiceName: string;
  Region: string;
}

export const accessKeyLastUsedQuery = (accessKeyId: string) =>
  queryOptions({
    queryKey: userKeys.accessKeyLastUsed(accessKeyId),
    queryFn: () => callIam<{ AccessKeyLastUsed: AccessKeyLastUsed }>('GetAccessKeyLastUsed', { AccessKeyId: accessKeyId }).then((r) => r.AccessKeyLastUsed),
  });

/** The user's console password profile; `null` when console access is disabled. */
export async function getLoginProfile(name: string): Promise<LoginProfile | null> {
  try {
    return await callIam<{ LoginProfile: LoginProfile }>('GetLoginProfile', { UserName: name }).then((r) => r.LoginProfile);
  } catch (error) {
    if (isApiError(error, 'NoSuchEntity')) return null;
    throw error;
  }
}

export const loginProfileQuery = (name: string) =>
  queryOptions({ queryKey: userKeys.loginProfile(name), queryFn: () => getLoginProfile(name) });

interface ServiceCredentialRef {
  ServiceSpecificCredentialId: string;
  ServiceName: string;
}

/** What stands in the way of DeleteUser (AWS: DeleteConflict until these are gone). */
export interface DeletionBlockers {
  loginProfile: boolean;
  accessKeys: string[];
  /** CertificateIds of X.509 signing certificates. */
  signingCertificates: string[];
  /** SSHPublicKeyIds (SSH public keys for AWS CodeCommit). */
  sshPublicKeys: string[];
  /** Service-specific credentials (HTTPS Git credentials and the like). */
  serviceSpecificCredentials: ServiceCredentialRef[];
  groups: string[];
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: string[];
}

export async function getDeletionBlockers(UserName: string): Promise<DeletionBlockers> {
  const [profile, keys, signingCertificates, sshPublicKeys, serviceSpecificCredentials, groups, attachedPolicies, inlinePolicies] = await Promise.all([
    getLoginProfile(UserName),
    listAll<AccessKeyMetadata, Page & { AccessKeyMetadata: AccessKeyMetadata[] }>('ListAccessKeys', { UserName }, (r) => r.AccessKeyMetadata),
    listAll<{ CertificateId: string }, Page & { Certificates: { CertificateId: string }[] }>('ListSigningCertificates', { UserName }, (r) => r.Certificates),
    listAll<{ SSHPublicKeyId: string }, Page & { SSHPublicKeys: { SSHPublicKeyId: string }[] }>('ListSSHPublicKeys', { UserName }, (r) => r.SSHPublicKeys),
    listAll<ServiceCredentialRef, Page & { ServiceSpecificCredentials: ServiceCredentialRef[] }>('ListServiceSpecificCredentials', { UserName }, (r) => r.ServiceSpecificCredentials),
    listAll<{ GroupName: string }, Page & { Groups: { GroupName: string }[] }>('ListGroupsForUser', { UserName }, (r) => r.Groups),
    listAll<AttachedPolicy, Page & { AttachedPolicies: AttachedPolicy[] }>('ListAttachedUserPolicies', { UserName }, (r) => r.AttachedPolicies),
    listAll<string, Page & { PolicyNames: string[] }>('ListUserPolicies', { UserName }, (r) => r.PolicyNames),
  ]);
  return {
    loginProfile: profile !== null,
    accessKeys: keys.map((k) => k.AccessKeyId),
    signingCertificates: signingCertificates.map((c) => c.CertificateId),
    sshPublicKeys: sshPublicKeys.map((k) => k.SSHPublicKeyId),
    serviceSpecificCredentials: serviceSpecificCredentials.map(({ ServiceSpecificCredentialId, ServiceName }) => ({ ServiceSpecificCredentialId, ServiceName })),
    groups: groups.map((g) => g.GroupName),
    attachedPolicies,
    inlinePolicies,
  };
}

export const deletionBlockersQuery = (name: string) =>
  queryOptions({ queryKey: userKeys.deletionBlockers(name), queryFn: () => getDeletionBlockers(name), staleTime: 0 });

/** Removes what blocks DeleteUser (fetched afresh), then deletes the user. */
export async function deleteUserCascade(UserName: string): Promise<void> {
  const blockers = await getDeletionBlockers(UserName);
  if (blockers.loginProfile) await ignoreMissing(callIam<void>('DeleteLoginProfile', { UserName }));
  for (const AccessKeyId of blockers.accessKeys) await ignoreMissing(callIam<void>('DeleteAccessKey', { UserName, AccessKeyId }));
  for (const CertificateId of blockers.signingCertificates) await ignoreMissing(callIam<void>('DeleteSigningCertificate', { UserName, CertificateId }));
  for (const SSHPublicKeyId of blockers.sshPublicKeys) await ignoreMissing(callIam<void>('DeleteSSHPublicKey', { UserName, SSHPublicKeyId }));
  for (const { ServiceSpecificCredentialId } of blockers.serviceSpecificCredentials) {
    await ignoreMissing(callIam<void>('DeleteServiceSpecificCredential', { UserName, ServiceSpecificCredentialId }));
  }
  for (const GroupName of blockers.groups) await ignoreMissing(callIam<void>('RemoveUserFromGroup', { UserName, GroupName }));
  for (const { PolicyArn } of blockers.attachedPolicies) await ignoreMissing(callIam<void>('DetachUserPolicy', { UserName, PolicyArn }));
  for (const PolicyName of blockers.inlinePolicies) await ignoreMissing(callIam<void>('DeleteUserPolicy', { UserName, PolicyName }));
  await callIam<void>('DeleteUser', { UserName });
}

async function ignoreMissing(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isApiError(error, 'NoSuchEntity')) throw error;
  }
}

export function useDeleteUsersMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (names: string[]) => {
      for (const name of names) await deleteUserCascade(name);
    },
    onSettled: (_d, _e, names) => {
      for (const name of names) queryClient.removeQueries({ queryKey: userKeys.detail(name) });
      return invalidateIdentities(queryClient);
    },
  });
}

export function useTagUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ UserName, set, remove }: { UserName: string; set: Tag[]; remove: string[] }) => {
      if (remove.length) await callIam<void>('UntagUser', { UserName, TagKeys: remove });
      if (set.length) await callIam<void>('TagUser', { UserName, Tags: set });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function usePermissionsBoundaryMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ UserName, PermissionsBoundary }: { UserName: string; PermissionsBoundary: string | null }) =>
      PermissionsBoundary
        ? callIam<void>('PutUserPermissionsBoundary', { UserName, PermissionsBoundary })
        : callIam<void>('DeleteUserPermissionsBoundary', { UserName }),
    onSettled: () => invalidateIdentities(queryClient),
  });
}
