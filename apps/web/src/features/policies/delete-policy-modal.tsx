// Delete policy: typed confirmation; the server refuses while the policy is attached or has
// other versions (DeleteConflict), and its message is shown as is.
import Alert from '@cloudscape-design/components/alert';
import { useDeletePolicyMutation, type Policy } from '../../api/queries/policies.ts';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';

export function DeletePolicyModal({ policy, onClose, onDeleted }: { policy: Pick<Policy, 'PolicyName' | 'Arn'>; onClose: () => void; onDeleted: () => void }) {
  const remove = useDeletePolicyMutation();
  return (
    <ConfirmDeleteModal
      header={`Delete ${policy.PolicyName}?`}
      names={[policy.PolicyName]}
      loading={remove.isPending}
      error={remove.error}
      errorHeader="The policy could not be deleted"
      inputLabel={`To confirm deletion, enter the policy name "${policy.PolicyName}" in the text input field.`}
      inputAriaLabel="Policy name to confirm deletion"
      onConfirm={() => remove.mutateAsync({ PolicyArn: policy.Arn }).then(onDeleted, () => {})}
      onDismiss={onClose}
    >
      <Alert type="warning">Deleting this policy is permanent. Detach it from every user, group and role and delete its non-default versions first.</Alert>
    </ConfirmDeleteModal>
  );
}
