/** The master-key check against real PostgreSQL: the first key is recorded, another is refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { MasterKeyMismatch, verifyMasterKey } from './key-check';
import { createSecretBox, newMasterKey, parseMasterKey } from './secrets';

let database: TestDatabase;
const box = () => createSecretBox(parseMasterKey(newMasterKey()));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

describe('verifyMasterKey', () => {
  it('records the first key, accepts it again and refuses another', async () => {
    const key = box();
    await verifyMasterKey(database.db, key);
    await verifyMasterKey(database.db, key);
    await expect(verifyMasterKey(database.db, box())).rejects.toBeInstanceOf(MasterKeyMismatch);
  });

  it("checks an older database's stored secrets when it has no check value yet", async () => {
    const { db } = database;
    await db.installationSetting.deleteMany();
    const original = box();
    await db.account.create({ data: { id: '111122223333', rootEmail: 'k@example.com', name: 'k' } });
    await db.accessKey.create({ data: { id: 'AKIAKEYCHECK00000001', accountId: '111122223333', secretEncrypted: original.encrypt('secret') } });
    await expect(verifyMasterKey(db, box())).rejects.toThrow(/does not match/);
    expect(await db.installationSetting.count()).toBe(0);
    await verifyMasterKey(db, original);
    expect(await db.installationSetting.count()).toBe(1);
  });
});
