// Console single sign-on against identity providers running locally (not mocks): SAML 2.0 from
// samlify in IdP mode, posting to /saml as an IdP-initiated sign-in, with AWS's role choice, and
// SP-initiated from our sign-in page (a signed AuthnRequest the IdP verifies); and OpenID Connect
// from oidc-provider, signing in on its own login page from our sign-in page. A federated session
// is offered no password or credentials of its own. Each test deletes what it created.
import { expect, test, type Page } from '@playwright/test';
import { signInAsRoot, signOut } from './auth.actions.ts';
import { seedIam } from './policy-simulator.actions.ts';
import { iamCall } from './users.actions.ts';
import { startOidcProvider, startSamlIdp, type LocalOidcProvider, type LocalSamlIdp } from './sso.actions.ts';
import { root } from './test-accounts.ts';

let saml: LocalSamlIdp;
let oidc: LocalOidcProvider;
test.afterAll(async () => {
  await saml?.close();
  await oidc?.close();
});
// The OpenID Provider's page is served with a self-signed certificate (the server trusts it).
test.use({ ignoreHTTPSErrors: true });

/** Signs in as root and deletes the spec's roles (their managed policies detached) and its identity provider. */
async function cleanUp(page: Page, roles: { name: string; policyArns: string[] }[], provider: { saml: string } | { oidc: string }) {
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  for (const role of roles) {
    for (const PolicyArn of role.policyArns) await iamCall(page, 'DetachRolePolicy', { RoleName: role.name, PolicyArn });
    await iamCall(page, 'DeleteRole', { RoleName: role.name });
  }
  if ('saml' in provider) await iamCall(page, 'DeleteSAMLProvider', { SAMLProviderArn: provider.saml });
  else await iamCall(page, 'DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: provider.oidc });
  await signOut(page);
}

/** The federated session's user menu offers no password or credentials of its own, and the pages say why. */
async function expectNoOwnCredentials(page: Page, label: string) {
  await page.getByRole('button', { name: label }).click();
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Change password' })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: 'My security credentials' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.goto('/security_credentials');
  await expect(page.getByText('My security credentials is not available to role sessions')).toBeVisible();
  await expect(page.getByText(/You signed in through your identity provider as the role session/)).toBeVisible();
}

test('SAML: an IdP-initiated sign-in with two roles shows the role choice, then the console as the federated role', async ({ page, baseURL }) => {
  saml = await startSamlIdp(baseURL!);
  const providerArn = `arn:aws:iam::${root.accountId}:saml-provider/e2e-corp-idp`;
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': `${baseURL}/saml` } } }],
  });
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateSAMLProvider', { Name: 'e2e-corp-idp', SAMLMetadataDocument: saml.idp.metadata });
  await seedIam(page, 'CreateRole', { RoleName: 'e2e-sso-readers', AssumeRolePolicyDocument: trust });
  await seedIam(page, 'AttachRolePolicy', { RoleName: 'e2e-sso-readers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
  await seedIam(page, 'CreateRole', { RoleName: 'e2e-sso-admins', AssumeRolePolicyDocument: trust });
  await signOut(page);

  const roles = [`arn:aws:iam::${root.accountId}:role/e2e-sso-admins,${providerArn}`, `arn:aws:iam::${root.accountId}:role/e2e-sso-readers,${providerArn}`];
  const launch = await saml.launchUrl({ roles, sessionName: 'jdoe@example.com' });
  await page.goto(launch);
  await page.getByRole('button', { name: 'Continue to Portcullis' }).click();
  await expect(page.getByText('Select a role:')).toBeVisible();
  await expect(page.getByRole('group', { name: `Account: ${root.accountId}` })).toBeVisible();
  await page.getByRole('radio', { name: /e2e-sso-readers/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();

  const label = `Federated user: e2e-sso-readers/jdoe@example.com @ ${root.accountId}`;
  await expect(page.getByRole('button', { name: label })).toBeVisible();
  await page.goto('/roles');
  await expect(page.getByRole('link', { name: 'e2e-sso-admins' })).toBeVisible();
  await signOut(page, label);

  // The same Response posted again (from the browser's history, say): refused with a clear page.
  await page.goto(launch);
  await page.getByRole('button', { name: 'Continue to Portcullis' }).click();
  await expect(page.getByRole('alert')).toHaveText('This SAML response has already been used to sign in. Sign in again at your identity provider.');

  // SP-initiated: "Sign in with" the IdP from the sign-in page; the IdP verifies the signed
  // AuthnRequest (it refuses unsigned ones) and posts its Response back with the RelayState.
  saml.answerSignInAs({ roles, sessionName: 'jdoe@example.com' });
  // Opening a page signed out keeps it for after the sign-in (the link's redirect, the request's RelayState).
  await page.goto('/roles');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(root.accountId);
  await page.getByRole('link', { name: 'Sign in with e2e-corp-idp' }).click();
  await page.getByRole('button', { name: 'Continue to Portcullis' }).click();
  await page.getByRole('radio', { name: /e2e-sso-readers/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'e2e-sso-admins' })).toBeVisible();
  await expect(page).toHaveURL(/\/roles$/);
  await expectNoOwnCredentials(page, label);
  await signOut(page, label);

  await cleanUp(page, [{ name: 'e2e-sso-readers', policyArns: ['arn:aws:iam::aws:policy/IAMReadOnlyAccess'] }, { name: 'e2e-sso-admins', policyArns: [] }], { saml: providerArn });
});

test('OIDC: "Sign in with" the provider from the sign-in page, its login form, then the console as the role', async ({ page, baseURL }) => {
  oidc = await startOidcProvider('portcullis-e2e', `${baseURL}/oidc/callback`);
  const host = oidc.issuer.replace(/^https:\/\//, '');
  await page.goto('/');
  await signInAsRoot(page, root);
  await expect(page.getByRole('heading', { name: 'IAM Dashboard' })).toBeVisible();
  await seedIam(page, 'CreateOpenIDConnectProvider', { Url: oidc.issuer, ClientIDList: ['portcullis-e2e'], ThumbprintList: ['0'.repeat(40)] });
  await seedIam(page, 'CreateRole', {
    RoleName: 'e2e-oidc-developers',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${root.accountId}:oidc-provider/${host}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: 'alice', [`${host}:aud`]: 'portcullis-e2e' } } }],
    }),
  });
  await seedIam(page, 'AttachRolePolicy', { RoleName: 'e2e-oidc-developers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
  await signOut(page);

  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(root.accountId);
  await page.getByRole('link', { name: `Sign in with ${host}` }).click();
  // oidc-provider's own development login and consent pages.
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  const label = `Federated user: e2e-oidc-developers/alice @ ${root.accountId}`;
  await expect(page.getByRole('button', { name: label })).toBeVisible();
  await expectNoOwnCredentials(page, label);
  await signOut(page, label);

  await cleanUp(page, [{ name: 'e2e-oidc-developers', policyArns: ['arn:aws:iam::aws:policy/IAMReadOnlyAccess'] }], { oidc: `arn:aws:iam::${root.accountId}:oidc-provider/${host}` });
});
