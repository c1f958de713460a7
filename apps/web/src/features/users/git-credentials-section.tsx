// "HTTPS Git credentials for AWS CodeCommit" on a user's Security credentials tab: generate (the
// user name and password are shown once, with the `<user>_codecommit_credentials.csv`
// download); from the Actions menu reset the password (shown once again), activate / deactivate
// and delete — at most 2 per user.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CredentialStatus, CredentialTable, everyActionOffered, SecretShownOnceModal, toggledStatus, type CredentialPermission } from '../../components/credential-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import {
  gitCredentialsQuery,
  useCreateGitCredentialMutation,
  useDeleteGitCredentialMutation,
  useResetGitCredentialMutation,
  useUpdateGitCredentialMutation,
  type GitCredential,
  type GitCredentialWithPassword,
} from './codecommit-credentials-queries.ts';
import { downloadTextFile, gitCredentialsCsv } from './credentials.ts';

const MAX_GIT_CREDENTIALS = 2;

/** The user name and password of a credential just generated or reset: this once only. */
export function GitPasswordModal({ userName, credential, onClose }: { userName: string; credential: GitCredentialWithPassword; onClose: () => void }) {
  return (
    <SecretShownOnceModal
      header="Generated credentials"
      warning="This is the only time the password can be viewed or downloaded. You cannot recover it later. However, you can reset the password at any time."
      identifier={{ label: 'User name', name: 'user name', value: credential.ServiceUserName }}
      secret={{ label: 'Password', name: 'password', value: credential.ServicePassword }}
      download={{
        label: 'Download credentials',
        onDownload: () => downloadTextFile(`${userName}_codecommit_credentials.csv`, gitCredentialsCsv(credential.ServiceUserName, credential.ServicePassword)),
      }}
      closeLabel="Close"
      onClose={onClose}
    />
  );
}

function ResetModal({ credential, loading, error, onReset, onClose }: { credential: GitCredential; loading: boolean; error: unknown; onReset: () => void; onClose: () => void }) {
  return (
    <FormModal header="Reset password?" submitLabel="Reset password" loading={loading} onSubmit={onReset} onClose={onClose} error={error} errorHeader="The password was not reset">
      <Box>A new password is generated for {credential.ServiceUserName}. Git clients that use the current password stop working.</Box>
    </FormModal>
  );
}

export function GitCredentialsSection({ userName, mayPerform = everyActionOffered }: { userName: string; mayPerform?: CredentialPermission }) {
  const credentials = useQuery(gitCredentialsQuery(userName));
  const mayCreate = mayPerform('iam:CreateServiceSpecificCredential');
  const mayReset = mayPerform('iam:ResetServiceSpecificCredential');
  const mayUpdate = mayPerform('iam:UpdateServiceSpecificCredential');
  const mayDelete = mayPerform('iam:DeleteServiceSpecificCredential');
  const create = useCreateGitCredentialMutation();
  const reset = useResetGitCredentialMutation();
  const update = useUpdateGitCredentialMutation();
  const remove = useDeleteGitCredentialMutation();
  const [resetting, setResetting] = useState(false);
  const [shown, setShown] = useState<GitCredentialWithPassword | null>(null);
  const list = credentials.data ?? [];
  const byId = (c: GitCredential) => ({ UserName: userName, ServiceSpecificCredentialId: c.ServiceSpecificCredentialId });

  return (
    <CredentialTable<GitCredential>
      title="HTTPS Git credentials for AWS CodeCommit"
      resourceName="HTTPS Git credentials"
      description={`Generate a user name and password you can use to authenticate HTTPS connections to AWS CodeCommit repositories. You can have a maximum of ${MAX_GIT_CREDENTIALS} sets of credentials (active or inactive) at a time.`}
      list={credentials}
      trackBy="ServiceSpecificCredentialId"
      itemLabel={(c) => c.ServiceSpecificCredentialId}
      empty="No HTTPS Git credentials."
      error={create.error ?? update.error ?? remove.error}
      columns={[
        { id: 'user', header: 'User name', cell: (c) => c.ServiceUserName },
        { id: 'created', header: 'Created', cell: (c) => formatDateTime(c.CreateDate) },
        { id: 'status', header: 'Status', cell: (c) => <CredentialStatus status={c.Status} /> },
      ]}
      actions={({ item: credential, askDelete }) => (
        <SpaceBetween direction="horizontal" size="xs">
          <ButtonDropdown
            disabled={!credential}
            loading={update.isPending}
            ariaLabel="HTTPS Git credential actions"
            items={[
              { id: 'reset', text: 'Reset password', disabled: !mayReset.allowed, disabledReason: mayReset.reason },
              { id: 'toggle', text: credential && credential.Status !== 'Active' ? 'Activate' : 'Deactivate', disabled: !mayUpdate.allowed, disabledReason: mayUpdate.reason },
              { id: 'delete', text: 'Delete', disabled: !mayDelete.allowed, disabledReason: mayDelete.reason },
            ]}
            onItemClick={({ detail }) => {
              if (!credential) return;
              if (detail.id === 'reset') setResetting(true);
              else if (detail.id === 'delete') askDelete();
              else update.mutate({ ...byId(credential), Status: toggledStatus(credential.Status) });
            }}
          >
            Actions
          </ButtonDropdown>
          <Button
            disabled={list.length >= MAX_GIT_CREDENTIALS || credentials.isPending || !mayCreate.allowed}
            disabledReason={mayCreate.reason}
            loading={create.isPending} onClick={() => create.mutate({ UserName: userName }, { onSuccess: setShown })}>
            Generate credentials
          </Button>
        </SpaceBetween>
      )}
      deletion={{
        header: (c) => `Delete ${c.ServiceUserName}?`,
        names: (c) => [c.ServiceSpecificCredentialId],
        warning: () => 'Git clients that use these credentials can no longer reach AWS CodeCommit. Deleting cannot be undone.',
        mutation: remove,
        run: (c, onSuccess) => remove.mutate(byId(c), { onSuccess }),
      }}
      modals={({ item: credential }) => (
        <>
          {shown && <GitPasswordModal userName={userName} credential={shown} onClose={() => setShown(null)} />}
          {resetting && credential && (
            <ResetModal
              credential={credential}
              loading={reset.isPending}
              error={reset.error}
              onClose={() => setResetting(false)}
              onReset={() =>
                reset.mutate(byId(credential), {
                  onSuccess: (result) => {
                    setResetting(false);
                    setShown(result);
                  },
                })
              }
            />
          )}
        </>
      )}
    />
  );
}
