// The roles section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const rolesRoutes: RouteObject[] = [
  {
    path: 'roles',
    handle: { title: sections.roles.title, iamAction: sections.roles.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./roles-page.tsx')).RolesPage }),
  },
  {
    path: 'roles/create',
    handle: { title: 'Create role', iamAction: 'iam:CreateRole' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./create-role-page.tsx')).CreateRolePage }),
  },
  {
    path: 'roles/details/:name',
    handle: { title: 'Role details', iamAction: 'iam:GetRole' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./role-detail-page.tsx')).RoleDetailPage }),
  },
];
