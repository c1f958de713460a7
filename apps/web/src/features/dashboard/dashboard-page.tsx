import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../../api/queries/session.ts';

export function DashboardPage() {
  const session = useQuery(sessionQuery);
  const principal = session.data?.principal;
  if (!principal) return null;
  const signInUrl = `${window.location.origin}/signin?account=${principal.accountId}`;

  return (
    <ContentLayout header={<Header variant="h1">IAM Dashboard</Header>}>
      <Container header={<Header variant="h2">Account</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Account ID', value: principal.accountId },
            {
              label: 'Signed in as',
              value: principal.type === 'root' ? 'Root user' : principal.userName,
            },
            { label: 'Principal ARN', value: principal.arn },
            {
              label: 'Sign-in URL for IAM users in this account',
              value: (
                <CopyToClipboard
                  variant="inline"
                  textToCopy={signInUrl}
                  copyButtonAriaLabel="Copy sign-in URL"
                  copySuccessText="Sign-in URL copied"
                  copyErrorText="Sign-in URL failed to copy"
                />
              ),
            },
          ]}
        />
      </Container>
    </ContentLayout>
  );
}
