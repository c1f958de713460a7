/**
 * X.509 signing certificates: UploadSigningCertificate, ListSigningCertificates,
 * UpdateSigningCertificate, DeleteSigningCertificate — for an IAM user, or for the root user
 * when the root caller omits UserName. At most 2 per user; a certificate may belong to only one
 * principal of the account.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { UserNameSchema } from '@portcullis/shared';
import { defineAction, type AnyAction } from '../action';
import { AwsError, limitExceeded } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import { credentialOwner, credentialOwnerArn, lockCredentialOwner, type CredentialOwner } from '../../iam/credential-owner';
import { accountCertificateBodies, certificatesOf, findOwnedCertificate } from './signing-certificates.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** Signing certificates per user (reference_iam-quotas). */
export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;

/** CertificateBody: 1–16384 characters of [\u0009\u000A\u000D\u0020-\u00FF]. */
const CertificateBodySchema = modelCheckedString();
/** CertificateId: 24–128 word characters. */
const CertificateIdSchema = modelCheckedString();
const StatusSchema = z.enum(['Active', 'Inactive']);

const malformed = (message: string) => new AwsError('MalformedCertificate', message, 400);

/** Parses one PEM certificate: MalformedCertificate when it is not one, or has expired. */
export function parseCertificate(body: string, now: Date): X509Certificate {
  if (!/^-----BEGIN CERTIFICATE-----/.test(body.trim())) throw malformed(messages.certificateUnparseable());
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(body.trim());
  } catch {
    throw malformed(messages.certificateUnparseable());
  }
  if (new Date(cert.validTo).getTime() < now.getTime()) throw malformed(messages.certificateExpired());
  return cert;
}

const userNameOf = (owner: CredentialOwner) => (owner.userName !== undefined ? { UserName: owner.userName } : {});

interface CertRow {
  id: string;
  body: string;
  status: string;
  uploadedAt: Date;
}

const certificateShape = (owner: CredentialOwner, c: CertRow) => ({ ...userNameOf(owner), CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: c.uploadedAt });

export const uploadSigningCertificate = defineAction({
  name: 'UploadSigningCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), CertificateBody: CertificateBodySchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller, now }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const cert = parseCertificate(input.CertificateBody, now);
    await lockCredentialOwner(tx, caller.accountId, owner);
    // SECURITY: the same certificate may not stand for two principals of the account.
    for (const other of await accountCertificateBodies(tx, caller.accountId)) {
      if (new X509Certificate(other.body).fingerprint256 === cert.fingerprint256) {
        throw new AwsError('DuplicateCertificate', messages.duplicateCertificate, 409);
      }
    }
    const count = (await certificatesOf(tx, caller.accountId, owner)).length;
    if (count >= MAX_SIGNING_CERTIFICATES_PER_USER) throw limitExceeded(messages.quotaExceeded('SigningCertificatesPerUser', MAX_SIGNING_CERTIFICATES_PER_USER));
    const row = await tx.signingCertificate.create({
      data: { id: await issueId(tx, 'signingCertificate'), accountId: caller.accountId, userId: owner.userId, body: input.CertificateBody, status: 'Active' },
    });
    return { Certificate: certificateShape(owner, row) };
  },
});

export const listSigningCertificates = defineAction({
  name: 'ListSigningCertificates',
  service: 'iam',
  readOnly: true,
  input: z.object({ UserName: UserNameSchema.optional(), ...PagingInput }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const certs = await certificatesOf(tx, caller.accountId, owner);
    const after = decodeMarker(input.Marker);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const keyOf = (c: CertRow) => [c.uploadedAt.toISOString(), c.id];
    const rest = after ? certs.filter((c) => keyOf(c).join('|') > after.join('|')) : certs;
    const { items, ...paging } = page(rest.slice(0, limit + 1), limit, keyOf);
    return { Certificates: items.map((c) => certificateShape(owner, c)), ...paging };
  },
});

export const updateSigningCertificate = defineAction({
  name: 'UpdateSigningCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), CertificateId: CertificateIdSchema, Status: StatusSchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const cert = await findOwnedCertificate(tx, caller.accountId, owner, input.CertificateId);
    await tx.signingCertificate.update({ where: { id: cert.id }, data: { status: input.Status } });
    return {};
  },
});

export const deleteSigningCertificate = defineAction({
  name: 'DeleteSigningCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ UserName: UserNameSchema.optional(), CertificateId: CertificateIdSchema }),
  target: async (input, caller, db) => ({ resource: await credentialOwnerArn(db, caller, input.UserName) }),
  async handler(input, { tx, caller }) {
    const owner = await credentialOwner(tx, caller, input.UserName);
    const cert = await findOwnedCertificate(tx, caller.accountId, owner, input.CertificateId);
    await tx.signingCertificate.delete({ where: { id: cert.id } });
    return {};
  },
});

export const signingCertificatesActions: AnyAction[] = [uploadSigningCertificate, listSigningCertificates, updateSigningCertificate, deleteSigningCertificate];
