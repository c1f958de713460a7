// The audit-history section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const auditHistoryRoutes: RouteObject[] = [
  {
    path: 'audit-history',
    handle: { title: sections.auditHistory.title, iamAction: sections.auditHistory.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./audit-history-page.tsx')).AuditHistoryPage }),
  },
];
