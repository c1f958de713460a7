/**
 * Who is calling, however they authenticated (console session, access key, temporary
 * credentials): what the dispatcher authorizes and audits, and the policy engine's principal.
 */
/**
 * long-term: an access key (AKIA…); console: a console session signed in with a password (and
 * MFA); session-token: GetSessionToken; federation-token: GetFederationToken; role-session:
 * AssumeRole* (also the console after Switch role); anonymous: unsigned federation calls.
 */
export type CredentialType = 'long-term' | 'console' | 'session-token' | 'federation-token' | 'role-session' | 'anonymous';

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
  /**
   * What the caller authenticated with: AWS restricts what some credential types may call
   * (authz/credential-types.ts). `console` is a console sign-in (not switched to a role).
   */
  credentialType: CredentialType;
  /** When the temporary credential or console session was issued (aws:TokenIssueTime). */
  tokenIssuedAt?: Date;
  /** Session tag keys that pass to a chained role session (sts:TransitiveTagKeys). */
  transitiveTagKeys?: string[];
  /** The source identity set on the session (aws:SourceIdentity). */
  sourceIdentity?: string;
  /** How the request arrived and from where. */
  sourceIp: string;
  secureTransport: boolean;
  userAgent: string;
  /** The access key used, if any (for last-used tracking and audit). */
  accessKeyId?: string;
  /** rest | query */
  protocol: 'rest' | 'query' | 'json';
}
