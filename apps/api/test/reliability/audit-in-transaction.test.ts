/**
 * A write action's audit event is stored in the write's own transaction (issue #16): the change
 * and its record commit together or not at all. A trigger on the real database refuses one
 * action's events, standing in for any failure of the audit insert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { createTestApp } from '../test-app';
import { rootClient, type ConsoleClient } from '../console-client';

let database: TestDatabase;
let root: ConsoleClient;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app);
  // On the stored events (AuditEventRecord: the action is a key into AuditString, no error is key 0).
  await database.db.$executeRawUnsafe(`
    CREATE FUNCTION refuse_create_user_events() RETURNS trigger AS $$
    BEGIN
      IF NEW."actionKey" = (SELECT "id" FROM "AuditString" WHERE "kind" = 3 AND "value" = 'iam:CreateUser') AND NEW."errorKey" = 0 THEN RAISE EXCEPTION 'audit store refused'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await database.db.$executeRawUnsafe(`CREATE TRIGGER refuse_create_user_events BEFORE INSERT ON "AuditEventRecord" FOR EACH ROW EXECUTE FUNCTION refuse_create_user_events()`);
});
afterAll(async () => database?.drop());

describe('audit in the write transaction', () => {
  it('rolls a write back when its audit event cannot be stored, and reports the failure', async () => {
    const res = await root.call('iam', 'CreateUser', { UserName: 'unrecorded' });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('InternalFailure');
    expect(await database.db.user.count({ where: { name: 'unrecorded' } })).toBe(0);
    // The failure itself is recorded (through the audit log's own path).
    const events = await database.db.auditEvent.findMany({ where: { action: 'iam:CreateUser' }, select: { errorCode: true } });
    expect(events).toEqual([{ errorCode: 'InternalFailure' }]);
  });

  it('stores the event of a committed write with it', async () => {
    await root.ok('iam', 'CreateGroup', { GroupName: 'recorded' });
    const group = await database.db.group.findFirstOrThrow({ where: { name: 'recorded' } });
    const events = await database.db.auditEvent.findMany({ where: { action: 'iam:CreateGroup', decision: 'allowed' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.resource).toBe(group.arn);
  });
});
