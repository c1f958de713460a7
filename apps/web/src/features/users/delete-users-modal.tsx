// Deleting users the console's way: the dialog lists what blocks DeleteUser for each user
// (console password, access keys, signing certificates, SSH public keys, service-specific
// credentials, group memberships, attached and inline policies), and
// confirming removes those first, then the user — four users at a time, with a progress bar.
import Box from '@cloudscape-design/components/box';
import Spinner from '@cloudscape-design/components/spinner';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { invalidateIdentities } from '../../api/queries/groups.ts';
import { deleteUserCascade, deletionBlockersQuery, userKeys, type DeletionBlockers } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BulkDeleteProgress, useBulkDelete, type BulkResult } from '../../components/bulk-delete.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';

/** The console's sentence parts for what will be removed with a user. */
export function blockerLines(b: DeletionBlockers): string[] {
  const lines: string[] = [];
  if (b.loginProfile) lines.push('Console password');
  if (b.accessKeys.length) lines.push(`Access keys: ${b.accessKeys.join(', ')}`);
  if (b.signingCertificates.length) lines.push(`Signing certificates: ${b.signingCertificates.join(', ')}`);
  if (b.sshPublicKeys.length) lines.push(`SSH public keys: ${b.sshPublicKeys.join(', ')}`);
  if (b.serviceSpecificCredentials.length) {
    lines.push(`Service-specific credentials: ${b.serviceSpecificCredentials.map((c) => `${c.ServiceSpecificCredentialId} (${c.ServiceName})`).join(', ')}`);
  }
  if (b.groups.length) lines.push(`Group memberships: ${b.groups.join(', ')}`);
  if (b.attachedPolicies.length) lines.push(`Attached policies: ${b.attachedPolicies.map((p) => p.PolicyName).join(', ')}`);
  if (b.inlinePolicies.length) lines.push(`Inline policies: ${b.inlinePolicies.join(', ')}`);
  return lines;
}

/** Up to this many users, the dialog lists what each one holds. */
const DETAILED_UP_TO = 10;

/**
 * Deletes the users a few at a time with a progress bar. `onDone` receives what was deleted and
 * what failed (with the reason); when the only user could not be deleted, the dialog stays open
 * with the error instead.
 */
export function DeleteUsersModal({ userNames, onDone, onDismiss }: { userNames: string[]; onDone: (result: BulkResult) => void; onDismiss: () => void }) {
  // What each user holds is read for a handful of users; for more, the dialog says it in general
  // rather than sending eight requests per user before anything is confirmed.
  const detailed = userNames.length <= DETAILED_UP_TO;
  const blockers = useQueries({ queries: detailed ? userNames.map((name) => deletionBlockersQuery(name)) : [] });
  const queryClient = useQueryClient();
  const bulk = useBulkDelete(deleteUserCascade, (names) => {
    for (const name of names) queryClient.removeQueries({ queryKey: userKeys.detail(name) });
    return invalidateIdentities(queryClient);
  });
  return (
    <ConfirmDeleteModal
      header={userNames.length === 1 ? `Delete ${userNames[0]}?` : `Delete ${userNames.length} users?`}
      names={userNames}
      error={bulk.error}
      errorHeader="The user was not deleted"
      progress={bulk.progress && <BulkDeleteProgress done={bulk.progress.done} total={bulk.progress.total} plural="users" />}
      onDismiss={onDismiss}
      onConfirm={() => bulk.confirm(userNames, onDone)}
    >
      <SpaceBetween size="s">
        {detailed ? (
          <Box>Deleting a user also removes the following, which AWS requires before a user can be deleted. This cannot be undone.</Box>
        ) : (
          <Box>
            Deleting these users also removes their console passwords, access keys, signing certificates, SSH public keys, service-specific credentials, group
            memberships, and attached and inline policies, which AWS requires before a user can be deleted. This cannot be undone: <b>{userNames.join(', ')}</b>.
          </Box>
        )}
        {detailed && userNames.map((name, i) => {
          const query = blockers[i]!;
          return (
            <div key={name} role="group" aria-label={`What is removed with ${name}`}>
              <Box variant="h4">{name}</Box>
              {query.isPending && <Spinner />}
              {query.isError && <ApiErrorAlert error={query.error} header={`What ${name} holds could not be read`} />}
              {query.data &&
                (blockerLines(query.data).length === 0 ? (
                  <Box color="text-body-secondary">Nothing else to remove.</Box>
                ) : (
                  <ul>
                    {blockerLines(query.data).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                ))}
            </div>
          );
        })}
      </SpaceBetween>
    </ConfirmDeleteModal>
  );
}
