// The signed-in frame: top navigation (who you are, sign out), the IAM side navigation,
// breadcrumbs, and the page, with a skip link to it.
import AppLayout from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import TopNavigation, { type TopNavigationProps } from '@cloudscape-design/components/top-navigation';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { sessionQuery, useSignOutMutation, useSwitchBackMutation, type Principal, type SwitchedRole } from '../api/queries/session.ts';
import { activeHref, sections, sideNavigationItems } from './navigation.ts';
import { useRouteHandle } from './route-handle.ts';
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

function principalLabel(principal: Principal, role?: SwitchedRole): string {
  // As the AWS console shows it: "role @ account" while a role is assumed.
  if (role) return `${role.roleName} @ ${role.accountId}`;
  return principal.type === 'root' ? 'Root user' : (principal.userName ?? principal.arn);
}

export function ConsoleLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const follow = useFollow();
  const handle = useRouteHandle();
  const session = useQuery(sessionQuery);
  const signOut = useSignOutMutation();
  const switchBack = useSwitchBackMutation();
  const [navigationOpen, setNavigationOpen] = useState(true);
  const principal = session.data?.principal;
  const role = session.data?.switchedRole;

  const utilities: TopNavigationProps.Utility[] = principal
    ? [
        {
          type: 'menu-dropdown',
          text: principalLabel(principal, role),
          description: role?.arn ?? principal.arn,
          iconName: 'user-profile',
          items: [
            { id: 'account', text: `Account ID: ${role?.accountId ?? principal.accountId}`, disabled: true },
            ...(role ? [{ id: 'switch-back', text: `Switch back to ${principal.userName ?? 'your user'}` }] : []),
            ...(principal.type === 'user' ? [{ id: 'switch-role', text: 'Switch role' }] : []),
            { id: 'security-credentials', text: 'My security credentials' },
            { id: 'change-password', text: 'Change password' },
            { id: 'sign-out', text: 'Sign out' },
          ],
          onItemClick: ({ detail }) => {
            if (detail.id === 'change-password') void navigate('/change-password');
            if (detail.id === 'switch-role') void navigate('/switchrole');
            if (detail.id === 'security-credentials') void navigate('/security_credentials');
            if (detail.id === 'switch-back') switchBack.mutate(undefined, { onSuccess: () => void navigate('/') });
            if (detail.id === 'sign-out') {
              signOut.mutate(undefined, { onSettled: () => void navigate('/signin', { replace: true }) });
            }
          },
        },
      ]
    : [];

  const breadcrumbs: { text: string; href: string }[] = [{ text: 'IAM', href: sections.dashboard.path }];
  if (handle && location.pathname !== '/') breadcrumbs.push({ text: handle.title, href: location.pathname });

  return (
    <>
      <SkipLink />
      <div id="top-navigation" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: '/', title: 'Portcullis', onFollow: follow }}
          utilities={utilities}
          i18nStrings={{ overflowMenuTriggerText: 'More', overflowMenuTitleText: 'All' }}
        />
      </div>
      <AppLayout
        headerSelector="#top-navigation"
        navigationOpen={navigationOpen}
        onNavigationChange={({ detail }) => setNavigationOpen(detail.open)}
        navigation={
          <SideNavigation
            header={{ text: 'Identity and Access Management (IAM)', href: '/' }}
            activeHref={activeHref(location.pathname)}
            items={sideNavigationItems}
            onFollow={follow}
          />
        }
        breadcrumbs={<BreadcrumbGroup items={breadcrumbs} onFollow={follow} ariaLabel="Breadcrumbs" />}
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
