/**
 * STS federation through the real AWS SDK: AssumeRoleWithWebIdentity and AssumeRoleWithSAML are
 * sent unsigned by @aws-sdk/client-sts (no credentials configured), against a real server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { startSdkServer, type SdkServer } from './sdk-server';
import { samlMetadata, samlResponse, startOidcIssuer, type OidcIssuer } from '../src/actions/sts/federation-test-fixtures';

const A = '111122223333';
let server: SdkServer;
let idp: OidcIssuer;
/** A client with no credentials at all: it can only make unsigned calls. */
let anonymous: STSClient;

beforeAll(async () => {
  server = await startSdkServer(A, { oidcAllowHttpIssuers: true });
  idp = await startOidcIssuer();
  anonymous = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', maxAttempts: 1 });
});
afterAll(async () => {
  await idp?.close();
  await server?.close();
});

describe('STS federation with the AWS SDK (unsigned)', () => {
  it('AssumeRoleWithWebIdentity', async () => {
    const providerArn = `arn:aws:iam::${A}:oidc-provider/${idp.url}`;
    await server.database.db.openIdConnectProvider.create({ data: { id: randomUUID(), accountId: A, url: idp.url, arn: providerArn, clientIds: ['sts.amazonaws.com'], thumbprints: [] } });
    const roleArn = await server.fixtures.role(A, 'GitHubActions', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: providerArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${idp.url}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${idp.url}:sub`]: 'repo:acme/*' } },
        },
      ],
    });
    const token = await idp.token({ sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' });
    const out = await anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'gha', WebIdentityToken: token, DurationSeconds: 900 }));
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:acme/app:ref:refs/heads/main',
      Audience: 'sts.amazonaws.com',
      Provider: idp.issuer,
      AssumedRoleUser: { Arn: `arn:aws:sts::${A}:assumed-role/GitHubActions/gha` },
    });
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:assumed-role/GitHubActions/gha`);
    // Errors arrive as the SDK's modeled exceptions.
    const wrongAudience = await idp.token({ sub: 'repo:acme/app', aud: 'elsewhere' });
    await expect(anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'gha', WebIdentityToken: wrongAudience }))).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
    });
    const expired = await idp.token({ sub: 'repo:acme/app', aud: 'sts.amazonaws.com' }, { expiresInSeconds: -60 });
    await expect(anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'gha', WebIdentityToken: expired }))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    const otherRepo = await idp.token({ sub: 'repo:evil/app', aud: 'sts.amazonaws.com' });
    await expect(anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'gha', WebIdentityToken: otherRepo }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('AssumeRoleWithSAML', async () => {
    const issuer = 'https://idp.example.com/metadata';
    const providerArn = `arn:aws:iam::${A}:saml-provider/Corp`;
    await server.database.db.samlProvider.create({ data: { id: randomUUID(), accountId: A, name: 'Corp', arn: providerArn, metadataDocument: samlMetadata(issuer) } });
    const roleArn = await server.fixtures.role(A, 'SamlAdmin', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }],
    });
    const assertion = samlResponse({ issuer, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe', subject: 'jdoe@example.com' });
    const out = await anonymous.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion }));
    expect(out).toMatchObject({ Subject: 'jdoe@example.com', SubjectType: 'persistent', Issuer: issuer, Audience: 'https://signin.aws.amazon.com/saml', AssumedRoleUser: { Arn: `arn:aws:sts::${A}:assumed-role/SamlAdmin/jdoe` } });
    expect(out.NameQualifier).toBeTruthy();
    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Account).toBe(A);
    const stale = samlResponse({ issuer, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe', notBefore: new Date(Date.now() - 7200_000), notOnOrAfter: new Date(Date.now() - 3600_000) });
    await expect(anonymous.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: stale }))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('a SigV4-signed call still works, and a bad signature is still refused', async () => {
    // The SDK never signs these two operations; sign one by hand as another client might.
    const token = await idp.token({ sub: 'repo:acme/app', aud: 'sts.amazonaws.com' });
    const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: `arn:aws:iam::${A}:role/GitHubActions`, RoleSessionName: 'signed', WebIdentityToken: token }).toString();
    const url = new URL(server.endpoint);
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: server.root, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    const headers = { ...signed.headers } as Record<string, string>;
    delete headers.host;
    const ok = await fetch(server.endpoint, { method: 'POST', headers, body });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`<Arn>arn:aws:sts::${A}:assumed-role/GitHubActions/signed</Arn>`);
    const tampered = await fetch(server.endpoint, { method: 'POST', headers, body: body.replace('signed', 'other1') });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
  });
});
