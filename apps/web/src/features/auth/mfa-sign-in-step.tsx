// The second step of sign-in for a principal with an MFA device, worded like AWS's: "Multi-factor
// authentication", an "MFA code" of six digits and Submit.
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState, type FormEvent } from 'react';
import { isMfaChallenge, mfaCodeError, useMfaSignInMutation, useSecurityKeySignInMutation, type SignInReply } from '../../api/queries/mfa.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';

interface MfaSignInStepProps {
  mfaToken: string;
  onSignedIn: (mustChangePassword: boolean) => void;
  onCancel: () => void;
}

export function MfaSignInStep({ mfaToken, onSignedIn, onCancel }: MfaSignInStepProps) {
  const signIn = useMfaSignInMutation();
  const keySignIn = useSecurityKeySignInMutation();
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? mfaCodeError(code) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (mfaCodeError(code)) return;
    keySignIn.reset();
    signIn.mutate({ mfaToken, code: code.trim() }, { onSuccess: done, onError: () => setCode('') });
  };

  const done = (reply: SignInReply) => {
    if (!isMfaChallenge(reply)) onSignedIn(reply.mustChangePassword);
  };

  const signInWithKey = () => {
    signIn.reset();
    keySignIn.mutate({ mfaToken }, { onSuccess: done });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" formAction="none" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" formAction="submit" loading={signIn.isPending}>
              Submit
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {signIn.isError && <ApiErrorAlert error={signIn.error} header="Sign-in failed" />}
          {keySignIn.isError && <ApiErrorAlert error={keySignIn.error} header="Sign-in failed" />}
          <Container
            header={
              <Header
                variant="h1"
                description="Your account is secured using multi-factor authentication (MFA). To finish signing in, turn on or view your MFA device and type the authentication code below."
              >
                Multi-factor authentication
              </Header>
            }
          >
            <SpaceBetween size="m">
              <FormField label="MFA code" constraintText="Enter the 6-digit code from your authenticator app." errorText={error}>
                <Input
                  value={code}
                  onChange={({ detail }) => setCode(detail.value)}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  autoFocus
                />
              </FormField>
              <Button formAction="none" iconName="key" loading={keySignIn.isPending} onClick={signInWithKey}>
                Use a passkey or security key
              </Button>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
