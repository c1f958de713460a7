/**
 * Trust policies pin the IAM users and roles they name. As AWS does, when a trust policy is
 * saved each `"AWS": "arn:aws:iam::ACCOUNT:user/…"` (or `…:role/…`) principal of an account this
 * installation holds is resolved to the principal's unique ID (AIDA…/AROA…), and the policy is
 * read — evaluated by AssumeRole and shown by every action that returns the role (GetRole,
 * ListRoles, the instance-profile actions, GetAccountAuthorizationDetails) — with each pinned ARN mapped back
 * to that principal's current ARN, or left as the bare unique ID once the principal no longer
 * exists. So deleting a user or role and creating another of the same name does not inherit the
 * trust (the ID matches no caller), and the console shows the ID, as AWS's does. Roles saved
 * before pinning existed are pinned at start-up (trust-principals-backfill.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
import { parsePolicy } from '@portcullis/policy';
import { malformedPolicyDocument } from '../errors';
import { messages } from '../messages';
import type { Db, Tx } from '../db/client';

/** The trust policy's pinned principals: ARN as written in the policy → unique ID. */
export type TrustPrincipalIds = Record<string, string>;

type Reader = Pick<Tx | Db, 'user' | 'role' | 'account'>;

const ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|role)\/.+$/;

/** Every IAM user or role ARN named as an AWS principal (Principal or NotPrincipal), with the span of its JSON string. */
function entityPrincipals(text: string): { arn: string; start: number; end: number }[] {
  const found: { arn: string; start: number; end: number }[] = [];
  for (const st of parsePolicy(text).document?.statements ?? []) {
    for (const spec of [st.principal, st.notPrincipal]) {
      for (const entry of spec?.entries ?? []) {
        if (entry.type !== 'AWS') continue;
        for (const item of entry.values.items) {
          if (ENTITY_ARN.test(item.value)) found.push({ arn: item.value, start: item.node.span.start.offset, end: item.node.span.end.offset });
        }
      }
    }
  }
  return found;
}

/**
 * The distinct IAM user and role ARNs a trust policy names as AWS principals (Principal or
 * NotPrincipal), as written (JSON escapes decoded). A document that does not parse names none.
 */
export function namedEntityArns(text: string): string[] {
  return [...new Set(entityPrincipals(text).map((p) => p.arn))];
}

/** The type of entity an IAM user or role ARN names, or undefined for any other ARN. */
export function entityArnType(arn: string): 'user' | 'role' | undefined {
  return ENTITY_ARN.exec(arn)?.[2] as 'user' | 'role' | undefined;
}

/**
 * Resolves each IAM user or role a (validated) trust policy names to its unique ID, to store
 * with the policy. A named principal that does not exist in an account we hold is refused as
 * IAM does: MalformedPolicyDocument "Invalid principal in policy".
 */
export async function pinTrustPrincipals(db: Reader, text: string): Promise<TrustPrincipalIds> {
  const pins: TrustPrincipalIds = {};
  for (const { arn } of entityPrincipals(text)) {
    if (Object.hasOwn(pins, arn)) continue;
    const [, accountId, type] = ENTITY_ARN.exec(arn)!;
    if (!(await db.account.findUnique({ where: { id: accountId }, select: { id: true } }))) continue;
    const where = { accountId, arn: { equals: arn, mode: 'insensitive' as const } };
    const entity = type === 'user' ? await db.user.findFirst({ where, select: { id: true } }) : await db.role.findFirst({ where, select: { id: true } });
    if (!entity) throw malformedPolicyDocument(messages.invalidPrincipal(arn));
    pins[arn] = entity.id;
  }
  return pins;
}

interface TrustRow {
  assumeRolePolicyDocument: string;
  trustPrincipalIds?: unknown;
}

const pinsOf = (value: unknown): TrustPrincipalIds =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/**
 * The trust policies as they apply now, in order: each pinned ARN replaced by the current ARN
 * of the principal it was pinned to, or by that principal's unique ID if it is gone. Policies
 * whose pins all still hold come back unchanged (the stored text, byte for byte).
 */
export async function resolveTrustPolicies(db: Reader, rows: TrustRow[]): Promise<string[]> {
  const ids = [...new Set(rows.flatMap((r) => Object.values(pinsOf(r.trustPrincipalIds))))];
  if (!ids.length) return rows.map((r) => r.assumeRolePolicyDocument);
  const select = { id: true, arn: true } as const;
  const users = await db.user.findMany({ where: { id: { in: ids } }, select });
  const roles = await db.role.findMany({ where: { id: { in: ids } }, select });
  const currentArn = new Map([...users, ...roles].map((e) => [e.id, e.arn]));
  return rows.map((row) => trustPolicyAsNow(row, currentArn));
}

/**
 * A trust policy as it applies now, given the current ARN of each pinned principal that still
 * exists (by unique ID) — for a caller that loaded them with the role in one query (AssumeRole).
 */
export function trustPolicyAsNow(row: TrustRow, currentArn: ReadonlyMap<string, string>): string {
  const pins = pinsOf(row.trustPrincipalIds);
  const text = row.assumeRolePolicyDocument;
  const asNow = (arn: string) => currentArn.get(pins[arn]!) ?? pins[arn]!;
  if (Object.keys(pins).every((arn) => asNow(arn) === arn)) return text;
  // Rewrite from the end so earlier offsets stay valid.
  let out = text;
  for (const { arn, start, end } of entityPrincipals(text).sort((x, y) => y.start - x.start)) {
    if (Object.hasOwn(pins, arn) && asNow(arn) !== arn) out = out.slice(0, start) + JSON.stringify(asNow(arn)) + out.slice(end);
  }
  return out;
}
