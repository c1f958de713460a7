// Identity providers: add a SAML provider from an uploaded metadata file and an OpenID Connect
// provider with an audience, manage audiences, metadata and tags on their pages, and delete them.
import { expect, test } from '@playwright/test';
import { signInAsRoot } from './auth.actions.ts';
import { chooseMetadataFile, deleteOpenProvider, openAddProvider, openIdentityProviders, samlMetadataXml } from './identity-providers.actions.ts';
import { root } from './test-accounts.ts';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
});

test('a SAML provider is added from its metadata file, its metadata replaced, tagged and deleted', async ({ page }) => {
  test.setTimeout(60_000);
  await openAddProvider(page);
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Enter a provider name.')).toBeVisible();
  await expect(page.getByText('Choose a metadata document.')).toBeVisible();

  await page.getByLabel('Provider name').fill('CorpIdP');
  await chooseMetadataFile(page, samlMetadataXml());
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Provider CorpIdP added.')).toBeVisible();
  await page.getByRole('link', { name: 'View provider' }).click();
  await expect(page.getByRole('heading', { name: 'CorpIdP', level: 1 })).toBeVisible();
  await expect(page.getByText('arn:aws:iam::123456789012:saml-provider/CorpIdP')).toBeVisible();

  await page.getByRole('button', { name: 'Replace metadata' }).click();
  const dialog = page.getByRole('dialog');
  await chooseMetadataFile(page, samlMetadataXml('https://idp.example.com/v2'), 'new-metadata.xml');
  await dialog.getByRole('button', { name: 'Replace metadata' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/idp\.example\.com\/v2/)).toBeVisible();

  await page.getByRole('button', { name: 'Manage tags' }).click();
  await page.getByRole('button', { name: 'Add new tag' }).click();
  await page.getByLabel('Tag key 1').fill('owner');
  await page.getByLabel('Tag value 1').fill('security');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('cell', { name: 'security' })).toBeVisible();

  await openIdentityProviders(page);
  const row = page.getByRole('row').filter({ hasText: 'CorpIdP' });
  await expect(row.getByRole('cell', { name: 'SAML', exact: true })).toBeVisible();
  await row.getByRole('link', { name: 'CorpIdP' }).click();
  await deleteOpenProvider(page, 'CorpIdP');
  await expect(page.getByRole('link', { name: 'CorpIdP' })).toHaveCount(0);
});

test('an OpenID Connect provider is added with an audience; audiences are added and removed', async ({ page }) => {
  test.setTimeout(60_000);
  await openAddProvider(page);
  await page.getByRole('radio', { name: /OpenID Connect/ }).check();
  await page.getByLabel('Provider URL').fill('http://token.example.com');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('The provider URL must begin with https://')).toBeVisible();
  await page.getByLabel('Provider URL').fill('https://token.example.com');
  await page.getByLabel('Audience').fill('sts.amazonaws.com');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Provider token.example.com added.')).toBeVisible();
  await page.getByRole('link', { name: 'View provider' }).click();
  await expect(page.getByRole('heading', { name: 'token.example.com', level: 1 })).toBeVisible();
  await expect(page.getByText('arn:aws:iam::123456789012:oidc-provider/token.example.com')).toBeVisible();

  await page.getByRole('button', { name: 'Add audience' }).click();
  await page.getByRole('dialog').getByLabel('Audience').fill('my-app');
  await page.getByRole('dialog').getByRole('button', { name: 'Add audience' }).click();
  await expect(page.getByText('my-app', { exact: true })).toBeVisible();
  await page.getByRole('checkbox', { name: 'sts.amazonaws.com' }).check();
  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('sts.amazonaws.com', { exact: true })).toHaveCount(0);

  await openIdentityProviders(page);
  const row = page.getByRole('row').filter({ hasText: 'token.example.com' });
  await expect(row.getByRole('cell', { name: 'OpenID Connect' })).toBeVisible();
  await row.getByRole('link', { name: 'token.example.com' }).click();
  await deleteOpenProvider(page, 'token.example.com');
});
