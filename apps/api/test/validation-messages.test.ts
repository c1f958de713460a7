/**
 * AWS's validation answers reach real clients: the AWS SDK v3 (which validates nothing itself)
 * and boto3 (which checks required members and minimums client-side, so only what it lets
 * through — patterns, maximums — reaches the server). Expected messages are AWS's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from './sdk-server';

const run = promisify(execFile);
const A = '135792468024';
const ROLE = `arn:aws:iam::${A}:role/demo`;
let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer(A);
});
afterAll(async () => {
  await server?.close();
});

describe('validation messages with the AWS SDK v3', () => {
  it('STS: the offending value, its member and the model’s constraint', async () => {
    await expect(server.sts(server.root).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'Session1:2' }))).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
      message: "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
    await expect(server.sts(server.root).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: 100 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });

  it('IAM: missing members and nested tag members, counted', async () => {
    const iam = server.iam(server.root);
    await expect(iam.send(new CreateUserCommand({} as never))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null",
    });
    await expect(iam.send(new TagUserCommand({ UserName: 'nobody', Tags: [{ Key: '', Value: 'v' }] }))).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        "2 validation errors detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    });
  });
});

describe('validation messages with boto3', () => {
  async function boto3(script: string): Promise<{ code: string; message: string; status: number }> {
    const program = `
import boto3, botocore, json, sys
session = boto3.session.Session(aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], region_name='us-east-1')
def client(name): return session.client(name, endpoint_url=sys.argv[1], config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    ${script}
    print(json.dumps({'code': 'none', 'message': '', 'status': 200}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`;
    const { stdout } = await run('python3', ['-c', program, server.endpoint, server.root.accessKeyId, server.root.secretAccessKey]);
    return JSON.parse(stdout) as { code: string; message: string; status: number };
  }

  it('STS: a session name over the model’s maximum', async () => {
    const name = 's'.repeat(65);
    expect(await boto3(`client('sts').assume_role(RoleArn='${ROLE}', RoleSessionName='${name}')`)).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
  });

  it('IAM: a name outside its pattern gets IAM’s own sentence', async () => {
    expect(await boto3(`client('iam').create_user(UserName='a/b')`)).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'The specified value for userName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
    });
  });
});
