/**
 * Security groups: Create/Delete/DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress
 * and …Egress with EC2's IpPermissions (`IpPermissions.N.IpRanges.M.CidrIp`, `…Groups.M.GroupId`)
 * and errors, plus Portcullis's own `ec2:CheckReachability`: may traffic from a source IP reach
 * an instance on a protocol and port, answered from the ingress rules of the instance's groups.
 * A new group gets EC2's default allow-all egress rule; each account's default VPC has the
 * `default` group (created when first needed), which cannot be deleted.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { defineAction } from '../action';
import type { Db, Tx } from '../../db/client';
import { newEc2Id } from '../../ids';
import {
  DryRunInput,
  Ec2PagingInput,
  FilterInput,
  StringList,
  TagSpecificationInput,
  applyFilters,
  checkDryRun,
  checkIds,
  ec2Arn,
  ec2Error,
  ec2Page,
  ec2Tags,
  invalidParameterValue,
  missingParameter,
  plainTags,
  requestTagsOf,
  tagsFor,
} from '../../iam/ec2-common';
import { DEFAULT_GROUP_NAME, DEFAULT_VPC, ensureDefaultGroup, findOwnGroup, groupNotFound, instanceNotFound } from '../../iam/ec2-resources';
import { IpPermissionSchema, checkCidrIpv4, cidrContains, compareRules, describeRule, ipPermissions, ruleAdmits, ruleKey, rulesFromPermissions, type RuleSpec } from './security-groups.rules';
import { messages } from '../../messages';

/** VPC security groups per Region, and inbound / outbound rules per group (EC2 quotas). */
export const MAX_GROUPS_PER_REGION = 2500;
export const MAX_RULES_PER_DIRECTION = 60;

/** VPC group names and descriptions: ≤255 of a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$*. */
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/;

type GroupRow = Awaited<ReturnType<typeof findOwnGroup>>;

/** The group an action names (GroupId, or GroupName in the default VPC). */
async function namedGroup(db: Tx | Db, accountId: string, input: { GroupId?: string; GroupName?: string }): Promise<GroupRow> {
  if (input.GroupId !== undefined) {
    checkIds('sg', [input.GroupId]);
    return findOwnGroup(db, accountId, input.GroupId);
  }
  if (input.GroupName === undefined) throw missingParameter('GroupId or GroupName');
  const group = await db.securityGroup.findFirst({ where: { accountId, vpcId: DEFAULT_VPC, name: input.GroupName }, include: { rules: true } });
  if (!group) throw ec2Error('InvalidGroup.NotFound', messages.ec2.groupNotFoundInVpc(input.GroupName, DEFAULT_VPC));
  return group;
}

async function groupArnOrGuess(db: Db, accountId: string, input: { GroupId?: string; GroupName?: string }): Promise<string> {
  if (input.GroupId !== undefined) return ec2Arn(accountId, 'security-group', input.GroupId);
  if (input.GroupName !== undefined) {
    const group = await db.securityGroup.findFirst({ where: { accountId, vpcId: DEFAULT_VPC, name: input.GroupName }, select: { id: true } });
    if (group) return ec2Arn(accountId, 'security-group', group.id);
  }
  return ec2Arn(accountId, 'security-group', '*');
}

/** The owners of referenced groups, for `groups[].userId` in replies. */
async function ownersOf(db: Tx | Db, groups: GroupRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(groups.flatMap((g) => g.rules.map((r) => r.referencedGroupId).filter((id): id is string => !!id)))];
  const rows = ids.length ? await db.securityGroup.findMany({ where: { id: { in: ids } }, select: { id: true, accountId: true } }) : [];
  return new Map(rows.map((r) => [r.id, r.accountId]));
}

function groupShape(g: GroupRow, owners: Map<string, string>) {
  const owner = (id: string) => owners.get(id);
  return {
    ownerId: g.accountId,
    groupId: g.id,
    groupName: g.name,
    groupDescription: g.description,
    vpcId: g.vpcId,
    securityGroupArn: ec2Arn(g.accountId, 'security-group', g.id),
    ipPermissions: ipPermissions(g.rules.filter((r) => r.direction === 'ingress'), owner),
    ipPermissionsEgress: ipPermissions(g.rules.filter((r) => r.direction === 'egress'), owner),
    tagSet: ec2Tags(g.tags),
  };
}

function ruleShape(r: RuleSpec & { id: string }, group: { id: string; accountId: string }, direction: string, referencedOwner?: string) {
  return {
    securityGroupRuleId: r.id,
    groupId: group.id,
    groupOwnerId: group.accountId,
    isEgress: direction === 'egress',
    ipProtocol: r.ipProtocol,
    fromPort: r.fromPort ?? -1,
    toPort: r.toPort ?? -1,
    ...(r.cidrIpv4 ? { cidrIpv4: r.cidrIpv4 } : {}),
    ...(r.cidrIpv6 ? { cidrIpv6: r.cidrIpv6 } : {}),
    ...(r.referencedGroupId ? { referencedGroupInfo: { groupId: r.referencedGroupId, userId: referencedOwner ?? group.accountId } } : {}),
    ...(r.description !== null ? { description: r.description } : {}),
    securityGroupRuleArn: ec2Arn(group.accountId, 'security-group-rule', r.id),
  };
}

export const createSecurityGroup = defineAction({
  name: 'CreateSecurityGroup',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ GroupName: z.string().max(1024).optional(), GroupDescription: z.string().max(1024).optional(), VpcId: z.string().max(1024).optional(), ...TagSpecificationInput, ...DryRunInput }),
  target: (input, caller) => ({ resource: ec2Arn(caller.accountId, 'security-group', '*'), requestTags: requestTagsOf(input.TagSpecification) }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    if (input.GroupName === undefined) throw missingParameter('GroupName');
    if (input.GroupDescription === undefined) throw missingParameter('GroupDescription');
    const name = input.GroupName;
    if (!name.length || name.length > 255 || !GROUP_TEXT.test(name)) {
      throw invalidParameterValue(messages.ec2.invalidGroupName(name));
    }
    if (name.toLowerCase().startsWith('sg-')) throw invalidParameterValue(messages.ec2.groupNameLikeId);
    if (!input.GroupDescription.length || input.GroupDescription.length > 255 || !GROUP_TEXT.test(input.GroupDescription)) {
      throw invalidParameterValue(messages.ec2.invalidGroupDescription(input.GroupDescription));
    }
    const vpcId = input.VpcId ?? DEFAULT_VPC;
    if (!/^vpc-[0-9a-z]{1,32}$/.test(vpcId)) throw ec2Error('InvalidVpcID.NotFound', messages.ec2.vpcNotFound(vpcId));
    if (name === DEFAULT_GROUP_NAME) throw ec2Error('InvalidGroup.Reserved', messages.ec2.groupReserved(DEFAULT_GROUP_NAME));
    const tags = tagsFor(input.TagSpecification, 'security-group');
    checkDryRun(input);
    // One writer at a time per account: the name check and the quota are race-free.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    if (vpcId === DEFAULT_VPC) await ensureDefaultGroup(tx, accountId, newEc2Id);
    if (await tx.securityGroup.findFirst({ where: { accountId, vpcId, name }, select: { id: true } })) {
      throw ec2Error('InvalidGroup.Duplicate', messages.ec2.groupDuplicate(name, vpcId));
    }
    if ((await tx.securityGroup.count({ where: { accountId } })) >= MAX_GROUPS_PER_REGION) {
      throw ec2Error('SecurityGroupLimitExceeded', messages.ec2.groupLimit(MAX_GROUPS_PER_REGION));
    }
    const id = newEc2Id('sg');
    await tx.securityGroup.create({ data: { id, accountId, vpcId, name, description: input.GroupDescription, tags } });
    // EC2's default egress rule: all traffic to anywhere.
    await tx.securityGroupRule.create({ data: { id: newEc2Id('sgr'), securityGroupId: id, direction: 'egress', ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' } });
    return { groupId: id, tagSet: ec2Tags(tags), securityGroupArn: ec2Arn(accountId, 'security-group', id) };
  },
});

export const deleteSecurityGroup = defineAction({
  name: 'DeleteSecurityGroup',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ GroupId: z.string().max(1024).optional(), GroupName: z.string().max(1024).optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input) }),
  async handler(input, { tx, caller }) {
    const group = await namedGroup(tx, caller.accountId, input);
    if (group.name === DEFAULT_GROUP_NAME && group.vpcId === DEFAULT_VPC) {
      throw ec2Error('CannotDelete', messages.ec2.groupCannotDelete(group.id, group.name));
    }
    const instances = await tx.instance.count({ where: { securityGroupIds: { has: group.id }, state: { not: 'terminated' } } });
    const references = await tx.securityGroupRule.count({ where: { referencedGroupId: group.id, securityGroupId: { not: group.id } } });
    if (instances || references) throw ec2Error('DependencyViolation', messages.ec2.dependencyViolation(group.id));
    checkDryRun(input);
    await tx.securityGroup.delete({ where: { id: group.id } });
    return { return: true, groupId: group.id };
  },
});

export const describeSecurityGroups = defineAction({
  name: 'DescribeSecurityGroups',
  service: 'ec2',
  readOnly: true,
  input: z.object({ GroupId: StringList().optional(), GroupName: StringList().optional(), ...Ec2PagingInput, ...FilterInput, ...DryRunInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const ids = input.GroupId?.length ? input.GroupId : undefined;
    const names = input.GroupName?.length ? input.GroupName : undefined;
    if (ids) checkIds('sg', ids);
    checkDryRun(input);
    let groups = await tx.securityGroup.findMany({
      where: { accountId, ...(ids || names ? { OR: [...(ids ? [{ id: { in: ids } }] : []), ...(names ? [{ name: { in: names }, vpcId: DEFAULT_VPC }] : [])] } : {}) },
      include: { rules: { orderBy: { id: 'asc' } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    for (const id of ids ?? []) if (!groups.some((g) => g.id === id)) throw groupNotFound(id);
    for (const name of names ?? []) if (!groups.some((g) => g.name === name)) throw ec2Error('InvalidGroup.NotFound', messages.ec2.groupNotFoundInVpc(name, DEFAULT_VPC));
    const ingress = (g: GroupRow) => g.rules.filter((r) => r.direction === 'ingress');
    const egress = (g: GroupRow) => g.rules.filter((r) => r.direction === 'egress');
    groups = applyFilters(
      groups,
      input.Filter,
      {
        'group-id': (g) => g.id,
        'group-name': (g) => g.name,
        description: (g) => g.description,
        'vpc-id': (g) => g.vpcId,
        'owner-id': (g) => g.accountId,
        'ip-permission.protocol': (g) => ingress(g).map((r) => r.ipProtocol),
        'ip-permission.from-port': (g) => ingress(g).map((r) => String(r.fromPort ?? -1)),
        'ip-permission.to-port': (g) => ingress(g).map((r) => String(r.toPort ?? -1)),
        'ip-permission.cidr': (g) => ingress(g).flatMap((r) => (r.cidrIpv4 ? [r.cidrIpv4] : [])),
        'ip-permission.ipv6-cidr': (g) => ingress(g).flatMap((r) => (r.cidrIpv6 ? [r.cidrIpv6] : [])),
        'ip-permission.group-id': (g) => ingress(g).flatMap((r) => (r.referencedGroupId ? [r.referencedGroupId] : [])),
        'egress.ip-permission.protocol': (g) => egress(g).map((r) => r.ipProtocol),
        'egress.ip-permission.cidr': (g) => egress(g).flatMap((r) => (r.cidrIpv4 ? [r.cidrIpv4] : [])),
        'egress.ip-permission.group-id': (g) => egress(g).flatMap((r) => (r.referencedGroupId ? [r.referencedGroupId] : [])),
      },
      (g) => plainTags(g.tags),
    );
    const { items, nextToken } = ec2Page(groups, input, !!(ids || names));
    const owners = await ownersOf(tx, items);
    return { securityGroupInfo: items.map((g) => groupShape(g, owners)), ...(nextToken ? { nextToken } : {}) };
  },
});

const RuleChangeInput = {
  GroupId: z.string().max(1024).optional(),
  GroupName: z.string().max(1024).optional(),
  IpPermissions: z.array(IpPermissionSchema).max(1000).optional(),
  // The older flat form: one protocol, port range and CIDR (or source group).
  IpProtocol: z.string().max(32).optional(),
  FromPort: z.number().int().optional(),
  ToPort: z.number().int().optional(),
  CidrIp: z.string().max(64).optional(),
  SourceSecurityGroupName: z.string().max(1024).optional(),
  SourceSecurityGroupOwnerId: z.string().max(1024).optional(),
  ...DryRunInput,
};
type RuleChange = z.infer<z.ZodObject<typeof RuleChangeInput>>;

/** The rules a request names, from IpPermissions or the flat form (not both). */
async function requestedRules(tx: Tx, accountId: string, input: RuleChange): Promise<RuleSpec[]> {
  const flat = input.IpProtocol !== undefined || input.CidrIp !== undefined || input.SourceSecurityGroupName !== undefined || input.FromPort !== undefined || input.ToPort !== undefined;
  if (input.IpPermissions?.length && flat) throw ec2Error('InvalidParameterCombination', messages.ec2.ipPermissionsWithFlat);
  if (input.IpPermissions?.length) return rulesFromPermissions(input.IpPermissions);
  if (!flat) throw missingParameter('IpPermissions');
  if (input.CidrIp !== undefined) checkCidrIpv4(input.CidrIp);
  let sourceGroupId: string | undefined;
  if (input.SourceSecurityGroupName !== undefined) {
    const owner = input.SourceSecurityGroupOwnerId ?? accountId;
    const source = await tx.securityGroup.findFirst({ where: { accountId: owner, vpcId: DEFAULT_VPC, name: input.SourceSecurityGroupName }, select: { id: true } });
    if (!source) throw ec2Error('InvalidGroup.NotFound', messages.ec2.groupNotFoundInVpc(input.SourceSecurityGroupName, DEFAULT_VPC));
    sourceGroupId = source.id;
  }
  // The flat form without a protocol means all protocols from the source group (EC2's classic form).
  return rulesFromPermissions([
    {
      IpProtocol: input.IpProtocol ?? '-1',
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      ...(input.CidrIp !== undefined ? { IpRanges: [{ CidrIp: input.CidrIp }] } : {}),
      ...(sourceGroupId ? { Groups: [{ GroupId: sourceGroupId, UserId: input.SourceSecurityGroupOwnerId }] } : {}),
    },
  ]);
}

/** Referenced groups must exist: the caller's own, or another account's when its UserId is given. */
async function checkReferencedGroups(tx: Tx, accountId: string, rules: RuleSpec[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const r of rules) {
    if (!r.referencedGroupId) continue;
    checkIds('sg', [r.referencedGroupId]);
    const group = await tx.securityGroup.findUnique({ where: { id: r.referencedGroupId }, select: { accountId: true } });
    const owner = r.referencedUserId ?? accountId;
    if (!group || group.accountId !== owner) throw groupNotFound(r.referencedGroupId);
    owners.set(r.referencedGroupId, group.accountId);
  }
  return owners;
}

function authorizeAction(name: 'AuthorizeSecurityGroupIngress' | 'AuthorizeSecurityGroupEgress', direction: 'ingress' | 'egress') {
  return defineAction({
    name,
    service: 'ec2',
    authorizationCache: 'unchanged',
    input: z.object(RuleChangeInput),
    target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input) }),
    async handler(input, { tx, caller }) {
      if (direction === 'egress' && input.GroupId === undefined) throw missingParameter('GroupId');
      const group = await namedGroup(tx, caller.accountId, input);
      // One writer per group: duplicates and the rule quota are checked against a stable set.
      await tx.$queryRaw`SELECT 1 FROM "SecurityGroup" WHERE id = ${group.id} FOR UPDATE`;
      const rules = await requestedRules(tx, caller.accountId, input);
      const owners = await checkReferencedGroups(tx, caller.accountId, rules);
      const existing = await tx.securityGroupRule.findMany({ where: { securityGroupId: group.id, direction } });
      const seen = new Set(existing.map(ruleKey));
      for (const r of rules) {
        if (seen.has(ruleKey(r))) throw ec2Error('InvalidPermission.Duplicate', messages.ec2.permissionDuplicate(describeRule(r, direction)));
        seen.add(ruleKey(r));
      }
      if (existing.length + rules.length > MAX_RULES_PER_DIRECTION) throw ec2Error('RulesPerSecurityGroupLimitExceeded', messages.ec2.rulesLimit);
      checkDryRun(input);
      const created = rules.map((r) => ({ ...r, id: newEc2Id('sgr') }));
      await tx.securityGroupRule.createMany({
        data: created.map((r) => ({ id: r.id, securityGroupId: group.id, direction, ipProtocol: r.ipProtocol, fromPort: r.fromPort, toPort: r.toPort, cidrIpv4: r.cidrIpv4, cidrIpv6: r.cidrIpv6, referencedGroupId: r.referencedGroupId, description: r.description })),
      });
      return { return: true, securityGroupRuleSet: created.map((r) => ruleShape(r, group, direction, r.referencedGroupId ? owners.get(r.referencedGroupId) : undefined)) };
    },
  });
}

function revokeAction(name: 'RevokeSecurityGroupIngress' | 'RevokeSecurityGroupEgress', direction: 'ingress' | 'egress') {
  return defineAction({
    name,
    service: 'ec2',
    authorizationCache: 'unchanged',
    input: z.object({ ...RuleChangeInput, SecurityGroupRuleId: StringList().optional() }),
    target: async (input, caller, db) => ({ resource: await groupArnOrGuess(db, caller.accountId, input) }),
    async handler(input, { tx, caller }) {
      if (direction === 'egress' && input.GroupId === undefined) throw missingParameter('GroupId');
      const group = await namedGroup(tx, caller.accountId, input);
      await tx.$queryRaw`SELECT 1 FROM "SecurityGroup" WHERE id = ${group.id} FOR UPDATE`;
      const existing = await tx.securityGroupRule.findMany({ where: { securityGroupId: group.id, direction } });
      let doomed: typeof existing;
      if (input.SecurityGroupRuleId?.length) {
        checkIds('sgr', input.SecurityGroupRuleId);
        if (input.IpPermissions?.length) throw ec2Error('InvalidParameterCombination', messages.ec2.ruleIdWithIpPermissions);
        doomed = [];
        for (const id of input.SecurityGroupRuleId) {
          const rule = existing.find((r) => r.id === id);
          if (!rule) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', messages.ec2.ruleIdNotFound(id));
          doomed.push(rule);
        }
      } else {
        const rules = await requestedRules(tx, caller.accountId, input);
        doomed = [];
        // All or nothing: every rule named must exist.
        for (const r of rules) {
          const match = existing.find((e) => ruleKey(e) === ruleKey(r));
          if (!match) throw ec2Error('InvalidPermission.NotFound', messages.ec2.permissionNotFound);
          if (!doomed.includes(match)) doomed.push(match);
        }
      }
      checkDryRun(input);
      await tx.securityGroupRule.deleteMany({ where: { id: { in: doomed.map((r) => r.id) } } });
      return { return: true, revokedSecurityGroupRuleSet: doomed.map((r) => ({ securityGroupRuleId: r.id, groupId: group.id, isEgress: direction === 'egress', ipProtocol: r.ipProtocol, fromPort: r.fromPort ?? -1, toPort: r.toPort ?? -1, ...(r.cidrIpv4 ? { cidrIpv4: r.cidrIpv4 } : {}), ...(r.cidrIpv6 ? { cidrIpv6: r.cidrIpv6 } : {}), ...(r.referencedGroupId ? { referencedGroupId: r.referencedGroupId } : {}), ...(r.description !== null ? { description: r.description } : {}) })) };
    },
  });
}

export const authorizeSecurityGroupIngress = authorizeAction('AuthorizeSecurityGroupIngress', 'ingress');
export const authorizeSecurityGroupEgress = authorizeAction('AuthorizeSecurityGroupEgress', 'egress');
export const revokeSecurityGroupIngress = revokeAction('RevokeSecurityGroupIngress', 'ingress');
export const revokeSecurityGroupEgress = revokeAction('RevokeSecurityGroupEgress', 'egress');

/**
 * Portcullis's reachability check: would the instance's security groups admit this packet? The
 * first ingress rule (in group then rule order) whose protocol, port range and source admit it
 * is returned. Sources: IPv4/IPv6 CIDR blocks, and referenced groups (the source IP is the
 * private address of a live instance of the account in that group). Only running instances are
 * reachable.
 */
export const checkReachability = defineAction({
  name: 'CheckReachability',
  service: 'ec2',
  readOnly: true,
  input: z.object({
    InstanceId: z.string().min(1).max(1024),
    SourceIp: z.string().min(1).max(64),
    Protocol: z.string().max(16).optional(),
    Port: z.number().int().min(-1).max(65535).optional(),
  }),
  target: (input, caller) => ({ resource: ec2Arn(caller.accountId, 'instance', input.InstanceId) }),
  async handler(input, { tx, caller }) {
    checkIds('i', [input.InstanceId]);
    if (!isIP(input.SourceIp)) throw invalidParameterValue(messages.ec2.invalidSourceIp(input.SourceIp));
    const protocol = ({ tcp: 'tcp', udp: 'udp', icmp: 'icmp', icmpv6: 'icmpv6', '-1': '-1', all: '-1' } as Record<string, string>)[(input.Protocol ?? 'tcp').toLowerCase()];
    if (!protocol) throw invalidParameterValue(messages.ec2.invalidProtocol(input.Protocol));
    if ((protocol === 'tcp' || protocol === 'udp') && input.Port === undefined) throw missingParameter('Port');
    const instance = await tx.instance.findFirst({ where: { id: input.InstanceId, accountId: caller.accountId } });
    if (!instance) throw instanceNotFound([input.InstanceId]);
    if (instance.state !== 'running') return { reachable: false, reason: `The instance is ${instance.state}.` };
    const groups = await tx.securityGroup.findMany({ where: { id: { in: instance.securityGroupIds } }, include: { rules: { where: { direction: 'ingress' } } } });
    groups.sort((a, b) => instance.securityGroupIds.indexOf(a.id) - instance.securityGroupIds.indexOf(b.id));
    // Which groups the source address belongs to (a live instance of the account with that private IP).
    const sources = await tx.instance.findMany({ where: { accountId: caller.accountId, privateIpAddress: input.SourceIp, state: { notIn: ['terminated', 'stopped'] } }, select: { securityGroupIds: true } });
    const sourceGroups = new Set(sources.flatMap((s) => s.securityGroupIds));
    for (const g of groups) {
      for (const r of [...g.rules].sort(compareRules)) {
        if (protocol === '-1' && r.ipProtocol !== '-1') continue;
        if (protocol !== '-1' && !ruleAdmits(r, protocol, input.Port)) continue;
        const fromSource =
          (r.cidrIpv4 !== null && cidrContains(r.cidrIpv4, input.SourceIp)) ||
          (r.cidrIpv6 !== null && cidrContains(r.cidrIpv6, input.SourceIp)) ||
          (r.referencedGroupId !== null && sourceGroups.has(r.referencedGroupId));
        if (!fromSource) continue;
        return {
          reachable: true,
          matchedRule: {
            groupId: g.id,
            securityGroupRuleId: r.id,
            ipProtocol: r.ipProtocol,
            ...(r.fromPort !== null ? { fromPort: r.fromPort, toPort: r.toPort } : {}),
            ...(r.cidrIpv4 ? { cidrIpv4: r.cidrIpv4 } : {}),
            ...(r.cidrIpv6 ? { cidrIpv6: r.cidrIpv6 } : {}),
            ...(r.referencedGroupId ? { referencedGroupId: r.referencedGroupId } : {}),
            ...(r.description !== null ? { description: r.description } : {}),
          },
        };
      }
    }
    return { reachable: false };
  },
});

export const securityGroupsActions = [
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  authorizeSecurityGroupIngress,
  authorizeSecurityGroupEgress,
  revokeSecurityGroupIngress,
  revokeSecurityGroupEgress,
  checkReachability,
];
