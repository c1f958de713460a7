/**
 * Instances and volumes as records: RunInstances, DescribeInstances, Start/Stop/Terminate-
 * Instances, CreateVolume, DescribeVolumes, DeleteVolume — where AMI launch permissions and snapshot create-volume permissions
 * take effect. RunInstances is authorized as ec2:RunInstances on the AMI's ARN (in its owner's
 * account) by the caller's IAM policies, and then succeeds only if the AMI is the caller's
 * account's own, shared with it, or public — else InvalidAMIID.NotFound, exactly as for an AMI
 * that does not exist. CreateVolume does the same with the snapshot's create-volume permission.
 * SECURITY: the launch permission is the resource owner's grant; the dispatcher's IAM check is the
 * caller's side. Both must allow (as for AWS's cross-account access).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { defineAction } from '../action';
import type { Db, Tx } from '../../db/client';
import { newEc2Id } from '../../ids';
import { entityByName } from '../../iam/lookups';
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
  newReservationId,
  plainTags,
  requestTagsOf,
  tagsFor,
} from '../../iam/ec2-common';
import {
  DEFAULT_GROUP_NAME,
  DEFAULT_VPC,
  ensureDefaultGroup,
  findVisibleImage,
  findVisibleSnapshot,
  imageArnOrGuess,
  imageNotFound,
  instanceNotFound,
  instanceState,
  groupNotFound,
  snapshotArnOrGuess,
  snapshotNotFound,
} from '../../iam/ec2-resources';
import { messages } from '../../messages';

/** Instances one RunInstances call may launch (the default on-demand quota, as a count). */
export const MAX_INSTANCES_PER_LAUNCH = 20;
export const MAX_VOLUME_SIZE = 16384;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

type InstanceRow = Awaited<ReturnType<Tx['instance']['findMany']>>[number];

/** The instance IDs' ARN: one instance's own, several → `instance/*` (one resource per request). */
function instancesArn(accountId: string, ids: string[] | undefined): string {
  return ec2Arn(accountId, 'instance', ids?.length === 1 ? ids[0]! : '*');
}

async function groupsById(tx: Tx, ids: string[]) {
  const groups = ids.length ? await tx.securityGroup.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  return new Map(groups.map((g) => [g.id, g.name]));
}

function instanceShape(i: InstanceRow, groupNames: Map<string, string>, stateName = i.state) {
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceState: instanceState(stateName),
    privateDnsName: i.privateIpAddress ? `ip-${i.privateIpAddress.replace(/\./g, '-')}.ec2.internal` : '',
    dnsName: '',
    instanceType: i.instanceType,
    launchTime: i.launchedAt,
    placement: { availabilityZone: 'us-east-1a', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    ...(i.privateIpAddress ? { privateIpAddress: i.privateIpAddress } : {}),
    vpcId: DEFAULT_VPC,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    groupSet: i.securityGroupIds.map((groupId) => ({ groupId, groupName: groupNames.get(groupId) ?? '' })),
    ...(i.iamInstanceProfileArn ? { iamInstanceProfile: { arn: i.iamInstanceProfileArn, id: i.iamInstanceProfileId } } : {}),
    amiLaunchIndex: 0,
    tagSet: ec2Tags(i.tags),
  };
}

/** The account's instances by ID, all of them found, else InvalidInstanceID.NotFound naming the missing. */
async function ownInstances(tx: Tx, accountId: string, ids: string[]) {
  checkIds('i', ids);
  const rows = await tx.instance.findMany({ where: { id: { in: ids }, accountId } });
  const found = new Set(rows.map((r) => r.id));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length) throw instanceNotFound(missing);
  return ids.filter((id, n) => ids.indexOf(id) === n).map((id) => rows.find((r) => r.id === id)!);
}

/**
 * The instance profile RunInstances names (by ARN or name, in the caller's account) and the ARNs
 * of the roles in it; EC2's InvalidParameterValue when there is none.
 */
async function launchProfile(db: Db, accountId: string, spec: { Arn?: string; Name?: string }) {
  const found = spec.Arn ? await db.instanceProfile.findUnique({ where: { arn: spec.Arn }, select: { id: true, accountId: true } }) : await entityByName(db, 'InstanceProfile', accountId, spec.Name ?? '');
  const profile = found && (!('accountId' in found) || found.accountId === accountId)
    ? await db.instanceProfile.findUnique({ where: { id: found.id }, include: { roles: { include: { role: { select: { arn: true } } } } } })
    : null;
  if (!profile) {
    const [field, value] = spec.Arn ? (['arn', spec.Arn] as const) : (['name', spec.Name ?? ''] as const);
    throw invalidParameterValue(messages.ec2.invalidInstanceProfile(value, field));
  }
  return { id: profile.id, arn: profile.arn, roleArns: profile.roles.map((r) => r.role.arn) };
}

export const runInstances = defineAction({
  name: 'RunInstances',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    ImageId: z.string().max(1024).optional(),
    InstanceType: z.string().max(64).optional(),
    MinCount: z.number().int().optional(),
    MaxCount: z.number().int().optional(),
    SecurityGroupId: StringList(100).optional(),
    SecurityGroup: StringList(100).optional(),
    IamInstanceProfile: z.object({ Arn: z.string().max(2048).optional(), Name: z.string().max(128).optional() }).optional(),
    ...TagSpecificationInput,
    ...DryRunInput,
  }),
  target: async (input, caller, db) => {
    const imageArn = await imageArnOrGuess(db, caller.accountId, input.ImageId);
    // Handing an instance profile to the instance passes its role to EC2: iam:PassRole on it,
    // as AWS requires (without it, any RunInstances user could run as any role).
    const profile = input.IamInstanceProfile ? await launchProfile(db, caller.accountId, input.IamInstanceProfile) : undefined;
    const context = { 'ec2:InstanceType': input.InstanceType ?? 'm1.small' };
    // Also authorized on each security group it launches into, as AWS does (so their tags count):
    // by ID, or by name in the default VPC.
    const named = input.SecurityGroup?.length
      ? await db.securityGroup.findMany({ where: { accountId: caller.accountId, vpcId: DEFAULT_VPC, name: { in: input.SecurityGroup } }, select: { id: true } })
      : [];
    const groupIds = [...new Set([...(input.SecurityGroupId ?? []), ...named.map((g) => g.id)])];
    return {
      resource: imageArn,
      requestTags: requestTagsOf(input.TagSpecification),
      context,
      alsoRequires: [
        ...groupIds.map((id) => ({ action: 'ec2:RunInstances', resource: ec2Arn(caller.accountId, 'security-group', id), context })),
        ...(profile?.roleArns ?? []).map((roleArn) => ({ action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } })),
      ],
      profile,
    };
  },
  async handler(input, { tx, caller, target }) {
    const me = caller.accountId;
    if (input.ImageId === undefined) throw missingParameter('ImageId');
    if (input.MinCount === undefined) throw missingParameter('MinCount');
    if (input.MaxCount === undefined) throw missingParameter('MaxCount');
    checkIds('ami', [input.ImageId]);
    if (input.MinCount < 1) throw invalidParameterValue(messages.ec2.countNotPositive('minCount', input.MinCount));
    if (input.MaxCount < 1) throw invalidParameterValue(messages.ec2.countNotPositive('maxCount', input.MaxCount));
    if (input.MinCount > input.MaxCount) throw invalidParameterValue(messages.ec2.minCountOverMax(input.MinCount, input.MaxCount));
    if (input.MinCount > MAX_INSTANCES_PER_LAUNCH) {
      throw ec2Error('InstanceLimitExceeded', messages.ec2.instanceLimit(input.MinCount, MAX_INSTANCES_PER_LAUNCH));
    }
    const instanceType = input.InstanceType ?? 'm1.small';
    if (!INSTANCE_TYPE.test(instanceType)) throw invalidParameterValue(messages.ec2.invalidInstanceType(instanceType));
    const tags = tagsFor(input.TagSpecification, 'instance', ['volume', 'network-interface']);
    // The launch check: the caller's account must own the AMI or hold launch permission (its
    // account or `all`). Anything else is indistinguishable from an AMI that does not exist.
    const image = await findVisibleImage(tx, me, input.ImageId);
    if (!image) throw imageNotFound([input.ImageId]);
    if (image.state !== 'available') throw ec2Error('InvalidAMIID.Unavailable', messages.ec2.imageUnavailable(image.id));
    // Security groups: the caller's own, by ID or (default VPC) by name; none → the VPC's default.
    const groupIds = [...new Set(input.SecurityGroupId ?? [])];
    checkIds('sg', groupIds);
    const owned = groupIds.length ? await tx.securityGroup.findMany({ where: { accountId: me, id: { in: groupIds } }, select: { id: true } }) : [];
    const missing = groupIds.find((id) => !owned.some((g) => g.id === id));
    if (missing) throw groupNotFound(missing);
    for (const name of new Set(input.SecurityGroup ?? [])) {
      const group = name === DEFAULT_GROUP_NAME ? await ensureDefaultGroup(tx, me, newEc2Id) : await tx.securityGroup.findFirst({ where: { accountId: me, vpcId: DEFAULT_VPC, name } });
      if (!group) throw ec2Error('InvalidGroup.NotFound', messages.ec2.groupNotFoundInVpc(name, DEFAULT_VPC));
      if (!groupIds.includes(group.id)) groupIds.push(group.id);
    }
    if (!groupIds.length) groupIds.push((await ensureDefaultGroup(tx, me, newEc2Id)).id);
    checkDryRun(input);
    const reservationId = newReservationId();
    const launchedAt = new Date();
    const rows: InstanceRow[] = [];
    // IDs in ascending order, so the launch index matches DescribeInstances' order (launch time, ID).
    const ids = Array.from({ length: Math.min(input.MaxCount, MAX_INSTANCES_PER_LAUNCH) }, () => newEc2Id('i')).sort();
    for (const id of ids) {
      rows.push(
        await tx.instance.create({
          data: {
            id,
            accountId: me,
            reservationId,
            imageId: image.id,
            instanceType,
            state: 'running',
            securityGroupIds: groupIds,
            iamInstanceProfileArn: target.profile?.arn ?? null,
            iamInstanceProfileId: target.profile?.id ?? null,
            privateIpAddress: `172.31.${randomInt(0, 256)}.${randomInt(1, 255)}`,
            launchedAt,
            stateChangedAt: launchedAt,
            tags,
          },
        }),
      );
    }
    const names = await groupsById(tx, groupIds);
    return {
      reservationId,
      ownerId: me,
      groupSet: [],
      instancesSet: rows.map((r, n) => ({ ...instanceShape(r, names, 'pending'), amiLaunchIndex: n })),
    };
  },
});

export const describeInstances = defineAction({
  name: 'DescribeInstances',
  service: 'ec2',
  readOnly: true,
  input: z.object({ InstanceId: StringList().optional(), ...Ec2PagingInput, ...FilterInput, ...DryRunInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const me = caller.accountId;
    const ids = input.InstanceId?.length ? input.InstanceId : undefined;
    let rows = ids ? await ownInstances(tx, me, ids) : await tx.instance.findMany({ where: { accountId: me }, orderBy: [{ launchedAt: 'asc' }, { id: 'asc' }] });
    checkDryRun(input);
    rows = applyFilters(rows, input.Filter, {
      'instance-id': (i) => i.id,
      'instance-state-name': (i) => i.state,
      'instance-state-code': (i) => String(instanceState(i.state).code),
      'image-id': (i) => i.imageId,
      'instance-type': (i) => i.instanceType,
      'instance.group-id': (i) => i.securityGroupIds,
      'group-id': (i) => i.securityGroupIds,
      'reservation-id': (i) => i.reservationId,
      'private-ip-address': (i) => i.privateIpAddress ?? undefined,
      'owner-id': (i) => i.accountId,
    }, (i) => plainTags(i.tags));
    const { items, nextToken } = ec2Page(rows, input, !!ids);
    const names = await groupsById(tx, [...new Set(items.flatMap((r) => r.securityGroupIds))]);
    const reservations = new Map<string, InstanceRow[]>();
    for (const r of items) reservations.set(r.reservationId, [...(reservations.get(r.reservationId) ?? []), r]);
    return {
      reservationSet: [...reservations].map(([reservationId, instances]) => ({ reservationId, ownerId: me, groupSet: [], instancesSet: instances.map((i) => instanceShape(i, names)) })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
});

/** Start/Stop/Terminate: the same shape — each instance's previous and current state. */
function stateChange(name: 'StartInstances' | 'StopInstances' | 'TerminateInstances', transition: (current: string, id: string) => { next: string; reported: string }) {
  return defineAction({
    name,
    service: 'ec2',
    authorizationCache: 'unchanged',
    input: z.object({ InstanceId: StringList().optional(), Force: z.boolean().optional(), Hibernate: z.boolean().optional(), ...DryRunInput }),
    target: (input, caller) => ({ resource: instancesArn(caller.accountId, input.InstanceId) }),
    async handler(input, { tx, caller, now }) {
      if (!input.InstanceId?.length) throw missingParameter('InstanceId');
      const rows = await ownInstances(tx, caller.accountId, input.InstanceId);
      // Every instance is checked before any changes.
      const changes = rows.map((r) => ({ row: r, ...transition(r.state, r.id) }));
      checkDryRun(input);
      for (const c of changes) if (c.next !== c.row.state) await tx.instance.update({ where: { id: c.row.id }, data: { state: c.next, stateChangedAt: now } });
      return { instancesSet: changes.map((c) => ({ instanceId: c.row.id, currentState: instanceState(c.reported), previousState: instanceState(c.row.state) })) };
    },
  });
}

const incorrectState = (id: string, verb: string) => ec2Error('IncorrectInstanceState', messages.ec2.incorrectInstanceState(id, verb));

export const startInstances = stateChange('StartInstances', (state, id) => {
  if (state === 'running' || state === 'pending') return { next: state, reported: state };
  if (state !== 'stopped') throw incorrectState(id, 'started');
  return { next: 'running', reported: 'pending' };
});

export const stopInstances = stateChange('StopInstances', (state, id) => {
  if (state === 'stopped' || state === 'stopping') return { next: 'stopped', reported: state };
  if (state !== 'running' && state !== 'pending') throw incorrectState(id, 'stopped');
  return { next: 'stopped', reported: 'stopping' };
});

export const terminateInstances = stateChange('TerminateInstances', (state) => {
  if (state === 'terminated') return { next: 'terminated', reported: 'terminated' };
  return { next: 'terminated', reported: 'shutting-down' };
});

export const createVolume = defineAction({
  name: 'CreateVolume',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    SnapshotId: z.string().max(1024).optional(),
    Size: z.number().int().optional(),
    AvailabilityZone: z.string().max(64).optional(),
    VolumeType: z.enum(['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3']).optional(),
    Encrypted: z.boolean().optional(),
    ...TagSpecificationInput,
    ...DryRunInput,
  }),
  // With a snapshot, authorized on the snapshot's ARN (its owner's account), like RunInstances on the AMI's.
  target: async (input, caller, db) => ({
    resource: input.SnapshotId ? await snapshotArnOrGuess(db, caller.accountId, input.SnapshotId) : ec2Arn(caller.accountId, 'volume', '*'),
    requestTags: requestTagsOf(input.TagSpecification),
  }),
  async handler(input, { tx, caller }) {
    const me = caller.accountId;
    if (input.SnapshotId === undefined && input.Size === undefined) throw missingParameter('size or snapshotId');
    if (input.Size !== undefined && (input.Size < 1 || input.Size > MAX_VOLUME_SIZE)) throw invalidParameterValue(messages.ec2.volumeSize(input.Size, MAX_VOLUME_SIZE));
    const zone = input.AvailabilityZone ?? 'us-east-1a';
    if (!/^us-east-1[a-f]$/.test(zone)) throw invalidParameterValue(messages.ec2.invalidZone(zone));
    const tags = tagsFor(input.TagSpecification, 'volume');
    let size = input.Size;
    let encrypted = input.Encrypted ?? false;
    if (input.SnapshotId !== undefined) {
      checkIds('snap', [input.SnapshotId]);
      // The snapshot check: the caller's own, or shared with its account, or public.
      const snapshot = await findVisibleSnapshot(tx, me, input.SnapshotId);
      if (!snapshot) throw snapshotNotFound([input.SnapshotId]);
      if (size !== undefined && size < snapshot.volumeSize) {
        throw invalidParameterValue(messages.ec2.volumeSmallerThanSnapshot(size, snapshot.id, snapshot.volumeSize));
      }
      size ??= snapshot.volumeSize;
      encrypted ||= snapshot.encrypted;
    }
    checkDryRun(input);
    const volume = await tx.volume.create({
      data: { id: newEc2Id('vol'), accountId: me, availabilityZone: zone, size: size!, snapshotId: input.SnapshotId ?? null, volumeType: input.VolumeType ?? 'gp2', encrypted, tags },
    });
    // EC2 reports a new volume as `creating`; the record is usable at once.
    return volumeShape(volume, 'creating');
  },
});

type VolumeRow = Awaited<ReturnType<Tx['volume']['findMany']>>[number];

function volumeShape(volume: VolumeRow, status = volume.state) {
  return {
    volumeId: volume.id,
    size: volume.size,
    snapshotId: volume.snapshotId ?? '',
    availabilityZone: volume.availabilityZone,
    status,
    createTime: volume.createdAt,
    volumeType: volume.volumeType,
    encrypted: volume.encrypted,
    multiAttachEnabled: false,
    ownerId: volume.accountId,
    attachmentSet: [],
    tagSet: ec2Tags(volume.tags),
  };
}

const volumeNotFound = (ids: string[]) => ec2Error('InvalidVolume.NotFound', messages.ec2.volumeNotFound(ids));

export const describeVolumes = defineAction({
  name: 'DescribeVolumes',
  service: 'ec2',
  readOnly: true,
  input: z.object({ VolumeId: StringList().optional(), ...Ec2PagingInput, ...FilterInput, ...DryRunInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const ids = input.VolumeId?.length ? input.VolumeId : undefined;
    if (ids) checkIds('vol', ids);
    checkDryRun(input);
    let volumes = await tx.volume.findMany({ where: { accountId: caller.accountId, ...(ids ? { id: { in: ids } } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const missing = (ids ?? []).filter((id) => !volumes.some((v) => v.id === id));
    if (missing.length) throw volumeNotFound([...new Set(missing)]);
    volumes = applyFilters(volumes, input.Filter, {
      'volume-id': (v) => v.id,
      status: (v) => v.state,
      size: (v) => String(v.size),
      'snapshot-id': (v) => v.snapshotId ?? undefined,
      'availability-zone': (v) => v.availabilityZone,
      'volume-type': (v) => v.volumeType,
      encrypted: (v) => String(v.encrypted),
    }, (v) => plainTags(v.tags));
    const { items, nextToken } = ec2Page(volumes, input, !!ids);
    return { volumeSet: items.map((v) => volumeShape(v)), ...(nextToken ? { nextToken } : {}) };
  },
});

export const deleteVolume = defineAction({
  name: 'DeleteVolume',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ VolumeId: z.string().max(1024).optional(), ...DryRunInput }),
  target: (input, caller) => ({ resource: ec2Arn(caller.accountId, 'volume', input.VolumeId ?? '*') }),
  async handler(input, { tx, caller }) {
    if (input.VolumeId === undefined) throw missingParameter('VolumeId');
    checkIds('vol', [input.VolumeId]);
    const volume = await tx.volume.findFirst({ where: { id: input.VolumeId, accountId: caller.accountId } });
    if (!volume) throw volumeNotFound([input.VolumeId]);
    if (volume.state === 'in-use') throw ec2Error('VolumeInUse', messages.ec2.volumeInUse(volume.id));
    checkDryRun(input);
    await tx.volume.delete({ where: { id: volume.id } });
    return { return: true };
  },
});

export const instancesActions = [runInstances, describeInstances, startInstances, stopInstances, terminateInstances, createVolume, describeVolumes, deleteVolume];
