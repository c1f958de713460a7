/**
 * Policy generation's database calls: the principal a generation is for, the access it used
 * from the audit log, and the generation jobs.
 */
import type { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/client';
import { roleByName, userByName } from '../../iam/lookups';

/** A user's or role's ARN: account, kind and name (after the path). */
const PRINCIPAL_ARN = /^arn:aws:iam::(\d{12}):(user|role)\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]+)$/;

export interface Principal {
  kind: 'user' | 'role';
  name: string;
  /** The stored ARN (with the entity's path and the name's stored case). */
  arn: string;
}

/** The caller's account's user or role an ARN names; undefined when there is none. */
export async function findPrincipal(tx: Tx, accountId: string, arn: string): Promise<Principal | undefined> {
  const m = PRINCIPAL_ARN.exec(arn);
  if (!m || m[1] !== accountId) return undefined;
  const kind = m[2] as 'user' | 'role';
  const entity = kind === 'user' ? await userByName(tx, accountId, m[3]!) : await roleByName(tx, accountId, m[3]!);
  // The path is part of the ARN: `user/a/bob` does not name `user/bob`.
  if (!entity || entity.arn.toLowerCase() !== arn.toLowerCase()) return undefined;
  return { kind, name: entity.name, arn: entity.arn };
}

/**
 * The distinct (action, resource) pairs of the principal's allowed requests in [start, end] —
 * a role's are those of its sessions (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
 * Denied requests are left out: a least-privilege policy grants what worked.
 */
export async function usedAccess(tx: Tx, accountId: string, principal: Principal, start: Date, end: Date): Promise<{ action: string; resource: string | null }[]> {
  const rows = await tx.auditEvent.groupBy({
    by: ['action', 'resource'],
    where: {
      accountId,
      time: { gte: start, lte: end },
      decision: 'allowed',
      principalArn: principal.kind === 'user' ? principal.arn : { startsWith: `arn:aws:sts::${accountId}:assumed-role/${principal.name}/` },
    },
  });
  return rows.map((r) => ({ action: r.action, resource: r.resource }));
}

export type PolicyGenerationRecord = Prisma.PolicyGenerationGetPayload<object>;

/** Jobs are kept (listed and read) for seven days, as AWS lists "the policy generations requested in the last seven days". */
export const RETENTION_MS = 7 * 86_400_000;

export function findGeneration(tx: Tx, accountId: string, jobId: string, now: Date): Promise<PolicyGenerationRecord | null> {
  return tx.policyGeneration.findFirst({ where: { id: jobId, accountId, startedOn: { gte: new Date(now.getTime() - RETENTION_MS) } } });
}

/** The job a clientToken started (at any age: a token is unique in its account). */
export function findGenerationByToken(tx: Tx, accountId: string, clientToken: string): Promise<PolicyGenerationRecord | null> {
  return tx.policyGeneration.findUnique({ where: { accountId_clientToken: { accountId, clientToken } } });
}

/** The account's recent jobs, newest first (optionally one principal's). */
export function listGenerations(tx: Tx, accountId: string, principalArn: string | undefined, now: Date): Promise<PolicyGenerationRecord[]> {
  return tx.policyGeneration.findMany({
    where: { accountId, startedOn: { gte: new Date(now.getTime() - RETENTION_MS) }, ...(principalArn ? { principalArn: { equals: principalArn, mode: 'insensitive' } } : {}) },
    orderBy: [{ startedOn: 'desc' }, { id: 'asc' }],
  });
}

export function createGeneration(tx: Tx, data: Prisma.PolicyGenerationUncheckedCreateInput): Promise<PolicyGenerationRecord> {
  return tx.policyGeneration.create({ data });
}
