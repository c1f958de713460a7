/**
 * SECURITY (issue #12, finding 5): the policy simulator's work is bounded. IAM's model limits
 * are enforced with IAM's wording; a simulation whose work (action × resource evaluations against
 * the policies' patterns) exceeds the budget is refused with InvalidInput before anything is
 * evaluated; and the largest allowed simulations still answer correctly. Event-loop slicing is
 * measured by bench/simulate-event-loop.bench.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '@portcullis/policy';
import { createTestDatabase, type TestDatabase } from '../test-database';
import { createTestApp } from '../test-app';
import { rootClient, type ConsoleClient } from '../console-client';
import { MAX_EVALUATIONS, MAX_EVALUATION_WORK, MAX_WORK, simulationWork } from '../../src/actions/simulation/simulation.actions';

let database: TestDatabase;
let root: ConsoleClient;

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
/** The matcher's worst case: after the `*`, every position of a long run of `a` is retried. */
const PATTERN = `arn:aws:s3:::*${'a'.repeat(1000)}b`;
const LONG_ARN = `arn:aws:s3:::${'a'.repeat(2048 - 13)}`;
const pathological = (patterns: number) => doc({ Effect: 'Allow', Action: 's3:*', Resource: Array(patterns).fill(PATTERN) });
const work = (policies: string[], actions: string[], resources: string[]) =>
  simulationWork(policies, policies.map((p) => parsePolicy(p).document!), { ActionNames: actions }, undefined, resources);

interface Simulation {
  EvaluationResults: { EvalActionName: string; EvalResourceName: string; EvalDecision: string }[];
  IsTruncated: boolean;
}

beforeAll(async () => {
  database = await createTestDatabase();
  root = await rootClient(createTestApp(database).app, '123456789012');
});
afterAll(async () => database?.drop());

describe('IAM model constraints, in IAM words', () => {
  it.each([
    ['an action name over 128 characters', { ActionNames: [`s3:${'x'.repeat(126)}`] }, 'Member must have length less than or equal to 128'],
    ['an action name under 3 characters', { ActionNames: ['s3'] }, 'Member must have length greater than or equal to 3'],
    ['a resource ARN over 2,048 characters', { ActionNames: ['s3:GetObject'], ResourceArns: [`${LONG_ARN}a`] }, 'Member must have length less than or equal to 2048'],
    ['a policy over 131,072 characters', { ActionNames: ['s3:GetObject'], PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) + ' '.repeat(131072)] }, 'Member must have length less than or equal to 131072'],
    ['a policy with a character IAM refuses', { ActionNames: ['s3:GetObject'], PolicyInputList: [doc({ Sid: 'Ā', Effect: 'Allow', Action: 's3:*', Resource: '*' })] }, 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+'],
    ['a context key name over 256 characters', { ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: `aws:${'k'.repeat(253)}`, ContextKeyValues: ['v'] }] }, 'Member must have length less than or equal to 256'],
  ])('refuses %s with ValidationError', async (_, body, message) => {
    const res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(res.body.error.message).toMatch(/^1 validation error detected: /);
    expect(res.body.error.message).toContain(message);
  });
});

describe('work budget', () => {
  it('refuses a simulation whose total work exceeds the budget, before evaluating it', async () => {
    const policies = [pathological(2)];
    const actions = Array.from({ length: 200 }, (_, i) => `s3:Action${i}`);
    // Each evaluation fits, the whole does not (it would take seconds of CPU).
    expect(work(policies, actions.slice(0, 1), [LONG_ARN]).largest).toBeLessThanOrEqual(MAX_EVALUATION_WORK);
    expect(work(policies, actions, [LONG_ARN]).total).toBeGreaterThan(MAX_WORK);
    const res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: policies, ActionNames: actions, ResourceArns: [LONG_ARN] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/^The simulation is too large for one request \(200 action and resource combinations against \d+ characters of policy\)/) });
  });

  it('refuses a simulation whose single evaluation could hold the event loop too long', async () => {
    const policies = [pathological(3)];
    expect(work(policies, ['s3:GetObject'], [LONG_ARN]).largest).toBeGreaterThan(MAX_EVALUATION_WORK);
    const res = await root.call('iam', 'SimulateCustomPolicy', { PolicyInputList: policies, ActionNames: ['s3:GetObject'], ResourceArns: [LONG_ARN] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/^The simulation is too large: /) });
  });

  it('counts policy variables at the length of the longest context value', async () => {
    // 300 variables expanding to 20,000 characters each: 6 MB of patterns per evaluation.
    const policies = [doc({ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::*${'${aws:username}'.repeat(300)}` })];
    const res = await root.call('iam', 'SimulateCustomPolicy', {
      PolicyInputList: policies,
      ActionNames: ['s3:GetObject'],
      ResourceArns: [LONG_ARN],
      ContextEntries: [{ ContextKeyName: 'aws:username', ContextKeyValues: ['a'.repeat(20_000)], ContextKeyType: 'string' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidInput');
  });

  it('answers the largest allowed pathological simulation correctly', async () => {
    const policies = [pathological(2)];
    let count = 1;
    while (work(policies, Array.from({ length: count + 1 }, (_, i) => `s3:A${i}`), [LONG_ARN]).total <= MAX_WORK) count++;
    const actions = Array.from({ length: count }, (_, i) => `s3:A${i}`);
    const matching = `arn:aws:s3:::x${'a'.repeat(1000)}b`;
    const out = await root.ok<Simulation>('iam', 'SimulateCustomPolicy', { PolicyInputList: policies, ActionNames: actions, ResourceArns: [LONG_ARN], MaxItems: 1000 });
    expect(out.EvaluationResults).toHaveLength(count);
    expect(out.EvaluationResults.every((r) => r.EvalDecision === 'implicitDeny')).toBe(true);
    // The same patterns still match what they should.
    const hit = await root.ok<Simulation>('iam', 'SimulateCustomPolicy', { PolicyInputList: policies, ActionNames: ['s3:GetObject'], ResourceArns: [matching] });
    expect(hit.EvaluationResults[0]!.EvalDecision).toBe('allowed');
  }, 60_000);

  it(`answers ${MAX_EVALUATIONS} evaluations of ordinary policies, in order`, async () => {
    const policies = [
      doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: 'arn:aws:s3:::bucket/*' }),
      doc({ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/secret/*' }),
    ];
    const actions = Array.from({ length: 100 }, (_, i) => (i % 2 ? `s3:GetObject` : `s3:PutObject${i}`));
    const resources = Array.from({ length: 100 }, (_, i) => `arn:aws:s3:::bucket/${i % 10 === 0 ? 'secret/' : ''}key${i}`);
    expect(work(policies, actions, resources).total).toBeLessThanOrEqual(MAX_WORK);
    const out = await root.ok<Simulation & { Marker?: string }>('iam', 'SimulateCustomPolicy', { PolicyInputList: policies, ActionNames: actions, ResourceArns: resources, MaxItems: 1000 });
    expect(out.EvaluationResults).toHaveLength(1000);
    expect(out.IsTruncated).toBe(true);
    const expected = (a: number, r: number) => (a % 2 === 0 ? 'implicitDeny' : r % 10 === 0 ? 'explicitDeny' : 'allowed');
    out.EvaluationResults.forEach((result, k) => {
      const a = Math.floor(k / 100);
      const r = k % 100;
      expect([result.EvalActionName, result.EvalResourceName, result.EvalDecision]).toEqual([actions[a], resources[r], expected(a, r)]);
    });
  }, 60_000);
});
