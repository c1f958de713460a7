/**
 * AssumeRoleWithSAML over the Query API, unsigned, against a real server and database, with
 * SAML Responses signed by xml-crypto (test certificate in test/fixtures/credentials).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startSdkServer, type SdkServer } from '../../../test/sdk-server';
import { otherKey, samlMetadata, samlResponse, samlResponseXml, signSaml } from './federation-test-fixtures';

const A = '111122223333';
const B = '444455556666';
const ISSUER = 'https://idp.example.com/saml';
let server: SdkServer;
let providerArn: string;

const trust = (federated: string, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: federated },
      Action: 'sts:AssumeRoleWithSAML',
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' }, ...(condition ?? {}) },
    },
  ],
});

async function call(params: Record<string, string>) {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithSAML', Version: '2011-06-15', ...params });
  const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const text = await res.text();
  const pick = (tag: string) => text.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
  return { status: res.status, text, code: pick('Code'), message: pick('Message'), pick };
}

async function createProvider(accountId: string, name: string, metadata = samlMetadata(ISSUER)) {
  const arn = `arn:aws:iam::${accountId}:saml-provider/${name}`;
  await server.database.db.samlProvider.create({ data: { id: randomUUID(), accountId, name, arn, metadataDocument: metadata } });
  return arn;
}

beforeAll(async () => {
  server = await startSdkServer(A);
  await server.fixtures.account(B);
  providerArn = await createProvider(A, 'CorpIdP');
});
afterAll(async () => server?.close());

describe('AssumeRoleWithSAML', () => {
  it('issues a role session for a signed assertion; the credentials call GetCallerIdentity', async () => {
    const roleArn = await server.fixtures.role(A, 'SamlRole', trust(providerArn), [], 7200);
    const assertion = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe@example.com', sessionDuration: 1800 });
    const out = await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion });
    expect(out.status, out.text).toBe(200);
    expect(out.pick('Arn')).toBe(`arn:aws:sts::${A}:assumed-role/SamlRole/jdoe@example.com`);
    expect(out.pick('Subject')).toBe('jdoe');
    expect(out.pick('SubjectType')).toBe('persistent');
    expect(out.pick('Issuer')).toBe(ISSUER);
    expect(out.pick('Audience')).toBe('https://signin.aws.amazon.com/saml');
    expect(out.pick('NameQualifier')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    // One hour by default (SessionDuration is the console session's length, not the API's).
    const expiration = Date.parse(out.pick('Expiration')!);
    expect(expiration).toBeGreaterThan(Date.now() + 3500_000);
    expect(expiration).toBeLessThan(Date.now() + 3700_000);
    const credentials = { accessKeyId: out.pick('AccessKeyId')!, secretAccessKey: out.pick('SecretAccessKey')!, sessionToken: out.pick('SessionToken')! };
    const me = await server.sts(credentials).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::${A}:assumed-role/SamlRole/jdoe@example.com`);
    // The role and provider pair may come in either order; a signed Response works too.
    const signedResponse = samlResponse({ issuer: ISSUER, roles: [`${providerArn},${roleArn}`], sessionName: 'jdoe', sign: 'response' });
    expect((await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: signedResponse })).status).toBe(200);
    // DurationSeconds, shortened by the assertion's SessionNotOnOrAfter; above the role's maximum it fails.
    const shortSession = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe', sessionNotOnOrAfter: new Date(Date.now() + 1200_000) });
    const short = await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: shortSession, DurationSeconds: '5400' });
    expect(short.status, short.text).toBe(200);
    expect(Date.parse(short.pick('Expiration')!)).toBeLessThan(Date.now() + 1210_000);
    const long = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe' });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: long, DurationSeconds: '10800' })).toMatchObject({ status: 400, code: 'ValidationError' });
    // An out-of-range SessionDuration attribute is refused.
    const badDuration = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe', sessionDuration: 60 });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: badDuration })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
  });

  it('refuses a bad signature, and an unsigned wrapped assertion (signature wrapping)', async () => {
    const roleArn = await server.fixtures.role(A, 'SamlRoleSig', trust(providerArn));
    const forged = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'mallory', key: otherKey });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: forged })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    // Altered after signing: the subject changed.
    const signed = signSaml(samlResponseXml({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe' }).xml, 'assertion');
    const altered = Buffer.from(signed.replace('>jdoe</saml:NameID>', '>admin</saml:NameID>')).toString('base64');
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: altered })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    // Signature wrapping: a validly signed assertion (for a harmless role) is kept somewhere in
    // the document while an unsigned copy, changed to name this role, is put where a naive
    // verifier would read it. Only the XML the signature covers may be read.
    const harmless = await server.fixtures.role(A, 'SamlRoleHarmless', trust(providerArn));
    const legit = signSaml(samlResponseXml({ issuer: ISSUER, roles: [`${harmless},${providerArn}`], sessionName: 'jdoe' }).xml, 'assertion');
    const signedAssertion = legit.slice(legit.indexOf('<saml:Assertion'), legit.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
    const signature = signedAssertion.match(/<Signature[\s\S]*<\/Signature>/)![0];
    const evil = signedAssertion.replace(signature, '').replace(harmless, roleArn).replace('>jdoe<', '>evil<');
    const attacks = [
      // the original next to the evil copy
      legit.replace(signedAssertion, evil + signedAssertion),
      // the original inside the evil copy
      legit.replace(signedAssertion, evil.replace('</saml:Issuer>', `</saml:Issuer><saml:Advice>${signedAssertion}</saml:Advice>`)),
      // the original in the Signature's Object, the signature moved into the evil copy
      legit.replace(signedAssertion, evil.replace('</saml:Issuer>', `</saml:Issuer>${signature.replace('</Signature>', `<Object>${signedAssertion}</Object></Signature>`)}`)),
      // the original in Extensions, its signature moved into the evil copy
      legit.replace(signedAssertion, `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${evil.replace('</saml:Issuer>', `</saml:Issuer>${signature}`)}`),
    ];
    for (const attack of attacks) {
      expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: Buffer.from(attack).toString('base64') })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    }
    // Not XML at all.
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: Buffer.from('hello').toString('base64') })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
  });

  it('refuses an expired assertion with ExpiredTokenException', async () => {
    const roleArn = await server.fixtures.role(A, 'SamlRoleExp', trust(providerArn));
    const past = new Date(Date.now() - 3600_000);
    const assertion = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe', notBefore: new Date(past.getTime() - 600_000), notOnOrAfter: past });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion })).toMatchObject({ status: 400, code: 'ExpiredTokenException' });
  });

  it('checks the audience, the issuer, the session name and the Role attribute', async () => {
    const roleArn = await server.fixtures.role(A, 'SamlRoleChecks', trust(providerArn));
    const roles = [`${roleArn},${providerArn}`];
    const wrongAudience = samlResponse({ issuer: ISSUER, roles, sessionName: 'jdoe', audience: 'https://example.com/app' });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: wrongAudience })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    const wrongIssuer = samlResponse({ issuer: 'https://evil.example.com', roles, sessionName: 'jdoe' });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: wrongIssuer })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    const noSessionName = samlResponse({ issuer: ISSUER, roles });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: noSessionName })).toMatchObject({
      status: 400,
      code: 'InvalidIdentityToken',
      message: 'RoleSessionName is required in AuthnResponse',
    });
    const otherRole = samlResponse({ issuer: ISSUER, roles: [`arn:aws:iam::${A}:role/Other,${providerArn}`], sessionName: 'jdoe' });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: otherRole })).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('needs the provider in the role account and a trust policy naming it', async () => {
    const roleB = await server.fixtures.role(B, 'SamlRoleB', trust(providerArn));
    const forB = samlResponse({ issuer: ISSUER, roles: [`${roleB},${providerArn}`], sessionName: 'jdoe' });
    expect(await call({ RoleArn: roleB, PrincipalArn: providerArn, SAMLAssertion: forB })).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    const otherProvider = await createProvider(A, 'OtherIdP');
    const roleArn = await server.fixtures.role(A, 'SamlRoleOtherTrust', trust(otherProvider));
    const assertion = samlResponse({ issuer: ISSUER, roles: [`${roleArn},${providerArn}`], sessionName: 'jdoe' });
    expect(await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion })).toMatchObject({
      status: 403,
      code: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithSAML',
    });
  });

  it('honours a condition on SAML:sub', async () => {
    const roleArn = await server.fixtures.role(A, 'SamlRoleSub', trust(providerArn, { StringLike: { 'SAML:sub': 'admin-*' } }));
    const roles = [`${roleArn},${providerArn}`];
    // A session name AWS would refuse ('a' is too short) is InvalidIdentityToken.
    const shortName = await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: samlResponse({ issuer: ISSUER, roles, sessionName: 'a', subject: 'admin-alice' }) });
    expect(shortName).toMatchObject({ status: 400, code: 'InvalidIdentityToken' });
    const good = await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: samlResponse({ issuer: ISSUER, roles, sessionName: 'alice', subject: 'admin-alice' }) });
    expect(good.status, good.text).toBe(200);
    const bad = await call({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: samlResponse({ issuer: ISSUER, roles, sessionName: 'bob', subject: 'bob' }) });
    expect(bad).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});
