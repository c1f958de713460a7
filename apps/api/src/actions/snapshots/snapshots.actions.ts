/**
 * EBS snapshots: CreateSnapshot, DeleteSnapshot, DescribeSnapshots, Modify/Describe/Reset-
 * SnapshotAttribute — EC2's Query names (`SnapshotId.N`, `Owner.N`, `RestorableBy.N`,
 * `CreateVolumePermission.Add.N.UserId`, `OperationType` + `UserId.N` + `UserGroup.N`), reply
 * elements (`snapshotSet`, `createVolumePermission`) and errors.
 *
 * Who sees a snapshot: its owner, the accounts with create-volume permission, everyone once the
 * group `all` has it. Only the owner changes or reads its attributes (others: AuthFailure if
 * they can see it, InvalidSnapshot.NotFound if not). One call either adds or removes (never
 * both), at most 500 changes; the owner's own account is implicit and never listed.
 * SECURITY: as for AMIs, a snapshot the caller cannot see is indistinguishable from a missing one.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html
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
import { snapshotArnOrGuess, snapshotNotFound, visibleSnapshotWhere } from '../../iam/ec2-resources';
import { messages } from '../../messages';

/** Changes per ModifySnapshotAttribute call (API reference). */
export const MAX_PERMISSION_CHANGES = 500;
/** gp2/gp3 volumes: 1–16,384 GiB. */
export const MAX_VOLUME_SIZE = 16384;

const SnapshotIdSchema = z.string().min(1).max(1024);

type SnapshotRow = NonNullable<Awaited<ReturnType<typeof findSnapshotRow>>>;

function findSnapshotRow(db: Tx | Db, snapshotId: string) {
  return db.snapshot.findUnique({ where: { id: snapshotId }, include: { createVolumePermissions: true } });
}

/** The account's own snapshot, or EC2's refusal: AuthFailure if the caller can see it, else NotFound. */
async function ownSnapshot(db: Tx | Db, accountId: string, snapshotId: string): Promise<SnapshotRow> {
  checkIds('snap', [snapshotId]);
  const snapshot = await findSnapshotRow(db, snapshotId);
  if (!snapshot) throw snapshotNotFound([snapshotId]);
  if (snapshot.accountId !== accountId) {
    if (snapshot.createVolumePermissions.some((p) => p.grantee === 'all' || p.grantee === accountId)) throw ec2Error('AuthFailure', messages.ec2.notAuthorizedFor('snapshot', snapshotId));
    throw snapshotNotFound([snapshotId]);
  }
  return snapshot;
}

/** The `snapshotSet` item (and CreateSnapshot's reply). Tags only for the owner. */
function snapshotShape(s: SnapshotRow | (Omit<SnapshotRow, 'createVolumePermissions'> & { createVolumePermissions?: unknown }), callerAccount: string) {
  return {
    snapshotId: s.id,
    ...(s.volumeId ? { volumeId: s.volumeId } : { volumeId: 'vol-ffffffff' }),
    status: s.state,
    startTime: s.createdAt,
    progress: s.state === 'completed' ? '100%' : '0%',
    ownerId: s.accountId,
    volumeSize: s.volumeSize,
    ...(s.description !== null ? { description: s.description } : {}),
    encrypted: s.encrypted,
    storageTier: 'standard',
    ...(s.accountId === callerAccount ? { tagSet: ec2Tags(s.tags) } : {}),
  };
}

export const createSnapshot = defineAction({
  name: 'CreateSnapshot',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    VolumeId: z.string().max(1024).optional(),
    VolumeSize: z.number().int().optional(),
    Description: z.string().max(1024).optional(),
    ...TagSpecificationInput,
    ...DryRunInput,
  }),
  // Authorized on the new snapshot and, as AWS does, on the source volume (its tags count).
  target: (input, caller) => ({
    resource: ec2Arn(caller.accountId, 'snapshot', '*'),
    requestTags: requestTagsOf(input.TagSpecification),
    context: input.VolumeId ? { 'ec2:VolumeID': input.VolumeId } : undefined,
    alsoRequires: input.VolumeId ? [{ action: 'ec2:CreateSnapshot', resource: ec2Arn(caller.accountId, 'volume', input.VolumeId) }] : [],
  }),
  async handler(input, { tx, caller }) {
    if (input.VolumeId !== undefined) checkIds('vol', [input.VolumeId]);
    if (input.Description !== undefined && input.Description.length > 255) throw invalidParameterValue(messages.ec2.descriptionLength);
    if (input.VolumeSize !== undefined && (input.VolumeSize < 1 || input.VolumeSize > MAX_VOLUME_SIZE)) {
      throw invalidParameterValue(messages.ec2.invalidVolumeSize(input.VolumeSize, MAX_VOLUME_SIZE));
    }
    // A volume recorded here must be the caller's; an ID with no record is kept as given.
    const tags = tagsFor(input.TagSpecification, 'snapshot');
    const volume = input.VolumeId ? await tx.volume.findUnique({ where: { id: input.VolumeId } }) : null;
    if (volume && volume.accountId !== caller.accountId) throw ec2Error('InvalidVolume.NotFound', messages.ec2.volumeNotFound([volume.id]));
    checkDryRun(input);
    const snapshot = await tx.snapshot.create({
      data: {
        id: newEc2Id('snap'),
        accountId: caller.accountId,
        volumeId: input.VolumeId ?? null,
        volumeSize: volume?.size ?? input.VolumeSize ?? 8,
        encrypted: volume?.encrypted ?? false,
        description: input.Description ?? null,
        tags,
      },
    });
    return snapshotShape(snapshot, caller.accountId);
  },
});

export const deleteSnapshot = defineAction({
  name: 'DeleteSnapshot',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ SnapshotId: SnapshotIdSchema.optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await snapshotArnOrGuess(db, caller.accountId, input.SnapshotId) }),
  async handler(input, { tx, caller }) {
    if (input.SnapshotId === undefined) throw missingParameter('snapshotId');
    const snapshot = await ownSnapshot(tx, caller.accountId, input.SnapshotId);
    const image = await tx.image.findFirst({ where: { snapshotId: snapshot.id }, select: { id: true } });
    if (image) throw ec2Error('InvalidSnapshot.InUse', messages.ec2.snapshotInUse(snapshot.id, image.id));
    checkDryRun(input);
    await tx.snapshot.delete({ where: { id: snapshot.id } });
    return { return: true };
  },
});

export const describeSnapshots = defineAction({
  name: 'DescribeSnapshots',
  service: 'ec2',
  readOnly: true,
  input: z.object({ SnapshotId: StringList().optional(), Owner: StringList().optional(), RestorableBy: StringList().optional(), ...Ec2PagingInput, ...FilterInput, ...DryRunInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const me = caller.accountId;
    const ids = input.SnapshotId?.length ? input.SnapshotId : undefined;
    if (ids) checkIds('snap', ids);
    const owners = resolveAccountList(input.Owner, me, ['amazon', 'aws-marketplace', 'aws-backup-vault']);
    const restorableBy = resolveAccountList(input.RestorableBy, me, ['all']);
    checkDryRun(input);
    let snapshots = await tx.snapshot.findMany({
      where: { AND: [visibleSnapshotWhere(me), ...(ids ? [{ id: { in: ids } }] : []), ...(owners ? [{ accountId: { in: owners } }] : [])] },
      include: { createVolumePermissions: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    if (ids) {
      const found = new Set(snapshots.map((s) => s.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) throw snapshotNotFound(missing);
    }
    // RestorableBy: `all` → public; an account → its own snapshots and those shared with it.
    if (restorableBy) {
      snapshots = snapshots.filter((s) => restorableBy.some((who) => (who === 'all' ? false : s.accountId === who) || s.createVolumePermissions.some((p) => p.grantee === who || p.grantee === 'all')));
    }
    snapshots = applyFilters(
      snapshots,
      input.Filter,
      {
        status: (s) => s.state,
        'owner-id': (s) => s.accountId,
        'snapshot-id': (s) => s.id,
        'volume-id': (s) => s.volumeId ?? undefined,
        'volume-size': (s) => String(s.volumeSize),
        description: (s) => s.description ?? undefined,
        encrypted: (s) => String(s.encrypted),
        progress: (s) => (s.state === 'completed' ? '100%' : '0%'),
      },
      (s) => (s.accountId === me ? plainTags(s.tags) : []),
    );
    const { items, nextToken } = ec2Page(snapshots, input, !!ids);
    return { snapshotSet: items.map((s) => snapshotShape(s, me)), ...(nextToken ? { nextToken } : {}) };
  },
});

export const modifySnapshotAttribute = defineAction({
  name: 'ModifySnapshotAttribute',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({
    SnapshotId: SnapshotIdSchema.optional(),
    Attribute: z.string().max(64).optional(),
    CreateVolumePermission: PermissionModifications.optional(),
    OperationType: z.string().max(16).optional(),
    UserId: StringList().optional(),
    UserGroup: StringList().optional(),
    ...DryRunInput,
  }),
  target: async (input, caller, db) => ({ resource: await snapshotArnOrGuess(db, caller.accountId, input.SnapshotId) }),
  async handler(input, { tx, caller }) {
    if (input.SnapshotId === undefined) throw missingParameter('snapshotId');
    const snapshot = await ownSnapshot(tx, caller.accountId, input.SnapshotId);
    if (input.Attribute !== undefined && input.Attribute !== 'createVolumePermission') {
      if (input.Attribute === 'productCodes') throw invalidParameterValue(messages.ec2.productCodesNotModifiable);
      throw invalidParameterValue(messages.ec2.unknownAttribute(input.Attribute));
    }
    const adds = input.CreateVolumePermission?.Add?.length ?? 0;
    const removes = input.CreateVolumePermission?.Remove?.length ?? 0;
    if (adds > 0 && removes > 0) throw invalidParameterCombination(messages.ec2.addAndRemovePermissions);
    const legacy = input.OperationType !== undefined || (input.UserId?.length ?? 0) + (input.UserGroup?.length ?? 0) > 0;
    if (!adds && !removes && !legacy) throw missingParameter('CreateVolumePermission');
    const total = adds + removes + (input.UserId?.length ?? 0) + (input.UserGroup?.length ?? 0);
    if (total > MAX_PERMISSION_CHANGES) throw invalidParameterValue(messages.ec2.tooManyPermissionChanges(total, MAX_PERMISSION_CHANGES));
    // Everything is checked before anything changes.
    const changes = parsePermissionChanges({ modifications: input.CreateVolumePermission, operationType: input.OperationType, userIds: input.UserId, userGroups: input.UserGroup });
    if (snapshot.encrypted && changes.add.includes('all')) throw invalidParameterValue(messages.ec2.encryptedSnapshotPublic);
    checkDryRun(input);
    const add = changes.add.filter((g) => g !== snapshot.accountId);
    if (add.length) await tx.snapshotVolumePermission.createMany({ data: add.map((grantee) => ({ snapshotId: snapshot.id, grantee })), skipDuplicates: true });
    if (changes.remove.length) await tx.snapshotVolumePermission.deleteMany({ where: { snapshotId: snapshot.id, grantee: { in: changes.remove } } });
    return { return: true };
  },
});

export const describeSnapshotAttribute = defineAction({
  name: 'DescribeSnapshotAttribute',
  service: 'ec2',
  readOnly: true,
  input: z.object({ SnapshotId: SnapshotIdSchema.optional(), Attribute: z.string().max(64).optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await snapshotArnOrGuess(db, caller.accountId, input.SnapshotId) }),
  async handler(input, { tx, caller }) {
    if (input.SnapshotId === undefined) throw missingParameter('snapshotId');
    if (input.Attribute === undefined) throw missingParameter('attribute');
    if (input.Attribute !== 'createVolumePermission' && input.Attribute !== 'productCodes') throw invalidParameterValue(messages.ec2.unknownAttribute(input.Attribute));
    const snapshot = await ownSnapshot(tx, caller.accountId, input.SnapshotId);
    checkDryRun(input);
    if (input.Attribute === 'productCodes') return { snapshotId: snapshot.id, productCodes: [] };
    return { snapshotId: snapshot.id, createVolumePermission: permissionList(snapshot.createVolumePermissions.map((p) => p.grantee)) };
  },
});

export const resetSnapshotAttribute = defineAction({
  name: 'ResetSnapshotAttribute',
  service: 'ec2',
  authorizationCache: 'unchanged',
  input: z.object({ SnapshotId: SnapshotIdSchema.optional(), Attribute: z.string().max(64).optional(), ...DryRunInput }),
  target: async (input, caller, db) => ({ resource: await snapshotArnOrGuess(db, caller.accountId, input.SnapshotId) }),
  async handler(input, { tx, caller }) {
    if (input.SnapshotId === undefined) throw missingParameter('snapshotId');
    if (input.Attribute === undefined) throw missingParameter('attribute');
    if (input.Attribute !== 'createVolumePermission') throw invalidParameterValue(messages.ec2.onlyResettable(input.Attribute, 'createVolumePermission'));
    const snapshot = await ownSnapshot(tx, caller.accountId, input.SnapshotId);
    checkDryRun(input);
    await tx.snapshotVolumePermission.deleteMany({ where: { snapshotId: snapshot.id } });
    return { return: true };
  },
});

export const snapshotsActions = [createSnapshot, deleteSnapshot, describeSnapshots, modifySnapshotAttribute, describeSnapshotAttribute, resetSnapshotAttribute];
