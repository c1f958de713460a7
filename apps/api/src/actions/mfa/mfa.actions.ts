/**
 * MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ResyncMFADevice,
 * DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices, GetMFADevice,
 * Tag/Untag/ListMFADeviceTags — virtual (TOTP) devices for IAM users and the root user, with the
 * IAM API Reference's parameters, limits and errors.
 * SECURITY: the seed is encrypted at rest and returned only by CreateVirtualMFADevice; every
 * accepted code's time step is recorded so no code is accepted twice.
 */
import { z } from 'zod';
import QRCode from 'qrcode';
import { PathSchema, TagKeySchema, TagListSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { AwsError, deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, validationError } from '../../errors';
import { iamArn, rootArn } from '../../iam/arns';
import { findUser, userArnOrGuess } from '../../iam/lookups';
import { tagsOf, userShape } from '../../iam/shapes';
import { checkTagKeys, mergeTags, removeTags } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import type { MfaOwner } from '../../iam/mfa-codes';
import { RESYNC_WINDOW_STEPS, SIGN_IN_WINDOW_STEPS, matchingConsecutiveSteps, newTotpSeed, totpUri } from '../../iam/mfa-totp';
import {
  MAX_MFA_DEVICES_PER_USER,
  countEnabled,
  deviceNameTaken,
  findOwnedDevice,
  findVirtualDevice,
  lockOwner,
  ownedDevicesPage,
  pageKeyFrom,
  pageKeyOf,
  virtualDevicesPage,
} from './mfa.queries';
import type { Caller } from '../../auth/caller';
import type { Tx } from '../../db/client';
import { messages } from '../../messages';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** VirtualMFADeviceName: 1–226 characters of `[\w+=,.@-]`. */
const VirtualMfaDeviceNameSchema = z.string().min(1).max(226).regex(/^[\w+=,.@-]+$/, 'must satisfy regular expression pattern: [\\w+=,.@-]+');
/** SerialNumber: 9–256 characters of `[\w+=/:,.@-]`. */
const SerialNumberSchema = modelCheckedString();
/** AuthenticationCode1/2: six digits. */
const AuthenticationCodeSchema = modelCheckedString();
const AssignmentStatusSchema = z.enum(['Assigned', 'Unassigned', 'Any']);

export const invalidAuthenticationCode = () => new AwsError('InvalidAuthenticationCode', messages.invalidAuthenticationCode, 403);

interface ResolvedOwner {
  owner: MfaOwner;
  /** The name reported as MFADevice.UserName (the account ID for the root user). */
  userName: string;
}

/**
 * Whose devices an action is about: the named user, or (without UserName) the caller itself —
 * an IAM user or the root user. Other principals must name a user.
 */
async function resolveOwner(tx: Tx, caller: Caller, userName: string | undefined): Promise<ResolvedOwner> {
  if (userName) {
    const user = await findUser(tx, caller.accountId, userName);
    return { owner: { accountId: caller.accountId, userId: user.id }, userName: user.name };
  }
  if (caller.kind === 'root') return { owner: { accountId: caller.accountId, root: true }, userName: caller.accountId };
  if (caller.kind === 'user' && caller.iamUserId && caller.userName) return { owner: { accountId: caller.accountId, userId: caller.iamUserId }, userName: caller.userName };
  throw validationError(messages.nonUserCredentials);
}

/** The user resource these actions are authorized on: the named user, or the caller. */
async function ownerArn(userName: string | undefined, caller: Caller, db: Parameters<typeof userArnOrGuess>[0]): Promise<string> {
  return userName ? userArnOrGuess(db, caller.accountId, userName) : caller.arn;
}

export const createVirtualMfaDevice = defineAction({
  name: 'CreateVirtualMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ VirtualMFADeviceName: VirtualMfaDeviceNameSchema, Path: PathSchema.optional(), Tags: TagListSchema.optional() }),
  target: (input, caller) => ({ resource: iamArn(caller.accountId, 'mfa', input.Path ?? '/', input.VirtualMFADeviceName), requestTags: input.Tags }),
  async handler(input, { tx, caller, secrets }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags ?? []);
    const serialNumber = iamArn(accountId, 'mfa', path, input.VirtualMFADeviceName);
    // Names are unique case-insensitively, which no index enforces: serialise creations per account.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;
    if (await deviceNameTaken(tx, accountId, path, input.VirtualMFADeviceName)) throw entityAlreadyExists(messages.mfaDeviceAlreadyExists);
    const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { alias: true } });
    const seed = newTotpSeed();
    const png = await QRCode.toBuffer(totpUri(seed, input.VirtualMFADeviceName, account.alias ?? accountId), { type: 'png', errorCorrectionLevel: 'M' });
    const tags = input.Tags ?? [];
    await tx.mfaDevice.create({
      data: { serialNumber, accountId, name: input.VirtualMFADeviceName, path, type: 'virtual', seedEncrypted: secrets.encrypt(seed), tags },
    });
    // Both are blobs in AWS's API: base64 on the wire (the seed is base64 of its Base32 text).
    return {
      VirtualMFADevice: {
        SerialNumber: serialNumber,
        Base32StringSeed: Buffer.from(seed, 'ascii').toString('base64'),
        QRCodePNG: png.toString('base64'),
        ...(tags.length ? { Tags: tags } : {}),
      },
    };
  },
});

export const enableMfaDevice = defineAction({
  name: 'EnableMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), SerialNumber: SerialNumberSchema, AuthenticationCode1: AuthenticationCodeSchema, AuthenticationCode2: AuthenticationCodeSchema }),
  target: async (input, caller, db) => ({ resource: await ownerArn(input.UserName, caller, db) }),
  async handler(input, { tx, caller, secrets, now }) {
    const { owner } = await resolveOwner(tx, caller, input.UserName);
    await lockOwner(tx, owner);
    const device = await findVirtualDevice(tx, caller.accountId, input.SerialNumber);
    if (device.enabledAt || device.userId || device.forRoot) throw entityAlreadyExists(messages.mfaDeviceInUse);
    if ((await countEnabled(tx, owner)) >= MAX_MFA_DEVICES_PER_USER) throw limitExceeded(messages.quotaExceeded('MFADevicesPerUser', MAX_MFA_DEVICES_PER_USER));
    if (!device.seedEncrypted) throw invalidAuthenticationCode();
    const step = await matchingConsecutiveSteps(secrets.decrypt(device.seedEncrypted), input.AuthenticationCode1, input.AuthenticationCode2, now, SIGN_IN_WINDOW_STEPS);
    // SECURITY: codes of steps already accepted (before a deactivation) never count again.
    if (step === undefined || (device.lastUsedTimeStep !== null && BigInt(step - 1) <= device.lastUsedTimeStep)) throw invalidAuthenticationCode();
    const { count } = await tx.mfaDevice.updateMany({
      where: { serialNumber: device.serialNumber, enabledAt: null, userId: null, forRoot: false },
      data: { ...('root' in owner ? { userId: null, forRoot: true } : { userId: owner.userId, forRoot: false }), enabledAt: now, lastUsedTimeStep: BigInt(step) },
    });
    if (count !== 1) throw entityAlreadyExists(messages.mfaDeviceInUse);
    return {};
  },
});

export const deactivateMfaDevice = defineAction({
  name: 'DeactivateMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), SerialNumber: SerialNumberSchema }),
  target: async (input, caller, db) => ({ resource: await ownerArn(input.UserName, caller, db) }),
  async handler(input, { tx, caller }) {
    const { owner } = await resolveOwner(tx, caller, input.UserName);
    const device = await findOwnedDevice(tx, owner, input.SerialNumber);
    // A virtual device goes back to the unassigned pool (its last step kept against replay); a
    // FIDO security key is removed.
    if (device.type === 'virtual') {
      await tx.mfaDevice.update({ where: { serialNumber: device.serialNumber }, data: { enabledAt: null, userId: null, forRoot: false } });
    } else {
      await tx.mfaDevice.delete({ where: { serialNumber: device.serialNumber } });
    }
    return {};
  },
});

export const resyncMfaDevice = defineAction({
  name: 'ResyncMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), SerialNumber: SerialNumberSchema, AuthenticationCode1: AuthenticationCodeSchema, AuthenticationCode2: AuthenticationCodeSchema }),
  target: async (input, caller, db) => ({ resource: await ownerArn(input.UserName, caller, db) }),
  async handler(input, { tx, caller, secrets, now }) {
    const { owner } = await resolveOwner(tx, caller, input.UserName);
    const device = await findOwnedDevice(tx, owner, input.SerialNumber);
    if (device.type !== 'virtual' || !device.seedEncrypted) throw invalidAuthenticationCode();
    const step = await matchingConsecutiveSteps(secrets.decrypt(device.seedEncrypted), input.AuthenticationCode1, input.AuthenticationCode2, now, RESYNC_WINDOW_STEPS);
    if (step === undefined) throw invalidAuthenticationCode();
    // SECURITY: the codes must be newer than any accepted before, atomically with recording them.
    const { count } = await tx.mfaDevice.updateMany({
      where: { serialNumber: device.serialNumber, enabledAt: { not: null }, OR: [{ lastUsedTimeStep: null }, { lastUsedTimeStep: { lt: BigInt(step - 1) } }] },
      data: { lastUsedTimeStep: BigInt(step) },
    });
    if (count !== 1) throw invalidAuthenticationCode();
    return {};
  },
});

export const deleteVirtualMfaDevice = defineAction({
  name: 'DeleteVirtualMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SerialNumber: SerialNumberSchema }),
  target: (input) => ({ resource: input.SerialNumber }),
  async handler(input, { tx, caller }) {
    const device = await findVirtualDevice(tx, caller.accountId, input.SerialNumber);
    if (device.enabledAt || device.userId || device.forRoot) throw deleteConflict(messages.mfaDeviceStillInUse);
    const { count } = await tx.mfaDevice.deleteMany({ where: { serialNumber: device.serialNumber, enabledAt: null } });
    if (count !== 1) throw deleteConflict(messages.mfaDeviceStillInUse);
    return {};
  },
});

export const listMfaDevices = defineAction({
  name: 'ListMFADevices',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional(), ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await ownerArn(input.UserName, caller, db) }),
  async handler(input, { tx, caller }) {
    const { owner, userName } = await resolveOwner(tx, caller, input.UserName);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await ownedDevicesPage(tx, owner, pageKeyFrom(decodeMarker(input.Marker)), limit + 1);
    const { items, ...paging } = page(rows, limit, pageKeyOf);
    return { MFADevices: items.map((d) => ({ UserName: userName, SerialNumber: d.serialNumber, EnableDate: d.enabledAt! })), ...paging };
  },
});

export const listVirtualMfaDevices = defineAction({
  name: 'ListVirtualMFADevices',
  service: 'iam',
  readOnly: true,
  input: z.object({ AssignmentStatus: AssignmentStatusSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const [rows, account] = await Promise.all([
      virtualDevicesPage(tx, caller.accountId, input.AssignmentStatus ?? 'Any', pageKeyFrom(decodeMarker(input.Marker)), limit + 1),
      tx.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { createdAt: true, rootPasswordLastUsed: true } }),
    ]);
    const { items, ...paging } = page(rows, limit, pageKeyOf);
    const rootUser = {
      Path: '/',
      UserName: caller.accountId,
      UserId: caller.accountId,
      Arn: rootArn(caller.accountId),
      CreateDate: account.createdAt,
      ...(account.rootPasswordLastUsed ? { PasswordLastUsed: account.rootPasswordLastUsed } : {}),
    };
    return {
      VirtualMFADevices: items.map((d) => ({
        SerialNumber: d.serialNumber,
        ...(d.user ? { User: userShape(d.user, { passwordLastUsed: true }) } : d.forRoot ? { User: rootUser } : {}),
        ...(d.enabledAt ? { EnableDate: d.enabledAt } : {}),
        ...(tagsOf(d.tags).length ? { Tags: tagsOf(d.tags) } : {}),
      })),
      ...paging,
    };
  },
});

export const getMfaDevice = defineAction({
  name: 'GetMFADevice',
  service: 'iam',
  readOnly: true,
  input: z.object({ SerialNumber: SerialNumberSchema, UserName: UserNameSchema.optional() }),
  target: async (input, caller, db) => ({ resource: await ownerArn(input.UserName, caller, db) }),
  async handler(input, { tx, caller }) {
    const { owner, userName } = await resolveOwner(tx, caller, input.UserName);
    const device = await findOwnedDevice(tx, owner, input.SerialNumber);
    return { UserName: userName, SerialNumber: device.serialNumber, EnableDate: device.enabledAt! };
  },
});

export const tagMfaDevice = defineAction({
  name: 'TagMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SerialNumber: SerialNumberSchema, Tags: TagListSchema.min(1) }),
  target: (input) => ({ resource: input.SerialNumber, requestTags: input.Tags }),
  async handler(input, { tx, caller }) {
    const device = await findVirtualDevice(tx, caller.accountId, input.SerialNumber);
    await tx.mfaDevice.update({ where: { serialNumber: device.serialNumber }, data: { tags: mergeTags(device.tags, input.Tags) } });
    return {};
  },
});

export const untagMfaDevice = defineAction({
  name: 'UntagMFADevice',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ SerialNumber: SerialNumberSchema, TagKeys: z.array(TagKeySchema).min(1).max(50) }),
  target: (input) => ({ resource: input.SerialNumber, context: { 'aws:TagKeys': input.TagKeys } }),
  async handler(input, { tx, caller }) {
    const device = await findVirtualDevice(tx, caller.accountId, input.SerialNumber);
    await tx.mfaDevice.update({ where: { serialNumber: device.serialNumber }, data: { tags: removeTags(device.tags, input.TagKeys) } });
    return {};
  },
});

export const listMfaDeviceTags = defineAction({
  name: 'ListMFADeviceTags',
  service: 'iam',
  readOnly: true,
  input: z.object({ SerialNumber: SerialNumberSchema, ...PagingInput }),
  target: (input) => ({ resource: input.SerialNumber }),
  async handler(input, { tx, caller }) {
    const device = await findVirtualDevice(tx, caller.accountId, input.SerialNumber);
    const tags = tagsOf(device.tags);
    const start = Number(decodeMarker(input.Marker)?.[0] ?? 0);
    if (!Number.isSafeInteger(start) || start < 0) throw invalidInput(messages.invalidMarker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const slice = tags.slice(start, start + limit + 1);
    const { items, IsTruncated } = page(slice, limit, () => []);
    return { Tags: items, IsTruncated, ...(IsTruncated ? { Marker: Buffer.from(JSON.stringify([String(start + limit)])).toString('base64url') } : {}) };
  },
});

export const mfaActions = [
  createVirtualMfaDevice,
  enableMfaDevice,
  deactivateMfaDevice,
  resyncMfaDevice,
  deleteVirtualMfaDevice,
  listMfaDevices,
  listVirtualMfaDevices,
  getMfaDevice,
  tagMfaDevice,
  untagMfaDevice,
  listMfaDeviceTags,
];
