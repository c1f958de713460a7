// "SSH public keys for AWS CodeCommit" on a user's Security credentials tab: upload (ssh-rsa or
// PEM, 2048 bits or more), and from the Actions menu activate / deactivate and delete — at most 5 per user.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import {
  sshPublicKeysQuery,
  useDeleteSshPublicKeyMutation,
  useUpdateSshPublicKeyMutation,
  useUploadSshPublicKeyMutation,
  type SshPublicKeyMetadata,
} from './codecommit-credentials-queries.ts';

const MAX_SSH_PUBLIC_KEYS = 5;

function UploadModal({ userName, onClose }: { userName: string; onClose: () => void }) {
  const upload = useUploadSshPublicKeyMutation();
  const [body, setBody] = useState('');
  return (
    <Modal
      visible
      header="Upload SSH public key"
      onDismiss={onClose}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={!body.trim()} loading={upload.isPending} onClick={() => upload.mutate({ UserName: userName, SSHPublicKeyBody: body.trim() }, { onSuccess: onClose })}>
              Upload SSH public key
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {upload.isError && <ApiErrorAlert error={upload.error} header="The SSH public key was not uploaded" />}
        <FormField label="SSH public key" description="The key must be in ssh-rsa format or PEM format. The minimum bit-length of the public key is 2048 bits.">
          <Textarea value={body} rows={8} placeholder="ssh-rsa AAAA…" ariaLabel="SSH public key" onChange={({ detail }) => setBody(detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}

export function SshPublicKeysSection({ userName }: { userName: string }) {
  const keys = useQuery(sshPublicKeysQuery(userName));
  const update = useUpdateSshPublicKeyMutation();
  const remove = useDeleteSshPublicKeyMutation();
  const [selected, setSelected] = useState<SshPublicKeyMetadata[]>([]);
  const [modal, setModal] = useState<'upload' | 'delete' | null>(null);
  const list = keys.data ?? [];
  const key = selected[0];
  const error = update.error ?? remove.error;

  return (
    <SpaceBetween size="s">
      {keys.isError && <ApiErrorAlert error={keys.error} header="The SSH public keys could not be loaded" />}
      {error && <ApiErrorAlert error={error} />}
      <Table<SshPublicKeyMetadata>
        items={list}
        loading={keys.isPending}
        loadingText="Loading SSH public keys"
        trackBy="SSHPublicKeyId"
        variant="container"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'SSH public keys', itemSelectionLabel: (_s, k) => k.SSHPublicKeyId, allItemsSelectionLabel: () => '' }}
        empty={<Box textAlign="center">No SSH public keys.</Box>}
        header={
          <Header
            counter={`(${list.length})`}
            description={`Use SSH public keys to authenticate access to AWS CodeCommit repositories. You can have a maximum of ${MAX_SSH_PUBLIC_KEYS} SSH public keys (active or inactive) at a time.`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <ButtonDropdown
                  disabled={!key}
                  loading={update.isPending}
                  ariaLabel="SSH public key actions"
                  items={[
                    { id: 'toggle', text: key?.Status === 'Inactive' ? 'Activate' : 'Deactivate' },
                    { id: 'delete', text: 'Delete' },
                  ]}
                  onItemClick={({ detail }) => {
                    if (!key) return;
                    if (detail.id === 'delete') setModal('delete');
                    else update.mutate({ UserName: userName, SSHPublicKeyId: key.SSHPublicKeyId, Status: key.Status === 'Active' ? 'Inactive' : 'Active' }, { onSuccess: () => setSelected([]) });
                  }}
                >
                  Actions
                </ButtonDropdown>
                <Button disabled={list.length >= MAX_SSH_PUBLIC_KEYS || keys.isPending} onClick={() => setModal('upload')}>
                  Upload SSH public key
                </Button>
              </SpaceBetween>
            }
          >
            SSH public keys for AWS CodeCommit
          </Header>
        }
        columnDefinitions={[
          { id: 'id', header: 'SSH key ID', cell: (k) => k.SSHPublicKeyId },
          { id: 'uploaded', header: 'Uploaded', cell: (k) => formatDateTime(k.UploadDate) },
          { id: 'status', header: 'Status', cell: (k) => <StatusIndicator type={k.Status === 'Active' ? 'success' : 'stopped'}>{k.Status}</StatusIndicator> },
        ]}
      />
      {modal === 'upload' && <UploadModal userName={userName} onClose={() => setModal(null)} />}
      {modal === 'delete' && key && (
        <ConfirmDeleteModal
          header={`Delete ${key.SSHPublicKeyId}?`}
          names={[key.SSHPublicKeyId]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => setModal(null)}
          onConfirm={() =>
            remove.mutate(
              { UserName: userName, SSHPublicKeyId: key.SSHPublicKeyId },
              {
                onSuccess: () => {
                  setModal(null);
                  setSelected([]);
                },
              },
            )
          }
        >
          <Box>Git clients that use this key can no longer reach AWS CodeCommit. Deleting cannot be undone.</Box>
        </ConfirmDeleteModal>
      )}
    </SpaceBetween>
  );
}
