/**
 * This service provider's SAML signing key: what signs the AuthnRequests of SP-initiated sign-in
 * (the metadata declares AuthnRequestsSigned and publishes the certificate, so an IdP that wants
 * signed requests verifies them). An RSA-2048 key made on first use, kept as the installation's
 * other secrets are — encrypted under the master key, in the database (InstallationSetting) —
 * with a self-signed certificate for it, as SAML metadata carries keys (only its key matters:
 * IdPs pin the certificate from the metadata, no CA is involved).
 * https://docs.oasis-open.org/security/saml/v2.0/saml-bindings-2.0-os.pdf (3.4.4.1 DEFLATE encoding, signing)
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';

const SETTING = 'saml-sp-signing-key';
const CERTIFICATE_YEARS = 10;

export interface SpSigningKey {
  privateKey: KeyObject;
  /** The certificate, DER in base64 (as metadata's ds:X509Certificate holds it). */
  certificate: string;
}

// ── A self-signed X.509 v3 certificate, DER-encoded by hand (Node parses certificates, it does not make them).
const derLength = (length: number): number[] => {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>>= 8) bytes.unshift(rest & 0xff);
  return [0x80 | bytes.length, ...bytes];
};
const der = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag, ...derLength(content.length)]), content]);
const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const SHA256_WITH_RSA = sequence(der(0x06, Buffer.from('2a864886f70d01010b', 'hex')), Buffer.from([0x05, 0x00]));
const commonName = (name: string) => sequence(der(0x31, sequence(der(0x06, Buffer.from('550403', 'hex')), der(0x0c, Buffer.from(name, 'utf8')))));
/** UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
const time = (date: Date) => {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(text.slice(2))) : der(0x18, Buffer.from(text));
};

export function selfSignedCertificate(privateKey: KeyObject, publicKeyDer: Buffer, subject: string, now: Date): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and without a leading zero byte
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(now.getUTCFullYear() + CERTIFICATE_YEARS);
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([0x02]))), // version v3
    der(0x02, serial),
    SHA256_WITH_RSA,
    commonName(subject),
    sequence(time(now), time(notAfter)),
    commonName(subject),
    publicKeyDer,
  );
  const signature = sign('sha256', tbs, privateKey);
  return sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
}

/**
 * The installation's SP signing key: read, or made and stored by the first caller (an insert that
 * keeps an earlier one, so every server process signs with the same key).
 */
export async function loadSpSigningKey(db: Db, secrets: SecretBox, subject: string, now: Date): Promise<SpSigningKey> {
  let row = await db.installationSetting.findUnique({ where: { key: SETTING } });
  if (!row) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificate = selfSignedCertificate(privateKey, publicKey.export({ type: 'spki', format: 'der' }), subject, now).toString('base64');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const value = JSON.stringify({ key: Buffer.from(secrets.encrypt(pem)).toString('base64'), certificate });
    await db.installationSetting.createMany({ data: [{ key: SETTING, value }], skipDuplicates: true });
    row = await db.installationSetting.findUniqueOrThrow({ where: { key: SETTING } });
  }
  const stored = JSON.parse(row.value) as { key: string; certificate: string };
  return { privateKey: createPrivateKey(secrets.decrypt(Buffer.from(stored.key, 'base64'))), certificate: stored.certificate };
}
