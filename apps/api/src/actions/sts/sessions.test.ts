/**
 * Issuing role sessions as AssumeRole does, in a direct READ COMMITTED transaction whose COMMIT
 * goes with the credential's statement: the role read before the insert may be deleted in
 * between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';
import { beforeCommit, createDb, OUTCOME_NOT_REFUSED, queryRows, transaction, type Db } from '../../db/client';
import { createSecretBox, newMasterKey, parseMasterKey } from '../../crypto/secrets';
import { AwsError } from '../../errors';
import { issueRoleSession, roleWithTrustPolicy } from './sessions';

const A = '111122223333';
let server: SdkServer;
/** One connection, so a setting left on it would show in the next statement. */
let db: Db;
const secrets = createSecretBox(parseMasterKey(newMasterKey()));
const trust = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });

beforeAll(async () => {
  server = await startSdkServer(A);
  db = createDb(server.database.url, 1);
});
afterAll(async () => {
  await db?.$disconnect();
  await server?.close();
});

const sessionInput = (roleGone: AwsError) => ({ sessionName: 'probe', durationSeconds: 900, maxDurationSeconds: 3600, sessionPolicies: [], roleGone: () => roleGone });

/**
 * issueRoleSession in AssumeRole's kind of transaction, with a statement sent before its COMMIT
 * that reports whether the credential's statement let the transaction succeed (as the audit
 * event's does).
 */
async function issueInTransaction(role: NonNullable<Awaited<ReturnType<typeof roleWithTrustPolicy>>>, roleGone: AwsError) {
  let notRefused: Promise<unknown[]> | undefined;
  const session = await transaction(
    db,
    (tx) => {
      notRefused = beforeCommit(tx, `SELECT 1 AS "ok" WHERE ${OUTCOME_NOT_REFUSED}`, [], { withLast: true });
      return issueRoleSession({ tx, now: new Date(), secrets }, role, sessionInput(roleGone));
    },
    { isolationLevel: 'ReadCommitted', timeout: 10_000, maxWait: 10_000, direct: true },
  ).catch((error: unknown) => ({ error }));
  return { session, notRefused: (await notRefused!.catch(() => [])).length === 1 };
}

describe('issueRoleSession with a role read beforehand', () => {
  it('stores the session with the COMMIT sent with its statement', async () => {
    const arn = await server.fixtures.role(A, 'kept', trust(`arn:aws:iam::${A}:root`));
    const role = (await roleWithTrustPolicy(db, arn))!;
    const { session, notRefused } = await issueInTransaction(role, new AwsError('AccessDenied', 'gone', 403));
    if ('error' in session) throw session.error;
    expect(session.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${A}:assumed-role/kept/probe`);
    expect(notRefused).toBe(true);
    expect(await db.temporaryCredential.count({ where: { id: session.Credentials.AccessKeyId, roleId: role.id } })).toBe(1);
    // The role's last use, recorded in the same transaction.
    expect((await db.role.findUniqueOrThrow({ where: { id: role.id } })).lastUsedAt).not.toBeNull();
    const [setting] = await queryRows<{ synchronous_commit: string }>(db, 'SHOW synchronous_commit', []);
    expect(setting!.synchronous_commit).toBe('on');
  });

  it('throws roleGone, marks the transaction refused and stores nothing once the role is deleted', async () => {
    const arn = await server.fixtures.role(A, 'deleted', trust(`arn:aws:iam::${A}:root`));
    const role = (await roleWithTrustPolicy(db, arn))!;
    await db.role.delete({ where: { id: role.id } });
    const gone = new AwsError('AccessDenied', 'gone', 403);
    const { session, notRefused } = await issueInTransaction(role, gone);
    expect(session).toEqual({ error: gone });
    expect(notRefused).toBe(false);
    expect(await db.temporaryCredential.count({ where: { roleId: role.id } })).toBe(0);
  });
});

describe('roleWithTrustPolicy', () => {
  it('reads the trust policy with each pinned principal as it is now: renamed, or gone (its unique ID)', async () => {
    const renamed = await server.fixtures.user(A, 'before-rename');
    const deleted = await server.fixtures.user(A, 'to-delete');
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [renamed.arn, deleted.arn] }, Action: 'sts:AssumeRole' }] };
    const arn = await server.fixtures.role(A, 'pinned', document);
    const users = await db.user.findMany({ where: { arn: { in: [renamed.arn, deleted.arn] } }, select: { id: true, arn: true } });
    const idOf = (userArn: string) => users.find((u) => u.arn === userArn)!.id;
    await db.role.update({ where: { arn }, data: { trustPrincipalIds: { [renamed.arn]: idOf(renamed.arn), [deleted.arn]: idOf(deleted.arn) } } });
    await db.user.update({ where: { id: idOf(renamed.arn) }, data: { name: 'after-rename', arn: `arn:aws:iam::${A}:user/after-rename` } });
    await db.user.delete({ where: { id: idOf(deleted.arn) } });
    const role = await roleWithTrustPolicy(db, arn);
    expect(JSON.parse(role!.trustPolicy).Statement[0].Principal.AWS).toEqual([`arn:aws:iam::${A}:user/after-rename`, idOf(deleted.arn)]);
    expect(await roleWithTrustPolicy(db, `arn:aws:iam::${A}:role/none`)).toBeUndefined();
  });
});
