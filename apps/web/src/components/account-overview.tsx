// The dashboard's account panels: account ID and alias (editable), the console sign-in URL,
// resource counts and security recommendations (root MFA, root access keys, password policy,
// access keys older than 90 days). All figures come from one request (the console's Dashboard
// view), computed on the server whatever the account's size. Rendered by features/dashboard.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { dashboardQuery, type Dashboard } from '../api/queries/account.ts';
import { actingIdentity, sessionQuery, useConsoleBaseUrl } from '../api/queries/session.ts';
import { buttonActions } from '../app/navigation.ts';
import { usePermitted } from '../app/permissions.ts';
import { AccountAliasModal } from './account-alias-modal.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';

/** The console sign-in URL for IAM users: `<origin>/signin?account=<alias or account ID>`. */
export function signInUrl(origin: string, accountId: string, alias: string | null | undefined): string {
  return `${origin}/signin?account=${encodeURIComponent(alias || accountId)}`;
}

export interface Recommendation {
  id: string;
  status: 'success' | 'warning' | 'info';
  text: string;
  action?: { text: string; href: string };
}

type RecommendationFigures = Pick<Dashboard, 'AccountMFAEnabled' | 'AccountAccessKeysPresent' | 'PasswordPolicyPresent' | 'ActiveAccessKeysOlderThan90Days'>;

/** The security recommendations from the dashboard's figures. */
export function securityRecommendations(figures: RecommendationFigures, isRoot = false): Recommendation[] {
  const oldKeys = figures.ActiveAccessKeysOlderThan90Days;
  return [
    figures.AccountMFAEnabled
      ? { id: 'root-mfa', status: 'success', text: 'Root user has MFA' }
      : {
          id: 'root-mfa',
          status: 'warning',
          text: 'Add MFA for root user: having MFA for the root user improves the security of this account.',
          // Only the root user can assign its own MFA device.
          ...(isRoot ? { action: { text: 'Assign MFA', href: '/security_credentials' } } : {}),
        },
    figures.AccountAccessKeysPresent
      ? { id: 'root-keys', status: 'warning', text: 'Root user has active access keys: use IAM users or roles instead and delete the root user access keys.' }
      : { id: 'root-keys', status: 'success', text: 'Root user has no active access keys' },
    figures.PasswordPolicyPresent
      ? { id: 'password-policy', status: 'success', text: 'A custom password policy is set' }
      : { id: 'password-policy', status: 'info', text: 'No custom password policy: IAM users get the IAM default password policy.', action: { text: 'Set password policy', href: '/account-settings' } },
    oldKeys > 0
      ? { id: 'old-keys', status: 'warning', text: `${oldKeys} active access key${oldKeys === 1 ? ' has' : 's have'} not been rotated in 90 days.`, action: { text: 'View credential report', href: '/credential-report' } }
      : { id: 'old-keys', status: 'success', text: 'No active access keys are older than 90 days' },
  ];
}

const COUNTS: { key: 'Users' | 'Groups' | 'Roles' | 'Policies' | 'Providers'; label: string; href: string }[] = [
  { key: 'Users', label: 'Users', href: '/users' },
  { key: 'Groups', label: 'User groups', href: '/groups' },
  { key: 'Roles', label: 'Roles', href: '/roles' },
  { key: 'Policies', label: 'Customer managed policies', href: '/policies' },
  { key: 'Providers', label: 'Identity providers', href: '/' },
];

export function AccountOverview() {
  const consoleBaseUrl = useConsoleBaseUrl();
  const navigate = useNavigate();
  const session = useQuery(sessionQuery);
  const dashboard = useQuery(dashboardQuery);
  const [editingAlias, setEditingAlias] = useState(false);
  // Not offered to a caller whose policies would refuse it (a read-only role).
  const mayEditAlias = usePermitted(buttonActions.createAccountAlias);
  const principal = session.data?.principal;
  if (!principal || !session.data) return null;
  // While a role is assumed, everything here is the role session's: its account, its ARN.
  const identity = actingIdentity(session.data);
  const alias = dashboard.data?.AccountAlias ?? null;
  const url = signInUrl(consoleBaseUrl, identity.accountId, alias);
  const follow = (href: string) => (event: CustomEvent) => {
    event.preventDefault();
    void navigate(href);
  };
  const status = (node: ReactNode) => (dashboard.isPending ? <Spinner /> : node);

  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">AWS Account</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Account ID', value: identity.accountId },
            {
              label: 'Account alias',
              value: (
                <SpaceBetween direction="horizontal" size="xs">
                  <span>{dashboard.isPending ? '…' : (alias ?? '-')}</span>
                  {mayEditAlias.allowed && (
                    <Button variant="inline-link" disabled={!dashboard.isSuccess} onClick={() => setEditingAlias(true)} ariaLabel={alias ? 'Edit account alias' : 'Create account alias'}>
                      {alias ? 'Edit' : 'Create'}
                    </Button>
                  )}
                </SpaceBetween>
              ),
            },
            {
              label: 'Sign-in URL for IAM users in this account',
              value: <CopyToClipboard variant="inline" textToCopy={url} copyButtonAriaLabel="Copy sign-in URL" copySuccessText="Sign-in URL copied" copyErrorText="Sign-in URL failed to copy" />,
            },
            ...identity.details,
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">IAM resources</Header>}>
        {dashboard.isError ? (
          <ApiErrorAlert error={dashboard.error} header="The account summary could not be loaded" />
        ) : (
          <ColumnLayout columns={5} variant="text-grid">
            {COUNTS.map((count) => (
              <div key={count.key}>
                <Box variant="awsui-key-label">{count.label}</Box>
                {status(
                  <Link variant="awsui-value-large" href={count.href} onFollow={follow(count.href)} ariaLabel={`${count.label}: ${dashboard.data?.[count.key] ?? 0}`}>
                    {String(dashboard.data?.[count.key] ?? 0)}
                  </Link>,
                )}
              </div>
            ))}
          </ColumnLayout>
        )}
      </Container>
      <Container header={<Header variant="h2">Security recommendations</Header>}>
        {dashboard.data ? (
          <ul aria-label="Security recommendations" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {securityRecommendations(dashboard.data, principal.type === 'root' && !session.data?.switchedRole).map((r) => (
              <li key={r.id}>
                <SpaceBetween direction="horizontal" size="xs">
                  <StatusIndicator type={r.status}>{r.text}</StatusIndicator>
                  {r.action && (
                    <Link href={r.action.href} onFollow={follow(r.action.href)}>
                      {r.action.text}
                    </Link>
                  )}
                </SpaceBetween>
              </li>
            ))}
          </ul>
        ) : dashboard.isError ? (
          <ApiErrorAlert error={dashboard.error} header="The recommendations could not be loaded" />
        ) : (
          // Never a status before the figures are in: a green tick while still counting misleads.
          <StatusIndicator type="loading">Checking the account</StatusIndicator>
        )}
      </Container>
      {editingAlias && <AccountAliasModal current={alias} onClose={() => setEditingAlias(false)} onSaved={() => setEditingAlias(false)} />}
    </SpaceBetween>
  );
}
