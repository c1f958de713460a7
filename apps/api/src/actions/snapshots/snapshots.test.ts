/**
 * Snapshots through the real AWS SDK (EC2 Query API) against a real server: create, describe
 * scopes, create-volume permissions (both forms, add-xor-remove, the 500 cap, all-or-nothing),
 * reset, delete, and CreateVolume honouring the permission across accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  ModifySnapshotAttributeCommand,
  RegisterImageCommand,
  ResetSnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
let server: SdkServer;
let rootA: EC2Client;
let devB: EC2Client;
let devC: EC2Client;

const allow = (action: string | string[], resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const ec2 = (credentials: Credentials) => new EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const snapshot = async (client: EC2Client, extra: { Description?: string; VolumeId?: string } = {}) =>
  (await client.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', ...extra }))).SnapshotId!;
const permissions = async (client: EC2Client, id: string) =>
  (await client.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }))).CreateVolumePermissions;
const snapshotIds = async (client: EC2Client, input: ConstructorParameters<typeof DescribeSnapshotsCommand>[0] = {}) =>
  ((await client.send(new DescribeSnapshotsCommand(input))).Snapshots ?? []).map((s) => s.SnapshotId);

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
  await server.fixtures.account(C);
  rootA = ec2(server.root);
  const policy = allow(['ec2:Describe*', 'ec2:CreateSnapshot', 'ec2:CreateVolume', 'ec2:ModifySnapshotAttribute', 'ec2:DeleteSnapshot']);
  devB = ec2(await server.fixtures.user(B, 'dev-b', [policy]));
  devC = ec2(await server.fixtures.user(C, 'dev-c', [policy]));
});
afterAll(async () => server?.close());

describe('CreateSnapshot / DescribeSnapshots', () => {
  it('creates a completed snapshot with EC2’s element names', async () => {
    const out = await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', Description: 'nightly' }));
    expect(out).toMatchObject({ VolumeId: 'vol-0123456789abcdef0', Description: 'nightly', State: 'completed', OwnerId: A, VolumeSize: 8, Encrypted: false, Progress: '100%' });
    expect(out.SnapshotId).toMatch(/^snap-[0-9a-f]{17}$/);
    const [described] = (await rootA.send(new DescribeSnapshotsCommand({ SnapshotIds: [out.SnapshotId!] }))).Snapshots!;
    expect(described).toMatchObject({ SnapshotId: out.SnapshotId, OwnerId: A, Description: 'nightly', VolumeSize: 8 });
  });

  it('tags snapshots and volumes from TagSpecification', async () => {
    const out = await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'k', Value: 'v' }] }] }));
    expect(out.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    const vol = await rootA.send(new CreateVolumeCommand({ Size: 1, AvailabilityZone: 'us-east-1a', TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'k', Value: 'w' }] }] }));
    expect(vol.Tags).toEqual([{ Key: 'k', Value: 'w' }]);
    await expect(rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'k', Value: 'v' }] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('takes the size of a recorded volume, and refuses another account’s volume', async () => {
    const vol = (await rootA.send(new CreateVolumeCommand({ Size: 30, AvailabilityZone: 'us-east-1a' }))).VolumeId!;
    expect((await rootA.send(new CreateSnapshotCommand({ VolumeId: vol }))).VolumeSize).toBe(30);
    await expect(devB.send(new CreateSnapshotCommand({ VolumeId: vol }))).rejects.toMatchObject({ name: 'InvalidVolume.NotFound' });
  });

  it.each([
    [{ VolumeId: 'vol-zz' }, 'InvalidVolumeID.Malformed'],
    [{ VolumeId: 'vol-0123456789abcdef0', Description: 'd'.repeat(256) }, 'InvalidParameterValue'],
  ])('refuses %j with %s and creates nothing', async (input, code) => {
    const before = await server.database.db.snapshot.count();
    await expect(rootA.send(new CreateSnapshotCommand(input))).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect(await server.database.db.snapshot.count()).toBe(before);
  });

  it('scopes by SnapshotId, Owner, RestorableBy and filters', async () => {
    const mine = await snapshot(rootA, { Description: 'scope-mine' });
    const sharedB = await snapshot(devB, { Description: 'scope-shared' });
    const publicB = await snapshot(devB, { Description: 'scope-public' });
    const privateB = await snapshot(devB, { Description: 'scope-private' });
    await devB.send(new ModifySnapshotAttributeCommand({ SnapshotId: sharedB, CreateVolumePermission: { Add: [{ UserId: A }] } }));
    await devB.send(new ModifySnapshotAttributeCommand({ SnapshotId: publicB, CreateVolumePermission: { Add: [{ Group: 'all' }] } }));

    const all = await snapshotIds(rootA);
    expect(all).toEqual(expect.arrayContaining([mine, sharedB, publicB]));
    expect(all).not.toContain(privateB);
    expect(await snapshotIds(rootA, { OwnerIds: [B] })).toEqual([sharedB, publicB]);
    expect(await snapshotIds(rootA, { OwnerIds: ['self'], Filters: [{ Name: 'description', Values: ['scope-*'] }] })).toEqual([mine]);
    expect(await snapshotIds(rootA, { RestorableByUserIds: ['all'] })).toEqual([publicB]);
    expect(await snapshotIds(rootA, { RestorableByUserIds: ['self'], OwnerIds: [B] })).toEqual([sharedB, publicB]);
    await expect(snapshotIds(rootA, { SnapshotIds: [privateB] })).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await expect(snapshotIds(rootA, { SnapshotIds: ['snap-1'] })).rejects.toMatchObject({ name: 'InvalidSnapshotID.Malformed' });
    await expect(snapshotIds(rootA, { OwnerIds: ['someone'] })).rejects.toMatchObject({ name: 'InvalidUserID.Malformed' });
    await expect(snapshotIds(rootA, { Filters: [{ Name: 'flavour', Values: ['x'] }] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('ModifySnapshotAttribute / DescribeSnapshotAttribute / ResetSnapshotAttribute', () => {
  it('adds and removes grants in both forms, idempotently; removing an absent grant is a no-op', async () => {
    const id = await snapshot(rootA);
    expect(await permissions(rootA, id)).toEqual([]);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ UserId: B }, { UserId: B }] } }));
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, OperationType: 'add', UserIds: [B, C], GroupNames: ['all'] }));
    expect(await permissions(rootA, id)).toEqual([{ Group: 'all' }, { UserId: B }, { UserId: C }]);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Remove: [{ Group: 'all' }, { UserId: '999999999999' }] } }));
    expect(await permissions(rootA, id)).toEqual([{ UserId: B }, { UserId: C }]);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, OperationType: 'remove', UserIds: [C] }));
    expect(await permissions(rootA, id)).toEqual([{ UserId: B }]);
    // The owner's own account is implicit.
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ UserId: A }] } }));
    expect(await permissions(rootA, id)).toEqual([{ UserId: B }]);
  });

  it.each([
    [{ CreateVolumePermission: { Add: [{ UserId: B }], Remove: [{ UserId: C }] } }, 'InvalidParameterCombination'],
    [{ CreateVolumePermission: { Add: Array.from({ length: 501 }, (_, i) => ({ UserId: String(100000000000 + i) })) } }, 'InvalidParameterValue'],
    [{ CreateVolumePermission: { Add: [{ UserId: B }, { UserId: 'abc' }] } }, 'InvalidAMIAttributeItemValue'],
    [{ CreateVolumePermission: { Add: [{ UserId: B }, { Group: 'everyone' as never }] } }, 'InvalidAMIAttributeItemValue'],
    [{ OperationType: 'add' as never, UserIds: [B, '1'] }, 'InvalidAMIAttributeItemValue'],
    [{ OperationType: 'grant' as never, UserIds: [B] }, 'InvalidParameterValue'],
    [{ UserIds: [B] }, 'MissingParameter'],
    [{}, 'MissingParameter'],
    [{ Attribute: 'productCodes' as never, CreateVolumePermission: { Add: [{ UserId: B }] } }, 'InvalidParameterValue'],
  ] as [object, string][])('refuses %j with %s and changes nothing', async (input, code) => {
    const id = await snapshot(rootA);
    await expect(rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, ...input }))).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect(await permissions(rootA, id)).toEqual([]);
  });

  it('accepts exactly 500 changes', async () => {
    const id = await snapshot(rootA);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: Array.from({ length: 500 }, (_, i) => ({ UserId: String(100000000000 + i) })) } }));
    expect(await permissions(rootA, id)).toHaveLength(500);
  });

  it('reads productCodes, refuses unknown attributes, resets to private', async () => {
    const id = await snapshot(rootA);
    expect((await rootA.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'productCodes' }))).ProductCodes).toEqual([]);
    await expect(rootA.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'size' as never }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ UserId: B }, { Group: 'all' }] } }));
    await rootA.send(new ResetSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }));
    expect(await permissions(rootA, id)).toEqual([]);
    await expect(rootA.send(new ResetSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'productCodes' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('lets only the owner modify or read: AuthFailure for a sharee, NotFound for a stranger', async () => {
    const id = await snapshot(rootA);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ UserId: B }] } }));
    await expect(devB.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ UserId: C }] } }))).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(permissions(devB, id)).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(permissions(devC, id)).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await expect(devC.send(new DeleteSnapshotCommand({ SnapshotId: id }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await expect(devB.send(new DeleteSnapshotCommand({ SnapshotId: id }))).rejects.toMatchObject({ name: 'AuthFailure' });
    expect(await permissions(rootA, id)).toEqual([{ UserId: B }]);
  });
});

describe('DeleteSnapshot', () => {
  it('deletes, refuses one in use by an AMI, and reports unknown IDs', async () => {
    const id = await snapshot(rootA);
    expect((await rootA.send(new DeleteSnapshotCommand({ SnapshotId: id }))).$metadata.httpStatusCode).toBe(200);
    await expect(rootA.send(new DeleteSnapshotCommand({ SnapshotId: id }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    const used = await snapshot(rootA);
    await rootA.send(new RegisterImageCommand({ Name: 'uses-snapshot', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: used } }] }));
    await expect(rootA.send(new DeleteSnapshotCommand({ SnapshotId: used }))).rejects.toMatchObject({ name: 'InvalidSnapshot.InUse' });
    await expect(rootA.send(new DeleteSnapshotCommand({ SnapshotId: 'snap-bad' }))).rejects.toMatchObject({ name: 'InvalidSnapshotID.Malformed' });
  });
});

describe('CreateVolume honours create-volume permission', () => {
  it('creates volumes from own, shared and public snapshots; not from private ones', async () => {
    const shared = await snapshot(rootA);
    const pub = await snapshot(rootA);
    const priv = await snapshot(rootA);
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: shared, CreateVolumePermission: { Add: [{ UserId: B }] } }));
    await rootA.send(new ModifySnapshotAttributeCommand({ SnapshotId: pub, CreateVolumePermission: { Add: [{ Group: 'all' }] } }));
    const vol = await devB.send(new CreateVolumeCommand({ SnapshotId: shared, AvailabilityZone: 'us-east-1a' }));
    expect(vol).toMatchObject({ SnapshotId: shared, Size: 8, AvailabilityZone: 'us-east-1a', State: 'creating', VolumeType: 'gp2' });
    expect(vol.VolumeId).toMatch(/^vol-[0-9a-f]{17}$/);
    expect((await devC.send(new CreateVolumeCommand({ SnapshotId: pub, Size: 20, AvailabilityZone: 'us-east-1b' }))).Size).toBe(20);
    await expect(devC.send(new CreateVolumeCommand({ SnapshotId: shared, AvailabilityZone: 'us-east-1a' }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await expect(devB.send(new CreateVolumeCommand({ SnapshotId: priv, AvailabilityZone: 'us-east-1a' }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    expect(await server.database.db.volume.count({ where: { snapshotId: priv } })).toBe(0);
  });

  it.each([
    [{ AvailabilityZone: 'us-east-1a' }, 'MissingParameter'],
    [{ Size: 0, AvailabilityZone: 'us-east-1a' }, 'InvalidParameterValue'],
    [{ Size: 16385, AvailabilityZone: 'us-east-1a' }, 'InvalidParameterValue'],
    [{ Size: 8, AvailabilityZone: 'eu-west-1a' }, 'InvalidParameterValue'],
    [{ SnapshotId: 'snap-x', AvailabilityZone: 'us-east-1a' }, 'InvalidSnapshotID.Malformed'],
  ] as [object, string][])('refuses %j with %s', async (input, code) => {
    await expect(rootA.send(new CreateVolumeCommand(input as never))).rejects.toMatchObject({ name: code });
  });

  it('refuses a size below the snapshot’s', async () => {
    const id = (await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', DryRun: false }))).SnapshotId!;
    await server.database.db.snapshot.update({ where: { id }, data: { volumeSize: 50 } });
    await expect(rootA.send(new CreateVolumeCommand({ SnapshotId: id, Size: 10, AvailabilityZone: 'us-east-1a' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});
