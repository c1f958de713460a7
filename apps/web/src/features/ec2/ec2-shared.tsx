// Pieces the EC2 pages share: who something is shared with (a list's cell, a detail page's
// panel), a detail page's state and load error, the caller's account, sizes and names.
import Badge from '@cloudscape-design/components/badge';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useState } from 'react';
import type { Ec2Grant } from '../../api/queries/ec2.ts';
import { sessionQuery } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { sharingFromGrants, type SharingState } from './permissions.ts';

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

/** A list row's "Shared with" of an AMI or snapshot: only its owner may read the permission ("-" for others'). */
export function SharedWithCell<Key extends QueryKey>({ permission, own }: { permission: UseQueryOptions<Ec2Grant[], Error, Ec2Grant[], Key>; own: boolean }) {
  const grants = useQuery({ ...permission, enabled: own });
  if (!own || grants.isError) return <>-</>;
  if (grants.isPending) return <Spinner />;
  return <SharedWith state={sharingFromGrants(grants.data)} />;
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

/**
 * The state an AMI's or snapshot's detail page keeps: whether the caller owns it, who it is shared
 * with (only the owner may ask), the permissions editor, the delete dialog and the success flash.
 */
export function useSharedResourcePage<Key extends QueryKey>(ownerId: string | undefined, permissionQuery: UseQueryOptions<Ec2Grant[], Error, Ec2Grant[], Key>) {
  const account = useCallerAccount();
  const isOwner = ownerId !== undefined && ownerId === account;
  const permission = useQuery({ ...permissionQuery, enabled: isOwner });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  /** What SharingPanel takes from the page. */
  const sharing = {
    permission,
    editing,
    onDone: (saved?: string) => {
      setEditing(false);
      if (saved) setFlash(saved);
    },
  };
  return { isOwner, permission, editing, setEditing, deleting, setDeleting, flash, setFlash, sharing };
}

/** A detail page's load error, or "not found" when the query found nothing; nothing while it loads or once found. */
export function detailLoadError(noun: string, id: string, query: { isError: boolean; error: unknown; isSuccess: boolean; data?: unknown }): { error?: unknown; errorHeader?: string } {
  if (query.isError) return { error: query.error, errorHeader: `The ${noun} could not be loaded` };
  if (query.isSuccess && !query.data) return { error: new Error(`The ${noun} ${id} does not exist.`), errorHeader: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} not found` };
  return {};
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
