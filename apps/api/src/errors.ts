/**
 * The one error type of the API, and the one place that maps library errors (zod, Prisma,
 * body parsing) to AWS error codes. Protocol adapters render an AwsError; anything else is a
 * bug and becomes a 500 with no detail.
 */
import { ZodError } from 'zod';
import { AWS_ERROR_CODE_PARAM } from '@portcullis/shared';
import { messages } from './messages';

/** An error with AWS's code, HTTP status and message. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Extra response headers every protocol's error rendering sends with it (setErrorHeaders). */
    readonly headers?: Readonly<Record<string, string>>,
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
/**
 * AWS's common error for a temporary failure (IAM API Reference, "Common Errors":
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html — ServiceUnavailable,
 * "The request has failed due to a temporary failure of the server.", HTTP 503). The SDKs
 * retry it; Retry-After says when.
 */
export const serviceUnavailable = () => new AwsError('ServiceUnavailable', messages.serviceUnavailable, 503, { 'Retry-After': '1' });

/** Sets an error reply's extra headers (Retry-After on every 503): the one helper all protocols' renderers call. */
export function setErrorHeaders(res: { setHeader(name: string, value: string): unknown }, error: AwsError): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  if (error.status === 503 && !Object.keys(error.headers ?? {}).some((name) => name.toLowerCase() === 'retry-after')) res.setHeader('Retry-After', '1');
}

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
  if (e.type === 'entity.parse.failed') return new AwsError('MalformedInput', messages.bodyNotJson, 400);
  if (e.type === 'entity.too.large') return new AwsError('RequestEntityTooLarge', messages.bodyTooLarge, 413);
  if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AwsError('InvalidRequest', messages.bodyUnreadable, e.status);
  }
  // The database refused the connection, ended it, or did not answer: a temporary failure.
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  if (e.code === PRISMA_UNIQUE_VIOLATION) return entityAlreadyExists(messages.entityNameTaken);
  if (e.code === PRISMA_FOREIGN_KEY_VIOLATION) return deleteConflict(messages.entityStillInUse);
  if (e.code === PRISMA_NOT_FOUND) return noSuchEntity(messages.entityDoesNotExist);
  // Raw unique violations from PostgreSQL (e.g. the case-insensitive name indexes).
  if (e.code === '23505' || (typeof e.name === 'string' && /UniqueConstraint/.test(e.name))) {
    return entityAlreadyExists(messages.entityNameTaken);
  }
  return null;
}

/** Prisma's connection-level codes: can't reach the server, timed out, server closed the connection, timed out fetching a pooled connection. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/**
 * PostgreSQL's SQLSTATEs of a connection that failed or was ended: class 08 (connection
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
 * 53300 too_many_connections.
 */
const POSTGRES_UNAVAILABLE = /^(08\w{3}|57P0[123]|53300)$/;
/** Socket errors of node-postgres (before Prisma's driver adapter wraps them). */
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Prisma's driver-adapter error kinds for the same. */
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/**
 * node-postgres and Prisma errors that carry no telling code, by their text — "connect ENOENT
 * …/.s.PGSQL.5432" is a Unix-domain socket that is gone: the server (the embedded one) stopped.
 */
const UNAVAILABLE_TEXT = /connect ENOENT \S*\.s\.PGSQL\.|Client has encountered a connection error|Client was closed and is not queryable|Connection terminated|timeout exceeded when trying to connect|Can't reach database server|server closed the connection unexpectedly|Connection is closed|Unable to start a transaction in the given time/i;

/**
 * True when the error (or what it wraps: `cause`, Prisma's `meta.driverAdapterError`) says the
 * database could not be reached or ended the connection — not that it rejected the request.
 * A FATAL PostgreSQL error always ends the session (e.g. 55000 "database … is not currently
 * accepting connections").
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as { code?: unknown; originalCode?: unknown; kind?: unknown; severity?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
  const codes = [e.code, e.originalCode].filter((code): code is string => typeof code === 'string');
  if (codes.some((code) => PRISMA_UNAVAILABLE.has(code) || POSTGRES_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code))) return true;
  if (typeof e.kind === 'string' && ADAPTER_UNAVAILABLE.has(e.kind)) return true;
  // PostgreSQL's own errors carry a severity, raw (node-postgres) or wrapped by Prisma's adapter.
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  const inner = [e.meta?.driverAdapterError, e.cause].filter((next) => next !== undefined && next !== error);
  return inner.some((next) => isDatabaseUnavailable(next, depth + 1));
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
  return validationError(messages.validationErrors(described));
}

/** PostgreSQL's 40001 (serialization_failure) or 40P01 (deadlock_detected), however Prisma wraps it. */
export function isSerializationFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
  if (e.code === 'P2034' || [e.code, e.originalCode].some((code) => code === '40001' || code === '40P01')) return true;
  const text = `${String(e.message ?? '')} ${JSON.stringify(e.meta ?? {})}`;
  if (/40001|40P01|TransactionWriteConflict|could not serialize access|deadlock detected/.test(text)) return true;
  return e.cause !== undefined && e.cause !== error && isSerializationFailure(e.cause);
}
