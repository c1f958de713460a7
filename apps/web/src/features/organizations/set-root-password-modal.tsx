// "Set root user password" for one member account: password + confirmation, AWS's default rule.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState, type FormEvent } from 'react';
import { useSetAccountRootPasswordMutation, type OrganizationAccount } from '../../api/queries/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { validateRootPasswordForm } from './account-forms.ts';

export function SetRootPasswordModal({ account, onDismiss, onDone }: { account: OrganizationAccount; onDismiss: () => void; onDone: (message: string) => void }) {
  const mutation = useSetAccountRootPasswordMutation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const errors = submitted ? validateRootPasswordForm({ password, confirm }) : {};

  const onSubmit = (event?: FormEvent) => {
    event?.preventDefault();
    setSubmitted(true);
    if (Object.keys(validateRootPasswordForm({ password, confirm })).length > 0) return;
    mutation.mutate({ AccountId: account.Id, Password: password }, { onSuccess: () => onDone(`Root user password set for account ${account.Name} (${account.Id}).`) });
  };

  return (
    <Modal
      visible
      onDismiss={onDismiss}
      header="Set root user password"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" loading={mutation.isPending} onClick={() => onSubmit()}>
              Set password
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <form onSubmit={onSubmit}>
        <Form>
          <SpaceBetween size="m">
            <Box>
              The root user of <b>{account.Name}</b> ({account.Id}) signs in with the email address {account.Email} and this password.
            </Box>
            {mutation.isError && <ApiErrorAlert error={mutation.error} />}
            <FormField label="New password" errorText={errors.password} constraintText="At least 8 characters, with three of: uppercase letters, lowercase letters, numbers, symbols.">
              <Input type="password" value={password} onChange={({ detail }) => setPassword(detail.value)} autoComplete="new-password" />
            </FormField>
            <FormField label="Confirm new password" errorText={errors.confirm}>
              <Input type="password" value={confirm} onChange={({ detail }) => setConfirm(detail.value)} autoComplete="new-password" />
            </FormField>
            <button type="submit" hidden />
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}
