import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';

/** Stands in for a console section whose screens are not built yet. */
export function ComingSoonPage({ title }: { title: string }) {
  return (
    <ContentLayout header={<Header variant="h1">{title}</Header>}>
      <Alert type="info" header="Coming soon">
        The {title} page is coming in a later release of Portcullis.
      </Alert>
    </ContentLayout>
  );
}
