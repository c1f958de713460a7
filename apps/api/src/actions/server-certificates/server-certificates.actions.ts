/**
 * Server certificates stored in IAM: UploadServerCertificate, GetServerCertificate,
 * ListServerCertificates, UpdateServerCertificate, DeleteServerCertificate and
 * Tag/Untag/ListServerCertificateTags. The private key must match the certificate; it is stored
 * only encrypted and never returned.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { PathPrefixSchema, PathSchema, TagListSchema } from '@portcullis/shared';
import { defineAction, type ActionTarget, type AnyAction } from '../action';
import { AwsError, entityAlreadyExists, limitExceeded } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { tagsOf } from '../../iam/shapes';
import { defineTagActions } from '../../iam/tag-actions';
import { checkTagKeys } from '../../iam/tags';
import { DEFAULT_MAX_ITEMS, PagingInput, decodeMarker, page } from '../../iam/pagination';
import type { Db } from '../../db/client';
import { countServerCertificates, findServerCertificate, serverCertificateByName, serverCertificatesUnder } from './server-certificates.queries';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** Server certificates per account (reference_iam-quotas). */
export const MAX_SERVER_CERTIFICATES_PER_ACCOUNT = 20;

/** Name, body, chain and key: the model states their lengths and characters; parsing is checkServerCertificate's. */
const ServerCertificateNameSchema = modelCheckedString();
const CertificateBodySchema = modelCheckedString();
const CertificateChainSchema = modelCheckedString();
const PrivateKeySchema = modelCheckedString();

const malformed = (message: string) => new AwsError('MalformedCertificate', message, 400);

export const serverCertificateArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:server-certificate${path}${name}`;

function parseCertificate(pem: string, now: Date, what: string): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw malformed(messages.certificateUnparseable(what));
  }
  if (new Date(cert.validTo).getTime() < now.getTime()) throw malformed(messages.certificateExpired(what));
  return cert;
}

/** Checks body, chain and key: MalformedCertificate, or KeyPairMismatch when the key is not the certificate's. */
export function checkServerCertificate(input: { CertificateBody: string; PrivateKey: string; CertificateChain?: string }, now: Date): X509Certificate {
  const body = input.CertificateBody.trim();
  if (!/^-----BEGIN CERTIFICATE-----/.test(body)) throw malformed(messages.certificateUnparseable());
  const cert = parseCertificate(body, now, 'certificate');
  if (input.CertificateChain !== undefined) {
    const blocks = input.CertificateChain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) throw malformed(messages.certificateUnparseable('certificate chain'));
    for (const block of blocks) parseCertificate(block, now, 'certificate chain');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(input.PrivateKey.trim());
  } catch {
    throw malformed(messages.privateKeyUnparseable);
  }
  if (!cert.checkPrivateKey(key)) throw new AwsError('KeyPairMismatch', messages.keyPairMismatch, 400);
  return cert;
}

interface CertRow {
  id: string;
  name: string;
  path: string;
  arn: string;
  uploadedAt: Date;
  expiration: Date;
}

const metadataShape = (c: CertRow) => ({ Path: c.path, ServerCertificateName: c.name, ServerCertificateId: c.id, Arn: c.arn, UploadDate: c.uploadedAt, Expiration: c.expiration });

/** An existing certificate's ARN (with its path) and tags, or the path-less ARN when there is none. */
async function certificateTarget(db: Db, accountId: string, name: string, extra: Omit<ActionTarget, 'resource'> = {}): Promise<ActionTarget> {
  const cert = await serverCertificateByName(db, accountId, name);
  return { resource: cert?.arn ?? serverCertificateArn(accountId, '/', name), resourceTags: tagsOf(cert?.tags), ...extra };
}

const alreadyExists = (name: string) => entityAlreadyExists(messages.serverCertificateAlreadyExists(name));

export const uploadServerCertificate = defineAction({
  name: 'UploadServerCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({
    Path: PathSchema.optional(),
    ServerCertificateName: ServerCertificateNameSchema,
    CertificateBody: CertificateBodySchema,
    PrivateKey: PrivateKeySchema,
    CertificateChain: CertificateChainSchema.optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({ resource: serverCertificateArn(caller.accountId, input.Path ?? '/', input.ServerCertificateName), requestTags: input.Tags }),
  async handler(input, { tx, caller, secrets, now }) {
    const accountId = caller.accountId;
    const path = input.Path ?? '/';
    checkTagKeys(input.Tags ?? []);
    const cert = checkServerCertificate(input, now);
    // Serialize per account so the quota holds under concurrency.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;
    if (await serverCertificateByName(tx, accountId, input.ServerCertificateName)) throw alreadyExists(input.ServerCertificateName);
    if ((await countServerCertificates(tx, accountId)) >= MAX_SERVER_CERTIFICATES_PER_ACCOUNT) {
      throw limitExceeded(messages.quotaExceeded('ServerCertificatesPerAccount', MAX_SERVER_CERTIFICATES_PER_ACCOUNT));
    }
    // SECURITY: the private key is stored only encrypted, and no action ever returns it.
    const row = await tx.serverCertificate.create({
      data: {
        id: await issueId(tx, 'serverCertificate'),
        accountId,
        name: input.ServerCertificateName,
        path,
        arn: serverCertificateArn(accountId, path, input.ServerCertificateName),
        body: input.CertificateBody.trim(),
        chain: input.CertificateChain?.trim() ?? null,
        privateKeyEncrypted: secrets.encrypt(input.PrivateKey.trim()),
        expiration: new Date(cert.validTo),
        tags: input.Tags ?? [],
        uploadedAt: now,
      },
    });
    const tags = tagsOf(row.tags);
    return { ServerCertificateMetadata: metadataShape(row), ...(tags.length ? { Tags: tags } : {}) };
  },
});

export const getServerCertificate = defineAction({
  name: 'GetServerCertificate',
  service: 'iam',
  readOnly: true,
  input: z.object({ ServerCertificateName: ServerCertificateNameSchema }),
  target: (input, caller, db) => certificateTarget(db, caller.accountId, input.ServerCertificateName),
  async handler(input, { tx, caller }) {
    const cert = await findServerCertificate(tx, caller.accountId, input.ServerCertificateName);
    const tags = tagsOf(cert.tags);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: metadataShape(cert),
        CertificateBody: cert.body,
        ...(cert.chain ? { CertificateChain: cert.chain } : {}),
        ...(tags.length ? { Tags: tags } : {}),
      },
    };
  },
});

export const listServerCertificates = defineAction({
  name: 'ListServerCertificates',
  service: 'iam',
  readOnly: true,
  input: z.object({ PathPrefix: PathPrefixSchema.optional(), ...PagingInput }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await serverCertificatesUnder(tx, caller.accountId, input.PathPrefix, decodeMarker(input.Marker), limit + 1);
    const { items, ...paging } = page(rows, limit, (c) => [c.name.toLowerCase(), c.id]);
    return { ServerCertificateMetadataList: items.map(metadataShape), ...paging };
  },
});

export const updateServerCertificate = defineAction({
  name: 'UpdateServerCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ ServerCertificateName: ServerCertificateNameSchema, NewPath: PathSchema.optional(), NewServerCertificateName: ServerCertificateNameSchema.optional() }),
  // AWS: the caller needs the permission on the certificate under its old name and its new one.
  target: async (input, caller, db) => {
    const target = await certificateTarget(db, caller.accountId, input.ServerCertificateName);
    const old = await serverCertificateByName(db, caller.accountId, input.ServerCertificateName);
    const newArn = serverCertificateArn(caller.accountId, input.NewPath ?? old?.path ?? '/', input.NewServerCertificateName ?? old?.name ?? input.ServerCertificateName);
    return newArn === target.resource ? target : { ...target, alsoRequires: [{ action: 'iam:UpdateServerCertificate', resource: newArn }] };
  },
  async handler(input, { tx, caller }) {
    const cert = await findServerCertificate(tx, caller.accountId, input.ServerCertificateName);
    const name = input.NewServerCertificateName ?? cert.name;
    const path = input.NewPath ?? cert.path;
    if (name.toLowerCase() !== cert.name.toLowerCase() && (await serverCertificateByName(tx, caller.accountId, name))) throw alreadyExists(name);
    try {
      await tx.serverCertificate.update({ where: { id: cert.id }, data: { name, path, arn: serverCertificateArn(caller.accountId, path, name) } });
    } catch (error) {
      // A concurrent rename to the same name hits the (accountId, lower(name)) unique index.
      if ((error as { code?: string }).code === 'P2002') throw alreadyExists(name);
      throw error;
    }
    return {};
  },
});

export const deleteServerCertificate = defineAction({
  name: 'DeleteServerCertificate',
  service: 'iam',
  authorizationCache: 'unchanged',
  input: z.object({ ServerCertificateName: ServerCertificateNameSchema }),
  target: (input, caller, db) => certificateTarget(db, caller.accountId, input.ServerCertificateName),
  async handler(input, { tx, caller }) {
    const cert = await findServerCertificate(tx, caller.accountId, input.ServerCertificateName);
    await tx.serverCertificate.delete({ where: { id: cert.id } });
    return {};
  },
});

export const [tagServerCertificate, untagServerCertificate, listServerCertificateTags] = defineTagActions({
  entity: 'ServerCertificate',
  nameField: 'ServerCertificateName',
  nameSchema: ServerCertificateNameSchema,
  target: (name, caller, db, extra) => certificateTarget(db, caller.accountId, name, extra),
  find: findServerCertificate,
  update: (tx, id, tags) => tx.serverCertificate.update({ where: { id }, data: { tags } }),
});

export const serverCertificatesActions: AnyAction[] = [
  uploadServerCertificate,
  getServerCertificate,
  listServerCertificates,
  updateServerCertificate,
  deleteServerCertificate,
  tagServerCertificate,
  untagServerCertificate,
  listServerCertificateTags,
];
