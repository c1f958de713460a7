// "Switch role", as in the AWS console: account (ID or alias) and role name, prefilled from the
// link a role's summary page offers (/switchrole?account=…&roleName=…).
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSwitchRoleMutation } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';

/** Account ID (12 digits) or alias (3–63 lowercase DNS-style characters). */
export function accountError(value: string): string | undefined {
  if (!value) return 'Enter an account ID or alias.';
  if (/^\d{12}$/.test(value) || /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value)) return undefined;
  return 'Enter a 12-digit account ID or an account alias.';
}

export function roleNameError(value: string): string | undefined {
  if (!value) return 'Enter a role name.';
  return /^[\w+=,.@/-]{1,576}$/.test(value) ? undefined : 'Role names can contain letters, digits and +=,.@_-/ only.';
}

export function SwitchRolePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [account, setAccount] = useState(params.get('account') ?? '');
  const [roleName, setRoleName] = useState(params.get('roleName') ?? '');
  const [submitted, setSubmitted] = useState(false);
  const switchRole = useSwitchRoleMutation();
  const errors = { account: accountError(account), roleName: roleNameError(roleName) };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (errors.account || errors.roleName) return;
    switchRole.mutate({ account, roleName }, { onSuccess: () => void navigate('/') });
  };

  return (
    <ContentLayout header={<Header variant="h1" description="Act as a role in this or another account, with that role's permissions.">Switch role</Header>}>
      <form onSubmit={onSubmit}>
        <Form
          errorText={switchRole.error ? <ApiErrorAlert error={switchRole.error} /> : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => void navigate(-1)}>
                Cancel
              </Button>
              <Button variant="primary" formAction="submit" loading={switchRole.isPending}>
                Switch role
              </Button>
            </SpaceBetween>
          }
        >
          <Container>
            <SpaceBetween size="m">
              <FormField label="Account ID or alias" errorText={submitted ? errors.account : undefined}>
                <Input value={account} onChange={({ detail }) => setAccount(detail.value.trim())} ariaLabel="Account ID or alias" />
              </FormField>
              <FormField label="IAM role name" errorText={submitted ? errors.roleName : undefined}>
                <Input value={roleName} onChange={({ detail }) => setRoleName(detail.value.trim())} ariaLabel="IAM role name" />
              </FormField>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
    </ContentLayout>
  );
}
