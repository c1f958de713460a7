/**
 * A fresh database per test file on the local PostgreSQL (127.0.0.1:5432 with trust auth, or
 * TEST_DATABASE_URL), migrated with the real runner, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../src/db/client';
import { applyMigrations } from '../src/db/migrations';
import { seedAwsManagedPolicies } from '../src/db/seed';
import { migrationsDir, schemaPath } from '../src/paths';

const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations). */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portcullis_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return { url: withDatabase(baseUrl, name), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

/** Creates a migrated (and by default seeded) database with a Prisma client. */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  await applyMigrations(empty.url, migrationsDir, schemaPath);
  const db = createDb(empty.url, 4);
  if (options.seed !== false) await seedAwsManagedPolicies(db);
  return {
    url: empty.url,
    db,
    async drop() {
      await db.$disconnect();
      await empty.drop();
    },
  };
}
