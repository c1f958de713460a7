/**
 * Pins the trust policies of roles saved before trust policies pinned their principals
 * (iam/trust-principals.ts): such a role has `trustPrincipalIds = {}`, so until its policy is
 * saved again it would trust whoever now holds a name it trusts. Run once at every start, after
 * the migrations: each IAM user or role such a policy names that exists now is pinned to its
 * unique ID. A named principal that no longer exists (or lives in an account this installation
 * does not hold) cannot be resolved and stays unpinned, as the policy was before.
 *
 * Idempotent and safe beside serving replicas: a role is only written while its pins are still
 * empty and its policy is still the text that was read, so a policy saved meanwhile (pinned by
 * UpdateAssumeRolePolicy) is never overwritten. When nothing is left to do it costs one query:
 * roles whose policy names no IAM user or role (services, federation, accounts) never match it.
 */
import { Prisma } from '../db/generated/client';
import { entityArnType, namedEntityArns, type TrustPrincipalIds } from './trust-principals';
import type { Db } from '../db/client';

/** Roles read per query. */
export const BACKFILL_BATCH_SIZE = 500;

export interface BackfillResult {
  /** Roles read whose policy might name an IAM user or role. */
  scanned: number;
  /** Roles whose pins were written. */
  pinned: number;
}

/**
 * Pins the principals of every unpinned role's trust policy that exist now; returns how many
 * roles it read and pinned (counts only: nothing about the principals, for the start-up log).
 */
export async function backfillTrustPins(db: Db, batchSize = BACKFILL_BATCH_SIZE): Promise<BackfillResult> {
  const result: BackfillResult = { scanned: 0, pinned: 0 };
  let after = '';
  for (;;) {
    // Keyset pagination on the primary key. `:user` / `:role` rather than `:user/`: a policy may
    // write the slash as `\/` in JSON. False positives only cost a parse.
    const rows = await db.$queryRaw<{ id: string; assumeRolePolicyDocument: string }[]>`
      SELECT "id", "assumeRolePolicyDocument" FROM "Role"
      WHERE "id" > ${after}
        AND "trustPrincipalIds" = '{}'::jsonb
        AND ("assumeRolePolicyDocument" LIKE '%:user%' OR "assumeRolePolicyDocument" LIKE '%:role%')
      ORDER BY "id"
      LIMIT ${batchSize}`;
    if (!rows.length) break;
    result.scanned += rows.length;
    result.pinned += await pinBatch(db, rows);
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return result;
}

/** Resolves one batch's named principals with two lookups and writes their pins in one statement. */
async function pinBatch(db: Db, rows: { id: string; assumeRolePolicyDocument: string }[]): Promise<number> {
  const named = rows.map((r) => ({ ...r, arns: namedEntityArns(r.assumeRolePolicyDocument) }));
  const all = [...new Set(named.flatMap((r) => r.arns))];
  const users = all.filter((arn) => entityArnType(arn) === 'user');
  const roles = all.filter((arn) => entityArnType(arn) === 'role');
  const select = { id: true, arn: true } as const;
  // ARNs match case-insensitively, as names do (pinTrustPrincipals does the same).
  const [foundUsers, foundRoles] = await Promise.all([
    users.length ? db.user.findMany({ where: { arn: { in: users, mode: 'insensitive' } }, select }) : [],
    roles.length ? db.role.findMany({ where: { arn: { in: roles, mode: 'insensitive' } }, select }) : [],
  ]);
  const userIds = new Map(foundUsers.map((u) => [u.arn.toLowerCase(), u.id]));
  const roleIds = new Map(foundRoles.map((r) => [r.arn.toLowerCase(), r.id]));

  const updates: { id: string; doc: string; pins: TrustPrincipalIds }[] = [];
  for (const row of named) {
    const pins: TrustPrincipalIds = {};
    for (const arn of row.arns) {
      const id = (entityArnType(arn) === 'user' ? userIds : roleIds).get(arn.toLowerCase());
      if (id) pins[arn] = id;
    }
    if (Object.keys(pins).length) updates.push({ id: row.id, doc: row.assumeRolePolicyDocument, pins });
  }
  if (!updates.length) return 0;
  return db.$executeRaw(Prisma.sql`
    UPDATE "Role" r SET "trustPrincipalIds" = v."pins"
    FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v("id" text, "doc" text, "pins" jsonb)
    WHERE r."id" = v."id" AND r."trustPrincipalIds" = '{}'::jsonb AND r."assumeRolePolicyDocument" = v."doc"`);
}
