/**
 * Every error code the API answers with carries the HTTP status AWS uses for it: the
 * `httpStatusCode` of the code's error shape in AWS's IAM and STS models (apps/api/aws-models).
 * Checked on the helpers of errors.ts and on every `new AwsError('Code', message, status)` in the
 * source, so a new error cannot be added with another status than AWS's. And the texts of those
 * errors come from the one table of messages (src/messages.ts), never from a literal in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors';
import { serviceModel } from '../src/protocols/model/service-model';

/** Error code → HTTP status, from the error shapes of the IAM and STS models. */
function modelStatuses(): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const service of ['iam', 'sts'] as const) {
    for (const shape of Object.values(serviceModel(service).shapes)) {
      if (shape.exception && shape.error?.code && shape.error.httpStatusCode) statuses.set(shape.error.code, shape.error.httpStatusCode);
    }
  }
  return statuses;
}

/** The arguments of each `new AwsError(…)` call in a source text, split at the top level. */
function awsErrorCalls(source: string): string[][] {
  const found: string[][] = [];
  for (let start = source.indexOf('new AwsError('); start !== -1; start = source.indexOf('new AwsError(', start + 1)) {
    const args: string[] = [];
    let depth = 0;
    let quote = '';
    let current = '';
    for (let i = start + 'new AwsError('.length; i < source.length; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === '\\') current += c + source[++i];
        else {
          if (c === quote) quote = '';
          current += c;
        }
        continue;
      }
      if (c === "'" || c === '"' || c === '`') quote = c;
      if (depth === 0 && (c === ',' || c === ')')) {
        args.push(current.trim());
        current = '';
        if (c === ')') break;
        continue;
      }
      if ('([{'.includes(c)) depth++;
      if (')]}'.includes(c)) depth--;
      current += c;
    }
    found.push(args);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * The console's own sign-in API (no AWS operation) answers a wrong MFA code at sign-in 401, as it
 * answers a wrong password: the web app tells a failed sign-in from an expired session by it.
 */
const NOT_AWS_OPERATIONS = new Set(['src/auth/console-session.ts InvalidAuthenticationCode']);

/** A call of one of the error helpers (errors.ts, the protocols' and services' own) with a literal text. */
const ERROR_HELPER_WITH_LITERAL =
  /\b(noSuchEntity|entityAlreadyExists|deleteConflict|limitExceeded|invalidInput|validationError|malformedPolicyDocument|accessDenied|invalidParameterValue|invalidParameterCombination|malformed|passwordPolicyViolation|invalidPublicKey|unrecognizedEncoding|invalidIdentityToken|expiredToken|incompleteSignature|signatureMismatch|invalidQueryParameter|filterLimitExceeded)\(\s*['"`][^'"`]*[A-Za-z]{3}/g;

describe("HTTP statuses of AWS's error codes", () => {
  const statuses = modelStatuses();

  it("gives errors.ts's helpers the model's statuses", () => {
    const helpers = [errors.noSuchEntity, errors.entityAlreadyExists, errors.deleteConflict, errors.limitExceeded, errors.invalidInput, errors.malformedPolicyDocument];
    for (const helper of helpers) {
      const error = helper('x');
      expect(error.status, error.code).toBe(statuses.get(error.code));
    }
    // Common errors the models do not declare (IAM API Reference, "Common Errors").
    expect(errors.validationError('x').status).toBe(400);
    expect(errors.accessDenied('x').status).toBe(403);
    expect(errors.serviceUnavailable().status).toBe(503);
  });

  it("answers with the model's status wherever the source raises a modeled IAM or STS code", () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(path.join(__dirname, '../src'))) {
      for (const [code, , status] of awsErrorCalls(readFileSync(file, 'utf8'))) {
        const literal = /^'([\w.]+)'$/.exec(code ?? '')?.[1];
        const where = path.relative(path.join(__dirname, '..'), file);
        if (!literal || !statuses.has(literal) || NOT_AWS_OPERATIONS.has(`${where} ${literal}`)) continue;
        checked++;
        const sent = status === undefined ? 400 : Number(status);
        if (sent !== statuses.get(literal)) mismatches.push(`${where}: ${literal} ${status ?? '(400)'} — the model says ${statuses.get(literal)}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(mismatches).toEqual([]);
  });

  it('takes every error text from the messages table (src/messages.ts), not from a literal', () => {
    // Texts still written in place in files another change owns; move them to messages.ts.
    const literals: string[] = [];
    for (const file of sourceFiles(path.join(__dirname, '../src'))) {
      const where = path.relative(path.join(__dirname, '..'), file);
      if (where === 'src/messages.ts') continue;
      for (const [code, message] of awsErrorCalls(readFileSync(file, 'utf8'))) {
        if (/^['"`]/.test(message ?? '')) literals.push(`${where}: ${code} ${message!.slice(0, 60)}`);
      }
      for (const match of readFileSync(file, 'utf8').matchAll(ERROR_HELPER_WITH_LITERAL)) literals.push(`${where}: ${match[0].slice(0, 80)}`);
    }
    expect(literals).toEqual([]);
  });
});
