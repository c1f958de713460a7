/**
 * `pnpm db:migrate` (apply pending migrations to DATABASE_URL) and
 * `pnpm db:migration <name>` (write a new migration from the schema change).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createMigration } from './migrations';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const migrationsDir = path.join(root, 'prisma/migrations');
const schemaPath = path.join(root, 'prisma/schema.prisma');
const [command, name] = process.argv.slice(2);
// Creating a migration never connects: the diff is between two schema files.
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

try {
  if (command === 'apply') {
    const applied = await applyMigrations(databaseUrl, migrationsDir, schemaPath);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } else if (command === 'create' && name) {
    const folder = await createMigration(databaseUrl, migrationsDir, schemaPath, name);
    console.log(folder ? `created ${path.relative(root, folder)}/migration.sql` : 'schema unchanged: no migration created');
  } else {
    console.error('usage: migrate-cli apply | migrate-cli create <name>');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
// The pg pool would otherwise keep the process alive for seconds (STACK.md).
process.exit();
