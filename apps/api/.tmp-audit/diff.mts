import { cpSync, mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createMigration } from '../src/db/migrations';
const dir = mkdtempSync('/tmp/aud/d-');
cpSync('/work/main/prisma/migrations', dir, { recursive: true });
const folder = await createMigration('postgresql://postgres@127.0.0.1:5432/postgres', dir, '/work/main/prisma/schema.prisma', 'check');
console.log(folder ? readFileSync(path.join(folder, 'migration.sql'), 'utf8') : 'NO DIFF');
rmSync(dir, { recursive: true });
