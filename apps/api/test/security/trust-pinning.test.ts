/**
 * Security #12, finding 14: a trust policy that names an IAM user or role by ARN trusts that
 * principal, pinned by its unique ID when the policy is saved — not whoever later holds the same
 * name. Once the principal is gone, GetRole/ListRoles show its unique ID instead of the ARN, as
 * AWS does (in every action that returns the role); saving the policy again pins the new
 * principal. Roles saved before pinning existed are pinned by a start-up backfill.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  GetAccountAuthorizationDetailsCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startSdkServer, type Credentials, type SdkServer } from '../sdk-server';
import { backfillTrustPins } from '../../src/iam/trust-principals-backfill';

const A = '111122223333';
let server: SdkServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startSdkServer(A);
  iam = server.iam(server.root);
});
afterAll(async () => server?.close());

const trusting = (arn: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }] });
/** The trust policy as GetRole returns it (the Query API URL-encodes it). */
const trustOf = async (RoleName: string) => JSON.parse(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName }))).Role!.AssumeRolePolicyDocument!));
const principalOf = (doc: { Statement: { Principal: { AWS: string } }[] }) => doc.Statement[0]!.Principal.AWS;

/** A user with an access key, created through the API; returns its key, ARN and unique ID. */
async function createUser(UserName: string) {
  const { User } = await iam.send(new CreateUserCommand({ UserName }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, arn: User!.Arn!, id: User!.UserId! };
}
async function deleteUser(UserName: string, key: Credentials) {
  await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.accessKeyId }));
  await iam.send(new DeleteUserCommand({ UserName }));
}
const assume = (who: Credentials, RoleArn: string) => server.sts(who).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'pinned' }));

describe('a trust policy naming a user', () => {
  it('does not trust a new user of the same name, and shows the old user’s unique ID', async () => {
    const bob = await createUser('bob');
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'TrustsBob', AssumeRolePolicyDocument: trusting(bob.arn) }));
    await expect(assume(bob, Role!.Arn!)).resolves.toBeDefined();
    expect(principalOf(await trustOf('TrustsBob'))).toBe(bob.arn);

    await deleteUser('bob', bob);
    const newBob = await createUser('bob');
    expect(newBob.arn).toBe(bob.arn);
    expect(newBob.id).not.toBe(bob.id);
    await expect(assume(newBob, Role!.Arn!)).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${newBob.arn} is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn}`,
    });
    expect(principalOf(await trustOf('TrustsBob'))).toBe(bob.id);
    const listed = (await iam.send(new ListRolesCommand({}))).Roles!.find((r) => r.RoleName === 'TrustsBob')!;
    expect(principalOf(JSON.parse(decodeURIComponent(listed.AssumeRolePolicyDocument!)))).toBe(bob.id);

    // Saving the policy again pins the new bob.
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'TrustsBob', PolicyDocument: trusting(newBob.arn) }));
    await expect(assume(newBob, Role!.Arn!)).resolves.toBeDefined();
    expect(principalOf(await trustOf('TrustsBob'))).toBe(newBob.arn);
  });

  it('follows the pinned user through a rename, and does not trust a newcomer taking the old name', async () => {
    const carol = await createUser('carol');
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'TrustsCarol', AssumeRolePolicyDocument: trusting(carol.arn) }));
    await iam.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'caroline' }));
    const impostor = await createUser('carol');
    await expect(assume(impostor, Role!.Arn!)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(carol, Role!.Arn!)).resolves.toBeDefined();
    expect(principalOf(await trustOf('TrustsCarol'))).toBe(`arn:aws:iam::${A}:user/caroline`);
  });

  it('pins an ARN written with JSON escapes just the same', async () => {
    const erin = await createUser('erin');
    const escaped = trusting(erin.arn).replace('user/erin', 'user\\/\\u0065rin');
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'TrustsErin', AssumeRolePolicyDocument: escaped }));
    await expect(assume(erin, Role!.Arn!)).resolves.toBeDefined();
    await deleteUser('erin', erin);
    await expect(assume(await createUser('erin'), Role!.Arn!)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(principalOf(await trustOf('TrustsErin'))).toBe(erin.id);
  });

  it('must name a user that exists', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'TrustsGhost', AssumeRolePolicyDocument: trusting(`arn:aws:iam::${A}:user/ghost`) }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: `Invalid principal in policy: "AWS":"arn:aws:iam::${A}:user/ghost"`,
    });
  });
});

describe('a trust policy naming a role', () => {
  it('does not trust the sessions of a new role of the same name, and shows the old role’s unique ID', async () => {
    const dave = await createUser('dave');
    const worker = (await iam.send(new CreateRoleCommand({ RoleName: 'Worker', AssumeRolePolicyDocument: trusting(dave.arn) }))).Role!;
    const { Role: target } = await iam.send(new CreateRoleCommand({ RoleName: 'TrustsWorker', AssumeRolePolicyDocument: trusting(worker.Arn!) }));
    const session = async () => {
      const { Credentials: c } = await assume(dave, worker.Arn!);
      return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    };
    await expect(assume(await session(), target!.Arn!)).resolves.toBeDefined();

    await iam.send(new DeleteRoleCommand({ RoleName: 'Worker' }));
    const newWorker = (await iam.send(new CreateRoleCommand({ RoleName: 'Worker', AssumeRolePolicyDocument: trusting(dave.arn) }))).Role!;
    expect(newWorker.RoleId).not.toBe(worker.RoleId);
    await expect(assume(await session(), target!.Arn!)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(principalOf(await trustOf('TrustsWorker'))).toBe(worker.RoleId);
  });
});

/** A trust policy as an action returned it (the Query API URL-encodes it). */
const decoded = (text: string | undefined) => principalOf(JSON.parse(decodeURIComponent(text!)));

describe('every action that returns the role', () => {
  it('shows a deleted trusted user as its unique ID: instance profiles and GetAccountAuthorizationDetails', async () => {
    const frank = await createUser('frank');
    await iam.send(new CreateRoleCommand({ RoleName: 'TrustsFrank', AssumeRolePolicyDocument: trusting(frank.arn) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'FrankProfile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'FrankProfile', RoleName: 'TrustsFrank' }));
    const shown = async () => {
      const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'FrankProfile' }))).InstanceProfile!;
      const listed = (await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles!.find((p) => p.InstanceProfileName === 'FrankProfile')!;
      const forRole = (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'TrustsFrank' }))).InstanceProfiles!;
      const details = (await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList!.find((r) => r.RoleName === 'TrustsFrank')!;
      return [
        decoded(got.Roles![0]!.AssumeRolePolicyDocument),
        decoded(listed.Roles![0]!.AssumeRolePolicyDocument),
        decoded(forRole[0]!.Roles![0]!.AssumeRolePolicyDocument),
        decoded(details.AssumeRolePolicyDocument),
        decoded(details.InstanceProfileList![0]!.Roles![0]!.AssumeRolePolicyDocument),
      ];
    };
    expect(await shown()).toEqual(Array(5).fill(frank.arn));

    await deleteUser('frank', frank);
    await createUser('frank');
    expect(await shown()).toEqual(Array(5).fill(frank.id));
  });
});

describe('backfillTrustPins', () => {
  const db = () => server.database.db;
  const pinsOf = async (name: string) => (await db().role.findFirstOrThrow({ where: { accountId: A, name }, select: { trustPrincipalIds: true } })).trustPrincipalIds;

  it('pins the principals that exist of roles saved before pinning, so a new user of the same name is not trusted', async () => {
    const grace = await createUser('grace');
    const heidi = (await iam.send(new CreateRoleCommand({ RoleName: 'Heidi', AssumeRolePolicyDocument: trusting(grace.arn) }))).Role!;
    const ghost = `arn:aws:iam::${A}:user/ghost-of-grace`;
    // Written straight to the database, as roles were before pinning: trustPrincipalIds = {}.
    const legacy = await server.fixtures.role(A, 'LegacyTrustsGrace', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: [grace.arn, ghost] }, Action: 'sts:AssumeRole' }],
    });
    await server.fixtures.role(A, 'LegacyGhost', JSON.parse(trusting(ghost)));
    await server.fixtures.role(A, 'LegacyService', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    // A role named with JSON escapes (`\/`) and in another case is found too.
    await db().role.create({
      data: { id: 'AROALEGACYESCAPED0001', accountId: A, name: 'LegacyTrustsHeidi', arn: `arn:aws:iam::${A}:role/LegacyTrustsHeidi`, assumeRolePolicyDocument: trusting(heidi.Arn!).replace('role/Heidi', 'role\\/heidi') },
    });
    expect(await pinsOf('LegacyTrustsGrace')).toEqual({});

    // Batches of one: every page of the keyset walk is visited.
    const first = await backfillTrustPins(db(), 1);
    expect(first).toEqual({ scanned: 3, pinned: 2 });
    expect(await pinsOf('LegacyTrustsGrace')).toEqual({ [grace.arn]: grace.id });
    expect(await pinsOf('LegacyTrustsHeidi')).toEqual({ [`arn:aws:iam::${A}:role/heidi`]: heidi.RoleId });
    expect(await pinsOf('LegacyGhost')).toEqual({});
    expect(await pinsOf('LegacyService')).toEqual({});
    await expect(assume(grace, legacy)).resolves.toBeDefined();

    await deleteUser('grace', grace);
    const newGrace = await createUser('grace');
    await expect(assume(newGrace, legacy)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await trustOf('LegacyTrustsGrace')).Statement[0].Principal.AWS).toEqual([grace.id, ghost]);

    // Idempotent: nothing left to pin, nothing rewritten.
    const before = await db().role.findMany({ where: { accountId: A }, select: { id: true, trustPrincipalIds: true }, orderBy: { id: 'asc' } });
    expect(await backfillTrustPins(db())).toEqual({ scanned: 1, pinned: 0 });
    expect(await db().role.findMany({ where: { accountId: A }, select: { id: true, trustPrincipalIds: true }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('does not overwrite a trust policy saved between its read and its write', async () => {
    const ivan = await createUser('ivan');
    const judy = await createUser('judy');
    await server.fixtures.role(A, 'LegacyTrustsIvan', JSON.parse(trusting(ivan.arn)));
    // Another replica saves a policy trusting judy (unpinned, as an older replica would) just
    // before the backfill writes the pins it computed for ivan.
    const real = db();
    const racing = new Proxy(real, {
      get(target, key) {
        if (key === '$executeRaw') {
          return async (...args: Parameters<typeof real.$executeRaw>) => {
            await target.role.updateMany({ where: { accountId: A, name: 'LegacyTrustsIvan' }, data: { assumeRolePolicyDocument: trusting(judy.arn) } });
            return target.$executeRaw(...args);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(await backfillTrustPins(racing)).toMatchObject({ pinned: 0 });
    expect(await pinsOf('LegacyTrustsIvan')).toEqual({});
    // The next start pins what the policy names now.
    expect(await backfillTrustPins(real)).toMatchObject({ pinned: 1 });
    expect(await pinsOf('LegacyTrustsIvan')).toEqual({ [judy.arn]: judy.id });
  });
});
