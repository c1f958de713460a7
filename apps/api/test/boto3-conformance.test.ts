/**
 * boto3 (botocore's own Query parser, driven by the same service models) against a real server:
 * a script written for AWS (fixtures/boto3_calls.py) runs IAM and STS calls unchanged; each call
 * must succeed and return exactly the top-level keys AWS returns — `update_role()` included,
 * which raises KeyError: 'UpdateRoleResult' if the empty result wrapper is missing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSdkServer, type SdkServer } from './sdk-server';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, 'fixtures/boto3_calls.py');

interface Call {
  call: string;
  ok: boolean;
  response?: Record<string, unknown>;
  error?: string;
}

/** The top-level keys AWS's reply gives boto3 for each call, besides ResponseMetadata. */
const EXPECTED_KEYS: Record<string, string[]> = {
  'sts.get_caller_identity(root)': ['Account', 'Arn', 'UserId'],
  create_user: ['User'],
  get_user: ['User'],
  update_user: [],
  list_users: ['IsTruncated', 'Users'],
  tag_user: [],
  list_user_tags: ['IsTruncated', 'Tags'],
  untag_user: [],
  create_group: ['Group'],
  add_user_to_group: [],
  get_group: ['Group', 'IsTruncated', 'Users'],
  list_groups_for_user: ['Groups', 'IsTruncated'],
  update_group: [],
  list_groups: ['Groups', 'IsTruncated'],
  create_role: ['Role'],
  get_role: ['Role'],
  update_role: [],
  update_role_description: ['Role'],
  'get_role(updated)': ['Role'],
  update_assume_role_policy: [],
  list_roles: ['IsTruncated', 'Roles'],
  tag_role: [],
  list_role_tags: ['IsTruncated', 'Tags'],
  untag_role: [],
  create_policy: ['Policy'],
  get_policy: ['Policy'],
  create_policy_version: ['PolicyVersion'],
  list_policy_versions: ['IsTruncated', 'Versions'],
  get_policy_version: ['PolicyVersion'],
  set_default_policy_version: [],
  delete_policy_version: [],
  tag_policy: [],
  list_policy_tags: ['IsTruncated', 'Tags'],
  untag_policy: [],
  list_policies: ['IsTruncated', 'Policies'],
  attach_user_policy: [],
  attach_group_policy: [],
  attach_role_policy: [],
  list_attached_user_policies: ['AttachedPolicies', 'IsTruncated'],
  list_attached_group_policies: ['AttachedPolicies', 'IsTruncated'],
  list_attached_role_policies: ['AttachedPolicies', 'IsTruncated'],
  list_entities_for_policy: ['IsTruncated', 'PolicyGroups', 'PolicyRoles', 'PolicyUsers'],
  detach_group_policy: [],
  detach_role_policy: [],
  put_user_policy: [],
  get_user_policy: ['PolicyDocument', 'PolicyName', 'UserName'],
  list_user_policies: ['IsTruncated', 'PolicyNames'],
  put_group_policy: [],
  get_group_policy: ['GroupName', 'PolicyDocument', 'PolicyName'],
  list_group_policies: ['IsTruncated', 'PolicyNames'],
  delete_group_policy: [],
  put_role_policy: [],
  get_role_policy: ['PolicyDocument', 'PolicyName', 'RoleName'],
  list_role_policies: ['IsTruncated', 'PolicyNames'],
  delete_role_policy: [],
  create_access_key: ['AccessKey'],
  list_access_keys: ['AccessKeyMetadata', 'IsTruncated'],
  update_access_key: [],
  get_access_key_last_used: ['AccessKeyLastUsed', 'UserName'],
  create_login_profile: ['LoginProfile'],
  get_login_profile: ['LoginProfile'],
  update_login_profile: [],
  delete_login_profile: [],
  create_instance_profile: ['InstanceProfile'],
  add_role_to_instance_profile: [],
  get_instance_profile: ['InstanceProfile'],
  list_instance_profiles_for_role: ['InstanceProfiles', 'IsTruncated'],
  remove_role_from_instance_profile: [],
  delete_instance_profile: [],
  create_account_alias: [],
  list_account_aliases: ['AccountAliases', 'IsTruncated'],
  delete_account_alias: [],
  update_account_password_policy: [],
  get_account_password_policy: ['PasswordPolicy'],
  delete_account_password_policy: [],
  get_account_summary: ['SummaryMap'],
  'sts.get_caller_identity(user)': ['Account', 'Arn', 'UserId'],
  // No PackedPolicySize: AWS sends it only when the call passes session policies or tags.
  'sts.assume_role': ['AssumedRoleUser', 'Credentials'],
  'sts.get_session_token': ['Credentials'],
  'sts.get_caller_identity(role)': ['Account', 'Arn', 'UserId'],
  delete_access_key: [],
  delete_user_policy: [],
  detach_user_policy: [],
  remove_user_from_group: [],
  delete_policy: [],
  delete_role: [],
  delete_group: [],
  delete_user: [],
};

let server: SdkServer;
let calls: Call[];

beforeAll(async () => {
  server = await startSdkServer('135792468013');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORTCULLIS_ENDPOINT: server.endpoint,
    AWS_ACCESS_KEY_ID: server.root.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.root.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const { stdout } = await run('python3', [SCRIPT], { env, maxBuffer: 16 * 1024 * 1024 }).catch((error: { code?: string; stderr?: string }) => {
    if (error.code === 'ENOENT') throw new Error('python3 is missing: install python3 and boto3 (pip install boto3) to run this test');
    if (error.stderr?.includes("No module named 'boto3'")) throw new Error('boto3 is missing: pip install boto3 to run this test');
    throw error;
  });
  calls = (JSON.parse(stdout) as { calls: Call[] }).calls;
}, 120_000);
afterAll(async () => server?.close());

const response = (name: string) => calls.find((c) => c.call === name)?.response ?? {};
const topKeys = (c: Call) => Object.keys(c.response ?? {}).filter((k) => k !== 'ResponseMetadata').sort();

describe('boto3 against Portcullis', () => {
  it('runs every call of the script without an error', () => {
    expect(calls.map((c) => c.call)).toEqual(Object.keys(EXPECTED_KEYS));
    expect(calls.filter((c) => !c.ok).map((c) => `${c.call}: ${c.error}`)).toEqual([]);
  });

  it("returns exactly AWS's top-level keys, and ResponseMetadata with the request ID", () => {
    const actual = Object.fromEntries(calls.map((c) => [c.call, topKeys(c)]));
    expect(actual).toEqual(EXPECTED_KEYS);
    for (const c of calls) expect((c.response?.ResponseMetadata as { RequestId?: string } | undefined)?.RequestId, c.call).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('parses members by their model types: timestamps, booleans, integers, maps, decoded policy documents', () => {
    const user = response('create_user').User as Record<string, unknown>;
    expect(user.CreateDate).toEqual({ $datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/), tz: true });
    expect(user.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    // The update took effect and the role reads back as updated.
    expect(response('get_role(updated)').Role).toMatchObject({ Description: 'third', MaxSessionDuration: 7200 });
    // botocore URL-decodes and parses policy documents.
    expect((response('get_role').Role as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument).toMatchObject({ Statement: [{ Action: 'sts:AssumeRole' }] });
    expect(response('get_policy_version').PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false, Document: { Statement: [{ Action: '*' }] } });
    expect(response('get_user_policy').PolicyDocument).toMatchObject({ Version: '2012-10-17' });
    expect(response('list_users')).toMatchObject({ IsTruncated: false, Users: [{ UserName: 'b3-user', Path: '/b3/moved/' }] });
    expect(response('get_account_password_policy').PasswordPolicy).toMatchObject({ MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: false });
    expect((response('get_account_summary').SummaryMap as Record<string, unknown>).UsersQuota).toBe(5000);
    expect(response('list_account_aliases').AccountAliases).toEqual(['b3-alias']);
    expect(response('list_user_tags').Tags).toHaveLength(2);
    expect(response('list_user_tags').Tags).toEqual(expect.arrayContaining([
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'blue' },
    ]));
    expect((response('sts.assume_role').Credentials as Record<string, unknown>).Expiration).toMatchObject({ tz: true });
    expect(response('sts.get_caller_identity(role)').Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/b3-role/b3-session`);
  });
});
