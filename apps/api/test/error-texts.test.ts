/**
 * AWS's exact error texts (apps/api/src/messages.ts) through the real AWS SDK for JavaScript v3:
 * each case asserts the error code, the HTTP status and the message, as AWS answers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceSpecificCredentialCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  PutUserPolicyCommand,
  DeleteServiceSpecificCredentialCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ResetServiceSpecificCredentialCommand,
  TagUserCommand,
  GetRoleCommand,
  ListUserTagsCommand,
  UntagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from './sdk-server';

let server: SdkServer;
let iam: IAMClient;
let policyArn: string;

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });

beforeAll(async () => {
  server = await startSdkServer();
  iam = server.iam(server.root);
  await iam.send(new CreateUserCommand({ UserName: 'texts-user' }));
  policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'texts-policy', PolicyDocument: DOC }))).Policy!.Arn!;
});
afterAll(async () => server?.close());

/** The SDK's view of an error: its code (name), HTTP status and message. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}

describe('AWS error texts', () => {
  it('a PolicyArn that is no ARN: ValidationError "Invalid ARN:  Could not be parsed!" for every action taking one', async () => {
    const notAnArn = 'this-is-not-an-arn-at-all';
    const expected = { code: 'ValidationError', status: 400, message: 'Invalid ARN:  Could not be parsed!' };
    expect(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'texts-user', PolicyArn: notAnArn })))).toEqual(expected);
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: notAnArn })))).toEqual(expected);
    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: notAnArn })))).toEqual(expected);
    expect(await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: notAnArn, PolicyDocument: DOC })))).toEqual(expected);
    // An ARN, but not a policy's: InvalidInput naming it.
    const userArn = `arn:aws:iam::${server.accountId}:user/texts-user`;
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: userArn })))).toEqual({ code: 'InvalidInput', status: 400, message: `ARN ${userArn} is not valid.` });
  });

  it('a missing policy: "was not found" for GetPolicy/DeletePolicy/Detach, "does not exist or is not attachable" for Attach, the version text for versions', async () => {
    const missing = `arn:aws:iam::${server.accountId}:policy/NotAPolicy`;
    const notFound = { code: 'NoSuchEntity', status: 404, message: `Policy ${missing} was not found.` };
    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: missing })))).toEqual(notFound);
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: missing })))).toEqual(notFound);
    expect(await failure(iam.send(new DetachUserPolicyCommand({ UserName: 'texts-user', PolicyArn: policyArn })))).toEqual({ ...notFound, message: `Policy ${policyArn} was not found.` });
    expect(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'texts-user', PolicyArn: missing })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
    expect(await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: missing, VersionId: 'v1' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: `Policy ${missing} version v1 does not exist or is not attachable.`,
    });
  });

  it('AssumeRole: a malformed RoleArn is ValidationError "<arn> is invalid"; a well-formed one of no role stays AccessDenied', async () => {
    const user = await server.fixtures.user(server.accountId, 'texts-assumer', [ADMIN]);
    const asUser = server.sts(user);
    const malformed = 'arn:aws:iam::123456789012:rol/nothing';
    expect(await failure(asUser.send(new AssumeRoleCommand({ RoleArn: malformed, RoleSessionName: 's1' })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `${malformed} is invalid`,
    });
    const notAnArn = 'definitely-not-a-role-arn';
    expect(await failure(asUser.send(new AssumeRoleCommand({ RoleArn: notAnArn, RoleSessionName: 's1' })))).toMatchObject({ code: 'ValidationError', status: 400, message: `${notAnArn} is invalid` });
    const missingRole = `arn:aws:iam::${server.accountId}:role/no-such-role`;
    expect(await failure(asUser.send(new AssumeRoleCommand({ RoleArn: missingRole, RoleSessionName: 's1' })))).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it('GetUser without UserName from a role session: ValidationError "Must specify userName when calling with non-User credentials"', async () => {
    const user = await server.fixtures.user(server.accountId, 'texts-role-user', [ADMIN]);
    const roleArn = await server.fixtures.role(server.accountId, 'texts-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }] }, [ADMIN]);
    const { Credentials } = await server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'texts' }));
    const asRole = server.iam({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    expect(await failure(asRole.send(new GetUserCommand({})))).toEqual({ code: 'ValidationError', status: 400, message: 'Must specify userName when calling with non-User credentials' });
    // Naming the user still works from the role session; the root user and IAM users describe themselves.
    await expect(asRole.send(new GetUserCommand({ UserName: 'texts-user' }))).resolves.toMatchObject({ User: { UserName: 'texts-user' } });
    await expect(iam.send(new GetUserCommand({}))).resolves.toMatchObject({ User: { Arn: `arn:aws:iam::${server.accountId}:root` } });
    await expect(server.iam(user).send(new GetUserCommand({}))).resolves.toMatchObject({ User: { UserName: 'texts-role-user' } });
  });

  it('service-specific credentials: NoSuchEntity for an unknown service and for an unknown credential ID', async () => {
    expect(await failure(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'texts-user', ServiceName: 'ec2.amazonaws.com' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'No such service ec2.amazonaws.com is supported for Service Specific Credentials',
    });
    const id = 'ACCAEXAMPLE0000000000';
    const noCredential = { code: 'NoSuchEntity', status: 404, message: `No such credential ${id} exists` };
    expect(await failure(iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'texts-user', ServiceSpecificCredentialId: id })))).toEqual(noCredential);
    expect(await failure(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'texts-user', ServiceSpecificCredentialId: id })))).toEqual(noCredential);
  });

  it('an invalid Path: ValidationError "The specified value for path is invalid. …"', async () => {
    const expected = {
      code: 'ValidationError',
      status: 400,
      message: 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    };
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'texts-path-1', Path: 'test/' })))).toEqual(expected);
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'texts-path-2', Path: '/no-trailing' })))).toEqual(expected);
    expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'texts-path-3', Path: '/a//b/', AssumeRolePolicyDocument: JSON.stringify(ADMIN) })))).toEqual(expected);
  });

  it('duplicate tag keys differing only in case: IAM InvalidInput, STS InvalidParameterValue, one text', async () => {
    const text = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';
    const tags = [
      { Key: 'team', Value: 'a' },
      { Key: 'TEAM', Value: 'b' },
    ];
    expect(await failure(iam.send(new TagUserCommand({ UserName: 'texts-user', Tags: tags })))).toEqual({ code: 'InvalidInput', status: 400, message: text });
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'texts-tagged', Tags: tags })))).toEqual({ code: 'InvalidInput', status: 400, message: text });
    const user = await server.fixtures.user(server.accountId, 'texts-tagger', [ADMIN]);
    const roleArn = await server.fixtures.role(server.accountId, 'texts-tag-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
    expect(await failure(server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tags', Tags: tags })))).toEqual({ code: 'InvalidParameterValue', status: 400, message: text });
  });

  it("a tag key beginning with AWS's reserved prefix aws: (any case): IAM InvalidInput, STS InvalidParameterValue, nothing stored", async () => {
    const text = (key: string) => `Tag keys may not begin with 'aws:', which is reserved for AWS use: '${key}'.`;
    expect(await failure(iam.send(new TagUserCommand({ UserName: 'texts-user', Tags: [{ Key: 'team', Value: 'a' }, { Key: 'AWS:team', Value: 'b' }] })))).toEqual({ code: 'InvalidInput', status: 400, message: text('AWS:team') });
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'texts-user' }))).Tags).toEqual([]);
    expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'texts-reserved', AssumeRolePolicyDocument: JSON.stringify(ADMIN), Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }] })))).toEqual({
      code: 'InvalidInput',
      status: 400,
      message: text('aws:cloudformation:stack-name'),
    });
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'texts-reserved' })))).toMatchObject({ code: 'NoSuchEntity' });
    // A key that merely contains the prefix later on is an ordinary key.
    await iam.send(new TagUserCommand({ UserName: 'texts-user', Tags: [{ Key: 'team:aws:x', Value: 'c' }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'texts-user' }))).Tags).toEqual([{ Key: 'team:aws:x', Value: 'c' }]);
    await iam.send(new UntagUserCommand({ UserName: 'texts-user', TagKeys: ['team:aws:x'] }));
    const user = await server.fixtures.user(server.accountId, 'texts-reserved-tagger', [ADMIN]);
    const roleArn = await server.fixtures.role(server.accountId, 'texts-reserved-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
    expect(await failure(server.sts(user).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tags', Tags: [{ Key: 'aws:PrincipalTag', Value: 'x' }] })))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: text('aws:PrincipalTag'),
    });
  });

  it('DeleteUser names the first thing left, each with its own text; the inline-policy quota has no final period', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'texts-leaving' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'texts-leaving', Password: 'Texts-Passw0rd!long' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'texts-leaving' }));
    const conflict = (message: string) => ({ code: 'DeleteConflict', status: 409, message });
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'texts-leaving' })))).toEqual(conflict('Cannot delete entity, must delete login profile first.'));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'texts-leaving' }));
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'texts-leaving' })))).toEqual(conflict('Cannot delete entity, must delete access keys first.'));
    // 2,048 characters for all of a user's inline policies together (whitespace not counted).
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2000)}/*` }] });
    expect(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'texts-leaving', PolicyName: 'big', PolicyDocument: big })))).toEqual({
      code: 'LimitExceeded',
      status: 409,
      message: 'Maximum policy size of 2048 bytes exceeded for user texts-leaving',
    });
  });
});
