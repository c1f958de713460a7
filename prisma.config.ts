import { defineConfig } from 'prisma/config';

// `env("DATABASE_URL")` throws when the variable is unset, even for `generate` (STACK.md):
// read it directly with a placeholder, since generation never connects.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@127.0.0.1:5432/placeholder' },
});
