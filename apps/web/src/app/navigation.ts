// The console's sections, shaped like the IAM console's side navigation. Each section names the
// IAM action its main screen needs, so navigation can later hide what the caller may not do;
// the API enforces it regardless.
import type { SideNavigationProps } from '@cloudscape-design/components/side-navigation';

export interface ConsoleSection {
  path: string;
  title: string;
  /** The IAM action the section's main screen calls first. */
  iamAction: string;
}

export const sections = {
  dashboard: { path: '/', title: 'Dashboard', iamAction: 'iam:GetAccountSummary' },
  groups: { path: '/groups', title: 'User groups', iamAction: 'iam:ListGroups' },
  users: { path: '/users', title: 'Users', iamAction: 'iam:ListUsers' },
  roles: { path: '/roles', title: 'Roles', iamAction: 'iam:ListRoles' },
  policies: { path: '/policies', title: 'Policies', iamAction: 'iam:ListPolicies' },
  identityProviders: { path: '/identity-providers', title: 'Identity providers', iamAction: 'iam:ListSAMLProviders' },
  accountSettings: { path: '/account-settings', title: 'Account settings', iamAction: 'iam:GetAccountPasswordPolicy' },
  credentialReport: { path: '/credential-report', title: 'Credential report', iamAction: 'iam:GetCredentialReport' },
  auditHistory: { path: '/audit-history', title: 'Audit history', iamAction: 'portcullis:ListAuditEvents' },
  policySimulator: { path: '/policy-simulator', title: 'Policy simulator', iamAction: 'iam:SimulatePrincipalPolicy' },
  organizationsAccounts: { path: '/organizations/accounts', title: 'AWS accounts', iamAction: 'organizations:ListAccounts' },
  ec2Amis: { path: '/ec2/amis', title: 'AMIs', iamAction: 'ec2:DescribeImages' },
  ec2Snapshots: { path: '/ec2/snapshots', title: 'Snapshots', iamAction: 'ec2:DescribeSnapshots' },
  ec2Instances: { path: '/ec2/instances', title: 'Instances', iamAction: 'ec2:DescribeInstances' },
  ec2SecurityGroups: { path: '/ec2/security-groups', title: 'Security groups', iamAction: 'ec2:DescribeSecurityGroups' },
} as const satisfies Record<string, ConsoleSection>;

const link = (section: ConsoleSection): SideNavigationProps.Link => ({
  type: 'link',
  text: section.title,
  href: section.path,
});

export const sideNavigationItems: SideNavigationProps.Item[] = [
  link(sections.dashboard),
  {
    type: 'section',
    text: 'Access management',
    items: [
      link(sections.groups),
      link(sections.users),
      link(sections.roles),
      link(sections.policies),
      link(sections.identityProviders),
      link(sections.accountSettings),
    ],
  },
  {
    type: 'section',
    text: 'Access reports',
    items: [link(sections.credentialReport), link(sections.auditHistory)],
  },
  {
    type: 'section',
    text: 'AWS Organizations',
    items: [link(sections.organizationsAccounts)],
  },
  {
    type: 'section',
    text: 'EC2 sharing',
    items: [link(sections.ec2Amis), link(sections.ec2Snapshots), link(sections.ec2Instances), link(sections.ec2SecurityGroups)],
  },
  { type: 'divider' },
  link(sections.policySimulator),
];

/** The side-navigation href to highlight for a location: the section the path lies in. */
export function activeHref(pathname: string): string {
  const match = Object.values(sections)
    .filter((section) => section.path !== '/')
    .find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));
  return match?.path ?? '/';
}
