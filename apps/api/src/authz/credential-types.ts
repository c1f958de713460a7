/**
 * What each kind of credential may call, whatever its policies allow — AWS's fixed rules, checked
 * by the dispatcher for every action (those that need no permission included):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html
 * ("Comparing AWS STS credentials"), id_credentials_temp_control-access_getsessiontoken.html
 * and id_credentials_temp_control-access_getfederationtoken.html.
 *
 * - GetSessionToken credentials call no IAM operation unless the session was MFA-authenticated,
 *   and of STS only AssumeRole and GetCallerIdentity.
 * - GetFederationToken credentials call no IAM operation at all, and of STS only GetCallerIdentity.
 * - Role sessions and console sessions cannot call GetSessionToken or GetFederationToken (both
 *   need long-term credentials): a password-only console session must not mint API keys that
 *   outlive it.
 */
import { messages } from '../messages';
import type { Caller } from '../auth/caller';
import { AwsError } from '../errors';
import { invalidClientToken } from '../auth/temporary-caller';

const LONG_TERM_ONLY = new Set(['sts:GetSessionToken', 'sts:GetFederationToken']);
const SESSION_TOKEN_STS = new Set(['sts:AssumeRole', 'sts:GetCallerIdentity']);

const sessionCredentialsRefused = (action: string) => new AwsError('AccessDenied', messages.sessionCredentialsRefused(action.slice(action.indexOf(':') + 1)), 403);

/** Why the caller's credential type may not call `action` (`iam:ListUsers`), or undefined if it may. */
export function credentialTypeRefusal(caller: Caller, action: string): AwsError | undefined {
  const service = action.slice(0, action.indexOf(':'));
  switch (caller.credentialType) {
    case 'long-term':
    case 'anonymous':
      return undefined;
    case 'console':
    case 'role-session':
      return LONG_TERM_ONLY.has(action) ? sessionCredentialsRefused(action) : undefined;
    case 'session-token':
      if (service === 'iam' && !caller.mfaAuthenticatedAt) return invalidClientToken();
      if (service === 'sts' && !SESSION_TOKEN_STS.has(action)) return sessionCredentialsRefused(action);
      return undefined;
    case 'federation-token':
      if (service === 'iam') return invalidClientToken();
      if (service === 'sts' && action !== 'sts:GetCallerIdentity') return sessionCredentialsRefused(action);
      return undefined;
  }
}
