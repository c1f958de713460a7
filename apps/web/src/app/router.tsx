// The route tree. Every screen is lazy-loaded, so the first download holds only the shell:
// React, the router, the data cache and the guards.
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { ConsoleSection } from './navigation.ts';
import { sections } from './navigation.ts';
import { RequireSession } from './require-session.tsx';
import { RootGate } from './root-gate.tsx';
import { RouteError } from './route-error.tsx';

/** What a console route tells the layout: its title (breadcrumbs, document title) and the IAM action it needs. */
export interface RouteHandle {
  title: string;
  iamAction?: string;
}

function handle(section: ConsoleSection): RouteHandle {
  return { title: section.title, iamAction: section.iamAction };
}

/** A section whose screens are not built yet: the navigation works, the page says so. */
function comingSoon(section: ConsoleSection): RouteObject {
  return {
    path: section.path.slice(1),
    handle: handle(section),
    lazy: async () => {
      const { ComingSoonPage } = await import('../components/coming-soon-page.tsx');
      return { Component: () => <ComingSoonPage title={section.title} /> };
    },
  };
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
              comingSoon(sections.groups),
              comingSoon(sections.users),
              comingSoon(sections.roles),
              comingSoon(sections.policies),
              comingSoon(sections.accountSettings),
              comingSoon(sections.credentialReport),
              comingSoon(sections.auditHistory),
              comingSoon(sections.policySimulator),
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
