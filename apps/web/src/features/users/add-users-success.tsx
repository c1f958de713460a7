// The wizard's last page, from the creation results held in the page's state (never re-fetched:
// the secrets exist only here). AWS: "This is the last time these credentials will be available
// to download." Passwords and secrets are hidden until "Show"; "Send email" never includes the
// password; "Download .csv" writes credentials.csv with the classic five-column header.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { UserCreationResult } from './create-users.ts';
import { consoleSignInUrl, credentialsCsv, downloadTextFile, signInEmailHref } from './credentials.ts';
import { useConsoleBaseUrl } from '../../api/queries/session.ts';

const userHref = (userName: string) => `/users/${encodeURIComponent(userName)}`;

function Secret({ value, label }: { value: string | undefined; label: string }) {
  const [shown, setShown] = useState(false);
  if (!value) return <>-</>;
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <Box fontWeight={shown ? 'normal' : 'bold'}>
        <span style={{ fontFamily: 'monospace' }}>{shown ? value : '*'.repeat(12)}</span>
      </Box>
      <Button variant="inline-link" ariaLabel={`${shown ? 'Hide' : 'Show'} ${label}`} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'}
      </Button>
    </SpaceBetween>
  );
}

export function AddUsersSuccess({ results, accountId }: { results: UserCreationResult[]; accountId: string }) {
  const consoleBaseUrl = useConsoleBaseUrl();
  const navigate = useNavigate();
  const signInUrl = consoleSignInUrl(consoleBaseUrl, accountId);
  const created = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const hasPasswords = created.some((r) => r.password);
  const hasKeys = created.some((r) => r.accessKeyId);

  const download = () =>
    downloadTextFile(
      'credentials.csv',
      credentialsCsv(
        created.map((r) => ({
          userName: r.userName,
          password: r.password,
          accessKeyId: r.accessKeyId,
          secretAccessKey: r.secretAccessKey,
          consoleLoginLink: signInUrl,
        })),
      ),
    );

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="download" disabled={created.length === 0} onClick={download}>
                Download .csv
              </Button>
              <Button variant="primary" onClick={() => void navigate('/users')}>
                Close
              </Button>
            </SpaceBetween>
          }
        >
          Add users
        </Header>
      }
    >
      <SpaceBetween size="l">
        {created.length > 0 && (
          <Alert
            type="success"
            header="Success"
            action={
              created.length === 1 && (
                <Button href={userHref(created[0]!.userName)} onFollow={(event) => { event.preventDefault(); void navigate(userHref(created[0]!.userName)); }}>
                  View user
                </Button>
              )
            }
          >
            <SpaceBetween size="xs">
              <span>
                You successfully created the users shown below. You can view and download user security credentials. You can also email users
                instructions for signing in to the console. This is the last time these credentials will be available to view or download.
                However, you can create new credentials at any time.
              </span>
              {hasPasswords && (
                <span>
                  Users with console access can sign in at:{' '}
                  <span style={{ overflowWrap: 'anywhere' }}>
                    <Link href={signInUrl} external>
                      {signInUrl}
                    </Link>
                  </span>
                </span>
              )}
            </SpaceBetween>
          </Alert>
        )}
        {failed.length > 0 && (
          <Alert type="error" header={created.length ? 'Some users were not created' : 'The users were not created'}>
            Each failed user was rolled back: what had been created for it was deleted. See the message for each user below.
          </Alert>
        )}
        <Table<UserCreationResult>
          items={results}
          trackBy="userName"
          variant="container"
          wrapLines
          header={<Header counter={`(${results.length})`}>Users</Header>}
          columnDefinitions={[
            {
              id: 'user',
              header: 'User',
              cell: (r) => (
                <span style={{ overflowWrap: 'anywhere' }}>
                  {r.ok ? (
                    <Link href={userHref(r.userName)} onFollow={(event) => { event.preventDefault(); void navigate(userHref(r.userName)); }}>
                      {r.userName}
                    </Link>
                  ) : (
                    r.userName
                  )}
                </span>
              ),
            },
            {
              id: 'status',
              header: 'Status',
              cell: (r) =>
                r.ok ? (
                  <StatusIndicator type="success">Created</StatusIndicator>
                ) : (
                  <SpaceBetween size="xxs">
                    {/* Messages carry ARNs, long words without spaces: break them anywhere rather than cut them. */}
                    <span style={{ overflowWrap: 'anywhere' }}>
                      <StatusIndicator type="error">{r.error?.message}</StatusIndicator>
                    </span>
                    {r.error?.requestId && <Box variant="small">Request ID: {r.error.requestId}</Box>}
                    {r.rollbackIncomplete && <Box variant="small">Some of what was created for this user could not be removed.</Box>}
                  </SpaceBetween>
                ),
            },
            ...(hasPasswords ? [{ id: 'password', header: 'Password', cell: (r: UserCreationResult) => <Secret value={r.password} label={`password for ${r.userName}`} /> }] : []),
            ...(hasKeys
              ? [
                  { id: 'key', header: 'Access key ID', cell: (r: UserCreationResult) => r.accessKeyId ?? '-' },
                  {
                    id: 'secret',
                    header: 'Secret access key',
                    cell: (r: UserCreationResult) => <Secret value={r.secretAccessKey} label={`secret access key for ${r.userName}`} />,
                  },
                ]
              : []),
            {
              id: 'email',
              header: 'Email login instructions',
              cell: (r) =>
                r.ok && r.password ? (
                  <Link href={signInEmailHref(r.userName, signInUrl)} ariaLabel={`Send email to ${r.userName}`}>
                    Send email
                  </Link>
                ) : (
                  '-'
                ),
            },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
