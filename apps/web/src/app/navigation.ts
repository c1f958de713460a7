// The console's sections, shaped like the IAM console's side navigation. Each section names the
// IAM action its main screen needs, so the navigation hides what the caller may not open
// (app/permissions.ts asks the server once per session); the API enforces it regardless.
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
  accessAnalyzerExternalAccess: { path: '/access-analyzer/external-access', title: 'External access', iamAction: 'access-analyzer:ListFindings' },
  accessAnalyzerUnusedAccess: { path: '/access-analyzer/unused-access', title: 'Unused access', iamAction: 'access-analyzer:ListFindings' },
  accessAnalyzerSettings: { path: '/access-analyzer/analyzers', title: 'Analyzer settings', iamAction: 'access-analyzer:ListAnalyzers' },
  // The caller's own credentials (AWS lists it under the account menu and "Related consoles"); any
  // IAM user may open it, each section is decided by the user's own policies.
  securityCredentials: { path: '/security_credentials', title: 'My security credentials', iamAction: 'iam:GetUser' },
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
    text: 'Access analyzer',
    items: [link(sections.accessAnalyzerExternalAccess), link(sections.accessAnalyzerUnusedAccess), link(sections.accessAnalyzerSettings)],
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
  link(sections.securityCredentials),
];

/**
 * The actions of the console's main buttons (Create and Delete on the list pages, the account
 * alias on the Dashboard): a button the caller's policies would only refuse is not offered.
 * Asked about with every route's action, in the one permissions request of the session.
 */
export const buttonActions = {
  createUser: 'iam:CreateUser',
  deleteUser: 'iam:DeleteUser',
  createGroup: 'iam:CreateGroup',
  deleteGroup: 'iam:DeleteGroup',
  createRole: 'iam:CreateRole',
  deleteRole: 'iam:DeleteRole',
  createPolicy: 'iam:CreatePolicy',
  deletePolicy: 'iam:DeletePolicy',
  createAccountAlias: 'iam:CreateAccountAlias',
  createAnalyzer: 'access-analyzer:CreateAnalyzer',
  deleteAnalyzer: 'access-analyzer:DeleteAnalyzer',
  updateFindings: 'access-analyzer:UpdateFindings',
  createArchiveRule: 'access-analyzer:CreateArchiveRule',
} as const;

/**
 * Sections shown whatever the caller's policies: the Dashboard is the console's home, and every
 * principal has its own security credentials page (each section there is decided on its own).
 */
const ALWAYS_SHOWN: ReadonlySet<string> = new Set([sections.dashboard.path, sections.securityCredentials.path]);

/**
 * The side navigation without the sections whose main screen the caller may not open
 * (`allowed(iamAction)` false), and without the groups and dividers left empty. A role session
 * (switched or federated) has no credentials of its own: no My security credentials.
 */
export function permittedNavigationItems(
  allowed: (iamAction: string) => boolean,
  items: readonly SideNavigationProps.Item[] = sideNavigationItems,
  { roleSession = false }: { roleSession?: boolean } = {},
): SideNavigationProps.Item[] {
  const actionByPath = new Map<string, string>(Object.values(sections).map((section) => [section.path, section.iamAction]));
  const shown = (item: SideNavigationProps.Item): SideNavigationProps.Item | undefined => {
    if (item.type === 'link') {
      if (roleSession && item.href === sections.securityCredentials.path) return undefined;
      const action = actionByPath.get(item.href);
      return !action || ALWAYS_SHOWN.has(item.href) || allowed(action) ? item : undefined;
    }
    if (item.type === 'section' || item.type === 'expandable-link-group' || item.type === 'section-group') {
      const children = item.items.map(shown).filter((child) => child !== undefined);
      return children.length > 0 ? ({ ...item, items: children } as SideNavigationProps.Item) : undefined;
    }
    return item;
  };
  const kept = items.map(shown).filter((item) => item !== undefined);
  // No divider at either end or next to another.
  return kept.filter((item, i) => item.type !== 'divider' || (i > 0 && i < kept.length - 1 && kept[i - 1]!.type !== 'divider'));
}

/** The side-navigation href to highlight for a location: the section the path lies in. */
export function activeHref(pathname: string): string {
  const match = Object.values(sections)
    .filter((section) => section.path !== '/')
    .find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));
  return match?.path ?? '/';
}
