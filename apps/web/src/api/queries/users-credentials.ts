// A user's security credentials: console password (login profile) and access keys.
// SECURITY: secrets returned by CreateAccessKey are handed to the caller only; they never enter
// the query cache (the mutation result lives in the screen's state until it is closed).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callIam } from './policies.ts';
import { userKeys, type LoginProfile } from './users.ts';

export interface NewAccessKey {
  UserName?: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
}

export const createAccessKey = (input: { UserName: string }) =>
  callIam<{ AccessKey: NewAccessKey }>('CreateAccessKey', input).then((r) => r.AccessKey);
export const updateAccessKey = (input: { UserName: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }) => callIam<void>('UpdateAccessKey', input);
export const deleteAccessKey = (input: { UserName: string; AccessKeyId: string }) => callIam<void>('DeleteAccessKey', input);
export const createLoginProfile = (input: { UserName: string; Password: string; PasswordResetRequired?: boolean }) =>
  callIam<{ LoginProfile: LoginProfile }>('CreateLoginProfile', input).then((r) => r.LoginProfile);
export const updateLoginProfile = (input: { UserName: string; Password?: string; PasswordResetRequired?: boolean }) => callIam<void>('UpdateLoginProfile', input);
export const deleteLoginProfile = (input: { UserName: string }) => callIam<void>('DeleteLoginProfile', input);

function useUserMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useCreateAccessKeyMutation = () => useUserMutation(createAccessKey);
export const useUpdateAccessKeyMutation = () => useUserMutation(updateAccessKey);
export const useDeleteAccessKeyMutation = () => useUserMutation(deleteAccessKey);
export const useCreateLoginProfileMutation = () => useUserMutation(createLoginProfile);
export const useUpdateLoginProfileMutation = () => useUserMutation(updateLoginProfile);
export const useDeleteLoginProfileMutation = () => useUserMutation(deleteLoginProfile);

/** The account password policy's "Allow users to change their own password" (false when none is set). */
export async function usersMayChangeOwnPassword(): Promise<boolean> {
  try {
    const reply = await callIam<{ PasswordPolicy: { AllowUsersToChangePassword?: boolean } }>('GetAccountPasswordPolicy');
    return reply.PasswordPolicy.AllowUsersToChangePassword === true;
  } catch {
    // NoSuchEntity: no custom policy, so users may not change their own (AWS attaches
    // IAMUserChangePassword in that case). Any other failure: attaching it is the safe choice.
    return false;
  }
}
