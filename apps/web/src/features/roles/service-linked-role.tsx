// Service-linked roles on the role detail page: AWS's notice, and the one edit AWS allows on such
// a role (its description). The API refuses every other change (UnmodifiableEntity); the page
// hides or disables those controls so nobody is offered them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import { useUpdateRoleMutation, type Role } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';

const PREFIX = '/aws-service-role/';

/** The service principal a service-linked role is linked to (from its path), or undefined. */
export function linkedServiceOf(role: Pick<Role, 'Path'>): string | undefined {
  return role.Path.startsWith(PREFIX) && role.Path.length > PREFIX.length ? role.Path.slice(PREFIX.length, -1) : undefined;
}

/** The notice the IAM console shows on a service-linked role. */
export function ServiceLinkedRoleNotice({ service }: { service: string }) {
  return (
    <Alert type="info" header="This is a service-linked role">
      This role is linked to <Box variant="code">{service}</Box>. A service-linked role is predefined by the service and includes all the permissions that the service requires
      to call other AWS services on your behalf. Its trust policy and permissions are only modifiable by AWS: you can edit its description only.
    </Alert>
  );
}

/** Edit the description: the one change IAM allows on a service-linked role. */
export function EditDescriptionModal({ role, onClose }: { role: Role; onClose: () => void }) {
  const update = useUpdateRoleMutation();
  const [description, setDescription] = useState(role.Description ?? '');
  const tooLong = description.length > 1000;
  return (
    <FormModal header="Edit description" submitLabel="Save changes" disabled={tooLong} loading={update.isPending} onClose={onClose} onSubmit={() => update.mutate({ RoleName: role.RoleName, Description: description }, { onSuccess: onClose })}>
      <SpaceBetween size="m">
        {update.isError && <ApiErrorAlert error={update.error} header="The description could not be saved" />}
        <FormField label="Description" errorText={tooLong ? 'Use at most 1,000 characters.' : undefined}>
          <Textarea value={description} onChange={({ detail }) => setDescription(detail.value)} ariaLabel="Description" />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}
