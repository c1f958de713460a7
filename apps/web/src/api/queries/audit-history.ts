// The audit trail: `POST /api/portcullis/ListAuditEvents`, newest first, paged by Marker.
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client.ts';

export interface AuditEvent {
  EventId: string;
  EventTime: string;
  PrincipalArn?: string;
  Action: string;
  Resource?: string;
  Decision: 'allowed' | 'denied' | 'invalid';
  ErrorCode?: string;
  SourceIp?: string;
  UserAgent?: string;
  RequestId: string;
  Protocol?: string;
}

export interface AuditEventsFilter {
  StartTime?: string;
  EndTime?: string;
  PrincipalArn?: string;
  EventAction?: string;
  Decision?: 'allowed' | 'denied' | 'invalid';
}

export const auditKeys = {
  all: ['audit-history'] as const,
  page: (filter: AuditEventsFilter, marker: string | undefined) => ['audit-history', filter, marker ?? ''] as const,
};

export const auditEventsQuery = (filter: AuditEventsFilter, marker: string | undefined, pageSize = 50) =>
  queryOptions({
    queryKey: auditKeys.page(filter, marker),
    queryFn: () =>
      api.post<{ Events: AuditEvent[]; IsTruncated: boolean; Marker?: string }>('/api/portcullis/ListAuditEvents', {
        ...filter,
        MaxItems: pageSize,
        ...(marker ? { Marker: marker } : {}),
      }),
  });
