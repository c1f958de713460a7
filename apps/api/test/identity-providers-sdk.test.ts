/**
 * IAM identity providers through the real AWS SDK over the Query protocol: the OIDC and SAML
 * calls Terraform's aws_iam_openid_connect_provider and aws_iam_saml_provider make, with the
 * errors as the SDK parses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  EntityAlreadyExistsException,
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  InvalidInputException,
  ListOpenIDConnectProviderTagsCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProviderTagsCommand,
  ListSAMLProvidersCommand,
  NoSuchEntityException,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';
import { certificateBase64, samlMetadata } from './fixtures/saml-metadata';

let server: SdkServer;

beforeAll(async () => {
  server = await startSdkServer();
}, 60_000);
afterAll(async () => server?.close());

const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

describe('OIDC providers through @aws-sdk/client-iam', () => {
  it('creates, reads, updates, tags, lists and deletes', async () => {
    const iam = server.iam(server.root);
    const arn = `arn:aws:iam::${server.accountId}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: [THUMB],
        Tags: [{ Key: 'cluster', Value: 'prod' }],
      }),
    );
    expect(created.OpenIDConnectProviderArn).toBe(arn);
    expect(created.Tags).toEqual([{ Key: 'cluster', Value: 'prod' }]);

    const again = iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE' }));
    await expect(again).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://insecure.example.com' }))).rejects.toBeInstanceOf(InvalidInputException);

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['a'.repeat(40)] }));
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(got).toMatchObject({ Url: 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', ClientIDList: ['my-app'], ThumbprintList: ['a'.repeat(40)], Tags: [{ Key: 'cluster', Value: 'prod' }] });
    expect(got.CreateDate).toBeInstanceOf(Date);

    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'owner', Value: 'platform' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['cluster'] }));
    expect((await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags).toEqual([{ Key: 'owner', Value: 'platform' }]);

    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([{ Arn: arn }]);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.Providers).toBe(1);
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await expect(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).rejects.toBeInstanceOf(NoSuchEntityException);
    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([]);
  });
});

describe('SAML providers through @aws-sdk/client-iam', () => {
  it('creates, reads, updates, tags, lists and deletes', async () => {
    const iam = server.iam(server.root);
    const document = samlMetadata({ validUntil: '2035-06-30T00:00:00Z' });
    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: document, Tags: [{ Key: 'a', Value: '1' }] }));
    const arn = `arn:aws:iam::${server.accountId}:saml-provider/corp-idp`;
    expect(created.SAMLProviderArn).toBe(arn);

    await expect(iam.send(new CreateSAMLProviderCommand({ Name: 'corp-idp', SAMLMetadataDocument: document }))).rejects.toBeInstanceOf(EntityAlreadyExistsException);
    const bad = iam.send(new CreateSAMLProviderCommand({ Name: 'sp', SAMLMetadataDocument: samlMetadata({ idp: false }) }));
    await expect(bad).rejects.toBeInstanceOf(InvalidInputException);
    await expect(bad).rejects.toThrow(/Could not parse metadata/);

    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    expect(got.SAMLMetadataDocument).toBe(document);
    expect(got.ValidUntil?.toISOString()).toBe('2035-06-30T00:00:00.000Z');
    expect(got.CreateDate).toBeInstanceOf(Date);
    expect(got.Tags).toEqual([{ Key: 'a', Value: '1' }]);

    const next = samlMetadata({ certificate: certificateBase64('signing-2.crt') });
    expect((await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: next }))).SAMLProviderArn).toBe(arn);
    expect((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).ValidUntil).toBeUndefined();

    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['a'] }));
    expect((await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);

    const list = await iam.send(new ListSAMLProvidersCommand({}));
    expect(list.SAMLProviderList?.map((p) => p.Arn)).toEqual([arn]);
    expect(list.SAMLProviderList?.[0]?.CreateDate).toBeInstanceOf(Date);

    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    await expect(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }))).rejects.toBeInstanceOf(NoSuchEntityException);
  });
});
