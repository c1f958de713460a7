// Account-wide settings: the password policy, the account alias, and the account summary
// (usage and quotas, for the dashboard).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../client.ts';
import { callIam } from './policies.ts';

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
  dashboard: ['account', 'dashboard'] as const,
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

/** The console's Dashboard view: the dashboard's figures, computed on the server in one request. */
export interface Dashboard {
  Users: number;
  Groups: number;
  Roles: number;
  Policies: number;
  Providers: number;
  AccountMFAEnabled: boolean;
  AccountAccessKeysPresent: boolean;
  AccountAlias?: string;
  PasswordPolicyPresent: boolean;
  ActiveAccessKeys: number;
  ActiveAccessKeysOlderThan90Days: number;
}

/** Everything the dashboard shows, whatever the account's size (never a request per user). */
export const dashboardQuery = queryOptions({
  queryKey: accountKeys.dashboard,
  queryFn: () => api.post<Dashboard>('/api/console/Dashboard', {}),
});
