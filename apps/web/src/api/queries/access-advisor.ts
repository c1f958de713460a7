// Access Advisor (last accessed information) of a user, group, role or managed policy:
// GenerateServiceLastAccessedDetails, then GetServiceLastAccessedDetails (all pages), and for
// users, groups and roles ListPoliciesGrantingServiceAccess for the listed services.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-view-data.html
import { queryOptions } from '@tanstack/react-query';
import { callIam } from './policies.ts';

export type AccessAdvisorSubject = 'user' | 'group' | 'role' | 'policy';

export interface ServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
}

interface DetailsPage {
  JobStatus: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  JobCreationDate: string;
  ServicesLastAccessed: ServiceLastAccessed[];
  IsTruncated?: boolean;
  Marker?: string;
  Error?: { Code: string; Message: string };
}

interface PolicyGrantingServiceAccess {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  EntityType?: string;
  EntityName?: string;
}

/** One row of the tab: a service, when it was last accessed (and by whom), and the policies granting it. */
export interface AccessAdvisorRow extends ServiceLastAccessed {
  policies: PolicyGrantingServiceAccess[];
}

export interface AccessAdvisorReport {
  generatedAt: string;
  rows: AccessAdvisorRow[];
}

/** ListPoliciesGrantingServiceAccess takes at most this many namespaces per call. */
const NAMESPACES_PER_CALL = 200;
const POLL_ATTEMPTS = 10;

async function allServices(JobId: string): Promise<{ generatedAt: string; services: ServiceLastAccessed[] }> {
  const services: ServiceLastAccessed[] = [];
  let Marker: string | undefined;
  let generatedAt = '';
  for (let attempt = 0; ; ) {
    const page = await callIam<DetailsPage>('GetServiceLastAccessedDetails', { JobId, MaxItems: 1000, ...(Marker ? { Marker } : {}) });
    if (page.JobStatus === 'FAILED') throw new Error(page.Error?.Message ?? 'The report could not be generated.');
    if (page.JobStatus === 'IN_PROGRESS') {
      if (++attempt >= POLL_ATTEMPTS) throw new Error('The report is still being generated. Try again later.');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    generatedAt = page.JobCreationDate;
    services.push(...page.ServicesLastAccessed);
    if (!page.IsTruncated || !page.Marker) return { generatedAt, services };
    Marker = page.Marker;
  }
}

/** Generates the report of `arn` and reads it whole. */
export async function fetchAccessAdvisor(arn: string, subject: AccessAdvisorSubject, policyName?: string): Promise<AccessAdvisorReport> {
  const { JobId } = await callIam<{ JobId: string }>('GenerateServiceLastAccessedDetails', { Arn: arn });
  const { generatedAt, services } = await allServices(JobId);
  const granting = new Map<string, PolicyGrantingServiceAccess[]>();
  if (subject === 'policy') {
    for (const s of services) granting.set(s.ServiceNamespace, [{ PolicyName: policyName ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyType: 'MANAGED', PolicyArn: arn }]);
  } else {
    for (let i = 0; i < services.length; i += NAMESPACES_PER_CALL) {
      const ServiceNamespaces = services.slice(i, i + NAMESPACES_PER_CALL).map((s) => s.ServiceNamespace);
      const r = await callIam<{ PoliciesGrantingServiceAccess: { ServiceNamespace: string; Policies: PolicyGrantingServiceAccess[] }[] }>('ListPoliciesGrantingServiceAccess', { Arn: arn, ServiceNamespaces });
      for (const entry of r.PoliciesGrantingServiceAccess) granting.set(entry.ServiceNamespace, entry.Policies);
    }
  }
  return { generatedAt, rows: services.map((s) => ({ ...s, policies: granting.get(s.ServiceNamespace) ?? [] })) };
}

export const accessAdvisorKeys = {
  report: (arn: string) => ['access-advisor', arn] as const,
};

export const accessAdvisorQuery = (arn: string, subject: AccessAdvisorSubject, policyName?: string) =>
  queryOptions({
    queryKey: accessAdvisorKeys.report(arn),
    queryFn: () => fetchAccessAdvisor(arn, subject, policyName),
    // A report is a snapshot: asked for again only with Refresh.
    staleTime: Infinity,
    retry: false,
  });
