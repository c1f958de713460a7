// "Sign in with <IdP>": the SAML and OpenID Connect providers of the account typed on the sign-in
// page, each a link that starts the provider's sign-in (SP-initiated SAML, OIDC with PKCE).
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';

interface FederatedProvider {
  type: 'saml' | 'oidc';
  name: string;
  href: string;
}

/** An account ID or an alias the server could know (AWS's alias rules), typed for a moment. */
const ACCOUNT = /^(\d{12}|[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?)$/;

export function FederatedSignInLinks({ account, redirect }: { account: string; redirect?: string }) {
  const [typed, setTyped] = useState(account.trim().toLowerCase());
  useEffect(() => {
    const timer = setTimeout(() => setTyped(account.trim().toLowerCase()), 300);
    return () => clearTimeout(timer);
  }, [account]);
  const providers = useQuery({
    queryKey: ['federation', 'providers', typed],
    queryFn: ({ signal }) => api.get<{ providers: FederatedProvider[] }>(`/api/federation/providers?account=${encodeURIComponent(typed)}`, signal),
    enabled: ACCOUNT.test(typed),
    staleTime: 60_000,
  });
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;
  const withRedirect = (href: string) => (redirect && redirect.startsWith('/') && !redirect.startsWith('//') ? `${href}&redirect=${encodeURIComponent(redirect)}` : href);
  return (
    <SpaceBetween size="xs">
      <Box variant="small">Or sign in through your identity provider:</Box>
      {list.map((provider) => (
        <Button key={`${provider.type}:${provider.name}`} href={withRedirect(provider.href)} iconName="external" data-testid={`federated-${provider.type}`}>
          Sign in with {provider.name}
        </Button>
      ))}
    </SpaceBetween>
  );
}
