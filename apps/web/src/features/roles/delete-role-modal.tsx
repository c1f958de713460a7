// Delete role: typed confirmation; the server refuses while policies are attached or the role
// is in an instance profile (DeleteConflict), and its message is shown as is. A service-linked
// role is deleted as AWS's console does it: through DeleteServiceLinkedRole (a deletion task).
import Box from '@cloudscape-design/components/box';
import { useDeleteRoleMutation, useDeleteServiceLinkedRoleMutation } from '../../api/queries/roles.ts';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';

export function DeleteRoleModal({ roleName, serviceLinked = false, onClose, onDeleted }: { roleName: string; serviceLinked?: boolean; onClose: () => void; onDeleted: () => void }) {
  const removeRole = useDeleteRoleMutation();
  const removeServiceLinked = useDeleteServiceLinkedRoleMutation();
  const remove = serviceLinked ? removeServiceLinked : removeRole;
  return (
    <ConfirmDeleteModal
      header={`Delete ${roleName}?`}
      names={[roleName]}
      loading={remove.isPending}
      error={remove.error}
      errorHeader="The role could not be deleted"
      inputLabel={`To confirm deletion, enter the role name "${roleName}" in the text input field.`}
      inputAriaLabel="Role name to confirm deletion"
      onConfirm={() => remove.mutateAsync({ RoleName: roleName }).then(onDeleted, () => {})}
      onDismiss={onClose}
    >
      <Box>
        {serviceLinked
          ? 'This is a service-linked role: IAM submits its deletion to the service it is linked to, with the policies the service attached.'
          : 'Deleting the role is permanent. Detach its policies and delete its inline policies first.'}
      </Box>
    </ConfirmDeleteModal>
  );
}
