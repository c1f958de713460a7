// EC2 sharing: AMIs and snapshots with their launch / create-volume permissions, instances,
// volumes and security groups. The console reaches EC2's Query API actions through REST
// (`POST /api/ec2/<Action>` with the Query API's input names as JSON); replies use EC2's XML
// element names in lowerCamel (`imagesSet`, `launchPermission`, `securityGroupInfo`…).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

/** One item of a launch permission or create-volume permission: an account, or everyone. */
export type Ec2Grant = { group: 'all' } | { userId: string };
/** The same item as a modification input (`LaunchPermission.Add.N.UserId`). */
export type Ec2GrantInput = { Group: 'all' } | { UserId: string };

export interface Ec2Image {
  imageId: string;
  name: string;
  description?: string;
  imageOwnerId: string;
  imageState: string;
  isPublic: boolean;
  architecture: string;
  creationDate: string;
  rootDeviceName?: string;
  blockDeviceMapping?: { deviceName: string; ebs?: { snapshotId?: string; volumeSize?: number } }[];
}

export interface Ec2Snapshot {
  snapshotId: string;
  volumeId?: string;
  status: string;
  startTime: string;
  ownerId: string;
  volumeSize: number;
  description?: string;
  encrypted: boolean;
}

export interface Ec2Instance {
  instanceId: string;
  imageId: string;
  instanceState: { code: number; name: string };
  instanceType: string;
  launchTime: string;
  privateIpAddress?: string;
  groupSet: { groupId: string; groupName: string }[];
}

export interface Ec2IpPermission {
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  ipRanges?: { cidrIp: string; description?: string }[];
  ipv6Ranges?: { cidrIpv6: string; description?: string }[];
  groups?: { groupId: string; userId?: string; description?: string }[];
}

export interface Ec2SecurityGroup {
  groupId: string;
  groupName: string;
  groupDescription: string;
  ownerId: string;
  vpcId: string;
  ipPermissions: Ec2IpPermission[];
  ipPermissionsEgress: Ec2IpPermission[];
}

/** The input form of one IpPermissions item (AuthorizeSecurityGroupIngress). */
export interface Ec2IpPermissionInput {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6: string; Description?: string }[];
  Groups?: { GroupId: string; Description?: string }[];
}

export interface ReachabilityResult {
  reachable: boolean;
  reason?: string;
  matchedRule?: { groupId: string; securityGroupRuleId: string; ipProtocol: string; fromPort?: number; toPort?: number; cidrIpv4?: string; cidrIpv6?: string; referencedGroupId?: string; description?: string };
}

/** Calls one EC2 action through the console's REST protocol. */
export function callEc2<T>(action: string, input: object = {}): Promise<T> {
  return api.post<T>(`/api/ec2/${action}`, input);
}

/** Follows `nextToken` until the list is complete (the console's lists are small). */
async function describeAll<T>(action: string, input: object, items: (reply: Record<string, unknown>) => T[]): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const reply = await callEc2<Record<string, unknown> & { nextToken?: string }>(action, token ? { ...input, NextToken: token, MaxResults: 1000 } : input);
    all.push(...items(reply));
    token = reply.nextToken;
  } while (token);
  return all;
}

export const ec2Keys = {
  all: ['ec2'] as const,
  images: ['ec2', 'images'] as const,
  imageList: (filter: ImageFilter) => ['ec2', 'images', 'list', filter] as const,
  launchable: ['ec2', 'images', 'launchable'] as const,
  image: (id: string) => ['ec2', 'images', 'detail', id] as const,
  launchPermission: (id: string) => ['ec2', 'images', 'launchPermission', id] as const,
  snapshots: ['ec2', 'snapshots'] as const,
  snapshotList: (filter: SnapshotFilter) => ['ec2', 'snapshots', 'list', filter] as const,
  snapshot: (id: string) => ['ec2', 'snapshots', 'detail', id] as const,
  volumePermission: (id: string) => ['ec2', 'snapshots', 'createVolumePermission', id] as const,
  instances: ['ec2', 'instances'] as const,
  securityGroups: ['ec2', 'security-groups'] as const,
};

/** The AMIs list's filter, as the EC2 console names it. */
export type ImageFilter = 'owned' | 'private' | 'public' | 'shared';

/** DescribeImages input per filter: Owner / ExecutableBy / the is-public filter. */
export function describeImagesInput(filter: ImageFilter): object {
  switch (filter) {
    case 'owned':
      return { Owner: ['self'] };
    case 'private':
      return { Owner: ['self'], Filter: [{ Name: 'is-public', Value: ['false'] }] };
    case 'public':
      return { Filter: [{ Name: 'is-public', Value: ['true'] }] };
    case 'shared':
      return { ExecutableBy: ['self'] };
  }
}

const images = (r: Record<string, unknown>) => (r.imagesSet as Ec2Image[] | undefined) ?? [];

export const imagesQuery = (filter: ImageFilter) =>
  queryOptions({ queryKey: ec2Keys.imageList(filter), queryFn: () => describeAll('DescribeImages', describeImagesInput(filter), images) });

/** The AMIs the account may launch: its own, those shared with it, and public ones. */
export const launchableImagesQuery = queryOptions({
  queryKey: ec2Keys.launchable,
  queryFn: async () => {
    const lists = await Promise.all((['owned', 'shared', 'public'] as const).map((f) => describeAll('DescribeImages', describeImagesInput(f), images)));
    const byId = new Map<string, Ec2Image>();
    for (const image of lists.flat()) byId.set(image.imageId, image);
    return [...byId.values()];
  },
});

export const imageQuery = (imageId: string) =>
  queryOptions({
    queryKey: ec2Keys.image(imageId),
    queryFn: async () => {
      const reply = await callEc2<{ imagesSet: Ec2Image[] }>('DescribeImages', { ImageId: [imageId] });
      return reply.imagesSet[0] ?? null;
    },
  });

/** The AMI's launch permission (owner only). */
export const launchPermissionQuery = (imageId: string) =>
  queryOptions({
    queryKey: ec2Keys.launchPermission(imageId),
    queryFn: async () => (await callEc2<{ launchPermission?: Ec2Grant[] }>('DescribeImageAttribute', { ImageId: imageId, Attribute: 'launchPermission' })).launchPermission ?? [],
  });

export type SnapshotFilter = 'owned' | 'restorable';

const snapshots = (r: Record<string, unknown>) => (r.snapshotSet as Ec2Snapshot[] | undefined) ?? [];

export const snapshotsQuery = (filter: SnapshotFilter) =>
  queryOptions({
    queryKey: ec2Keys.snapshotList(filter),
    queryFn: () => describeAll('DescribeSnapshots', filter === 'owned' ? { Owner: ['self'] } : { RestorableBy: ['self'] }, snapshots),
  });

export const snapshotQuery = (snapshotId: string) =>
  queryOptions({
    queryKey: ec2Keys.snapshot(snapshotId),
    queryFn: async () => (await callEc2<{ snapshotSet: Ec2Snapshot[] }>('DescribeSnapshots', { SnapshotId: [snapshotId] })).snapshotSet[0] ?? null,
  });

export const volumePermissionQuery = (snapshotId: string) =>
  queryOptions({
    queryKey: ec2Keys.volumePermission(snapshotId),
    queryFn: async () =>
      (await callEc2<{ createVolumePermission?: Ec2Grant[] }>('DescribeSnapshotAttribute', { SnapshotId: snapshotId, Attribute: 'createVolumePermission' })).createVolumePermission ?? [],
  });

export const instancesQuery = queryOptions({
  queryKey: ec2Keys.instances,
  queryFn: () => describeAll('DescribeInstances', {}, (r) => ((r.reservationSet as { instancesSet: Ec2Instance[] }[] | undefined) ?? []).flatMap((res) => res.instancesSet)),
});

export const securityGroupsQuery = queryOptions({
  queryKey: ec2Keys.securityGroups,
  queryFn: () => describeAll('DescribeSecurityGroups', {}, (r) => (r.securityGroupInfo as Ec2SecurityGroup[] | undefined) ?? []),
});

function useEc2Mutation<I, R = unknown>(run: (input: I) => Promise<R>, invalidate: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: async () => {
      await Promise.all(invalidate.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

export interface RegisterImageInput {
  Name: string;
  Description?: string;
  Architecture: string;
  SnapshotId: string;
}

export function useRegisterImageMutation() {
  return useEc2Mutation(
    (input: RegisterImageInput) =>
      callEc2<{ imageId: string }>('RegisterImage', {
        Name: input.Name,
        ...(input.Description ? { Description: input.Description } : {}),
        Architecture: input.Architecture,
        RootDeviceName: '/dev/xvda',
        BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: input.SnapshotId } }],
      }),
    [ec2Keys.images],
  );
}

export function useDeregisterImageMutation() {
  return useEc2Mutation((imageId: string) => callEc2('DeregisterImage', { ImageId: imageId }), [ec2Keys.images]);
}

/** ModifyImageAttribute launchPermission, then (optionally) create-volume permission on the root snapshot for the added accounts. */
export function useModifyImagePermissionsMutation() {
  return useEc2Mutation(
    async (input: { imageId: string; Add: Ec2GrantInput[]; Remove: Ec2GrantInput[]; snapshotId?: string; shareSnapshot?: boolean }) => {
      if (input.Add.length || input.Remove.length) {
        await callEc2('ModifyImageAttribute', {
          ImageId: input.imageId,
          LaunchPermission: { ...(input.Add.length ? { Add: input.Add } : {}), ...(input.Remove.length ? { Remove: input.Remove } : {}) },
        });
      }
      const accounts = input.Add.filter((g): g is { UserId: string } => 'UserId' in g);
      if (input.shareSnapshot && input.snapshotId && accounts.length) {
        await callEc2('ModifySnapshotAttribute', { SnapshotId: input.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: accounts } });
      }
    },
    [ec2Keys.images, ec2Keys.snapshots],
  );
}

/** ModifySnapshotAttribute createVolumePermission: EC2 takes adds and removes in separate calls. */
export function useModifySnapshotPermissionsMutation() {
  return useEc2Mutation(
    async (input: { snapshotId: string; Add: Ec2GrantInput[]; Remove: Ec2GrantInput[] }) => {
      if (input.Add.length) await callEc2('ModifySnapshotAttribute', { SnapshotId: input.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: input.Add } });
      if (input.Remove.length) await callEc2('ModifySnapshotAttribute', { SnapshotId: input.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: input.Remove } });
    },
    [ec2Keys.snapshots],
  );
}

export function useCreateSnapshotMutation() {
  return useEc2Mutation(
    (input: { VolumeSize: number; Description?: string }) => callEc2<Ec2Snapshot>('CreateSnapshot', { VolumeSize: input.VolumeSize, ...(input.Description ? { Description: input.Description } : {}) }),
    [ec2Keys.snapshots],
  );
}

export function useDeleteSnapshotMutation() {
  return useEc2Mutation((snapshotId: string) => callEc2('DeleteSnapshot', { SnapshotId: snapshotId }), [ec2Keys.snapshots]);
}

export function useCreateVolumeMutation() {
  return useEc2Mutation(
    (input: { SnapshotId: string; Size?: number; AvailabilityZone?: string }) => callEc2<{ volumeId: string; size: number }>('CreateVolume', input),
    [],
  );
}

export function useRunInstancesMutation() {
  return useEc2Mutation(
    (input: { ImageId: string; InstanceType: string; SecurityGroupId: string[] }) =>
      callEc2<{ instancesSet: Ec2Instance[] }>('RunInstances', {
        ImageId: input.ImageId,
        InstanceType: input.InstanceType,
        MinCount: 1,
        MaxCount: 1,
        ...(input.SecurityGroupId.length ? { SecurityGroupId: input.SecurityGroupId } : {}),
      }),
    [ec2Keys.instances],
  );
}

export type InstanceStateAction = 'StartInstances' | 'StopInstances' | 'TerminateInstances';

export function useInstanceStateMutation() {
  return useEc2Mutation((input: { action: InstanceStateAction; instanceIds: string[] }) => callEc2(input.action, { InstanceId: input.instanceIds }), [ec2Keys.instances]);
}

export function useCreateSecurityGroupMutation() {
  return useEc2Mutation(
    (input: { GroupName: string; GroupDescription: string }) => callEc2<{ groupId: string }>('CreateSecurityGroup', input),
    [ec2Keys.securityGroups],
  );
}

export function useDeleteSecurityGroupMutation() {
  return useEc2Mutation((groupId: string) => callEc2('DeleteSecurityGroup', { GroupId: groupId }), [ec2Keys.securityGroups, ec2Keys.instances]);
}

/** Revokes, then authorizes, the inbound rules that changed. */
export function useUpdateIngressMutation() {
  return useEc2Mutation(
    async (input: { groupId: string; authorize: Ec2IpPermissionInput[]; revoke: Ec2IpPermissionInput[] }) => {
      if (input.revoke.length) await callEc2('RevokeSecurityGroupIngress', { GroupId: input.groupId, IpPermissions: input.revoke });
      if (input.authorize.length) await callEc2('AuthorizeSecurityGroupIngress', { GroupId: input.groupId, IpPermissions: input.authorize });
    },
    [ec2Keys.securityGroups],
  );
}

export function useCheckReachabilityMutation() {
  return useMutation({
    mutationFn: (input: { InstanceId: string; SourceIp: string; Protocol: string; Port?: number }) => callEc2<ReachabilityResult>('CheckReachability', input),
  });
}
