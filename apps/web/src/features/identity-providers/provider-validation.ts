// The Add provider form's field rules, as the IAM API states them (CreateSAMLProvider,
// CreateOpenIDConnectProvider); the server checks them again and parses the metadata itself.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html

export const SAML_METADATA_MIN = 1000;
export const SAML_METADATA_MAX = 10_000_000;

/** A SAML provider name: 1–128 letters, digits and `._-`. */
export function samlProviderNameError(name: string): string | undefined {
  if (name === '') return 'Enter a provider name.';
  if (name.length > 128) return 'The provider name can have at most 128 characters.';
  if (!/^[\w.-]+$/.test(name)) return 'The provider name can contain only alphanumeric characters and the following: ._-';
  return undefined;
}

/** The uploaded metadata document: present, 1,000–10,000,000 characters, SAML 2.0 IdP metadata. */
export function samlMetadataError(document: string | undefined): string | undefined {
  if (document === undefined || document === '') return 'Choose a metadata document.';
  if (document.length < SAML_METADATA_MIN) return `The metadata document must have at least ${SAML_METADATA_MIN.toLocaleString('en-US')} characters.`;
  if (document.length > SAML_METADATA_MAX) return `The metadata document can have at most ${SAML_METADATA_MAX.toLocaleString('en-US')} characters.`;
  if (!/<([\w-]+:)?EntityDescriptor[\s>]/.test(document) || !/<([\w-]+:)?IDPSSODescriptor[\s>]/.test(document)) {
    return 'The document is not SAML 2.0 identity provider metadata (it needs an EntityDescriptor with an IDPSSODescriptor).';
  }
  return undefined;
}

/** An OIDC provider URL: https://, at most 255 characters, no query or fragment. */
export function oidcUrlError(url: string): string | undefined {
  if (url === '') return 'Enter a provider URL.';
  if (url.length > 255) return 'The provider URL can have at most 255 characters.';
  if (!/^https:\/\//i.test(url)) return 'The provider URL must begin with https://';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a valid URL, such as https://server.example.com.';
  }
  if (!parsed.hostname) return 'Enter a valid URL, such as https://server.example.com.';
  if (url.includes('?') || url.includes('#')) return 'The provider URL cannot contain a query or a fragment.';
  return undefined;
}

/** An audience (client ID): 1–255 characters. */
export function audienceError(audience: string): string | undefined {
  if (audience === '') return 'Enter an audience.';
  if (audience.length > 255) return 'The audience can have at most 255 characters.';
  return undefined;
}
