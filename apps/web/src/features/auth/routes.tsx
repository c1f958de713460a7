// Routes of the auth area shown inside the console layout (sign-in and change-password are in
// the public layout, registered by the router itself).
import type { RouteObject } from 'react-router';
import type { RouteHandle } from '../../app/router.tsx';

export const authRoutes: RouteObject[] = [
  {
    path: 'security_credentials',
    handle: { title: 'My security credentials', iamAction: 'iam:ListMFADevices' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./security-credentials-page.tsx')).SecurityCredentialsPage }),
  },
];
