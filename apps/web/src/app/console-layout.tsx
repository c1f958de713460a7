// The signed-in frame: top navigation (who you are, sign out), the IAM side navigation,
// breadcrumbs, and the page, with a skip link to it.
import AppLayout from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import TopNavigation, { type TopNavigationProps } from '@cloudscape-design/components/top-navigation';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { sessionQuery, useSignOutMutation, useSwitchBackMutation, useSwitchRoleMutation, type Principal } from '../api/queries/session.ts';
import { ActiveRoleBanner, useActiveRole, type ActiveRole } from '../features/auth/active-role.tsx';
import { roleSessionReason } from '../components/role-session-notice.tsx';
import { rememberRole, roleLabel, sameRole } from '../features/auth/role-history.ts';
import { useColorModeUtility } from './color-mode-menu.tsx';
import { activeHref, permittedNavigationItems } from './navigation.ts';
import { useConsolePermissions } from './permissions.ts';
import { useBreadcrumbs } from './route-handle.ts';
import { MAIN_CONTENT_ID, SkipLink } from './skip-link.tsx';

/** Follows a Cloudscape link inside the single-page app instead of reloading the page. */
function useFollow() {
  const navigate = useNavigate();
  return (event: CustomEvent<{ href?: string; external?: boolean }>) => {
    const href = event.detail.href;
    if (!href || event.detail.external) return;
    event.preventDefault();
    void navigate(href);
  };
}

function principalLabel(principal: Principal, active?: ActiveRole): string {
  // As the AWS console shows it: "DisplayName @ account" while a role is assumed.
  if (active) return active.label;
  return principal.type === 'root' ? 'Root user' : (principal.userName ?? principal.arn);
}

export function ConsoleLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const follow = useFollow();
  const crumbs = useBreadcrumbs();
  const session = useQuery(sessionQuery);
  const signOut = useSignOutMutation();
  const switchBack = useSwitchBackMutation();
  const switchRole = useSwitchRoleMutation();
  const themeUtility = useColorModeUtility();
  const { active, history } = useActiveRole();
  const [navigationOpen, setNavigationOpen] = useState(true);
  // The side navigation shows only what the caller may open (all of it until that is known).
  const permissions = useConsolePermissions();
  const principal = session.data?.principal;
  const role = session.data?.switchedRole;

  // The last roles switched to (this browser's), but the one in use: one click switches.
  const recentRoles = history.filter((entry) => !role || !sameRole(entry, role));
  const utilities: TopNavigationProps.Utility[] = principal
    ? [
        themeUtility,
        {
          type: 'menu-dropdown',
          text: session.data?.federated?.label ?? principalLabel(principal, active),
          description: role?.arn ?? principal.arn,
          iconName: 'user-profile',
          items: [
            { id: 'account', text: `Account ID: ${role?.accountId ?? principal.accountId}`, disabled: true },
            ...(role && principal.type !== 'federated' ? [{ id: 'switch-back', text: `Switch back to ${principal.userName ?? 'your user'}` }] : []),
            ...(principal.type === 'user' ? [{ id: 'switch-role', text: 'Switch role' }] : []),
            ...(principal.type === 'user' && recentRoles.length > 0
              ? [{ text: 'Role history', items: recentRoles.map((entry, index) => ({ id: `role-history:${index}`, text: roleLabel(entry) })) }]
              : []),
            // A role session (federated, or a switched role) has no password or credentials of its own.
            ...(roleSessionReason(session.data)
              ? []
              : [
                  { id: 'security-credentials', text: 'My security credentials' },
                  { id: 'change-password', text: 'Change password' },
                ]),
            { id: 'sign-out', text: 'Sign out' },
          ],
          onItemClick: ({ detail }) => {
            if (detail.id === 'change-password') void navigate('/change-password');
            if (detail.id === 'switch-role') void navigate('/switchrole');
            if (detail.id === 'security-credentials') void navigate('/security_credentials');
            if (detail.id === 'switch-back') switchBack.mutate(undefined, { onSuccess: () => void navigate('/') });
            if (detail.id.startsWith('role-history:')) {
              const entry = recentRoles[Number(detail.id.slice('role-history:'.length))];
              if (entry) {
                switchRole.mutate(
                  { account: entry.account, roleName: entry.roleName },
                  {
                    onSuccess: (session) => {
                      if (session.switchedRole) rememberRole(principal.arn, { ...entry, accountId: session.switchedRole.accountId });
                      void navigate('/');
                    },
                  },
                );
              }
            }
            if (detail.id === 'sign-out') {
              signOut.mutate(undefined, { onSettled: () => void navigate('/signin', { replace: true }) });
            }
          },
        },
      ]
    : [];

  return (
    <>
      <SkipLink />
      <div id="top-navigation" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: '/', title: 'Portcullis', onFollow: follow }}
          utilities={utilities}
          i18nStrings={{ overflowMenuTriggerText: 'More', overflowMenuTitleText: 'All' }}
        />
        {active && <ActiveRoleBanner active={active} />}
      </div>
      <AppLayout
        headerSelector="#top-navigation"
        navigationOpen={navigationOpen}
        onNavigationChange={({ detail }) => setNavigationOpen(detail.open)}
        navigation={
          <SideNavigation
            header={{ text: 'Identity and Access Management (IAM)', href: '/' }}
            activeHref={activeHref(location.pathname)}
            items={permittedNavigationItems(permissions.allowed, undefined, { roleSession: roleSessionReason(session.data) !== undefined })}
            onFollow={follow}
          />
        }
        breadcrumbs={<BreadcrumbGroup items={crumbs} onFollow={follow} ariaLabel="Breadcrumbs" />}
        toolsHide
        content={
          <div id={MAIN_CONTENT_ID} tabIndex={-1} style={{ outline: 'none' }}>
            <Outlet />
          </div>
        }
        ariaLabels={{ navigation: 'Side navigation', navigationClose: 'Close side navigation', navigationToggle: 'Open side navigation' }}
      />
    </>
  );
}
