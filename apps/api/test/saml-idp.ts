/**
 * A real SAML 2.0 identity provider for tests: samlify in IdP mode (its metadata, its signing of
 * the Response/Assertion), answering for a service provider built from the SP metadata our
 * server publishes at /saml/metadata.xml. Only the attribute values, the times and the
 * audience/recipient are the test's to choose (to build wrong ones on purpose).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as samlify from 'samlify';
import * as validator from '@authenio/samlify-node-xmllint';

samlify.setSchemaValidator(validator);

const credentialsDir = path.resolve(import.meta.dirname, 'fixtures/credentials');
const read = (name: string) => readFileSync(path.join(credentialsDir, name), 'utf8');
export const idpKey = read('server.key');
export const idpCert = read('server.crt');
/** A key that does not belong to the IdP's certificate: a forged signature. */
export const forgedKey = read('other.key');

export interface AssertionOptions {
  /** Role attribute values: "roleArn,providerArn". */
  roles: string[];
  sessionName?: string;
  sessionDuration?: number;
  subject?: string;
  /** Extra attributes (PrincipalTag:*, TransitiveTagKeys…), name → values. */
  attributes?: Record<string, string[]>;
  audience?: string;
  recipient?: string;
  /** Seconds from now (negative: in the past). */
  notBeforeSeconds?: number;
  notOnOrAfterSeconds?: number;
  /** Sign with a key other than the IdP's own. */
  forged?: boolean;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SamlIdp {
  entityId: string;
  /** The IdP's metadata (for CreateSAMLProvider). */
  metadata: string;
  /** A base64 SAMLResponse for the SP, as the IdP would POST it. */
  response(options: AssertionOptions): Promise<string>;
  /**
   * Reads an HTTP-Redirect AuthnRequest (the SP's redirect URL) as the IdP does, which wants
   * requests signed: the signature over the query verified with the SP metadata's certificate.
   */
  loginRequest(redirectUrl: string): Promise<{ id: string; issuer: string; relayState: string | null }>;
  /** Reads an HTTP-POST AuthnRequest (the form's SAMLRequest) as the IdP does: its XML signature verified. */
  postLoginRequest(samlRequest: string): Promise<{ id: string; issuer: string }>;
}

/**
 * An IdP for the SP whose metadata is `spMetadata`. `ssoUrl` is where its SingleSignOnService
 * (HTTP-Redirect) listens, for SP-initiated sign-ins.
 */
export function samlIdp(spMetadata: string, options: { entityId?: string; ssoUrl?: string; ssoBinding?: 'HTTP-Redirect' | 'HTTP-POST' } = {}): SamlIdp {
  const entityId = options.entityId ?? 'https://idp.test/saml';
  const settings = (privateKey: string) => ({
    entityID: entityId,
    privateKey,
    signingCert: idpCert,
    isAssertionEncrypted: false,
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    singleSignOnService: [{ Binding: `urn:oasis:names:tc:SAML:2.0:bindings:${options.ssoBinding ?? 'HTTP-Redirect'}`, Location: options.ssoUrl ?? 'https://idp.test/sso' }],
    wantAuthnRequestsSigned: true,
  });
  const idp = samlify.IdentityProvider(settings(idpKey));
  const forgedIdp = samlify.IdentityProvider(settings(forgedKey));
  const sp = samlify.ServiceProvider({ metadata: spMetadata });
  return {
    entityId,
    metadata: idp.getMetadata(),
    async loginRequest(redirectUrl) {
      const url = new URL(redirectUrl);
      // The signed octets are the query as sent, up to the Signature parameter (SAML bindings 3.4.4.1).
      const raw = url.search.slice(1);
      const octetString = raw.slice(0, raw.indexOf('&Signature='));
      const parsed = await idp.parseLoginRequest(sp, 'redirect', { query: Object.fromEntries(url.searchParams), octetString });
      const extract = parsed.extract as { request: { id: string }; issuer: string };
      return { id: extract.request.id, issuer: extract.issuer, relayState: url.searchParams.get('RelayState') };
    },
    async postLoginRequest(samlRequest) {
      const parsed = await idp.parseLoginRequest(sp, 'post', { body: { SAMLRequest: samlRequest } });
      const extract = parsed.extract as { request: { id: string }; issuer: string };
      return { id: extract.request.id, issuer: extract.issuer };
    },
    async response(o) {
      const attributes: Record<string, string[]> = {
        'https://aws.amazon.com/SAML/Attributes/Role': o.roles,
        'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [o.sessionName ?? 'jdoe@example.com'],
        ...(o.sessionDuration !== undefined ? { 'https://aws.amazon.com/SAML/Attributes/SessionDuration': [String(o.sessionDuration)] } : {}),
        ...o.attributes,
      };
      const statement =
        '<saml:AttributeStatement>' +
        Object.entries(attributes)
          .map(([name, values]) => `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
          .join('') +
        '</saml:AttributeStatement>';
      const now = Date.now();
      const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
      // samlify's own template, its tags filled in here (the attribute statement is XML).
      const replace = (template: string) => {
        const id = `_${crypto.randomUUID().replace(/-/g, '')}`;
        const values: Record<string, string> = {
          ID: id,
          AssertionID: `_${crypto.randomUUID().replace(/-/g, '')}`,
          Destination: o.recipient ?? sp.entityMeta.getAssertionConsumerService('post') as string,
          Audience: o.audience ?? sp.entityMeta.getEntityID(),
          SubjectRecipient: o.recipient ?? (sp.entityMeta.getAssertionConsumerService('post') as string),
          Issuer: entityId,
          IssueInstant: at(0),
          StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
          ConditionsNotBefore: at(o.notBeforeSeconds ?? -60),
          ConditionsNotOnOrAfter: at(o.notOnOrAfterSeconds ?? 300),
          SubjectConfirmationDataNotOnOrAfter: at(o.notOnOrAfterSeconds ?? 300),
          NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
          NameID: o.subject ?? 'jdoe',
        };
        const context = template
          .replace(/ InResponseTo="\{InResponseTo\}"/g, '')
          .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${at(0)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
          .replace('{AttributeStatement}', statement)
          .replace(/\{(\w+)\}/g, (match, tag: string) => (tag in values ? escape(values[tag]!) : match));
        return { id, context };
      };
      const { context } = (await (o.forged ? forgedIdp : idp).createLoginResponse(sp, {} as never, 'post', { email: o.subject ?? 'jdoe' }, replace)) as { context: string };
      return context;
    },
  };
}
