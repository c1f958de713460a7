// AWS Organizations' routes (lazy-loaded pages): the AWS accounts list and adding an account.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { sectionChild } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const organizationsRoutes: RouteObject[] = [
  {
    path: 'organizations/accounts',
    handle: { title: sections.organizationsAccounts.title, iamAction: sections.organizationsAccounts.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./accounts-page.tsx')).AccountsPage }),
  },
  {
    path: 'organizations/accounts/add',
    handle: { title: 'Add an AWS account', iamAction: 'organizations:CreateAccount', breadcrumbs: sectionChild(sections.organizationsAccounts) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./add-account-page.tsx')).AddAccountPage }),
  },
];
