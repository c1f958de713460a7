/**
 * IAM Access Analyzer's policy checks: ValidatePolicy, CheckAccessNotGranted, CheckNoNewAccess,
 * CheckNoPublicAccess (and, from analyzers.actions.ts, the analyzers and their findings).
 * Served over REST-JSON (protocols/rest-json) and authorized as `access-analyzer:<Name>` on `*`
 * (AWS's policy checks have no resource). They read nothing: the answer depends on the input alone.
 * How the checks decide, and where they are conservative: access-checks.ts.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckAccessNotGranted.html
 */
import { z } from 'zod';
import { parsePolicy, validatePolicy, type Finding, type PolicyDocument } from '@portcullis/policy';
import { defineAction, type AnyAction } from '../action';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import { newAccessStatements, statementsGranting } from './access-checks';
import { publicTrustStatements } from './finding-analysis';
import { analyzerActions } from './analyzers.actions';

const LEARN_MORE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
/** AWS: 1–100 findings per page. */
const MAX_RESULTS = 100;

const AccessCheckPolicyType = z.enum(['IDENTITY_POLICY', 'RESOURCE_POLICY']);
const PolicyDocumentText = z.string().min(1);

const noTarget = () => ({ resource: '*' });

/** A finding as AWS's ValidatePolicyFinding: path elements are `{key}`/`{index}`, columns 0-based, a span always present. */
function awsFinding(f: Finding) {
  const origin = { line: 1, column: 0, offset: 0 };
  return {
    findingDetails: f.findingDetails,
    findingType: f.findingType,
    issueCode: f.issueCode,
    learnMoreLink: `${LEARN_MORE}#access-analyzer-reference-policy-checks-${f.findingType.toLowerCase().replace('_', '-')}-${f.issueCode.toLowerCase().replace(/_/g, '-')}`,
    locations: f.locations.map((l) => ({
      path: l.path.map((segment) => (typeof segment === 'number' ? { index: segment } : { key: segment })),
      span: l.span
        ? { start: { ...l.span.start, column: l.span.start.column - 1 }, end: { ...l.span.end, column: l.span.end.column - 1 } }
        : { start: origin, end: origin },
    })),
  };
}

/** The page offset in a nextToken (opaque to callers: base64 of the offset). */
const encodeToken = (offset: number) => Buffer.from(`findings:${offset}`).toString('base64');
function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^findings:(\d{1,6})$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw new AwsError('ValidationError', messages.accessAnalyzer.invalidNextToken, 400);
  return Number(m[1]);
}

/** The document of an access check, or InvalidParameterException naming its first grammar error. */
function checkedDocument(text: string, member: string): PolicyDocument {
  const parsed = parsePolicy(text);
  const error = parsed.findings.find((f) => f.findingType === 'ERROR');
  if (error || !parsed.document) {
    const where = error?.locations[0]?.span?.start;
    throw new AwsError('InvalidParameter', messages.accessAnalyzer.invalidPolicyMember(member, messages.policyFinding(error?.findingDetails ?? messages.accessAnalyzer.notAPolicy, where)), 400);
  }
  return parsed.document;
}

export const validatePolicyAction = defineAction({
  name: 'ValidatePolicy',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({
    policyDocument: z.string(),
    policyType: z.enum(['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']),
    validatePolicyResourceType: z
      .enum(['AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3::MultiRegionAccessPoint', 'AWS::S3ObjectLambda::AccessPoint', 'AWS::IAM::AssumeRolePolicyDocument', 'AWS::DynamoDB::Table'])
      .optional(),
    locale: z.string().optional(),
    maxResults: z.number().int().min(1).max(MAX_RESULTS).optional(),
    nextToken: z.string().optional(),
  }),
  target: noTarget,
  handler: async (input) => {
    // A role's trust policy is a resource policy with its own rules in the engine.
    const policyType =
      input.validatePolicyResourceType === 'AWS::IAM::AssumeRolePolicyDocument'
        ? 'TRUST_POLICY'
        : input.policyType === 'RESOURCE_CONTROL_POLICY'
          ? 'SERVICE_CONTROL_POLICY'
          : input.policyType;
    const findings = validatePolicy(input.policyDocument, { policyType }).findings.map(awsFinding);
    const start = decodeToken(input.nextToken);
    const end = input.maxResults === undefined ? findings.length : start + input.maxResults;
    return { findings: findings.slice(start, end), ...(end < findings.length ? { nextToken: encodeToken(end) } : {}) };
  },
});

export const checkAccessNotGrantedAction = defineAction({
  name: 'CheckAccessNotGranted',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({
    policyDocument: PolicyDocumentText,
    access: z
      .array(z.object({ actions: z.array(z.string().min(1)).max(100).optional(), resources: z.array(z.string().min(1)).max(100).optional() }))
      .min(1)
      .max(1)
      .refine((list) => list.every((a) => (a.actions?.length ?? 0) + (a.resources?.length ?? 0) > 0), messages.accessAnalyzer.emptyAccess),
    policyType: AccessCheckPolicyType,
  }),
  target: noTarget,
  handler: async (input) => {
    const document = checkedDocument(input.policyDocument, 'policyDocument');
    const reasons = input.access.flatMap((access) => statementsGranting(document, access));
    return reasons.length
      ? { result: 'FAIL', message: messages.accessAnalyzer.accessGranted, reasons }
      : { result: 'PASS', message: messages.accessAnalyzer.accessNotGranted, reasons: [] };
  },
});

export const checkNoNewAccessAction = defineAction({
  name: 'CheckNoNewAccess',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ newPolicyDocument: PolicyDocumentText, existingPolicyDocument: PolicyDocumentText, policyType: AccessCheckPolicyType }),
  target: noTarget,
  handler: async (input) => {
    const next = checkedDocument(input.newPolicyDocument, 'newPolicyDocument');
    const existing = checkedDocument(input.existingPolicyDocument, 'existingPolicyDocument');
    const reasons = newAccessStatements(next, existing);
    return reasons.length
      ? { result: 'FAIL', message: messages.accessAnalyzer.newAccess, reasons }
      : { result: 'PASS', message: messages.accessAnalyzer.noNewAccess, reasons: [] };
  },
});

/** The model's AccessCheckResourceType values; of them, this server holds role trust policies only. */
const ACCESS_CHECK_RESOURCE_TYPES = [
  'AWS::DynamoDB::Table', 'AWS::DynamoDB::Stream', 'AWS::EFS::FileSystem', 'AWS::OpenSearchService::Domain', 'AWS::Kinesis::Stream', 'AWS::Kinesis::StreamConsumer',
  'AWS::KMS::Key', 'AWS::Lambda::Function', 'AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3Express::DirectoryBucket', 'AWS::S3::Glacier', 'AWS::S3Outposts::Bucket',
  'AWS::S3Outposts::AccessPoint', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::IAM::AssumeRolePolicyDocument', 'AWS::S3Tables::TableBucket',
  'AWS::ApiGateway::RestApi', 'AWS::CodeArtifact::Domain', 'AWS::Backup::BackupVault', 'AWS::CloudTrail::Dashboard', 'AWS::CloudTrail::EventDataStore', 'AWS::S3Tables::Table',
  'AWS::S3Express::AccessPoint',
] as const;

export const checkNoPublicAccessAction = defineAction({
  name: 'CheckNoPublicAccess',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ policyDocument: PolicyDocumentText, resourceType: z.enum(ACCESS_CHECK_RESOURCE_TYPES) }),
  target: noTarget,
  handler: async (input) => {
    // AMIs and snapshots have no policy document (their sharing is an attribute): the model's
    // types name neither, so a role's trust policy is the one type of ours it can check.
    if (input.resourceType !== 'AWS::IAM::AssumeRolePolicyDocument') {
      throw new AwsError('InvalidParameter', messages.accessAnalyzer.unsupportedResourceType(input.resourceType), 400);
    }
    const document = checkedDocument(input.policyDocument, 'policyDocument');
    const reasons = publicTrustStatements(document).map((r) => ({ description: `Public access granted in the statement with index: ${r.statementIndex}.`, ...r }));
    return reasons.length
      ? { result: 'FAIL', message: messages.accessAnalyzer.publicAccess, reasons }
      : { result: 'PASS', message: messages.accessAnalyzer.noPublicAccess, reasons: [] };
  },
});

export const accessAnalyzerActions: AnyAction[] = [validatePolicyAction, checkAccessNotGrantedAction, checkNoNewAccessAction, checkNoPublicAccessAction, ...analyzerActions];
