// The users section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const usersRoutes: RouteObject[] = [
  {
    path: 'users',
    handle: { title: sections.users.title, iamAction: sections.users.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./users-list-page.tsx')).UsersListPage }),
  },
  {
    path: 'users/create',
    handle: { title: 'Add users', iamAction: 'iam:CreateUser' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./add-users-page.tsx')).AddUsersPage }),
  },
  {
    path: 'users/:userName',
    handle: { title: 'User details', iamAction: 'iam:GetUser' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./user-detail-page.tsx')).UserDetailPage }),
  },
];
