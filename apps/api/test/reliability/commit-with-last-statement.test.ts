/**
 * Writes whose last statement carries the COMMIT and the event (db/client StatementOptions.last:
 * CreateUser, DeleteUser, Attach/Detach*Policy): a call the statement refuses keeps nothing and
 * records only its failure; a call that succeeds records exactly one allowed event.
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
});
afterAll(async () => database?.drop());

describe('writes committed with their last statement', () => {
  const eventsOf = async (action: string) =>
    (await database.db.auditEvent.findMany({ where: { action }, orderBy: { time: 'asc' }, select: { decision: true, errorCode: true, resource: true } })).map((e) => e.errorCode ?? e.decision);
  const policyArn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

  it('DeleteUser: refused while something hangs off the user, or for no such user; then deleted', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'kept' });
    await root.ok('iam', 'CreateAccessKey', { UserName: 'kept' });
    expect((await root.call('iam', 'DeleteUser', { UserName: 'kept' })).body.error.code).toBe('DeleteConflict');
    expect((await root.call('iam', 'DeleteUser', { UserName: 'nobody' })).body.error.code).toBe('NoSuchEntity');
    expect(await database.db.user.count({ where: { name: 'kept' } })).toBe(1);
    const [key] = await database.db.accessKey.findMany({ where: { user: { name: 'kept' } } });
    await root.ok('iam', 'DeleteAccessKey', { UserName: 'kept', AccessKeyId: key!.id });
    await root.ok('iam', 'DeleteUser', { UserName: 'kept' });
    expect(await database.db.user.count({ where: { name: 'kept' } })).toBe(0);
    expect(await eventsOf('iam:DeleteUser')).toEqual(['DeleteConflict', 'NoSuchEntity', 'allowed']);
  });

  it('CreateUser: a taken name keeps nothing and records the failure', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'taken' });
    expect((await root.call('iam', 'CreateUser', { UserName: 'TAKEN' })).body.error.code).toBe('EntityAlreadyExists');
    expect(await database.db.user.count({ where: { name: { in: ['taken', 'TAKEN'] } } })).toBe(1);
    const events = await database.db.auditEvent.findMany({ where: { action: 'iam:CreateUser', resource: { contains: 'taken', mode: 'insensitive' } }, orderBy: { time: 'asc' } });
    expect(events.map((e) => e.errorCode ?? e.decision)).toEqual(['allowed', 'EntityAlreadyExists']);
  });

  it('Attach/DetachUserPolicy: refusals keep nothing; an attachment already there is a success', async () => {
    await root.ok('iam', 'CreateUser', { UserName: 'holder' });
    const missing = 'arn:aws:iam::123456789012:policy/missing';
    expect((await root.call('iam', 'AttachUserPolicy', { UserName: 'holder', PolicyArn: missing })).body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'AttachUserPolicy', { UserName: 'nobody', PolicyArn: policyArn })).body.error.code).toBe('NoSuchEntity');
    expect((await root.call('iam', 'DetachUserPolicy', { UserName: 'holder', PolicyArn: policyArn })).body.error.code).toBe('NoSuchEntity');
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'holder', PolicyArn: policyArn });
    await root.ok('iam', 'AttachUserPolicy', { UserName: 'holder', PolicyArn: policyArn });
    expect(await database.db.policyAttachment.count({ where: { user: { name: 'holder' } } })).toBe(1);
    await root.ok('iam', 'DetachUserPolicy', { UserName: 'holder', PolicyArn: policyArn });
    expect(await database.db.policyAttachment.count({ where: { user: { name: 'holder' } } })).toBe(0);
    expect(await eventsOf('iam:AttachUserPolicy')).toEqual(['NoSuchEntity', 'NoSuchEntity', 'allowed', 'allowed']);
    expect(await eventsOf('iam:DetachUserPolicy')).toEqual(['NoSuchEntity', 'allowed']);
  });

  it('Attach/DetachRolePolicy: a service-linked role is not changed, and the refusal is recorded', async () => {
    const created = await root.ok('iam', 'CreateServiceLinkedRole', { AWSServiceName: 'elasticbeanstalk.amazonaws.com' });
    const roleName = (created as { Role: { RoleName: string } }).Role.RoleName;
    const attached = () => database.db.policyAttachment.findMany({ where: { role: { name: roleName } }, select: { policyId: true } });
    const before = await attached();
    expect((await root.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: policyArn })).body.error.code).toBe('UnmodifiableEntity');
    expect(await attached()).toEqual(before);
    expect(await eventsOf('iam:AttachRolePolicy')).toEqual(['UnmodifiableEntity']);
  });
});
