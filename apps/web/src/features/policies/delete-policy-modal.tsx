// Delete policy: typed confirmation; the server refuses while the policy is attached or has
// other versions (DeleteConflict), and its message is shown as is.
import Alert from '@cloudscape-design/components/alert';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useDeletePolicyMutation, type Policy } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';

export function DeletePolicyModal({ policy, onClose, onDeleted }: { policy: Pick<Policy, 'PolicyName' | 'Arn'>; onClose: () => void; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const remove = useDeletePolicyMutation();
  return (
    <FormModal
      header={`Delete ${policy.PolicyName}?`}
      submitLabel="Delete"
      onSubmit={() => remove.mutate({ PolicyArn: policy.Arn }, { onSuccess: onDeleted })}
      onClose={onClose}
      loading={remove.isPending}
      disabled={typed !== policy.PolicyName}
    >
      <SpaceBetween size="m">
        <Alert type="warning">
          Deleting this policy is permanent. Detach it from every user, group and role and delete its non-default versions first.
        </Alert>
        {remove.isError && <ApiErrorAlert error={remove.error} header="The policy could not be deleted" />}
        <FormField label={`To confirm deletion, enter the policy name "${policy.PolicyName}" in the text input field.`}>
          <Input value={typed} placeholder={policy.PolicyName} onChange={({ detail }) => setTyped(detail.value)} ariaLabel="Policy name to confirm deletion" />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}
