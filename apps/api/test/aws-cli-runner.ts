/**
 * The `aws` CLI against a test server, as a user would run it: no configuration of the machine's
 * user (HOME elsewhere, no config or credentials files), the given credentials in the environment,
 * JSON output parsed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Credentials, SdkServer } from './sdk-server';

/** Debian's awscli (/usr/bin/aws, a test prerequisite: aws-cli.test.ts) where installed, else the `aws` on PATH. */
export const DEBIAN_AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

export function awsCliEnv(credentials: Credentials, home = '/nonexistent'): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    HOME: home,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}

/** `aws --endpoint-url <server> --output json <args>` as root (or `credentials`), its reply parsed; rejects with the CLI's stderr on failure. */
export function awsCli(server: SdkServer, options: { bin?: string; home?: string; credentials?: Credentials } = {}) {
  const env = awsCliEnv(options.credentials ?? server.root, options.home);
  return async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await promisify(execFile)(options.bin ?? DEBIAN_AWS, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env });
    return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as Record<string, unknown>;
  };
}
