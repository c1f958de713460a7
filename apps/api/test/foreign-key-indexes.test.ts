/**
 * Deleting a row makes PostgreSQL look up every row that refers to it (ON DELETE CASCADE or
 * RESTRICT), and an unindexed reference is a scan of the whole referring table: DeleteUser would
 * read every console session of every account. Every reference to an entity that requests delete
 * (users, groups, roles, policies, …) leads an index. References to Account are the exception:
 * an account is deleted rarely, by an operator, and an index on those hot tables (temporary
 * credentials: one row per AssumeRole) would slow every insert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

describe('foreign keys', () => {
  it('every reference to a row that requests delete leads an index (no table scan per delete)', async () => {
    const unindexed = await database.db.$queryRaw<{ referring: string; referred: string; columns: string }[]>`
      SELECT c.conrelid::regclass::text AS referring, c.confrelid::regclass::text AS referred,
             (SELECT string_agg(a.attname, ',') FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k) AS columns
      FROM pg_constraint c
      WHERE c.contype = 'f' AND c.confrelid <> '"Account"'::regclass
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey AND i.indkey[0] = c.conkey[1])
      ORDER BY 1, 3`;
    expect(unindexed).toEqual([]);
  });

  it('DeleteUser finds the user’s console sessions through an index', async () => {
    const plan = await database.db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (COSTS OFF) DELETE FROM "ConsoleSession" WHERE "userId" = 'AIDAEXAMPLE'`);
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('ConsoleSession_userId_idx');
  });
});
