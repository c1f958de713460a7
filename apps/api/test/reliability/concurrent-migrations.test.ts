/**
 * docs/operations.md "Upgrades": replicas that start at once on one database serialise on the
 * migration engine's advisory lock — one applies the migrations, the others wait and find nothing
 * to do. The engine waits 10 s for the lock; the runner must let go of it as soon as it is done
 * (it used to stay on an idle pooled connection for ~10 s more, and the second replica failed to
 * start with "Timed out trying to acquire a postgres advisory lock").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrations';
import { migrationsDir, schemaPath } from '../../src/paths';
import { createEmptyDatabase } from '../test-database';

let database: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  database = await createEmptyDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe('migrations at start, several replicas', () => {
  it('replicas starting at once on a migrated database all start, without waiting on each other', { timeout: 90_000 }, async () => {
    expect((await applyMigrations(database.url, migrationsDir, schemaPath)).length).toBeGreaterThan(0);
    // Two replicas (a rolling restart) right after the first: neither waits on a lock left behind.
    const started = Date.now();
    const results = await Promise.all([applyMigrations(database.url, migrationsDir, schemaPath), applyMigrations(database.url, migrationsDir, schemaPath)]);
    expect(results).toEqual([[], []]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
