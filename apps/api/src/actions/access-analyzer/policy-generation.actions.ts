/**
 * IAM Access Analyzer's policy generation: StartPolicyGeneration, GetGeneratedPolicy,
 * ListPolicyGenerations, CancelPolicyGeneration. Served over REST-JSON and the console's REST
 * routes, authorized as `access-analyzer:<Name>` on `*` (AWS's policy generation actions have no
 * resource type).
 *
 * AWS reads the principal's CloudTrail events; Portcullis reads its own audit log, which records
 * every request of every principal of the account. So the request's `cloudTrailDetails` is
 * accepted as AWS requires it, but only its startTime and endTime are used (the period of
 * activity, at most 90 days): its `trails` (which trails, which Regions) and `accessRole` (the
 * service role AWS assumes to read them) name nothing here to read or assume — they are checked
 * for AWS's formats, kept, and reported back in `cloudTrailProperties`.
 *
 * The policy is generated while StartPolicyGeneration runs (one read of the log), so a job is
 * SUCCEEDED as soon as its ID is known: there is never a generation in progress to conflict with
 * or to cancel, and CancelPolicyGeneration of a known job changes nothing. What the policy
 * grants: generated-policy.ts.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_StartPolicyGeneration.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadNodeCatalog } from '@portcullis/policy/node-catalog';
import { defineAction, type AnyAction } from '../action';
import { validationError } from '../../errors';
import { messages } from '../../messages';
import { generatedPolicies, knownAccess, type UsedAccess } from './generated-policy';
import {
  createGeneration,
  findGeneration,
  findGenerationByToken,
  findPrincipal,
  listGenerations,
  usedAccess,
  type PolicyGenerationRecord,
} from './policy-generation.queries';

/** "You specify a time period of up to 90 days." */
export const MAX_PERIOD_DAYS = 90;

// The model's formats (only IAM's and STS's are checked from the model by the dispatcher).
const PrincipalArn = z.string().regex(/^arn:[^:]*:iam::[^:]*:(role|user)\/.{1,576}$/);
const RoleArn = z.string().regex(/^arn:[^:]*:iam::[^:]*:role\/.{1,576}$/);
const CloudTrailArn = z.string().regex(/^arn:[^:]*:cloudtrail:[^:]*:[^:]*:trail\/.{1,576}$/);
const JobId = z.string().min(1);
/** A Timestamp (iso8601 in the model; epoch seconds also parse, as AWS's JSON protocols allow). */
const Timestamp = z.union([z.iso.datetime({ offset: true }), z.number()]).transform((v) => new Date(typeof v === 'number' ? v * 1000 : v));
/** A Boolean: JSON `true`/`false`, or the querystring's text. */
const QueryBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional();

const Trail = z.object({ cloudTrailArn: CloudTrailArn, regions: z.array(z.string()).optional(), allRegions: z.boolean().optional() });

const noTarget = () => ({ resource: '*' });

async function jobOrError(...args: Parameters<typeof findGeneration>): Promise<PolicyGenerationRecord> {
  const job = await findGeneration(...args);
  // The model gives GetGeneratedPolicy and CancelPolicyGeneration no ResourceNotFoundException.
  if (!job) throw validationError(messages.accessAnalyzer.policyGenerationNotFound(args[2]));
  return job;
}

const summary = (job: PolicyGenerationRecord) => ({
  jobId: job.id,
  principalArn: job.principalArn,
  status: job.status,
  startedOn: job.startedOn,
  ...(job.completedOn ? { completedOn: job.completedOn } : {}),
});

export const startPolicyGeneration = defineAction({
  name: 'StartPolicyGeneration',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({
    policyGenerationDetails: z.object({ principalArn: PrincipalArn }),
    cloudTrailDetails: z.object({ trails: z.array(Trail), accessRole: RoleArn, startTime: Timestamp, endTime: Timestamp.optional() }).optional(),
    clientToken: z.string().optional(),
  }),
  target: noTarget,
  async handler(input, { tx, caller, now }) {
    if (input.clientToken !== undefined) {
      const earlier = await findGenerationByToken(tx, caller.accountId, input.clientToken);
      if (earlier) return { jobId: earlier.id };
    }
    const details = input.cloudTrailDetails;
    if (!details) throw validationError(messages.accessAnalyzer.cloudTrailDetailsRequired);
    const arn = input.policyGenerationDetails.principalArn;
    const principal = await findPrincipal(tx, caller.accountId, arn);
    if (!principal) throw validationError(arn.split(':')[4] === caller.accountId ? messages.accessAnalyzer.principalNotFound(arn) : messages.accessAnalyzer.principalNotInAccount(arn));
    // No event is later than now: a period ending in the future ends now (a console's clock may run ahead).
    const endTime = details.endTime && details.endTime < now ? details.endTime : now;
    if (details.startTime >= endTime) throw validationError(messages.accessAnalyzer.periodStartsAfterEnd);
    if (endTime.getTime() - details.startTime.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw validationError(messages.accessAnalyzer.periodTooLong(MAX_PERIOD_DAYS));
    const access = knownAccess(loadNodeCatalog(), await usedAccess(tx, caller.accountId, principal, details.startTime, endTime));
    const job = await createGeneration(tx, {
      id: randomUUID(),
      accountId: caller.accountId,
      principalArn: principal.arn,
      startTime: details.startTime,
      endTime,
      trails: details.trails,
      accessRole: details.accessRole,
      clientToken: input.clientToken ?? null,
      status: 'SUCCEEDED',
      startedOn: now,
      completedOn: now,
      access: access as unknown as object[],
    });
    return { jobId: job.id };
  },
});

export const getGeneratedPolicy = defineAction({
  name: 'GetGeneratedPolicy',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ jobId: JobId, includeResourcePlaceholders: QueryBoolean, includeServiceLevelTemplate: QueryBoolean }),
  target: noTarget,
  async handler(input, { tx, caller, now }) {
    const job = await jobOrError(tx, caller.accountId, input.jobId, now);
    const policies = generatedPolicies(job.access as unknown as UsedAccess[], input);
    return {
      jobDetails: { jobId: job.id, status: job.status, startedOn: job.startedOn, ...(job.completedOn ? { completedOn: job.completedOn } : {}) },
      generatedPolicyResult: {
        properties: {
          // Every action the log shows is in the policy (only the product's own are left out).
          isComplete: true,
          principalArn: job.principalArn,
          cloudTrailProperties: { trailProperties: job.trails, startTime: job.startTime, endTime: job.endTime },
        },
        generatedPolicies: policies.map((policy) => ({ policy })),
      },
    };
  },
});

/** The page offset in a nextToken (opaque to callers). */
const encodeToken = (offset: number) => Buffer.from(`generations:${offset}`).toString('base64');
function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^generations:(\d{1,7})$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw validationError(messages.accessAnalyzer.invalidNextToken);
  return Number(m[1]);
}

export const listPolicyGenerations = defineAction({
  name: 'ListPolicyGenerations',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ principalArn: PrincipalArn.optional(), maxResults: z.number().int().min(1).optional(), nextToken: z.string().optional() }),
  target: noTarget,
  async handler(input, { tx, caller, now }) {
    const jobs = await listGenerations(tx, caller.accountId, input.principalArn, now);
    const start = decodeToken(input.nextToken);
    const end = start + (input.maxResults ?? 100);
    return { policyGenerations: jobs.slice(start, end).map(summary), ...(end < jobs.length ? { nextToken: encodeToken(end) } : {}) };
  },
});

export const cancelPolicyGeneration = defineAction({
  name: 'CancelPolicyGeneration',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ jobId: JobId }),
  target: noTarget,
  async handler(input, { tx, caller, now }) {
    // A job completes as it starts (see above): there is nothing left to cancel.
    await jobOrError(tx, caller.accountId, input.jobId, now);
    return {};
  },
});

export const policyGenerationActions: AnyAction[] = [startPolicyGeneration, getGeneratedPolicy, listPolicyGenerations, cancelPolicyGeneration];
