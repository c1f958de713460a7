// IAM identity providers: the account's OIDC and SAML providers (one list, as the console shows
// them), one provider's details and tags, and the changes the console makes to them.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { callIam, type Tag } from './policies.ts';

export type ProviderType = 'SAML' | 'OIDC';

/** A row of the Identity providers table. */
export interface IdentityProvider {
  /** The SAML provider's name, or the OIDC provider's URL without https://. */
  name: string;
  type: ProviderType;
  arn: string;
  createDate?: string;
}

/** GetOpenIDConnectProvider's reply. */
export interface OidcProviderDetail {
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: string;
  Tags?: Tag[];
}

/** GetSAMLProvider's reply. */
export interface SamlProviderDetail {
  SAMLMetadataDocument: string;
  CreateDate: string;
  ValidUntil?: string;
  Tags?: Tag[];
}

export const identityProviderKeys = {
  all: ['identity-providers'] as const,
  list: ['identity-providers', 'list'] as const,
  oidc: (arn: string) => ['identity-providers', 'oidc', arn] as const,
  saml: (arn: string) => ['identity-providers', 'saml', arn] as const,
};

/** The provider type an ARN names, or undefined when it is no identity-provider ARN. */
export function providerTypeOf(arn: string): ProviderType | undefined {
  if (/^arn:aws:iam::\d{12}:oidc-provider\/.+/.test(arn)) return 'OIDC';
  if (/^arn:aws:iam::\d{12}:saml-provider\/.+/.test(arn)) return 'SAML';
  return undefined;
}

/** The provider's name as the console shows it: the part of the ARN after `oidc-provider/` or `saml-provider/`. */
export function providerNameOf(arn: string): string {
  return arn.replace(/^arn:aws:iam::\d{12}:(oidc|saml)-provider\//, '');
}

export const oidcProviderQuery = (arn: string) =>
  queryOptions({
    queryKey: identityProviderKeys.oidc(arn),
    queryFn: () => callIam<OidcProviderDetail>('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }),
  });

export const samlProviderQuery = (arn: string) =>
  queryOptions({
    queryKey: identityProviderKeys.saml(arn),
    queryFn: () => callIam<SamlProviderDetail>('GetSAMLProvider', { SAMLProviderArn: arn }),
  });

/** Both kinds of provider (at most 100 of each), SAML first, each by name. OIDC creation times need one Get each. */
export const identityProvidersQuery = queryOptions({
  queryKey: identityProviderKeys.list,
  queryFn: async (): Promise<IdentityProvider[]> => {
    const [saml, oidc] = await Promise.all([
      callIam<{ SAMLProviderList: { Arn: string; CreateDate: string; ValidUntil?: string }[] }>('ListSAMLProviders'),
      callIam<{ OpenIDConnectProviderList: { Arn: string }[] }>('ListOpenIDConnectProviders'),
    ]);
    const oidcRows = await Promise.all(
      oidc.OpenIDConnectProviderList.map(async ({ Arn }) => {
        const detail = await callIam<OidcProviderDetail>('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: Arn }).catch(() => undefined);
        return { name: providerNameOf(Arn), type: 'OIDC' as const, arn: Arn, ...(detail ? { createDate: detail.CreateDate } : {}) };
      }),
    );
    return [...saml.SAMLProviderList.map((p) => ({ name: providerNameOf(p.Arn), type: 'SAML' as const, arn: p.Arn, createDate: p.CreateDate })), ...oidcRows];
  },
});

function useProviderMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => queryClient.invalidateQueries({ queryKey: identityProviderKeys.all }) });
}

export interface CreateSamlProviderInput {
  Name: string;
  SAMLMetadataDocument: string;
  Tags?: Tag[];
}

export interface CreateOidcProviderInput {
  Url: string;
  ClientIDList: string[];
  Tags?: Tag[];
}

export const useCreateSamlProviderMutation = () => useProviderMutation((input: CreateSamlProviderInput) => callIam<{ SAMLProviderArn: string }>('CreateSAMLProvider', input));
export const useCreateOidcProviderMutation = () =>
  useProviderMutation((input: CreateOidcProviderInput) => callIam<{ OpenIDConnectProviderArn: string }>('CreateOpenIDConnectProvider', input));
export const useUpdateSamlProviderMutation = () =>
  useProviderMutation((input: { SAMLProviderArn: string; SAMLMetadataDocument: string }) => callIam<{ SAMLProviderArn: string }>('UpdateSAMLProvider', input));
export const useAddClientIdMutation = () =>
  useProviderMutation((input: { OpenIDConnectProviderArn: string; ClientID: string }) => callIam<void>('AddClientIDToOpenIDConnectProvider', input));

/** Removes several audiences, one call each. */
export const useRemoveClientIdsMutation = () =>
  useProviderMutation(async (input: { OpenIDConnectProviderArn: string; ClientIDs: string[] }) => {
    for (const ClientID of input.ClientIDs) await callIam<void>('RemoveClientIDFromOpenIDConnectProvider', { OpenIDConnectProviderArn: input.OpenIDConnectProviderArn, ClientID });
  });

/** Deletes a provider of either kind. */
export const useDeleteProviderMutation = () =>
  useProviderMutation((arn: string) =>
    providerTypeOf(arn) === 'SAML' ? callIam<void>('DeleteSAMLProvider', { SAMLProviderArn: arn }) : callIam<void>('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: arn }),
  );

/** Makes a provider's tags `next`: untags the keys that went away, then tags the rest. */
export const useSetProviderTagsMutation = () =>
  useProviderMutation(async (input: { arn: string; current: Tag[]; next: Tag[] }) => {
    const saml = providerTypeOf(input.arn) === 'SAML';
    const field = saml ? { SAMLProviderArn: input.arn } : { OpenIDConnectProviderArn: input.arn };
    const removed = input.current.filter((t) => !input.next.some((n) => n.Key === t.Key)).map((t) => t.Key);
    if (removed.length) await callIam<void>(saml ? 'UntagSAMLProvider' : 'UntagOpenIDConnectProvider', { ...field, TagKeys: removed });
    if (input.next.length) await callIam<void>(saml ? 'TagSAMLProvider' : 'TagOpenIDConnectProvider', { ...field, Tags: input.next });
  });
