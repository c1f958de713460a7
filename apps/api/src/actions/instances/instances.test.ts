/**
 * Instances through the real AWS SDK (EC2 Query API) against a real server: the launch check
 * (own / shared / public AMIs only, IAM policies first), instance records and their state
 * changes, security groups at launch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const A = '111122223333';
const B = '444455556666';
let server: SdkServer;
let rootA: EC2Client;
let imageA: string;
let privateB: string;
let devB: EC2Client;

const allow = (action: string | string[], resource = '*', condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});
const ec2 = (credentials: Credentials) => new EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const run = (client: EC2Client, input: Partial<RunInstancesCommandInput> = {}) => client.send(new RunInstancesCommand({ ImageId: imageA, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...input }));

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
  rootA = ec2(server.root);
  const snap = (await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' }))).SnapshotId!;
  imageA = (await rootA.send(new RegisterImageCommand({ Name: 'base', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snap } }] }))).ImageId!;
  devB = ec2(await server.fixtures.user(B, 'dev-b', [allow('ec2:*')]));
  const snapB = (await devB.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef1' }))).SnapshotId!;
  privateB = (await devB.send(new RegisterImageCommand({ Name: 'b-private', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapB } }] }))).ImageId!;
});
afterAll(async () => server?.close());

describe('RunInstances', () => {
  it('launches MaxCount instances in one reservation, in the default group when none is named', async () => {
    const out = await run(rootA, { MinCount: 2, MaxCount: 3 });
    expect(out.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(out.OwnerId).toBe(A);
    expect(out.Instances).toHaveLength(3);
    for (const [n, i] of out.Instances!.entries()) {
      expect(i).toMatchObject({ ImageId: imageA, InstanceType: 't3.micro', State: { Code: 0, Name: 'pending' }, AmiLaunchIndex: n });
      expect(i.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(i.SecurityGroups).toEqual([{ GroupId: expect.stringMatching(/^sg-/), GroupName: 'default' }]);
      expect(i.PrivateIpAddress).toMatch(/^172\.31\./);
    }
  });

  it('creates the default group once when a new account’s first launches race', async () => {
    await server.fixtures.account('999900001111');
    const fresh = ec2(await server.fixtures.user('999900001111', 'racer', [allow('ec2:*')]));
    await devB.send(new ModifyImageAttributeCommand({ ImageId: privateB, LaunchPermission: { Add: [{ UserId: '999900001111' }] } }));
    const results = await Promise.all(Array.from({ length: 4 }, () => run(fresh, { ImageId: privateB })));
    expect(new Set(results.map((r) => r.Instances![0]!.SecurityGroups![0]!.GroupId)).size).toBe(1);
    await devB.send(new ModifyImageAttributeCommand({ ImageId: privateB, LaunchPermission: { Remove: [{ UserId: '999900001111' }] } }));
  });

  it('launches into named security groups (by ID and by name)', async () => {
    const { GroupId } = await rootA.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier' }));
    const out = await run(rootA, { SecurityGroupIds: [GroupId!], SecurityGroups: ['default'] });
    expect(out.Instances![0]!.SecurityGroups!.map((g) => g.GroupName)).toEqual(['web', 'default']);
    await expect(run(rootA, { SecurityGroupIds: ['sg-0123456789abcdef0'] })).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(run(rootA, { SecurityGroups: ['nope'] })).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(run(rootA, { SecurityGroupIds: ['sg-bad'] })).rejects.toMatchObject({ name: 'InvalidGroupId.Malformed' });
    // Another account's group is not found either.
    const { GroupId: groupB } = await devB.send(new CreateSecurityGroupCommand({ GroupName: 'b-group', Description: 'b' }));
    await expect(run(rootA, { SecurityGroupIds: [groupB!] })).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it.each([
    [{ ImageId: undefined }, 'MissingParameter'],
    [{ ImageId: 'ami-12' }, 'InvalidAMIID.Malformed'],
    [{ ImageId: 'ami-0123456789abcdef0' }, 'InvalidAMIID.NotFound'],
    [{ MinCount: 0 }, 'InvalidParameterValue'],
    [{ MinCount: 3, MaxCount: 2 }, 'InvalidParameterValue'],
    [{ MinCount: 21, MaxCount: 21 }, 'InstanceLimitExceeded'],
    [{ InstanceType: 'huge' }, 'InvalidParameterValue'],
  ] as [Partial<RunInstancesCommandInput>, string][])('refuses %j with %s and launches nothing', async (input, code) => {
    const before = await server.database.db.instance.count();
    await expect(run(rootA, input)).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect(await server.database.db.instance.count()).toBe(before);
  });

  it('refuses another account’s private AMI with InvalidAMIID.NotFound, and allows it once shared', async () => {
    await expect(run(rootA, { ImageId: privateB })).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await devB.send(new ModifyImageAttributeCommand({ ImageId: privateB, LaunchPermission: { Add: [{ UserId: A }] } }));
    expect((await run(rootA, { ImageId: privateB })).Instances![0]!.ImageId).toBe(privateB);
    await devB.send(new ModifyImageAttributeCommand({ ImageId: privateB, LaunchPermission: { Remove: [{ UserId: A }] } }));
    await expect(run(rootA, { ImageId: privateB })).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });

  it('asks the caller’s IAM policies first, on the AMI’s ARN (arn:aws:ec2:REGION::image/ID)', async () => {
    const none = ec2(await server.fixtures.user(A, 'no-ec2'));
    await expect(run(none)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    const onlyThis = ec2(await server.fixtures.user(A, 'only-this-ami', [allow('ec2:RunInstances', `arn:aws:ec2:us-east-1::image/${imageA}`)]));
    expect((await run(onlyThis)).Instances).toHaveLength(1);
    await devB.send(new ModifyImageAttributeCommand({ ImageId: privateB, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    await expect(run(onlyThis, { ImageId: privateB })).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    const fromB = ec2(await server.fixtures.user(A, 'b-amis', [allow('ec2:RunInstances', `arn:aws:ec2:us-east-1::image/${privateB}`)]));
    expect((await run(fromB, { ImageId: privateB })).Instances).toHaveLength(1);
    await expect(run(fromB)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    const smallOnly = ec2(await server.fixtures.user(A, 'small-only', [allow('ec2:RunInstances', '*', { StringEquals: { 'ec2:InstanceType': 't3.micro' } })]));
    expect((await run(smallOnly)).Instances).toHaveLength(1);
    await expect(run(smallOnly, { InstanceType: 'm5.large' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('tags instances from TagSpecification, and the tags reach IAM conditions (aws:RequestTag)', async () => {
    const tagged = await run(rootA, { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'env', Value: 'dev' }] }, { ResourceType: 'volume', Tags: [{ Key: 'env', Value: 'dev' }] }] });
    expect(tagged.Instances![0]!.Tags).toEqual([{ Key: 'env', Value: 'dev' }]);
    const id = tagged.Instances![0]!.InstanceId!;
    expect((await rootA.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:env', Values: ['dev'] }] }))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toContain(id);
    const devOnly = ec2(await server.fixtures.user(A, 'dev-tags-only', [allow('ec2:RunInstances', '*', { StringEquals: { 'aws:RequestTag/env': 'dev' } })]));
    expect((await run(devOnly, { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'env', Value: 'dev' }] }] })).Instances).toHaveLength(1);
    await expect(run(devOnly, { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'env', Value: 'prod' }] }] })).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(run(devOnly)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(run(rootA, { TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'a', Value: 'b' }] }] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('answers DryRun with DryRunOperation and launches nothing', async () => {
    const before = await server.database.db.instance.count();
    await expect(run(rootA, { DryRun: true })).rejects.toMatchObject({ name: 'DryRunOperation', $metadata: { httpStatusCode: 412 } });
    expect(await server.database.db.instance.count()).toBe(before);
  });
});

describe('DescribeInstances and state changes', () => {
  it('describes the account’s instances by reservation, by ID and with filters — never another account’s', async () => {
    const launched = await run(rootA, { MinCount: 2, MaxCount: 2 });
    const ids = launched.Instances!.map((i) => i.InstanceId!);
    const described = await rootA.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    expect(described.Reservations).toHaveLength(1);
    expect(described.Reservations![0]).toMatchObject({ ReservationId: launched.ReservationId, OwnerId: A });
    expect(described.Reservations![0]!.Instances!.map((i) => [i.InstanceId, i.State?.Name])).toEqual(ids.map((id) => [id, 'running']));
    const filtered = await rootA.send(new DescribeInstancesCommand({ Filters: [{ Name: 'reservation-id', Values: [launched.ReservationId!] }, { Name: 'instance-state-name', Values: ['running'] }] }));
    expect(filtered.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual(ids);
    await expect(devB.send(new DescribeInstancesCommand({ InstanceIds: [ids[0]!] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect((await devB.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((r) => r.Instances!).some((i) => ids.includes(i.InstanceId!))).toBe(false);
    await expect(rootA.send(new DescribeInstancesCommand({ InstanceIds: ['i-nope'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.Malformed' });
    await expect(rootA.send(new DescribeInstancesCommand({ Filters: [{ Name: 'weird', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('pages with MaxResults / NextToken, refusing bad sizes, IDs with MaxResults and bad tokens', async () => {
    await run(rootA, { MinCount: 6, MaxCount: 6 });
    const all = (await rootA.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId));
    const seen: (string | undefined)[] = [];
    let token: string | undefined;
    do {
      const page = await rootA.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: token }));
      const ids = page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId));
      expect(ids.length).toBeLessThanOrEqual(5);
      seen.push(...ids);
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all);
    await expect(rootA.send(new DescribeInstancesCommand({ MaxResults: 4 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rootA.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [all[0]!] }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(rootA.send(new DescribeInstancesCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidPaginationToken' });
  });

  it('stops, starts and terminates with EC2’s previous/current states', async () => {
    const [instance] = (await run(rootA)).Instances!;
    const id = instance!.InstanceId!;
    const state = async () => (await rootA.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State!.Name;

    const stopped = await rootA.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stopped.StoppingInstances).toEqual([{ InstanceId: id, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } }]);
    expect(await state()).toBe('stopped');
    const started = await rootA.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(started.StartingInstances).toEqual([{ InstanceId: id, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } }]);
    expect(await state()).toBe('running');
    const again = await rootA.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(again.StartingInstances![0]!.CurrentState!.Name).toBe('running');
    const terminated = await rootA.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances).toEqual([{ InstanceId: id, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } }]);
    expect(await state()).toBe('terminated');
    await expect(rootA.send(new StartInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ name: 'IncorrectInstanceState' });
    await expect(rootA.send(new StopInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ name: 'IncorrectInstanceState' });
    expect((await rootA.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).TerminatingInstances![0]!.CurrentState!.Name).toBe('terminated');
  });

  it('changes nothing when any instance is unknown, and refuses other accounts’ instances', async () => {
    const [instance] = (await run(rootA)).Instances!;
    const id = instance!.InstanceId!;
    await expect(rootA.send(new StopInstancesCommand({ InstanceIds: [id, 'i-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(devB.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(rootA.send(new StopInstancesCommand({ InstanceIds: [] }))).rejects.toMatchObject({ name: 'MissingParameter' });
    expect((await server.database.db.instance.findUnique({ where: { id } }))!.state).toBe('running');
  });

  it('authorizes state changes on the instance ARN', async () => {
    const [instance] = (await run(rootA)).Instances!;
    const id = instance!.InstanceId!;
    const [other] = (await run(rootA)).Instances!;
    const stopper = ec2(await server.fixtures.user(A, 'stopper', [allow('ec2:StopInstances', `arn:aws:ec2:us-east-1:${A}:instance/${id}`)]));
    expect((await stopper.send(new StopInstancesCommand({ InstanceIds: [id] }))).StoppingInstances).toHaveLength(1);
    await expect(stopper.send(new StopInstancesCommand({ InstanceIds: [other!.InstanceId!] }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(stopper.send(new TerminateInstancesCommand({ InstanceIds: [id] }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('DescribeVolumes / DeleteVolume', () => {
  it('describes and deletes the account’s volumes only', async () => {
    const { VolumeId } = await rootA.send(new CreateVolumeCommand({ Size: 12, AvailabilityZone: 'us-east-1c', VolumeType: 'gp3' }));
    const [volume] = (await rootA.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId!] }))).Volumes!;
    expect(volume).toMatchObject({ VolumeId, Size: 12, AvailabilityZone: 'us-east-1c', VolumeType: 'gp3', State: 'available', Encrypted: false });
    expect((await rootA.send(new DescribeVolumesCommand({ Filters: [{ Name: 'size', Values: ['12'] }] }))).Volumes!.map((v) => v.VolumeId)).toEqual([VolumeId]);
    await expect(devB.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId!] }))).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
    await expect(devB.send(new DeleteVolumeCommand({ VolumeId }))).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
    await expect(rootA.send(new DeleteVolumeCommand({ VolumeId: 'vol-x' }))).rejects.toMatchObject({ name: 'InvalidVolumeID.Malformed' });
    await rootA.send(new DeleteVolumeCommand({ VolumeId }));
    await expect(rootA.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId!] }))).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
  });
});
