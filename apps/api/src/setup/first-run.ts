/**
 * First run: creating the first account and its root user, from the console's setup page or
 * from PORTCULLIS_ROOT_* variables at start. Only possible while no account exists; an advisory
 * lock makes two concurrent attempts create exactly one account.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { hashPassword, weakPasswordReason } from '../crypto/passwords';
import type { SecretBox } from '../crypto/secrets';
import { newAccountId } from '../ids';

/** pg_advisory_xact_lock key for "creating the first account". */
const SETUP_LOCK = 7_245_001;

export const SetupInputSchema = z.object({
  email: z.string().trim().max(254).email('must be an email address'),
  password: z.string().min(1).max(128),
  accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits').optional(),
});
export type SetupInput = z.infer<typeof SetupInputSchema>;

export async function isSetupRequired(db: Db): Promise<boolean> {
  return (await db.account.count()) === 0;
}

/** Creates the first account and its root user. 409 when an account exists already. */
export async function setupFirstAccount(db: Db, input: SetupInput): Promise<{ accountId: string; rootEmail: string }> {
  const weak = weakPasswordReason(input.password, { email: input.email });
  if (weak) throw new AwsError('PasswordPolicyViolation', weak, 400);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.account.count()) > 0) throw new AwsError('AlreadySetUp', messages.console.alreadySetUp, 409);
    const account = await tx.account.create({
      data: { id: input.accountId ?? newAccountId(), name: 'Portcullis', rootEmail: input.email.toLowerCase(), rootPasswordHash: passwordHash, rootPasswordChangedAt: new Date() },
    });
    return { accountId: account.id, rootEmail: account.rootEmail };
  }, { timeout: 30_000, maxWait: 30_000 });
}

export interface EnvSetup {
  email?: string;
  password?: string;
  accountId?: string;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
}

/**
 * Scripted set-up from the environment: creates the account if none exists, and the root access
 * key if given and missing. Ignored once the account exists (except the key). Returns what it did.
 */
export async function setupFromEnvironment(db: Db, secrets: SecretBox, env: EnvSetup): Promise<string[]> {
  const done: string[] = [];
  if (!env.email || !env.password) return done;
  if (await isSetupRequired(db)) {
    try {
      const { accountId } = await setupFirstAccount(db, { email: env.email, password: env.password, accountId: env.accountId });
      done.push(`created account ${accountId} with root user ${env.email}`);
    } catch (error) {
      if (!(error instanceof AwsError && error.code === 'AlreadySetUp')) throw error;
    }
  }
  if (env.rootAccessKeyId && env.rootSecretAccessKey) {
    const account = await db.account.findUnique({ where: { rootEmail: env.email.toLowerCase() } });
    if (!account) return done;
    // ON CONFLICT DO NOTHING: replicas starting together must not fail on each other's insert.
    const [, created] = await db.$transaction([
      db.issuedId.createMany({ data: [{ id: env.rootAccessKeyId, kind: 'accessKey' }], skipDuplicates: true }),
      db.accessKey.createMany({
        data: [{ id: env.rootAccessKeyId, accountId: account.id, userId: null, secretEncrypted: secrets.encrypt(env.rootSecretAccessKey) }],
        skipDuplicates: true,
      }),
    ]);
    if (created.count === 1) done.push(`created root access key ${env.rootAccessKeyId}`);
    const key = await db.accessKey.findUniqueOrThrow({ where: { id: env.rootAccessKeyId } });
    if (key.accountId !== account.id || key.userId !== null) throw new Error('PORTCULLIS_ROOT_ACCESS_KEY_ID is already used by another principal');
  }
  return done;
}
