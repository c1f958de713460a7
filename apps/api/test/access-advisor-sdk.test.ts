/**
 * Access Advisor through the real AWS SDK over the Query protocol: a user calls IAM, then the
 * account's root asks for the user's last accessed report and reads it back as the SDK parses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetUserCommand,
  ListPoliciesGrantingServiceAccessCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';

let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer();
}, 60_000);
afterAll(async () => server?.close());

describe('Access Advisor through @aws-sdk/client-iam', () => {
  it('reports the user\'s last access to IAM, none to EC2, per action and per entity, and the granting policy', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'ec2:DescribeImages'], Resource: '*' }] };
    const user = await server.fixtures.user(server.accountId, 'sdk-dev', [policy]);
    await server.iam(user).send(new GetUserCommand({}));
    const iam = server.iam(server.root);

    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: user.arn, Granularity: 'ACTION_LEVEL' }));
    expect(JobId).toHaveLength(36);
    const report = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(report).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', IsTruncated: false });
    expect(report.JobCreationDate).toBeInstanceOf(Date);
    const byNs = Object.fromEntries((report.ServicesLastAccessed ?? []).map((s) => [s.ServiceNamespace, s]));
    expect(Object.keys(byNs).sort()).toEqual(['ec2', 'iam']);
    expect(byNs.iam).toMatchObject({ LastAuthenticatedEntity: user.arn, LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: 1 });
    expect(byNs.iam!.LastAuthenticated).toBeInstanceOf(Date);
    expect(byNs.iam!.TrackedActionsLastAccessed).toEqual([{ ActionName: 'GetUser', LastAccessedEntity: user.arn, LastAccessedRegion: 'us-east-1', LastAccessedTime: expect.any(Date) }]);
    expect(byNs.ec2!.LastAuthenticated).toBeUndefined();
    expect(byNs.ec2!.TrackedActionsLastAccessed).toEqual([{ ActionName: 'DescribeImages' }]);

    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam' }));
    expect(entities.EntityDetailsList).toEqual([{ EntityInfo: { Arn: user.arn, Name: 'sdk-dev', Type: 'USER', Id: expect.stringMatching(/^AIDA/), Path: '/' }, LastAuthenticated: expect.any(Date) }]);

    const granting = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: user.arn, ServiceNamespaces: ['iam', 's3'] }));
    expect(granting.PoliciesGrantingServiceAccess).toEqual([
      { ServiceNamespace: 'iam', Policies: [{ PolicyName: 'p0', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'sdk-dev' }] },
      { ServiceNamespace: 's3', Policies: [] },
    ]);

    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
