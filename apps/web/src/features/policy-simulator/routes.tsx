// The policy-simulator section's routes (lazy-loaded pages). `?arn=<user, group or role ARN>`
// preselects the principal, as the "Simulate" links of other pages do.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const policySimulatorRoutes: RouteObject[] = [
  {
    path: 'policy-simulator',
    handle: { title: sections.policySimulator.title, iamAction: sections.policySimulator.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./policy-simulator-page.tsx')).PolicySimulatorPage }),
  },
];
