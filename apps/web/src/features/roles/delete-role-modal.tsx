// Delete role: typed confirmation; the server refuses while policies are attached or the role
// is in an instance profile (DeleteConflict), and its message is shown as is. A service-linked
// role is deleted as AWS's console does it: through DeleteServiceLinkedRole (a deletion task).
import Box from '@cloudscape-design/components/box';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useDeleteRoleMutation, useDeleteServiceLinkedRoleMutation } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';

export function DeleteRoleModal({ roleName, serviceLinked = false, onClose, onDeleted }: { roleName: string; serviceLinked?: boolean; onClose: () => void; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const removeRole = useDeleteRoleMutation();
  const removeServiceLinked = useDeleteServiceLinkedRoleMutation();
  const remove = serviceLinked ? removeServiceLinked : removeRole;
  return (
    <FormModal
      header={`Delete ${roleName}?`}
      submitLabel="Delete"
      onSubmit={() => remove.mutate({ RoleName: roleName }, { onSuccess: onDeleted })}
      onClose={onClose}
      loading={remove.isPending}
      disabled={typed !== roleName}
    >
      <SpaceBetween size="m">
        <Box>
          {serviceLinked
            ? 'This is a service-linked role: IAM submits its deletion to the service it is linked to, with the policies the service attached.'
            : 'Deleting the role is permanent. Detach its policies and delete its inline policies first.'}
        </Box>
        {remove.isError && <ApiErrorAlert error={remove.error} header="The role could not be deleted" />}
        <FormField label={`To confirm deletion, enter the role name "${roleName}" in the text input field.`}>
          <Input value={typed} placeholder={roleName} ariaLabel="Role name to confirm deletion" onChange={({ detail }) => setTyped(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}
