// Typechecks every project of the workspace (each tsconfig on its own, no emit).
import { spawnSync } from 'node:child_process';

const projects = ['packages/policy', 'packages/shared', 'apps/api', 'apps/web', 'e2e', 'bench', 'demo'];
let failed = false;
for (const project of projects) {
  const result = spawnSync('pnpm', ['exec', 'tsc', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ typecheck failed in ${project}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
