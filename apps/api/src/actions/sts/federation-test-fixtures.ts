/**
 * Test fixtures for STS federation (tests only): a real OpenID Connect issuer on a local
 * node:http server (discovery document + JWKS, RS256 keys from jose), and SAML 2.0 Responses
 * signed with xml-crypto using the test certificate in apps/api/test/fixtures/credentials/.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { SignedXml } from 'xml-crypto';

export interface OidcIssuer {
  /** http://127.0.0.1:PORT */
  issuer: string;
  /** The IAM provider URL (no scheme). */
  url: string;
  /** Signs an ID token with the issuer's key (iss, iat, exp filled in unless given). */
  token(claims: JWTPayload, options?: { expiresInSeconds?: number; wrongKey?: boolean }): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let fetches = 0;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    url: issuer.replace(/^http:\/\//, ''),
    async token(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + (options.expiresInSeconds ?? 300), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .sign(options.wrongKey ? other.privateKey : privateKey);
    },
    jwksFetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const credentialsDir = path.resolve(import.meta.dirname, '../../../test/fixtures/credentials');
export const samlSigningKey = readFileSync(path.join(credentialsDir, 'server.key'), 'utf8');
export const samlSigningCert = readFileSync(path.join(credentialsDir, 'server.crt'), 'utf8');
export const otherKey = readFileSync(path.join(credentialsDir, 'other.key'), 'utf8');

const certBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

/** An IdP's SAML metadata with its signing certificate. */
export function samlMetadata(entityId: string, cert = samlSigningCert): string {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

export interface SamlOptions {
  issuer: string;
  roles: string[];
  sessionName?: string;
  sessionDuration?: number;
  subject?: string;
  audience?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** AuthnStatement SessionNotOnOrAfter. */
  sessionNotOnOrAfter?: Date;
  /** Sign with this key instead of the certificate's. */
  key?: string;
  /** What to sign: the assertion (default) or the whole response. */
  sign?: 'assertion' | 'response';
  extraAttributes?: Record<string, string>;
}

const attribute = (name: string, values: string[]) =>
  `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`;

/** The unsigned SAML Response XML. */
export function samlResponseXml(o: SamlOptions): { xml: string; assertionId: string; responseId: string } {
  const now = new Date();
  const notBefore = (o.notBefore ?? new Date(now.getTime() - 60_000)).toISOString();
  const notOnOrAfter = (o.notOnOrAfter ?? new Date(now.getTime() + 300_000)).toISOString();
  const assertionId = `_a${randomUUID().replace(/-/g, '')}`;
  const responseId = `_r${randomUUID().replace(/-/g, '')}`;
  const attributes = [
    attribute('https://aws.amazon.com/SAML/Attributes/Role', o.roles),
    ...(o.sessionName !== undefined ? [attribute('https://aws.amazon.com/SAML/Attributes/RoleSessionName', [o.sessionName])] : []),
    ...(o.sessionDuration !== undefined ? [attribute('https://aws.amazon.com/SAML/Attributes/SessionDuration', [String(o.sessionDuration)])] : []),
    ...Object.entries(o.extraAttributes ?? {}).map(([k, v]) => attribute(k, [v])),
  ].join('');
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="https://signin.aws.amazon.com/saml">` +
    `<saml:Issuer>${o.issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${o.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.subject ?? 'jdoe'}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? 'urn:amazon:webservices'}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}"${o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${o.sessionNotOnOrAfter.toISOString()}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`;
  return { xml, assertionId, responseId };
}

/** Signs an element (by its local name) of the XML, enveloped, the signature after its Issuer. */
export function signSaml(xml: string, what: 'assertion' | 'response', key = samlSigningKey): string {
  const sig = new SignedXml({ privateKey: key, publicCert: samlSigningCert, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#', signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' });
  const localName = what === 'assertion' ? 'Assertion' : 'Response';
  sig.addReference({
    xpath: `//*[local-name(.)='${localName}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: `//*[local-name(.)='${localName}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** A base64 SAML Response, signed (assertion by default). */
export function samlResponse(o: SamlOptions): string {
  const { xml } = samlResponseXml(o);
  return Buffer.from(signSaml(xml, o.sign ?? 'assertion', o.key)).toString('base64');
}
