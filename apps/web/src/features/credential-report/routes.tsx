// The credential-report section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const credentialReportRoutes: RouteObject[] = [
  {
    path: 'credential-report',
    handle: { title: sections.credentialReport.title, iamAction: sections.credentialReport.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./credential-report-page.tsx')).CredentialReportPage }),
  },
];
