// `pnpm test`: every check the project has, in order — typecheck, lint, unit and integration
// tests (vitest, real PostgreSQL), build, then the Playwright e2e suite in Debian's Chromium.
// Installs Chromium itself when it is missing and we run as root; otherwise says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const CHROMIUM = '/usr/bin/chromium';
const AWS_CLI = '/usr/bin/aws';

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/** Debian's Chromium (Playwright) and awscli v2 (the CLI conformance test). */
function ensureDebianPackages() {
  const missing = [[CHROMIUM, 'chromium'], [AWS_CLI, 'awscli']].filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() === 0) {
    run(`install ${missing.join(', ')} (Debian packages)`, 'sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`]);
    return;
  }
  console.error(`The tests need Debian's ${missing.join(' and ')}: run  sudo apt-get install -y ${missing.join(' ')}  and try again.`);
  process.exit(1);
}

function postgresReachable() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

if (!(await postgresReachable())) {
  console.error('The tests need PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres) or TEST_DATABASE_URL.');
  console.error('On Debian: pg_ctlcluster --skip-systemctl-redirect <version> main start');
  process.exit(1);
}
ensureDebianPackages();
run('generate the Prisma client', 'pnpm', ['db:generate']);
run('typecheck', 'node', ['scripts/typecheck.mjs']);
run('lint', 'pnpm', ['exec', 'eslint', '.']);
run('unit and integration tests', 'pnpm', ['exec', 'vitest', 'run']);
run('build', 'pnpm', ['build']);
run('end-to-end tests (Playwright, Chromium)', 'pnpm', ['exec', 'playwright', 'test']);
console.log('\n✔ all checks passed');
