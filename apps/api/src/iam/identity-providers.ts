/**
 * Pure helpers for IAM identity providers, shared by the IAM actions that manage them
 * (actions/identity-providers) and the STS actions that federate through them
 * (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). No database, no AWS errors: callers decide
 * which error each failure becomes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html
 */
import { X509Certificate } from 'node:crypto';
import { DOMParser, onErrorStopParsing, type Element } from '@xmldom/xmldom';

/** The SAML 2.0 metadata namespace. */
export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/**
 * An OIDC issuer URL as IAM names the provider: without `https://` (host and optional path),
 * e.g. `https://token.actions.githubusercontent.com` → `token.actions.githubusercontent.com`.
 * A single trailing slash is dropped, so `https://idp.example.com/` and the bare host name the
 * same provider. Used for the provider's stored `url`, its ARN, and to match a token's `iss`.
 */
export function oidcProviderUrl(issuer: string): string {
  const withoutScheme = issuer.replace(/^https:\/\//i, '');
  return withoutScheme.endsWith('/') ? withoutScheme.slice(0, -1) : withoutScheme;
}

/** `arn:aws:iam::ACCOUNT:oidc-provider/<url without https://>` for an issuer URL (with or without scheme). */
export function oidcProviderArn(accountId: string, issuer: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${oidcProviderUrl(issuer)}`;
}

/** `arn:aws:iam::ACCOUNT:saml-provider/NAME`. */
export function samlProviderArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:saml-provider/${name}`;
}

/** The account and provider part of an identity-provider ARN, or null when it is not one of that kind. */
export function parseProviderArn(arn: string, kind: 'oidc-provider' | 'saml-provider'): { accountId: string; resource: string } | null {
  const match = /^arn:aws:iam::(\d{12}):([a-z-]+)\/(.+)$/.exec(arn);
  if (!match || match[2] !== kind) return null;
  return { accountId: match[1]!, resource: match[3]! };
}

/** Why a SAML metadata document was refused (the message names what is wrong). */
export class SamlMetadataError extends Error {
  override name = 'SamlMetadataError';
}

/** What IAM keeps from an IdP's SAML 2.0 metadata. */
export interface SamlMetadata {
  /** The IdP's entityID (the `Issuer` of its assertions). */
  entityId: string;
  /** The IdP's signing certificates (KeyDescriptor use="signing" or with no `use`), as PEM. */
  signingCertificates: string[];
  /** The metadata's validUntil (EntityDescriptor, else IDPSSODescriptor), if any. */
  validUntil?: Date;
  /** SingleSignOnService locations, in document order. */
  singleSignOnServices: { binding: string; location: string }[];
}

const childrenNS = (parent: Element, ns: string, localName: string): Element[] => {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName) out.push(n as Element);
  }
  return out;
};

const descendantsNS = (parent: Element, ns: string, localName: string): Element[] => Array.from(parent.getElementsByTagNameNS(ns, localName));

/** A base64 DER certificate (whitespace allowed) as PEM, or null when it is not an X.509 certificate. */
export function certificatePem(base64: string): string | null {
  const body = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    return null;
  }
}

function parseDate(value: string | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new SamlMetadataError(`validUntil is not a valid date: ${value}`);
  return date;
}

/**
 * Parses an IdP's SAML 2.0 metadata: an EntityDescriptor (or the first IdP in an
 * EntitiesDescriptor) with an IDPSSODescriptor supporting the SAML 2.0 protocol and at least one
 * signing certificate. Throws SamlMetadataError otherwise.
 * SECURITY: @xmldom/xmldom resolves no external entities or DTDs (no XXE); any XML error stops parsing.
 * https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf
 */
export function parseSamlMetadata(xml: string): SamlMetadata {
  let root: Element | null;
  try {
    root = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    throw new SamlMetadataError(`the document is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!root || root.namespaceURI !== SAML_METADATA_NS || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    throw new SamlMetadataError('the root element must be a SAML 2.0 metadata EntityDescriptor');
  }
  const entity =
    root.localName === 'EntityDescriptor' ? root : descendantsNS(root, SAML_METADATA_NS, 'EntityDescriptor').find((e) => childrenNS(e, SAML_METADATA_NS, 'IDPSSODescriptor').length > 0);
  const idp = entity ? childrenNS(entity, SAML_METADATA_NS, 'IDPSSODescriptor')[0] : undefined;
  if (!entity || !idp) throw new SamlMetadataError('the metadata has no IDPSSODescriptor');
  const entityId = entity.getAttribute('entityID');
  if (!entityId) throw new SamlMetadataError('the EntityDescriptor has no entityID');
  const protocols = (idp.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(SAML_PROTOCOL)) throw new SamlMetadataError('the IDPSSODescriptor does not support the SAML 2.0 protocol');

  const signingCertificates: string[] = [];
  for (const keyDescriptor of childrenNS(idp, SAML_METADATA_NS, 'KeyDescriptor')) {
    const use = keyDescriptor.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const cert of descendantsNS(keyDescriptor, XMLDSIG_NS, 'X509Certificate')) {
      const pem = certificatePem(cert.textContent ?? '');
      if (!pem) throw new SamlMetadataError('a signing X509Certificate is not a valid certificate');
      signingCertificates.push(pem);
    }
  }
  if (signingCertificates.length === 0) throw new SamlMetadataError('the IDPSSODescriptor has no signing certificate');

  const singleSignOnServices = childrenNS(idp, SAML_METADATA_NS, 'SingleSignOnService').map((s) => ({ binding: s.getAttribute('Binding') ?? '', location: s.getAttribute('Location') ?? '' }));
  const validUntil = parseDate(entity.getAttribute('validUntil')) ?? parseDate(idp.getAttribute('validUntil'));
  return { entityId, signingCertificates, singleSignOnServices, ...(validUntil ? { validUntil } : {}) };
}
