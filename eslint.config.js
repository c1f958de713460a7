// Lint: TypeScript's recommended rules plus the import boundaries of shared/DESIGN.md —
// imports flow web → shared, policy; api → shared, policy; policy → nothing of ours; console
// features and API action areas do not import each other (zones generated from the folders).
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

/** One zone per ordered pair of sibling folders: `a` may not import from `b`. */
function siblingZones(dir) {
  if (!existsSync(dir)) return [];
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return folders.flatMap((a) =>
    folders.filter((b) => b !== a).map((b) => ({ target: `${dir}/${a}`, from: `${dir}/${b}`, message: 'Features and action areas do not import each other (DESIGN.md); move shared code up a level.' })),
  );
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'apps/api/src/db/generated/**', 'demo-output/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      // AWS's allowed character ranges (policy documents, passwords) start at \u0009.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './packages/policy', from: './apps', message: 'The policy engine imports nothing of ours.' },
            { target: './packages/policy', from: './packages/shared', message: 'The policy engine imports nothing of ours.' },
            { target: './packages/shared', from: './apps', message: 'shared is the contract: it imports no app.' },
            { target: './apps/web', from: './apps/api', message: 'The console talks to the API over HTTP only.' },
            { target: './apps/api', from: './apps/web', message: 'The API does not import the console.' },
            ...siblingZones('./apps/web/src/features'),
            ...siblingZones('./apps/api/src/actions'),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/policy/src/**/*.ts'],
    ignores: ['packages/policy/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', '@portcullis/*', '@cloud-copilot/*'], message: 'The policy engine is pure: no I/O, nothing of ours, runs in the browser too.' }] },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['scripts/**/*.mjs', 'e2e/**/*.mjs', '**/build.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
