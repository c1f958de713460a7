/**
 * Service-linked roles through the real AWS SDK over the Query protocol: create, the protection
 * error as the SDK parses it, delete and the deletion status — the calls Terraform's
 * aws_iam_service_linked_role makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  InvalidInputException,
  ListAttachedRolePoliciesCommand,
  NoSuchEntityException,
  UnmodifiableEntityException,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';

let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer();
}, 60_000);
afterAll(async () => server?.close());

describe('service-linked roles through @aws-sdk/client-iam', () => {
  it('creates, protects, describes and deletes the ECS service-linked role', async () => {
    const iam = server.iam(server.root);
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role).toMatchObject({ RoleName: 'AWSServiceRoleForECS', Path: '/aws-service-role/ecs.amazonaws.com/', Arn: `arn:aws:iam::${server.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS` });
    expect(Role!.CreateDate).toBeInstanceOf(Date);
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'ecs.amazonaws.com' });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonECSServiceRolePolicy']);

    const taken = iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await expect(taken).rejects.toBeInstanceOf(InvalidInputException);
    await expect(taken).rejects.toThrow('Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.');

    const refused = iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    await expect(refused).rejects.toBeInstanceOf(UnmodifiableEntityException);
    await expect(refused).rejects.toThrow("Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS");

    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForECS', Description: 'ECS' }));
    const got = await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(got.Role?.Description).toBe('ECS');

    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(DeletionTaskId).toMatch(/^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f-]{36}$/);
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(status.Status).toBe('SUCCEEDED');
    await expect(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
