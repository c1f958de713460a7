// The policies section's routes (lazy-loaded pages: CodeMirror and the policy engine load only here).
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { arnResourceName, entityPage, sectionChild } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const policiesRoutes: RouteObject[] = [
  {
    path: 'policies',
    handle: { title: sections.policies.title, iamAction: sections.policies.iamAction } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./policies-page.tsx')).PoliciesPage }),
  },
  {
    path: 'policies/create',
    handle: { title: 'Create policy', iamAction: 'iam:CreatePolicy', breadcrumbs: sectionChild(sections.policies) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./create-policy-page.tsx')).CreatePolicyPage }),
  },
  {
    path: 'policies/details/:arn',
    handle: { title: 'Policy details', iamAction: 'iam:GetPolicy', breadcrumbs: entityPage(sections.policies, 'arn', { name: arnResourceName }) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./policy-detail-page.tsx')).PolicyDetailPage }),
  },
  {
    path: 'policies/details/:arn/edit',
    handle: {
      title: 'Edit policy',
      iamAction: 'iam:CreatePolicyVersion',
      // IAM › Policies › MyPolicy › Edit policy
      breadcrumbs: ({ params, title, pathname }) => [
        ...entityPage(sections.policies, 'arn', { name: arnResourceName })({ params, title, pathname: pathname.replace(/\/edit\/?$/, '') }),
        { text: title, href: pathname },
      ],
    } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./edit-policy-page.tsx')).EditPolicyPage }),
  },
];
