import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { readSignature, type SignedRequest } from './signature';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const OTHER_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
const NOW = new Date('2026-12-06T08:00:00Z');

async function signedGetUser(secretAccessKey: string, region: string, userName: string): Promise<SignedRequest> {
  const body = `Action=GetUser&UserName=${userName}&Version=2010-05-08`;
  const signer = new SignatureV4({ service: 'iam', region, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey }, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { signingDate: NOW },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: 'POST', path: '/', rawQuery: '', headers, body: Buffer.from(body) };
}

describe('SigV4 verification with kept signing keys', () => {
  it('verifies a signature again and again with the right secret only, for each scope', async () => {
    const request = await signedGetUser(SECRET, 'us-east-1', 'alice');
    const claims = readSignature(request, NOW)!;
    expect(claims.verify(OTHER_SECRET)).toBe(false);
    // The first verification derives the key, the next use the kept one: same answers.
    expect(claims.verify(SECRET)).toBe(true);
    expect(claims.verify(SECRET)).toBe(true);
    expect(claims.verify(OTHER_SECRET)).toBe(false);
    // Another request in the same scope: the kept key still checks its own bytes.
    const other = await signedGetUser(SECRET, 'us-east-1', 'bob');
    expect(readSignature(other, NOW)!.verify(SECRET)).toBe(true);
    const tampered = { ...other, body: Buffer.from(other.body.toString().replace('bob', 'eve')) };
    expect(readSignature(tampered, NOW)!.verify(SECRET)).toBe(false);
    // Another region is another scope, with its own key.
    const west = await signedGetUser(SECRET, 'eu-west-1', 'alice');
    expect(readSignature(west, NOW)!.verify(OTHER_SECRET)).toBe(false);
    expect(readSignature(west, NOW)!.verify(SECRET)).toBe(true);
  });

  it('keeps no key for a signature that did not verify', async () => {
    // Signed with OTHER_SECRET: checking it against SECRET first must not leave SECRET's key
    // standing in for the scope, nor the reverse.
    const request = await signedGetUser(OTHER_SECRET, 'ap-south-1', 'carol');
    const claims = readSignature(request, NOW)!;
    expect(claims.verify(SECRET)).toBe(false);
    expect(claims.verify(OTHER_SECRET)).toBe(true);
    expect(claims.verify(SECRET)).toBe(false);
  });
});
