import { cpSync, rmSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '/work/main/apps/api/src/db/migrations';
import { createEmptyDatabase } from '/work/main/apps/api/test/test-database';
const dir = mkdtempSync('/tmp/aud/m-');
cpSync('/work/main/prisma/migrations', dir, { recursive: true });
rmSync(path.join(dir, '20261204152945_audit_compact'), { recursive: true });
const db = await createEmptyDatabase();
try {
  await applyMigrations(db.url, dir, '/work/main/prisma/schema.prisma');
  const c = new pg.Client(db.url); await c.connect();
  await c.query(`INSERT INTO "Account"(id, "rootEmail", name) VALUES ('111122223333','a@b.c','a')`).catch(async (e) => { console.log(e.message); });
  await c.query(`INSERT INTO "AuditEvent"(time, "accountId", "principalArn", action, resource, decision, "errorCode", "sourceIp", "userAgent", "requestId", protocol) VALUES
    (now() - interval '100 days', '111122223333', 'arn:aws:iam::111122223333:user/a', 'iam:GetUser', null, 'allowed', null, '1.2.3.4', 'ua', 'a5e2b7d2-1111-4c1e-9a57-2b2f0c1d2e3f', 'query'),
    (now(), null, null, 'iam:GetUser', 'arn:x', 'invalid', 'InvalidClientTokenId', '1.2.3.4', 'ua', 'weird', 'rest')`);
  await applyMigrations(db.url, '/work/main/prisma/migrations', '/work/main/prisma/schema.prisma');
  console.log((await c.query(`SELECT * FROM "AuditEvent" ORDER BY id`)).rows);
  console.log((await c.query(`SELECT relname FROM pg_class WHERE relname LIKE 'AuditEventRecord%' AND relkind IN ('r','p') ORDER BY 1`)).rows.map(r => r.relname).join(' '));
  console.log((await c.query(`INSERT INTO "AuditEvent"("accountId", action, decision, "requestId", protocol) VALUES ('111122223333','iam:ListUsers','allowed','x','json') RETURNING *`)).rows);
  await c.end();
} finally { await db.drop(); rmSync(dir, { recursive: true }); }
