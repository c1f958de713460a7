// The roles section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { entityPage, sectionChild } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const rolesRoutes: RouteObject[] = [
  {
    path: 'roles',
    handle: { title: sections.roles.title, iamAction: sections.roles.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./roles-page.tsx')).RolesPage }),
  },
  {
    path: 'roles/create',
    handle: { title: 'Create role', iamAction: 'iam:CreateRole', breadcrumbs: sectionChild(sections.roles) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./create-role-page.tsx')).CreateRolePage }),
  },
  {
    path: 'roles/details/:name',
    handle: { title: 'Role details', iamAction: 'iam:GetRole', breadcrumbs: entityPage(sections.roles, 'name') } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./role-detail-page.tsx')).RoleDetailPage }),
  },
];
