// The users section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { entityPage, sectionChild, sectionPage } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const usersRoutes: RouteObject[] = [
  {
    path: 'users',
    handle: { title: sections.users.title, iamAction: sections.users.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./users-list-page.tsx')).UsersListPage }),
  },
  {
    path: 'users/create',
    handle: { title: 'Add users', iamAction: 'iam:CreateUser', breadcrumbs: sectionChild(sections.users) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./add-users-page.tsx')).AddUsersPage }),
  },
  {
    path: 'users/:userName',
    handle: { title: 'User details', iamAction: 'iam:GetUser', breadcrumbs: entityPage(sections.users, 'userName') } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./user-detail-page.tsx')).UserDetailPage }),
  },
  {
    // The caller's own user (or the root user's MFA): composed from the users section's credential panels.
    path: 'security_credentials',
    handle: {
      title: sections.securityCredentials.title,
      iamAction: sections.securityCredentials.iamAction,
      breadcrumbs: sectionPage(sections.securityCredentials),
    } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./my-security-credentials-page.tsx')).MySecurityCredentialsPage }),
  },
];
