/**
 * Login profiles (an IAM user's console password): Create/Get/Update/DeleteLoginProfile and
 * ChangePassword (a user's own). Passwords pass the account password policy (AWS's default
 * when none is set) and its reuse prevention; only argon2id hashes are stored.
 */
import { z } from 'zod';
import { PasswordSchema, UserNameSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { AwsError, entityAlreadyExists, noSuchEntity, validationError } from '../../errors';
import { messages } from '../../messages';
import { findUser, userArnOrGuess } from '../../iam/lookups';
import { verifyPassword } from '../../crypto/passwords';
import { acceptNewUserPassword, recordPasswordHistory } from '../../iam/login-profiles-password-policy';
import type { Caller } from '../../auth/caller';
import type { Tx } from '../../db/client';

/** A boolean parameter: JSON true/false, or the Query API's "true"/"false". */
const BooleanInput = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const noLoginProfile = (userName: string) => noSuchEntity(messages.loginProfileNotFound(userName));

/** The user named, or the calling IAM user when the name is omitted. */
async function userOrCaller(tx: Tx, caller: Caller, userName: string | undefined) {
  if (userName) return findUser(tx, caller.accountId, userName);
  if (caller.kind === 'user' && caller.userName) return findUser(tx, caller.accountId, caller.userName);
  throw validationError(messages.nonUserCredentials);
}

function profileShape(userName: string, profile: { createdAt: Date; passwordResetRequired: boolean }) {
  return { LoginProfile: { UserName: userName, CreateDate: profile.createdAt, PasswordResetRequired: profile.passwordResetRequired } };
}

export const createLoginProfile = defineAction({
  name: 'CreateLoginProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, Password: PasswordSchema, PasswordResetRequired: BooleanInput.optional() }),
  target: async (input, caller, db) => ({ resource: await userArnOrGuess(db, caller.accountId, input.UserName) }),
  async handler(input, { tx, caller, now }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    // One login profile per user: lock the user so two concurrent calls cannot both pass.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${user.id} FOR UPDATE`;
    if (await tx.loginProfile.findUnique({ where: { userId: user.id } })) throw entityAlreadyExists(messages.loginProfileAlreadyExists(user.name));
    const passwordHash = await acceptNewUserPassword(tx, caller.accountId, user.id, input.Password);
    const profile = await tx.loginProfile.create({
      data: { userId: user.id, passwordHash, passwordResetRequired: input.PasswordResetRequired ?? false, passwordChangedAt: now },
    });
    await recordPasswordHistory(tx, caller.accountId, user.id, passwordHash);
    return profileShape(user.name, profile);
  },
});

export const getLoginProfile = defineAction({
  name: 'GetLoginProfile',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional() }),
  target: async (input, caller, db) => ({ resource: input.UserName ? await userArnOrGuess(db, caller.accountId, input.UserName) : caller.arn }),
  async handler(input, { tx, caller }) {
    const user = await userOrCaller(tx, caller, input.UserName);
    const profile = await tx.loginProfile.findUnique({ where: { userId: user.id } });
    if (!profile) throw noLoginProfile(user.name);
    return profileShape(user.name, profile);
  },
});

export const updateLoginProfile = defineAction({
  name: 'UpdateLoginProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema, Password: PasswordSchema.optional(), PasswordResetRequired: BooleanInput.optional() }),
  target: async (input, caller, db) => ({ resource: await userArnOrGuess(db, caller.accountId, input.UserName) }),
  async handler(input, { tx, caller, now }) {
    const user = await findUser(tx, caller.accountId, input.UserName);
    const profile = await tx.loginProfile.findUnique({ where: { userId: user.id } });
    if (!profile) throw noLoginProfile(user.name);
    const passwordHash = input.Password !== undefined ? await acceptNewUserPassword(tx, caller.accountId, user.id, input.Password) : undefined;
    await tx.loginProfile.update({
      where: { userId: user.id },
      data: {
        ...(passwordHash ? { passwordHash, passwordChangedAt: now } : {}),
        ...(input.PasswordResetRequired !== undefined ? { passwordResetRequired: input.PasswordResetRequired } : {}),
      },
    });
    if (passwordHash) await recordPasswordHistory(tx, caller.accountId, user.id, passwordHash);
    return {};
  },
});

export const deleteLoginProfile = defineAction({
  name: 'DeleteLoginProfile',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional() }),
  target: async (input, caller, db) => ({ resource: input.UserName ? await userArnOrGuess(db, caller.accountId, input.UserName) : caller.arn }),
  async handler(input, { tx, caller }) {
    const user = await userOrCaller(tx, caller, input.UserName);
    const { count } = await tx.loginProfile.deleteMany({ where: { userId: user.id } });
    if (count === 0) throw noLoginProfile(user.name);
    // Without a password the user can no longer be signed in to the console.
    await tx.consoleSession.deleteMany({ where: { userId: user.id } });
    return {};
  },
});

export const changePassword = defineAction({
  name: 'ChangePassword',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ OldPassword: PasswordSchema, NewPassword: PasswordSchema }),
  target: (_input, caller) => ({ resource: caller.arn }),
  async handler(input, { tx, caller, now }) {
    if (caller.kind !== 'user' || !caller.iamUserId) {
      throw new AwsError('InvalidUserType', messages.changePasswordNotIamUser, 400);
    }
    const userId = caller.iamUserId;
    const profile = await tx.loginProfile.findUnique({ where: { userId } });
    if (!profile) throw noLoginProfile(caller.userName ?? userId);
    // SECURITY: argon2 verification is constant-time; the same answer whatever was wrong.
    if (!(await verifyPassword(profile.passwordHash, input.OldPassword))) throw new AwsError('InvalidUserType', messages.oldPasswordIncorrect, 400);
    const passwordHash = await acceptNewUserPassword(tx, caller.accountId, userId, input.NewPassword);
    await tx.loginProfile.update({ where: { userId }, data: { passwordHash, passwordChangedAt: now, passwordResetRequired: false } });
    await recordPasswordHistory(tx, caller.accountId, userId, passwordHash);
    await tx.consoleSession.updateMany({ where: { userId }, data: { mustChangePassword: false } });
    return {};
  },
});

export const loginProfilesActions: AnyAction[] = [createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile, changePassword];
