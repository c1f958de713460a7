import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';

export function NotFoundPage() {
  return (
    <ContentLayout header={<Header variant="h1">Page not found</Header>}>
      <Alert type="warning">
        There is no console page at this address. <Link href="/">Go to the IAM Dashboard</Link>
      </Alert>
    </ContentLayout>
  );
}
