// IAM Access Analyzer policy generation for a user or role: StartPolicyGeneration over a period,
// then GetGeneratedPolicy (polled while IN_PROGRESS), and the principal's latest generation from
// ListPolicyGenerations. The console reaches them as `POST /api/access-analyzer/<Action>`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

export type PolicyGenerationStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

export interface PolicyGenerationSummary {
  jobId: string;
  principalArn: string;
  status: PolicyGenerationStatus;
  startedOn: string;
  completedOn?: string;
}

export interface GeneratedPolicy {
  jobDetails: { jobId: string; status: PolicyGenerationStatus; startedOn: string; completedOn?: string; jobError?: { code: string; message: string } };
  generatedPolicyResult: {
    properties: { principalArn: string; isComplete?: boolean; cloudTrailProperties?: { startTime: string; endTime: string } };
    generatedPolicies?: { policy: string }[];
  };
}

function callAccessAnalyzer<T>(action: string, input: object): Promise<T> {
  return api.post<T>(`/api/access-analyzer/${action}`, input);
}

export const policyGenerationKeys = {
  all: ['policy-generation'] as const,
  latest: (principalArn: string) => ['policy-generation', 'latest', principalArn] as const,
  job: (jobId: string) => ['policy-generation', 'job', jobId] as const,
};

/** The principal's most recent generation of the last seven days, or null. */
export const latestPolicyGenerationQuery = (principalArn: string) =>
  queryOptions({
    queryKey: policyGenerationKeys.latest(principalArn),
    queryFn: async () => (await callAccessAnalyzer<{ policyGenerations: PolicyGenerationSummary[] }>('ListPolicyGenerations', { principalArn, maxResults: 1 })).policyGenerations[0] ?? null,
  });

/** A generation's result, with the resources the activity named (polled until it is no longer in progress). */
export const generatedPolicyQuery = (jobId: string) =>
  queryOptions({
    queryKey: policyGenerationKeys.job(jobId),
    queryFn: () => callAccessAnalyzer<GeneratedPolicy>('GetGeneratedPolicy', { jobId, includeResourcePlaceholders: true }),
    refetchInterval: (query) => (query.state.data?.jobDetails.status === 'IN_PROGRESS' ? 2000 : false),
  });

export interface Period {
  startTime: Date;
  endTime: Date;
}

/**
 * Starts a generation from the principal's activity in the period. AWS requires the CloudTrail
 * trail to read and the service role that reads it; Portcullis reads its own audit log, so the
 * console names that log as the trail and AWS's default service role (neither is used).
 */
export function useStartPolicyGenerationMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ principalArn, period }: { principalArn: string; period: Period }) => {
      const account = principalArn.split(':')[4];
      return callAccessAnalyzer<{ jobId: string }>('StartPolicyGeneration', {
        policyGenerationDetails: { principalArn },
        cloudTrailDetails: {
          trails: [{ cloudTrailArn: `arn:aws:cloudtrail:us-east-1:${account}:trail/audit-log`, allRegions: true }],
          accessRole: `arn:aws:iam::${account}:role/service-role/AccessAnalyzerMonitorServiceRole`,
          startTime: period.startTime.toISOString(),
          endTime: period.endTime.toISOString(),
        },
      });
    },
    onSuccess: (_data, { principalArn }) => queryClient.invalidateQueries({ queryKey: policyGenerationKeys.latest(principalArn) }),
  });
}
