// Deleting users the console's way: the dialog lists what blocks DeleteUser for each user
// (console password, access keys, signing certificates, SSH public keys, service-specific
// credentials, group memberships, attached and inline policies), and
// confirming removes those first, then the user.
import Box from '@cloudscape-design/components/box';
import Spinner from '@cloudscape-design/components/spinner';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQueries } from '@tanstack/react-query';
import { deletionBlockersQuery, useDeleteUsersMutation, type DeletionBlockers } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
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

export function DeleteUsersModal({ userNames, onDone, onDismiss }: { userNames: string[]; onDone: () => void; onDismiss: () => void }) {
  const blockers = useQueries({ queries: userNames.map((name) => deletionBlockersQuery(name)) });
  const remove = useDeleteUsersMutation();
  return (
    <ConfirmDeleteModal
      header={userNames.length === 1 ? `Delete ${userNames[0]}?` : `Delete ${userNames.length} users?`}
      names={userNames}
      loading={remove.isPending}
      error={remove.error}
      onDismiss={onDismiss}
      onConfirm={() => remove.mutate(userNames, { onSuccess: onDone })}
    >
      <SpaceBetween size="s">
        <Box>Deleting a user also removes the following, which AWS requires before a user can be deleted. This cannot be undone.</Box>
        {userNames.map((name, i) => {
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
