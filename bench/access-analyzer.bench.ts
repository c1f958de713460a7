/**
 * Access Analyzer benchmark, against the issue's targets:
 * 1. CheckNoNewAccess on two 6 KB policies ≤ 50 ms — the engine's check alone, and the whole
 *    request through the real SDK client and server.
 * 2. The findings of an account with 1,000 roles, 1,000 AMIs and 1,000 snapshots recomputed
 *    ≤ 2 s after a change — incrementally, in the change's own request (UpdateAssumeRolePolicy,
 *    ModifyImageAttribute, ModifySnapshotAttribute, timed end to end, against the same request
 *    with no analyzer), and the full scan CreateAnalyzer runs, for scale.
 *
 * Run: `pnpm bench:analyzer`. Options: BENCH_RUNS (timed requests per case, default 20),
 * BENCH_RESOURCES (roles, AMIs and snapshots each, default 1000). Prints median and p95.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { parsePolicy } from '../packages/policy/src/index';
import { newAccessStatements } from '../apps/api/src/actions/access-analyzer/access-checks';
import { startSdkServer } from '../apps/api/test/sdk-server';
import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';

const requireApi = createRequire(new URL('../apps/api/package.json', import.meta.url));
// Installed under apps/api (the tests' dependency), loaded from there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const aa = requireApi('@aws-sdk/client-accessanalyzer') as any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ec2sdk = requireApi('@aws-sdk/client-ec2') as any;

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const N = Number(process.env.BENCH_RESOURCES ?? 1000);
const EXTERNAL = '444455556666';

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), max: s.at(-1)! };
};
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const line = (label: string, ms: number[], target?: number) => {
  const { median, p95, max } = stats(ms);
  console.log(`${label.padEnd(58)} median ${fmt(median).padStart(11)}  p95 ${fmt(p95).padStart(11)}  max ${fmt(max).padStart(11)}${target ? `  (target ≤ ${target} ms: ${p95 <= target ? 'met' : 'MISSED'})` : ''}`);
};
async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

// --- 1. CheckNoNewAccess on two 6 KB policies -------------------------------------------------

const SERVICES = ['s3', 'dynamodb', 'ec2', 'sqs', 'sns', 'kms', 'logs', 'lambda', 'iam', 'cloudwatch'];
/** A policy of about `bytes` bytes: statements of actions on resource patterns, some with conditions. */
function policyOf(bytes: number, seed: number, extra: object[] = []): string {
  const statements: object[] = [];
  let i = 0;
  while (JSON.stringify({ Version: '2012-10-17', Statement: [...statements, ...extra] }).length < bytes) {
    const svc = SERVICES[(i + seed) % SERVICES.length]!;
    statements.push({
      Sid: `S${i}`,
      Effect: i % 9 === 8 ? 'Deny' : 'Allow',
      Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`, `${svc}:Put${i}Item`],
      Resource: [`arn:aws:${svc}:us-east-1:111122223333:thing/team-${i}/*`, `arn:aws:${svc}:*:111122223333:other-${i % 5}/prefix?x*`],
      ...(i % 4 === 3 ? { Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } } : {}),
    });
    i++;
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [...statements, ...extra] });
}
const existing = policyOf(6 * 1024, 0);
// The new one: the same statements narrowed a little, plus one new grant (a FAIL, the slower answer).
const next = policyOf(6 * 1024 - 300, 0, [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bucket/*' }]);
console.log(`policies: existing ${existing.length} B, new ${next.length} B, ${JSON.parse(existing).Statement.length} statements each`);

const engine: number[] = [];
for (let i = 0; i < 10 + Math.max(RUNS, 50); i++) {
  const start = performance.now();
  const a = parsePolicy(next).document!;
  const b = parsePolicy(existing).document!;
  newAccessStatements(a, b);
  if (i >= 10) engine.push(performance.now() - start);
}
line('CheckNoNewAccess, engine (parse both + check)', engine, 50);

const server = await startSdkServer();
try {
  const analyzer = new aa.AccessAnalyzerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.root, maxAttempts: 1 });
  const e2e: number[] = [];
  let result = '';
  for (let i = 0; i < RUNS + 3; i++) {
    const ms = await time(async () => (result = (await analyzer.send(new aa.CheckNoNewAccessCommand({ newPolicyDocument: next, existingPolicyDocument: existing, policyType: 'IDENTITY_POLICY' }))).result));
    if (i >= 3) e2e.push(ms);
  }
  line(`CheckNoNewAccess, SDK request end to end (${result})`, e2e, 50);
  // What any signed request costs here (SigV4, authorization, audit), for comparison.
  const trivial: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const ms = await time(() => analyzer.send(new aa.ListAnalyzersCommand({})));
    if (i >= 3) trivial.push(ms);
  }
  line('ListAnalyzers, SDK request end to end (baseline)', trivial);

  // --- 2. Findings of 1,000 roles + 1,000 AMIs + 1,000 snapshots ----------------------------
  const db = server.database.db;
  const account = server.accountId;
  const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
  const trustOf = (i: number) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: i % 3 === 0 ? `arn:aws:iam::${EXTERNAL}:root` : `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', ...(i % 6 === 0 ? { Condition: { StringEquals: { 'sts:ExternalId': `x-${i}` } } } : {}) },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
  const seedStart = performance.now();
  await db.role.createMany({ data: Array.from({ length: N }, (_, i) => ({ id: `AROA${hex(17).toUpperCase()}`, accountId: account, name: `role-${i}`, arn: `arn:aws:iam::${account}:role/role-${i}`, assumeRolePolicyDocument: trustOf(i) })) });
  const snapshots = Array.from({ length: N }, () => `snap-${hex(17)}`);
  const images = Array.from({ length: N }, () => `ami-${hex(17)}`);
  await db.snapshot.createMany({ data: snapshots.map((id) => ({ id, accountId: account, volumeSize: 8 })) });
  await db.image.createMany({ data: images.map((id, i) => ({ id, accountId: account, name: `image-${i}`, snapshotId: snapshots[i] })) });
  await db.imageLaunchPermission.createMany({ data: images.flatMap((imageId, i) => (i % 4 === 0 ? [{ imageId, grantee: i % 8 === 0 ? 'all' : EXTERNAL }] : [])) });
  await db.snapshotVolumePermission.createMany({ data: snapshots.flatMap((snapshotId, i) => (i % 5 === 0 ? [{ snapshotId, grantee: EXTERNAL }] : [])) });
  console.log(`seeded ${N} roles, ${N} AMIs, ${N} snapshots in ${fmt(performance.now() - seedStart)}`);

  const iam = server.iam(server.root);
  const ec2 = new ec2sdk.EC2Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.root, maxAttempts: 1 });
  const changes = async (label: string) => {
    const out: Record<string, number[]> = { role: [], image: [], snapshot: [] };
    for (let i = 0; i < RUNS + 2; i++) {
      const k = (i * 37) % N;
      const role = await time(() => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: `role-${k}`, PolicyDocument: trustOf(k + i + 1) })));
      const image = await time(() => ec2.send(new ec2sdk.ModifyImageAttributeCommand({ ImageId: images[k], LaunchPermission: { [i % 2 ? 'Remove' : 'Add']: [{ UserId: EXTERNAL }] } })));
      const snapshot = await time(() => ec2.send(new ec2sdk.ModifySnapshotAttributeCommand({ SnapshotId: snapshots[k], Attribute: 'createVolumePermission', OperationType: i % 2 ? 'remove' : 'add', UserIds: ['999988887777'] })));
      if (i >= 2) {
        out.role!.push(role);
        out.image!.push(image);
        out.snapshot!.push(snapshot);
      }
    }
    line(`UpdateAssumeRolePolicy ${label}`, out.role!, label.includes('with') ? 2000 : undefined);
    line(`ModifyImageAttribute ${label}`, out.image!, label.includes('with') ? 2000 : undefined);
    line(`ModifySnapshotAttribute ${label}`, out.snapshot!, label.includes('with') ? 2000 : undefined);
  };
  await changes('(no analyzer: baseline)');

  const scan = await time(() => analyzer.send(new aa.CreateAnalyzerCommand({ analyzerName: 'bench', type: 'ACCOUNT' })));
  const analyzerArn = `arn:aws:access-analyzer:us-east-1:${account}:analyzer/bench`;
  const count = await db.analyzerFinding.count();
  line(`CreateAnalyzer: full scan of ${3 * N} resources (${count} findings)`, [scan], 2000);
  await changes('(with analyzer: finding committed)');

  // The finding is there when the change's request returns: check one.
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'role-1', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }) }));
  const found = await analyzer.send(new aa.ListFindingsCommand({ analyzerArn, filter: { resource: { eq: [`arn:aws:iam::${account}:role/role-1`] }, isPublic: { eq: ['true'] } } }));
  console.log(`public finding of role-1 visible right after the change: ${found.findings.length === 1 ? 'yes' : 'NO'}`);
  const list = await time(() => analyzer.send(new aa.ListFindingsCommand({ analyzerArn, maxResults: 100 })));
  line(`ListFindings (first page of ${await db.analyzerFinding.count()})`, [list]);
} finally {
  await server.close();
}
