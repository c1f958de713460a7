// First run: create the account and its root user. Shown until the server says setup is done.
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { setupStatusQuery, useSetUpMutation, type SetupRequest } from '../../api/queries/setup.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { validateSetupForm, type SetupFormErrors, type SetupFormValues } from './setup-validation.ts';

/** How long the success message stays before the sign-in page opens. */
export const REDIRECT_DELAY_MS = 1500;

const EMPTY: SetupFormValues = { email: '', password: '', confirmPassword: '', accountId: '' };

export function SetupPage() {
  const navigate = useNavigate();
  const status = useQuery(setupStatusQuery);
  const setUp = useSetUpMutation();
  const [values, setValues] = useState<SetupFormValues>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const errors: SetupFormErrors = submitted ? validateSetupForm(values) : {};
  const result = setUp.data;

  useEffect(() => {
    if (!result) return;
    const timer = setTimeout(() => {
      void navigate('/signin', { replace: true, state: { setupComplete: result } });
    }, REDIRECT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [result, navigate]);

  if (result) {
    return (
      <Alert type="success" header="Portcullis is set up">
        Account {result.accountId} and its root user {result.rootEmail} were created. Opening the sign-in page…
      </Alert>
    );
  }

  if (status.data && !status.data.setupRequired) {
    return (
      <Alert
        type="info"
        header="Portcullis is already set up"
        action={<Button onClick={() => void navigate('/signin')}>Go to sign in</Button>}
      >
        This instance already has a root user. Sign in instead.
      </Alert>
    );
  }

  const field = (name: keyof SetupFormValues) => ({
    value: values[name],
    onChange: ({ detail }: { detail: { value: string } }) => setValues((current) => ({ ...current, [name]: detail.value })),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(validateSetupForm(values)).length > 0) return;
    const body: SetupRequest = { email: values.email.trim(), password: values.password };
    if (values.accountId.trim() !== '') body.accountId = values.accountId.trim();
    setUp.mutate(body);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        actions={
          <Button variant="primary" formAction="submit" loading={setUp.isPending}>
            Create root user
          </Button>
        }
      >
        <SpaceBetween size="l">
          {setUp.isError && <ApiErrorAlert error={setUp.error} header="Setup failed" />}
          <Container
            header={
              <Header
                variant="h1"
                description="Create the account and its root user. The root user has full access to everything in this account; use it to create IAM users for daily work."
              >
                Set up Portcullis
              </Header>
            }
          >
            <SpaceBetween size="l">
              <FormField label="Root user email address" errorText={errors.email}>
                <Input {...field('email')} type="email" inputMode="email" autoComplete="username" />
              </FormField>
              <FormField
                label="Password"
                constraintText="At least 8 characters, with at least three of: uppercase letters, lowercase letters, numbers, symbols."
                errorText={errors.password}
              >
                <Input {...field('password')} type="password" autoComplete="new-password" />
              </FormField>
              <FormField label="Confirm password" errorText={errors.confirmPassword}>
                <Input {...field('confirmPassword')} type="password" autoComplete="new-password" />
              </FormField>
              <FormField
                label={
                  <span>
                    Account ID (12 digits) - <i>optional</i>
                  </span>
                }
                description="Leave empty to have one generated."
                errorText={errors.accountId}
              >
                <Input {...field('accountId')} inputMode="numeric" autoComplete="off" />
              </FormField>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
