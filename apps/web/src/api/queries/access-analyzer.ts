// IAM Access Analyzer: analyzers, their findings (external access and unused access) and archive
// rules. The console reaches the REST-JSON actions as `POST /api/access-analyzer/<Action>` with
// AWS's member names as the JSON body (path and query members such as analyzerName, analyzerArn
// and id included); replies are AWS's shapes.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Operations.html
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

export type AnalyzerType = 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS' | 'ORGANIZATION_UNUSED_ACCESS' | 'ACCOUNT_INTERNAL_ACCESS' | 'ORGANIZATION_INTERNAL_ACCESS';
export type FindingStatus = 'ACTIVE' | 'ARCHIVED' | 'RESOLVED';
export type FindingType = 'ExternalAccess' | 'UnusedIAMRole' | 'UnusedIAMUserAccessKey' | 'UnusedIAMUserPassword' | 'UnusedPermission' | 'InternalAccess';

export interface AnalyzerSummary {
  arn: string;
  name: string;
  type: AnalyzerType;
  createdAt: string;
  lastResourceAnalyzed?: string;
  lastResourceAnalyzedAt?: string;
  tags?: Record<string, string>;
  status: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
  statusReason?: { code: string };
  configuration?: AnalyzerConfiguration;
}

/** An unused access analyzer's configuration (exclusions are kept as they came: the console does not edit them). */
export interface AnalyzerConfiguration {
  unusedAccess?: { unusedAccessAge?: number; analysisRule?: unknown };
}

/** One criterion of a filter (archive rules, ListFindings): every criterion must hold. */
export interface Criterion {
  eq?: string[];
  neq?: string[];
  contains?: string[];
  exists?: boolean;
}

/** AWS's FilterCriteriaMap: finding attribute → criterion. */
export type FilterCriteria = Record<string, Criterion>;

/** ListFindings / GetFinding's Finding: an external access finding. */
export interface Finding {
  id: string;
  principal?: Record<string, string>;
  action?: string[];
  resource?: string;
  isPublic?: boolean;
  resourceType: string;
  condition: Record<string, string>;
  createdAt: string;
  analyzedAt: string;
  updatedAt: string;
  status: FindingStatus;
  resourceOwnerAccount: string;
  error?: string;
  sources?: { type: string; detail?: { accessPointArn?: string; accessPointAccount?: string } }[];
}

/** ListFindingsV2's FindingSummaryV2. */
export interface FindingSummaryV2 {
  id: string;
  resource?: string;
  resourceType: string;
  resourceOwnerAccount: string;
  status: FindingStatus;
  createdAt: string;
  analyzedAt: string;
  updatedAt: string;
  error?: string;
  findingType?: FindingType;
}

export interface UnusedAction {
  action: string;
  lastAccessed?: string;
}

/** One member of GetFindingV2's findingDetails (a union: one key is set). */
export interface FindingDetails {
  externalAccessDetails?: { action?: string[]; condition: Record<string, string>; isPublic?: boolean; principal?: Record<string, string>; sources?: Finding['sources'] };
  unusedPermissionDetails?: { serviceNamespace: string; actions?: UnusedAction[]; lastAccessed?: string };
  unusedIamUserAccessKeyDetails?: { accessKeyId: string; lastAccessed?: string };
  unusedIamRoleDetails?: { lastAccessed?: string };
  unusedIamUserPasswordDetails?: { lastAccessed?: string };
}

export interface FindingV2 extends FindingSummaryV2 {
  findingDetails: FindingDetails[];
}

export interface ArchiveRule {
  ruleName: string;
  filter: FilterCriteria;
  createdAt: string;
  updatedAt: string;
}

/** GetFindingRecommendation's reply. */
export interface FindingRecommendation {
  startedAt: string;
  completedAt?: string;
  resourceArn: string;
  recommendationType: 'UnusedPermissionRecommendation';
  status: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  error?: { code: string; message: string };
  recommendedSteps?: { unusedPermissionsRecommendedStep?: { recommendedAction: 'CREATE_POLICY' | 'DETACH_POLICY'; recommendedPolicy?: string; existingPolicyId?: string; policyUpdatedAt?: string } }[];
}

/** Calls one Access Analyzer action through the console's REST protocol. */
export function callAccessAnalyzer<T>(action: string, input: object = {}): Promise<T> {
  return api.post<T>(`/api/access-analyzer/${action}`, input);
}

/** Follows `nextToken` to the end (AWS's pages are at most 1,000 items). */
async function listAll<T>(action: string, input: object, items: (reply: Record<string, unknown>) => T[]): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const reply = await callAccessAnalyzer<Record<string, unknown> & { nextToken?: string }>(action, { ...input, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    all.push(...items(reply));
    nextToken = reply.nextToken;
  } while (nextToken);
  return all;
}

export const accessAnalyzerKeys = {
  all: ['access-analyzer'] as const,
  analyzers: ['access-analyzer', 'analyzers'] as const,
  analyzer: (name: string) => ['access-analyzer', 'analyzers', name] as const,
  findings: ['access-analyzer', 'findings'] as const,
  findingList: (analyzerArn: string, action: string, filter: FilterCriteria) => ['access-analyzer', 'findings', 'list', analyzerArn, action, filter] as const,
  finding: (analyzerArn: string, id: string) => ['access-analyzer', 'findings', 'detail', analyzerArn, id] as const,
  recommendation: (analyzerArn: string, id: string) => ['access-analyzer', 'findings', 'recommendation', analyzerArn, id] as const,
  archiveRules: (analyzerName: string) => ['access-analyzer', 'archive-rules', analyzerName] as const,
};

/** External access analyzers look at who outside the zone of trust may reach a resource; unused access analyzers at what goes unused. */
export const isUnusedAccessAnalyzer = (type: AnalyzerType) => type === 'ACCOUNT_UNUSED_ACCESS' || type === 'ORGANIZATION_UNUSED_ACCESS';
export const isExternalAccessAnalyzer = (type: AnalyzerType) => type === 'ACCOUNT' || type === 'ORGANIZATION';

export const analyzersQuery = queryOptions({
  queryKey: accessAnalyzerKeys.analyzers,
  queryFn: () => listAll('ListAnalyzers', {}, (r) => (r.analyzers as AnalyzerSummary[] | undefined) ?? []),
});

export const analyzerQuery = (analyzerName: string) =>
  queryOptions({
    queryKey: accessAnalyzerKeys.analyzer(analyzerName),
    queryFn: async () => (await callAccessAnalyzer<{ analyzer: AnalyzerSummary }>('GetAnalyzer', { analyzerName })).analyzer,
  });

/**
 * An analyzer's findings through a filter: ListFindings gives external access findings with their
 * principal, condition and action; ListFindingsV2 any analyzer's, with the finding type.
 */
export type FindingsListAction = 'ListFindings' | 'ListFindingsV2';
export const findingsQuery = <T extends Finding | FindingSummaryV2>(action: FindingsListAction, analyzerArn: string, filter: FilterCriteria) =>
  queryOptions({
    queryKey: accessAnalyzerKeys.findingList(analyzerArn, action, filter),
    queryFn: () => listAll(action, { analyzerArn, filter }, (r) => (r.findings as T[] | undefined) ?? []),
  });

export const findingV2Query = (analyzerArn: string, id: string) =>
  queryOptions({
    queryKey: accessAnalyzerKeys.finding(analyzerArn, id),
    queryFn: () => callAccessAnalyzer<FindingV2>('GetFindingV2', { analyzerArn, id }),
  });

/** The recommendation of an unused permissions finding; polled while AWS's status is IN_PROGRESS. */
export const findingRecommendationQuery = (analyzerArn: string, id: string) =>
  queryOptions({
    queryKey: accessAnalyzerKeys.recommendation(analyzerArn, id),
    queryFn: () => callAccessAnalyzer<FindingRecommendation>('GetFindingRecommendation', { analyzerArn, id }),
    refetchInterval: (query) => (query.state.data?.status === 'IN_PROGRESS' ? 2000 : false),
  });

export const archiveRulesQuery = (analyzerName: string) =>
  queryOptions({
    queryKey: accessAnalyzerKeys.archiveRules(analyzerName),
    queryFn: () => listAll('ListArchiveRules', { analyzerName }, (r) => (r.archiveRules as ArchiveRule[] | undefined) ?? []),
  });

/** A mutation of one action that refreshes every Access Analyzer query once it settles. */
function useAccessAnalyzerMutation<I extends object, R = unknown>(action: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => callAccessAnalyzer<R>(action, input),
    onSettled: () => client.invalidateQueries({ queryKey: accessAnalyzerKeys.all }),
  });
}

export interface CreateAnalyzerInput {
  analyzerName: string;
  type: AnalyzerType;
  configuration?: { unusedAccess: { unusedAccessAge: number } };
}

export const useCreateAnalyzerMutation = () => useAccessAnalyzerMutation<CreateAnalyzerInput, { arn: string }>('CreateAnalyzer');
/** UpdateAnalyzer: an unused access analyzer's configuration; it rescans at once, with the same configuration too. */
export const useUpdateAnalyzerMutation = () => useAccessAnalyzerMutation<{ analyzerName: string; configuration: AnalyzerConfiguration }>('UpdateAnalyzer');
export const useDeleteAnalyzerMutation = () => useAccessAnalyzerMutation<{ analyzerName: string }>('DeleteAnalyzer');
export const useUpdateFindingsMutation = () => useAccessAnalyzerMutation<{ analyzerArn: string; ids: string[]; status: 'ACTIVE' | 'ARCHIVED' }>('UpdateFindings');
export const useStartResourceScanMutation = () => useAccessAnalyzerMutation<{ analyzerArn: string; resourceArn: string }>('StartResourceScan');
export const useCreateArchiveRuleMutation = () => useAccessAnalyzerMutation<{ analyzerName: string; ruleName: string; filter: FilterCriteria }>('CreateArchiveRule');
export const useUpdateArchiveRuleMutation = () => useAccessAnalyzerMutation<{ analyzerName: string; ruleName: string; filter: FilterCriteria }>('UpdateArchiveRule');
export const useDeleteArchiveRuleMutation = () => useAccessAnalyzerMutation<{ analyzerName: string; ruleName: string }>('DeleteArchiveRule');
export const useApplyArchiveRuleMutation = () => useAccessAnalyzerMutation<{ analyzerArn: string; ruleName: string }>('ApplyArchiveRule');
export const useGenerateRecommendationMutation = () => useAccessAnalyzerMutation<{ analyzerArn: string; id: string }>('GenerateFindingRecommendation');
