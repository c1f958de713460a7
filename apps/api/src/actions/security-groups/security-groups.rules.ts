/**
 * Security group rules: reading EC2's IpPermissions (and the older flat form) into one rule per
 * source, validating them as EC2 does, grouping rules back into IpPermissions for replies, and
 * matching a packet (source IP, protocol, port) against a rule for CheckReachability.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { ec2Error, invalidParameterValue, missingParameter } from '../../iam/ec2-common';
import { messages } from '../../messages';

const Pair = z.object({
  GroupId: z.string().max(1024).optional(),
  GroupName: z.string().max(1024).optional(),
  UserId: z.string().max(1024).optional(),
  VpcId: z.string().max(1024).optional(),
  Description: z.string().max(1024).optional(),
});

/** `IpPermissions.N.*` as the SDK sends it (`Groups.M.GroupId`; `UserIdGroupPairs` accepted too). */
export const IpPermissionSchema = z.object({
  IpProtocol: z.string().max(32).optional(),
  FromPort: z.number().int().optional(),
  ToPort: z.number().int().optional(),
  IpRanges: z.array(z.object({ CidrIp: z.string().max(64).optional(), Description: z.string().max(1024).optional() })).max(1000).optional(),
  Ipv6Ranges: z.array(z.object({ CidrIpv6: z.string().max(64).optional(), Description: z.string().max(1024).optional() })).max(1000).optional(),
  Groups: z.array(Pair).max(1000).optional(),
  UserIdGroupPairs: z.array(Pair).max(1000).optional(),
  PrefixListIds: z.array(z.object({ PrefixListId: z.string().max(64).optional(), Description: z.string().max(1024).optional() })).max(1000).optional(),
});
export type IpPermissionInput = z.infer<typeof IpPermissionSchema>;

/** One rule, one source: what a SecurityGroupRule row holds. */
export interface RuleSpec {
  ipProtocol: string;
  fromPort: number | null;
  toPort: number | null;
  cidrIpv4: string | null;
  cidrIpv6: string | null;
  referencedGroupId: string | null;
  /** The referenced group's owner when the request named one (cross-account pairs). */
  referencedUserId?: string | null;
  description: string | null;
}

const PROTOCOL_NAMES: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', icmpv6: 'icmpv6', '58': 'icmpv6', '-1': '-1', all: '-1' };

/** Descriptions: ≤255 of a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* (EC2). */
const DESCRIPTION = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

export function checkDescription(value: string | undefined, field = 'description'): string | null {
  if (value === undefined) return null;
  if (value.length > 255 || !DESCRIPTION.test(value)) {
    throw invalidParameterValue(messages.ec2.invalidRuleDescription(field));
  }
  return value;
}

export function checkCidrIpv4(cidr: string): string {
  const [address, prefix, extra] = cidr.split('/');
  if (extra !== undefined || !address || !isIPv4(address) || prefix === undefined || !/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) {
    throw invalidParameterValue(messages.ec2.malformedCidr(cidr));
  }
  return cidr;
}

export function checkCidrIpv6(cidr: string): string {
  const [address, prefix, extra] = cidr.split('/');
  if (extra !== undefined || !address || !isIPv6(address) || prefix === undefined || !/^\d{1,3}$/.test(prefix) || Number(prefix) > 128) {
    throw invalidParameterValue(messages.ec2.malformedCidr(cidr));
  }
  return cidr;
}

/** Protocol and ports of one IpPermission, as EC2 validates them. */
function protocolAndPorts(p: { IpProtocol?: string; FromPort?: number; ToPort?: number }): Pick<RuleSpec, 'ipProtocol' | 'fromPort' | 'toPort'> {
  if (p.IpProtocol === undefined) throw missingParameter('ipPermissions.ipProtocol');
  const raw = p.IpProtocol.toLowerCase();
  const ipProtocol = PROTOCOL_NAMES[raw] ?? (/^\d{1,3}$/.test(raw) && Number(raw) <= 255 ? raw : undefined);
  if (!ipProtocol) throw invalidParameterValue(messages.ec2.unknownIpProtocol(p.IpProtocol));
  if (ipProtocol === 'tcp' || ipProtocol === 'udp') {
    if (p.FromPort === undefined || p.ToPort === undefined) throw invalidParameterValue(messages.ec2.portsRequired);
    if (p.FromPort < 0 || p.FromPort > 65535 || p.ToPort < 0 || p.ToPort > 65535) throw invalidParameterValue(messages.ec2.portRange(p.FromPort, p.ToPort));
    if (p.FromPort > p.ToPort) throw invalidParameterValue(messages.ec2.portOrder(p.FromPort, p.ToPort));
    return { ipProtocol, fromPort: p.FromPort, toPort: p.ToPort };
  }
  if (ipProtocol === 'icmp' || ipProtocol === 'icmpv6') {
    // FromPort is the ICMP type, ToPort the code; -1 means all.
    const type = p.FromPort ?? -1;
    const code = p.ToPort ?? -1;
    if (type < -1 || type > 255) throw invalidParameterValue(messages.ec2.icmpType(type));
    if (code < -1 || code > 255) throw invalidParameterValue(messages.ec2.icmpCode(code));
    return { ipProtocol, fromPort: type, toPort: code };
  }
  // All traffic, or another IP protocol number: no ports.
  return { ipProtocol, fromPort: null, toPort: null };
}

/** Every (permission × source) of a request as one rule, fully validated. */
export function rulesFromPermissions(permissions: IpPermissionInput[]): RuleSpec[] {
  const out: RuleSpec[] = [];
  for (const p of permissions) {
    const base = protocolAndPorts(p);
    const pairs = [...(p.Groups ?? []), ...(p.UserIdGroupPairs ?? [])];
    if (p.PrefixListIds?.length) throw invalidParameterValue(messages.ec2.prefixListsNotSupported);
    const before = out.length;
    for (const r of p.IpRanges ?? []) {
      if (r.CidrIp === undefined) throw missingParameter('ipPermissions.ipRanges.cidrIp');
      out.push({ ...base, cidrIpv4: checkCidrIpv4(r.CidrIp), cidrIpv6: null, referencedGroupId: null, description: checkDescription(r.Description) });
    }
    for (const r of p.Ipv6Ranges ?? []) {
      if (r.CidrIpv6 === undefined) throw missingParameter('ipPermissions.ipv6Ranges.cidrIpv6');
      out.push({ ...base, cidrIpv4: null, cidrIpv6: checkCidrIpv6(r.CidrIpv6), referencedGroupId: null, description: checkDescription(r.Description) });
    }
    for (const g of pairs) {
      if (g.GroupId === undefined) throw missingParameter('ipPermissions.groups.groupId');
      if (g.UserId !== undefined && !/^\d{12}$/.test(g.UserId)) throw ec2Error('InvalidUserID.Malformed', messages.ec2.invalidUserId(g.UserId));
      out.push({ ...base, cidrIpv4: null, cidrIpv6: null, referencedGroupId: g.GroupId, referencedUserId: g.UserId ?? null, description: checkDescription(g.Description) });
    }
    if (out.length === before) throw missingParameter('ipPermissions source (IpRanges, Ipv6Ranges or Groups)');
  }
  return out;
}

/** Two rules are the same rule when all but the description match. */
export const ruleKey = (r: Pick<RuleSpec, 'ipProtocol' | 'fromPort' | 'toPort' | 'cidrIpv4' | 'cidrIpv6' | 'referencedGroupId'>) =>
  [r.ipProtocol, r.fromPort ?? '', r.toPort ?? '', r.cidrIpv4 ?? '', r.cidrIpv6 ?? '', r.referencedGroupId ?? ''].join('|');

/** EC2's wording for a rule in InvalidPermission messages. */
export function describeRule(r: RuleSpec, direction: string): string {
  const peer = r.cidrIpv4 ?? r.cidrIpv6 ?? r.referencedGroupId ?? '';
  const proto = r.ipProtocol === '-1' ? 'ALL' : r.ipProtocol.toUpperCase();
  const ports = r.fromPort !== null ? `, from port: ${r.fromPort}, to port: ${r.toPort}` : '';
  return `peer: ${peer}, ${proto}${ports}, ALLOW${direction === 'egress' ? ' (egress)' : ''}`;
}

interface RuleRow {
  id: string;
  ipProtocol: string;
  fromPort: number | null;
  toPort: number | null;
  cidrIpv4: string | null;
  cidrIpv6: string | null;
  referencedGroupId: string | null;
  description: string | null;
}

const PROTOCOL_ORDER = ['-1', 'tcp', 'udp', 'icmp', 'icmpv6'];
const protocolRank = (p: string) => (PROTOCOL_ORDER.includes(p) ? PROTOCOL_ORDER.indexOf(p) : PROTOCOL_ORDER.length + Number(p));

/** A stable order for rules: protocol (all, tcp, udp, icmp, icmpv6, numbers), ports, then source. */
export function compareRules(a: RuleRow, b: RuleRow): number {
  return (
    protocolRank(a.ipProtocol) - protocolRank(b.ipProtocol) ||
    (a.fromPort ?? -2) - (b.fromPort ?? -2) ||
    (a.toPort ?? -2) - (b.toPort ?? -2) ||
    (a.cidrIpv4 ?? '').localeCompare(b.cidrIpv4 ?? '') ||
    (a.cidrIpv6 ?? '').localeCompare(b.cidrIpv6 ?? '') ||
    (a.referencedGroupId ?? '').localeCompare(b.referencedGroupId ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** Rules grouped back into EC2's IpPermissions (one per protocol and port range). */
export function ipPermissions(rules: RuleRow[], ownerOf: (groupId: string) => string | undefined) {
  const byRange = new Map<string, RuleRow[]>();
  for (const r of [...rules].sort(compareRules)) {
    const key = `${r.ipProtocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}`;
    byRange.set(key, [...(byRange.get(key) ?? []), r]);
  }
  return [...byRange.values()].map((rs) => {
    const first = rs[0]!;
    return {
      ipProtocol: first.ipProtocol,
      ...(first.fromPort !== null ? { fromPort: first.fromPort, toPort: first.toPort } : {}),
      groups: rs.filter((r) => r.referencedGroupId).map((r) => ({ userId: ownerOf(r.referencedGroupId!), groupId: r.referencedGroupId, ...(r.description !== null ? { description: r.description } : {}) })),
      ipRanges: rs.filter((r) => r.cidrIpv4).map((r) => ({ cidrIp: r.cidrIpv4, ...(r.description !== null ? { description: r.description } : {}) })),
      ipv6Ranges: rs.filter((r) => r.cidrIpv6).map((r) => ({ cidrIpv6: r.cidrIpv6, ...(r.description !== null ? { description: r.description } : {}) })),
      prefixListIds: [],
    };
  });
}

/** Whether a rule admits traffic of the protocol and port (ICMP: the port is the type). */
export function ruleAdmits(rule: Pick<RuleRow, 'ipProtocol' | 'fromPort' | 'toPort'>, protocol: string, port: number | undefined): boolean {
  if (rule.ipProtocol === '-1') return true;
  if (rule.ipProtocol !== protocol) return false;
  if (protocol === 'tcp' || protocol === 'udp') return port !== undefined && rule.fromPort !== null && rule.toPort !== null && rule.fromPort <= port && port <= rule.toPort;
  if (protocol === 'icmp' || protocol === 'icmpv6') return rule.fromPort === -1 || rule.fromPort === null || port === undefined || rule.fromPort === port;
  return true;
}

/** Whether the address lies in the CIDR block (IPv4 in IPv4 blocks, IPv6 in IPv6 blocks). */
export function cidrContains(cidr: string, address: string): boolean {
  const [network, prefix] = cidr.split('/');
  const family = isIPv4(network!) ? 'ipv4' : 'ipv6';
  if (family === 'ipv4' ? !isIPv4(address) : !isIPv6(address)) return false;
  const list = new BlockList();
  list.addSubnet(network!, Number(prefix), family);
  return list.check(address, family);
}
