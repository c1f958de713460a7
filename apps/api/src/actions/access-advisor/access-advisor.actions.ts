/**
 * Access Advisor ("last accessed" information): GenerateServiceLastAccessedDetails,
 * GetServiceLastAccessedDetails, GetServiceLastAccessedDetailsWithEntities and
 * ListPoliciesGrantingServiceAccess. A job records the subject and the time it was asked for;
 * the report is computed when read, from the audit log up to the job's creation and at most
 * AWS's tracking period back, so a job always completes at once (JobStatus COMPLETED).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ArnSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import type { Tx } from '../../db/client';
import type { Caller } from '../../auth/caller';
import { AwsError, invalidInput, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, encodeMarker } from '../../iam/pagination';
import { TRACKED_SERVICES, advisorCatalog, policyGrants } from './access-advisor.catalog';
import { lastAccesses, loadSubject, parseSubjectArn, subjectArn, type AccessRow, type GrantingPolicy, type Subject } from './access-advisor.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** IAM reports activity for the last 400 days (the tracking period). */
export const TRACKING_PERIOD_DAYS = 400;
/** Portcullis serves one Region; every access is reported from it. */
const REGION = 'us-east-1';

const GranularitySchema = z.enum(['SERVICE_LEVEL', 'ACTION_LEVEL']);
/** jobIDType: 36 characters. */
const JobIdSchema = modelCheckedString();
/** serviceNamespaceType: 1–64 characters of `[\w-]`. */
const ServiceNamespaceSchema = modelCheckedString();

interface Job {
  id: string;
  arn: string;
  granularity: string;
  createdAt: Date;
}

const noSuchJob = (jobId: string) => noSuchEntity(messages.accessAdvisorJobNotFound(jobId));

/**
 * The caller's own job: "the JobId returned by GenerateServiceLastAccessedDetails must be used by
 * the same role within a session, or by the same user" — anyone else is told it does not exist.
 */
async function findJob(tx: Tx, caller: Caller, jobId: string): Promise<Job> {
  const job = await tx.serviceLastAccessedJob.findFirst({ where: { id: jobId, accountId: caller.accountId, requestedBy: caller.arn } });
  if (!job) throw noSuchJob(jobId);
  return job;
}

/** The fields every Get*Details reply starts with. */
function jobFields(job: Job) {
  return { JobStatus: 'COMPLETED' as const, JobType: job.granularity, JobCreationDate: job.createdAt, JobCompletionDate: job.createdAt };
}

/** A job whose subject has been deleted since: FAILED with ErrorDetails, as AWS reports it. */
function failedJob(job: Job) {
  return {
    ...jobFields(job),
    JobStatus: 'FAILED' as const,
    Error: { Code: 'NoSuchEntity', Message: `The entity ${job.arn} no longer exists.` },
  };
}

const namespaceOf = (action: string) => action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();

/** The services the subject's policies allow (each with the policies granting it), from the engine's parse. */
function allowedServices(subject: Subject): Map<string, { policies: GrantingPolicy[]; actions: Set<string> }> {
  const out = new Map<string, { policies: GrantingPolicy[]; actions: Set<string> }>();
  for (const policy of subject.policies) {
    for (const [namespace, actions] of policyGrants(policy.document)) {
      let entry = out.get(namespace);
      if (!entry) out.set(namespace, (entry = { policies: [], actions: new Set() }));
      entry.policies.push(policy);
      for (const a of actions) entry.actions.add(a);
    }
  }
  return out;
}

interface Last {
  time: Date;
  entityArn: string;
}

/** The latest row of `rows` (ties: the first). */
function latest(rows: AccessRow[]): Last | undefined {
  let best: AccessRow | undefined;
  for (const r of rows) if (!best || r.time > best.time) best = r;
  return best && { time: best.time, entityArn: best.entityArn };
}

async function activity(tx: Tx, accountId: string, subject: Subject, job: Job): Promise<AccessRow[]> {
  const since = new Date(job.createdAt.getTime() - TRACKING_PERIOD_DAYS * 86_400_000);
  return lastAccesses(tx, accountId, subject.entities, since, job.createdAt);
}

/** Offset paging over a computed list: the marker is the index of the next item. */
function pageOf<T>(items: T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker === undefined ? 0 : Number(decodeMarker(marker)?.[0]);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw invalidInput(messages.invalidMarker);
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  const slice = items.slice(start, start + limit);
  const IsTruncated = start + limit < items.length;
  return { items: slice, IsTruncated, ...(IsTruncated ? { Marker: encodeMarker([String(start + limit)]) } : {}) };
}

/**
 * A subject that does not exist is authorized against the ARN as given (so a caller without
 * permission learns nothing about it); the handler then reports NoSuchEntity.
 */
const orGiven = (arn: string) => (error: unknown) => {
  if (error instanceof AwsError && error.code === 'NoSuchEntity') return arn;
  throw error;
};

export const generateServiceLastAccessedDetails = defineAction({
  name: 'GenerateServiceLastAccessedDetails',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ Arn: ArnSchema, Granularity: GranularitySchema.optional() }),
  // Authorized on the entity or policy itself (user, group, role, policy resource types).
  async target(input, caller, db) {
    const parsed = parseSubjectArn(input.Arn, ['user', 'group', 'role', 'policy']);
    const resource = await subjectArn(db, caller.accountId, parsed, input.Arn).catch(orGiven(input.Arn));
    return { resource, resourceAccount: parsed.accountId === 'aws' ? undefined : parsed.accountId };
  },
  async handler(input, { tx, caller, now }) {
    const parsed = parseSubjectArn(input.Arn, ['user', 'group', 'role', 'policy']);
    const arn = await subjectArn(tx, caller.accountId, parsed, input.Arn);
    const job = await tx.serviceLastAccessedJob.create({ data: { id: randomUUID(), accountId: caller.accountId, requestedBy: caller.arn, arn, granularity: input.Granularity ?? 'SERVICE_LEVEL', createdAt: now } });
    return { JobId: job.id };
  },
});

export const getServiceLastAccessedDetails = defineAction({
  name: 'GetServiceLastAccessedDetails',
  service: 'iam',
  readOnly: true,
  input: z.object({ JobId: JobIdSchema, ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const job = await findJob(tx, caller, input.JobId);
    const subject = await loadSubject(tx, caller.accountId, job.arn);
    if (!subject) return { ...failedJob(job), ServicesLastAccessed: [], IsTruncated: false };
    const rows = await activity(tx, caller.accountId, subject, job);
    const catalog = advisorCatalog();
    const actionLevel = job.granularity === 'ACTION_LEVEL';
    const services = [...allowedServices(subject)].map(([namespace, granted]) => {
      const used = rows.filter((r) => namespaceOf(r.action) === namespace);
      const last = latest(used);
      const service = catalog.get(namespace)!;
      const entry: Record<string, unknown> = {
        ServiceName: service.name,
        ServiceNamespace: namespace,
        ...(last ? { LastAuthenticated: last.time, LastAuthenticatedEntity: last.entityArn, LastAuthenticatedRegion: REGION } : {}),
        TotalAuthenticatedEntities: new Set(used.map((r) => r.entityArn)).size,
      };
      if (actionLevel && TRACKED_SERVICES.has(namespace)) {
        entry.TrackedActionsLastAccessed = [...granted.actions]
          .map((key) => {
            const lastAction = latest(used.filter((r) => r.action.slice(namespace.length + 1).toLowerCase() === key));
            return {
              ActionName: service.actions.get(key) ?? key,
              ...(lastAction ? { LastAccessedEntity: lastAction.entityArn, LastAccessedTime: lastAction.time, LastAccessedRegion: REGION } : {}),
            };
          })
          .sort((a, b) => (a.ActionName < b.ActionName ? -1 : a.ActionName > b.ActionName ? 1 : 0));
      }
      return entry;
    });
    // In service namespace order (a4b, access-analyzer, account, …), as IAM lists them.
    services.sort((a, b) => (String(a.ServiceNamespace) < String(b.ServiceNamespace) ? -1 : String(a.ServiceNamespace) > String(b.ServiceNamespace) ? 1 : 0));
    const paged = pageOf(services, input.Marker, input.MaxItems);
    return { ...jobFields(job), ServicesLastAccessed: paged.items, IsTruncated: paged.IsTruncated, ...(paged.Marker ? { Marker: paged.Marker } : {}) };
  },
});

export const getServiceLastAccessedDetailsWithEntities = defineAction({
  name: 'GetServiceLastAccessedDetailsWithEntities',
  service: 'iam',
  readOnly: true,
  input: z.object({ JobId: JobIdSchema, ServiceNamespace: ServiceNamespaceSchema, ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const job = await findJob(tx, caller, input.JobId);
    const subject = await loadSubject(tx, caller.accountId, job.arn);
    if (!subject) return { ...failedJob(job), EntityDetailsList: [], IsTruncated: false };
    const namespace = input.ServiceNamespace.toLowerCase();
    const rows = (await activity(tx, caller.accountId, subject, job)).filter((r) => namespaceOf(r.action) === namespace);
    const details = subject.entities.map((entity) => {
      const last = latest(rows.filter((r) => r.entityArn === entity.Arn));
      return { EntityInfo: entity, ...(last ? { LastAuthenticated: last.time } : {}) };
    });
    // Most recent access first; entities that never used the service after, by name.
    details.sort((a, b) => {
      const ta = a.LastAuthenticated?.getTime() ?? -Infinity;
      const tb = b.LastAuthenticated?.getTime() ?? -Infinity;
      return tb - ta || (a.EntityInfo.Name < b.EntityInfo.Name ? -1 : a.EntityInfo.Name > b.EntityInfo.Name ? 1 : 0);
    });
    const paged = pageOf(details, input.Marker, input.MaxItems);
    return { ...jobFields(job), EntityDetailsList: paged.items, IsTruncated: paged.IsTruncated, ...(paged.Marker ? { Marker: paged.Marker } : {}) };
  },
});

export const listPoliciesGrantingServiceAccess = defineAction({
  name: 'ListPoliciesGrantingServiceAccess',
  service: 'iam',
  readOnly: true,
  input: z.object({ Arn: ArnSchema, ServiceNamespaces: z.array(ServiceNamespaceSchema).min(1).max(200), Marker: PagingInput.Marker }),
  async target(input, caller, db) {
    const parsed = parseSubjectArn(input.Arn, ['user', 'group', 'role']);
    const resource = await subjectArn(db, caller.accountId, parsed, input.Arn).catch(orGiven(input.Arn));
    return { resource, resourceAccount: parsed.accountId };
  },
  async handler(input, { tx, caller }) {
    const parsed = parseSubjectArn(input.Arn, ['user', 'group', 'role']);
    const arn = await subjectArn(tx, caller.accountId, parsed, input.Arn);
    if (input.Marker !== undefined) decodeMarker(input.Marker);
    const subject = await loadSubject(tx, caller.accountId, arn);
    if (!subject) throw noSuchEntity(messages.entityNotFound(parsed.kind, parsed.name));
    const PoliciesGrantingServiceAccess = input.ServiceNamespaces.map((ns) => {
      const namespace = ns.toLowerCase();
      const seen = new Set<string>();
      const Policies = subject.policies
        .filter((p) => policyGrants(p.document).has(namespace))
        // A managed policy attached to the user and to one of its groups is listed once.
        .filter((p) => !p.PolicyArn || (!seen.has(p.PolicyArn) && seen.add(p.PolicyArn)))
        .map((p) => ({
          PolicyName: p.PolicyName,
          PolicyType: p.PolicyType,
          ...(p.PolicyArn ? { PolicyArn: p.PolicyArn } : {}),
          ...(p.EntityType ? { EntityType: p.EntityType, EntityName: p.EntityName } : {}),
        }));
      return { ServiceNamespace: ns, Policies };
    });
    return { PoliciesGrantingServiceAccess, IsTruncated: false };
  },
});

export const accessAdvisorActions: AnyAction[] = [
  generateServiceLastAccessedDetails,
  getServiceLastAccessedDetails,
  getServiceLastAccessedDetailsWithEntities,
  listPoliciesGrantingServiceAccess,
];
