// Seeds an account at scale straight into the e2e run's database (e2e/start-test-server.mjs says
// where it is): thousands of users through the API would take minutes, one INSERT … SELECT takes
// well under a second. Only for setting the scene: what the specs then test goes through the API.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
  end(): Promise<void>;
}
// `pg` is the API's dependency, not the root's: resolve it from there.
const pg = createRequire(path.join(repoRoot, 'apps/api/package.json'))('pg') as { Client: new (options: { connectionString: string }) => PgClient };

export interface ScaleCounts {
  users: number;
  groups: number;
  /** Every `keyEvery`-th user has an active access key; every other one of those is 200 days old. */
  keyEvery: number;
  /** Customer managed policies scale-policy-001…, described "Scale team <n> access". */
  policies?: number;
}

/** The customer policies' names: scale-policy-001 … */
export const scalePolicyName = (i: number) => `scale-policy-${String(i).padStart(3, '0')}`;

/** The users' names: scale-00001 … (zero-padded, so name order is number order). */
export const scaleUserName = (i: number) => `scale-${String(i).padStart(5, '0')}`;

async function withDatabase<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
  const port = process.env.E2E_PORT ?? '8181';
  const connectionString = (await readFile(path.join(os.tmpdir(), `portcullis-e2e-${port}.database-url`), 'utf8')).trim();
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Users scale-00001…, groups scale-group-01… (user i in group i mod groups), access keys and
 * customer managed policies scale-policy-001….
 * IDs follow AWS's formats (AIDA/AGPA/AKIA/ANPA + digits). Idempotent.
 */
export async function seedScale(accountId: string, counts: ScaleCounts): Promise<void> {
  await withDatabase(async (db) => {
    await db.query(
      `INSERT INTO "User" (id, "accountId", name, path, arn, "createdAt")
       SELECT 'AIDASCALE' || lpad(i::text, 12, '0'), $1::text, 'scale-' || lpad(i::text, 5, '0'), '/',
              'arn:aws:iam::' || $1::text || ':user/scale-' || lpad(i::text, 5, '0'), now() - make_interval(mins => i)
       FROM generate_series(1, $2::int) AS i
       ON CONFLICT DO NOTHING`,
      [accountId, counts.users],
    );
    await db.query(
      `INSERT INTO "Group" (id, "accountId", name, path, arn)
       SELECT 'AGPASCALE' || lpad(g::text, 12, '0'), $1::text, 'scale-group-' || lpad(g::text, 2, '0'), '/',
              'arn:aws:iam::' || $1::text || ':group/scale-group-' || lpad(g::text, 2, '0')
       FROM generate_series(1, $2::int) AS g
       ON CONFLICT DO NOTHING`,
      [accountId, counts.groups],
    );
    await db.query(
      `INSERT INTO "GroupMembership" ("groupId", "userId")
       SELECT 'AGPASCALE' || lpad((i % $2::int + 1)::text, 12, '0'), 'AIDASCALE' || lpad(i::text, 12, '0')
       FROM generate_series(1, $1::int) AS i
       ON CONFLICT DO NOTHING`,
      [counts.users, counts.groups],
    );
    await db.query(
      `INSERT INTO "AccessKey" (id, "accountId", "userId", "secretEncrypted", status, "createdAt")
       SELECT 'AKIASCALE' || lpad(i::text, 11, '0'), $1::text, 'AIDASCALE' || lpad(i::text, 12, '0'), '\\x00'::bytea, 'Active',
              CASE WHEN i % ($3::int * 2) = 0 THEN now() - interval '200 days' ELSE now() END
       FROM generate_series($3::int, $2::int, $3::int) AS i
       ON CONFLICT DO NOTHING`,
      [accountId, counts.users, counts.keyEvery],
    );
    await db.query(
      `INSERT INTO "ManagedPolicy" (id, "accountId", name, path, arn, description)
       SELECT 'ANPASCALE' || lpad(i::text, 12, '0'), $1::text, 'scale-policy-' || lpad(i::text, 3, '0'), '/',
              'arn:aws:iam::' || $1::text || ':policy/scale-policy-' || lpad(i::text, 3, '0'), 'Scale team ' || i || ' access'
       FROM generate_series(1, $2::int) AS i
       ON CONFLICT DO NOTHING`,
      [accountId, counts.policies ?? 0],
    );
    await db.query(
      `INSERT INTO "PolicyVersion" ("policyId", "versionId", document, "isDefault")
       SELECT 'ANPASCALE' || lpad(i::text, 12, '0'), 'v1', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}', true
       FROM generate_series(1, $1::int) AS i
       ON CONFLICT DO NOTHING`,
      [counts.policies ?? 0],
    );
  });
}

/** Removes what seedScale added (memberships and keys go with their users). */
export async function removeScale(accountId: string): Promise<void> {
  await withDatabase(async (db) => {
    await db.query(`DELETE FROM "User" WHERE "accountId" = $1 AND id LIKE 'AIDASCALE%'`, [accountId]);
    await db.query(`DELETE FROM "Group" WHERE "accountId" = $1 AND id LIKE 'AGPASCALE%'`, [accountId]);
    await db.query(`DELETE FROM "ManagedPolicy" WHERE "accountId" = $1 AND id LIKE 'ANPASCALE%'`, [accountId]);
  });
}
