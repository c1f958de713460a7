/**
 * Event-loop benchmark of the policy simulator (`pnpm exec tsx bench/simulate-event-loop.bench.ts`):
 * the real server on loopback, SigV4-signed Query API calls, and for each simulation the longest
 * time the event loop was held (perf_hooks.monitorEventLoopDelay, 1 ms resolution) next to
 *   - the baseline: the same measure around a one-action simulation, in the same run;
 *   - "one block before": the same inputs through the engine in one synchronous call, as the
 *     simulator ran before it was sliced (validate every input, then simulateCustomPolicy).
 * Simulations, each the largest the work limits allow (sized with the server's own estimate):
 *   1. pathological patterns: `arn:aws:s3:::*aaaa…b` resources against a 2,048-character ARN,
 *      the wildcard matcher's worst case, repeated over as many actions as the budget allows;
 *   2. realistic: SimulatePrincipalPolicy for a role with the largest AWS managed policies;
 *   3. largest documents: a 131,072-character resource policy and a body of about 1 MB.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { parsePolicy, simulateCustomPolicy, validatePolicy, type PolicyDocument } from '../packages/policy/src/index';
import { createApp } from '../apps/api/src/app';
import { createSecretBox, newMasterKey, parseMasterKey } from '../apps/api/src/crypto/secrets';
import { createLogger } from '../apps/api/src/logger';
import { setupFromEnvironment } from '../apps/api/src/setup/first-run';
import { newId, newSecretAccessKey } from '../apps/api/src/ids';
import { MAX_EVALUATIONS, MAX_EVALUATION_WORK, MAX_WORK, simulationWork } from '../apps/api/src/actions/simulation/simulation.actions';
import { createTestDatabase } from '../apps/api/test/test-database';

const ACCOUNT = '246813579024';
const database = await createTestDatabase();
const { db } = database;
const secrets = createSecretBox(parseMasterKey(newMasterKey()));
const root = { accessKeyId: 'AKIABENCHSIMULATE001', secretAccessKey: newSecretAccessKey() };
await setupFromEnvironment(db, secrets, { email: 'bench@example.com', password: 'Bench-Pass-123', accountId: ACCOUNT, rootAccessKeyId: root.accessKeyId, rootSecretAccessKey: root.secretAccessKey });

const app = createApp({ db, secrets, logger: createLogger('silent') });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;
const host = `127.0.0.1:${port}`;

/** A Query API body: lists as `Name.member.N`, ContextEntries as their structure. */
function queryBody(action: string, input: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams({ Action: action, Version: '2010-05-08' });
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v, k) => params.append(`${key}.member.${k + 1}`, v));
    else params.append(key, value);
  }
  return params.toString();
}

async function call(body: string): Promise<{ status: number; text: string }> {
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials: root, sha256: Hash.bind(null, 'sha256') });
  const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const { host: _host, ...headers } = request.headers;
  const res = await fetch(`http://${host}/`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

/** Runs one request while measuring the event loop: the longest stall and the request's time. */
async function measure(body: string) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { status, text } = await call(body);
  const { user, system } = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  histogram.disable();
  if (status !== 200) throw new Error(`${status}: ${text.slice(0, 500)}`);
  return { ms, cpuMs: (user + system) / 1000, maxStallMs: histogram.max / 1e6 };
}

/** The old path in one synchronous block: validate each input, then the engine's simulateCustomPolicy. */
function oneBlock(policies: string[], actions: string[], resources: string[] | undefined, resourcePolicy?: string, callerArn?: string): number {
  const start = performance.now();
  for (const p of policies) validatePolicy(p, { policyType: 'IDENTITY_POLICY' });
  if (resourcePolicy) validatePolicy(resourcePolicy, { policyType: 'RESOURCE_POLICY' });
  simulateCustomPolicy({ PolicyInputList: policies, ActionNames: actions, ResourceArns: resources, ResourcePolicy: resourcePolicy, CallerArn: callerArn });
  return performance.now() - start;
}

const ast = (text: string): PolicyDocument => parsePolicy(text).document!;
const work = (texts: string[], actions: string[], resources: string[], callerArn?: string) =>
  simulationWork(texts, texts.map(ast), { ActionNames: actions }, callerArn, resources);
/** As many actions as the total budget allows with these policies and resources (≤ MAX_EVALUATIONS). */
function mostActions(texts: string[], resources: string[], name: (i: number) => string, callerArn?: string): string[] {
  const actions = (n: number) => Array.from({ length: n }, (_, i) => name(i));
  let low = 1;
  let high = Math.floor(MAX_EVALUATIONS / resources.length);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (work(texts, actions(mid), resources, callerArn).total <= MAX_WORK) low = mid;
    else high = mid - 1;
  }
  return actions(low);
}
const doc = (Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

const rows: Record<string, string | number>[] = [];
function report(title: string, m: { ms: number; cpuMs: number; maxStallMs: number }, evaluations: number, before?: number) {
  rows.push({ simulation: title, evaluations, 'request ms': Math.round(m.ms), 'CPU ms': Math.round(m.cpuMs), 'max stall ms': +m.maxStallMs.toFixed(1), 'one block before ms': before === undefined ? '-' : Math.round(before) });
}

// 0. Baseline: one action, one small policy.
const small = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
for (let i = 0; i < 5; i++) await measure(queryBody('SimulateCustomPolicy', { PolicyInputList: [small], ActionNames: ['s3:GetObject'] })); // warm-up
const baseline = await measure(queryBody('SimulateCustomPolicy', { PolicyInputList: [small], ActionNames: ['s3:GetObject'] }));
report('baseline: 1 action, 1 statement', baseline, 1);

// 1. Pathological patterns: the most that fit one evaluation, over the most actions the budget allows.
const resource = `arn:aws:s3:::${'a'.repeat(2048 - 13)}`;
const pattern = `arn:aws:s3:::*${'a'.repeat(1000)}b`;
const patterns: string[] = [];
const pathological = () => [doc([{ Effect: 'Allow', Action: 's3:*', Resource: patterns }])];
while (work(pathological(), ['s3:Action0'], [resource]).largest < MAX_EVALUATION_WORK && patterns.length < 5) patterns.push(pattern);
if (work(pathological(), ['s3:Action0'], [resource]).largest > MAX_EVALUATION_WORK) patterns.pop();
const worstPolicies = pathological();
const worstActions = mostActions(worstPolicies, [resource], (i) => `s3:Action${i}`);
const worst = await measure(queryBody('SimulateCustomPolicy', { PolicyInputList: worstPolicies, ActionNames: worstActions, ResourceArns: [resource] }));
report(`pathological: ${patterns.length} × '*a{1000}b' vs a 2,048-char ARN`, worst, worstActions.length, oneBlock(worstPolicies, worstActions, [resource]));
// The indivisible unit: one evaluation at the per-evaluation limit (CPU time, best of 5).
let evaluationCpuMs = Infinity;
for (let i = 0; i < 5; i++) {
  const cpu = process.cpuUsage();
  simulateCustomPolicy({ PolicyInputList: worstPolicies, ActionNames: ['s3:Action0'], ResourceArns: [resource] });
  const { user, system } = process.cpuUsage(cpu);
  evaluationCpuMs = Math.min(evaluationCpuMs, (user + system) / 1000);
}

// 2. Realistic: a role with the largest AWS managed policies, as many actions as allowed.
const managed = await db.managedPolicy.findMany({
  where: { accountId: null, name: { in: ['ReadOnlyAccess', 'AWSSupportServiceRolePolicy', 'AWSConfigServiceRolePolicy', 'SageMakerStudioProjectUserRolePolicy', 'AdministratorAccess'] } },
  include: { versions: { where: { isDefault: true } } },
});
const role = await db.role.create({ data: { id: newId('role'), accountId: ACCOUNT, name: 'big', arn: `arn:aws:iam::${ACCOUNT}:role/big`, assumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) } });
for (const p of managed) await db.policyAttachment.create({ data: { roleId: role.id, policyId: p.id } });
const managedTexts = managed.map((p) => p.versions[0]!.document);
const services = ['ec2', 's3', 'iam', 'lambda', 'dynamodb', 'sagemaker', 'config', 'support', 'cloudwatch', 'kms'];
const bucket = 'arn:aws:s3:::example-bucket/some/key';
const realisticActions = mostActions(managedTexts, [bucket], (i) => `${services[i % services.length]}:Describe${i}`);
const realistic = await measure(queryBody('SimulatePrincipalPolicy', { PolicySourceArn: role.arn, ActionNames: realisticActions, ResourceArns: [bucket] }));
report(`realistic: role with ${managed.length} large AWS managed policies (${Math.round(managedTexts.join('').length / 1024)} KB)`, realistic, realisticActions.length, oneBlock(managedTexts, realisticActions, [bucket]));

// 3. Largest documents: a resource policy of 131,072 characters and identity policies near their quota.
const statements = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ Sid: `${prefix}${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/u${i}` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: [`arn:aws:s3:::bucket-${i}/*`], Condition: { StringLike: { 's3:prefix': [`home/${i}/*`] } } }));
let resourceStatements = 1;
while (doc(statements(resourceStatements + 1, 'R')).length <= 131072) resourceStatements++;
const bigResourcePolicy = doc(statements(resourceStatements, 'R'));
const identity = Array.from({ length: 6 }, (_, k) => doc(statements(30, `I${k}x`).map(({ Principal: _p, ...s }) => s)));
const callerArn = `arn:aws:iam::${ACCOUNT}:user/u1`;
const docActions = mostActions([...identity, bigResourcePolicy], ['arn:aws:s3:::bucket-1/key'], (i) => (i % 2 ? 's3:GetObject' : 's3:PutObject'), callerArn).slice(0, 200);
const documents = await measure(queryBody('SimulateCustomPolicy', { PolicyInputList: identity, ActionNames: docActions, ResourceArns: ['arn:aws:s3:::bucket-1/key'], ResourcePolicy: bigResourcePolicy, CallerArn: callerArn }));
report(`documents: ${Math.round(bigResourcePolicy.length / 1024)} KB resource policy + ${identity.length} identity policies`, documents, docActions.length, oneBlock(identity, docActions, ['arn:aws:s3:::bucket-1/key'], bigResourcePolicy, callerArn));

console.log(`\nSimulator event-loop stalls (limits: ${MAX_EVALUATIONS} evaluations, ${MAX_EVALUATION_WORK.toLocaleString()} per evaluation, ${MAX_WORK.toLocaleString()} per request):`);
console.table(rows);
const worstStall = Math.max(worst.maxStallMs, realistic.maxStallMs, documents.maxStallMs);
console.log(`one evaluation at the per-evaluation limit (${work(worstPolicies, ['s3:Action0'], [resource]).largest.toLocaleString()}): ${evaluationCpuMs.toFixed(1)} ms of CPU`);
console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
console.log(`max stall over the large simulations: ${worstStall.toFixed(1)} ms (${(worstStall / baseline.maxStallMs).toFixed(1)}× the one-action baseline's ${baseline.maxStallMs.toFixed(1)} ms)`);

server.closeAllConnections();
server.close();
await database.drop();
process.exit(0);
