// "Add an AWS account": creates a member account in the organization (CreateAccount).
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Alert from '@cloudscape-design/components/alert';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { CREATE_ACCOUNT_FAILURE_REASONS, useCreateAccountMutation } from '../../api/queries/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { validateAddAccountForm } from './account-forms.ts';

export function AddAccountForm({ onCreated, onCancel }: { onCreated: (accountId: string, name: string) => void; onCancel: () => void }) {
  const mutation = useCreateAccountMutation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const errors = submitted ? validateAddAccountForm({ name, email }) : {};

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (Object.keys(validateAddAccountForm({ name, email })).length > 0) return;
    mutation.mutate(
      { AccountName: name.trim(), Email: email.trim() },
      {
        onSuccess: ({ CreateAccountStatus: status }) => {
          if (status.State === 'SUCCEEDED' && status.AccountId) onCreated(status.AccountId, name.trim());
          else {
            const reason = status.FailureReason ?? 'UNKNOWN';
            setFailure(`${CREATE_ACCOUNT_FAILURE_REASONS[reason] ?? 'The account could not be created.'} (${reason})`);
          }
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit}>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" loading={mutation.isPending}>
              Create AWS account
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {mutation.isError && <ApiErrorAlert error={mutation.error} />}
          {failure && (
            <Alert type="error" header="Failed to create the AWS account">
              {failure}
            </Alert>
          )}
          <Container header={<Header variant="h2">Account details</Header>}>
            <SpaceBetween size="l">
              <FormField label="AWS account name" errorText={errors.name} constraintText="Up to 50 characters.">
                <Input value={name} onChange={({ detail }) => setName(detail.value)} />
              </FormField>
              <FormField label="Email address of the account's owner" errorText={errors.email} description="The root user of the new account signs in with this email address.">
                <Input type="email" value={email} onChange={({ detail }) => setEmail(detail.value)} />
              </FormField>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}

export function AddAccountPage() {
  const navigate = useNavigate();
  return (
    <ContentLayout header={<Header variant="h1" description="Create a new AWS account that is a member of your organization.">Add an AWS account</Header>}>
      <AddAccountForm
        onCancel={() => void navigate('/organizations/accounts')}
        onCreated={(accountId, name) => void navigate('/organizations/accounts', { state: { created: `AWS account ${name} (${accountId}) created.` } })}
      />
    </ContentLayout>
  );
}
