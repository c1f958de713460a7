// AWS Organizations: the installation's accounts (ListAccounts), creating member accounts
// (CreateAccount) and giving a member account's root user a password (Portcullis's
// SetAccountRootPassword, which stands in for AWS's root-password recovery e-mail).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

export interface OrganizationAccount {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: string;
  JoinedMethod: 'CREATED' | 'INVITED';
  /** ISO date over REST. */
  JoinedTimestamp: string;
}

export interface CreateAccountStatus {
  Id?: string;
  AccountName?: string;
  State: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  AccountId?: string;
  FailureReason?: string;
}

export const organizationsKeys = {
  all: ['organizations'] as const,
  accounts: ['organizations', 'accounts'] as const,
};

/** Every account of the organization, following NextToken (organizations are small). */
export const accountsQuery = queryOptions({
  queryKey: organizationsKeys.accounts,
  queryFn: async () => {
    const all: OrganizationAccount[] = [];
    let token: string | undefined;
    do {
      const reply = await api.post<{ Accounts: OrganizationAccount[]; NextToken?: string }>('/api/organizations/ListAccounts', token ? { NextToken: token } : {});
      all.push(...reply.Accounts);
      token = reply.NextToken;
    } while (token);
    return all;
  },
});

export function useCreateAccountMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { AccountName: string; Email: string }) => api.post<{ CreateAccountStatus: CreateAccountStatus }>('/api/organizations/CreateAccount', input),
    onSuccess: () => client.invalidateQueries({ queryKey: organizationsKeys.accounts }),
  });
}

export function useSetAccountRootPasswordMutation() {
  return useMutation({
    mutationFn: (input: { AccountId: string; Password: string }) => api.post<Record<string, never>>('/api/portcullis/SetAccountRootPassword', input),
  });
}

/** Human words for CreateAccount's FailureReason codes. */
export const CREATE_ACCOUNT_FAILURE_REASONS: Record<string, string> = {
  EMAIL_ALREADY_EXISTS: 'An AWS account with this email address already exists.',
  ACCOUNT_LIMIT_EXCEEDED: 'The organization has reached its limit of accounts.',
  INVALID_EMAIL: 'The email address is not valid.',
  INVALID_ADDRESS: 'The address is not valid.',
  INTERNAL_FAILURE: 'The account could not be created because of an internal failure.',
};
