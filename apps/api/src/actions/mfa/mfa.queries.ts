/** The MFA area's database calls. */
import { createHash } from 'node:crypto';
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { invalidInput, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import type { MfaOwner } from '../../iam/mfa-codes';

/** Devices per user (and for the root user): reference_iam-quotas. */
export const MAX_MFA_DEVICES_PER_USER = 8;

/** Rows of one owner's devices (an IAM user's, or root's). */
export function ownerWhere(owner: MfaOwner): Prisma.MfaDeviceWhereInput {
  return 'root' in owner ? { accountId: owner.accountId, userId: null, forRoot: true } : { accountId: owner.accountId, userId: owner.userId };
}

/** Serialises enabling for one owner (the per-user quota): locks the user's or the account's row. */
export async function lockOwner(tx: Tx, owner: MfaOwner): Promise<void> {
  if ('root' in owner) await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${owner.accountId} FOR UPDATE`;
  else await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${owner.userId} FOR UPDATE`;
}

export function countEnabled(tx: Tx, owner: MfaOwner): Promise<number> {
  return tx.mfaDevice.count({ where: { ...ownerWhere(owner), enabledAt: { not: null } } });
}

/** A virtual MFA device of the account, by serial number (its ARN). */
export async function findVirtualDevice(tx: Tx, accountId: string, serialNumber: string) {
  const device = await tx.mfaDevice.findUnique({ where: { serialNumber } });
  if (!device || device.accountId !== accountId || device.type !== 'virtual') throw noSuchEntity(messages.virtualMfaDeviceNotFound(serialNumber));
  return device;
}

/** An enabled device of this owner, or NoSuchEntity. */
export async function findOwnedDevice(tx: Tx, owner: MfaOwner, serialNumber: string) {
  const device = await tx.mfaDevice.findFirst({ where: { ...ownerWhere(owner), serialNumber, enabledAt: { not: null } } });
  if (!device) throw noSuchEntity(messages.mfaDeviceNotFound(serialNumber));
  return device;
}

/**
 * Device pages are ordered by (createdAt, md5(serialNumber)): a serial number can be ~750
 * characters (path + name), too long for AWS's 320-character Marker, while this key stays short.
 */
export interface DevicePageKey {
  createdAt: Date;
  serialHash: string;
}

export function pageKeyOf(device: { createdAt: Date; serialNumber: string }): string[] {
  return [device.createdAt.toISOString(), createHash('md5').update(device.serialNumber).digest('hex')];
}

/** The key a Marker holds; InvalidInput if it is not one. */
export function pageKeyFrom(key: string[] | undefined): DevicePageKey | undefined {
  if (!key) return undefined;
  const [at, hash] = key;
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f]{32}$/.test(hash ?? '')) throw invalidInput(messages.invalidMarker);
  return { createdAt, serialHash: hash! };
}

/** Serial numbers of one page of devices matching `where` (SQL), in page order. */
async function pageSerials(tx: Tx, conditions: Prisma.Sql[], after: DevicePageKey | undefined, limit: number): Promise<string[]> {
  const all = [...conditions];
  if (after) all.push(Prisma.sql`("createdAt", md5("serialNumber")) > (${after.createdAt}, ${after.serialHash})`);
  const rows = await tx.$queryRaw<{ serialNumber: string }[]>`
    SELECT "serialNumber" FROM "MfaDevice" WHERE ${Prisma.join(all, ' AND ')}
    ORDER BY "createdAt", md5("serialNumber") LIMIT ${limit}`;
  return rows.map((r) => r.serialNumber);
}

function inPageOrder<T extends { serialNumber: string }>(serials: string[], rows: T[]): T[] {
  const bySerial = new Map(rows.map((r) => [r.serialNumber, r]));
  return serials.map((s) => bySerial.get(s)).filter((r): r is T => r !== undefined);
}

/** One page of an owner's enabled devices. */
export async function ownedDevicesPage(tx: Tx, owner: MfaOwner, after: DevicePageKey | undefined, limit: number) {
  const conditions = [Prisma.sql`"accountId" = ${owner.accountId}`, Prisma.sql`"enabledAt" IS NOT NULL`];
  conditions.push('root' in owner ? Prisma.sql`"userId" IS NULL AND "forRoot" = true` : Prisma.sql`"userId" = ${owner.userId}`);
  const serials = await pageSerials(tx, conditions, after, limit);
  return inPageOrder(serials, await tx.mfaDevice.findMany({ where: { serialNumber: { in: serials } } }));
}

/** One page of the account's virtual devices, with their users. */
export async function virtualDevicesPage(tx: Tx, accountId: string, status: 'Assigned' | 'Unassigned' | 'Any', after: DevicePageKey | undefined, limit: number) {
  const conditions = [Prisma.sql`"accountId" = ${accountId}`, Prisma.sql`"type" = 'virtual'`];
  if (status === 'Assigned') conditions.push(Prisma.sql`"enabledAt" IS NOT NULL`);
  if (status === 'Unassigned') conditions.push(Prisma.sql`"enabledAt" IS NULL`);
  const serials = await pageSerials(tx, conditions, after, limit);
  const rows = await tx.mfaDevice.findMany({ where: { serialNumber: { in: serials } }, include: { user: { include: { permissionsBoundary: { select: { arn: true } } } } } });
  return inPageOrder(serials, rows);
}

/** The same name at the same path (case-insensitively) is taken. */
export async function deviceNameTaken(tx: Tx, accountId: string, path: string, name: string): Promise<boolean> {
  return (await tx.mfaDevice.count({ where: { accountId, path, name: { equals: name, mode: 'insensitive' } } })) > 0;
}
