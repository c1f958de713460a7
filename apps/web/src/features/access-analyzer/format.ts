// How the Access Analyzer pages name things: analyzer types, a finding's principal, conditions and
// access level, and the console page of the resource a finding is about.
import type { AnalyzerSummary, AnalyzerType } from '../../api/queries/access-analyzer.ts';

export const ANALYZER_TYPE_LABELS: Record<AnalyzerType, string> = {
  ACCOUNT: 'External access (account)',
  ORGANIZATION: 'External access (organization)',
  ACCOUNT_UNUSED_ACCESS: 'Unused access (account)',
  ORGANIZATION_UNUSED_ACCESS: 'Unused access (organization)',
  ACCOUNT_INTERNAL_ACCESS: 'Internal access (account)',
  ORGANIZATION_INTERNAL_ACCESS: 'Internal access (organization)',
};

/** The zone of trust as the console lists it: the current account, or the current organization. */
export function zoneOfTrust(analyzer: Pick<AnalyzerSummary, 'type' | 'arn'>): string {
  const account = analyzer.arn.split(':')[4] ?? '';
  return analyzer.type.startsWith('ORGANIZATION') ? 'Current organization' : `Current account (${account})`;
}

/** "AWS: 111122223333", one per principal type; "All principals" for public access. */
export function principalText(principal: Record<string, string> | undefined, isPublic?: boolean): string {
  if (isPublic && (!principal || Object.values(principal).every((v) => v === '*' || v === 'all'))) return 'All principals';
  const entries = Object.entries(principal ?? {});
  return entries.length ? entries.map(([type, value]) => `${type}: ${value}`).join(', ') : '-';
}

/** "sts:ExternalId: abc", one per condition key. */
export function conditionText(condition: Record<string, string> | undefined): string {
  const entries = Object.entries(condition ?? {});
  return entries.length ? entries.map(([key, value]) => `${key}: ${value}`).join(', ') : '-';
}

/**
 * The access levels of a finding's actions, as the service authorization reference classifies
 * them. Every action our analyzers report (assuming a role, launching an AMI, creating a volume
 * from a snapshot) is a Write action; any other is shown by name.
 */
const WRITE_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'ec2:runinstances', 'ec2:createvolume']);
export function accessLevel(actions: readonly string[] | undefined): string {
  if (!actions?.length) return '-';
  const levels = new Set(actions.map((a) => (WRITE_ACTIONS.has(a.toLowerCase()) ? 'Write' : a)));
  return [...levels].join(', ');
}

/** "Shared through": how access is granted when it is not the resource's own policy (S3 ACLs, access points). */
export function sharedThrough(sources: readonly { type: string }[] | undefined): string {
  return sources?.length ? sources.map((s) => s.type.replaceAll('_', ' ').toLowerCase()).join(', ') : '-';
}

/** The console page of the resource an ARN names (roles, users, AMIs, snapshots), if it has one. */
export function resourceHref(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const [, , service, , , resource = ''] = arn.split(':');
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  if (service === 'iam' && resource.startsWith('role/')) return `/roles/details/${encodeURIComponent(name)}`;
  if (service === 'iam' && resource.startsWith('user/')) return `/users/${encodeURIComponent(name)}`;
  if (service === 'ec2' && resource.startsWith('image/')) return `/ec2/amis/${name}`;
  if (service === 'ec2' && resource.startsWith('snapshot/')) return `/ec2/snapshots/${name}`;
  return undefined;
}

/** A resource ARN's short name: the role's or user's name, the AMI's or snapshot's ID. */
export function resourceName(arn: string | undefined): string {
  if (!arn) return '-';
  const resource = arn.split(':').slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1) || arn;
}
