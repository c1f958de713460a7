// A user's AWS CodeCommit credentials: SSH public keys and HTTPS Git credentials (the
// service-specific credentials of codecommit.amazonaws.com).
// SECURITY: the password returned by Create/ResetServiceSpecificCredential is handed to the
// caller only; it never enters the query cache (the mutation result lives in the screen's state
// until its dialog is closed).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { callIam, listAll } from '../../api/queries/policies.ts';
import { userKeys } from '../../api/queries/users.ts';

export const CODECOMMIT_SERVICE = 'codecommit.amazonaws.com';

export type CredentialStatus = 'Active' | 'Inactive';

export interface SshPublicKeyMetadata {
  UserName: string;
  SSHPublicKeyId: string;
  Status: CredentialStatus;
  UploadDate: string;
}

export interface GitCredential {
  UserName: string;
  ServiceName: string;
  ServiceUserName: string;
  ServiceSpecificCredentialId: string;
  Status: CredentialStatus | 'Expired';
  CreateDate: string;
}

/** The credential with its password, as Create and Reset return it (once). */
export interface GitCredentialWithPassword extends GitCredential {
  ServicePassword: string;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

export const codeCommitKeys = {
  sshPublicKeys: (name: string) => [...userKeys.all, 'ssh-public-keys', name] as const,
  gitCredentials: (name: string) => [...userKeys.all, 'git-credentials', name] as const,
};

export const sshPublicKeysQuery = (userName: string) =>
  queryOptions({
    queryKey: codeCommitKeys.sshPublicKeys(userName),
    queryFn: () => listAll<SshPublicKeyMetadata, Page & { SSHPublicKeys: SshPublicKeyMetadata[] }>('ListSSHPublicKeys', { UserName: userName }, (r) => r.SSHPublicKeys),
  });

export const gitCredentialsQuery = (userName: string) =>
  queryOptions({
    queryKey: codeCommitKeys.gitCredentials(userName),
    queryFn: () =>
      listAll<GitCredential, Page & { ServiceSpecificCredentials: GitCredential[] }>(
        'ListServiceSpecificCredentials',
        { UserName: userName, ServiceName: CODECOMMIT_SERVICE },
        (r) => r.ServiceSpecificCredentials,
      ),
  });

export const uploadSshPublicKey = (input: { UserName: string; SSHPublicKeyBody: string }) =>
  callIam<{ SSHPublicKey: SshPublicKeyMetadata }>('UploadSSHPublicKey', input).then((r) => r.SSHPublicKey);
export const updateSshPublicKey = (input: { UserName: string; SSHPublicKeyId: string; Status: CredentialStatus }) => callIam<void>('UpdateSSHPublicKey', input);
export const deleteSshPublicKey = (input: { UserName: string; SSHPublicKeyId: string }) => callIam<void>('DeleteSSHPublicKey', input);

export const createGitCredential = (input: { UserName: string }) =>
  callIam<{ ServiceSpecificCredential: GitCredentialWithPassword }>('CreateServiceSpecificCredential', { ...input, ServiceName: CODECOMMIT_SERVICE }).then(
    (r) => r.ServiceSpecificCredential,
  );
export const resetGitCredential = (input: { UserName: string; ServiceSpecificCredentialId: string }) =>
  callIam<{ ServiceSpecificCredential: GitCredentialWithPassword }>('ResetServiceSpecificCredential', input).then((r) => r.ServiceSpecificCredential);
export const updateGitCredential = (input: { UserName: string; ServiceSpecificCredentialId: string; Status: CredentialStatus }) =>
  callIam<void>('UpdateServiceSpecificCredential', input);
export const deleteGitCredential = (input: { UserName: string; ServiceSpecificCredentialId: string }) => callIam<void>('DeleteServiceSpecificCredential', input);

function useUserMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useUploadSshPublicKeyMutation = () => useUserMutation(uploadSshPublicKey);
export const useUpdateSshPublicKeyMutation = () => useUserMutation(updateSshPublicKey);
export const useDeleteSshPublicKeyMutation = () => useUserMutation(deleteSshPublicKey);
export const useCreateGitCredentialMutation = () => useUserMutation(createGitCredential);
export const useResetGitCredentialMutation = () => useUserMutation(resetGitCredential);
export const useUpdateGitCredentialMutation = () => useUserMutation(updateGitCredential);
export const useDeleteGitCredentialMutation = () => useUserMutation(deleteGitCredential);
