// The Access analyzer section's routes (lazy-loaded pages): external access and unused access
// findings with each finding's page, and the analyzer settings with each analyzer's archive rules.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { entityPage, sectionPage } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

const findingPage = async () => ({ Component: (await import('./finding-detail-page.tsx')).FindingDetailPage });

export const accessAnalyzerRoutes: RouteObject[] = [
  {
    path: 'access-analyzer/external-access',
    handle: { title: sections.accessAnalyzerExternalAccess.title, iamAction: sections.accessAnalyzerExternalAccess.iamAction, breadcrumbs: sectionPage(sections.accessAnalyzerExternalAccess) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./findings-page.tsx')).ExternalAccessFindingsPage }),
  },
  {
    path: 'access-analyzer/external-access/:analyzerName/:findingId',
    handle: { title: 'Finding details', iamAction: 'access-analyzer:GetFinding', breadcrumbs: entityPage(sections.accessAnalyzerExternalAccess, 'findingId') } satisfies RouteHandle,
    lazy: findingPage,
  },
  {
    path: 'access-analyzer/unused-access',
    handle: { title: sections.accessAnalyzerUnusedAccess.title, iamAction: sections.accessAnalyzerUnusedAccess.iamAction, breadcrumbs: sectionPage(sections.accessAnalyzerUnusedAccess) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./findings-page.tsx')).UnusedAccessFindingsPage }),
  },
  {
    path: 'access-analyzer/unused-access/:analyzerName/:findingId',
    handle: { title: 'Finding details', iamAction: 'access-analyzer:GetFinding', breadcrumbs: entityPage(sections.accessAnalyzerUnusedAccess, 'findingId') } satisfies RouteHandle,
    lazy: findingPage,
  },
  {
    path: 'access-analyzer/analyzers',
    handle: { title: sections.accessAnalyzerSettings.title, iamAction: sections.accessAnalyzerSettings.iamAction, breadcrumbs: sectionPage(sections.accessAnalyzerSettings) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./analyzers-page.tsx')).AnalyzersPage }),
  },
  {
    path: 'access-analyzer/analyzers/:analyzerName',
    handle: { title: 'Analyzer details', iamAction: 'access-analyzer:GetAnalyzer', breadcrumbs: entityPage(sections.accessAnalyzerSettings, 'analyzerName') } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./analyzer-detail-page.tsx')).AnalyzerDetailPage }),
  },
];
