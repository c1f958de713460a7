// Page actions for the Identity providers section, by what a person sees (labels, roles, names).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export async function openIdentityProviders(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Side navigation' }).getByRole('link', { name: 'Identity providers' }).click();
  await expect(page.getByRole('heading', { name: 'Identity providers', level: 1 })).toBeVisible();
}

/** SAML 2.0 IdP metadata around a test-only self-signed certificate (apps/api/test/fixtures). */
export function samlMetadataXml(entityId = 'https://idp.example.com/saml'): string {
  const pem = readFileSync(fileURLToPath(new URL('../apps/api/test/fixtures/credentials/signing-1.crt', import.meta.url)), 'utf8');
  const certificate = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** Chooses a metadata document in the page's (or dialog's) file upload. */
export async function chooseMetadataFile(page: Page, xml: string, name = 'metadata.xml'): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/xml', buffer: Buffer.from(xml) });
  await expect(page.getByText(name)).toBeVisible();
}

/** Opens the Add provider form from the list. */
export async function openAddProvider(page: Page): Promise<void> {
  await openIdentityProviders(page);
  await page.getByRole('button', { name: 'Add provider' }).first().click();
  await expect(page.getByRole('heading', { name: 'Add an identity provider', level: 1 })).toBeVisible();
}

/** Deletes the provider whose page is open, typing its name to confirm. */
export async function deleteOpenProvider(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByPlaceholder(name).fill(name);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'Identity providers', level: 1 })).toBeVisible();
}
