/**
 * AWS-format identifiers. Unique IDs are 21 characters: a 4-letter prefix naming the kind
 * (AIDA user, AGPA group, …) and 17 characters of AWS's base32 alphabet; access key IDs are 20
 * (AKIA/ASIA + 16). Every ID issued is recorded in IssuedId, whose primary key makes reuse
 * impossible even after the entity is deleted (shared/AWS-REFERENCE.md §3).
 */
import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  managedPolicy: 'ANPA',
  instanceProfile: 'AIPA',
  accessKey: 'AKIA',
  temporaryAccessKey: 'ASIA',
  sshPublicKey: 'APKA',
  serviceSpecificCredential: 'ACCA',
  serverCertificate: 'ASCA',
  /** Signing certificate IDs have no prefix: 32 upper-case letters and digits (UploadSigningCertificate). */
  signingCertificate: '',
} as const;
export type IdKind = keyof typeof ID_PREFIX;

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

/** A new unique ID of the kind (not yet recorded: use `issueId` in a transaction). */
export function newId(kind: IdKind): string {
  const prefix = ID_PREFIX[kind];
  if (kind === 'signingCertificate') return randomBase32(32);
  return prefix + randomBase32(kind === 'accessKey' || kind === 'temporaryAccessKey' || kind === 'sshPublicKey' ? 16 : 17);
}

/** A 40-character secret access key in AWS's alphabet (base64 without padding). */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A random 12-digit AWS account ID (no leading zero, so it survives numeric handling). */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => randomInt(0, 10)).join('');
}

/** EC2 resource IDs: a prefix and 17 lowercase hex digits (ami-0abc…). */
export function newEc2Id(prefix: 'ami' | 'snap' | 'sg' | 'sgr' | 'i' | 'vol'): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

/** The slice of the Prisma client that records issued IDs. */
export interface IdRegistry {
  issuedId: { createMany(args: { data: { id: string; kind: string }[]; skipDuplicates: boolean }): Promise<{ count: number }> };
}

/**
 * Issues a never-used ID of the kind, recording it in the caller's transaction. ON CONFLICT DO
 * NOTHING (skipDuplicates) keeps the transaction usable if a random ID was ever issued before.
 */
export async function issueId(db: IdRegistry, kind: IdKind): Promise<string> {
  for (;;) {
    const id = newId(kind);
    const { count } = await db.issuedId.createMany({ data: [{ id, kind }], skipDuplicates: true });
    if (count === 1) return id;
  }
}
