// The user groups section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { entityPage, sectionChild } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const groupsRoutes: RouteObject[] = [
  {
    path: 'groups',
    handle: { title: sections.groups.title, iamAction: sections.groups.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./groups-list-page.tsx')).GroupsListPage }),
  },
  {
    path: 'groups/create',
    handle: { title: 'Create user group', iamAction: 'iam:CreateGroup', breadcrumbs: sectionChild(sections.groups) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./create-group-page.tsx')).CreateGroupPage }),
  },
  {
    path: 'groups/:groupName',
    handle: { title: 'User group details', iamAction: 'iam:GetGroup', breadcrumbs: entityPage(sections.groups, 'groupName') } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./group-detail-page.tsx')).GroupDetailPage }),
  },
];
