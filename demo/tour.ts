/**
 * `pnpm demo`: starts Portcullis on a fresh embedded database, seeds a realistic organisation
 * through the AWS SDK (groups, users with keys and passwords, customer-managed policies with
 * versions, roles, some denied calls for the audit history), then tours every main screen of the
 * console in Chromium (IAM Access Analyzer's analyzers, findings and archive rules, and a policy
 * generated from a user's activity, among them), ending with a single sign-on through a local
 * SAML identity provider (the e2e suite's), driven by accessible names and labels, saving a
 * screenshot of each into demo-output/ with an index page. An example for people who script their own demos.
 *
 *   DEMO_PORT (default 8282), DEMO_OUTPUT (default demo-output), CHROMIUM_PATH (/usr/bin/chromium)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
// The e2e suite's SAML identity provider (samlify in IdP mode, on a local port): the demo signs in through it.
import { startSamlIdp, type LocalSamlIdp } from '../e2e/sso.actions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.DEMO_PORT ?? 8282);
const base = `http://127.0.0.1:${port}`;
const output = path.resolve(root, process.env.DEMO_OUTPUT ?? 'demo-output');
const ACCOUNT = '123456789012';
const ROOT = { email: 'admin@example.com', password: 'Demo-Root-Password-1' };
const ROOT_KEY = { accessKeyId: 'AKIADEMOROOT00000001', secretAccessKey: 'demoDEMOdemoDEMOdemoDEMOdemoDEMOdemo1234' };
/** An auditing partner's account: a role it may assume is the external access analyzer's finding. */
const PARTNER_ACCOUNT = '444455556666';

async function startServer(dataDir: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PORTCULLIS_DATA_DIR: dataDir,
    PORTCULLIS_ROOT_EMAIL: ROOT.email,
    PORTCULLIS_ROOT_PASSWORD: ROOT.password,
    PORTCULLIS_ACCOUNT_ID: ACCOUNT,
    PORTCULLIS_ROOT_ACCESS_KEY_ID: ROOT_KEY.accessKeyId,
    PORTCULLIS_ROOT_SECRET_ACCESS_KEY: ROOT_KEY.secretAccessKey,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      if ((await fetch(`${base}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start within 60 s');
}

const allow = (actions: string[], resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });

const rootIam = () => new IAMClient({ endpoint: base, region: 'us-east-1', credentials: ROOT_KEY });

async function seed() {
  const iam = rootIam();
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireNumbers: true, RequireSymbols: true, AllowUsersToChangePassword: true }));
  const groups = { Developers: 'arn:aws:iam::aws:policy/AmazonEC2FullAccess', Admins: 'arn:aws:iam::aws:policy/AdministratorAccess', Auditors: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
  for (const [name, policy] of Object.entries(groups)) {
    await iam.send(new CreateGroupCommand({ GroupName: name }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policy }));
  }
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'S3ReadReports', Description: 'Read the reports bucket', PolicyDocument: allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::reports/*') }));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn!, PolicyDocument: allow(['s3:GetObject', 's3:ListBucket', 's3:GetObjectVersion'], 'arn:aws:s3:::reports/*'), SetAsDefault: true }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Developers', PolicyArn: Policy!.Arn! }));
  const people = [
    { name: 'alice', group: 'Admins', team: 'platform' },
    { name: 'bob', group: 'Developers', team: 'web' },
    { name: 'carol', group: 'Developers', team: 'mobile' },
    { name: 'dave', group: 'Auditors', team: 'finance' },
  ];
  const keys: Record<string, { accessKeyId: string; secretAccessKey: string }> = {};
  for (const p of people) {
    await iam.send(new CreateUserCommand({ UserName: p.name, Tags: [{ Key: 'team', Value: p.team }] }));
    await iam.send(new CreateLoginProfileCommand({ UserName: p.name, Password: `Demo-${p.name}-Pass-1!`, PasswordResetRequired: false }));
    await iam.send(new AddUserToGroupCommand({ GroupName: p.group, UserName: p.name }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: p.name }));
    keys[p.name] = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }
  await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'ReadReports', PolicyDocument: allow(['s3:GetObject'], 'arn:aws:s3:::reports/*') }));
  // AWS's example "allows IAM users to manage their own credentials", for carol's own page.
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'carol',
      PolicyName: 'ManageOwnCredentials',
      PolicyDocument: allow(
        ['iam:GetUser', 'iam:ChangePassword', 'iam:GetLoginProfile', 'iam:*AccessKey*', 'iam:*SSHPublicKey*', 'iam:*ServiceSpecificCredential*', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices'],
        'arn:aws:iam::*:user/${aws:username}',
      ),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'DeployRole',
      Description: 'Assumed by the CI pipeline to deploy',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ci-pipeline' } } }] }),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'PartnerAuditRole',
      Description: 'Assumed by the external auditors',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'PartnerAuditRole', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }));
  // Bob reads IAM with his key: Access Advisor shows when.
  await new IAMClient({ endpoint: base, region: 'us-east-1', credentials: keys.bob! }).send(new ListUsersCommand({})).catch(() => {});
  // A developer tries something it may not do: the audit history shows the denial.
  const asBob = new IAMClient({ endpoint: base, region: 'us-east-1', credentials: keys.bob! });
  await asBob.send(new CreateUserCommand({ UserName: 'mallory' })).catch(() => {});
  // Carol looks at her own credentials with her key: a policy generated from her activity lists these.
  const asCarol = new IAMClient({ endpoint: base, region: 'us-east-1', credentials: keys.carol! });
  await asCarol.send(new GetUserCommand({ UserName: 'carol' }));
  await asCarol.send(new ListAccessKeysCommand({ UserName: 'carol' }));
  await asCarol.send(new ListMFADevicesCommand({ UserName: 'carol' }));
}

/**
 * A console REST call as the signed-in user (`POST /api/<service>/<Action>`, JSON input), for what
 * the IAM SDK client does not cover: EC2 images.
 */
async function consoleCall<T>(page: Page, service: 'ec2', action: string, input: object): Promise<T> {
  const { csrfToken } = (await (await page.request.get(`${base}/api/session`)).json()) as { csrfToken: string };
  const response = await page.request.post(`${base}/api/${service}/${action}`, { data: input, headers: { 'x-csrf-token': csrfToken } });
  if (!response.ok()) throw new Error(`${action}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A golden image shared with everyone (launch permission for the group `all`): a public finding. */
async function seedPublicImage(page: Page) {
  const snapshot = await consoleCall<{ snapshotId: string }>(page, 'ec2', 'CreateSnapshot', { VolumeSize: 8, Description: 'Golden image root volume' });
  const image = await consoleCall<{ imageId: string }>(page, 'ec2', 'RegisterImage', {
    Name: 'golden-web-2026-12',
    Description: 'Hardened web server image',
    Architecture: 'x86_64',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMapping: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshot.snapshotId } }],
  });
  await consoleCall(page, 'ec2', 'ModifyImageAttribute', { ImageId: image.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } });
  return image.imageId;
}

/**
 * Single sign-on: the company IdP registered as a SAML provider, and two roles it may sign people
 * in to (the role choice shows both). The IdP answers SP-initiated sign-ins as jdoe.
 */
async function seedSso(idp: LocalSamlIdp) {
  const iam = rootIam();
  const { SAMLProviderArn } = await iam.send(new CreateSAMLProviderCommand({ Name: 'CorpIdP', SAMLMetadataDocument: idp.idp.metadata }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: SAMLProviderArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': `${base}/saml` } } }] });
  const roles = { SsoReadOnly: 'arn:aws:iam::aws:policy/ReadOnlyAccess', SsoAdmins: 'arn:aws:iam::aws:policy/AdministratorAccess' };
  for (const [name, policy] of Object.entries(roles)) {
    await iam.send(new CreateRoleCommand({ RoleName: name, Description: 'Signed in to through CorpIdP', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }));
  }
  idp.answerSignInAs({ roles: Object.keys(roles).map((name) => `arn:aws:iam::${ACCOUNT}:role/${name},${SAMLProviderArn}`), sessionName: 'jdoe@example.com', subject: 'jdoe' });
}

interface Shot {
  file: string;
  title: string;
}

async function tour(page: Page, idp: LocalSamlIdp): Promise<Shot[]> {
  const shots: Shot[] = [];
  const snap = async (title: string) => {
    await page.waitForLoadState('networkidle');
    // A full-page screenshot of a scrolled page draws the sticky header and navigation mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = `${String(shots.length + 1).padStart(2, '0')}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`;
    await page.screenshot({ path: path.join(output, file), fullPage: true });
    shots.push({ file, title });
    console.log(`  ✓ ${title}`);
  };
  await page.goto(`${base}/signin`);
  await snap('Sign in');
  await page.getByRole('radio', { name: 'Root user' }).check();
  await page.getByLabel('Root user email address').fill(ROOT.email);
  await page.getByLabel('Password', { exact: true }).fill(ROOT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Dashboard/ }).first().waitFor();
  await snap('Dashboard');
  const nav = page.getByRole('navigation');
  for (const section of ['User groups', 'Users', 'Roles', 'Policies', 'Identity providers', 'Account settings', 'Credential report', 'Audit history', 'Policy simulator']) {
    await nav.getByRole('link', { name: section, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(section, 'i') }).first().waitFor({ timeout: 15_000 }).catch(() => {});
    await snap(section);
  }
  // One user's tabs: security credentials and Access Advisor.
  await page.goto(`${base}/users/bob`);
  await page.getByRole('heading', { name: 'bob' }).first().waitFor({ timeout: 15_000 }).catch(() => {});
  for (const tab of ['Security credentials', 'Access Advisor']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(500);
    await snap(`User bob — ${tab}`);
  }
  // The policy editor previews what a new version adds and removes, and for whom, before saving.
  await page.goto(`${base}/policies/details/${encodeURIComponent(`arn:aws:iam::${ACCOUNT}:policy/S3ReadReports`)}/edit`);
  const wider = JSON.stringify(JSON.parse(allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::reports/*')), null, 2);
  await page.getByRole('textbox', { name: 'Policy editor' }).fill(wider);
  await page.getByRole('table', { name: 'Changes to permissions' }).getByText('s3:DeleteObject, s3:PutObject').waitFor({ timeout: 15_000 });
  await snap('Edit policy — change preview');
  await accessAnalyzerTour(page, snap);
  // Generate policy on carol's Permissions tab: the actions her key performed today, on her own ARN.
  await page.goto(`${base}/users/carol`);
  await page.getByRole('heading', { name: 'Generate policy based on audit log events' }).waitFor({ timeout: 15_000 });
  await showSideNavigation(page);
  await page.getByRole('radio', { name: 'Last 1 day' }).check();
  await page.getByRole('button', { name: 'Generate policy' }).click();
  await page.getByRole('table', { name: 'Actions used in the period' }).getByRole('row').filter({ hasText: 'iam:ListAccessKeys' }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Policy JSON' }).click();
  await snap('User carol — Generate policy from activity');
  await page.getByRole('button', { name: 'Open in policy editor' }).click();
  await page.getByRole('heading', { name: 'Specify permissions', level: 1 }).waitFor({ timeout: 15_000 });
  await snap('Create policy — the generated policy in the editor');
  // Dark mode, from the top navigation's Theme menu.
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'IAM Dashboard' }).waitFor();
  const theme = async (mode: string) => {
    await page.getByRole('button', { name: 'Theme' }).first().click();
    await page.getByRole('menuitemcheckbox', { name: mode }).click();
  };
  await theme('Dark');
  await snap('Dashboard — dark mode');
  await theme('Light');
  // An IAM user's own security credentials: password, keys, SSH and Git credentials, MFA.
  await page.getByRole('button', { name: 'Root user' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(ACCOUNT);
  await page.getByLabel('IAM user name').fill('carol');
  await page.getByLabel('Password', { exact: true }).fill('Demo-carol-Pass-1!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'IAM Dashboard' }).waitFor();
  await page.goto(`${base}/security_credentials`);
  await page.getByRole('heading', { name: 'My security credentials' }).first().waitFor({ timeout: 15_000 });
  await snap('carol — My security credentials');
  // Single sign-on (SP-initiated SAML): "Sign in with CorpIdP" on the sign-in page, the IdP's page
  // (it verified the signed AuthnRequest), AWS's role choice, and the console as the federated role.
  await page.getByRole('button', { name: 'carol' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await seedSso(idp);
  await page.getByRole('radio', { name: 'IAM user' }).check();
  await page.getByLabel('Account ID (12 digits) or account alias').fill(ACCOUNT);
  await page.getByRole('link', { name: 'Sign in with CorpIdP' }).waitFor();
  await snap('Sign in — through your identity provider');
  await page.getByRole('link', { name: 'Sign in with CorpIdP' }).click();
  await page.getByRole('button', { name: 'Continue to Portcullis' }).waitFor();
  await snap('Identity provider (SAML) — signed AuthnRequest verified');
  await page.getByRole('button', { name: 'Continue to Portcullis' }).click();
  await page.getByRole('radio', { name: /SsoReadOnly/ }).check();
  await snap('Select a role');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const federated = `Federated user: SsoReadOnly/jdoe@example.com @ ${ACCOUNT}`;
  await page.getByRole('heading', { name: 'IAM Dashboard' }).waitFor();
  await page.getByRole('button', { name: federated }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
  await snap('Federated user — the console as the role');
  return shots;
}

/**
 * Opens the side navigation if the console started with it closed (the app layout sometimes
 * collapses it on a page load, as on a narrow screen).
 */
async function showSideNavigation(page: Page) {
  const open = page.getByRole('button', { name: 'Open side navigation' });
  if (await open.isVisible()) await open.click();
}

/**
 * IAM Access Analyzer: an external access analyzer created from Analyzer settings finds the
 * partner's role and the public image; the image's finding is archived from its page (the image is
 * meant to be public); an archive rule for the partner account, previewed; an unused access
 * analyzer and its findings page (empty on a fresh instance: nothing has been unused for a whole
 * tracking period yet).
 */
async function accessAnalyzerTour(page: Page, snap: (title: string) => Promise<void>) {
  const imageId = await seedPublicImage(page);
  const side = page.getByRole('navigation', { name: 'Side navigation' });
  const openSection = async (name: 'External access' | 'Unused access' | 'Analyzer settings') => {
    await showSideNavigation(page);
    await side.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor({ timeout: 15_000 });
  };
  const createAnalyzer = async (name: string, analysis: RegExp, screenshot?: string) => {
    await page.getByRole('button', { name: 'Create analyzer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create analyzer' });
    await dialog.getByRole('radio', { name: analysis }).check({ force: true });
    await dialog.getByLabel('Name').fill(name);
    if (screenshot) await snap(screenshot);
    await dialog.getByRole('button', { name: 'Create analyzer' }).click();
    await page.getByText(`Analyzer ${name} created.`).waitFor({ timeout: 15_000 });
  };
  await openSection('Analyzer settings');
  await createAnalyzer('AccountExternalAccess', /External access analysis/, 'Access Analyzer — Create analyzer');
  await createAnalyzer('AccountUnusedAccess', /Unused access analysis/);
  await snap('Access Analyzer — Analyzer settings');

  await openSection('External access');
  const row = (text: string) => page.getByRole('row').filter({ hasText: text });
  await row('PartnerAuditRole').waitFor({ timeout: 15_000 });
  await row(imageId).waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — External access findings');
  await row(imageId).getByRole('link').first().click();
  await page.getByRole('heading', { name: 'External access', level: 2 }).waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — Finding details (public image)');
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await page.getByText('1 finding archived.').waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — Finding archived');

  await openSection('Analyzer settings');
  await page.getByRole('link', { name: 'AccountExternalAccess', exact: true }).click();
  await page.getByRole('heading', { name: 'AccountExternalAccess', level: 1 }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Create archive rule' }).click();
  const rule = page.getByRole('dialog', { name: 'Create archive rule' });
  await rule.getByLabel('Rule name').fill('TrustedAuditPartner');
  await rule.getByRole('combobox', { name: 'Criteria Filter key' }).fill('principal.AWS');
  await rule.getByLabel('Values 1').fill(`arn:aws:iam::${PARTNER_ACCOUNT}:root`);
  await rule.getByRole('button', { name: 'Preview' }).click();
  await rule.getByRole('status').getByText(/1 active finding matches/).waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — Create archive rule with preview');
  await rule.getByRole('button', { name: 'Create archive rule' }).click();
  await page.getByText('Archive rule TrustedAuditPartner created.').waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — Analyzer with its archive rule');

  await openSection('Unused access');
  await page.getByText(/No active findings/).waitFor({ timeout: 15_000 });
  await snap('Access Analyzer — Unused access findings');
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-demo-'));
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  const server = await startServer(dataDir);
  const idp = await startSamlIdp(base);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    console.log('seeding a demo organisation…');
    await seed();
    console.log('touring the console…');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const shots = await tour(page, idp);
    const items = shots.map((s) => `<figure><figcaption>${s.title}</figcaption><a href="${s.file}"><img src="${s.file}" alt="${s.title}" loading="lazy"></a></figure>`).join('\n');
    await writeFile(
      path.join(output, 'index.html'),
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Portcullis demo tour</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;background:#f2f3f3}figure{display:inline-block;margin:1rem;width:420px;vertical-align:top}img{width:100%;border:1px solid #ccc}figcaption{font-weight:600;margin-bottom:.3rem}</style>
<h1>Portcullis demo tour</h1><p>${new Date().toISOString()} — ${shots.length} screens</p>
${items}
</html>\n`,
    );
    console.log(`\n${shots.length} screenshots and index.html in ${path.relative(root, output)}/`);
  } finally {
    await browser.close();
    await idp.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
