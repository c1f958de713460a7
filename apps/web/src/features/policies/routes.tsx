// The policies section's routes (lazy-loaded pages: CodeMirror and the policy engine load only here).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const policiesRoutes: RouteObject[] = [
  {
    path: 'policies',
    handle: { title: sections.policies.title, iamAction: sections.policies.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./policies-page.tsx')).PoliciesPage }),
  },
  {
    path: 'policies/create',
    handle: { title: 'Create policy', iamAction: 'iam:CreatePolicy' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./create-policy-page.tsx')).CreatePolicyPage }),
  },
  {
    path: 'policies/details/:arn',
    handle: { title: 'Policy details', iamAction: 'iam:GetPolicy' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./policy-detail-page.tsx')).PolicyDetailPage }),
  },
  {
    path: 'policies/details/:arn/edit',
    handle: { title: 'Edit policy', iamAction: 'iam:CreatePolicyVersion' } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./edit-policy-page.tsx')).EditPolicyPage }),
  },
];
