// "SSH public keys for AWS CodeCommit" on a user's Security credentials tab: upload (ssh-rsa or
// PEM, 2048 bits or more), and from the Actions menu activate / deactivate and delete — at most 5 per user.
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CredentialStatus, CredentialTable, everyActionOffered, toggledStatus, type CredentialPermission } from '../../components/credential-table.tsx';
import { FormModal } from '../../components/form-modal.tsx';
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
    <FormModal
      header="Upload SSH public key"
      submitLabel="Upload SSH public key"
      disabled={!body.trim()}
      loading={upload.isPending}
      onSubmit={() => upload.mutate({ UserName: userName, SSHPublicKeyBody: body.trim() }, { onSuccess: onClose })}
      onClose={onClose}
      error={upload.error}
      errorHeader="The SSH public key was not uploaded"
    >
      <FormField label="SSH public key" description="The key must be in ssh-rsa format or PEM format. The minimum bit-length of the public key is 2048 bits.">
        <Textarea value={body} rows={8} placeholder="ssh-rsa AAAA…" ariaLabel="SSH public key" onChange={({ detail }) => setBody(detail.value)} />
      </FormField>
    </FormModal>
  );
}

export function SshPublicKeysSection({ userName, mayPerform = everyActionOffered }: { userName: string; mayPerform?: CredentialPermission }) {
  const keys = useQuery(sshPublicKeysQuery(userName));
  const mayUpload = mayPerform('iam:UploadSSHPublicKey');
  const mayUpdate = mayPerform('iam:UpdateSSHPublicKey');
  const mayDelete = mayPerform('iam:DeleteSSHPublicKey');
  const update = useUpdateSshPublicKeyMutation();
  const remove = useDeleteSshPublicKeyMutation();
  const [uploading, setUploading] = useState(false);
  const list = keys.data ?? [];

  return (
    <CredentialTable<SshPublicKeyMetadata>
      title="SSH public keys for AWS CodeCommit"
      resourceName="SSH public keys"
      description={`Use SSH public keys to authenticate access to AWS CodeCommit repositories. You can have a maximum of ${MAX_SSH_PUBLIC_KEYS} SSH public keys (active or inactive) at a time.`}
      list={keys}
      trackBy="SSHPublicKeyId"
      itemLabel={(k) => k.SSHPublicKeyId}
      empty="No SSH public keys."
      error={update.error ?? remove.error}
      columns={[
        { id: 'id', header: 'SSH key ID', cell: (k) => k.SSHPublicKeyId },
        { id: 'uploaded', header: 'Uploaded', cell: (k) => formatDateTime(k.UploadDate) },
        { id: 'status', header: 'Status', cell: (k) => <CredentialStatus status={k.Status} /> },
      ]}
      actions={({ item: key, askDelete }) => (
        <SpaceBetween direction="horizontal" size="xs">
          <ButtonDropdown
            disabled={!key}
            loading={update.isPending}
            ariaLabel="SSH public key actions"
            items={[
              { id: 'toggle', text: key?.Status === 'Inactive' ? 'Activate' : 'Deactivate', disabled: !mayUpdate.allowed, disabledReason: mayUpdate.reason },
              { id: 'delete', text: 'Delete', disabled: !mayDelete.allowed, disabledReason: mayDelete.reason },
            ]}
            onItemClick={({ detail }) => {
              if (!key) return;
              if (detail.id === 'delete') askDelete();
              else update.mutate({ UserName: userName, SSHPublicKeyId: key.SSHPublicKeyId, Status: toggledStatus(key.Status) });
            }}
          >
            Actions
          </ButtonDropdown>
          <Button disabled={list.length >= MAX_SSH_PUBLIC_KEYS || keys.isPending || !mayUpload.allowed} disabledReason={mayUpload.reason} onClick={() => setUploading(true)}>
            Upload SSH public key
          </Button>
        </SpaceBetween>
      )}
      deletion={{
        header: (k) => `Delete ${k.SSHPublicKeyId}?`,
        names: (k) => [k.SSHPublicKeyId],
        warning: () => 'Git clients that use this key can no longer reach AWS CodeCommit. Deleting cannot be undone.',
        mutation: remove,
        run: (k, onSuccess) => remove.mutate({ UserName: userName, SSHPublicKeyId: k.SSHPublicKeyId }, { onSuccess }),
      }}
      modals={() => uploading && <UploadModal userName={userName} onClose={() => setUploading(false)} />}
    />
  );
}
