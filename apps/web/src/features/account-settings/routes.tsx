// The account-settings section's routes (lazy-loaded pages).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const accountSettingsRoutes: RouteObject[] = [
  {
    path: 'account-settings',
    handle: { title: sections.accountSettings.title, iamAction: sections.accountSettings.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./account-settings-page.tsx')).AccountSettingsPage }),
  },
];
