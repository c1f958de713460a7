/** Where the repository's files are, from the sources (tsx) or the bundle (dist/main.js) alike. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const migrationsDir = path.join(repoRoot, 'prisma/migrations');
export const schemaPath = path.join(repoRoot, 'prisma/schema.prisma');
export const managedPoliciesPath = path.join(repoRoot, 'prisma/seed/aws-managed-policies.json');
export const webDistDir = path.join(repoRoot, 'apps/web/dist');
