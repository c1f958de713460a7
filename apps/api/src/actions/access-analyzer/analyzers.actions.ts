/**
 * IAM Access Analyzer's analyzers, external and unused access findings: CreateAnalyzer,
 * GetAnalyzer, ListAnalyzers, UpdateAnalyzer, DeleteAnalyzer; ListFindings(V2), GetFinding(V2),
 * UpdateFindings, StartResourceScan, GetFindingsStatistics, Generate/GetFindingRecommendation;
 * Create/Get/List/Update/Delete/ApplyArchiveRule. Served over REST-JSON, authorized as
 * `access-analyzer:<Action>` on the analyzer's (or archive rule's) ARN, as AWS's service
 * authorization reference says. How external findings are computed and kept up to date:
 * findings-store.ts, finding-analysis.ts; unused access findings: unused-access.ts.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Operations.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseArn } from '@portcullis/policy';
import { defineAction, type AnyAction } from '../action';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import type { Caller } from '../../auth/caller';
import type { Tx } from '../../db/client';
import { FilterSchema, matchesFilter, type Filter, type FilterableFinding } from './finding-filter';
import { fullScan, refreshResources, zoneOf, type ResourceRef } from './findings-store';
import {
  AnalyzerConfigurationSchema,
  isUnusedAccessAnalyzer,
  recommendedSteps,
  rescanIfStale,
  scanUnusedAccess,
  UNUSED_FINDING_TYPES,
  unusedAccessConfiguration,
  type RecommendedStep,
} from './unused-access';

const REGION = 'us-east-1';
const SERVICE = 'access-analyzer';

/** AWS's errors that name the resource (ResourceNotFoundException, ConflictException). */
export class AnalyzerError extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly fields: { resourceId: string; resourceType: string },
  ) {
    super(code, message, status);
  }
}

const ANALYZER_TYPE = 'AWS::AccessAnalyzer::Analyzer';
const notFound = (message: string, resourceId: string, resourceType = ANALYZER_TYPE) => new AnalyzerError('ResourceNotFoundException', message, 404, { resourceId, resourceType });
const conflict = (message: string, resourceId: string, resourceType = ANALYZER_TYPE) => new AnalyzerError('ConflictException', message, 409, { resourceId, resourceType });

// The model's constraints (only IAM's and STS's are checked from the model by the dispatcher).
// AWS's model: shape Name, pattern [A-Za-z][A-Za-z0-9_.-]*, for analyzers and archive rules alike.
const NAME_PATTERN = '[A-Za-z][A-Za-z0-9_.-]*';
const Name = z.string().min(1).max(255).regex(new RegExp(`^${NAME_PATTERN}$`), `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
const AnalyzerName = Name;
const RuleName = Name;
const AnalyzerArn = z.string().regex(/^[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:analyzer\/.{1,255}$/);
const ResourceArn = z.string().regex(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:.*$/);
const Token = z.string().max(1024).optional();
const MaxResults = z.number().int().min(1).max(1000).optional();
const ClientToken = z.string().max(64).optional();

/** JSON with object keys sorted, so equal parameters give equal text whatever their order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const analyzerArn = (accountId: string, name: string) => `arn:aws:${SERVICE}:${REGION}:${accountId}:analyzer/${name}`;
const archiveRuleArn = (accountId: string, analyzer: string, rule: string) => `${analyzerArn(accountId, analyzer)}/archive-rule/${rule}`;

/** The page offset in a nextToken (opaque to callers). */
const encodeToken = (kind: string, offset: number) => Buffer.from(`${kind}:${offset}`).toString('base64');
function page<T>(kind: string, items: T[], token: string | undefined, maxResults: number | undefined, defaultSize = 100): { items: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined) {
    const m = new RegExp(`^${kind}:(\\d{1,7})$`).exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m) throw new AwsError('ValidationError', messages.accessAnalyzer.invalidNextToken, 400);
    start = Number(m[1]);
  }
  const end = start + (maxResults ?? defaultSize);
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: encodeToken(kind, end) } : {}) };
}

type AnalyzerRecord = NonNullable<Awaited<ReturnType<Tx['analyzer']['findFirst']>>>;

async function analyzerByName(tx: Tx, caller: Caller, name: string): Promise<AnalyzerRecord> {
  const analyzer = await tx.analyzer.findUnique({ where: { accountId_name: { accountId: caller.accountId, name } } });
  if (!analyzer) throw notFound(messages.accessAnalyzer.analyzerNotFound(name), name);
  return analyzer;
}

async function analyzerByArn(tx: Tx, caller: Caller, arn: string): Promise<AnalyzerRecord> {
  const analyzer = await tx.analyzer.findUnique({ where: { arn } });
  if (!analyzer || analyzer.accountId !== caller.accountId) throw notFound(messages.accessAnalyzer.analyzerNotFound(arn), arn);
  return analyzer;
}

function analyzerSummary(a: AnalyzerRecord) {
  return {
    arn: a.arn,
    name: a.name,
    type: a.type,
    createdAt: a.createdAt,
    ...(a.lastResourceAnalyzed ? { lastResourceAnalyzed: a.lastResourceAnalyzed } : {}),
    ...(a.lastResourceAnalyzedAt ? { lastResourceAnalyzedAt: a.lastResourceAnalyzedAt } : {}),
    tags: a.tags as Record<string, string>,
    status: a.status,
    ...(a.configuration ? { configuration: a.configuration as object } : {}),
  };
}

const byName = (input: { analyzerName: string }, caller: Caller) => ({ resource: analyzerArn(caller.accountId, input.analyzerName) });
const byArn = (input: { analyzerArn: string }) => ({ resource: input.analyzerArn });
const byRule = (input: { analyzerName: string; ruleName: string }, caller: Caller) => ({ resource: archiveRuleArn(caller.accountId, input.analyzerName, input.ruleName) });

const InlineArchiveRule = z.object({ ruleName: RuleName, filter: FilterSchema });

export const createAnalyzer = defineAction({
  name: 'CreateAnalyzer',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({
    analyzerName: AnalyzerName,
    type: z.enum(['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS']),
    archiveRules: z.array(InlineArchiveRule).optional(),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
    clientToken: ClientToken,
    configuration: AnalyzerConfigurationSchema.optional(),
  }),
  target: (input, caller) => ({
    resource: analyzerArn(caller.accountId, input.analyzerName),
    requestTags: Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  }),
  async handler(input, { tx, caller, now }) {
    if (input.type.endsWith('_INTERNAL_ACCESS')) throw new AwsError('ValidationError', messages.accessAnalyzer.unsupportedAnalyzerType(input.type), 400);
    const unused = isUnusedAccessAnalyzer(input.type);
    if (!unused && input.configuration?.unusedAccess) throw new AwsError('ValidationError', messages.accessAnalyzer.configurationNotAllowed(input.type), 400);
    if (input.type.startsWith('ORGANIZATION')) {
      // The installation's first account manages the organization (organizations.actions.ts).
      const account = await tx.account.findUniqueOrThrow({ where: { id: caller.accountId }, select: { managementAccountId: true } });
      const first = await tx.account.findFirst({ where: { managementAccountId: null }, orderBy: { createdAt: 'asc' }, select: { id: true } });
      if (account.managementAccountId || first?.id !== caller.accountId) throw new AwsError('ValidationError', messages.accessAnalyzer.notOrganizationManagement, 400);
    }
    const arn = analyzerArn(caller.accountId, input.analyzerName);
    // clientToken makes the call idempotent (the SDKs fill one in): the same token with the same
    // parameters answers the analyzer it created; any other call for an existing name conflicts.
    const { clientToken, ...parameters } = input;
    const clientRequestHash = clientToken === undefined ? null : createHash('sha256').update(canonicalJson(parameters)).digest('hex');
    const existing = await tx.analyzer.findUnique({ where: { accountId_name: { accountId: caller.accountId, name: input.analyzerName } } });
    if (existing && clientToken !== undefined && existing.clientToken === clientToken && existing.clientRequestHash === clientRequestHash) return { arn: existing.arn };
    if (existing) throw conflict(messages.accessAnalyzer.analyzerExists(input.analyzerName), input.analyzerName);
    const configuration = unused ? unusedAccessConfiguration(input.configuration) : undefined;
    const analyzer = await tx.analyzer.create({
      data: { id: randomUUID(), accountId: caller.accountId, name: input.analyzerName, arn, type: input.type, tags: input.tags ?? {}, createdAt: now, clientToken, clientRequestHash, ...(configuration ? { configuration } : {}) },
    });
    const names = new Set<string>();
    for (const rule of input.archiveRules ?? []) {
      if (names.has(rule.ruleName)) throw conflict(messages.accessAnalyzer.archiveRuleExists(rule.ruleName), rule.ruleName, 'AWS::AccessAnalyzer::ArchiveRule');
      names.add(rule.ruleName);
      await tx.analyzerArchiveRule.create({ data: { analyzerId: analyzer.id, name: rule.ruleName, filter: rule.filter, createdAt: now, updatedAt: now } });
    }
    await (unused ? scanUnusedAccess(tx, analyzer, now) : fullScan(tx, analyzer, now));
    return { arn };
  },
});

export const updateAnalyzer = defineAction({
  name: 'UpdateAnalyzer',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerName: AnalyzerName, configuration: AnalyzerConfigurationSchema.optional() }),
  target: byName,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    if (!isUnusedAccessAnalyzer(analyzer.type)) throw new AwsError('ValidationError', messages.accessAnalyzer.notForExternalAccess('UpdateAnalyzer'), 400);
    if (!input.configuration?.unusedAccess) return { configuration: analyzer.configuration as object };
    const configuration = unusedAccessConfiguration(input.configuration);
    const updated = await tx.analyzer.update({ where: { id: analyzer.id }, data: { configuration } });
    // The findings are those of the new configuration, at once (the same configuration asks for a
    // fresh scan: StartResourceScan serves external access analyzers only).
    await scanUnusedAccess(tx, updated, now);
    return { configuration };
  },
});

export const getAnalyzer = defineAction({
  name: 'GetAnalyzer',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ analyzerName: AnalyzerName }),
  target: byName,
  handler: async (input, { tx, caller }) => ({ analyzer: analyzerSummary(await analyzerByName(tx, caller, input.analyzerName)) }),
});

export const listAnalyzers = defineAction({
  name: 'ListAnalyzers',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ nextToken: Token, maxResults: MaxResults, type: z.enum(['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS']).optional() }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const rows = await tx.analyzer.findMany({ where: { accountId: caller.accountId, ...(input.type ? { type: input.type } : {}) }, orderBy: [{ createdAt: 'asc' }, { name: 'asc' }] });
    const { items, nextToken } = page('analyzers', rows, input.nextToken, input.maxResults);
    return { analyzers: items.map(analyzerSummary), ...(nextToken ? { nextToken } : {}) };
  },
});

export const deleteAnalyzer = defineAction({
  name: 'DeleteAnalyzer',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerName: AnalyzerName, clientToken: ClientToken }),
  target: byName,
  async handler(input, { tx, caller }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    await tx.analyzer.delete({ where: { id: analyzer.id } });
    return {};
  },
});

// --- Findings -------------------------------------------------------------------------------

type FindingRecord = NonNullable<Awaited<ReturnType<Tx['analyzerFinding']['findFirst']>>>;

function filterable(f: FindingRecord): FilterableFinding {
  return {
    id: f.id,
    status: f.status,
    findingType: f.findingType,
    resource: f.resource,
    resourceType: f.resourceType,
    resourceOwnerAccount: f.resourceOwnerAccount,
    isPublic: f.isPublic,
    principal: f.principal as Record<string, string>,
    condition: f.condition as Record<string, string>,
    action: f.action as string[],
  };
}

function findingShape(f: FindingRecord) {
  return {
    id: f.id,
    principal: f.principal as Record<string, string>,
    action: f.action as string[],
    resource: f.resource,
    isPublic: f.isPublic,
    resourceType: f.resourceType,
    condition: f.condition as Record<string, string>,
    createdAt: f.createdAt,
    analyzedAt: f.analyzedAt,
    updatedAt: f.updatedAt,
    status: f.status,
    resourceOwnerAccount: f.resourceOwnerAccount,
  };
}

function findingShapeV2(f: FindingRecord) {
  return {
    analyzedAt: f.analyzedAt,
    createdAt: f.createdAt,
    id: f.id,
    resource: f.resource,
    resourceType: f.resourceType,
    resourceOwnerAccount: f.resourceOwnerAccount,
    status: f.status,
    updatedAt: f.updatedAt,
    findingType: f.findingType,
  };
}

const SORTABLE = ['id', 'createdAt', 'updatedAt', 'analyzedAt', 'resource', 'resourceType', 'resourceOwnerAccount', 'status', 'isPublic', 'findingType'] as const;
const ListFindingsInput = z.object({
  analyzerArn: AnalyzerArn,
  filter: FilterSchema.optional(),
  sort: z.object({ attributeName: z.enum(SORTABLE).optional(), orderBy: z.enum(['ASC', 'DESC']).optional() }).optional(),
  nextToken: Token,
  maxResults: MaxResults,
});

/**
 * The analyzer an operation on findings reads: ListFindings and GetFinding (v1) serve external
 * access analyzers only, as AWS's; an unused access analyzer is rescanned first when its last
 * scan is stale (unused-access.ts).
 */
async function analyzerForFindings(tx: Tx, caller: Caller, arn: string, now: Date, v1Operation?: string): Promise<AnalyzerRecord> {
  const analyzer = await analyzerByArn(tx, caller, arn);
  if (!isUnusedAccessAnalyzer(analyzer.type)) return analyzer;
  if (v1Operation) throw new AwsError('ValidationError', messages.accessAnalyzer.externalAccessOnly(v1Operation, `${v1Operation}V2`), 400);
  await rescanIfStale(tx, analyzer, now);
  return analyzer;
}

/** An analyzer's findings through a filter, sorted (by creation, then ID, unless asked otherwise). */
async function listFindings(tx: Tx, analyzer: AnalyzerRecord, input: z.infer<typeof ListFindingsInput>) {
  const rows = await tx.analyzerFinding.findMany({ where: { analyzerId: analyzer.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const filtered = input.filter ? rows.filter((f) => matchesFilter(filterable(f), input.filter!)) : rows;
  const key = input.sort?.attributeName;
  if (key) {
    const sign = input.sort?.orderBy === 'DESC' ? -1 : 1;
    const value = (f: FindingRecord) => { const v = f[key]; return v instanceof Date ? v.getTime() : String(v); };
    filtered.sort((a, b) => { const x = value(a); const y = value(b); return x < y ? -sign : x > y ? sign : 0; });
  } else if (input.sort?.orderBy === 'DESC') {
    filtered.reverse();
  }
  return page('findings', filtered, input.nextToken, input.maxResults);
}

export const listFindingsAction = defineAction({
  name: 'ListFindings',
  service: 'access-analyzer',
  readOnly: true,
  input: ListFindingsInput,
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerForFindings(tx, caller, input.analyzerArn, now, 'ListFindings');
    const { items, nextToken } = await listFindings(tx, analyzer, input);
    return { findings: items.map(findingShape), ...(nextToken ? { nextToken } : {}) };
  },
});

export const listFindingsV2Action = defineAction({
  name: 'ListFindingsV2',
  service: 'access-analyzer',
  authorizedAs: 'access-analyzer:ListFindings',
  // Not read-only: a stale unused access analyzer is rescanned first (its findings written).
  authorizationCache: 'unchanged',
  input: ListFindingsInput,
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerForFindings(tx, caller, input.analyzerArn, now);
    const { items, nextToken } = await listFindings(tx, analyzer, input);
    return { findings: items.map(findingShapeV2), ...(nextToken ? { nextToken } : {}) };
  },
});

async function findingOf(tx: Tx, analyzer: AnalyzerRecord, id: string): Promise<FindingRecord> {
  const finding = await tx.analyzerFinding.findFirst({ where: { id, analyzerId: analyzer.id } });
  if (!finding) throw notFound(messages.accessAnalyzer.findingNotFound(id), id, 'AWS::AccessAnalyzer::Finding');
  return finding;
}

const FindingId = z.string().min(1).max(256);

export const getFindingAction = defineAction({
  name: 'GetFinding',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ analyzerArn: AnalyzerArn, id: FindingId }),
  target: byArn,
  handler: async (input, { tx, caller, now }) => ({ finding: findingShape(await findingOf(tx, await analyzerForFindings(tx, caller, input.analyzerArn, now, 'GetFinding'), input.id)) }),
});

export const getFindingV2Action = defineAction({
  name: 'GetFindingV2',
  service: 'access-analyzer',
  authorizedAs: 'access-analyzer:GetFinding',
  // Not read-only: a stale unused access analyzer is rescanned first.
  authorizationCache: 'unchanged',
  input: z.object({ analyzerArn: AnalyzerArn, id: FindingId, maxResults: MaxResults, nextToken: Token }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const f = await findingOf(tx, await analyzerForFindings(tx, caller, input.analyzerArn, now), input.id);
    if (f.findingType === 'ExternalAccess') {
      const details = { externalAccessDetails: { action: f.action as string[], condition: f.condition as Record<string, string>, isPublic: f.isPublic, principal: f.principal as Record<string, string> } };
      return { ...findingShapeV2(f), findingDetails: [details] };
    }
    // An UnusedPermission finding has one detail per service: paged, as AWS's maxResults/nextToken say.
    const { items, nextToken } = page('details', f.details as object[], input.nextToken, input.maxResults);
    return { ...findingShapeV2(f), findingDetails: items, ...(nextToken ? { nextToken } : {}) };
  },
});

export const updateFindingsAction = defineAction({
  name: 'UpdateFindings',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z
    .object({ analyzerArn: AnalyzerArn, status: z.enum(['ACTIVE', 'ARCHIVED']), ids: z.array(FindingId).min(1).max(1000).optional(), resourceArn: ResourceArn.optional(), clientToken: ClientToken })
    .refine((i) => i.ids !== undefined || i.resourceArn !== undefined, { message: 'Either ids or resourceArn must be specified.', path: ['ids'] }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByArn(tx, caller, input.analyzerArn);
    const where = { analyzerId: analyzer.id, ...(input.ids ? { id: { in: input.ids } } : {}), ...(input.resourceArn ? { resource: input.resourceArn } : {}) };
    const rows = await tx.analyzerFinding.findMany({ where, select: { id: true, status: true } });
    const missing = input.ids?.find((id) => !rows.some((r) => r.id === id));
    if (missing) throw notFound(messages.accessAnalyzer.findingNotFound(missing), missing, 'AWS::AccessAnalyzer::Finding');
    // A resolved finding stays resolved: its access is gone.
    const ids = rows.filter((r) => r.status !== 'RESOLVED' && r.status !== input.status).map((r) => r.id);
    if (ids.length) await tx.analyzerFinding.updateMany({ where: { id: { in: ids } }, data: { status: input.status, updatedAt: now } });
    return {};
  },
});

/** The resource an ARN names, when it is one analyzers look at: a role, an AMI, a snapshot. */
function resourceOfArn(arn: string, caller: Caller, owner: string | undefined): ResourceRef | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  if (parsed.service === 'iam' && parsed.resource.startsWith('role/')) {
    return { type: 'AWS::IAM::Role', account: parsed.account, key: parsed.resource.split('/').at(-1)!.toLowerCase() };
  }
  const m = /^(image|snapshot)\/((?:ami|snap)-[0-9a-f]+)$/.exec(parsed.resource);
  if (parsed.service === 'ec2' && m) return { type: m[1] === 'image' ? 'AWS::EC2::Image' : 'AWS::EC2::Snapshot', account: owner ?? (parsed.account || caller.accountId), key: m[2]! };
  return undefined;
}

export const startResourceScan = defineAction({
  name: 'StartResourceScan',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerArn: AnalyzerArn, resourceArn: ResourceArn, resourceOwnerAccount: z.string().regex(/^\d{12}$/).optional() }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByArn(tx, caller, input.analyzerArn);
    // AWS: "This action is supported only for external access analyzers" (UpdateAnalyzer rescans an unused access one).
    if (isUnusedAccessAnalyzer(analyzer.type)) throw new AwsError('ValidationError', messages.accessAnalyzer.externalAccessOnly('StartResourceScan'), 400);
    const zone = await zoneOf(tx, analyzer);
    const ref = resourceOfArn(input.resourceArn, caller, input.resourceOwnerAccount);
    if (!ref || !zone.accounts.includes(ref.account)) throw notFound(messages.accessAnalyzer.resourceNotFound(input.resourceArn), input.resourceArn, 'AWS::AccessAnalyzer::Resource');
    await refreshResources(tx, ref.account, [ref], now, [analyzer]);
    return {};
  },
});

// --- Statistics and recommendations ---------------------------------------------------------

const count = (rows: FindingRecord[], status: string) => rows.filter((f) => f.status === status).length;

/** ExternalAccessFindingsStatistics: totals by status, and active findings by resource type (public, cross-account). */
function externalStatistics(rows: FindingRecord[]) {
  const resourceTypeStatistics: Record<string, { totalActivePublic: number; totalActiveCrossAccount: number; totalActiveErrors: number }> = {};
  for (const f of rows) {
    if (f.status !== 'ACTIVE') continue;
    const s = (resourceTypeStatistics[f.resourceType] ??= { totalActivePublic: 0, totalActiveCrossAccount: 0, totalActiveErrors: 0 });
    if (f.isPublic) s.totalActivePublic++;
    else s.totalActiveCrossAccount++;
  }
  return { externalAccessFindingsStatistics: { resourceTypeStatistics, totalActiveFindings: count(rows, 'ACTIVE'), totalArchivedFindings: count(rows, 'ARCHIVED'), totalResolvedFindings: count(rows, 'RESOLVED') } };
}

/** UnusedAccessFindingsStatistics: active findings by type, the (at most 10) accounts with the most, and totals by status. */
function unusedStatistics(rows: FindingRecord[]) {
  const active = rows.filter((f) => f.status === 'ACTIVE');
  const unusedAccessTypeStatistics = UNUSED_FINDING_TYPES.map((type) => ({ unusedAccessType: type, total: active.filter((f) => f.findingType === type).length })).filter((s) => s.total > 0);
  const accounts = new Map<string, Record<string, number>>();
  for (const f of active) {
    const details = accounts.get(f.resourceOwnerAccount) ?? {};
    details[f.findingType] = (details[f.findingType] ?? 0) + 1;
    accounts.set(f.resourceOwnerAccount, details);
  }
  const topAccounts = [...accounts]
    .map(([account, details]) => ({ account, numberOfActiveFindings: Object.values(details).reduce((a, b) => a + b, 0), details }))
    .sort((a, b) => b.numberOfActiveFindings - a.numberOfActiveFindings || a.account.localeCompare(b.account))
    .slice(0, 10);
  return {
    unusedAccessFindingsStatistics: {
      unusedAccessTypeStatistics,
      ...(topAccounts.length ? { topAccounts } : {}),
      totalActiveFindings: active.length,
      totalArchivedFindings: count(rows, 'ARCHIVED'),
      totalResolvedFindings: count(rows, 'RESOLVED'),
    },
  };
}

export const getFindingsStatistics = defineAction({
  name: 'GetFindingsStatistics',
  service: 'access-analyzer',
  // Not read-only: a stale unused access analyzer is rescanned first.
  authorizationCache: 'unchanged',
  input: z.object({ analyzerArn: AnalyzerArn }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerForFindings(tx, caller, input.analyzerArn, now);
    const rows = await tx.analyzerFinding.findMany({ where: { analyzerId: analyzer.id } });
    const statistics = isUnusedAccessAnalyzer(analyzer.type) ? unusedStatistics(rows) : externalStatistics(rows);
    const scanned = await tx.analyzer.findUniqueOrThrow({ where: { id: analyzer.id }, select: { lastResourceAnalyzedAt: true } });
    return { findingsStatistics: [statistics], lastUpdatedAt: scanned.lastResourceAnalyzedAt ?? analyzer.createdAt };
  },
});

/** A stored recommendation (AnalyzerFinding.recommendation), as GetFindingRecommendation returns it but for paging. */
interface StoredRecommendation {
  startedAt: string;
  completedAt: string;
  resourceArn: string;
  status: 'SUCCEEDED' | 'FAILED';
  recommendedSteps?: RecommendedStep[];
  error?: { code: string; message: string };
}

const RecommendationId = z.string().min(1).max(2048);

export const generateFindingRecommendation = defineAction({
  name: 'GenerateFindingRecommendation',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerArn: AnalyzerArn, id: RecommendationId }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const f = await findingOf(tx, await analyzerByArn(tx, caller, input.analyzerArn), input.id);
    if (f.findingType !== 'UnusedPermission') throw new AwsError('ValidationError', messages.accessAnalyzer.recommendationUnsupported(f.findingType), 400);
    // Computed at once (a few policies through the catalog): the job is done when GetFindingRecommendation asks.
    const steps = await recommendedSteps(tx, f.resource, f.details as Record<string, Record<string, unknown>>[]);
    const done = { startedAt: now.toISOString(), completedAt: now.toISOString(), resourceArn: f.resource };
    const recommendation: StoredRecommendation = steps
      ? { ...done, status: 'SUCCEEDED', recommendedSteps: steps }
      : { ...done, status: 'FAILED', error: { code: 'RESOURCE_NOT_FOUND', message: messages.accessAnalyzer.principalGone(f.resource) } };
    await tx.analyzerFinding.update({ where: { id: f.id }, data: { recommendation: recommendation as object } });
    return {};
  },
});

export const getFindingRecommendation = defineAction({
  name: 'GetFindingRecommendation',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ analyzerArn: AnalyzerArn, id: RecommendationId, maxResults: MaxResults, nextToken: Token }),
  target: byArn,
  async handler(input, { tx, caller }) {
    const f = await findingOf(tx, await analyzerByArn(tx, caller, input.analyzerArn), input.id);
    const stored = f.recommendation as StoredRecommendation | null;
    if (!stored) throw notFound(messages.accessAnalyzer.recommendationNotFound(input.id), input.id, 'AWS::AccessAnalyzer::FindingRecommendation');
    const { recommendedSteps: steps, ...rest } = stored;
    const { items, nextToken } = page('steps', steps ?? [], input.nextToken, input.maxResults);
    return { ...rest, recommendationType: 'UnusedPermissionRecommendation', ...(steps ? { recommendedSteps: items } : {}), ...(nextToken ? { nextToken } : {}) };
  },
});

// --- Archive rules --------------------------------------------------------------------------

type RuleRecord = NonNullable<Awaited<ReturnType<Tx['analyzerArchiveRule']['findFirst']>>>;
const ruleShape = (r: RuleRecord) => ({ ruleName: r.name, filter: r.filter as Filter, createdAt: r.createdAt, updatedAt: r.updatedAt });

async function ruleOf(tx: Tx, analyzerId: string, name: string): Promise<RuleRecord> {
  const rule = await tx.analyzerArchiveRule.findUnique({ where: { analyzerId_name: { analyzerId, name } } });
  if (!rule) throw notFound(messages.accessAnalyzer.archiveRuleNotFound(name), name, 'AWS::AccessAnalyzer::ArchiveRule');
  return rule;
}

export const createArchiveRule = defineAction({
  name: 'CreateArchiveRule',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerName: AnalyzerName, ruleName: RuleName, filter: FilterSchema, clientToken: ClientToken }),
  target: byRule,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    if (await tx.analyzerArchiveRule.findUnique({ where: { analyzerId_name: { analyzerId: analyzer.id, name: input.ruleName } } })) {
      throw conflict(messages.accessAnalyzer.archiveRuleExists(input.ruleName), input.ruleName, 'AWS::AccessAnalyzer::ArchiveRule');
    }
    await tx.analyzerArchiveRule.create({ data: { analyzerId: analyzer.id, name: input.ruleName, filter: input.filter, createdAt: now, updatedAt: now } });
    return {};
  },
});

export const getArchiveRule = defineAction({
  name: 'GetArchiveRule',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ analyzerName: AnalyzerName, ruleName: RuleName }),
  target: byRule,
  async handler(input, { tx, caller }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    return { archiveRule: ruleShape(await ruleOf(tx, analyzer.id, input.ruleName)) };
  },
});

export const listArchiveRules = defineAction({
  name: 'ListArchiveRules',
  service: 'access-analyzer',
  readOnly: true,
  input: z.object({ analyzerName: AnalyzerName, nextToken: Token, maxResults: MaxResults }),
  target: byName,
  async handler(input, { tx, caller }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    const rules = await tx.analyzerArchiveRule.findMany({ where: { analyzerId: analyzer.id }, orderBy: { name: 'asc' } });
    const { items, nextToken } = page('rules', rules, input.nextToken, input.maxResults);
    return { archiveRules: items.map(ruleShape), ...(nextToken ? { nextToken } : {}) };
  },
});

export const updateArchiveRule = defineAction({
  name: 'UpdateArchiveRule',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerName: AnalyzerName, ruleName: RuleName, filter: FilterSchema, clientToken: ClientToken }),
  target: byRule,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    await ruleOf(tx, analyzer.id, input.ruleName);
    await tx.analyzerArchiveRule.update({ where: { analyzerId_name: { analyzerId: analyzer.id, name: input.ruleName } }, data: { filter: input.filter, updatedAt: now } });
    return {};
  },
});

export const deleteArchiveRule = defineAction({
  name: 'DeleteArchiveRule',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerName: AnalyzerName, ruleName: RuleName, clientToken: ClientToken }),
  target: byRule,
  async handler(input, { tx, caller }) {
    const analyzer = await analyzerByName(tx, caller, input.analyzerName);
    await ruleOf(tx, analyzer.id, input.ruleName);
    await tx.analyzerArchiveRule.delete({ where: { analyzerId_name: { analyzerId: analyzer.id, name: input.ruleName } } });
    return {};
  },
});

export const applyArchiveRule = defineAction({
  name: 'ApplyArchiveRule',
  service: 'access-analyzer',
  authorizationCache: 'unchanged',
  input: z.object({ analyzerArn: AnalyzerArn, ruleName: RuleName, clientToken: ClientToken }),
  target: byArn,
  async handler(input, { tx, caller, now }) {
    const analyzer = await analyzerByArn(tx, caller, input.analyzerArn);
    const rule = await ruleOf(tx, analyzer.id, input.ruleName);
    const active = await tx.analyzerFinding.findMany({ where: { analyzerId: analyzer.id, status: 'ACTIVE' } });
    const ids = active.filter((f) => matchesFilter(filterable(f), rule.filter as Filter)).map((f) => f.id);
    if (ids.length) await tx.analyzerFinding.updateMany({ where: { id: { in: ids } }, data: { status: 'ARCHIVED', updatedAt: now } });
    return {};
  },
});

export const analyzerActions: AnyAction[] = [
  createAnalyzer,
  getAnalyzer,
  listAnalyzers,
  updateAnalyzer,
  deleteAnalyzer,
  listFindingsAction,
  listFindingsV2Action,
  getFindingAction,
  getFindingV2Action,
  updateFindingsAction,
  startResourceScan,
  getFindingsStatistics,
  generateFindingRecommendation,
  getFindingRecommendation,
  createArchiveRule,
  getArchiveRule,
  listArchiveRules,
  updateArchiveRule,
  deleteArchiveRule,
  applyArchiveRule,
];
