/**
 * Seeds AWS's managed policies (prisma/seed/aws-managed-policies.json, 1,523 documents as AWS
 * publishes them) as read-only `arn:aws:iam::aws:policy<path><name>` policies shared by every
 * account, at AWS's paths (/service-role/, /aws-service-role/, /job-function/, /root-task/; `/`
 * where the file records none).
 * Idempotent: missing policies are inserted, changed default versions replaced, a policy whose
 * path moved gets the new path and ARN (its ID, and so its attachments and boundaries, stay),
 * others left.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Db } from './client';
import { managedPoliciesPath } from '../paths';
import { awsManagedPolicyDescriptions } from './aws-managed-policy-descriptions';

interface SeedPolicy {
  name: string;
  versionId: string;
  updated: string;
  document: unknown;
  path: string | null;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS-managed policies get the same ID on every installation: ANPA + 17 base32 of SHA-256(name). */
export function awsManagedPolicyId(name: string): string {
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! & 31];
  return id;
}

export const awsManagedPolicyArn = (name: string, path = '/') => `arn:aws:iam::aws:policy${path}${name}`;

/** AWS shows managed policy documents with four-space indentation. */
const formatDocument = (document: unknown) => JSON.stringify(document, null, 4);

export async function seedAwsManagedPolicies(db: Db): Promise<{ inserted: number; updated: number }> {
  const { policies } = JSON.parse(await readFile(managedPoliciesPath, 'utf8')) as { policies: SeedPolicy[] };
  const existing = new Map(
    (await db.managedPolicy.findMany({ where: { accountId: null }, select: { id: true, name: true, path: true, arn: true, defaultVersionId: true, description: true } })).map((p) => [p.name, p]),
  );
  const missing = policies.filter((p) => !existing.has(p.name));
  const changed = policies.filter((p) => {
    const current = existing.get(p.name);
    return current !== undefined && current.defaultVersionId !== p.versionId;
  });

  if (missing.length > 0) {
    await db.$transaction(async (tx) => {
      const rows = missing.map((p) => {
        const path = p.path ?? '/';
        const time = new Date(p.updated);
        const description = awsManagedPolicyDescriptions[p.name] ?? null;
        return { id: awsManagedPolicyId(p.name), name: p.name, path, arn: awsManagedPolicyArn(p.name, path), description, defaultVersionId: p.versionId, createdAt: time, updatedAt: time };
      });
      await tx.issuedId.createMany({ data: rows.map((r) => ({ id: r.id, kind: 'managedPolicy' })), skipDuplicates: true });
      await tx.managedPolicy.createMany({ data: rows, skipDuplicates: true });
      await tx.policyVersion.createMany({
        data: missing.map((p) => ({ policyId: awsManagedPolicyId(p.name), versionId: p.versionId, document: formatDocument(p.document), isDefault: true, createdAt: new Date(p.updated) })),
        skipDuplicates: true,
      });
      // Inserting 1,523 policies takes about a second, far longer on a loaded machine.
    }, { timeout: 120_000, maxWait: 30_000 });
  }
  for (const p of changed) {
    const policyId = existing.get(p.name)!.id;
    await db.$transaction([
      db.policyVersion.deleteMany({ where: { policyId } }),
      db.policyVersion.create({ data: { policyId, versionId: p.versionId, document: formatDocument(p.document), isDefault: true, createdAt: new Date(p.updated) } }),
      db.managedPolicy.update({ where: { id: policyId }, data: { defaultVersionId: p.versionId, updatedAt: new Date(p.updated) } }),
    ]);
  }
  // Databases seeded before paths were recorded hold every policy at `/` (the migration
  // 20261203141658_aws_managed_policy_paths moves them; this keeps later path changes in step).
  const moved = policies.filter((p) => {
    const current = existing.get(p.name);
    const path = p.path ?? '/';
    return current !== undefined && (current.path !== path || current.arn !== awsManagedPolicyArn(p.name, path));
  });
  if (moved.length > 0) {
    await db.$transaction(
      moved.map((p) => {
        const path = p.path ?? '/';
        return db.managedPolicy.update({ where: { id: existing.get(p.name)!.id }, data: { path, arn: awsManagedPolicyArn(p.name, path) } });
      }),
    );
  }
  // Databases seeded before descriptions were known get them; they are not counted as updates
  // (the policies themselves did not change).
  const undescribed = [...existing.values()].filter((p) => awsManagedPolicyDescriptions[p.name] !== undefined && p.description !== awsManagedPolicyDescriptions[p.name]);
  if (undescribed.length > 0) {
    await db.$transaction(undescribed.map((p) => db.managedPolicy.update({ where: { id: p.id }, data: { description: awsManagedPolicyDescriptions[p.name]! } })));
  }
  return { inserted: missing.length, updated: changed.length + moved.filter((p) => !changed.includes(p)).length };
}
