// Wording and paths shared by the identity-provider screens.
import type { ProviderType } from '../../api/queries/identity-providers.ts';

/** The Type column's text, as the IAM console writes it. */
export function providerTypeLabel(type: ProviderType): string {
  return type === 'SAML' ? 'SAML' : 'OpenID Connect';
}

/** The detail page of a provider: its ARN after /identity-providers/details/ (slashes and colons kept). */
export function providerDetailPath(arn: string): string {
  return `/identity-providers/details/${encodeURI(arn)}`;
}
