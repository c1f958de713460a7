// Account-wide settings: the password policy, the account alias, and the account summary
// (usage and quotas, for the dashboard).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../client.ts';
import { callIam, listAll } from './policies.ts';

/** AWS's PasswordPolicy data type (GetAccountPasswordPolicy). */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** UpdateAccountPasswordPolicy's input: a parameter left out is reset to its default. */
export interface UpdatePasswordPolicyInput {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/** GetAccountSummary's SummaryMap (usage and quotas). */
export type AccountSummary = Record<string, number>;

export const accountKeys = {
  all: ['account'] as const,
  passwordPolicy: ['account', 'password-policy'] as const,
  aliases: ['account', 'aliases'] as const,
  summary: ['account', 'summary'] as const,
};

/** The account's password policy; null when none is set (NoSuchEntity: IAM's default applies). */
export const passwordPolicyQuery = queryOptions({
  queryKey: accountKeys.passwordPolicy,
  queryFn: async (): Promise<PasswordPolicy | null> => {
    try {
      return (await callIam<{ PasswordPolicy: PasswordPolicy }>('GetAccountPasswordPolicy')).PasswordPolicy;
    } catch (error) {
      if (isApiError(error, 'NoSuchEntity')) return null;
      throw error;
    }
  },
});

/** The account alias, or null. */
export const accountAliasQuery = queryOptions({
  queryKey: accountKeys.aliases,
  queryFn: async () => (await callIam<{ AccountAliases: string[] }>('ListAccountAliases')).AccountAliases[0] ?? null,
});

export const accountSummaryQuery = queryOptions({
  queryKey: accountKeys.summary,
  queryFn: async () => (await callIam<{ SummaryMap: AccountSummary }>('GetAccountSummary')).SummaryMap,
});

export function useUpdatePasswordPolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdatePasswordPolicyInput) => callIam<void>('UpdateAccountPasswordPolicy', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useDeletePasswordPolicyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => callIam<void>('DeleteAccountPasswordPolicy'),
    onSuccess: () => {
      queryClient.setQueryData(accountKeys.passwordPolicy, null);
      return queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

/** Sets the alias: CreateAccountAlias replaces the account's previous one. */
export function useCreateAccountAliasMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => callIam<void>('CreateAccountAlias', { AccountAlias: alias }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useDeleteAccountAliasMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => callIam<void>('DeleteAccountAlias', { AccountAlias: alias }),
    onSuccess: () => {
      queryClient.setQueryData(accountKeys.aliases, null);
      return queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

export interface AccessKeyMetadata {
  UserName?: string;
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
}

/** Active access keys older than `days` (AWS recommends rotating every 90 days), across the account's users. */
export const oldAccessKeysQuery = (days = 90) =>
  queryOptions({
    queryKey: ['account', 'old-access-keys', days] as const,
    queryFn: async (): Promise<AccessKeyMetadata[]> => {
      const users = await listAll<{ UserName: string }, { Users: { UserName: string }[]; IsTruncated?: boolean; Marker?: string }>('ListUsers', {}, (r) => r.Users);
      const cutoff = Date.now() - days * 24 * 3600_000;
      const keys = await Promise.all(
        users.map((u) =>
          listAll<AccessKeyMetadata, { AccessKeyMetadata: AccessKeyMetadata[]; IsTruncated?: boolean; Marker?: string }>('ListAccessKeys', { UserName: u.UserName }, (r) =>
            r.AccessKeyMetadata.map((k) => ({ ...k, UserName: k.UserName ?? u.UserName })),
          ),
        ),
      );
      return keys.flat().filter((k) => k.Status === 'Active' && new Date(k.CreateDate).getTime() < cutoff);
    },
    staleTime: 60_000,
  });
