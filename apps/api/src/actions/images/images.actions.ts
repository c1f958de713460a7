/**
 * AMIs: RegisterImage, DeregisterImage, DescribeImages, Modify/Describe/ResetImageAttribute —
 * EC2's parameters (Query API names: `ImageId.N`, `Owner.N`, `ExecutableBy.N`, `Filter.N`,
 * `LaunchPermission.Add.N.UserId`, `OperationType` + `UserId.N` + `UserGroup.N`), its reply
 * element names (`imagesSet`, `launchPermission`…) and error codes.
 *
 * Who sees an AMI: its owner, the accounts in its launch permission, and everyone once the
 * group `all` is in it. Only the owner may change or read its attributes: an account the AMI is
 * shared with gets AuthFailure, any other InvalidAMIID.NotFound (it cannot tell the AMI exists).
 * The owner always has launch permission: adding the owner's own account is accepted and
 * changes nothing, and it is never listed.
 *
 * SECURITY: an AMI the caller cannot see answers exactly like one that does not exist, and is
 * authorized against an ARN in the caller's own account, so neither the reply nor an AccessDenied
 * message reveals another account's private AMIs.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyImageAttribute.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html
 */
import { z } from 'zod';
import { defineAction } from '../action';
import type { Db, Tx } from '../../db/client';
import { newEc2Id } from '../../ids';
import {
  DryRunInput,
  Ec2PagingInput,
  FilterInput,
  PermissionModifications,
  StringList,
  applyFilters,
  checkDryRun,
  checkIds,
  ec2Arn,
  ec2Page,
  ec2Error,
  ec2Tags,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  parsePermissionChanges,
  permissionList,
  plainTags,
  requestTagsOf,
  resolveAccountList,
  tagsFor,
  TagSpecificationInput,
} from '../../iam/ec2-common';
import { findVisibleSnapshot, imageArnOrGuess, imageNotFound } from '../../iam/ec2-resources';
import { findImageRow, listVisibleImages, type ImageRow } from './images.queries';
import { messages } from '../../messages';

const ARCHITECTURES = ['i386', 'x86_64', 'arm64', 'x86_64_mac', 'arm64_mac'] as const;
/** AMI names: 3–128 of letters, digits, ( ) [ ] space . / - ' @ _ (RegisterImage). */
const IMAGE_NAME = /^[a-zA-Z0-9()[\] ./\-'@_]{3,128}$/;
/** Image attributes DescribeImageAttribute knows; only some carry data here. */
const IMAGE_ATTRIBUTES = ['description', 'kernel', 'ramdisk', 'launchPermission', 'productCodes', 'blockDeviceMapping', 'sriovNetSupport', 'bootMode', 'tpmSupport', 'uefiData', 'lastLaunchedTime', 'imdsSupport', 'deregistrationProtection'];

const ImageIdSchema = z.string().min(1).max(1024);

const BlockDeviceMappingSchema = z.object({
  DeviceName: z.string().min(1).max(255).optional(),
  VirtualName: z.string().max(255).optional(),
  NoDevice: z.string().max(255).optional(),
  Ebs: z
    .object({
      SnapshotId: z.string().max(1024).optional(),
      VolumeSize: z.number().int().min(1).max(65536).optional(),
      VolumeType: z.enum(['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3']).optional(),
      DeleteOnTermination: z.boolean().optional(),
      Encrypted: z.boolean().optional(),
      Iops: z.number().int().optional(),
    })
    .optional(),
});

/** The account's own AMI, or EC2's refusal: AuthFailure if the caller can see it, else NotFound. */
async function ownImage(db: Tx | Db, accountId: string, imageId: string): Promise<ImageRow> {
  checkIds('ami', [imageId]);
  const image = await findImageRow(db, imageId);
  if (!image) throw imageNotFound([imageId]);
  if (image.accountId !== accountId) {
    const visible = image.launchPermissions.some((p) => p.grantee === 'all' || p.grantee === accountId);
    if (visible) throw ec2Error('AuthFailure', messages.ec2.notAuthorizedFor('image', imageId));
    throw imageNotFound([imageId]);
  }
  return image;
}

/** The `imagesSet` item EC2 returns. Tags only for the owner (AWS hides them from the accounts it shares with). */
function imageShape(image: ImageRow, callerAccount: string, snapshotSizes: Map<string, number>) {
  const isPublic = image.launchPermissions.some((p) => p.grantee === 'all');
  return {
    imageId: image.id,
    imageLocation: `${image.accountId}/${image.name}`,
    imageState: image.state,
    imageOwnerId: image.accountId,
    creationDate: image.createdAt,
    isPublic,
    architecture: image.architecture,
    imageType: 'machine',
    name: image.name,
    ...(image.description !== null ? { description: image.description } : {}),
    rootDeviceType: 'ebs',
    rootDeviceName: image.rootDeviceName,
    blockDeviceMapping: image.snapshotId
      ? [{ deviceName: image.rootDeviceName, ebs: { snapshotId: image.snapshotId, ...(snapshotSizes.has(image.snapshotId) ? { volumeSize: snapshotSizes.get(image.snapshotId) } : {}), deleteOnTermination: true, volumeType: 'gp2', encrypted: false } }]
      : [],
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    enaSupport: true,
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    ...(image.accountId === callerAccount ? { tagSet: ec2Tags(image.tags) } : {}),
  };
}

async function snapshotSizesOf(db: Tx | Db, images: ImageRow[]): Promise<Map<string, number>> {
  const ids = [...new Set(images.map((i) => i.snapshotId).filter((s): s is string => !!s))];
  if (!ids.length) return new Map();
  const rows = await db.snapshot.findMany({ where: { id: { in: ids } }, select: { id: true, volumeSize: true } });
  return new Map(rows.map((r) => [r.id, r.volumeSize]));
}

export const registerImage = defineAction({
  name: 'RegisterImage',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    Name: z.string().max(1024).optional(),
    Description: z.string().max(1024).optional(),
    Architecture: z.string().max(64).optional(),
    RootDeviceName: z.string().min(1).max(255).optional(),
    BlockDeviceMapping: z.array(BlockDeviceMappingSchema).max(64).optional(),
    ImageLocation: z.string().max(1024).optional(),
    VirtualizationType: z.string().max(64).optional(),
    ...TagSpecificationInput,
    ...DryRunInput,
  }),
  target: (input, caller) => ({ resource: ec2Arn(caller.accountId, 'image', '*'), requestTags: requestTagsOf(input.TagSpecification) }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    if (input.Name === undefined) throw missingParameter('name');
    if (!IMAGE_NAME.test(input.Name)) {
      throw ec2Error('InvalidAMIName.Malformed', messages.ec2.invalidAmiName);
    }
    if (input.Description !== undefined && input.Description.length > 255) throw invalidParameterValue(messages.ec2.descriptionLength);
    if (input.Architecture !== undefined && !(ARCHITECTURES as readonly string[]).includes(input.Architecture)) {
      throw invalidParameterValue(messages.ec2.invalidArchitecture(input.Architecture, ARCHITECTURES));
    }
    const rootDeviceName = input.RootDeviceName ?? '/dev/xvda';
    const mappings = input.BlockDeviceMapping ?? [];
    const devices = mappings.map((m) => m.DeviceName).filter((d): d is string => !!d);
    if (new Set(devices).size !== devices.length) throw invalidParameterValue(messages.ec2.deviceNamesUnique);
    // Every snapshot named must exist and be usable by this account (its own or shared with it).
    for (const m of mappings) {
      if (m.DeviceName === undefined) throw missingParameter('BlockDeviceMapping.DeviceName');
      const snapshotId = m.Ebs?.SnapshotId;
      if (snapshotId === undefined) continue;
      checkIds('snap', [snapshotId]);
      if (!(await findVisibleSnapshot(tx, accountId, snapshotId))) throw ec2Error('InvalidSnapshot.NotFound', messages.ec2.snapshotNotFound([snapshotId]));
    }
    // The root volume's snapshot is what the AMI records (the model keeps one).
    const root = mappings.find((m) => m.DeviceName === rootDeviceName && m.Ebs?.SnapshotId) ?? mappings.find((m) => m.Ebs?.SnapshotId);
    if (!root && !input.ImageLocation) throw missingParameter('BlockDeviceMapping (a root device snapshot) or ImageLocation');
    const tags = tagsFor(input.TagSpecification, 'image', ['snapshot']);
    checkDryRun(input);
    // One registration at a time per account, so two racing calls cannot both pass the name check.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    const taken = await tx.image.findFirst({ where: { accountId, region: 'us-east-1', name: input.Name }, select: { id: true } });
    if (taken) throw ec2Error('InvalidAMIName.Duplicate', messages.ec2.amiNameDuplicate(input.Name, taken.id));
    const image = await tx.image.create({
      data: {
        id: newEc2Id('ami'),
        accountId,
        name: input.Name,
        description: input.Description ?? null,
        architecture: input.Architecture ?? 'x86_64',
        rootDeviceName,
        snapshotId: root?.Ebs?.SnapshotId ?? null,
        tags,
      },
    });
    return { imageId: image.id };
  },
});

export const deregisterImage = defineAction({
  name: 'DeregisterImage',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ ImageId: ImageIdSchema.optional(), DeleteAssociatedSnapshots: z.boolean().optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await imageArnOrGuess(db, caller.accountId, input.ImageId) }),
  async handler(input, { tx, caller }) {
    if (input.ImageId === undefined) throw missingParameter('imageId');
    const image = await ownImage(tx, caller.accountId, input.ImageId);
    checkDryRun(input);
    await tx.image.delete({ where: { id: image.id } });
    const deleted: { snapshotId: string; returnCode: string }[] = [];
    if (input.DeleteAssociatedSnapshots && image.snapshotId) {
      const others = await tx.image.count({ where: { snapshotId: image.snapshotId } });
      const { count } = others ? { count: 0 } : await tx.snapshot.deleteMany({ where: { id: image.snapshotId, accountId: caller.accountId } });
      deleted.push({ snapshotId: image.snapshotId, returnCode: count ? 'success' : 'error-generic' });
    }
    return { return: true, ...(input.DeleteAssociatedSnapshots ? { deleteSnapshotResultSet: deleted } : {}) };
  },
});

export const describeImages = defineAction({
  name: 'DescribeImages',
  service: 'ec2',
  readOnly: true,
  input: z.object({
    ImageId: StringList().optional(),
    Owner: StringList().optional(),
    ExecutableBy: StringList().optional(),
    IncludeDeprecated: z.boolean().optional(),
    IncludeDisabled: z.boolean().optional(),
    ...Ec2PagingInput,
    ...FilterInput,
    ...DryRunInput,
  }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const me = caller.accountId;
    const ids = input.ImageId?.length ? input.ImageId : undefined;
    if (ids) checkIds('ami', ids);
    // Amazon's and Marketplace owners name no images here: they match nothing.
    const owners = resolveAccountList(input.Owner, me, ['amazon', 'aws-marketplace', 'aws-backup-vault']);
    const executableBy = resolveAccountList(input.ExecutableBy, me, ['all']);
    checkDryRun(input);
    let images = await listVisibleImages(tx, me, { ids, owners });
    if (ids) {
      const found = new Set(images.map((i) => i.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) throw imageNotFound(missing);
    }
    // ExecutableBy: `all` → public AMIs; an account (or `self`) → AMIs with an explicit grant to it.
    if (executableBy) images = images.filter((i) => i.launchPermissions.some((p) => executableBy.includes(p.grantee)));
    images = applyFilters(
      images,
      input.Filter,
      {
        name: (i) => i.name,
        state: (i) => i.state,
        'is-public': (i) => String(i.launchPermissions.some((p) => p.grantee === 'all')),
        'owner-id': (i) => i.accountId,
        'image-id': (i) => i.id,
        architecture: (i) => i.architecture,
        description: (i) => i.description ?? undefined,
        'image-type': () => 'machine',
        'root-device-type': () => 'ebs',
        'root-device-name': (i) => i.rootDeviceName,
        'block-device-mapping.snapshot-id': (i) => i.snapshotId ?? undefined,
      },
      (i) => (i.accountId === me ? plainTags(i.tags) : []),
    );
    const { items, nextToken } = ec2Page(images, input, !!ids);
    const sizes = await snapshotSizesOf(tx, items);
    return { imagesSet: items.map((i) => imageShape(i, me, sizes)), ...(nextToken ? { nextToken } : {}) };
  },
});

export const modifyImageAttribute = defineAction({
  name: 'ModifyImageAttribute',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    ImageId: ImageIdSchema.optional(),
    Attribute: z.string().max(64).optional(),
    Description: z.object({ Value: z.string().max(1024).optional() }).optional(),
    Value: z.string().max(1024).optional(),
    LaunchPermission: PermissionModifications.optional(),
    OperationType: z.string().max(16).optional(),
    UserId: StringList().optional(),
    UserGroup: StringList().optional(),
    ...DryRunInput,
  }),
  target: async (input, caller, db) => ({ resource: await imageArnOrGuess(db, caller.accountId, input.ImageId) }),
  async handler(input, { tx, caller }) {
    if (input.ImageId === undefined) throw missingParameter('imageId');
    const image = await ownImage(tx, caller.accountId, input.ImageId);
    const attribute = input.Attribute;
    if (attribute !== undefined && attribute !== 'launchPermission' && attribute !== 'description') {
      if (IMAGE_ATTRIBUTES.includes(attribute) || attribute === 'imdsSupport') throw invalidParameterValue(messages.ec2.attributeNotModifiableHere(attribute));
      throw invalidParameterValue(messages.ec2.unknownAttribute(attribute));
    }
    const describing = input.Description !== undefined || (attribute === 'description' && input.Value !== undefined);
    const launching = input.LaunchPermission !== undefined || input.OperationType !== undefined || (input.UserId?.length ?? 0) > 0 || (input.UserGroup?.length ?? 0) > 0;
    // One attribute per call.
    if (describing && launching) throw invalidParameterCombination(messages.ec2.multipleAttributeTypes('description', 'launchPermission'));
    if (attribute === 'description' && launching) throw invalidParameterCombination(messages.ec2.multipleAttributeTypes('description', 'launchPermission'));
    if (attribute === 'launchPermission' && describing) throw invalidParameterCombination(messages.ec2.multipleAttributeTypes('launchPermission', 'description'));
    if (!describing && !launching) throw missingParameter(attribute === 'description' ? 'Description' : attribute === 'launchPermission' ? 'LaunchPermission' : 'Attribute');
    if (describing) {
      const value = input.Description?.Value ?? input.Value ?? '';
      if (value.length > 255) throw invalidParameterValue(messages.ec2.descriptionLength);
      checkDryRun(input);
      await tx.image.update({ where: { id: image.id }, data: { description: value } });
      return { return: true };
    }
    // Everything is checked before anything changes.
    const changes = parsePermissionChanges({ modifications: input.LaunchPermission, operationType: input.OperationType, userIds: input.UserId, userGroups: input.UserGroup });
    checkDryRun(input);
    // The owner always may launch its own AMI: granting it is a no-op. Adds apply before removes
    // (as moto does), so a grantee named in both ends up without the grant.
    const add = changes.add.filter((g) => g !== image.accountId);
    if (add.length) await tx.imageLaunchPermission.createMany({ data: add.map((grantee) => ({ imageId: image.id, grantee })), skipDuplicates: true });
    if (changes.remove.length) await tx.imageLaunchPermission.deleteMany({ where: { imageId: image.id, grantee: { in: changes.remove } } });
    return { return: true };
  },
});

export const describeImageAttribute = defineAction({
  name: 'DescribeImageAttribute',
  service: 'ec2',
  readOnly: true,
  input: z.object({ ImageId: ImageIdSchema.optional(), Attribute: z.string().max(64).optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await imageArnOrGuess(db, caller.accountId, input.ImageId) }),
  async handler(input, { tx, caller }) {
    if (input.ImageId === undefined) throw missingParameter('imageId');
    if (input.Attribute === undefined) throw missingParameter('attribute');
    if (!IMAGE_ATTRIBUTES.includes(input.Attribute)) throw invalidParameterValue(messages.ec2.unknownAttribute(input.Attribute));
    const image = await ownImage(tx, caller.accountId, input.ImageId);
    checkDryRun(input);
    switch (input.Attribute) {
      case 'launchPermission':
        return { imageId: image.id, launchPermission: permissionList(image.launchPermissions.map((p) => p.grantee)) };
      case 'description':
        return { imageId: image.id, description: image.description !== null ? { value: image.description } : {} };
      case 'blockDeviceMapping': {
        const sizes = await snapshotSizesOf(tx, [image]);
        return { imageId: image.id, blockDeviceMapping: imageShape(image, caller.accountId, sizes).blockDeviceMapping };
      }
      case 'productCodes':
        return { imageId: image.id, productCodes: [] };
      default:
        return { imageId: image.id };
    }
  },
});

export const resetImageAttribute = defineAction({
  name: 'ResetImageAttribute',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ ImageId: ImageIdSchema.optional(), Attribute: z.string().max(64).optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await imageArnOrGuess(db, caller.accountId, input.ImageId) }),
  async handler(input, { tx, caller }) {
    if (input.ImageId === undefined) throw missingParameter('imageId');
    if (input.Attribute === undefined) throw missingParameter('attribute');
    // Only the launch permission can be reset: the AMI becomes private again (the owner keeps it).
    if (input.Attribute !== 'launchPermission') throw invalidParameterValue(messages.ec2.onlyResettable(input.Attribute, 'launchPermission'));
    const image = await ownImage(tx, caller.accountId, input.ImageId);
    checkDryRun(input);
    await tx.imageLaunchPermission.deleteMany({ where: { imageId: image.id } });
    return { return: true };
  },
});

export const imagesActions = [registerImage, deregisterImage, describeImages, modifyImageAttribute, describeImageAttribute, resetImageAttribute];
