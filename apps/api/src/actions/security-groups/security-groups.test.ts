/**
 * Security groups through the real AWS SDK (EC2 Query API) against a real server: create,
 * describe, delete, authorize/revoke ingress and egress with EC2's errors, and the custom
 * ec2:CheckReachability action (signed Query requests, as the SDK has no command for it).
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RegisterImageCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { startSdkServer, type Credentials, type SdkServer } from '../../../test/sdk-server';

const A = '111122223333';
const B = '444455556666';
let server: SdkServer;
let rootA: EC2Client;
let devB: EC2Client;
let imageA: string;

const allow = (action: string | string[], resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const ec2 = (credentials: Credentials) => new EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const createGroup = async (client: EC2Client, name: string, description = 'a group') => (await client.send(new CreateSecurityGroupCommand({ GroupName: name, Description: description }))).GroupId!;
const describeGroup = async (client: EC2Client, id: string) => (await client.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups![0]!;
const tcp = (port: number, cidr: string, extra: Partial<IpPermission> = {}): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }], ...extra });

/** A signed EC2 Query call (the SDK has no command for Portcullis's own actions). */
async function query(credentials: Credentials, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2016-11-15', ...params }).toString();
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service: 'ec2', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const headers = { ...signed.headers } as Record<string, string>;
  delete headers.host;
  const res = await fetch(server.endpoint, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}
const element = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

async function reach(instanceId: string, sourceIp: string, protocol: string, port?: number, credentials: Credentials = server.root) {
  const res = await query(credentials, { Action: 'CheckReachability', InstanceId: instanceId, SourceIp: sourceIp, Protocol: protocol, ...(port !== undefined ? { Port: String(port) } : {}) });
  return { ...res, reachable: element(res.text, 'reachable'), groupId: element(res.text, 'groupId'), code: element(res.text, 'Code') };
}

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
  rootA = ec2(server.root);
  devB = ec2(await server.fixtures.user(B, 'dev-b', [allow('ec2:*')]));
  const snap = (await rootA.send(new CreateSnapshotCommand({ VolumeId: 'vol-0123456789abcdef0' }))).SnapshotId!;
  imageA = (await rootA.send(new RegisterImageCommand({ Name: 'base', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snap } }] }))).ImageId!;
});
afterAll(async () => server?.close());

describe('CreateSecurityGroup / DescribeSecurityGroups', () => {
  it('creates a group with the default allow-all egress rule', async () => {
    const out = await rootA.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'Web servers (public)' }));
    expect(out.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(out.SecurityGroupArn).toBe(`arn:aws:ec2:us-east-1:${A}:security-group/${out.GroupId}`);
    expect(await describeGroup(rootA, out.GroupId!)).toMatchObject({
      GroupId: out.GroupId,
      GroupName: 'web',
      Description: 'Web servers (public)',
      OwnerId: A,
      VpcId: 'vpc-default',
      IpPermissions: [],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] }],
    });
    // The default VPC's `default` group exists alongside.
    const names = (await rootA.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!.map((g) => g.GroupName);
    expect(names).toEqual(expect.arrayContaining(['default', 'web']));
  });

  it.each([
    [{ GroupName: 'sg-nope', Description: 'x' }, 'InvalidParameterValue'],
    [{ GroupName: 'x'.repeat(256), Description: 'x' }, 'InvalidParameterValue'],
    [{ GroupName: 'bad\u00e9name', Description: 'x' }, 'InvalidParameterValue'],
    [{ GroupName: 'ok', Description: 'd'.repeat(256) }, 'InvalidParameterValue'],
    [{ GroupName: 'ok', Description: '' }, 'InvalidParameterValue'],
    [{ GroupName: 'ok', Description: undefined }, 'MissingParameter'],
    [{ GroupName: undefined, Description: 'x' }, 'MissingParameter'],
    [{ GroupName: 'default', Description: 'x' }, 'InvalidGroup.Reserved'],
    [{ GroupName: 'ok', Description: 'x', VpcId: 'not-a-vpc' }, 'InvalidVpcID.NotFound'],
  ] as [object, string][])('refuses %j with %s and creates nothing', async (input, code) => {
    const before = await server.database.db.securityGroup.count({ where: { accountId: A } });
    await expect(rootA.send(new CreateSecurityGroupCommand(input as never))).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect(await server.database.db.securityGroup.count({ where: { accountId: A } })).toBe(before);
  });

  it('refuses a duplicate name in the same VPC with InvalidGroup.Duplicate, allows it in another VPC or account', async () => {
    await createGroup(rootA, 'dup');
    await expect(createGroup(rootA, 'dup')).rejects.toMatchObject({ name: 'InvalidGroup.Duplicate' });
    await rootA.send(new CreateSecurityGroupCommand({ GroupName: 'dup', Description: 'x', VpcId: 'vpc-0abc' }));
    await createGroup(devB, 'dup');
  });

  it('tags the group from TagSpecification', async () => {
    const out = await rootA.send(new CreateSecurityGroupCommand({ GroupName: 'tagged', Description: 'x', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'tier', Value: 'db' }] }] }));
    expect(out.Tags).toEqual([{ Key: 'tier', Value: 'db' }]);
    expect((await describeGroup(rootA, out.GroupId!)).Tags).toEqual([{ Key: 'tier', Value: 'db' }]);
    await expect(rootA.send(new CreateSecurityGroupCommand({ GroupName: 'tagged-2', Description: 'x', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('lets exactly one of several racing creations of a name through', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => createGroup(rootA, 'raced')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'InvalidGroup.Duplicate' });
  });

  it('describes by ID, name and filters; other accounts’ groups are not found', async () => {
    const id = await createGroup(rootA, 'described', 'find me');
    expect((await rootA.send(new DescribeSecurityGroupsCommand({ GroupNames: ['described'] }))).SecurityGroups!.map((g) => g.GroupId)).toEqual([id]);
    expect((await rootA.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'description', Values: ['find *'] }] }))).SecurityGroups!.map((g) => g.GroupId)).toEqual([id]);
    await expect(devB.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(rootA.send(new DescribeSecurityGroupsCommand({ GroupNames: ['nothing'] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(rootA.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-x'] }))).rejects.toMatchObject({ name: 'InvalidGroupId.Malformed' });
    await expect(rootA.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'color', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('Authorize / Revoke', () => {
  it('adds ingress rules (IPv4, IPv6, group pairs), groups them by protocol and ports, and returns the rules', async () => {
    const id = await createGroup(rootA, 'rules-1');
    const peer = await createGroup(rootA, 'peer-1');
    const out = await rootA.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], UserIdGroupPairs: [{ GroupId: peer }] },
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '192.168.0.0/16' }] },
        ],
      }),
    );
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toHaveLength(5);
    expect(out.SecurityGroupRules![0]).toMatchObject({ GroupId: id, GroupOwnerId: A, IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0', Description: 'HTTPS' });
    expect(out.SecurityGroupRules![0]!.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    const group = await describeGroup(rootA, id);
    expect(group.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], UserIdGroupPairs: [{ GroupId: peer, UserId: A }], PrefixListIds: [] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [], PrefixListIds: [] },
      { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '192.168.0.0/16' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] },
    ]);
  });

  it('refuses a duplicate rule (in the group or the request) with InvalidPermission.Duplicate, adding nothing', async () => {
    const id = await createGroup(rootA, 'dups');
    await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(22, '10.0.0.0/8')] }));
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(22, '10.0.0.0/8', { IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'other text' }] })] }))).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(80, '0.0.0.0/0')] }))).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
    expect((await describeGroup(rootA, id)).IpPermissions).toHaveLength(1);
    // The default egress rule is a rule too.
    await expect(rootA.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }))).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
  });

  it.each([
    [[{ IpProtocol: 'gre-ish', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 90, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'udp', FromPort: 0, ToPort: 70000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'icmp', FromPort: 300, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/33' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0/8' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '10.0.0.0/8' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ünïcode' }] }], 'InvalidParameterValue'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }], 'MissingParameter'],
    [[{ FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 'MissingParameter'],
    [[{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] }], 'InvalidGroup.NotFound'],
  ] as [IpPermission[], string][])('refuses %j with %s and adds nothing', async (permissions, code) => {
    const id = await createGroup(rootA, `bad-${Math.random().toString(36).slice(2, 10)}`);
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(8080, '0.0.0.0/0'), ...permissions] }))).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    expect((await describeGroup(rootA, id)).IpPermissions).toEqual([]);
  });

  it('accepts the flat form and names by GroupName; refuses unknown or foreign groups', async () => {
    const id = await createGroup(rootA, 'flat');
    await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'flat', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }));
    expect((await describeGroup(rootA, id)).IpPermissions).toMatchObject([{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-0123456789abcdef0', IpPermissions: [tcp(80, '0.0.0.0/0')] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(devB.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(81, '0.0.0.0/0')] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'flat', IpPermissions: [tcp(81, '0.0.0.0/0')], CidrIp: '0.0.0.0/0' }))).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id }))).rejects.toMatchObject({ name: 'MissingParameter' });
  });

  it('caps rules per direction at 60 (RulesPerSecurityGroupLimitExceeded)', async () => {
    const id = await createGroup(rootA, 'many-rules');
    await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: Array.from({ length: 60 }, (_, i) => tcp(1000 + i, '0.0.0.0/0')) }));
    await expect(rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(2000, '0.0.0.0/0')] }))).rejects.toMatchObject({ name: 'RulesPerSecurityGroupLimitExceeded' });
  });

  it('revokes exactly the rules named (all or nothing); unknown rules → InvalidPermission.NotFound', async () => {
    const id = await createGroup(rootA, 'revoke');
    const added = await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(22, '10.0.0.0/8'), tcp(80, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')] }));
    await expect(rootA.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(22, '10.0.0.0/8'), tcp(25, '0.0.0.0/0')] }))).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    expect((await describeGroup(rootA, id)).IpPermissions).toHaveLength(3);
    expect((await rootA.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [tcp(22, '10.0.0.0/8')] }))).Return).toBe(true);
    await rootA.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, SecurityGroupRuleIds: [added.SecurityGroupRules![1]!.SecurityGroupRuleId!] }));
    expect((await describeGroup(rootA, id)).IpPermissions!.map((p) => p.FromPort)).toEqual([443]);
    expect(added.SecurityGroupRules!.map((r) => r.FromPort)).toEqual([22, 80, 443]);
    await expect(rootA.send(new RevokeSecurityGroupIngressCommand({ GroupId: id, SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidSecurityGroupRuleId.NotFound' });
    // Egress: the default rule can be revoked and added back.
    const all = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    await rootA.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: all }));
    expect((await describeGroup(rootA, id)).IpPermissionsEgress).toEqual([]);
    await expect(rootA.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: all }))).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    await rootA.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: all }));
    expect((await describeGroup(rootA, id)).IpPermissionsEgress).toHaveLength(1);
  });
});

describe('DeleteSecurityGroup', () => {
  it('deletes a group; refuses the default group, one in use by an instance or referenced by another group', async () => {
    const id = await createGroup(rootA, 'deletable');
    expect((await rootA.send(new DeleteSecurityGroupCommand({ GroupId: id }))).Return).toBe(true);
    await expect(rootA.send(new DeleteSecurityGroupCommand({ GroupId: id }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    await expect(rootA.send(new DeleteSecurityGroupCommand({ GroupName: 'default' }))).rejects.toMatchObject({ name: 'CannotDelete' });
    await expect(rootA.send(new DeleteSecurityGroupCommand({}))).rejects.toMatchObject({ name: 'MissingParameter' });

    const used = await createGroup(rootA, 'in-use');
    const [instance] = (await rootA.send(new RunInstancesCommand({ ImageId: imageA, MinCount: 1, MaxCount: 1, SecurityGroupIds: [used] }))).Instances!;
    await expect(rootA.send(new DeleteSecurityGroupCommand({ GroupId: used }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await rootA.send(new TerminateInstancesCommand({ InstanceIds: [instance!.InstanceId!] }));
    await rootA.send(new DeleteSecurityGroupCommand({ GroupName: 'in-use' }));

    const referenced = await createGroup(rootA, 'referenced');
    const referrer = await createGroup(rootA, 'referrer');
    await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: referrer, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: referenced }] }] }));
    await expect(rootA.send(new DeleteSecurityGroupCommand({ GroupId: referenced }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(devB.send(new DeleteSecurityGroupCommand({ GroupId: referrer }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });
});

describe('CheckReachability', () => {
  let web: string;
  let app: string;
  let webInstance: string;
  let appInstance: string;
  let appIp: string;

  beforeAll(async () => {
    web = await createGroup(rootA, 'reach-web');
    app = await createGroup(rootA, 'reach-app');
    await rootA.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'office' }] },
          { IpProtocol: 'udp', FromPort: 1000, ToPort: 2000, IpRanges: [{ CidrIp: '203.0.113.0/24' }] },
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '198.51.100.7/32' }] },
        ],
      }),
    );
    const launch = async (group: string) => (await rootA.send(new RunInstancesCommand({ ImageId: imageA, MinCount: 1, MaxCount: 1, SecurityGroupIds: [group] }))).Instances![0]!;
    webInstance = (await launch(web)).InstanceId!;
    const appI = await launch(app);
    appInstance = appI.InstanceId!;
    appIp = appI.PrivateIpAddress!;
    // The database tier admits the app tier's group on 5432.
    await rootA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: app }] }] }));
  });

  it.each([
    ['203.0.113.9', 'tcp', 443, 'true'],
    ['10.1.2.3', 'tcp', 22, 'true'],
    ['10.2.2.3', 'tcp', 22, 'false'],
    ['10.1.2.3', 'tcp', 23, 'false'],
    ['2001:db8::1', 'tcp', 443, 'true'],
    ['2001:db9::1', 'tcp', 443, 'false'],
    ['2001:db8::1', 'tcp', 22, 'false'],
    ['203.0.113.200', 'udp', 1500, 'true'],
    ['203.0.113.200', 'udp', 2001, 'false'],
    ['203.0.113.200', 'tcp', 1500, 'false'],
    ['198.51.100.7', 'icmp', 8, 'true'],
    ['198.51.100.8', 'icmp', 8, 'false'],
    ['203.0.113.9', '-1', undefined, 'false'],
  ] as [string, string, number | undefined, string][])('from %s over %s port %s → reachable %s', async (ip, protocol, port, expected) => {
    const res = await reach(webInstance, ip, protocol, port);
    expect(res.status, res.text).toBe(200);
    expect(res.reachable).toBe(expected);
    if (expected === 'true') expect(res.groupId).toBe(web);
  });

  it('names the matched rule', async () => {
    const res = await reach(webInstance, '10.1.200.1', 'tcp', 22);
    expect(res.text).toContain('<matchedRule>');
    expect(element(res.text, 'cidrIpv4')).toBe('10.1.0.0/16');
    expect(element(res.text, 'description')).toBe('office');
    expect(element(res.text, 'securityGroupRuleId')).toMatch(/^sgr-/);
  });

  it('matches group-referencing rules by the source instance’s private address', async () => {
    expect((await reach(webInstance, appIp, 'tcp', 5432)).reachable).toBe('true');
    expect((await reach(webInstance, '172.31.255.255', 'tcp', 5432)).reachable).toBe(appIp === '172.31.255.255' ? 'true' : 'false');
    // The app tier's default egress does not open its own ingress.
    expect((await reach(appInstance, '203.0.113.9', 'tcp', 443)).reachable).toBe('false');
  });

  it('reports stopped instances unreachable, and refuses bad input with EC2 codes', async () => {
    await rootA.send(new StopInstancesCommand({ InstanceIds: [appInstance] }));
    expect((await reach(appInstance, '10.1.2.3', 'tcp', 22)).reachable).toBe('false');
    expect((await reach(webInstance, 'not-an-ip', 'tcp', 22)).code).toBe('InvalidParameterValue');
    expect((await reach(webInstance, '10.1.2.3', 'sctp', 22)).code).toBe('InvalidParameterValue');
    expect((await reach(webInstance, '10.1.2.3', 'tcp')).code).toBe('MissingParameter');
    expect((await reach('i-0123456789abcdef0', '10.1.2.3', 'tcp', 22)).code).toBe('InvalidInstanceID.NotFound');
    expect((await reach('i-bad', '10.1.2.3', 'tcp', 22)).code).toBe('InvalidInstanceID.Malformed');
  });

  it('is an IAM action on the instance ARN (ec2:CheckReachability), and other accounts’ instances are not found', async () => {
    const nobody = await server.fixtures.user(A, 'no-reach');
    expect((await reach(webInstance, '10.1.2.3', 'tcp', 22, nobody)).status).toBe(403);
    const scoped = await server.fixtures.user(A, 'reach-web-only', [allow('ec2:CheckReachability', `arn:aws:ec2:us-east-1:${A}:instance/${webInstance}`)]);
    expect((await reach(webInstance, '10.1.2.3', 'tcp', 22, scoped)).reachable).toBe('true');
    expect((await reach(appInstance, '10.1.2.3', 'tcp', 22, scoped)).status).toBe(403);
    const b = await server.fixtures.user(B, 'reach-b', [allow('ec2:CheckReachability')]);
    expect((await reach(webInstance, '10.1.2.3', 'tcp', 22, b)).code).toBe('InvalidInstanceID.NotFound');
  });
});
