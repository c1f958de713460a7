/**
 * Analysis — external access in resource-based and trust policies (IAM Access Analyzer's
 * external access findings): which statements let principals outside the zone of trust
 * (an account, or an organization) in, and whether that access is public.
 *
 * Assumes a parsed document of a resource-based or trust policy. Conservative: a statement
 * counts as restricted only by conditions it can prove keep callers inside the zone
 * (aws:PrincipalAccount, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalArn /
 * aws:SourceArn with in-zone accounts, under StringEquals/ArnEquals/ArnLike-style operators).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html
 */
import type { PolicyDocument, PolicyStatement } from '../document/parse';
import { parseOperator } from '../conditions/operators';
import { isAccountId, parseArn } from '../arn/arn';

/** The zone of trust. */
export interface ZoneOfTrust {
  /** Account IDs inside the zone (the analyzer's account, or every account of the organization). */
  accounts: string[];
  /** The organization ID (`o-…`) when the zone is an organization. */
  organizationId?: string;
}

/** One statement granting access outside the zone. */
export interface ExternalAccessFinding {
  statementIndex: number;
  sid?: string;
  /** The external principal as written (`*`, an account, an ARN, a federated provider). */
  principal: string;
  /** Principal type: AWS, Federated, CanonicalUser, or `*`. */
  principalType: string;
  /** True when anyone (any AWS account or anonymous) is granted. */
  isPublic: boolean;
  actions: string[];
  /** Condition keys that apply (they may narrow access without proving it stays inside). */
  conditionKeys: string[];
}

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner']);
const ORG_KEYS = new Set(['aws:principalorgid']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);

/** True when the statement's conditions confine callers to the zone. */
function confinedByConditions(st: PolicyStatement, zone: ZoneOfTrust): boolean {
  const inZone = (a: string | undefined) => a !== undefined && zone.accounts.includes(a);
  for (const block of st.conditions ?? []) {
    const op = parseOperator(block.operator);
    // Only positive equality/like operators without IfExists prove a restriction.
    if (!op || op.def.negated || op.ifExists || op.qualifier !== 0 || !['string', 'arn'].includes(op.def.family)) continue;
    for (const e of block.entries) {
      const key = e.key.toLowerCase();
      const values = e.values.items.map((i) => i.value);
      if (values.length === 0) continue;
      if (ACCOUNT_KEYS.has(key) && values.every((v) => inZone(v))) return true;
      if (ORG_KEYS.has(key) && zone.organizationId !== undefined && values.every((v) => v === zone.organizationId)) return true;
      if (ARN_KEYS.has(key) && values.every((v) => inZone(parseArn(v)?.account))) return true;
    }
  }
  return false;
}

/** Lists the Allow statements of a resource-based or trust policy that grant access outside the zone. */
export function findExternalAccess(doc: PolicyDocument, zone: ZoneOfTrust): ExternalAccessFinding[] {
  const out: ExternalAccessFinding[] = [];
  for (const st of doc.statements) {
    if (st.effect !== 'Allow') continue;
    const actions = st.action?.items.map((i) => i.value) ?? st.notAction?.items.map((i) => `NOT ${i.value}`) ?? [];
    const conditionKeys = (st.conditions ?? []).flatMap((c) => c.entries.map((e) => e.key));
    const base = { statementIndex: st.index, ...(st.sid !== undefined ? { sid: st.sid } : {}), actions, conditionKeys };
    const confined = confinedByConditions(st, zone);
    if (st.notPrincipal) {
      // Allow + NotPrincipal grants everyone not listed.
      if (!confined) out.push({ ...base, principal: '*', principalType: 'NotPrincipal', isPublic: true });
      continue;
    }
    const p = st.principal;
    if (!p) continue;
    if (p.wildcard) {
      if (!confined) out.push({ ...base, principal: '*', principalType: '*', isPublic: true });
      continue;
    }
    for (const e of p.entries) {
      for (const { value } of e.values.items) {
        if (e.type === 'AWS') {
          if (value === '*') {
            if (!confined) out.push({ ...base, principal: '*', principalType: 'AWS', isPublic: true });
            continue;
          }
          const account = isAccountId(value) ? value : parseArn(value)?.account;
          if (account !== undefined && zone.accounts.includes(account)) continue;
          if (!confined) out.push({ ...base, principal: value, principalType: 'AWS', isPublic: false });
        } else if (e.type === 'Federated' || e.type === 'CanonicalUser') {
          // An identity provider's users (or another S3 canonical user) are outside the zone.
          if (!confined) out.push({ ...base, principal: value, principalType: e.type, isPublic: false });
        }
        // Service principals act on behalf of the resource owner: not external access.
      }
    }
  }
  return out;
}
