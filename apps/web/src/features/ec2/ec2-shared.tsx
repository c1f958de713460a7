// Small pieces the EC2 pages share: who something is shared with, the caller's account, sizes.
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import type { SharingState } from './permissions.ts';

/** "Public" and one badge per account: what is shared with whom. */
export function SharedWith({ state }: { state: SharingState }) {
  if (!state.isPublic && state.accounts.length === 0) return <Box color="text-status-inactive">Not shared</Box>;
  return (
    <SpaceBetween direction="horizontal" size="xxs">
      {state.isPublic && <Badge color="red">Public</Badge>}
      {state.accounts.map((a) => (
        <Badge key={a} color="blue">
          {a}
        </Badge>
      ))}
    </SpaceBetween>
  );
}

/** The owner's read-only view of who may use a shared resource (the Permissions panel). */
export function SharingSummary({ label, permission, sharing, loadError }: { label: string; permission: { isPending: boolean; isError: boolean; error: unknown }; sharing: SharingState | undefined; loadError: string }) {
  return (
    <Container header={<Header variant="h2">Permissions</Header>}>
      {permission.isPending && <Spinner />}
      {permission.isError && <ApiErrorAlert error={permission.error} header={loadError} />}
      {sharing && (
        <KeyValuePairs
          columns={2}
          items={[
            { label, value: sharing.isPublic ? 'Public' : 'Private' },
            { label: 'Shared with', value: <SharedWith state={sharing} /> },
          ]}
        />
      )}
    </Container>
  );
}

/** The account the console acts for (the switched role's when there is one). */
export function useCallerAccount(): string | undefined {
  const session = useQuery(sessionQuery);
  return session.data ? (session.data.switchedRole?.accountId ?? session.data.principal.accountId) : undefined;
}

/** Volume sizes: 1–16,384 GiB. */
export function volumeSizeError(value: string): string | undefined {
  if (!/^\d+$/.test(value.trim())) return 'Enter a size in GiB.';
  const n = Number(value);
  return n < 1 || n > 16384 ? 'The size must be between 1 and 16384 GiB.' : undefined;
}

/** Security group names and descriptions: 1–255 of a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* (EC2). */
export function securityGroupTextError(value: string, what: 'name' | 'description'): string | undefined {
  if (value.length === 0) return `Enter a ${what}.`;
  if (value.length > 255) return `The ${what} can have at most 255 characters.`;
  if (!/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/.test(value)) return `The ${what} can contain only a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*`;
  return undefined;
}
