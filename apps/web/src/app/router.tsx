// The route tree. Every screen is lazy-loaded, so the first download holds only the shell:
// React, the router, the data cache and the guards.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { sections } from './navigation.ts';
import { RequireSession } from './require-session.tsx';
import { RootGate } from './root-gate.tsx';
import { RouteError } from './route-error.tsx';
import type { CrumbChain } from './route-handle.ts';
import { groupsRoutes } from '../features/groups/routes.tsx';
import { usersRoutes } from '../features/users/routes.tsx';
import { rolesRoutes } from '../features/roles/routes.tsx';
import { policiesRoutes } from '../features/policies/routes.tsx';
import { identityProvidersRoutes } from '../features/identity-providers/routes.tsx';
import { accountSettingsRoutes } from '../features/account-settings/routes.tsx';
import { credentialReportRoutes } from '../features/credential-report/routes.tsx';
import { auditHistoryRoutes } from '../features/audit-history/routes.tsx';
import { policySimulatorRoutes } from '../features/policy-simulator/routes.tsx';
import { ec2Routes } from '../features/ec2/routes.tsx';
import { organizationsRoutes } from '../features/organizations/routes.tsx';
import { accessAnalyzerRoutes } from '../features/access-analyzer/routes.tsx';
import { authRoutes } from '../features/auth/routes.tsx';

/** What a console route tells the layout: its title (breadcrumbs, document title) and the IAM action it needs. */
export interface RouteHandle {
  title: string;
  iamAction?: string;
  /** The page's breadcrumbs, root first (e.g. IAM › Users › alice); default IAM › title. See route-handle.ts. */
  breadcrumbs?: CrumbChain;
}


export const routes: RouteObject[] = [
  {
    element: <RootGate />,
    errorElement: <RouteError />,
    children: [
      {
        lazy: async () => ({ Component: (await import('./public-layout.tsx')).PublicLayout }),
        children: [
          {
            path: 'setup',
            handle: { title: 'Set up Portcullis' } satisfies RouteHandle,
            lazy: async () => ({ Component: (await import('../features/setup/setup-page.tsx')).SetupPage }),
          },
          {
            path: 'signin',
            handle: { title: 'Sign in' } satisfies RouteHandle,
            lazy: async () => ({ Component: (await import('../features/auth/sign-in-page.tsx')).SignInPage }),
          },
          {
            element: <RequireSession />,
            children: [
              {
                path: 'change-password',
                handle: { title: 'Change password', iamAction: 'iam:ChangePassword' } satisfies RouteHandle,
                lazy: async () => ({
                  Component: (await import('../features/auth/change-password-page.tsx')).ChangePasswordPage,
                }),
              },
            ],
          },
        ],
      },
      {
        element: <RequireSession />,
        children: [
          {
            lazy: async () => ({ Component: (await import('./console-layout.tsx')).ConsoleLayout }),
            children: [
              {
                index: true,
                handle: { title: 'IAM Dashboard', iamAction: sections.dashboard.iamAction } satisfies RouteHandle,
                lazy: async () => ({ Component: (await import('../features/dashboard/dashboard-page.tsx')).DashboardPage }),
              },
              ...groupsRoutes,
              ...usersRoutes,
              ...rolesRoutes,
              ...policiesRoutes,
              ...identityProvidersRoutes,
              ...accountSettingsRoutes,
              ...credentialReportRoutes,
              ...auditHistoryRoutes,
              ...policySimulatorRoutes,
              ...organizationsRoutes,
              ...ec2Routes,
              ...accessAnalyzerRoutes,
              ...authRoutes,
              {
                path: 'switchrole',
                handle: { title: 'Switch role', iamAction: 'sts:AssumeRole' } satisfies RouteHandle,
                lazy: async () => ({ Component: (await import('../features/auth/switch-role-page.tsx')).SwitchRolePage }),
              },
              {
                path: '*',
                handle: { title: 'Page not found' } satisfies RouteHandle,
                lazy: async () => ({ Component: (await import('../components/not-found-page.tsx')).NotFoundPage }),
              },
            ],
          },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
