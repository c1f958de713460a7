import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace: each package is a project with its own environment.
export default defineConfig({
  test: {
    projects: ['packages/policy', 'packages/shared', 'apps/api', 'apps/web'],
  },
});
