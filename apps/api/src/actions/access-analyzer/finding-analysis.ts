/**
 * What an external access finding says about one resource, decided by reasoning over its policy
 * or its permissions (never by sampling requests), and CheckNoPublicAccess for role trust
 * policies. Pure: no I/O. Where the answer is exact and where it is conservative:
 * docs/decisions/access-analyzer-findings.md.
 *
 * - A role (AWS::IAM::Role): the trust policy's Allow statements that may grant
 *   sts:AssumeRole / AssumeRoleWithSAML / AssumeRoleWithWebIdentity to a principal outside the
 *   zone of trust (the engine's findExternalAccess: other accounts, `*`, NotPrincipal,
 *   federated providers; service principals are not external). One finding per principal and
 *   set of conditions.
 * - An AMI (AWS::EC2::Image) or snapshot (AWS::EC2::Snapshot): each account outside the zone in
 *   its launch / create-volume permission, and the group `all` (public).
 */
import { findExternalAccess, parseArn, parseOperator, parsePolicy, type PolicyDocument, type PolicyStatement, type ZoneOfTrust } from '@portcullis/policy';
import { dimensionMayMatch, globCovers, type Dimension } from './access-checks';

export type AnalyzedResourceType = 'AWS::IAM::Role' | 'AWS::EC2::Image' | 'AWS::EC2::Snapshot';
export const RESOURCE_TYPES: readonly AnalyzedResourceType[] = ['AWS::IAM::Role', 'AWS::EC2::Image', 'AWS::EC2::Snapshot'];

/** One access a finding reports: who, what, under which conditions. */
export interface AccessSpec {
  /** Identity of the access within its resource (principal and conditions): the same access keeps its finding. */
  accessKey: string;
  principal: Record<string, string>;
  action: string[];
  condition: Record<string, string>;
  isPublic: boolean;
  /** The statements granting it (trust policies). */
  statementIndexes: number[];
  statementIds: string[];
}

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

/** A statement's actions as a Dimension (lower-cased); a statement without either element matches everything. */
function actionsOf(st: PolicyStatement): Dimension {
  if (st.action) return { negated: false, patterns: st.action.items.map((i) => i.value.toLowerCase()) };
  if (st.notAction) return { negated: true, patterns: st.notAction.items.map((i) => i.value.toLowerCase()) };
  return { negated: false, patterns: ['*'] };
}

/** The assume-role actions a statement may allow (exact: a glob intersection). */
const assumeActionsOf = (st: PolicyStatement) => ASSUME_ACTIONS.filter((a) => dimensionMayMatch(actionsOf(st), a.toLowerCase()));

/** Condition keys that name who the caller is: a positive match on them confines the statement to the values listed. */
const IDENTITY_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalorgid', 'aws:sourceorgid', 'aws:principalorgpaths', 'aws:userid', 'aws:principalarn', 'aws:sourcearn']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);

/** Positive string/ARN operators without IfExists or a set qualifier: the key must be present and match. */
function positiveBlocks(st: PolicyStatement) {
  return (st.conditions ?? []).filter((block) => {
    const op = parseOperator(block.operator);
    return op !== undefined && !op.def.negated && !op.ifExists && op.qualifier === 0 && (op.def.family === 'string' || op.def.family === 'arn');
  });
}

/** Does the value name specific callers (no value made only of wildcards; ARNs with a literal account)? */
function specific(key: string, value: string): boolean {
  if (ARN_KEYS.has(key)) return /^\d{12}$/.test(parseArn(value)?.account ?? '');
  // An organization path names its organization first; a user ID its principal's unique ID.
  if (key === 'aws:principalorgpaths') return /^o-[a-z0-9]{10,32}\//.test(value);
  if (key === 'aws:userid') return /^[A-Z0-9]{16,128}(:|$)/.test(value);
  return value !== '' && !/[*?]/.test(value);
}

/**
 * Is the statement confined to named accounts, organizations or principals by its conditions?
 * Exact for the usual forms; otherwise no (the conservative answer: it may be public).
 */
export function confinedToNamedCallers(st: PolicyStatement): boolean {
  return positiveBlocks(st).some((block) =>
    block.entries.some((e) => {
      const key = e.key.toLowerCase();
      return IDENTITY_KEYS.has(key) && e.values.items.length > 0 && e.values.items.every((v) => specific(key, v.value));
    }),
  );
}

/** Web identity providers anyone may hold an identity at, and the keys that confine a trust to one application. */
const PUBLIC_IDPS: Record<string, string[]> = {
  'accounts.google.com': ['accounts.google.com:aud', 'accounts.google.com:oaud', 'accounts.google.com:sub'],
  'graph.facebook.com': ['graph.facebook.com:app_id', 'graph.facebook.com:id'],
  'www.amazon.com': ['www.amazon.com:app_id', 'www.amazon.com:user_id'],
  'cognito-identity.amazonaws.com': ['cognito-identity.amazonaws.com:aud'],
};

/**
 * Is a federated principal public? A well-known web IdP without a condition on its audience or
 * subject, and an IAM OIDC provider without one on its `sub` (anyone the issuer signs a token
 * for — every repository of a CI service — could assume the role). SAML providers are the
 * account's own IdP: not public.
 */
function federatedIsPublic(st: PolicyStatement, provider: string): boolean {
  let keys = PUBLIC_IDPS[provider.toLowerCase()];
  if (!keys) {
    const arn = parseArn(provider);
    if (!arn || !arn.resource.startsWith('oidc-provider/')) return false;
    keys = [`${arn.resource.slice('oidc-provider/'.length)}:sub`.toLowerCase()];
  }
  const confined = positiveBlocks(st).some((block) =>
    block.entries.some((e) => keys.includes(e.key.toLowerCase()) && e.values.items.length > 0 && e.values.items.every((v) => v.value.replace(/[*?]/g, '') !== '')),
  );
  return !confined;
}

/** The principals (`Type:value`, `*` for everyone) an unconditional Deny refuses every assume action to. */
function deniedPrincipals(doc: PolicyDocument): Set<string> {
  const denied = new Set<string>();
  for (const st of doc.statements) {
    if (st.effect !== 'Deny' || st.conditions?.length || st.notPrincipal || !st.principal) continue;
    const actions = actionsOf(st);
    const coversAll = ASSUME_ACTIONS.every((a) => (actions.negated ? !actions.patterns.some((p) => globCovers(p, a.toLowerCase())) : actions.patterns.some((p) => globCovers(p, a.toLowerCase()))));
    if (!coversAll) continue;
    if (st.principal.wildcard) denied.add('*');
    for (const e of st.principal.entries) for (const v of e.values.items) denied.add(v.value === '*' ? '*' : `${e.type}:${v.value}`);
  }
  return denied;
}

function conditionMap(st: PolicyStatement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of st.conditions ?? []) for (const e of block.entries) out[e.key] = e.values.items.map((v) => v.value).join(',');
  return out;
}

const sortedJson = (o: Record<string, string>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/**
 * The external accesses a role's trust policy grants (findings), for a zone of trust. With an
 * empty zone it lists every non-service principal — CheckNoPublicAccess keeps the public ones.
 */
export function trustPolicyAccess(doc: PolicyDocument, zone: ZoneOfTrust): AccessSpec[] {
  const denied = deniedPrincipals(doc);
  if (denied.has('*')) return [];
  const byKey = new Map<string, AccessSpec>();
  for (const f of findExternalAccess(doc, zone)) {
    const st = doc.statements[f.statementIndex]!;
    const actions = assumeActionsOf(st);
    if (!actions.length) continue;
    let type = f.principalType;
    if (type === 'CanonicalUser') continue;
    if (type === '*' || type === 'NotPrincipal') type = 'AWS';
    if (denied.has(`${type}:${f.principal}`)) continue;
    const isPublic = type === 'Federated' ? federatedIsPublic(st, f.principal) : f.principal === '*' && !confinedToNamedCallers(st);
    const principal = { [type]: f.principal };
    const condition = conditionMap(st);
    const accessKey = `${type}:${f.principal}|${sortedJson(condition)}`;
    const seen = byKey.get(accessKey);
    if (seen) {
      seen.action = [...new Set([...seen.action, ...actions])];
      seen.isPublic ||= isPublic;
      seen.statementIndexes.push(st.index);
      if (st.sid) seen.statementIds.push(st.sid);
    } else {
      byKey.set(accessKey, { accessKey, principal, action: actions, condition, isPublic, statementIndexes: [st.index], statementIds: st.sid ? [st.sid] : [] });
    }
  }
  return [...byKey.values()];
}

/** The accesses of a role from its stored trust policy text (a document the grammar refuses grants nothing: IAM never stored one). */
export function roleAccess(trustPolicy: string, zone: ZoneOfTrust): AccessSpec[] {
  const parsed = parsePolicy(trustPolicy);
  return parsed.document ? trustPolicyAccess(parsed.document, zone) : [];
}

/** The accesses an AMI's launch permission or a snapshot's create-volume permission grants: each grantee outside the zone, `all` public. */
export function sharingAccess(type: 'AWS::EC2::Image' | 'AWS::EC2::Snapshot', grantees: string[], zone: ZoneOfTrust): AccessSpec[] {
  const action = [type === 'AWS::EC2::Image' ? 'ec2:RunInstances' : 'ec2:CreateVolume'];
  return grantees
    .filter((g) => g === 'all' || !zone.accounts.includes(g))
    .sort()
    .map((g) => {
      const value = g === 'all' ? '*' : g;
      return { accessKey: `AWS:${value}|[]`, principal: { AWS: value }, action, condition: {}, isPublic: g === 'all', statementIndexes: [], statementIds: [] };
    });
}

/** CheckNoPublicAccess for a role trust policy: the statements that let anyone assume the role. */
export function publicTrustStatements(doc: PolicyDocument): { statementIndex: number; statementId?: string }[] {
  const indexes = new Set(trustPolicyAccess(doc, { accounts: [] }).filter((a) => a.isPublic).flatMap((a) => a.statementIndexes));
  return [...indexes].sort((a, b) => a - b).map((i) => ({ statementIndex: i, ...(doc.statements[i]!.sid ? { statementId: doc.statements[i]!.sid } : {}) }));
}
