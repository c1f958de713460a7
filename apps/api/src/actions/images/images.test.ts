/**
 * AMIs through the real AWS SDK (EC2 Query API) against a real server: registering, describing
 * with every scope, launch permissions (both request forms, all-or-nothing validation, owner
 * rules), reset, and the seed's Example 2 end to end across four accounts.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSnapshotCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  RegisterImageCommand,
  ResetImageAttributeCommand,
  RunInstancesCommand,
  type RegisterImageCommandInput,
} from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const A = '111122223333';
const B = '444455556666';
const C = '777788889999';
const D = '121212121212';
let server: SdkServer;
let rootA: EC2Client;
let snapshotA: string;

const allow = (action: string | string[], resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const ec2 = (credentials: Credentials) => new EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
/** A user like the seed's Developers: EC2 describe/launch on everything. */
const developer = async (account: string, name: string) => ec2(await server.fixtures.user(account, name, [allow(['ec2:Describe*', 'ec2:RunInstances', 'ec2:CreateSnapshot', 'ec2:RegisterImage', 'ec2:ModifyImageAttribute', 'ec2:ResetImageAttribute'])]));

async function register(client: EC2Client, name: string, extra: Partial<RegisterImageCommandInput> = {}) {
  const { ImageId } = await client.send(
    new RegisterImageCommand({ Name: name, RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotA } }], ...extra }),
  );
  return ImageId!;
}
const launchPermissions = async (client: EC2Client, imageId: string) =>
  (await client.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }))).LaunchPermissions;
const imageIds = async (client: EC2Client, input: ConstructorParameters<typeof DescribeImagesCommand>[0] = {}) =>
  ((await client.send(new DescribeImagesCommand(input))).Images ?? []).map((i) => i.ImageId);

beforeAll(async () => {
  server = await startSdkServer(A);
  for (const account of [B, C, D]) await server.fixtures.account(account);
  rootA = ec2(server.root);
  snapshotA = (await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0', Description: 'root' }))).SnapshotId!;
});
afterAll(async () => server?.close());

describe('RegisterImage', () => {
  it('registers an AMI from a snapshot and describes it with EC2 element names', async () => {
    const id = await register(rootA, 'web-server (v1)', { Description: 'the web tier', Architecture: 'arm64' });
    expect(id).toMatch(/^ami-[0-9a-f]{17}$/);
    const [image] = (await rootA.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images!;
    expect(image).toMatchObject({
      ImageId: id,
      Name: 'web-server (v1)',
      Description: 'the web tier',
      Architecture: 'arm64',
      OwnerId: A,
      State: 'available',
      Public: false,
      ImageType: 'machine',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/xvda',
      ImageLocation: `${A}/web-server (v1)`,
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotA, VolumeSize: 8 } }],
    });
    expect(new Date(image!.CreationDate!).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a duplicate name with InvalidAMIName.Duplicate', async () => {
    await register(rootA, 'dup-name');
    await expect(register(rootA, 'dup-name')).rejects.toMatchObject({ name: 'InvalidAMIName.Duplicate', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [{ Name: 'ab' }, 'InvalidAMIName.Malformed'],
    [{ Name: 'bad*name' }, 'InvalidAMIName.Malformed'],
    [{ Name: 'x'.repeat(129) }, 'InvalidAMIName.Malformed'],
    [{ Name: 'ok-name', Architecture: 'sparc' as never }, 'InvalidParameterValue'],
    [{ Name: 'ok-name', Description: 'd'.repeat(256) }, 'InvalidParameterValue'],
    [{ Name: 'ok-name', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-nothex' } }] }, 'InvalidSnapshotID.Malformed'],
    [{ Name: 'ok-name', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0123456789abcdef0' } }] }, 'InvalidSnapshot.NotFound'],
    [{ Name: 'ok-name', BlockDeviceMappings: [] }, 'MissingParameter'],
  ] as [Partial<RegisterImageCommandInput>, string][])('refuses %j with %s and registers nothing', async (input, code) => {
    const before = await server.database.db.image.count();
    const send = rootA.send(new RegisterImageCommand({ RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotA } }], ...input } as RegisterImageCommandInput));
    await expect(send).rejects.toMatchObject({ name: code });
    expect(await server.database.db.image.count()).toBe(before);
  });

  it('refuses another account’s private snapshot', async () => {
    const otherRoot = await developer(B, 'snapper');
    const snapB = (await otherRoot.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef1' }))).SnapshotId!;
    await expect(register(rootA, 'from-b', { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapB } }] })).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
  });

  it('tags the AMI from TagSpecification (visible to the owner only) and refuses bad tags', async () => {
    const id = await register(rootA, 'tagged', { TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'team', Value: 'web' }] }] });
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }] } }));
    expect((await rootA.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0]!.Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    expect(await imageIds(rootA, { Filters: [{ Name: 'tag:team', Values: ['web'] }] })).toEqual([id]);
    const b = await developer(B, 'tag-viewer');
    expect((await b.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0]!.Tags ?? []).toEqual([]);
    for (const [spec, code] of [
      [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }, 'InvalidParameterValue'],
      [{ ResourceType: 'image', Tags: [{ Key: 'aws:x', Value: 'b' }] }, 'InvalidParameterValue'],
      [{ ResourceType: 'image', Tags: [{ Key: 'k'.repeat(129), Value: 'b' }] }, 'InvalidParameterValue'],
      [{ ResourceType: 'image', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, 'TagLimitExceeded'],
    ] as const) {
      await expect(register(rootA, `tag-bad-${code}-${Math.random().toString(36).slice(2, 8)}`, { TagSpecifications: [spec as never] })).rejects.toMatchObject({ name: code });
    }
  });

  it('lets exactly one of several racing registrations of a name through', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => register(rootA, 'raced-name')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'InvalidAMIName.Duplicate' });
  });

  it('answers DryRun with DryRunOperation and registers nothing', async () => {
    await expect(register(rootA, 'dry-run', { DryRun: true })).rejects.toMatchObject({ name: 'DryRunOperation' });
    expect(await server.database.db.image.count({ where: { name: 'dry-run' } })).toBe(0);
  });
});

describe('ModifyImageAttribute / DescribeImageAttribute / ResetImageAttribute', () => {
  it('adds and removes account and public grants (structured form), idempotently', async () => {
    const id = await register(rootA, 'sharing-1');
    expect(await launchPermissions(rootA, id)).toEqual([]);
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }, { UserId: C }] } }));
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }] } }));
    expect(await launchPermissions(rootA, id)).toEqual([{ UserId: B }, { UserId: C }]);
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    expect(await launchPermissions(rootA, id)).toEqual([{ Group: 'all' }, { UserId: B }, { UserId: C }]);
    expect((await rootA.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0]!.Public).toBe(true);
    // Removing `all` makes it private again; explicit grants survive. Removing an absent grant is a no-op.
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Remove: [{ Group: 'all' }, { UserId: D }] } }));
    expect(await launchPermissions(rootA, id)).toEqual([{ UserId: B }, { UserId: C }]);
    expect((await rootA.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0]!.Public).toBe(false);
  });

  it('applies Add and Remove in one call (adds first)', async () => {
    const id = await register(rootA, 'sharing-both');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }] } }));
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: C }, { UserId: D }], Remove: [{ UserId: B }, { UserId: D }] } }));
    expect(await launchPermissions(rootA, id)).toEqual([{ UserId: C }]);
  });

  it('accepts the older OperationType + UserId + UserGroup form', async () => {
    const id = await register(rootA, 'sharing-legacy');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission', OperationType: 'add', UserIds: [B], UserGroups: ['all'] }));
    expect(await launchPermissions(rootA, id)).toEqual([{ Group: 'all' }, { UserId: B }]);
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, OperationType: 'remove', UserGroups: ['all'] }));
    expect(await launchPermissions(rootA, id)).toEqual([{ UserId: B }]);
  });

  it('treats granting the owner’s own account as a no-op (the owner always has launch permission)', async () => {
    const id = await register(rootA, 'sharing-self');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: A }] } }));
    expect(await launchPermissions(rootA, id)).toEqual([]);
  });

  it.each([
    [{ LaunchPermission: { Add: [{ UserId: B }, { UserId: '12345' }] } }, 'InvalidAMIAttributeItemValue'],
    [{ LaunchPermission: { Add: [{ UserId: B }, { UserId: '1234567890123' }] } }, 'InvalidAMIAttributeItemValue'],
    [{ LaunchPermission: { Add: [{ UserId: B }, { Group: 'everyone' as never }] } }, 'InvalidAMIAttributeItemValue'],
    [{ LaunchPermission: { Add: [{ UserId: B }, { Group: 'ALL' as never }] } }, 'InvalidAMIAttributeItemValue'],
    [{ OperationType: 'add' as never, UserIds: [B, 'abcdefghijkl'] }, 'InvalidAMIAttributeItemValue'],
    [{ OperationType: 'share' as never, UserIds: [B] }, 'InvalidParameterValue'],
    [{ UserIds: [B] }, 'MissingParameter'],
    [{ OperationType: 'add' as never }, 'MissingParameter'],
    [{ LaunchPermission: { Add: [{ UserId: B, Group: 'all' }] } }, 'InvalidParameterCombination'],
    [{ LaunchPermission: { Add: [{ UserId: B }] }, Description: { Value: 'x' } }, 'InvalidParameterCombination'],
    [{ LaunchPermission: { Add: [{ UserId: B }] }, OperationType: 'add' as never, UserIds: [C] }, 'InvalidParameterCombination'],
    [{ Attribute: 'kernel' }, 'InvalidParameterValue'],
    [{ Attribute: 'bogus' }, 'InvalidParameterValue'],
    [{}, 'MissingParameter'],
  ] as [object, string][])('refuses %j with %s and changes nothing (all-or-nothing)', async (input, code) => {
    const id = await register(rootA, `invalid-${Math.random().toString(36).slice(2, 10)}`);
    await expect(rootA.send(new ModifyImageAttributeCommand({ ImageId: id, ...input }))).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect(await launchPermissions(rootA, id)).toEqual([]);
  });

  it('changes and reads the description', async () => {
    const id = await register(rootA, 'describe-me', { Description: 'old' });
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'new text' } }));
    const out = await rootA.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'description' }));
    expect(out).toMatchObject({ ImageId: id, Description: { Value: 'new text' } });
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'description', Value: 'via value' }));
    expect((await rootA.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'description' }))).Description).toEqual({ Value: 'via value' });
    await expect(rootA.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'x'.repeat(256) } }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses unknown attributes and missing ones in DescribeImageAttribute', async () => {
    const id = await register(rootA, 'attr-errors');
    await expect(rootA.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'nonsense' as never }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rootA.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: undefined as never }))).rejects.toMatchObject({ name: 'MissingParameter' });
    expect((await rootA.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'blockDeviceMapping' }))).BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ SnapshotId: snapshotA }) },
    ]);
  });

  it('resets the launch permission to private, removing explicit and public grants', async () => {
    const id = await register(rootA, 'reset-me');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }, { Group: 'all' }] } }));
    await rootA.send(new ResetImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission' }));
    expect(await launchPermissions(rootA, id)).toEqual([]);
    await expect(rootA.send(new ResetImageAttributeCommand({ ImageId: id, Attribute: 'description' as never }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('answers malformed and unknown IDs with EC2’s codes', async () => {
    await expect(rootA.send(new DescribeImageAttributeCommand({ ImageId: 'ami-xyz', Attribute: 'launchPermission' }))).rejects.toMatchObject({ name: 'InvalidAMIID.Malformed' });
    await expect(rootA.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0123456789abcdef0', Attribute: 'launchPermission' }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(rootA.send(new ModifyImageAttributeCommand({ ImageId: 'ami-0123456789abcdef0', LaunchPermission: { Add: [{ UserId: B }] } }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(rootA.send(new ResetImageAttributeCommand({ ImageId: 'ami-0123456789abcdef0', Attribute: 'launchPermission' }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });
});

describe('DescribeImages scopes', () => {
  let own: string;
  let shared: string;
  let pub: string;
  let privateB: string;
  let b: EC2Client;

  beforeAll(async () => {
    b = await developer(B, 'scopes');
    const snapB = (await b.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef2' }))).SnapshotId!;
    const reg = (name: string) => b.send(new RegisterImageCommand({ Name: name, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapB } }] })).then((r) => r.ImageId!);
    own = await register(rootA, 'scope-own');
    shared = await reg('scope-shared-with-a');
    pub = await reg('scope-public');
    privateB = await reg('scope-private-b');
    await b.send(new ModifyImageAttributeCommand({ ImageId: shared, LaunchPermission: { Add: [{ UserId: A }] } }));
    await b.send(new ModifyImageAttributeCommand({ ImageId: pub, LaunchPermission: { Add: [{ Group: 'all' }] } }));
  });

  it('shows own, shared and public AMIs — never another account’s private one', async () => {
    const ids = await imageIds(rootA);
    expect(ids).toEqual(expect.arrayContaining([own, shared, pub]));
    expect(ids).not.toContain(privateB);
    await expect(imageIds(rootA, { ImageIds: [privateB] })).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(imageIds(rootA, { ImageIds: ['ami-1'] })).rejects.toMatchObject({ name: 'InvalidAMIID.Malformed' });
  });

  it('scopes by Owner (self, account IDs, amazon)', async () => {
    const self = await imageIds(rootA, { Owners: ['self'] });
    expect(self).toContain(own);
    expect(self).not.toContain(shared);
    expect(await imageIds(rootA, { Owners: [B] })).toEqual([shared, pub]);
    expect(await imageIds(rootA, { Owners: ['amazon'] })).toEqual([]);
    await expect(imageIds(rootA, { Owners: ['nobody'] })).rejects.toMatchObject({ name: 'InvalidUserID.Malformed' });
  });

  it('scopes by ExecutableBy (self, all, an account)', async () => {
    expect(await imageIds(rootA, { ExecutableUsers: ['self'] })).toEqual([shared]);
    expect(await imageIds(rootA, { ExecutableUsers: ['all'] })).toEqual([pub]);
    expect(await imageIds(b, { ExecutableUsers: [A] })).toEqual([shared]);
  });

  it('filters by name, state, is-public and owner-id; refuses unknown filters', async () => {
    expect(await imageIds(rootA, { Filters: [{ Name: 'name', Values: ['scope-*'] }] })).toEqual([own, shared, pub]);
    expect(await imageIds(rootA, { Filters: [{ Name: 'is-public', Values: ['true'] }] })).toEqual([pub]);
    expect(await imageIds(rootA, { Filters: [{ Name: 'owner-id', Values: [B] }, { Name: 'state', Values: ['available'] }] })).toEqual([shared, pub]);
    expect(await imageIds(rootA, { Filters: [{ Name: 'state', Values: ['pending'] }] })).toEqual([]);
    await expect(imageIds(rootA, { Filters: [{ Name: 'colour', Values: ['red'] }] })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('pages with MaxResults / NextToken', async () => {
    const all = await imageIds(rootA);
    const first = await rootA.send(new DescribeImagesCommand({ MaxResults: 5 }));
    expect(first.Images!.map((i) => i.ImageId)).toEqual(all.slice(0, 5));
    if (all.length > 5) {
      const second = await rootA.send(new DescribeImagesCommand({ MaxResults: 5, NextToken: first.NextToken }));
      expect(second.Images!.map((i) => i.ImageId)).toEqual(all.slice(5, 10));
    } else {
      expect(first.NextToken).toBeUndefined();
    }
    await expect(rootA.send(new DescribeImagesCommand({ MaxResults: 1001 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('lets only the owner modify or read attributes: AuthFailure for a sharee, NotFound for a stranger', async () => {
    await expect(rootA.send(new ModifyImageAttributeCommand({ ImageId: shared, LaunchPermission: { Add: [{ UserId: C }] } }))).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(launchPermissions(rootA, shared)).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(launchPermissions(rootA, privateB)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(rootA.send(new ResetImageAttributeCommand({ ImageId: pub, Attribute: 'launchPermission' }))).rejects.toMatchObject({ name: 'AuthFailure' });
    await expect(rootA.send(new DeregisterImageCommand({ ImageId: privateB }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    expect(await launchPermissions(b, shared)).toEqual([{ UserId: A }]);
  });
});

describe('DeregisterImage', () => {
  it('deregisters the owner’s AMI (grants go with it)', async () => {
    const id = await register(rootA, 'to-deregister');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: B }] } }));
    expect((await rootA.send(new DeregisterImageCommand({ ImageId: id }))).Return).toBe(true);
    await expect(imageIds(rootA, { ImageIds: [id] })).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    expect(await server.database.db.imageLaunchPermission.count({ where: { imageId: id } })).toBe(0);
    await expect(rootA.send(new DeregisterImageCommand({ ImageId: id }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });
});

describe('IAM policies decide first', () => {
  it('refuses a user without ec2 permissions (dispatcher denial), with nothing changed', async () => {
    const id = await register(rootA, 'iam-guarded');
    const nobody = ec2(await server.fixtures.user(A, 'no-ec2'));
    await expect(nobody.send(new DescribeImagesCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(nobody.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ Group: 'all' }] } }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(await launchPermissions(rootA, id)).toEqual([]);
  });

  it('authorizes on the AMI’s ARN (AWS’s form, with no account: arn:aws:ec2:REGION::image/ID)', async () => {
    const id = await register(rootA, 'arn-scoped');
    const scoped = ec2(await server.fixtures.user(A, 'arn-scoped-user', [allow('ec2:DescribeImageAttribute', `arn:aws:ec2:us-east-1::image/${id}`)]));
    expect(await launchPermissions(scoped, id)).toEqual([]);
    const other = await register(rootA, 'arn-scoped-other');
    await expect(launchPermissions(scoped, other)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('Example 2: sharing an AMI across accounts', () => {
  it('lets A’s developers launch own, public and shared AMIs; B and C launch A’s shared AMI; D can neither see nor launch it', async () => {
    const devA = await developer(A, 'dev-a');
    const devB = await developer(B, 'dev-b');
    const devC = await developer(C, 'dev-c');
    const devD = await developer(D, 'dev-d');
    const golden = await register(rootA, 'golden-image');
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: golden, LaunchPermission: { Add: [{ UserId: B }, { UserId: C }] } }));

    // B's public AMI and C's AMI shared with A.
    const snapC = (await devC.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef3' }))).SnapshotId!;
    const regC = (name: string) => devC.send(new RegisterImageCommand({ Name: name, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapC } }] })).then((r) => r.ImageId!);
    const publicC = await regC('c-public');
    const sharedC = await regC('c-shared-with-a');
    const privateC = await regC('c-private');
    await devC.send(new ModifyImageAttributeCommand({ ImageId: publicC, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    await devC.send(new ModifyImageAttributeCommand({ ImageId: sharedC, LaunchPermission: { Add: [{ UserId: A }] } }));

    const launch = (client: EC2Client, imageId: string) => client.send(new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    for (const id of [golden, publicC, sharedC]) expect((await launch(devA, id)).Instances![0]!.ImageId).toBe(id);
    await expect(launch(devA, privateC)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });

    for (const dev of [devB, devC]) {
      expect(await imageIds(dev, { ImageIds: [golden] })).toEqual([golden]);
      expect((await launch(dev, golden)).Instances![0]).toMatchObject({ ImageId: golden, State: { Name: 'pending' } });
    }

    expect(await imageIds(devD)).not.toContain(golden);
    await expect(imageIds(devD, { ImageIds: [golden] })).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(launchPermissions(devD, golden)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(launch(devD, golden)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound', $metadata: { httpStatusCode: 400 } });
    expect(await server.database.db.instance.count({ where: { accountId: D } })).toBe(0);

    // Revoking C's grant stops C at once; B keeps it.
    await rootA.send(new ModifyImageAttributeCommand({ ImageId: golden, LaunchPermission: { Remove: [{ UserId: C }] } }));
    await expect(launch(devC, golden)).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    expect((await launch(devB, golden)).Instances).toHaveLength(1);
  });
});

/** Debian's AWS CLI v2 as a second real client (skipped where it is not installed). */
const AWS_CLI = '/usr/bin/aws';
describe.skipIf(!existsSync(AWS_CLI))('aws CLI', () => {
  const aws = async (args: string[]) => {
    const env = { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: server.root.accessKeyId, AWS_SECRET_ACCESS_KEY: server.root.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' };
    const { stdout } = await promisify(execFile)(AWS_CLI, ['--endpoint-url', server.endpoint, '--output', 'json', 'ec2', ...args], { env });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  it('shares an AMI with modify-image-attribute in both syntaxes and reads it back', async () => {
    const id = await register(rootA, 'cli-shared');
    await aws(['modify-image-attribute', '--image-id', id, '--launch-permission', `Add=[{UserId=${B}}]`]);
    await aws(['modify-image-attribute', '--image-id', id, '--attribute', 'launchPermission', '--operation-type', 'add', '--user-ids', C, '--user-groups', 'all']);
    const attribute = await aws(['describe-image-attribute', '--image-id', id, '--attribute', 'launchPermission']);
    expect(attribute).toEqual({ ImageId: id, LaunchPermissions: [{ Group: 'all' }, { UserId: B }, { UserId: C }] });
    const images = await aws(['describe-images', '--owners', 'self', '--filters', 'Name=name,Values=cli-*']);
    expect(images.Images).toMatchObject([{ ImageId: id, Public: true, OwnerId: A }]);
    await expect(aws(['modify-image-attribute', '--image-id', id, '--launch-permission', 'Add=[{UserId=12}]'])).rejects.toMatchObject({ stderr: expect.stringContaining('InvalidAMIAttributeItemValue') });
  });
});
