/** ListAuditEvents through the REST protocol and the dispatcher, against real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createTestApp } from '../../../test/test-app';
import { rootClient, signIn, type ConsoleClient } from '../../../test/console-client';
import { hashPassword } from '../../crypto/passwords';

interface AuditEventOut {
  EventId: string;
  EventTime: string;
  PrincipalArn?: string;
  Action: string;
  Resource?: string;
  Decision: string;
  ErrorCode?: string;
  SourceIp?: string;
  UserAgent?: string;
  RequestId: string;
  Protocol: string;
}
interface ListOut {
  Events: AuditEventOut[];
  IsTruncated: boolean;
  Marker?: string;
}

let database: TestDatabase;
let app: App;
let root: ConsoleClient;
let mallory: ConsoleClient;
let startedAt: Date;

const ACCOUNT = '123456789012';

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
  root = await rootClient(app);
  startedAt = new Date();
  await root.ok('iam', 'CreateUser', { UserName: 'audited' });
  await root.call('iam', 'GetUser', { UserName: 'ghost' });
  await root.ok('iam', 'CreateUser', { UserName: 'mallory' });
  await root.ok('iam', 'CreateLoginProfile', { UserName: 'mallory', Password: 'Mallory-Password-1' });
  mallory = await signIn(app, { kind: 'iam', account: ACCOUNT, userName: 'mallory', password: 'Mallory-Password-1' });
  await mallory.call('iam', 'DeleteUser', { UserName: 'audited' });
});
afterAll(async () => database?.drop());

describe('ListAuditEvents', () => {
  it('lists the account\'s events newest first, with AWS-style fields', async () => {
    const { Events, IsTruncated } = await root.ok<ListOut>('portcullis', 'ListAuditEvents');
    expect(IsTruncated).toBe(false);
    expect(Events.map((e) => e.Action).slice(0, 5)).toEqual(['iam:DeleteUser', 'iam:CreateLoginProfile', 'iam:CreateUser', 'iam:GetUser', 'iam:CreateUser']);
    const times = Events.map((e) => new Date(e.EventTime).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(Events[0]).toMatchObject({
      PrincipalArn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
      Action: 'iam:DeleteUser',
      Resource: `arn:aws:iam::${ACCOUNT}:user/audited`,
      Decision: 'denied',
      ErrorCode: 'AccessDenied',
      Protocol: 'rest',
    });
    expect(Events[0]!.EventId).toMatch(/^\d+$/);
    expect(Events[0]!.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Events[3]).toMatchObject({ Action: 'iam:GetUser', Decision: 'allowed', ErrorCode: 'NoSuchEntity' });
    expect(Events[4]).not.toHaveProperty('ErrorCode');
  });

  it('filters by action, decision, principal, resource and time', async () => {
    const created = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { EventAction: 'iam:createuser' });
    expect(created.Events.map((e) => e.Action)).toEqual(['iam:CreateUser', 'iam:CreateUser']);
    const denied = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { Decision: 'denied' });
    expect(denied.Events.map((e) => e.Action)).toEqual(['iam:DeleteUser']);
    const byMallory = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { PrincipalArn: `arn:aws:iam::${ACCOUNT}:user/mallory` });
    expect(byMallory.Events.map((e) => e.Action)).toEqual(['iam:DeleteUser']);
    const onAudited = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { Resource: `arn:aws:iam::${ACCOUNT}:user/audited` });
    expect(onAudited.Events.map((e) => e.Action)).toEqual(['iam:DeleteUser', 'iam:CreateUser']);
    const future = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { StartTime: new Date(Date.now() + 60_000).toISOString() });
    expect(future.Events).toEqual([]);
    const past = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { EndTime: new Date(startedAt.getTime() - 1).toISOString(), EventAction: 'iam:CreateUser' });
    expect(past.Events).toEqual([]);
    const window = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { StartTime: startedAt.toISOString(), EndTime: new Date().toISOString(), EventAction: 'iam:CreateUser' });
    expect(window.Events).toHaveLength(2);
  });

  it('pages with Marker and MaxItems, newest first, without repeats or gaps', async () => {
    const all = (await root.ok<ListOut>('portcullis', 'ListAuditEvents', { MaxItems: 1000, EndTime: new Date().toISOString() })).Events;
    const ids: string[] = [];
    let marker: string | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await root.ok<ListOut>('portcullis', 'ListAuditEvents', { MaxItems: 3, EndTime: all[0]!.EventTime, ...(marker ? { Marker: marker } : {}) });
      expect(res.Events.length).toBeLessThanOrEqual(3);
      ids.push(...res.Events.map((e) => e.EventId));
      if (!res.IsTruncated) break;
      marker = res.Marker;
    }
    expect(ids).toEqual(all.map((e) => e.EventId));
  });

  it.each([
    [{ Decision: 'maybe' }, 'ValidationError'],
    [{ EventAction: 'CreateUser' }, 'ValidationError'],
    [{ StartTime: 'yesterday' }, 'ValidationError'],
    [{ PrincipalArn: 'not-an-arn' }, 'ValidationError'],
    [{ MaxItems: 0 }, 'ValidationError'],
    [{ MaxItems: 1001 }, 'ValidationError'],
    [{ Marker: 'garbage' }, 'InvalidInput'],
    [{ StartTime: '2026-02-01T00:00:00Z', EndTime: '2026-01-01T00:00:00Z' }, 'InvalidInput'],
  ] as [object, string][])('refuses bad input (%j) with a 400 %s', async (body, code) => {
    const res = await root.call('portcullis', 'ListAuditEvents', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });

  it('needs portcullis:ListAuditEvents: an IAM user without it is denied', async () => {
    const res = await mallory.call('portcullis', 'ListAuditEvents');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AccessDenied');
    expect(res.body.error.message).toContain('portcullis:ListAuditEvents');
  });

  it('shows only the caller\'s account\'s events', async () => {
    const email = 'root-210987654321@example.com';
    await database.db.account.create({ data: { id: '210987654321', name: 'other', rootEmail: email, rootPasswordHash: await hashPassword('Other-Root-Password-1') } });
    const other = await signIn(app, { kind: 'root', email, password: 'Other-Root-Password-1' });
    await other.ok('iam', 'ListUsers');
    const { Events } = await other.ok<ListOut>('portcullis', 'ListAuditEvents');
    expect(Events.map((e) => e.Action)).toEqual(['iam:ListUsers']);
    expect(Events[0]!.PrincipalArn).toBe('arn:aws:iam::210987654321:root');
  });
});
