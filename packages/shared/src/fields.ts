/**
 * One schema per field, with AWS's limits and human messages, shared by the console (form
 * validation) and the API (input parsing). Sources: IAM API Reference and
 * shared/AWS-REFERENCE.md §3 (reference_iam-quotas, reference_identifiers).
 */
import { z } from 'zod';

/** `[\w+=,.@-]+` — the character set of IAM user, group, role and policy names. */
const IAM_NAME = /^[\w+=,.@-]+$/;
const nameMessage = 'can contain only alphanumeric characters and/or the following: +=,.@_-';

/** IAM user name: 1–64 characters of `[\w+=,.@-]`, unique per account case-insensitively. */
export const UserNameSchema = z.string().min(1).max(64).regex(IAM_NAME, nameMessage);
/** IAM group name: 1–128 characters. */
export const GroupNameSchema = z.string().min(1).max(128).regex(IAM_NAME, nameMessage);
/** IAM role name: 1–64 characters. */
export const RoleNameSchema = z.string().min(1).max(64).regex(IAM_NAME, nameMessage);
/** Managed or inline policy name: 1–128 characters. */
export const PolicyNameSchema = z.string().min(1).max(128).regex(IAM_NAME, nameMessage);
/** Instance profile name: 1–128 characters. */
export const InstanceProfileNameSchema = z.string().min(1).max(128).regex(IAM_NAME, nameMessage);

/**
 * A zod issue that is one AWS error as is (its code and exact message) rather than a line of
 * "N validation errors detected: …": the API answers it verbatim (apps/api/src/errors.ts).
 */
export const AWS_ERROR_CODE_PARAM = 'awsErrorCode';
function addAwsIssue(ctx: z.RefinementCtx, code: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { [AWS_ERROR_CODE_PARAM]: code } });
}

/** AWS's ValidationError for a Path that does not begin and end with `/` (or has an empty segment). */
export const INVALID_PATH_MESSAGE = 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';

/** Path: `/` or `/…/` of printable ASCII, 1–512 characters, no empty segment. */
export const PathSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\u0021-\u007E]*$/, 'must contain only printable ASCII characters')
  .superRefine((path, ctx) => {
    if (path.length && (!path.startsWith('/') || !path.endsWith('/') || path.includes('//'))) addAwsIssue(ctx, 'ValidationError', INVALID_PATH_MESSAGE);
  });
/** PathPrefix of List* calls: `/` followed by printable ASCII. */
export const PathPrefixSchema = z.string().min(1).max(512).regex(/^\/[\u0021-\u007F]*$/, 'must begin with /');

/** Tag key: 1–128, value: 0–256, `[\p{L}\p{Z}\p{N}_.:/=+\-@]`. At most 50 per entity. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TagKeySchema = z.string().min(1).max(128).regex(TAG_CHARS, 'contains characters that are not allowed in a tag key');
export const TagValueSchema = z.string().max(256).regex(TAG_CHARS, 'contains characters that are not allowed in a tag value');
export const TagSchema = z.object({ Key: TagKeySchema, Value: TagValueSchema });
export const TagListSchema = z.array(TagSchema).max(50, 'at most 50 tags');
export type Tag = z.infer<typeof TagSchema>;

/** Policy document text: `[\u0009\u000A\u000D\u0020-\u00FF]+`, at most 131,072 characters. */
export const PolicyDocumentTextSchema = z
  .string()
  .min(1)
  .max(131072)
  .regex(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, 'contains characters outside the allowed range');

/** A 12-digit AWS account ID. */
export const AccountIdSchema = z.string().regex(/^\d{12}$/, 'must be 12 digits');
/** AWS's ValidationError for an ARN parameter that does not parse as an ARN (two spaces, as AWS writes it). */
export const INVALID_ARN_MESSAGE = 'Invalid ARN:  Could not be parsed!';
/** Does the text parse as an ARN: arn:partition:service:region:account:resource? */
export function parsesAsArn(text: string): boolean {
  return /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:[\w+=/,.@-]*:[\w+=/,.@-]*:.+$/.test(text);
}
/**
 * An ARN parameter (AWS's arnType: 20–2048 characters); one that does not parse as an ARN is
 * AWS's ValidationError "Invalid ARN:  Could not be parsed!" once its length is right.
 */
export const ArnSchema = z
  .string()
  .min(20)
  .max(2048)
  .superRefine((arn, ctx) => {
    if (arn.length >= 20 && arn.length <= 2048 && !parsesAsArn(arn)) addAwsIssue(ctx, 'ValidationError', INVALID_ARN_MESSAGE);
  });
/** Access key ID: `[\w]+`, 16–128 characters (in practice AKIA/ASIA + 16). */
export const AccessKeyIdSchema = z.string().min(16).max(128).regex(/^\w+$/, 'must be alphanumeric');
/** Console password: 1–128 characters of `[\u0009\u000A\u000D\u0020-\u00FF]`. */
export const PasswordSchema = z.string().min(1).max(128).regex(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, 'contains characters that are not allowed');
/** Account alias: 3–63 characters, lowercase DNS label style, no double hyphen, not 12 digits. */
export const AccountAliasSchema = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'must be lowercase letters, digits and single hyphens, not starting or ending with a hyphen')
  .refine((alias) => !/^\d{12}$/.test(alias), 'must not be a 12-digit number');
/** MaxItems of List* calls: 1–1000. */
export const MaxItemsSchema = z.coerce.number().int().min(1).max(1000);
/** Marker of List* calls: an opaque string. */
export const MarkerSchema = z.string().min(1).max(320);
