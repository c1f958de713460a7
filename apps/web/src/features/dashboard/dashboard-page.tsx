// The IAM dashboard: the account, its sign-in URL, resource counts and security recommendations.
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import { AccountOverview } from '../../components/account-overview.tsx';

export function DashboardPage() {
  return (
    <ContentLayout header={<Header variant="h1">IAM Dashboard</Header>}>
      <AccountOverview />
    </ContentLayout>
  );
}
