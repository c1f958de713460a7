import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'api',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests share the machine's PostgreSQL: each file creates its own database.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
