/**
 * STS federation: AssumeRoleWithWebIdentity (an OpenID Connect ID token) and AssumeRoleWithSAML
 * (a SAML 2.0 Response). Both are called without AWS credentials: the token is the proof, and
 * the role's trust policy, evaluated for the IAM identity provider as a Federated principal,
 * decides (the dispatcher does that for `anonymous` actions). The result is a role session like
 * AssumeRole's.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 */
import { z } from 'zod';
import { ArnSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { accessDenied, validationError } from '../../errors';
import { messages } from '../../messages';
import { existingRole, issueRoleSession, packedPolicySize, PolicyArnsSchema, roleByArn, SessionNameSchema, sessionPolicies, SessionPolicySchema } from './sessions';
import { invalidIdentityToken, sessionTagContext, verifyWebIdentityToken, webIdentityContext, webIdentitySessionTags, type VerifiedWebIdentity } from './oidc';
import { samlContext, samlRolePairs, samlSessionTags, verifySamlAssertion, type SamlVerifyOptions, type VerifiedSamlAssertion } from './saml';
import type { Db } from '../../db/client';
import type { TargetEnv } from '../action';

const notAuthorized = (action: string) => accessDenied(messages.notAuthorizedToPerform(action));

const WebIdentityInput = z.object({
  RoleArn: ArnSchema,
  RoleSessionName: SessionNameSchema,
  WebIdentityToken: z.string().min(4).max(20000),
  ProviderId: z.string().min(4).max(2048).optional(),
  Policy: SessionPolicySchema.optional(),
  PolicyArns: PolicyArnsSchema.optional(),
  DurationSeconds: z.number().int().min(900).max(43200).optional(),
});

export const assumeRoleWithWebIdentity = defineAction({
  name: 'AssumeRoleWithWebIdentity',
  service: 'sts',
  authorizationCache: 'unchanged',
  anonymous: true,
  input: WebIdentityInput,
  async target(input, _caller, db, env) {
    // ProviderId names an OAuth 2.0 provider (www.amazon.com, graph.facebook.com), whose access
    // tokens are checked by calling the provider: only OpenID Connect ID tokens are supported.
    if (input.ProviderId !== undefined) throw invalidIdentityToken(messages.providerIdNotSupported(input.ProviderId));
    const role = await roleByArn(db, input.RoleArn);
    // An unknown role: AccessDenied, as for a trust policy that does not allow the caller.
    if (!role) throw notAuthorized('sts:AssumeRoleWithWebIdentity');
    const identity = await verifyWebIdentityToken(db, role.accountId, input.WebIdentityToken, env.now, env.oidcAllowHttpIssuers);
    const { tags, transitiveTagKeys } = webIdentitySessionTags(identity);
    return {
      resource: role.arn,
      resourceAccount: role.accountId,
      resourcePolicy: { id: `${role.arn}#trust`, document: role.assumeRolePolicyDocument, mustAllow: true },
      federatedPrincipal: identity.providerArn,
      // The tags are keys of the whole request (a statement allowing both actions tests them once).
      context: { ...webIdentityContext(identity), 'sts:RoleSessionName': input.RoleSessionName, ...sessionTagContext(tags, transitiveTagKeys) },
      alsoRequires: tags.length ? [{ action: 'sts:TagSession', resource: role.arn, context: {} }] : [],
      identity,
      sessionTags: tags,
      transitiveTagKeys,
    };
  },
  async handler(input, ctx) {
    const identity: VerifiedWebIdentity = ctx.target.identity;
    const { sessionTags, transitiveTagKeys } = ctx.target;
    const role = await existingRole(ctx.tx, input.RoleArn, 'sts:AssumeRoleWithWebIdentity');
    const documents = await sessionPolicies(ctx.tx, role.accountId, input.Policy, input.PolicyArns);
    const session = await issueRoleSession(ctx, role, {
      sessionName: input.RoleSessionName,
      durationSeconds: input.DurationSeconds ?? 3600,
      maxDurationSeconds: role.maxSessionDuration,
      sessionPolicies: documents,
      sessionTags,
      transitiveTagKeys,
    });
    return {
      ...session,
      SubjectFromWebIdentityToken: identity.subject,
      // "For OpenID Connect ID tokens, this contains the value of the iss field."
      Provider: identity.issuer,
      Audience: identity.audience,
      PackedPolicySize: packedPolicySize(documents, sessionTags),
    };
  },
});

const SamlInput = z.object({
  RoleArn: ArnSchema,
  PrincipalArn: ArnSchema,
  SAMLAssertion: z.string().min(4).max(100000),
  Policy: SessionPolicySchema.optional(),
  PolicyArns: PolicyArnsSchema.optional(),
  DurationSeconds: z.number().int().min(900).max(43200).optional(),
});

/**
 * The target of a SAML sign-in, for the API (AssumeRoleWithSAML) and the console (POST /saml)
 * alike — one verifier: the role, the provider in its account, the verified assertion offering
 * this role with this provider, the trust policy's SAML keys, and sts:TagSession when the
 * assertion passes session tags (PrincipalTag:* attributes).
 */
async function samlTarget(input: { RoleArn: string; PrincipalArn: string; SAMLAssertion: string }, db: Db, env: TargetEnv, options: SamlVerifyOptions = {}) {
  const role = await roleByArn(db, input.RoleArn);
  if (!role) throw notAuthorized('sts:AssumeRoleWithSAML');
  // The SAML provider must be in the role's account.
  const provider = await db.samlProvider.findUnique({ where: { arn: input.PrincipalArn } });
  if (!provider || provider.accountId !== role.accountId) throw invalidIdentityToken(messages.samlProviderNotInRoleAccount(input.PrincipalArn));
  const assertion = verifySamlAssertion(input.SAMLAssertion, provider, env.now, options);
  // The assertion must offer this role with this provider in its Role attribute.
  if (!samlRolePairs(assertion).some((p) => p.roleArn === input.RoleArn && p.principalArn === input.PrincipalArn)) {
    throw notAuthorized('sts:AssumeRoleWithSAML');
  }
  const { tags, transitiveTagKeys } = samlSessionTags(assertion);
  return {
    resource: role.arn,
    resourceAccount: role.accountId,
    resourcePolicy: { id: `${role.arn}#trust`, document: role.assumeRolePolicyDocument, mustAllow: true },
    federatedPrincipal: provider.arn,
    context: { ...samlContext(assertion, provider.arn, provider.accountId, provider.name), 'sts:RoleSessionName': assertion.sessionName, ...sessionTagContext(tags, transitiveTagKeys) },
    alsoRequires: tags.length ? [{ action: 'sts:TagSession', resource: role.arn, context: {} }] : [],
    assertion,
    sessionTags: tags,
    transitiveTagKeys,
  };
}

/** Seconds left until the assertion's SessionNotOnOrAfter (Infinity without one). */
const untilSessionEnd = (assertion: VerifiedSamlAssertion, now: Date) =>
  assertion.sessionNotOnOrAfter ? Math.floor((assertion.sessionNotOnOrAfter.getTime() - now.getTime()) / 1000) : Infinity;

/** The SAML assertion's answer fields, as AssumeRoleWithSAML returns them. */
const samlOutput = (assertion: VerifiedSamlAssertion) => ({
  Subject: assertion.subject,
  SubjectType: assertion.subjectType,
  Issuer: assertion.issuer,
  Audience: assertion.audience,
  NameQualifier: assertion.nameQualifier,
});

export const assumeRoleWithSaml = defineAction({
  name: 'AssumeRoleWithSAML',
  service: 'sts',
  authorizationCache: 'unchanged',
  anonymous: true,
  input: SamlInput,
  target: (input, _caller, db, env) => samlTarget(input, db, env),
  async handler(input, ctx) {
    const { assertion, sessionTags, transitiveTagKeys } = ctx.target;
    const role = await existingRole(ctx.tx, input.RoleArn, 'sts:AssumeRoleWithSAML');
    const documents = await sessionPolicies(ctx.tx, role.accountId, input.Policy, input.PolicyArns);
    const requested = input.DurationSeconds ?? 3600;
    if (requested > role.maxSessionDuration) throw validationError(messages.durationOverMaxSession);
    // "Your role session lasts for the duration that you specify, or until the time specified in
    // the SAML authentication response's SessionNotOnOrAfter value, whichever is shorter." (The
    // SessionDuration attribute is the console session's length, not these credentials'.)
    const duration = Math.max(1, Math.min(requested, untilSessionEnd(assertion, ctx.now)));
    const session = await issueRoleSession(ctx, role, {
      sessionName: assertion.sessionName,
      durationSeconds: duration,
      maxDurationSeconds: role.maxSessionDuration,
      sessionPolicies: documents,
      sessionTags,
      transitiveTagKeys,
    });
    return { ...session, ...samlOutput(assertion), PackedPolicySize: packedPolicySize(documents, sessionTags) };
  },
});

/**
 * The console's SAML sign-in (POST /saml, then the role choice): AssumeRoleWithSAML itself —
 * the same target, so the same verifier and trust policy decide, and the same audit event in
 * the role's account — with two differences of AWS's sign-in endpoint: the assertion's Recipient
 * must be this console's endpoint (`acsUrl`), and the session lasts the SessionDuration
 * attribute (default one hour; within the role's maximum and SessionNotOnOrAfter).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html#saml_role-session-duration
 */
export function consoleSignInWithSaml(acsUrl: string) {
  return defineAction({
    name: 'AssumeRoleWithSAML',
    service: 'sts',
    authorizationCache: 'unchanged',
    anonymous: true,
    input: z.object({ RoleArn: ArnSchema, PrincipalArn: ArnSchema, SAMLAssertion: z.string().min(4).max(100000) }),
    target: (input, _caller, db, env) => samlTarget(input, db, env, { recipients: [acsUrl] }),
    async handler(input, ctx) {
      const { assertion, sessionTags, transitiveTagKeys } = ctx.target;
      const role = await existingRole(ctx.tx, input.RoleArn, 'sts:AssumeRoleWithSAML');
      const requested = Math.min(assertion.sessionDuration ?? 3600, role.maxSessionDuration);
      const duration = Math.max(1, Math.min(requested, untilSessionEnd(assertion, ctx.now)));
      const session = await issueRoleSession(ctx, role, {
        sessionName: assertion.sessionName,
        durationSeconds: duration,
        maxDurationSeconds: role.maxSessionDuration,
        sessionPolicies: [],
        sessionTags,
        transitiveTagKeys,
      });
      return { ...session, ...samlOutput(assertion), RoleName: role.name, RoleAccount: role.accountId };
    },
  });
}
