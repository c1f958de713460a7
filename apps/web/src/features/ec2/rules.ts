// Inbound rules as the "Edit inbound rules" editor holds them: one row per source, with the EC2
// console's rule types, and the Revoke/Authorize lists that turn the group's rules into the
// edited ones. A rule is identified by protocol, port range, source and description (a changed
// description is revoked and authorized again).
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
import type { Ec2IpPermission, Ec2IpPermissionInput } from '../../api/queries/ec2.ts';

export type RuleProtocol = 'tcp' | 'udp' | 'icmp' | '-1';

export interface RuleRow {
  protocol: RuleProtocol;
  /** "22", "1024-65535"; "All" for ICMP and all traffic. */
  portRange: string;
  /** An IPv4 or IPv6 CIDR block, or a security group ID (sg-…). */
  source: string;
  description: string;
}

/** The EC2 console's rule types: a name for a protocol and (fixed or custom) port range. */
export const RULE_TYPES = [
  { label: 'Custom TCP', protocol: 'tcp' },
  { label: 'Custom UDP', protocol: 'udp' },
  { label: 'All ICMP - IPv4', protocol: 'icmp', portRange: 'All' },
  { label: 'All traffic', protocol: '-1', portRange: 'All' },
  { label: 'SSH', protocol: 'tcp', portRange: '22' },
  { label: 'HTTP', protocol: 'tcp', portRange: '80' },
  { label: 'HTTPS', protocol: 'tcp', portRange: '443' },
  { label: 'RDP', protocol: 'tcp', portRange: '3389' },
] as const satisfies readonly { label: string; protocol: RuleProtocol; portRange?: string }[];

export type RuleTypeLabel = (typeof RULE_TYPES)[number]['label'];

/** The type a row shows: a named one when protocol and port match it, else Custom …. */
export function ruleTypeOf(row: Pick<RuleRow, 'protocol' | 'portRange'>): RuleTypeLabel {
  const named = RULE_TYPES.find((t) => 'portRange' in t && t.protocol === row.protocol && t.portRange === row.portRange && t.protocol === 'tcp');
  if (named) return named.label;
  if (row.protocol === 'tcp') return 'Custom TCP';
  if (row.protocol === 'udp') return 'Custom UDP';
  if (row.protocol === 'icmp') return 'All ICMP - IPv4';
  return 'All traffic';
}

/** The row a rule type gives (keeping source and description). */
export function withRuleType(row: RuleRow, label: RuleTypeLabel): RuleRow {
  const type = RULE_TYPES.find((t) => t.label === label)!;
  const portRange = 'portRange' in type ? type.portRange : row.protocol === type.protocol ? row.portRange : '';
  return { ...row, protocol: type.protocol, portRange };
}

export const protocolLabel = (p: string) => ({ tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', '-1': 'All' })[p] ?? p;

function portRangeText(p: Ec2IpPermission): string {
  if (p.ipProtocol === '-1' || p.fromPort === undefined || p.fromPort === -1) return 'All';
  return p.fromPort === p.toPort ? String(p.fromPort) : `${p.fromPort}-${p.toPort}`;
}

/** DescribeSecurityGroups' ipPermissions as rows, one per source. */
export function rowsFromPermissions(permissions: Ec2IpPermission[]): RuleRow[] {
  return permissions.flatMap((p) => {
    const base = { protocol: p.ipProtocol as RuleProtocol, portRange: portRangeText(p) };
    return [
      ...(p.ipRanges ?? []).map((r) => ({ ...base, source: r.cidrIp, description: r.description ?? '' })),
      ...(p.ipv6Ranges ?? []).map((r) => ({ ...base, source: r.cidrIpv6, description: r.description ?? '' })),
      ...(p.groups ?? []).map((g) => ({ ...base, source: g.groupId, description: g.description ?? '' })),
    ];
  });
}

/** `FromPort`/`ToPort` for a row's port range, or an error message. */
export function parsePortRange(row: Pick<RuleRow, 'protocol' | 'portRange'>): { from?: number; to?: number } | { error: string } {
  if (row.protocol === '-1') return {};
  if (row.protocol === 'icmp') return { from: -1, to: -1 };
  const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(row.portRange);
  if (!m) return { error: 'Enter a port (22) or a port range (1024-65535).' };
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (from > 65535 || to > 65535) return { error: 'Ports are between 0 and 65535.' };
  if (from > to) return { error: 'The first port of the range must not be greater than the last.' };
  return { from, to };
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** Why a source is not usable, or undefined. */
export function sourceError(source: string): string | undefined {
  const s = source.trim();
  if (s === '') return 'Enter a CIDR block (203.0.113.0/24) or a security group ID.';
  if (IPV4_CIDR.test(s) || IPV6_CIDR.test(s) || GROUP_ID.test(s)) return undefined;
  return 'Enter a valid CIDR block (203.0.113.0/24, ::/0) or a security group ID (sg-…).';
}

/** Errors per row field, for the editor. */
export function rowErrors(row: RuleRow): { portRange?: string; source?: string } {
  const range = parsePortRange(row);
  return { ...('error' in range ? { portRange: range.error } : {}), ...(sourceError(row.source) ? { source: sourceError(row.source) } : {}) };
}

/** One row as an IpPermissions input item (valid rows only). */
export function permissionOf(row: RuleRow): Ec2IpPermissionInput {
  const range = parsePortRange(row);
  const ports = 'error' in range ? {} : { ...(range.from !== undefined ? { FromPort: range.from } : {}), ...(range.to !== undefined ? { ToPort: range.to } : {}) };
  const source = row.source.trim();
  const description = row.description.trim() ? { Description: row.description.trim() } : {};
  if (source.startsWith('sg-')) return { IpProtocol: row.protocol, ...ports, Groups: [{ GroupId: source, ...description }] };
  if (source.includes(':')) return { IpProtocol: row.protocol, ...ports, Ipv6Ranges: [{ CidrIpv6: source, ...description }] };
  return { IpProtocol: row.protocol, ...ports, IpRanges: [{ CidrIp: source, ...description }] };
}

const rowKey = (row: RuleRow) => JSON.stringify(permissionOf(row));

/** The rules to revoke and to authorize so the group's `current` rules become `edited`. */
export function rulesDiff(current: RuleRow[], edited: RuleRow[]): { revoke: Ec2IpPermissionInput[]; authorize: Ec2IpPermissionInput[] } {
  const before = new Map(current.map((r) => [rowKey(r), r]));
  const after = new Map(edited.map((r) => [rowKey(r), r]));
  return {
    revoke: [...before].filter(([k]) => !after.has(k)).map(([, r]) => permissionOf(r)),
    authorize: [...after].filter(([k]) => !before.has(k)).map(([, r]) => permissionOf(r)),
  };
}
