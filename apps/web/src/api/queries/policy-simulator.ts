// The policy simulator: the principals one can simulate, and SimulatePrincipalPolicy /
// SimulateCustomPolicy (IAM's field names; read-only calls, so nothing to invalidate).
import { queryOptions, useMutation } from '@tanstack/react-query';
import { listAll } from './policies.ts';

export interface SimulationContextEntry {
  ContextKeyName: string;
  ContextKeyType: string;
  ContextKeyValues: string[];
}

export interface SimulationInput {
  ActionNames: string[];
  ResourceArns?: string[];
  ContextEntries?: SimulationContextEntry[];
}

export interface EvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  MatchedStatements: { SourcePolicyId: string; SourcePolicyType: string; StartPosition?: { Line: number; Column: number }; EndPosition?: { Line: number; Column: number } }[];
  MissingContextValues: string[];
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface Principal {
  kind: 'User' | 'Group' | 'Role';
  name: string;
  arn: string;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/** The users, groups and roles of the account, for "Existing policies". */
export const simulatorPrincipalsQuery = queryOptions({
  queryKey: ['policy-simulator', 'principals'] as const,
  queryFn: async (): Promise<Principal[]> => {
    const [users, groups, roles] = await Promise.all([
      listAll<{ UserName: string; Arn: string }, Page & { Users: { UserName: string; Arn: string }[] }>('ListUsers', {}, (r) => r.Users),
      listAll<{ GroupName: string; Arn: string }, Page & { Groups: { GroupName: string; Arn: string }[] }>('ListGroups', {}, (r) => r.Groups),
      listAll<{ RoleName: string; Arn: string }, Page & { Roles: { RoleName: string; Arn: string }[] }>('ListRoles', {}, (r) => r.Roles),
    ]);
    return [
      ...users.map((u) => ({ kind: 'User' as const, name: u.UserName, arn: u.Arn })),
      ...groups.map((g) => ({ kind: 'Group' as const, name: g.GroupName, arn: g.Arn })),
      ...roles.map((r) => ({ kind: 'Role' as const, name: r.RoleName, arn: r.Arn })),
    ];
  },
});

/** Runs every page of a simulation (IsTruncated/Marker) and returns all results. */
async function simulate(action: string, body: object): Promise<EvaluationResult[]> {
  return listAll<EvaluationResult, Page & { EvaluationResults: EvaluationResult[] }>(action, body, (r) => r.EvaluationResults);
}

export const simulatePrincipalPolicy = (input: SimulationInput & { PolicySourceArn: string }) => simulate('SimulatePrincipalPolicy', input);
export const simulateCustomPolicy = (input: SimulationInput & { PolicyInputList: string[] }) => simulate('SimulateCustomPolicy', input);

export type SimulationRequest = ({ mode: 'existing'; PolicySourceArn: string } | { mode: 'new'; PolicyInputList: string[] }) & SimulationInput;

export function useSimulationMutation() {
  return useMutation({
    mutationFn: ({ mode, ...input }: SimulationRequest) =>
      mode === 'existing'
        ? simulatePrincipalPolicy(input as SimulationInput & { PolicySourceArn: string })
        : simulateCustomPolicy(input as SimulationInput & { PolicyInputList: string[] }),
  });
}

