/**
 * The AWS CLI (Debian's awscli package, v2) as a second real client: create a user and a group,
 * attach AmazonEC2ReadOnlyAccess, create a key, import it with `aws configure import --csv`
 * from the console's credentials.csv format, and call as that user.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkServer, type SdkServer } from './sdk-server';

const run = promisify(execFile);
/** Debian's package, not a v1 `aws` that another tool may have put first on the PATH. */
const AWS = '/usr/bin/aws';

let server: SdkServer;
let home: string;

beforeAll(async () => {
  if (!existsSync(AWS)) throw new Error(`${AWS} is missing: install Debian's awscli package (pnpm test does this as root)`);
  server = await startSdkServer('246813579024');
  home = await mkdtemp(path.join(tmpdir(), 'portcullis-awscli-'));
});
afterAll(async () => {
  await server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

function aws(args: string[], credentials?: { accessKeyId: string; secretAccessKey: string }) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (credentials) {
    env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  }
  return run(AWS, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env });
}

describe('aws CLI', () => {
  it('administers users, groups, policies and keys, and calls as the new user', async () => {
    const root = server.root;
    const user = JSON.parse((await aws(['iam', 'create-user', '--user-name', 'cli-bob'], root)).stdout);
    expect(user.User.Arn).toBe('arn:aws:iam::246813579024:user/cli-bob');
    await aws(['iam', 'create-group', '--group-name', 'Readers'], root);
    await aws(['iam', 'attach-group-policy', '--group-name', 'Readers', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess'], root);
    await aws(['iam', 'add-user-to-group', '--group-name', 'Readers', '--user-name', 'cli-bob'], root);
    const attached = JSON.parse((await aws(['iam', 'list-attached-group-policies', '--group-name', 'Readers'], root)).stdout);
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'AmazonEC2ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess' }]);
    const { AccessKey } = JSON.parse((await aws(['iam', 'create-access-key', '--user-name', 'cli-bob'], root)).stdout);
    expect(AccessKey.AccessKeyId).toMatch(/^AKIA/);

    // The console's credentials.csv, exactly as its "Download .csv" writes it.
    const csv = path.join(home, 'credentials.csv');
    await writeFile(csv, `User name,Password,Access key ID,Secret access key,Console login link\ncli-bob,,${AccessKey.AccessKeyId},${AccessKey.SecretAccessKey},${server.endpoint}/signin?account=246813579024\n`);
    await aws(['configure', 'import', '--csv', `file://${csv}`]);
    const identity = JSON.parse((await aws(['sts', 'get-caller-identity', '--profile', 'cli-bob'])).stdout);
    expect(identity.Arn).toBe('arn:aws:iam::246813579024:user/cli-bob');
    // AmazonEC2ReadOnlyAccess allows no IAM writes: the CLI reports AccessDenied.
    const denied = await aws(['iam', 'create-user', '--user-name', 'mallory', '--profile', 'cli-bob']).catch((e: { stderr: string; code: number }) => e);
    expect((denied as { stderr: string }).stderr).toMatch(/AccessDenied[\s\S]*is not authorized to perform: iam:CreateUser/);
  });
});
