/**
 * IAM Access Analyzer's policy checks through the real @aws-sdk/client-accessanalyzer, over
 * REST-JSON on the same endpoint as IAM: answers as the SDK parses them, its error classes,
 * authorization of `access-analyzer:*` actions, and the audit log; then Debian's AWS CLI (v2.9):
 * `validate-policy` as it ships, and the commands it predates (check-no-new-access,
 * list-findings-v2, start-policy-generation) once `aws configure add-model` has given it AWS's
 * current model — the model this repository serves (apps/api/aws-models), as the README says.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessAnalyzerClient,
  AccessDeniedException,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  InvalidParameterException,
  ListAccessPreviewsCommand,
  ValidatePolicyCommand,
  ValidationException,
} from '@aws-sdk/client-accessanalyzer';
import { awsCli, awsCliEnv, DEBIAN_AWS } from './aws-cli-runner';
import { startSdkServer, type Credentials, type SdkServer } from './sdk-server';

let server: SdkServer;
let analyzer: AccessAnalyzerClient;
const client = (credentials: Credentials) => new AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

beforeAll(async () => {
  server = await startSdkServer();
  analyzer = client(server.root);
}, 60_000);
afterAll(async () => server?.close());

describe('ValidatePolicy', () => {
  const policyDocument = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:GetObject"}]\n}';

  it("answers the engine's findings in AWS's shape, paginated", async () => {
    const all = await analyzer.send(new ValidatePolicyCommand({ policyDocument, policyType: 'IDENTITY_POLICY' }));
    expect(all.findings!.length).toBeGreaterThanOrEqual(2);
    const passRole = all.findings!.find((f) => f.issueCode === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRole).toMatchObject({ findingType: 'SECURITY_WARNING', learnMoreLink: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\//) });
    expect(passRole!.locations![0]!.path![0]).toEqual({ key: 'Statement' });
    expect(passRole!.locations![0]!.span!.start).toMatchObject({ line: 3 });
    expect(all.findings!.some((f) => f.findingType === 'ERROR')).toBe(true);
    expect(all.nextToken).toBeUndefined();

    const first = await analyzer.send(new ValidatePolicyCommand({ policyDocument, policyType: 'IDENTITY_POLICY', maxResults: 1 }));
    expect(first.findings).toEqual(all.findings!.slice(0, 1));
    expect(first.nextToken).toEqual(expect.any(String));
    const rest = await analyzer.send(new ValidatePolicyCommand({ policyDocument, policyType: 'IDENTITY_POLICY', nextToken: first.nextToken }));
    expect(rest.findings).toEqual(all.findings!.slice(1));
  });

  it('answers no findings for a clean policy, and ValidationException for bad input', async () => {
    const clean = await analyzer.send(new ValidatePolicyCommand({ policyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), policyType: 'IDENTITY_POLICY' }));
    expect(clean.findings).toEqual([]);
    const badType = analyzer.send(new ValidatePolicyCommand({ policyDocument: doc(), policyType: 'NOT_A_TYPE' as never }));
    await expect(badType).rejects.toBeInstanceOf(ValidationException);
    await expect(badType).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(analyzer.send(new ValidatePolicyCommand({ policyDocument: doc(), policyType: 'IDENTITY_POLICY', nextToken: 'bogus' }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('CheckAccessNotGranted', () => {
  const policyDocument = doc({ Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });

  it('fails when an Allow may grant a listed action, passes otherwise', async () => {
    const fail = await analyzer.send(new CheckAccessNotGrantedCommand({ policyDocument, policyType: 'IDENTITY_POLICY', access: [{ actions: ['s3:GetObject'] }] }));
    expect(fail).toMatchObject({ result: 'FAIL', message: expect.any(String), reasons: [{ statementIndex: 0, statementId: 'Read', description: expect.any(String) }] });
    const pass = await analyzer.send(new CheckAccessNotGrantedCommand({ policyDocument, policyType: 'IDENTITY_POLICY', access: [{ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::bucket/x'] }] }));
    expect(pass).toMatchObject({ result: 'PASS', reasons: [] });
  });

  it('refuses an invalid document (InvalidParameterException) and an empty access list (ValidationException)', async () => {
    await expect(analyzer.send(new CheckAccessNotGrantedCommand({ policyDocument: '{"Statement": ', policyType: 'IDENTITY_POLICY', access: [{ actions: ['s3:GetObject'] }] }))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(analyzer.send(new CheckAccessNotGrantedCommand({ policyDocument, policyType: 'IDENTITY_POLICY', access: [] }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('CheckNoNewAccess', () => {
  const existingPolicyDocument = doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' });

  it('passes a narrower policy and fails one that grants more, naming its statements', async () => {
    const pass = await analyzer.send(new CheckNoNewAccessCommand({ existingPolicyDocument, newPolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), policyType: 'IDENTITY_POLICY' }));
    expect(pass).toMatchObject({ result: 'PASS', reasons: [] });
    const newPolicyDocument = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' });
    const fail = await analyzer.send(new CheckNoNewAccessCommand({ existingPolicyDocument, newPolicyDocument, policyType: 'IDENTITY_POLICY' }));
    expect(fail).toMatchObject({ result: 'FAIL', reasons: [{ statementIndex: 1, statementId: 'Write' }] });
  });

  it('refuses a missing document', async () => {
    await expect(analyzer.send(new CheckNoNewAccessCommand({ existingPolicyDocument, policyType: 'IDENTITY_POLICY' } as never))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('authorization and audit', () => {
  it('refuses a user without access-analyzer:ValidatePolicy (AccessDeniedException, 403) and audits both answers', async () => {
    const user = await server.fixtures.user(server.accountId, 'no-analyzer', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'access-analyzer:CheckNoNewAccess', Resource: '*' }] }]);
    const denied = await client(user).send(new ValidatePolicyCommand({ policyDocument: doc(), policyType: 'IDENTITY_POLICY' })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedException);
    expect(denied).toMatchObject({ $metadata: { httpStatusCode: 403 }, message: expect.stringContaining('access-analyzer:ValidatePolicy') });
    const deniedEvent = await server.auditEvent((denied as AccessDeniedException).$metadata.requestId);
    expect(deniedEvent).toMatchObject({ action: 'access-analyzer:ValidatePolicy', decision: 'denied', principalArn: user.arn, errorCode: 'AccessDenied' });

    const allowed = await client(user).send(new CheckNoNewAccessCommand({ existingPolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), newPolicyDocument: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), policyType: 'IDENTITY_POLICY' }));
    expect(allowed.result).toBe('PASS');
    expect(await server.auditEvent(allowed.$metadata.requestId)).toMatchObject({ action: 'access-analyzer:CheckNoNewAccess', decision: 'allowed', principalArn: user.arn, resource: '*' });
  });

  it('answers UnknownOperationException (404) for an operation not served yet', async () => {
    await expect(analyzer.send(new ListAccessPreviewsCommand({ analyzerArn: `arn:aws:access-analyzer:us-east-1:${server.accountId}:analyzer/none` }))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 404 } });
  });

  it('refuses an unsigned request', async () => {
    const res = await fetch(`${server.endpoint}/policy/validation`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toEqual(expect.any(String));
    expect(await res.json()).toEqual({ message: expect.any(String) });
  });
});

describe('aws CLI', () => {
  it('aws accessanalyzer validate-policy answers the findings', async () => {
    const policy = doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    const reply = (await awsCli(server)('accessanalyzer', 'validate-policy', '--policy-type', 'IDENTITY_POLICY', '--policy-document', policy)) as { findings: { issueCode: string; findingType: string }[] };
    expect(reply.findings).toContainEqual(expect.objectContaining({ issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', findingType: 'SECURITY_WARNING' }));
  });

  it('with the current model added (aws configure add-model), check-no-new-access, analyzers, findings v2 and policy generation work', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'aws-cli-home-'));
    try {
      const modelFile = path.join(home, 'accessanalyzer.json');
      writeFileSync(modelFile, gunzipSync(readFileSync(path.join(__dirname, '../aws-models/accessanalyzer.service-2.json.gz'))));
      await promisify(execFile)(DEBIAN_AWS, ['configure', 'add-model', '--service-model', `file://${modelFile}`, '--service-name', 'accessanalyzer'], { env: awsCliEnv(server.root, home) });
      const aws = awsCli(server, { home });

      const existing = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
      const wider = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' });
      const check = (newPolicy: string) => aws('accessanalyzer', 'check-no-new-access', '--policy-type', 'IDENTITY_POLICY', '--existing-policy-document', existing, '--new-policy-document', newPolicy);
      expect(await check(wider)).toMatchObject({ result: 'FAIL' });
      expect(await check(existing)).toMatchObject({ result: 'PASS' });

      const { arn } = await aws('accessanalyzer', 'create-analyzer', '--analyzer-name', 'cli-unused', '--type', 'ACCOUNT_UNUSED_ACCESS', '--configuration', '{"unusedAccess":{"unusedAccessAge":30}}');
      expect(arn).toMatch(/^arn:aws:access-analyzer:us-east-1:\d{12}:analyzer\/cli-unused$/);
      expect(await aws('accessanalyzer', 'list-findings-v2', '--analyzer-arn', String(arn))).toMatchObject({ findings: [] });
      await aws('accessanalyzer', 'delete-analyzer', '--analyzer-name', 'cli-unused');

      const { User } = (await aws('iam', 'create-user', '--user-name', 'cli-generation')) as { User: { Arn: string } };
      const now = Date.now();
      const { jobId } = await aws(
        'accessanalyzer', 'start-policy-generation',
        '--policy-generation-details', JSON.stringify({ principalArn: User.Arn }),
        '--cloud-trail-details', JSON.stringify({ trails: [{ cloudTrailArn: `arn:aws:cloudtrail:us-east-1:${server.accountId}:trail/t`, allRegions: true }], accessRole: `arn:aws:iam::${server.accountId}:role/r`, startTime: new Date(now - 86_400_000).toISOString(), endTime: new Date(now).toISOString() }),
      );
      const generated = await aws('accessanalyzer', 'get-generated-policy', '--job-id', String(jobId));
      expect(generated).toMatchObject({ jobDetails: { jobId, status: 'SUCCEEDED' }, generatedPolicyResult: { properties: { principalArn: User.Arn } } });
      await aws('iam', 'delete-user', '--user-name', 'cli-generation');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
