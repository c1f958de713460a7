// The one place the console talks HTTP. Screens call typed functions in api/queries/<area>.ts,
// which call this client; nobody else writes fetch calls.
//
// SECURITY: the session cookie is sent only to our own origin (`credentials: 'same-origin'`),
// and every mutating request carries the CSRF token the server handed out with the session
// (double-submit defence). The token is kept in memory only, never in storage.

/** The REST error body every non-2xx API response carries (DESIGN.md, Errors). */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string };
}

/** An API call that did not succeed: the server's AWS-style error code, message and request ID. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** AWS error code, e.g. `InvalidCredentials`, `ValidationError`, `NoSuchEntity`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The request ID the server assigned, for support and the audit log. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** True when `error` is an {@link ApiError}, optionally with the given code. */
export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;

/** Remembers the CSRF token from `POST /api/session` or `GET /api/session` (null on sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token currently held, if any. */
export function getCsrfToken(): string | null {
  return csrfToken;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends one request; resolves with the parsed JSON body or throws an {@link ApiError}. */
export async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError('NetworkError', 'The Portcullis server could not be reached. Check your connection and try again.', 0);
  }

  const parsed = await readBody(response);
  if (response.ok) return parsed as T;

  // The API sets the request ID header AWS's SDKs read; a proxy in front may only set its own.
  const headerRequestId = response.headers.get('x-amzn-requestid') ?? response.headers.get('x-request-id') ?? undefined;
  if (isErrorBody(parsed)) {
    const { code, message, requestId } = parsed.error;
    throw new ApiError(code, message, response.status, requestId ?? headerRequestId);
  }
  throw new ApiError(
    response.status >= 500 ? 'InternalFailure' : 'UnknownError',
    `The server answered ${response.status} ${response.statusText}`.trim(),
    response.status,
    headerRequestId,
  );
}

/** Typed shorthands for {@link request}. */
export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};
