/**
 * The offline migration runner. `prisma migrate` needs Prisma's native schema engine, which no
 * npm package ships and which cannot be downloaded here; Prisma's own WebAssembly build of that
 * engine can do the same work through a driver adapter (STACK.md, docs/decisions/001).
 *
 * - `applyMigrations` applies `prisma/migrations/<name>/migration.sql` in order and records them
 *   in `_prisma_migrations` exactly as `prisma migrate deploy` does, so a machine with the native
 *   engine can use the normal Prisma CLI on the same database and files.
 * - `createMigration` writes a new migration by diffing the schema saved with the previous
 *   migration (or an empty database) against `prisma/schema.prisma` — no shadow database.
 */
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

/** The file each migration folder keeps beside migration.sql: the schema it brings us to. */
const SCHEMA_SNAPSHOT = 'schema.prisma.snapshot';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;

/** Node cannot `import` a .wasm file, so instantiate the engine's module by hand, once. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    // lib "DOM" would declare WebAssembly; the API's sources are Node-only, so type just this call.
    const wasm = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> } }).WebAssembly;
    const { instance } = await wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

async function withEngine<T>(databaseUrl: string, schema: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  // Our own pool, ended as soon as the engine is done: the engine takes PostgreSQL's session
  // advisory lock (pg_advisory_lock(72707369), as `prisma migrate deploy` does) on a pooled
  // connection and leaves it there, so an idle connection kept by the pool would hold the lock
  // ~10 s longer — long enough for a replica starting meanwhile to give up waiting (the engine
  // waits 10 s) and exit.
  const pool = new pg.Pool({ connectionString: databaseUrl });
  let engine: SchemaEngine | undefined;
  try {
    const logs: string[] = [];
    engine = (await glue.SchemaEngine.new(
      { datamodels: [['schema.prisma', schema]] },
      (log: string) => logs.push(log),
      bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool)),
    )) as SchemaEngine;
    const result = await run(engine);
    engine.free();
    engine = undefined;
    await pool.end();
    return result;
  } catch (error) {
    engine?.free();
    // A query the engine gave up on (waiting for that lock) may still be running, and pool.end()
    // would wait for it: end the pool without waiting (the process exits on this error anyway).
    pool.end().catch(() => {});
    throw new Error(`schema engine failed: ${formatEngineError(error)}`, { cause: error });
  }
}

function formatEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}

async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const names = existsSync(migrationsDir)
    ? (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8') } },
      })),
    ),
  } as MigrationList;
}

/** Applies every pending migration; returns the names applied now. */
export async function applyMigrations(databaseUrl: string, migrationsDir: string, schemaPath: string): Promise<string[]> {
  const schema = await readFile(schemaPath, 'utf8');
  const migrationsList = await readMigrationsList(migrationsDir);
  return withEngine(databaseUrl, schema, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return output.appliedMigrationNames;
  });
}

/**
 * Writes `<timestamp>_<name>/migration.sql` with the SQL that takes the previous migration's
 * schema to the current one. Returns the folder, or null when nothing changed.
 */
export async function createMigration(databaseUrl: string, migrationsDir: string, schemaPath: string, name: string): Promise<string | null> {
  const schema = await readFile(schemaPath, 'utf8');
  const previous = await readMigrationsList(migrationsDir);
  const last = previous.migrationDirectories.at(-1);
  const previousSchema = last ? await readFile(path.join(migrationsDir, last.path, SCHEMA_SNAPSHOT), 'utf8') : null;
  const schemaTarget = (content: string) => ({ tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content }] });
  const sql = await withEngine(databaseUrl, schema, async (engine) => {
    const result = await engine.diff({
      from: previousSchema === null ? { tag: 'empty' } : schemaTarget(previousSchema),
      to: schemaTarget(schema),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  });
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(path.join(folder, SCHEMA_SNAPSHOT), schema);
  if (!existsSync(path.join(migrationsDir, 'migration_lock.toml'))) {
    await writeFile(path.join(migrationsDir, 'migration_lock.toml'), '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  }
  return folder;
}
