// The identity providers section's routes (lazy-loaded pages). A provider's page is named by its
// ARN, which holds slashes for OIDC providers with a path, hence the splat.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { entityPage, providerName, sectionChild } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const identityProvidersRoutes: RouteObject[] = [
  {
    path: 'identity-providers',
    handle: { title: sections.identityProviders.title, iamAction: sections.identityProviders.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./identity-providers-page.tsx')).IdentityProvidersPage }),
  },
  {
    path: 'identity-providers/create',
    handle: { title: 'Add an identity provider', iamAction: 'iam:CreateSAMLProvider', breadcrumbs: sectionChild(sections.identityProviders) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./add-provider-page.tsx')).AddProviderPage }),
  },
  {
    path: 'identity-providers/details/*',
    handle: { title: 'Identity provider details', iamAction: 'iam:GetSAMLProvider', breadcrumbs: entityPage(sections.identityProviders, '*', { name: providerName }) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./provider-detail-page.tsx')).ProviderDetailPage }),
  },
];
