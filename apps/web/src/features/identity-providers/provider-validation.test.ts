import { describe, expect, it } from 'vitest';
import { providerNameOf, providerTypeOf } from '../../api/queries/identity-providers.ts';
import { providerDetailPath } from './format.ts';
import { audienceError, oidcUrlError, samlMetadataError, samlProviderNameError } from './provider-validation.ts';

const metadata = (pad: number) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"></md:IDPSSODescriptor></md:EntityDescriptor>${' '.repeat(pad)}`;

describe('samlProviderNameError', () => {
  // Each case: a name and the expected message (none when valid).
  const cases: { name: string; message?: RegExp }[] = [
    { name: 'Okta' },
    { name: 'corp_idp-1.0' }, // all allowed punctuation
    { name: 'x'.repeat(128) }, // the maximum
    { name: '', message: /enter a provider name/i },
    { name: 'x'.repeat(129), message: /at most 128/ },
    { name: 'two words', message: /only alphanumeric/ },
    { name: 'a+b', message: /only alphanumeric/ }, // + is allowed in user names, not here
  ];
  for (const c of cases) {
    it(JSON.stringify(c.name.slice(0, 24)), () => {
      const error = samlProviderNameError(c.name);
      if (c.message) expect(error).toMatch(c.message);
      else expect(error).toBeUndefined();
    });
  }
});

describe('samlMetadataError', () => {
  it('needs a document of 1,000 characters or more with an IDPSSODescriptor', () => {
    expect(samlMetadataError(undefined)).toMatch(/choose a metadata document/i);
    expect(samlMetadataError(metadata(0))).toMatch(/at least 1,000 characters/);
    expect(samlMetadataError(metadata(1000))).toBeUndefined();
    expect(samlMetadataError(`<root>${' '.repeat(1000)}</root>`)).toMatch(/not SAML 2.0 identity provider metadata/);
    expect(samlMetadataError(metadata(1000).replace(/IDPSSODescriptor/g, 'SPSSODescriptor'))).toMatch(/IDPSSODescriptor/);
  });
});

describe('oidcUrlError', () => {
  const cases: { url: string; message?: RegExp }[] = [
    { url: 'https://token.actions.githubusercontent.com' },
    { url: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE' }, // a path is allowed
    { url: '', message: /enter a provider url/i },
    { url: 'http://insecure.example.com', message: /must begin with https/ },
    { url: 'server.example.com', message: /must begin with https/ },
    { url: 'https://example.com/?tenant=1', message: /query or a fragment/ },
    { url: 'https://example.com/#x', message: /query or a fragment/ },
    { url: `https://${'a'.repeat(250)}.com`, message: /at most 255/ },
    { url: 'https://', message: /valid URL/ },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.url.slice(0, 40)), () => {
      const error = oidcUrlError(c.url);
      if (c.message) expect(error).toMatch(c.message);
      else expect(error).toBeUndefined();
    });
  }
});

describe('audienceError', () => {
  it('needs 1–255 characters', () => {
    expect(audienceError('sts.amazonaws.com')).toBeUndefined();
    expect(audienceError('')).toMatch(/enter an audience/i);
    expect(audienceError('a'.repeat(256))).toMatch(/at most 255/);
  });
});

describe('provider ARNs', () => {
  it('names the provider and its type from its ARN, and links to its page', () => {
    const oidc = 'arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/ABC';
    expect(providerTypeOf(oidc)).toBe('OIDC');
    expect(providerNameOf(oidc)).toBe('oidc.example.com/id/ABC');
    expect(providerTypeOf('arn:aws:iam::123456789012:saml-provider/Okta')).toBe('SAML');
    expect(providerNameOf('arn:aws:iam::123456789012:saml-provider/Okta')).toBe('Okta');
    expect(providerTypeOf('arn:aws:iam::123456789012:role/x')).toBeUndefined();
    expect(providerDetailPath(oidc)).toBe(`/identity-providers/details/${oidc}`);
  });
});
