// Delete role: typed confirmation; the server refuses while policies are attached or the role
// is in an instance profile (DeleteConflict), and its message is shown as is.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useDeleteRoleMutation } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';

export function DeleteRoleModal({ roleName, onClose, onDeleted }: { roleName: string; onClose: () => void; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const remove = useDeleteRoleMutation();
  return (
    <Modal
      visible
      onDismiss={onClose}
      header={`Delete ${roleName}?`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" disabled={typed !== roleName} loading={remove.isPending} onClick={() => remove.mutate({ RoleName: roleName }, { onSuccess: onDeleted })}>
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>Deleting the role is permanent. Detach its policies and delete its inline policies first.</Box>
        {remove.isError && <ApiErrorAlert error={remove.error} header="The role could not be deleted" />}
        <FormField label={`To confirm deletion, enter the role name "${roleName}" in the text input field.`}>
          <Input value={typed} placeholder={roleName} ariaLabel="Role name to confirm deletion" onChange={({ detail }) => setTyped(detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
