/** AWS error codes the API returns, with their HTTP statuses (DESIGN.md "Errors"). */
export const ERROR_STATUS = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  DeleteConflict: 409,
  LimitExceeded: 409,
  MalformedPolicyDocument: 400,
  InvalidInput: 400,
  ValidationError: 400,
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  ExpiredToken: 403,
  PasswordPolicyViolation: 400,
  InvalidCredentials: 401,
  NotSignedIn: 401,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The REST error body: `{ "error": { "code", "message", "requestId" } }`. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}
