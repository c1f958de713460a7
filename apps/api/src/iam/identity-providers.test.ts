import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { SamlMetadataError, certificatePem, oidcProviderArn, oidcProviderUrl, parseProviderArn, parseSamlMetadata, samlProviderArn } from './identity-providers';
import { certificateBase64, samlMetadata } from '../../test/fixtures/saml-metadata';
import { fixture } from '../../test/fixtures/credentials';

describe('provider names and ARNs', () => {
  it.each([
    ['https://token.actions.githubusercontent.com', 'token.actions.githubusercontent.com'],
    ['https://oidc.eks.us-west-2.amazonaws.com/id/ABC', 'oidc.eks.us-west-2.amazonaws.com/id/ABC'],
    ['https://idp.example.com/', 'idp.example.com'], // one trailing slash is dropped
    ['idp.example.com', 'idp.example.com'], // an `iss` already without scheme
  ])('%s → %s', (issuer, url) => {
    expect(oidcProviderUrl(issuer)).toBe(url);
    expect(oidcProviderArn('123456789012', issuer)).toBe(`arn:aws:iam::123456789012:oidc-provider/${url}`);
  });

  it('parses provider ARNs of the expected kind only', () => {
    expect(parseProviderArn('arn:aws:iam::123456789012:oidc-provider/a.example.com/x', 'oidc-provider')).toEqual({ accountId: '123456789012', resource: 'a.example.com/x' });
    expect(parseProviderArn(samlProviderArn('123456789012', 'Okta'), 'saml-provider')).toEqual({ accountId: '123456789012', resource: 'Okta' });
    expect(parseProviderArn(samlProviderArn('123456789012', 'Okta'), 'oidc-provider')).toBeNull();
    expect(parseProviderArn('arn:aws:iam::123456789012:role/x', 'saml-provider')).toBeNull();
  });
});

describe('parseSamlMetadata', () => {
  it('returns the entity ID, signing certificates as PEM, SSO services and validUntil', () => {
    const parsed = parseSamlMetadata(samlMetadata({ validUntil: '2030-01-01T00:00:00Z' }));
    expect(parsed.entityId).toBe('https://idp.example.com/saml');
    expect(parsed.validUntil?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parsed.singleSignOnServices).toEqual([{ binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', location: 'https://idp.example.com/sso' }]);
    expect(parsed.signingCertificates).toHaveLength(1);
    expect(new X509Certificate(parsed.signingCertificates[0]!).fingerprint256).toBe(new X509Certificate(fixture('signing-1.crt')).fingerprint256);
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed XML', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'],
    ['another root element', '<root/>'],
    ['service-provider metadata', samlMetadata({ idp: false })],
    ['no signing key', samlMetadata({ use: 'encryption' })],
    ['a certificate that is not one', samlMetadata({ certificate: 'QUJD' })],
  ])('refuses %s', (_what, xml) => {
    expect(() => parseSamlMetadata(xml)).toThrow(SamlMetadataError);
  });

  it('turns base64 DER into PEM, or null', () => {
    expect(certificatePem(certificateBase64('signing-2.crt'))).toContain('-----BEGIN CERTIFICATE-----');
    expect(certificatePem('not base64!')).toBeNull();
  });
});
