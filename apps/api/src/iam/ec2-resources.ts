/**
 * Finding EC2 resources as a caller may see them, shared by the EC2 areas: an AMI or snapshot
 * is visible to its owner, to the accounts it is shared with, and (group `all`) to everyone;
 * security groups and instances only to their own account. Not-visible and not-existing look
 * the same (EC2's `…NotFound`), so a stranger learns nothing about another account's resources.
 */
import type { Db, Tx } from '../db/client';
import { ec2Arn, ec2Error, isEc2Id } from './ec2-common';
import { messages } from '../messages';

type Reader = Tx | Db;

/** Prisma `where` for the AMIs an account can see. */
export const visibleImageWhere = (accountId: string) => ({
  OR: [{ accountId }, { launchPermissions: { some: { grantee: { in: [accountId, 'all'] } } } }],
});

export const visibleSnapshotWhere = (accountId: string) => ({
  OR: [{ accountId }, { createVolumePermissions: { some: { grantee: { in: [accountId, 'all'] } } } }],
});

export const imageNotFound = (ids: string[]) => ec2Error('InvalidAMIID.NotFound', messages.ec2.imageNotFound(ids));
export const snapshotNotFound = (ids: string[]) => ec2Error('InvalidSnapshot.NotFound', messages.ec2.snapshotNotFound(ids));
export const groupNotFound = (id: string) => ec2Error('InvalidGroup.NotFound', messages.ec2.groupNotFound(id));
export const instanceNotFound = (ids: string[]) => ec2Error('InvalidInstanceID.NotFound', messages.ec2.instanceNotFound(ids));

/** The AMI if the account can see it (with its grants), else null. */
export function findVisibleImage(db: Reader, accountId: string, imageId: string) {
  return db.image.findFirst({ where: { id: imageId, ...visibleImageWhere(accountId) }, include: { launchPermissions: true } });
}

export function findVisibleSnapshot(db: Reader, accountId: string, snapshotId: string) {
  return db.snapshot.findFirst({ where: { id: snapshotId, ...visibleSnapshotWhere(accountId) }, include: { createVolumePermissions: true } });
}

/**
 * The ARN an action on an AMI is authorized against: the owner's account when the caller can
 * see the AMI, else the caller's own (never revealing another account's AMI).
 */
export async function imageArnOrGuess(db: Reader, accountId: string, imageId: string | undefined): Promise<string> {
  if (!imageId || !isEc2Id('ami', imageId)) return ec2Arn(accountId, 'image', imageId || '*');
  const image = await db.image.findFirst({ where: { id: imageId, ...visibleImageWhere(accountId) }, select: { accountId: true } });
  return ec2Arn(image?.accountId ?? accountId, 'image', imageId);
}

export async function snapshotArnOrGuess(db: Reader, accountId: string, snapshotId: string | undefined): Promise<string> {
  if (!snapshotId || !isEc2Id('snap', snapshotId)) return ec2Arn(accountId, 'snapshot', snapshotId || '*');
  const snapshot = await db.snapshot.findFirst({ where: { id: snapshotId, ...visibleSnapshotWhere(accountId) }, select: { accountId: true } });
  return ec2Arn(snapshot?.accountId ?? accountId, 'snapshot', snapshotId);
}

/** The account's security group by ID (with its rules), or InvalidGroup.NotFound. */
export async function findOwnGroup(db: Reader, accountId: string, groupId: string) {
  const group = await db.securityGroup.findFirst({ where: { id: groupId, accountId }, include: { rules: true } });
  if (!group) throw groupNotFound(groupId);
  return group;
}

/** The name of the security group every VPC has, which instances get when none is named. */
export const DEFAULT_GROUP_NAME = 'default';
export const DEFAULT_VPC = 'vpc-default';

/** The default VPC's `default` group, created on first use like AWS's (self-referencing ingress, open egress). */
export async function ensureDefaultGroup(tx: Tx, accountId: string, newId: (prefix: 'sg' | 'sgr') => string) {
  const find = () => tx.securityGroup.findFirst({ where: { accountId, vpcId: DEFAULT_VPC, name: DEFAULT_GROUP_NAME } });
  const existing = await find();
  if (existing) return existing;
  // First use: serialize on the account so two racing calls cannot both create it.
  await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
  const created = await find();
  if (created) return created;
  const id = newId('sg');
  const group = await tx.securityGroup.create({ data: { id, accountId, vpcId: DEFAULT_VPC, name: DEFAULT_GROUP_NAME, description: 'default VPC security group' } });
  await tx.securityGroupRule.createMany({
    data: [
      { id: newId('sgr'), securityGroupId: id, direction: 'ingress', ipProtocol: '-1', referencedGroupId: id },
      { id: newId('sgr'), securityGroupId: id, direction: 'egress', ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' },
    ],
  });
  return group;
}

/** EC2's instance state codes. */
export const INSTANCE_STATE_CODE: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
export const instanceState = (name: string) => ({ code: INSTANCE_STATE_CODE[name] ?? 0, name });
