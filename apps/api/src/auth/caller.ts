/**
 * Who is calling, however they authenticated (console session, access key, temporary
 * credentials): what the dispatcher authorizes and audits, and the policy engine's principal.
 */
export interface Caller {
  kind: 'root' | 'user' | 'assumed-role' | 'federated-user';
  accountId: string;
  /** The principal ARN (aws:PrincipalArn). */
  arn: string;
  /** aws:userid: AIDA… for users, AROA…:session for role sessions, the account ID for root. */
  userId: string;
  /** The IAM user's name (aws:username), for users only. */
  userName?: string;
  /** The IAM user's database ID (users and their GetSessionToken sessions). */
  iamUserId?: string;
  /** For role sessions: the role's database ID and ARN. */
  roleId?: string;
  roleArn?: string;
  /** Session policies that narrow a temporary credential (documents). */
  sessionPolicies?: string[];
  /** Principal tags (aws:PrincipalTag/*): the user's or role's tags, session tags on top. */
  principalTags?: { Key: string; Value: string }[];
  /** When MFA was used to authenticate this session (aws:MultiFactorAuthPresent / Age). */
  mfaAuthenticatedAt?: Date;
  /** Temporary credentials (STS) carry aws:MultiFactorAuthPresent even when false. */
  temporary?: boolean;
  /** How the request arrived and from where. */
  sourceIp: string;
  secureTransport: boolean;
  userAgent: string;
  /** The access key used, if any (for last-used tracking and audit). */
  accessKeyId?: string;
  /** rest | query */
  protocol: 'rest' | 'query' | 'json';
}
