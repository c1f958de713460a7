// "My security credentials": the signed-in principal's own MFA devices. For the root user this is
// where root MFA is assigned (the dashboard's "Add MFA for root user" recommendation links here);
// an IAM user sees and manages their own devices (ListMFADevices without a user name).
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../../api/queries/session.ts';
import { MfaDevicesSection } from '../../components/mfa-devices.tsx';

export function SecurityCredentialsPage() {
  const session = useQuery(sessionQuery);
  const principal = session.data?.principal;
  const isRoot = principal?.type === 'root';
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={
            isRoot
              ? 'The root user has unrestricted access to the account. Assign an MFA device to the root user to protect it.'
              : `The security credentials of ${principal?.userName ?? 'your user'}.`
          }
        >
          {isRoot ? 'My security credentials (root user)' : 'My security credentials'}
        </Header>
      }
    >
      {/* The root user's devices are its own: no user name, as in ListMFADevices for the caller. */}
      {principal && (isRoot ? <MfaDevicesSection /> : <MfaDevicesSection userName={principal.userName} />)}
    </ContentLayout>
  );
}
