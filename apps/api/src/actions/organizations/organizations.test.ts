/** Organizations through the real AWS SDK client (JSON protocol): member accounts and access to them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccountCommand, DescribeAccountCommand, DescribeCreateAccountStatusCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const MANAGEMENT = '100000000001';
let server: SdkServer;
const orgs = (credentials: Credentials) => new OrganizationsClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  server = await startSdkServer(MANAGEMENT);
});
afterAll(async () => server?.close());

describe('Organizations', () => {
  let memberId = '';

  it('creates member accounts from the management account and lists them', async () => {
    const created = await orgs(server.root).send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'Development' }));
    expect(created.CreateAccountStatus).toMatchObject({ State: 'SUCCEEDED', AccountName: 'Development' });
    expect(created.CreateAccountStatus?.RequestedTimestamp).toBeInstanceOf(Date);
    memberId = created.CreateAccountStatus!.AccountId!;
    expect(memberId).toMatch(/^\d{12}$/);
    const status = await orgs(server.root).send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }));
    expect(status.CreateAccountStatus?.AccountId).toBe(memberId);
    await orgs(server.root).send(new CreateAccountCommand({ Email: 'prod@example.com', AccountName: 'Production' }));
    const { Accounts } = await orgs(server.root).send(new ListAccountsCommand({}));
    // The management account first, then its members in creation order.
    expect(Accounts?.map((a) => a.Id)[0]).toBe(MANAGEMENT);
    expect(Accounts?.slice(1).map((a) => a.Name)).toEqual(['Development', 'Production']);
    const described = await orgs(server.root).send(new DescribeAccountCommand({ AccountId: memberId }));
    expect(described.Account).toMatchObject({ Id: memberId, Email: 'dev@example.com', Status: 'ACTIVE', JoinedMethod: 'CREATED' });
  });

  it('reports a duplicate email as a failed request', async () => {
    const dup = await orgs(server.root).send(new CreateAccountCommand({ Email: 'DEV@example.com', AccountName: 'Again' }));
    expect(dup.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
  });

  it('lets an IAM principal allowed organizations:CreateAccount create accounts, and refuses others', async () => {
    const allowed = await server.fixtures.user(MANAGEMENT, 'org-admin', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'organizations:*', Resource: '*' }] }]);
    const denied = await server.fixtures.user(MANAGEMENT, 'org-nobody');
    await expect(orgs(allowed).send(new CreateAccountCommand({ Email: 'sandbox@example.com', AccountName: 'Sandbox' }))).resolves.toBeDefined();
    await expect(orgs(denied).send(new CreateAccountCommand({ Email: 'nope@example.com', AccountName: 'Nope' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(orgs(allowed).send(new CreateAccountCommand({ Email: 'bad', AccountName: 'Bad' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('reaches a member account through OrganizationAccountAccessRole, whose sessions cannot create accounts', async () => {
    const operator = await server.fixtures.user(MANAGEMENT, 'operator', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }]);
    const sts = server.sts(operator);
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' }));
    const member = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    // AdministratorAccess in the member account: it can create users there.
    await server.iam(member).send(new CreateUserCommand({ UserName: 'member-user' }));
    expect((await server.iam(member).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual(['member-user']);
    // …and the management account's own users are not visible from there.
    await expect(orgs(member).send(new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'X' }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
