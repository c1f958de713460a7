// The trust policies the Create role wizard generates, the "Trusted entities" of a trust policy,
// and the wizard's field checks.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html

export type TrustedEntityType = 'account' | 'service' | 'custom';

export interface AccountTrustOptions {
  /** `this` trusts the caller's own account, `another` the account ID typed in. */
  account: 'this' | 'another';
  thisAccountId: string;
  otherAccountId: string;
  requireExternalId: boolean;
  externalId: string;
  requireMfa: boolean;
}

/**
 * The console's trust policy for "AWS account": the account's root principal may call
 * sts:AssumeRole, optionally only with the external ID (StringEquals sts:ExternalId) and only
 * with MFA (Bool aws:MultiFactorAuthPresent).
 */
export function accountTrustPolicy(options: AccountTrustOptions): string {
  const accountId = options.account === 'this' ? options.thisAccountId : options.otherAccountId.trim();
  const condition: Record<string, Record<string, string>> = {};
  if (options.requireExternalId) condition.StringEquals = { 'sts:ExternalId': options.externalId };
  if (options.requireMfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: 'sts:AssumeRole',
  };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

/** The trust policy for "AWS service": the service principal may call sts:AssumeRole. */
export function serviceTrustPolicy(servicePrincipal: string): string {
  return JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: 'sts:AssumeRole' }] },
    null,
    2,
  );
}

/** The starting point of "Custom trust policy", as in the console. */
export const CUSTOM_TRUST_TEMPLATE = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'Statement1', Effect: 'Allow', Principal: {}, Action: 'sts:AssumeRole' }] },
  null,
  2,
);

const asList = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** "Trusted entities" of a trust policy: who its Allow statements name, in the console's words. */
export function trustedEntities(document: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.trim().startsWith('%') ? decodeURIComponent(document) : document);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const raw = (parsed as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const out = new Set<string>();
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) continue;
    const { Effect, Principal } = statement as { Effect?: unknown; Principal?: unknown };
    if (Effect !== 'Allow') continue;
    if (Principal === '*') out.add('Anyone (*)');
    if (typeof Principal !== 'object' || Principal === null) continue;
    const p = Principal as Record<string, unknown>;
    for (const aws of asList(p.AWS)) {
      const account = /^arn:aws:iam::(\d{12}):root$/.exec(aws)?.[1] ?? (/^\d{12}$/.test(aws) ? aws : undefined);
      out.add(account ? `Account: ${account}` : aws === '*' ? 'Anyone (*)' : `AWS: ${aws}`);
    }
    for (const service of asList(p.Service)) out.add(`AWS Service: ${service.replace(/\.amazonaws\.com$/, '')}`);
    for (const federated of asList(p.Federated)) out.add(`Identity Provider: ${federated}`);
  }
  return [...out];
}

const ROLE_NAME = /^[\w+=,.@-]+$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]+$/;

export function validateRoleName(name: string): string | undefined {
  if (name === '') return 'Enter a role name.';
  if (name.length > 64) return 'The role name can have at most 64 characters.';
  if (!ROLE_NAME.test(name)) return 'Use alphanumeric and "+=,.@-_" characters only.';
  return undefined;
}

export function validateRoleDescription(description: string): string | undefined {
  if (description.length > 1000) return 'The description can have at most 1,000 characters.';
  if (!/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/.test(description)) return 'The description contains characters that are not allowed.';
  return undefined;
}

export function validateAccountId(accountId: string): string | undefined {
  if (accountId.trim() === '') return 'Enter the 12-digit ID of the AWS account.';
  if (!/^\d{12}$/.test(accountId.trim())) return 'The account ID must be exactly 12 digits.';
  return undefined;
}

export function validateExternalId(externalId: string): string | undefined {
  if (externalId.length < 2) return 'The external ID must have at least 2 characters.';
  if (externalId.length > 1224) return 'The external ID can have at most 1,224 characters.';
  if (!EXTERNAL_ID.test(externalId)) return 'Use alphanumeric and "+=,.@:/-_" characters only.';
  return undefined;
}

/** The first problem of the "AWS account" choices, per field. */
export function validateAccountTrust(options: AccountTrustOptions): { otherAccountId?: string; externalId?: string } {
  const errors: { otherAccountId?: string; externalId?: string } = {};
  if (options.account === 'another') {
    const e = validateAccountId(options.otherAccountId);
    if (e) errors.otherAccountId = e;
  }
  if (options.requireExternalId) {
    const e = validateExternalId(options.externalId);
    if (e) errors.externalId = e;
  }
  return errors;
}

/** Maximum session duration choices: 1 to 12 hours, in seconds. */
export const SESSION_DURATIONS = Array.from({ length: 12 }, (_v, i) => ({ value: String((i + 1) * 3600), label: `${i + 1} hour${i ? 's' : ''}` }));
