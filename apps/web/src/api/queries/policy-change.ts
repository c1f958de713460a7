// The policy editor's change preview: what a proposed version adds and removes against the
// version in effect, and the principals it is attached to (console view PreviewPolicyChange,
// authorized as iam:GetPolicyVersion with iam:ListEntitiesForPolicy).
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '../client.ts';

export interface AccessChangeRow {
  effect: 'Allow' | 'Deny';
  service: string;
  serviceName?: string;
  actions: string[];
  actionCount: number;
  allActions: boolean;
  resources: string[];
  conditions: string;
}

export interface AttachedNames {
  Names: string[];
  Count: number;
}

export interface PolicyChangePreview {
  DefaultVersionId: string;
  Added: AccessChangeRow[];
  Removed: AccessChangeRow[];
  AttachedTo: { Users: AttachedNames; Groups: AttachedNames; Roles: AttachedNames };
}

export const policyChangeQuery = (policyArn: string, policyDocument: string) =>
  queryOptions({
    queryKey: ['policies', 'change-preview', policyArn, policyDocument],
    queryFn: ({ signal }) => request<PolicyChangePreview>('POST', '/api/console/PreviewPolicyChange', { PolicyArn: policyArn, PolicyDocument: policyDocument }, signal),
    // The previous answer stays on screen while the next one is computed.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
