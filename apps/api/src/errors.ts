/**
 * The one error type of the API, and the one place that maps library errors (zod, Prisma,
 * body parsing) to AWS error codes. Protocol adapters render an AwsError; anything else is a
 * bug and becomes a 500 with no detail.
 */
import { ZodError } from 'zod';
import { AWS_ERROR_CODE_PARAM } from '@portcullis/shared';

/** An error with AWS's code, HTTP status and message. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);
export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
export const malformedPolicyDocument = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);

/** Prisma's "unique constraint failed" code. */
const PRISMA_UNIQUE_VIOLATION = 'P2002';
const PRISMA_FOREIGN_KEY_VIOLATION = 'P2003';
const PRISMA_NOT_FOUND = 'P2025';

/** Turns whatever was thrown into an AwsError, or null when it is a bug (→ 500). */
export function toAwsError(error: unknown): AwsError | null {
  if (error instanceof AwsError) return error;
  if (error instanceof ZodError) return fromZod(error);
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; type?: unknown; status?: unknown; name?: unknown };
  // Express body-parser errors: malformed JSON, a body over the limit, a bad charset.
  if (e.type === 'entity.parse.failed') return new AwsError('MalformedInput', 'The request body is not valid JSON.', 400);
  if (e.type === 'entity.too.large') return new AwsError('RequestEntityTooLarge', 'The request body is too large.', 413);
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AwsError('InvalidRequest', 'The request body could not be read.', e.status);
  }
  if (e.code === PRISMA_UNIQUE_VIOLATION) return entityAlreadyExists('An entity with that name already exists.');
  if (e.code === PRISMA_FOREIGN_KEY_VIOLATION) return deleteConflict('The entity is still in use.');
  if (e.code === PRISMA_NOT_FOUND) return noSuchEntity('The entity does not exist.');
  // Raw unique violations from PostgreSQL (e.g. the case-insensitive name indexes).
  if (e.code === '23505' || (typeof e.name === 'string' && /UniqueConstraint/.test(e.name))) {
    return entityAlreadyExists('An entity with that name already exists.');
  }
  return null;
}

/** AWS reports the first failed constraint: "1 validation error detected: Value … at 'userName' failed to satisfy constraint: …". */
function fromZod(error: ZodError): AwsError {
  // A field check that stands for one AWS error (an unparseable ARN, a path without its
  // slashes) is answered as AWS answers it, with its own code and exact message.
  for (const issue of error.issues) {
    const code = (issue as { params?: Record<string, unknown> }).params?.[AWS_ERROR_CODE_PARAM];
    if (typeof code === 'string') return new AwsError(code, issue.message, 400);
  }
  const issues = error.issues;
  const described = issues.map((issue) => {
    const field = issue.path.join('.') || 'input';
    return `Value at '${field}' failed to satisfy constraint: ${issue.message}`;
  });
  const count = issues.length;
  return validationError(`${count} validation error${count === 1 ? '' : 's'} detected: ${described.join('; ')}`);
}
