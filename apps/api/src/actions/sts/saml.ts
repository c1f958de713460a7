/**
 * Verifying a SAML 2.0 Response for AssumeRoleWithSAML: the XML signature against the signing
 * certificates in the IAM SAML provider's metadata, then — only in the XML the signature really
 * covers (xml-crypto's getSignedReferences, so a wrapped, unsigned copy is never read) — the
 * issuer, the validity window, the audience, and the attributes AWS reads.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
 */
import { createHash } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { parseSamlMetadata } from '../../iam/identity-providers';
import { expiredToken, invalidIdentityToken } from './oidc';
import { messages } from '../../messages';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
const AUDIENCES = ['urn:amazon:webservices', 'https://signin.aws.amazon.com/saml'];
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface VerifiedSamlAssertion {
  issuer: string;
  subject: string;
  /** persistent, transient, or the full NameID Format URI. */
  subjectType: string;
  /** The audience (SAML:aud): the SubjectConfirmationData Recipient, as AWS reports it. */
  audience: string;
  sessionName: string;
  /** SessionDuration attribute, if any: the console session's length (not the API credentials'). */
  sessionDuration?: number;
  /** The AuthnStatement's SessionNotOnOrAfter: the role session ends by then. */
  sessionNotOnOrAfter?: Date;
  nameQualifier: string;
  attributes: Map<string, string[]>;
  /** The signed assertion's ID: the console sign-in accepts each once (replay protection). */
  assertionId: string;
  /** The earliest NotOnOrAfter of the assertion (Conditions, bearer confirmation), if any. */
  notOnOrAfter?: Date;
}

/** What the caller of the verifier expects beyond AWS's STS checks. */
export interface SamlVerifyOptions {
  /**
   * The endpoints the assertion may be presented to: its bearer confirmation's Recipient must be
   * one of them. AssumeRoleWithSAML leaves it out (AWS's STS reads the Recipient as SAML:aud);
   * the console's POST /saml requires its own URL, so an assertion meant for another service
   * provider is not accepted here.
   */
  recipients?: string[];
}

/** XML that does not parse, or parses with errors, is refused as a whole. */
function parseXml(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw invalidIdentityToken(messages.samlResponseInvalid(String(message).slice(0, 200)));
    },
  });
  return parser.parseFromString(xml, 'text/xml');
}

const children = (node: Node | null | undefined, ns: string, name: string): Element[] => {
  const out: Element[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === name && (c as Element).namespaceURI === ns) out.push(c as Element);
  }
  return out;
};
const child = (node: Node | null | undefined, ns: string, name: string): Element | undefined => children(node, ns, name)[0];
const text = (e: Element | undefined) => (e?.textContent ?? '').trim();

/**
 * The XML a valid signature directly under `parent` covers, or undefined. Each certificate is
 * tried; the signature must verify and reference `parent` itself.
 */
function signedXmlOf(xml: string, parent: Element, certificates: string[]): string | undefined {
  const signature = child(parent, DS, 'Signature');
  if (!signature) return undefined;
  const id = parent.getAttribute('ID');
  if (!id) return undefined;
  for (const cert of certificates) {
    const sig = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
    try {
      sig.loadSignature(signature.toString());
      if (!sig.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    // Exactly one reference, to the element the signature sits in.
    const references = sig.getReferences();
    if (references.length !== 1 || references[0]?.uri !== `#${id}`) continue;
    const signed = sig.getSignedReferences();
    if (signed.length === 1) return signed[0];
  }
  return undefined;
}

/**
 * Decodes and verifies a base64 SAML Response for a provider (its metadata, ARN and name) and
 * the instant `now`. Throws InvalidIdentityToken / ExpiredTokenException as AWS names them.
 */
export function verifySamlAssertion(
  samlAssertion: string,
  provider: { metadataDocument: string; name: string; accountId: string; validUntil: Date | null },
  now: Date,
  options: SamlVerifyOptions = {},
): VerifiedSamlAssertion {
  if (provider.validUntil && provider.validUntil.getTime() < now.getTime()) throw invalidIdentityToken(messages.samlMetadataExpired);
  const xml = Buffer.from(samlAssertion.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw invalidIdentityToken(messages.samlResponseNotBase64);
  const response = parseXml(xml).documentElement;
  if (!response || response.localName !== 'Response' || response.namespaceURI !== SAMLP) throw invalidIdentityToken(messages.samlResponseInvalid('the document is not a SAML 2.0 Response'));
  const status = child(child(response, SAMLP, 'Status'), SAMLP, 'StatusCode')?.getAttribute('Value');
  if (status !== 'urn:oasis:names:tc:SAML:2.0:status:Success') throw invalidIdentityToken(messages.samlResponseNotSuccess);
  if (children(response, SAML, 'EncryptedAssertion').length > 0) throw invalidIdentityToken(messages.samlEncryptedAssertion);
  const assertions = children(response, SAML, 'Assertion');
  if (assertions.length !== 1) throw invalidIdentityToken(messages.samlAssertionCount);

  let entityId: string;
  let certificates: string[];
  try {
    ({ entityId, signingCertificates: certificates } = parseSamlMetadata(provider.metadataDocument));
  } catch {
    // Validated when uploaded; a document that no longer parses verifies nothing.
    throw invalidIdentityToken(messages.samlNoSigningCertificate);
  }
  // Only what a valid signature covers is read: the signed Response (and its one assertion) or
  // the signed Assertion — re-parsed from the signed XML, never taken from the original tree.
  let assertion: Element | undefined;
  const signedResponse = signedXmlOf(xml, response, certificates);
  if (signedResponse) {
    const inner = children(parseXml(signedResponse).documentElement, SAML, 'Assertion');
    if (inner.length === 1) assertion = inner[0];
  }
  if (!assertion) {
    const signedAssertion = signedXmlOf(xml, assertions[0]!, certificates);
    if (signedAssertion) {
      const root = parseXml(signedAssertion).documentElement;
      if (root && root.localName === 'Assertion' && root.namespaceURI === SAML) assertion = root;
    }
  }
  if (!assertion) throw invalidIdentityToken(messages.samlSignatureInvalid);

  const issuer = text(child(assertion, SAML, 'Issuer'));
  if (!issuer || (entityId && issuer !== entityId)) throw invalidIdentityToken(messages.samlIssuerMismatch);

  const subjectElement = child(assertion, SAML, 'Subject');
  const nameId = child(subjectElement, SAML, 'NameID');
  const subject = text(nameId);
  const format = nameId?.getAttribute('Format') ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
  const subjectType = format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' ? 'persistent' : format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' ? 'transient' : format;

  // Times: Conditions NotBefore/NotOnOrAfter, the bearer confirmation's NotOnOrAfter and Recipient.
  const conditions = child(assertion, SAML, 'Conditions');
  const confirmationData = children(subjectElement, SAML, 'SubjectConfirmation')
    .filter((c) => c.getAttribute('Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer')
    .map((c) => child(c, SAML, 'SubjectConfirmationData'))
    .find((d) => d !== undefined);
  const notBefore = conditions?.getAttribute('NotBefore');
  // AWS allows a few minutes of clock skew between the IdP and itself.
  const SKEW_MS = 5 * 60 * 1000;
  if (notBefore) {
    const t = Date.parse(notBefore);
    if (Number.isNaN(t)) throw invalidIdentityToken(messages.samlInvalidTime('NotBefore'));
    if (t - SKEW_MS > now.getTime()) throw invalidIdentityToken(messages.samlNotYetValid);
  }
  let notOnOrAfter: Date | undefined;
  for (const value of [conditions?.getAttribute('NotOnOrAfter'), confirmationData?.getAttribute('NotOnOrAfter')]) {
    if (!value) continue;
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw invalidIdentityToken(messages.samlInvalidTime('NotOnOrAfter'));
    if (t + SKEW_MS <= now.getTime()) throw expiredToken(messages.samlAssertionExpired);
    if (!notOnOrAfter || t < notOnOrAfter.getTime()) notOnOrAfter = new Date(t);
  }
  const audiences = conditions ? children(conditions, SAML, 'AudienceRestriction').flatMap((r) => children(r, SAML, 'Audience').map(text)) : [];
  if (!audiences.some((a) => AUDIENCES.includes(a))) throw invalidIdentityToken(messages.samlAudience);
  const recipient = confirmationData?.getAttribute('Recipient') || 'https://signin.aws.amazon.com/saml';
  if (options.recipients && !options.recipients.includes(confirmationData?.getAttribute('Recipient') ?? '')) {
    throw invalidIdentityToken(messages.samlRecipientMismatch(options.recipients[0] ?? ''));
  }
  const assertionId = assertion.getAttribute('ID') ?? '';
  if (!assertionId) throw invalidIdentityToken(messages.samlAssertionIdMissing);
  const sessionEndText = child(assertion, SAML, 'AuthnStatement')?.getAttribute('SessionNotOnOrAfter');
  let sessionNotOnOrAfter: Date | undefined;
  if (sessionEndText) {
    const t = Date.parse(sessionEndText);
    if (Number.isNaN(t)) throw invalidIdentityToken(messages.samlInvalidTime('SessionNotOnOrAfter'));
    if (t <= now.getTime()) throw expiredToken(messages.samlSessionExpired);
    sessionNotOnOrAfter = new Date(t);
  }

  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, SAML, 'AttributeStatement')) {
    for (const attribute of children(statement, SAML, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      attributes.set(name, [...(attributes.get(name) ?? []), ...children(attribute, SAML, 'AttributeValue').map(text)]);
    }
  }
  const sessionName = attributes.get(SESSION_NAME_ATTRIBUTE)?.[0];
  if (!sessionName) throw invalidIdentityToken(messages.samlSessionNameMissing);
  if (!SESSION_NAME.test(sessionName)) throw invalidIdentityToken(messages.samlSessionNameInvalid);
  const durationText = attributes.get(SESSION_DURATION_ATTRIBUTE)?.[0];
  let sessionDuration: number | undefined;
  if (durationText !== undefined) {
    sessionDuration = Number(durationText);
    if (!Number.isInteger(sessionDuration) || sessionDuration < 900 || sessionDuration > 43200) throw invalidIdentityToken(messages.samlSessionDurationInvalid);
  }
  const nameQualifier = createHash('sha1').update(`${issuer}${provider.accountId}/${provider.name}`).digest('base64');
  return { issuer, subject, subjectType, audience: recipient, sessionName, sessionDuration, sessionNotOnOrAfter, nameQualifier, attributes, assertionId, notOnOrAfter };
}

/** The Role attribute's values: "roleArn,principalArn" pairs (either order). */
export function samlRolePairs(assertion: VerifiedSamlAssertion): { roleArn: string; principalArn: string }[] {
  return (assertion.attributes.get(ROLE_ATTRIBUTE) ?? []).flatMap((value) => {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) return [];
    const roleArn = parts.find((p) => /^arn:aws:iam::\d{12}:role\//.test(p));
    const principalArn = parts.find((p) => /^arn:aws:iam::\d{12}:saml-provider\//.test(p));
    return roleArn && principalArn ? [{ roleArn, principalArn }] : [];
  });
}

const PRINCIPAL_TAG_PREFIX = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:';
const TRANSITIVE_TAG_KEYS_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys';
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * The session tags a SAML assertion passes: each `PrincipalTag:<key>` attribute (its first
 * value), and which of them are transitive (the TransitiveTagKeys attribute's values, each a key
 * the assertion sets). Passing tags needs sts:TagSession in the role's trust policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-saml
 */
export function samlSessionTags(assertion: VerifiedSamlAssertion): { tags: { Key: string; Value: string }[]; transitiveTagKeys: string[] } {
  const tags: { Key: string; Value: string }[] = [];
  for (const [name, values] of assertion.attributes) {
    if (!name.startsWith(PRINCIPAL_TAG_PREFIX)) continue;
    const key = name.slice(PRINCIPAL_TAG_PREFIX.length);
    const value = values[0] ?? '';
    if (!TAG_KEY.test(key) || !TAG_VALUE.test(value) || key.toLowerCase().startsWith('aws:')) throw invalidIdentityToken(messages.samlPrincipalTagInvalid(key));
    if (tags.some((t) => t.Key.toLowerCase() === key.toLowerCase())) throw invalidIdentityToken(messages.samlPrincipalTagInvalid(key));
    tags.push({ Key: key, Value: value });
  }
  if (tags.length > 50) throw invalidIdentityToken(messages.samlTooManySessionTags);
  const set = new Set(tags.map((t) => t.Key.toLowerCase()));
  const transitiveTagKeys = (assertion.attributes.get(TRANSITIVE_TAG_KEYS_ATTRIBUTE) ?? []).filter((key) => key !== '');
  for (const key of transitiveTagKeys) if (!set.has(key.toLowerCase())) throw invalidIdentityToken(messages.samlPrincipalTagInvalid(key));
  return { tags, transitiveTagKeys };
}

/**
 * The SAML provider ARNs an unverified Response's Role attribute names: only to choose which
 * provider's certificates verify it (nothing else is read before the signature is checked).
 */
export function unverifiedSamlProviderArns(samlResponse: string): string[] {
  const xml = Buffer.from(samlResponse.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw invalidIdentityToken(messages.samlResponseNotBase64);
  const root = parseXml(xml).documentElement;
  const arns = new Set<string>();
  const walk = (node: Node | null | undefined) => {
    for (let c = node?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const e = c as Element;
      if (e.localName === 'Attribute' && e.namespaceURI === SAML && e.getAttribute('Name') === ROLE_ATTRIBUTE) {
        for (const value of children(e, SAML, 'AttributeValue').map(text)) {
          for (const part of value.split(',').map((p) => p.trim())) if (/^arn:aws:iam::\d{12}:saml-provider\/[\w+=,.@-]{1,128}$/.test(part)) arns.add(part);
        }
      } else walk(e);
    }
  };
  walk(root);
  return [...arns];
}

/**
 * SAML condition keys for the trust policy: SAML:aud, SAML:iss, SAML:sub, SAML:sub_type,
 * SAML:namequalifier, SAML:doc, plus the common attribute keys AWS maps.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 */
export function samlContext(assertion: VerifiedSamlAssertion, providerArn: string, accountId: string, providerName: string): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {
    'aws:FederatedProvider': providerArn,
    'SAML:aud': assertion.audience,
    'SAML:iss': assertion.issuer,
    'SAML:sub': assertion.subject,
    'SAML:sub_type': assertion.subjectType,
    'SAML:namequalifier': assertion.nameQualifier,
    'SAML:doc': `${accountId}/${providerName}`,
  };
  const mapped: Record<string, string> = {
    'urn:oid:2.5.4.3': 'SAML:cn',
    'urn:oid:0.9.2342.19200300.100.1.3': 'SAML:mail',
    'urn:oid:0.9.2342.19200300.100.1.1': 'SAML:uid',
    'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'SAML:eduPersonPrincipalName',
    'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'SAML:eduPersonAffiliation',
  };
  for (const [name, key] of Object.entries(mapped)) {
    const values = assertion.attributes.get(name);
    if (values?.length) context[key] = values.length === 1 ? values[0]! : values;
  }
  return context;
}
