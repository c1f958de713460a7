// "HTTPS Git credentials for AWS CodeCommit" on a user's Security credentials tab: generate (the
// user name and password are shown once, with the `<user>_codecommit_credentials.csv`
// download); from the Actions menu reset the password (shown once again), activate / deactivate
// and delete — at most 2 per user.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
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
import { ShownOnce } from './shown-once.tsx';

const MAX_GIT_CREDENTIALS = 2;

/** The user name and password of a credential just generated or reset: this once only. */
export function GitPasswordModal({ userName, credential, onClose }: { userName: string; credential: GitCredentialWithPassword; onClose: () => void }) {
  return (
    <Modal
      visible
      size="large"
      header="Generated credentials"
      onDismiss={onClose}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button
              iconName="download"
              onClick={() => downloadTextFile(`${userName}_codecommit_credentials.csv`, gitCredentialsCsv(credential.ServiceUserName, credential.ServicePassword))}
            >
              Download credentials
            </Button>
            <Button variant="primary" onClick={onClose}>
              Close
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Alert type="warning">This is the only time the password can be viewed or downloaded. You cannot recover it later. However, you can reset the password at any time.</Alert>
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: 'User name',
              value: <CopyToClipboard variant="inline" textToCopy={credential.ServiceUserName} copyButtonAriaLabel="Copy user name" copySuccessText="User name copied" copyErrorText="User name failed to copy" />,
            },
            { label: 'Password', value: <ShownOnce label="password" value={credential.ServicePassword} /> },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}

function ResetModal({ credential, loading, error, onReset, onClose }: { credential: GitCredential; loading: boolean; error: unknown; onReset: () => void; onClose: () => void }) {
  return (
    <Modal
      visible
      header="Reset password?"
      onDismiss={onClose}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={loading} onClick={onReset}>
              Reset password
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {Boolean(error) && <ApiErrorAlert error={error} header="The password was not reset" />}
        <Box>A new password is generated for {credential.ServiceUserName}. Git clients that use the current password stop working.</Box>
      </SpaceBetween>
    </Modal>
  );
}

export function GitCredentialsSection({ userName }: { userName: string }) {
  const credentials = useQuery(gitCredentialsQuery(userName));
  const create = useCreateGitCredentialMutation();
  const reset = useResetGitCredentialMutation();
  const update = useUpdateGitCredentialMutation();
  const remove = useDeleteGitCredentialMutation();
  const [selected, setSelected] = useState<GitCredential[]>([]);
  const [modal, setModal] = useState<'reset' | 'delete' | null>(null);
  const [shown, setShown] = useState<GitCredentialWithPassword | null>(null);
  const list = credentials.data ?? [];
  const credential = selected[0];
  const error = create.error ?? update.error ?? remove.error;
  const byId = credential ? { UserName: userName, ServiceSpecificCredentialId: credential.ServiceSpecificCredentialId } : null;

  return (
    <SpaceBetween size="s">
      {credentials.isError && <ApiErrorAlert error={credentials.error} header="The HTTPS Git credentials could not be loaded" />}
      {error && <ApiErrorAlert error={error} />}
      <Table<GitCredential>
        items={list}
        loading={credentials.isPending}
        loadingText="Loading HTTPS Git credentials"
        trackBy="ServiceSpecificCredentialId"
        variant="container"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'HTTPS Git credentials', itemSelectionLabel: (_s, c) => c.ServiceSpecificCredentialId, allItemsSelectionLabel: () => '' }}
        empty={<Box textAlign="center">No HTTPS Git credentials.</Box>}
        header={
          <Header
            counter={`(${list.length})`}
            description={`Generate a user name and password you can use to authenticate HTTPS connections to AWS CodeCommit repositories. You can have a maximum of ${MAX_GIT_CREDENTIALS} sets of credentials (active or inactive) at a time.`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <ButtonDropdown
                  disabled={!byId}
                  loading={update.isPending}
                  ariaLabel="HTTPS Git credential actions"
                  items={[
                    { id: 'reset', text: 'Reset password' },
                    { id: 'toggle', text: credential && credential.Status !== 'Active' ? 'Activate' : 'Deactivate' },
                    { id: 'delete', text: 'Delete' },
                  ]}
                  onItemClick={({ detail }) => {
                    if (!byId) return;
                    if (detail.id === 'reset' || detail.id === 'delete') setModal(detail.id);
                    else update.mutate({ ...byId, Status: credential?.Status === 'Active' ? 'Inactive' : 'Active' }, { onSuccess: () => setSelected([]) });
                  }}
                >
                  Actions
                </ButtonDropdown>
                <Button
                  disabled={list.length >= MAX_GIT_CREDENTIALS || credentials.isPending}
                  loading={create.isPending}
                  onClick={() => create.mutate({ UserName: userName }, { onSuccess: setShown })}
                >
                  Generate credentials
                </Button>
              </SpaceBetween>
            }
          >
            HTTPS Git credentials for AWS CodeCommit
          </Header>
        }
        columnDefinitions={[
          { id: 'user', header: 'User name', cell: (c) => c.ServiceUserName },
          { id: 'created', header: 'Created', cell: (c) => formatDateTime(c.CreateDate) },
          { id: 'status', header: 'Status', cell: (c) => <StatusIndicator type={c.Status === 'Active' ? 'success' : 'stopped'}>{c.Status}</StatusIndicator> },
        ]}
      />
      {shown && <GitPasswordModal userName={userName} credential={shown} onClose={() => setShown(null)} />}
      {modal === 'reset' && credential && byId && (
        <ResetModal
          credential={credential}
          loading={reset.isPending}
          error={reset.error}
          onClose={() => setModal(null)}
          onReset={() =>
            reset.mutate(byId, {
              onSuccess: (result) => {
                setModal(null);
                setShown(result);
              },
            })
          }
        />
      )}
      {modal === 'delete' && credential && byId && (
        <ConfirmDeleteModal
          header={`Delete ${credential.ServiceUserName}?`}
          names={[credential.ServiceSpecificCredentialId]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => setModal(null)}
          onConfirm={() =>
            remove.mutate(byId, {
              onSuccess: () => {
                setModal(null);
                setSelected([]);
              },
            })
          }
        >
          <Box>Git clients that use these credentials can no longer reach AWS CodeCommit. Deleting cannot be undone.</Box>
        </ConfirmDeleteModal>
      )}
    </SpaceBetween>
  );
}
