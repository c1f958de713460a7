/**
 * IAM accepts what IAM accepts, not what Access Analyzer flags: through the real AWS SDK, a
 * policy with a condition key IAM does not know is stored (as AWS stores it), while documents
 * IAM refuses come back as MalformedPolicyDocument with IAM's own texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyVersionCommand,
  MalformedPolicyDocumentException,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';

let server: SdkServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startSdkServer();
  iam = server.iam(server.root);
  await iam.send(new CreateUserCommand({ UserName: 'acceptance' }));
}, 60_000);
afterAll(async () => server?.close());

const V = '2012-10-17';
const doc = (d: object) => JSON.stringify(d);
const statement = (extra: object = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', ...extra });
const TRUST = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MalformedPolicyDocumentException);
  return (e as Error).message;
}

describe('IAM acceptance of policy documents through @aws-sdk/client-iam', () => {
  it('stores a policy with a condition key IAM does not know (aws:NoSuchKey), as AWS does', async () => {
    const text = doc({ Version: V, Statement: [statement({ Condition: { StringEquals: { 'aws:NoSuchKey': 'x' } } })] });
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'UnknownKey', PolicyDocument: text }));
    expect(Policy?.Arn).toBe(`arn:aws:iam::${server.accountId}:policy/UnknownKey`);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: 'v1' }));
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(text);
    // Unknown services and actions of a valid shape too.
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: doc({ Version: V, Statement: [{ Effect: 'Allow', Action: 'nosuchservice:DoIt', Resource: '*' }] }) }));
  });

  it('refuses CreatePolicy documents with IAM\'s texts', async () => {
    const create = (PolicyDocument: string) => iam.send(new CreatePolicyCommand({ PolicyName: 'Refused', PolicyDocument }));
    expect(await refusal(create(doc({ Statement: [statement()] })))).toBe('Policy document must be version 2012-10-17 or greater.');
    expect(await refusal(create('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}'))).toBe('Syntax errors in policy.');
    expect(await refusal(create(doc({ Version: V, Statement: [statement({ Action: [] })] })))).toBe('Policy statement must contain actions.');
    expect(await refusal(create(doc({ Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] })))).toBe('Policy statement must contain resources.');
    expect(await refusal(create(doc({ Version: V, Statement: [statement({ Principal: '*' })] })))).toBe('Policy document should not specify a principal.');
    expect(await refusal(create(doc({ Version: V, Statement: [statement({ Action: 'GetObject' })] })))).toBe('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  });

  it('accepts an inline policy without Version (2008-10-17 is assumed) and refuses a Principal', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'acceptance', PolicyName: 'legacy', PolicyDocument: doc({ Statement: [statement()] }) }));
    const put = iam.send(new PutUserPolicyCommand({ UserName: 'acceptance', PolicyName: 'p', PolicyDocument: doc({ Version: V, Statement: [statement({ Principal: { AWS: '111122223333' } })] }) }));
    expect(await refusal(put)).toBe('Policy document should not specify a principal.');
  });

  it('refuses trust policies with IAM\'s texts', async () => {
    const create = (AssumeRolePolicyDocument: string) => iam.send(new CreateRoleCommand({ RoleName: 'refused', AssumeRolePolicyDocument }));
    expect(await refusal(create('trust-policy.json'))).toBe('This policy contains invalid Json');
    expect(await refusal(create(doc({ Version: V, Statement: [{ ...TRUST, Resource: '*' }] })))).toBe('Has prohibited field Resource');
    expect(await refusal(create(doc({ Version: V, Statement: [{ ...TRUST, Action: 's3:GetObject' }] })))).toBe('AssumeRole policy may only specify STS AssumeRole actions.');
    await iam.send(new CreateRoleCommand({ RoleName: 'accepted', AssumeRolePolicyDocument: doc({ Version: '2008-10-17', Statement: [TRUST] }) }));
    const update = iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'accepted', PolicyDocument: doc({ Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }) }));
    expect(await refusal(update)).toBe('Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!');
  });
});
