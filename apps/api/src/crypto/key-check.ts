/**
 * Refuses to start with a master key other than the one the data was encrypted with. Without
 * this check the server would start and then answer 500 for every access key and MFA sign-in.
 * The check value is a known text encrypted under the key (AES-GCM: only the same key opens it),
 * stored with the data the first time a key is used.
 */
import type { Db } from '../db/client';
import type { SecretBox } from './secrets';

const SETTING = 'master-key-check';
const KNOWN_TEXT = 'portcullis master key check v1';

export class MasterKeyMismatch extends Error {
  constructor() {
    super(
      'The master key does not match the one this database was encrypted with: access-key secrets and MFA seeds cannot be read. ' +
        'Start with the original key (PORTCULLIS_MASTER_KEY, or master.key in the data folder).',
    );
  }
}

function opens(secrets: SecretBox, stored: Uint8Array, expected: string): boolean {
  try {
    return secrets.decrypt(stored) === expected;
  } catch {
    return false;
  }
}

/** Throws MasterKeyMismatch when `secrets` cannot read this database's secrets; records the check value on first use. */
export async function verifyMasterKey(db: Db, secrets: SecretBox): Promise<void> {
  const check = await db.installationSetting.findUnique({ where: { key: SETTING } });
  if (check) {
    if (!opens(secrets, Buffer.from(check.value, 'base64'), KNOWN_TEXT)) throw new MasterKeyMismatch();
    return;
  }
  // A database from before the check existed: any stored secret tells whether the key is right.
  const key = await db.accessKey.findFirst({ select: { secretEncrypted: true } });
  if (key) {
    let readable = true;
    try {
      secrets.decrypt(key.secretEncrypted);
    } catch {
      readable = false;
    }
    if (!readable) throw new MasterKeyMismatch();
  }
  await db.installationSetting.upsert({
    where: { key: SETTING },
    create: { key: SETTING, value: Buffer.from(secrets.encrypt(KNOWN_TEXT)).toString('base64') },
    update: {},
  });
}
