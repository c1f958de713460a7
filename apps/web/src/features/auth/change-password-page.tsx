// Changing one's own password: required after an administrator set "must change password at
// next sign-in", and available from the user menu. The account password policy is checked by
// the server, whose message is shown as is.
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { sessionQuery, useChangePasswordMutation } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { RoleSessionNotice, roleSessionReason } from '../../components/role-session-notice.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function validate(values: Values): Partial<Values> {
  const errors: Partial<Values> = {};
  if (values.oldPassword === '') errors.oldPassword = 'Enter your current password.';
  if (values.newPassword === '') errors.newPassword = 'Enter a new password.';
  else if (values.newPassword === values.oldPassword) errors.newPassword = 'The new password must differ from the old one.';
  if (values.confirmPassword !== values.newPassword) errors.confirmPassword = 'The passwords do not match.';
  return errors;
}

export function ChangePasswordPage() {
  const navigate = useNavigate();
  const session = useQuery(sessionQuery);
  const change = useChangePasswordMutation();
  const [values, setValues] = useState<Values>({ oldPassword: '', newPassword: '', confirmPassword: '' });
  const [submitted, setSubmitted] = useState(false);
  const errors = submitted ? validate(values) : {};
  const required = session.data?.mustChangePassword === true;

  const field = (name: keyof Values) => ({
    value: values[name],
    type: 'password' as const,
    onChange: ({ detail }: { detail: { value: string } }) => setValues((current) => ({ ...current, [name]: detail.value })),
  });

  const notForRoleSessions = roleSessionReason(session.data);
  if (notForRoleSessions) return <RoleSessionNotice title="Change password" reason={notForRoleSessions} />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validate(values)).length > 0) return;
    change.mutate(
      { oldPassword: values.oldPassword, newPassword: values.newPassword },
      { onSuccess: () => void navigate('/', { replace: true }) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {!required && (
              <Button variant="link" formAction="none" onClick={() => void navigate(-1)}>
                Cancel
              </Button>
            )}
            <Button variant="primary" formAction="submit" loading={change.isPending}>
              Change password
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {change.isError && <ApiErrorAlert error={change.error} header="The password was not changed" />}
          <Container
            header={
              <Header
                variant="h1"
                description={
                  required
                    ? 'Your administrator requires you to choose a new password before you continue.'
                    : session.data?.principal.arn
                }
              >
                Change password
              </Header>
            }
          >
            <SpaceBetween size="l">
              <FormField label="Old password" errorText={errors.oldPassword}>
                <Input {...field('oldPassword')} autoComplete="current-password" />
              </FormField>
              <FormField label="New password" errorText={errors.newPassword}>
                <Input {...field('newPassword')} autoComplete="new-password" />
              </FormField>
              <FormField label="Confirm new password" errorText={errors.confirmPassword}>
                <Input {...field('confirmPassword')} autoComplete="new-password" />
              </FormField>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
